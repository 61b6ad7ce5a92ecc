#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

namespace fieldsync::bench {

struct Enrolled
{
    QString deviceId;
    QString token;
};

// The real fieldsync-server as a child process on 127.0.0.1 and a kernel-chosen port. start() waits for
// the server's {"event":"listening","port":N} line on stderr. Its stderr (one JSON log line per request)
// goes to a log file. Enrolment runs `fieldsync-server device add`.
class ServerProcess : public QObject
{
    Q_OBJECT
public:
    ServerProcess(QString binary, QString databaseUrl, QString logPath, QObject* parent = nullptr);
    ~ServerProcess() override;

    static QString locateBinary(const QString& hint);

    bool start(int timeoutMs = 30'000);
    void stop();
    bool isRunning() const;
    qint64 pid() const;
    QUrl baseUrl() const { return m_baseUrl; }
    QString databaseUrl() const { return m_databaseUrl; }
    QString lastError() const { return m_error; }
    QString logPath() const { return m_logPath; }
    // From the server's request log: the requests of `deviceId` to `endpoint` that ended at or after
    // `sinceMs` (ms since the epoch): how many, and when the last one ended (-1: none).
    struct LoggedRequests
    {
        int count = 0;
        qint64 lastEndMs = -1;
    };
    LoggedRequests loggedRequests(const QString& deviceId, const QString& endpoint, qint64 sinceMs) const;

    // Runs `device add`; empty deviceId/token and lastError() set on failure.
    Enrolled enrol(const QString& name, const QString& technician, const QString& role = QStringLiteral("technician"));

private:
    QString m_binary;
    QString m_databaseUrl;
    std::unique_ptr<QProcess> m_process;
    QString m_logPath;
    QUrl m_baseUrl;
    QString m_error;
};

// Directory of Debian's PostgreSQL server binaries (newest version), empty when not installed.
QString postgresBinDir();

// A throwaway PostgreSQL cluster in a temporary directory (initdb + pg_ctl, unix socket and a loopback
// port), stopped and deleted by the destructor. Uses tests/server's start script when it is present, so the
// benchmark runs PostgreSQL exactly as the server's test suite does.
class PostgresCluster
{
public:
    explicit PostgresCluster(QString baseDir);
    ~PostgresCluster();
    bool start();
    void stop();
    QString url(const QString& database = QStringLiteral("fieldsync")) const;
    bool createDatabase(const QString& name);
    bool dropDatabase(const QString& name);
    QString lastError() const { return m_error; }

private:
    bool runDatabaseTool(const QString& tool, const QString& name); // createdb or dropdb

    QString m_dir;
    QString m_binDir;
    int m_port = 0;
    bool m_running = false;
    QString m_error;
};

} // namespace fieldsync::bench
