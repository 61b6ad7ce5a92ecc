#include "HubProcess.h"

#include <QJsonDocument>
#include <QTest>

HubProcess::HubProcess()
{
    m_process.setProgram(serverBinary());
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
        [this] { m_stderr += m_process.readAllStandardError(); });
}

HubProcess::~HubProcess()
{
    stop();
}

QString HubProcess::serverBinary()
{
    return QStringLiteral(FIELDSYNC_SERVER_BIN);
}

QString HubProcess::simulatorBinary()
{
    return QStringLiteral(FIELDSYNC_SIM_BIN);
}

QString HubProcess::databaseUrl() const
{
    return QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("hub.db"));
}

bool HubProcess::start(const QStringList& extraArgs)
{
    if (!m_dir.isValid())
        return false;
    m_process.setArguments(QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("--database"), databaseUrl() }
        + extraArgs);
    m_process.start();
    // Bounded wait for the listening line; the server logs one JSON object per line.
    const QByteArray marker = "\"event\":\"listening\"";
    if (!QTest::qWaitFor(
            [&] { return m_stderr.contains(marker) || m_process.state() == QProcess::NotRunning; }, 20'000))
        return false;
    for (const QByteArray& line : m_stderr.split('\n')) {
        if (!line.contains(marker))
            continue;
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        const int port = event.value(QStringLiteral("port")).toInt();
        if (port <= 0)
            return false;
        m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        return true;
    }
    return false;
}

void HubProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

std::optional<HubProcess::Device> HubProcess::enrol(const QString& name, const QString& technician, const QString& role)
{
    QProcess add;
    add.start(serverBinary(),
        { QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("--name"), name,
            QStringLiteral("--technician"), technician, QStringLiteral("--role"), role, QStringLiteral("--json"),
            QStringLiteral("--database"), databaseUrl() });
    if (!add.waitForFinished(20'000) || add.exitCode() != 0)
        return std::nullopt;
    const QJsonObject info = QJsonDocument::fromJson(add.readAllStandardOutput().trimmed()).object();
    Device d { info.value(QStringLiteral("device_id")).toString(), info.value(QStringLiteral("token")).toString() };
    if (d.id.isEmpty() || d.token.isEmpty())
        return std::nullopt;
    return d;
}
