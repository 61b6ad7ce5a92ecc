#include "ServerConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSettings>
#include <QStandardPaths>

#include <functional>

namespace fieldsync::server {

namespace {

struct Option
{
    const char* name; // flag without "--", also the config-file key
    const char* env;
    std::function<bool(ServerConfig&, const QString&)> apply;
};

bool parseListen(ServerConfig& c, const QString& v)
{
    const int colon = v.lastIndexOf(u':');
    if (colon < 0)
        return false;
    QString host = v.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = v.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535 || host.isEmpty())
        return false;
    c.listenHost = host;
    c.listenPort = quint16(port);
    return true;
}

template <typename T> bool positive(const QString& v, T& target, bool allowZero = false)
{
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (!ok || d < 0 || (!allowZero && d == 0))
        return false;
    target = T(d);
    return true;
}

const QList<Option>& options()
{
    static const QList<Option> list {
        { "listen", "FIELDSYNC_LISTEN", parseListen },
        { "database", "FIELDSYNC_DATABASE",
            [](ServerConfig& c, const QString& v) {
                c.databaseUrl = v;
                return !v.isEmpty();
            } },
        { "body-limit", "FIELDSYNC_BODY_LIMIT",
            [](ServerConfig& c, const QString& v) { return positive(v, c.bodyLimitBytes); } },
        { "tombstone-retention-days", "FIELDSYNC_TOMBSTONE_RETENTION_DAYS",
            [](ServerConfig& c, const QString& v) { return positive(v, c.tombstoneRetentionDays, true); } },
        { "latency-alarm-minutes", "FIELDSYNC_LATENCY_ALARM_MINUTES",
            [](ServerConfig& c, const QString& v) { return positive(v, c.latencyAlarmMinutes); } },
        { "tls-cert", "FIELDSYNC_TLS_CERT",
            [](ServerConfig& c, const QString& v) {
                c.tlsCertFile = v;
                return true;
            } },
        { "tls-key", "FIELDSYNC_TLS_KEY",
            [](ServerConfig& c, const QString& v) {
                c.tlsKeyFile = v;
                return true;
            } },
        { "threads", "FIELDSYNC_THREADS",
            [](ServerConfig& c, const QString& v) { return positive(v, c.threads) && c.threads <= 256; } },
        { "max-changes-per-push", "FIELDSYNC_MAX_CHANGES_PER_PUSH",
            [](ServerConfig& c, const QString& v) { return positive(v, c.maxChangesPerPush); } },
        { "max-queued-requests", "FIELDSYNC_MAX_QUEUED_REQUESTS",
            [](ServerConfig& c, const QString& v) { return positive(v, c.maxQueuedRequests); } },
        { "purge-interval-minutes", "FIELDSYNC_PURGE_INTERVAL_MINUTES",
            [](ServerConfig& c, const QString& v) { return positive(v, c.purgeIntervalMinutes); } },
        { "max-clock-drift-minutes", "FIELDSYNC_MAX_CLOCK_DRIFT_MINUTES",
            [](ServerConfig& c, const QString& v) { return positive(v, c.maxClockDriftMinutes); } },
        { "test-clock-offset-ms", "FIELDSYNC_TEST_CLOCK_OFFSET_MS",
            [](ServerConfig& c, const QString& v) {
                bool ok = false;
                c.testClockOffsetMs = v.toLongLong(&ok);
                return ok;
            } },
    };
    return list;
}

const Option* findOption(QStringView name)
{
    for (const Option& o : options()) {
        if (name == QLatin1String(o.name))
            return &o;
    }
    return nullptr;
}

QString invalid(const char* name, const QString& value)
{
    return QStringLiteral("invalid value for --%1: \"%2\"").arg(QLatin1String(name), value);
}

} // namespace

QString ServerConfig::defaultDatabaseUrl()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/fieldsync-server");
    return QStringLiteral("sqlite://") + QDir(dir).absoluteFilePath(QStringLiteral("hub.db"));
}

