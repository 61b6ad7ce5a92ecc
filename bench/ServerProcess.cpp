#include "ServerProcess.h"

#include "BenchUtil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>

namespace fieldsync::bench {

ServerProcess::ServerProcess(QString binary, QString databaseUrl, QString logPath, QObject* parent)
    : QObject(parent)
    , m_binary(std::move(binary))
    , m_databaseUrl(std::move(databaseUrl))
    , m_logPath(std::move(logPath))
{ }

ServerProcess::~ServerProcess()
{
    stop();
}

QString ServerProcess::locateBinary(const QString& hint)
{
    if (!hint.isEmpty()) { // an explicit path is used or refused, never silently replaced
        const QFileInfo fi(hint);
        return fi.isFile() && fi.isExecutable() ? fi.canonicalFilePath() : QString();
    }
    QStringList candidates;
    const QString env = qEnvironmentVariable("FIELDSYNC_SERVER");
    if (!env.isEmpty())
        candidates << env;
#ifdef FIELDSYNC_SERVER_PATH
    candidates << QStringLiteral(FIELDSYNC_SERVER_PATH);
#endif
    const QString here = QCoreApplication::applicationDirPath();
    candidates << here + QStringLiteral("/fieldsync-server") << here + QStringLiteral("/../app/fieldsync-server");
    for (const QString& c : std::as_const(candidates)) {
        const QFileInfo fi(c);
        if (fi.isFile() && fi.isExecutable())
            return fi.canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("fieldsync-server"));
}

bool ServerProcess::start(int timeoutMs)
{
    stop();
    m_baseUrl = QUrl();
    m_process = std::make_unique<QProcess>();
    // The server logs one JSON line per request: it goes to a file, so no pipe can ever fill up and stall
    // the server while the benchmark is busy elsewhere.
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(m_logPath);
    m_process->start(m_binary,
        { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"), m_databaseUrl });
    if (!m_process->waitForStarted(10'000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_binary, m_process->errorString());
        return false;
    }
    QFile log(m_logPath);
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray pending;
    while (!m_baseUrl.isValid() && !deadline.hasExpired()) {
        if (!log.isOpen())
            log.open(QIODevice::ReadOnly);
        if (log.isOpen())
            pending += log.readAll();
        qsizetype nl;
        while (!m_baseUrl.isValid() && (nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl).trimmed();
            pending.remove(0, nl + 1);
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("listening")) {
                const int port = o.value(QStringLiteral("port")).toInt();
                if (port > 0)
                    m_baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
            }
        }
        if (m_baseUrl.isValid())
            break;
        if (m_process->state() != QProcess::Running) {
            m_error = QStringLiteral("fieldsync-server exited before listening (exit code %1): %2")
                          .arg(m_process->exitCode())
                          .arg(QString::fromUtf8(pending.right(2000)));
            return false;
        }
        m_process->waitForFinished(20);
    }
    if (!m_baseUrl.isValid()) {
        m_error = QStringLiteral("fieldsync-server did not report a listening port within %1 ms").arg(timeoutMs);
        return false;
    }
    return true;
}

void ServerProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(15'000)) {
            m_process->kill();
            m_process->waitForFinished(5'000);
        }
    }
    m_process.reset();
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 ServerProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

ServerProcess::LoggedRequests ServerProcess::loggedRequests(
    const QString& deviceId, const QString& endpoint, qint64 sinceMs) const
{
    LoggedRequests out;
    QFile log(m_logPath);
    if (!log.open(QIODevice::ReadOnly))
        return out;
    const QByteArray needle = "\"device\":\"" + deviceId.toUtf8() + '"';
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        if (!line.contains(needle))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("endpoint")).toString() != endpoint)
            continue;
        const qint64 at
            = QDateTime::fromString(o.value(QStringLiteral("ts")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
        if (at >= sinceMs) {
            ++out.count;
            out.lastEndMs = std::max(out.lastEndMs, at);
        }
    }
    return out;
}

Enrolled ServerProcess::enrol(const QString& name, const QString& technician, const QString& role)
{
    QProcess p;
    p.start(m_binary,
        { QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("--database"), m_databaseUrl,
            QStringLiteral("--name"), name, QStringLiteral("--technician"), technician, QStringLiteral("--role"), role,
            QStringLiteral("--json") });
    Enrolled out;
    if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("device add failed: %1 %2")
                      .arg(QString::fromUtf8(p.readAllStandardError()), p.errorString());
        return out;
    }
    const QByteArray text = p.readAllStandardOutput() + '\n' + p.readAllStandardError();
    // Accept the JSON form ({"device_id":…,"token":…}) and a "key: value" text form.
    for (const QByteArray& raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.startsWith('{')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.contains(QStringLiteral("token"))) {
                out.token = o.value(QStringLiteral("token")).toString();
                for (const char* key : { "device_id", "deviceId", "id" }) {
                    if (o.contains(QLatin1String(key)))
                        out.deviceId = o.value(QLatin1String(key)).toString();
                }
            }
            continue;
        }
        static const QRegularExpression kv(QStringLiteral(R"(^\s*(token|device[ _]?id|id)\s*[:=]\s*(\S+))"),
            QRegularExpression::CaseInsensitiveOption);
        const auto m = kv.match(QString::fromUtf8(line));
        if (!m.hasMatch())
            continue;
        if (m.captured(1).compare(QLatin1String("token"), Qt::CaseInsensitive) == 0)
            out.token = m.captured(2);
        else
            out.deviceId = m.captured(2);
    }
    if (out.token.isEmpty() || out.deviceId.isEmpty())
        m_error = QStringLiteral("device add printed no device id and token: %1").arg(QString::fromUtf8(text));
    return out;
}

} // namespace fieldsync::bench
