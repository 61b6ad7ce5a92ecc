#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <optional>

// A real fieldsync-server for the fleet tests: embedded SQLite store in a temporary directory, 127.0.0.1 and
// a port the kernel picks (read from the server's {"event":"listening","port":N} log line). Devices are
// enrolled through the server's own `device add` command. Helpers report failures with QVERIFY/QCOMPARE.
class HubProcess
{
public:
    struct Device
    {
        QString id;
        QString token;
    };

    HubProcess();
    ~HubProcess();

    // Starts the server with extra flags and waits (bounded) for its listening line.
    bool start(const QStringList& extraArgs = {});
    void stop();
    QUrl url() const { return m_url; }
    QString databaseUrl() const;
    QString dataDir() const { return m_dir.path(); }
    QString log() const { return QString::fromUtf8(m_stderr); }
    std::optional<Device> enrol(const QString& name, const QString& technician, const QString& role);

    static QString serverBinary();
    static QString simulatorBinary();

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_stderr;
    QUrl m_url;
};
