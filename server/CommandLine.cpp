#include "CommandLine.h"

#include "ApiServer.h"
#include "ServerConfig.h"
#include "Storage.h"
#include "StorageCodec.h"
#include "SyncService.h"

#include "models/Ulid.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>
#include <QThread>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace fieldsync::server {

namespace {

int s_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(s_signalPipe[1], &byte, 1);
}

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

int usageError(const QString& message)
{
    err() << "fieldsync-server: " << message << "\n\n" << ServerConfig::usage();
    err().flush();
    return 2;
}

// Pulls "--name value" out of `args`; returns the value or a null string.
QString takeOption(QStringList& args, const QString& name, bool* present = nullptr)
{
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == name && i + 1 < args.size()) {
            const QString v = args[i + 1];
            args.remove(i, 2);
            if (present)
                *present = true;
            return v;
        }
        if (args[i].startsWith(name + u'=')) {
            const QString v = args[i].mid(name.size() + 1);
            args.remove(i);
            if (present)
                *present = true;
            return v;
        }
    }
    return {};
}

bool takeFlag(QStringList& args, const QString& name)
{
    return args.removeAll(name) > 0;
}

std::unique_ptr<Storage> openStorage(const ServerConfig& config)
{
    std::unique_ptr<Storage> storage = Storage::create(config.databaseUrl);
    storage->migrate();
    return storage;
}

int deviceCommand(QStringList args, const ServerConfig& config)
{
    if (args.isEmpty())
        return usageError(QStringLiteral("device needs add, list or revoke"));
    const QString action = args.takeFirst();
    if (action == QLatin1String("add")) {
        const QString name = takeOption(args, QStringLiteral("--name")).trimmed();
        const QString technician = takeOption(args, QStringLiteral("--technician")).trimmed();
        const QString role = takeOption(args, QStringLiteral("--role"));
        const QString tokenFile = takeOption(args, QStringLiteral("--token-file"));
        const bool asJson = takeFlag(args, QStringLiteral("--json"));
        if (!args.isEmpty())
            return usageError(QStringLiteral("unexpected argument %1").arg(args.first()));
        if (name.isEmpty() || technician.isEmpty())
            return usageError(QStringLiteral("device add needs --name and --technician"));
        if (!SyncService::validRole(role))
            return usageError(QStringLiteral("--role must be technician, supervisor or admin"));
        std::unique_ptr<Storage> storage = openStorage(config);
        DeviceRecord d;
        d.id = Ulid::generate();
        d.name = name;
        d.technician = technician;
        d.role = role;
        const QByteArray token = SyncService::newToken();
        d.tokenHash = SyncService::hashToken(token);
        d.createdAtMs = QDateTime::currentMSecsSinceEpoch();
        storage->insertDevice(d);
        if (!tokenFile.isEmpty()) {
            QFile f(tokenFile);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                err() << "fieldsync-server: cannot write " << tokenFile << ": " << f.errorString() << '\n';
                return 1;
            }
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            f.write(token + '\n');
        }
        if (asJson) {
            const protocol::DeviceInfo info { d.id, d.name, d.technician, d.role, QString::fromLatin1(token) };
            out() << QJsonDocument(info.toJson()).toJson(QJsonDocument::Compact) << '\n';
        } else {
            out() << token << '\n';
        }
        err() << "Enrolled device " << d.id << " (\"" << d.name << "\", " << d.technician << ", " << d.role
              << "). The token above is shown only once; the server keeps only its hash.\n";
        return 0;
    }
    if (action == QLatin1String("list")) {
        const bool asJson = takeFlag(args, QStringLiteral("--json"));
        if (!args.isEmpty())
            return usageError(QStringLiteral("unexpected argument %1").arg(args.first()));
        std::unique_ptr<Storage> storage = openStorage(config);
        const QList<DeviceRecord> devices = storage->devices();
        if (asJson) {
            QJsonArray list;
            for (const DeviceRecord& d : devices)
                list.append(QJsonObject { { QStringLiteral("device_id"), d.id }, { QStringLiteral("name"), d.name },
                    { QStringLiteral("technician"), d.technician }, { QStringLiteral("role"), d.role },
                    { QStringLiteral("revoked"), d.revoked },
                    { QStringLiteral("created_at"), codec::isoUtc(d.createdAtMs) },
                    { QStringLiteral("last_seen"), codec::isoUtc(d.lastSeenMs) } });
            out() << QJsonDocument(list).toJson(QJsonDocument::Compact) << '\n';
            return 0;
        }
        out() << QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(QStringLiteral("ID"), -26)
                     .arg(QStringLiteral("ROLE"), -10)
                     .arg(QStringLiteral("TECHNICIAN"), -16)
                     .arg(QStringLiteral("STATE"), -8)
                     .arg(QStringLiteral("NAME"));
        for (const DeviceRecord& d : devices)
            out() << QStringLiteral("%1  %2  %3  %4  %5\n")
                         .arg(d.id, -26)
                         .arg(d.role, -10)
                         .arg(d.technician, -16)
                         .arg(d.revoked ? QStringLiteral("revoked") : QStringLiteral("active"), -8)
                         .arg(d.name);
        return 0;
    }
    if (action == QLatin1String("revoke")) {
        if (args.size() != 1)
            return usageError(QStringLiteral("device revoke needs exactly one device id"));
        std::unique_ptr<Storage> storage = openStorage(config);
        if (!storage->revokeDevice(args.first())) {
            err() << "fieldsync-server: no device with id " << args.first() << '\n';
            return 1;
        }
        err() << "Revoked device " << args.first() << "; its token no longer works.\n";
        return 0;
    }
    return usageError(QStringLiteral("unknown device command %1").arg(action));
}

