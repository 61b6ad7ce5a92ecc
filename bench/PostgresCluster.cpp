#include "ServerProcess.h"

#include "BenchUtil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>

#include <unistd.h>

namespace fieldsync::bench {

namespace { } // namespace

QString postgresBinDir()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(
        versions.begin(), versions.end(), [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : std::as_const(versions)) {
        const QString bin = root.filePath(v + QStringLiteral("/bin"));
        if (QFileInfo::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    return {};
}

namespace {

int freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const int port = probe.serverPort();
    probe.close();
    return port;
}

// PostgreSQL refuses to run as root: run its tools as the "postgres" user then.
bool runPg(const QString& program, const QStringList& args, QString* output, int timeoutMs = 120'000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (geteuid() == 0)
        p.start(QStringLiteral("runuser"),
            QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program } + args);
    else
        p.start(program, args);
    const bool finished = p.waitForFinished(timeoutMs);
    *output = QString::fromLocal8Bit(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

PostgresCluster::PostgresCluster(QString baseDir)
    : m_dir(std::move(baseDir))
{ }

PostgresCluster::~PostgresCluster()
{
    stop();
}

bool PostgresCluster::start()
{
    m_binDir = postgresBinDir();
    if (m_binDir.isEmpty()) {
        m_error
            = QStringLiteral("PostgreSQL server binaries not found under /usr/lib/postgresql (apt install postgresql)");
        return false;
    }
    QDir().mkpath(m_dir);
    QFile::setPermissions(m_dir,
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
            | QFile::ExeOther);
    if (geteuid() == 0) {
        QString out;
        QProcess::execute(QStringLiteral("chown"), { QStringLiteral("postgres:postgres"), m_dir });
    }
    // Parent directories must be traversable by the postgres user.
    for (QDir d(m_dir); d.cdUp() && d.path() != QLatin1String("/");) {
        QFile::setPermissions(d.path(), QFile::permissions(d.path()) | QFile::ExeOther);
    }
    const QString data = m_dir + QStringLiteral("/data");
    QString out;
    if (!runPg(m_binDir + QStringLiteral("/initdb"),
            { QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-A"),
                QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync") },
            &out)) {
        m_error = QStringLiteral("initdb failed: ") + out;
        return false;
    }
    m_port = freePort();
    const QString options
        = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c max_connections=200").arg(m_port).arg(m_dir);
    if (!runPg(m_binDir + QStringLiteral("/pg_ctl"),
            { QStringLiteral("-D"), data, QStringLiteral("-o"), options, QStringLiteral("-l"),
                m_dir + QStringLiteral("/postgres.log"), QStringLiteral("-w"), QStringLiteral("start") },
            &out)) {
        m_error = QStringLiteral("pg_ctl start failed: ") + out;
        return false;
    }
    m_running = true;
    return createDatabase(QStringLiteral("fieldsync"));
}

bool PostgresCluster::createDatabase(const QString& name)
{
    return runDatabaseTool(QStringLiteral("createdb"), name);
}

bool PostgresCluster::dropDatabase(const QString& name)
{
    return runDatabaseTool(QStringLiteral("dropdb"), name);
}

bool PostgresCluster::runDatabaseTool(const QString& tool, const QString& name)
{
    QString out;
    if (!runPg(m_binDir + u'/' + tool,
            { QStringLiteral("-h"), m_dir, QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-U"),
                QStringLiteral("postgres"), name },
            &out)) {
        m_error = QStringLiteral("%1 failed: %2").arg(tool, out);
        return false;
    }
    return true;
}

void PostgresCluster::stop()
{
    if (!m_running)
        return;
    QString out;
    runPg(m_binDir + QStringLiteral("/pg_ctl"),
        { QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"), QStringLiteral("fast"),
            QStringLiteral("-w"), QStringLiteral("stop") },
        &out);
    m_running = false;
}

QString PostgresCluster::url(const QString& database) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(database);
}

} // namespace fieldsync::bench
