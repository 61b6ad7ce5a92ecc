#pragma once

#include "sync/Protocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// Test harness for the real fieldsync-server binary: starts it with QProcess on 127.0.0.1 and a port the
// server picks, enrols devices through its command line, and talks HTTP to it. The database comes from
// FIELDSYNC_TEST_DATABASE: unset or "sqlite" for a temporary SQLite file, a postgresql:// URL (set by
// tests/server/pg_env.sh) for PostgreSQL.
namespace fieldsync::test {

bool usingPostgres();
// A database nobody else uses: a new SQLite file in `dir`, or a new PostgreSQL database.
QString freshDatabase(const QTemporaryDir& dir);
// Runs a shell command from the environment variable `name` (pg_env.sh's stop/start helpers).
bool runEnvCommand(const char* name);

struct HttpReply
{
    int status = 0; // 0: no HTTP answer (connection refused, reset, timeout)
    QByteArray body;
    QJsonObject json;
    QString networkError;
    QString errorCode() const
    {
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
};

// Synchronous HTTP for tests (a local event loop per call, bounded by a timeout).
class Http
{
public:
    explicit Http(QString baseUrl = {});
    void setBaseUrl(const QString& url) { m_base = url; }
    QString baseUrl() const { return m_base; }
    HttpReply send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body = {},
        const QByteArray& token = {}, int timeoutMs = 30'000);
    HttpReply get(const QString& path, const QByteArray& token = {}) { return send("GET", path, {}, token); }
    HttpReply post(const QString& path, const QByteArray& body, const QByteArray& token = {})
    {
        return send("POST", path, body, token);
    }

private:
    QString m_base;
    QNetworkAccessManager m_nam;
};

class ServerProcess
{
public:
    ServerProcess(QString database, QStringList extraArgs = {});
    ~ServerProcess();
    bool start(int timeoutMs = 20'000); // waits for the {"event":"listening"} line
    void terminate(); // SIGTERM and wait
    void kill(); // SIGKILL and wait
    quint16 port() const { return m_port; }
    QString baseUrl() const;
    QString log() const;
    QString database() const { return m_database; }
    qint64 pid() const { return m_process.processId(); }

private:
    QString m_database;
    QStringList m_args;
    QProcess m_process;
    QString m_logPath;
    std::unique_ptr<QTemporaryDir> m_logDir;
    quint16 m_port = 0;
};

struct Device
{
    QString id;
    QByteArray token;
    QString technician;
    QString role;
};

// `fieldsync-server device add … --json`; returns an empty Device on failure.
Device enrol(const QString& database, const QString& name, const QString& technician, const QString& role);
// Runs fieldsync-server with arguments; returns the exit code, output in `out`.
int runServerCommand(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr);

// Hybrid-logical-clock strings for one device, strictly increasing.
class DeviceClock
{
public:
    explicit DeviceClock(QString node, qint64 startMs = 0);
    QString next();
    QString node() const { return m_node; }

private:
    QString m_node;
    qint64 m_ms;
    quint32 m_logical = 0;
};

protocol::Change makeChange(const QString& rowId, const QMap<QString, QJsonValue>& values, DeviceClock& clock,
    const QMap<QString, QString>& baseClocks = {}, const QString& opId = {});
QByteArray pushBody(const QString& deviceId, DeviceClock& clock, const QList<protocol::Change>& changes);

} // namespace fieldsync::test