int serve(const ServerConfig& config)
{
    installJsonMessageHandler();
    // A database that is still starting (containers, boot order) gets 30 s before the server gives up.
    std::unique_ptr<Storage> storage = Storage::create(config.databaseUrl);
    for (int attempt = 1;; ++attempt) {
        try {
            storage->migrate();
            break;
        } catch (const StorageError& e) {
            if (!e.unavailable() || attempt >= 15)
                throw;
            writeLogLine(QJsonObject { { QStringLiteral("level"), QStringLiteral("warning") },
                { QStringLiteral("event"), QStringLiteral("database_unavailable") },
                { QStringLiteral("message"), QString::fromUtf8(e.what()) }, { QStringLiteral("attempt"), attempt } });
            QThread::sleep(2);
        }
    }
    ApiServer server(config, *storage);
    server.service().restoreClock();
    try {
        const qint64 purged = server.service().purgeExpired();
        if (purged > 0)
            writeLogLine(QJsonObject {
                { QStringLiteral("event"), QStringLiteral("purge") }, { QStringLiteral("rows"), purged } });
    } catch (const StorageError& e) {
        writeLogLine(QJsonObject { { QStringLiteral("level"), QStringLiteral("warning") },
            { QStringLiteral("message"),
                QStringLiteral("tombstone purge failed: %1").arg(QString::fromUtf8(e.what())) } });
    }
    // SIGTERM/SIGINT are caught before the listening socket opens (a supervisor may stop the server as soon as
    // it announces its port); the handler only writes a byte, the event loop does the stopping.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) == 0) {
        auto* notifier = new QSocketNotifier(s_signalPipe[0], QSocketNotifier::Read, &server);
        QObject::connect(notifier, &QSocketNotifier::activated, &server, [notifier] {
            char byte;
            [[maybe_unused]] const auto r = ::read(s_signalPipe[0], &byte, 1);
            notifier->setEnabled(false);
            writeLogLine(QJsonObject { { QStringLiteral("event"), QStringLiteral("stopping") } });
            QCoreApplication::quit();
        });
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
    }
    std::signal(SIGPIPE, SIG_IGN);
    const QString error = server.start();
    if (!error.isEmpty()) {
        writeLogLine(
            QJsonObject { { QStringLiteral("level"), QStringLiteral("error") }, { QStringLiteral("message"), error } });
        return 1;
    }

    const int status = QCoreApplication::exec();
    server.shutdown();
    writeLogLine(QJsonObject { { QStringLiteral("event"), QStringLiteral("stopped") } });
    return status;
}

} // namespace

int runCommandLine(const QStringList& arguments)
{
    QStringList args = arguments.mid(1);
    if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"))) {
        out() << ServerConfig::usage();
        return 0;
    }
    if (args.contains(QLatin1String("--version"))) {
        out() << "fieldsync-server " << FIELDSYNC_VERSION << '\n';
        return 0;
    }
    ServerConfig config;
    QStringList rest;
    const bool deviceMode = !args.isEmpty() && args.first() == QLatin1String("device");
    if (deviceMode)
        args.removeFirst();
    if (const std::optional<QString> error = config.load(args, &rest, deviceMode))
        return usageError(*error);
    try {
        if (deviceMode)
            return deviceCommand(rest, config);
        if (!rest.isEmpty())
            return usageError(QStringLiteral("unexpected argument %1").arg(rest.first()));
        return serve(config);
    } catch (const StorageError& e) {
        err() << "fieldsync-server: database " << config.databaseUrl.section(u'@', -1) << ": " << e.what() << '\n';
        err().flush();
        return e.unavailable() ? 3 : 1;
    }
}

} // namespace fieldsync::server
