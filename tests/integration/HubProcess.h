#pragma once

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

#include <memory>

namespace fieldsync::test {

// fieldsync-server as a child process that can be killed and restarted on the same port.
class HubProcess
{
public:
    HubProcess(QString database, QString logPath)
        : m_database(std::move(database))
        , m_logPath(std::move(logPath))
    { }
    ~HubProcess() { kill(); }

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        m_process->setStandardOutputFile(QProcess::nullDevice());
        m_process->setStandardErrorFile(m_logPath, QIODevice::Append);
        const QString listen = QStringLiteral("127.0.0.1:%1").arg(m_port);
        m_process->start(QStringLiteral(FIELDSYNC_SERVER_BIN),
            { QStringLiteral("--listen"), listen, QStringLiteral("--database"), m_database });
        if (!m_process->waitForStarted(10'000))
            return false;
        static const QRegularExpression listening(QStringLiteral("\\{[^\\n]*\"event\":\"listening\"[^\\n]*\\}"));
        static const QRegularExpression portField(QStringLiteral("\"port\":(\\d+)"));
        const qsizetype seen = m_lines;
        QDeadlineTimer deadline(20'000);
        while (!deadline.hasExpired()) {
            QFile log(m_logPath);
            if (log.open(QIODevice::ReadOnly)) {
                const QStringList lines = QString::fromUtf8(log.readAll()).split(u'\n');
                for (qsizetype i = seen; i < lines.size(); ++i) {
                    if (listening.match(lines.at(i)).hasMatch()) {
                        m_lines = lines.size();
                        m_port = quint16(portField.match(lines.at(i)).captured(1).toUInt());
                        return m_port != 0;
                    }
                }
            }
            if (m_process->state() == QProcess::NotRunning)
                return false;
            QTest::qWait(20);
        }
        return false;
    }

    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(10'000);
        }
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    QString log() const
    {
        QFile f(m_logPath);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(4000)) : QString();
    }

private:
    QString m_database;
    QString m_logPath;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    qsizetype m_lines = 0;
};

} // namespace fieldsync::test