std::optional<QString> ServerConfig::load(const QStringList& args, QStringList* rest, bool allowUnknown)
{
    // Split "--name value" / "--name=value" pairs first so --config can be applied before everything else.
    QList<QPair<QString, QString>> flags;
    QStringList unparsed;
    QString configFile = QProcessEnvironment::systemEnvironment().value(QStringLiteral("FIELDSYNC_CONFIG"));
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (!a.startsWith(QLatin1String("--"))) {
            unparsed.append(a);
            continue;
        }
        QString name = a.mid(2);
        QString value;
        const int eq = name.indexOf(u'=');
        const bool known = findOption(eq >= 0 ? QStringView(name).left(eq) : QStringView(name))
            || name.startsWith(QLatin1String("config"));
        if (!known) {
            if (!allowUnknown)
                return QStringLiteral("unknown option %1").arg(a);
            unparsed.append(a);
            continue;
        }
        if (eq >= 0) {
            value = name.mid(eq + 1);
            name.truncate(eq);
        } else {
            if (i + 1 >= args.size())
                return QStringLiteral("option %1 needs a value").arg(a);
            value = args[++i];
        }
        if (name == QLatin1String("config"))
            configFile = value;
        else
            flags.append({ name, value });
    }

    if (!configFile.isEmpty()) {
        if (!QFileInfo::exists(configFile))
            return QStringLiteral("config file %1 does not exist").arg(configFile);
        QSettings ini(configFile, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return QStringLiteral("cannot read config file %1").arg(configFile);
        for (const Option& o : options()) {
            const QString key = QLatin1String(o.name);
            if (ini.contains(key)) {
                const QString v = ini.value(key).toString();
                if (!o.apply(*this, v))
                    return invalid(o.name, v) + QStringLiteral(" in ") + configFile;
            }
        }
    }
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const Option& o : options()) {
        const QString envName = QLatin1String(o.env);
        if (env.contains(envName) && !o.apply(*this, env.value(envName)))
            return invalid(o.name, env.value(envName)) + QStringLiteral(" (from ") + envName + u')';
    }
    for (const auto& [name, value] : flags) {
        const Option* o = findOption(name);
        if (!o->apply(*this, value))
            return invalid(o->name, value);
    }
    if (tlsCertFile.isEmpty() != tlsKeyFile.isEmpty())
        return QStringLiteral("--tls-cert and --tls-key go together");
    if (databaseUrl.isEmpty())
        databaseUrl = defaultDatabaseUrl();
    if (rest)
        *rest = unparsed;
    return std::nullopt;
}

QString ServerConfig::usage()
{
    return QStringLiteral(
        "Usage: fieldsync-server [options]\n"
        "       fieldsync-server device add --name NAME --technician WHO --role technician|supervisor|admin\n"
        "                                   [--token-file FILE] [--json] [--database URL]\n"
        "       fieldsync-server device list [--json] [--database URL]\n"
        "       fieldsync-server device revoke ID [--database URL]\n"
        "\n"
        "Options (environment variable in brackets; a --config file.ini may set the same keys):\n"
        "  --listen HOST:PORT                 address to serve on, default 127.0.0.1:8787; port 0 picks one\n"
        "                                     [FIELDSYNC_LISTEN]\n"
        "  --database URL                     sqlite:///path/hub.db or postgresql://user@host/db\n"
        "                                     default: hub.db in the user's data directory [FIELDSYNC_DATABASE]\n"
        "  --tls-cert FILE, --tls-key FILE    serve HTTPS with this PEM certificate and key\n"
        "  --body-limit BYTES                 largest request body, default 8388608 [FIELDSYNC_BODY_LIMIT]\n"
        "  --tombstone-retention-days DAYS    keep deleted rows this long, default 90\n"
        "  --latency-alarm-minutes MIN        fleet latency alarm threshold, default 30\n"
        "  --threads N                        request worker threads, default max(4, 2 x cores)\n"
        "  --max-changes-per-push N           largest push batch, default 5000\n"
        "  --max-queued-requests N            answer 503 beyond this many waiting requests, default 2000\n"
        "  --purge-interval-minutes MIN       how often expired tombstones are purged, default 60\n"
        "  --max-clock-drift-minutes MIN      reject pushed clocks further ahead of the server, default 1440\n"
        "  --test-clock-offset-ms MS          for tests only: shift the server's wall clock\n"
        "  --config FILE                      INI file with the keys above [FIELDSYNC_CONFIG]\n");
}

} // namespace fieldsync::server
