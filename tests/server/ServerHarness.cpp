#include "ServerHarness.h"

#include "models/Hlc.h"
#include "models/Ulid.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace fieldsync::test {

namespace {

QString testDatabaseSetting()
{
    return qEnvironmentVariable("FIELDSYNC_TEST_DATABASE");
}

std::atomic<int> s_databaseCounter { 0 };

} // namespace

bool usingPostgres()
{
    return testDatabaseSetting().startsWith(QLatin1String("postgres"));
}

QString freshDatabase(const QTemporaryDir& dir)
{
    const int n = ++s_databaseCounter;
    if (!usingPostgres())
        return QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("hub-%1.db").arg(n));
    const QString name = QStringLiteral("fs_%1_%2").arg(QCoreApplication::applicationPid()).arg(n);
    QProcess psql;
    psql.start(QStringLiteral("psql"),
        { testDatabaseSetting(), QStringLiteral("-q"), QStringLiteral("-c"),
            QStringLiteral("CREATE DATABASE %1").arg(name) });
    if (!psql.waitForFinished(30'000) || psql.exitCode() != 0)
        qWarning("psql CREATE DATABASE failed: %s", psql.readAllStandardError().constData());
    return QStringLiteral("postgresql:///%1?host=%2&port=%3&user=postgres")
        .arg(name, qEnvironmentVariable("FIELDSYNC_TEST_PG_HOST"), qEnvironmentVariable("FIELDSYNC_TEST_PG_PORT"));
}

bool runEnvCommand(const char* name)
{
    const QString command = qEnvironmentVariable(name);
    if (command.isEmpty())
        return false;
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), command });
    return sh.waitForFinished(60'000) && sh.exitCode() == 0;
}

Http::Http(QString baseUrl)
    : m_base(std::move(baseUrl))
{ }

HttpReply Http::send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body,
    const QByteArray& token, int timeoutMs)
{
    QNetworkRequest request(QUrl(m_base + pathAndQuery));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply* reply = m_nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.json = QJsonDocument::fromJson(out.body).object();
    if (reply->error() != QNetworkReply::NoError && out.status == 0)
        out.networkError = reply->errorString();
    reply->abort();
    reply->deleteLater();
    return out;
}

ServerProcess::ServerProcess(QString database, QStringList extraArgs)
    : m_database(std::move(database))
    , m_args(std::move(extraArgs))
{ }

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        terminate();
}

bool ServerProcess::start(int timeoutMs)
{
    m_logDir = std::make_unique<QTemporaryDir>();
    m_logPath = m_logDir->filePath(QStringLiteral("server.log"));
    m_process.setStandardErrorFile(m_logPath);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    QStringList args { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"),
        m_database };
    args += m_args;
    m_process.start(QStringLiteral(FIELDSYNC_SERVER_BIN), args);
    if (!m_process.waitForStarted(10'000))
        return false;
    static const QRegularExpression listening(QStringLiteral("\"event\":\"listening\"[^\\n]*"));
    static const QRegularExpression portField(QStringLiteral("\"port\":(\\d+)"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QString text = log();
        const QRegularExpressionMatch line = listening.match(text);
        if (line.hasMatch()) {
            // The port may stand before or after "event" in the line: search the whole line.
            const int start = int(text.lastIndexOf(u'\n', line.capturedStart()) + 1);
            const int end = int(text.indexOf(u'\n', line.capturedStart()));
            const QString whole = text.mid(start, end < 0 ? -1 : end - start);
            m_port = quint16(portField.match(whole).captured(1).toUInt());
            return m_port != 0;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.waitForFinished(20);
    }
    return false;
}

void ServerProcess::terminate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(20'000))
        kill();
}

void ServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10'000);
}

QString ServerProcess::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QString ServerProcess::log() const
{
    QFile f(m_logPath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

int runServerCommand(const QStringList& args, QByteArray* out, QByteArray* err)
{
    QProcess p;
    p.start(QStringLiteral(FIELDSYNC_SERVER_BIN), args);
    if (!p.waitForFinished(60'000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

Device enrol(const QString& database, const QString& name, const QString& technician, const QString& role)
{
    QByteArray out;
    QByteArray err;
    const int code = runServerCommand({ QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("--name"), name,
                                          QStringLiteral("--technician"), technician, QStringLiteral("--role"), role,
                                          QStringLiteral("--json"), QStringLiteral("--database"), database },
        &out, &err);
    if (code != 0) {
        qWarning("device add failed (%d): %s", code, err.constData());
        return {};
    }
    const auto info = protocol::DeviceInfo::fromJson(QJsonDocument::fromJson(out).object());
    if (!info)
        return {};
    return Device { info.value->deviceId, info.value->token.toLatin1(), info.value->technician, info.value->role };
}

DeviceClock::DeviceClock(QString node, qint64 startMs)
    : m_node(std::move(node))
    , m_ms(startMs > 0 ? startMs : QDateTime::currentMSecsSinceEpoch())
{ }

QString DeviceClock::next()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now > m_ms) {
        m_ms = now;
        m_logical = 0;
    } else {
        ++m_logical;
    }
    return HlcTimestamp { m_ms, m_logical, m_node }.toString();
}

protocol::Change makeChange(const QString& rowId, const QMap<QString, QJsonValue>& values, DeviceClock& clock,
    const QMap<QString, QString>& baseClocks, const QString& opId)
{
    protocol::Change c;
    c.opId = opId.isEmpty() ? Ulid::generate() : opId;
    c.table = QStringLiteral("work_orders");
    c.rowId = rowId;
    const QString hlc = clock.next();
    for (auto it = values.begin(); it != values.end(); ++it) {
        protocol::FieldChange f;
        f.value = it.value();
        f.hlc = hlc;
        f.baseHlc = baseClocks.value(it.key());
        c.fields.insert(it.key(), f);
    }
    return c;
}

QByteArray pushBody(const QString& deviceId, DeviceClock& clock, const QList<protocol::Change>& changes)
{
    protocol::PushRequest request;
    request.deviceId = deviceId;
    request.hlc = clock.next();
    request.changes = changes;
    return protocol::serialize(request.toJson());
}

} // namespace fieldsync::test
