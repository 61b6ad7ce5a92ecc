#include "Fixtures.h"

#include "LoadDriver.h"
#include "models/LocalStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QUrl>

#include <cstring>

namespace fieldsync::bench {

namespace {

QString testClusterUser()
{
    return qEnvironmentVariable("FIELDSYNC_TEST_PG_USER", QStringLiteral("postgres"));
}

// createdb or dropdb `name` in the cluster of tests/server/pg_env.sh.
bool runTestClusterTool(const QString& tool, const QString& name, QString* error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString bin = postgresBinDir();
    process.start(bin.isEmpty() ? tool : bin + u'/' + tool,
        { QStringLiteral("-h"), qEnvironmentVariable("FIELDSYNC_TEST_PG_HOST"), QStringLiteral("-p"),
            qEnvironmentVariable("FIELDSYNC_TEST_PG_PORT"), QStringLiteral("-U"), testClusterUser(), name });
    if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2 %3")
                     .arg(tool, QString::fromLocal8Bit(process.readAll()), process.errorString());
        return false;
    }
    return true;
}

} // namespace

Backends::Backends(QString workDir)
    : m_workDir(std::move(workDir))
{ }

Backends::~Backends() = default;

QString Backends::freshDatabase(const QString& backend, QString* error)
{
    ++m_counter;
    if (backend == QLatin1String("sqlite"))
        return QStringLiteral("sqlite://")
            + QDir(m_workDir).filePath(
                QStringLiteral("hub-%1-%2.db").arg(QCoreApplication::applicationPid()).arg(m_counter));
    if (backend != QLatin1String("postgresql")) {
        *error = QStringLiteral("unknown back end %1").arg(backend);
        return {};
    }
    // Unique across the measurement processes of one run, which share the cluster.
    const QString name = QStringLiteral("bench%1_%2").arg(QCoreApplication::applicationPid()).arg(m_counter);
    // Under tests/server/pg_env.sh (how scripts/bench.sh and main() run it) the cluster is the test suite's.
    const QString host = qEnvironmentVariable("FIELDSYNC_TEST_PG_HOST");
    if (!host.isEmpty()) {
        if (!runTestClusterTool(QStringLiteral("createdb"), name, error))
            return {};
        return QStringLiteral("postgresql:///%1?host=%2&port=%3&user=%4")
            .arg(name, host, qEnvironmentVariable("FIELDSYNC_TEST_PG_PORT"), testClusterUser());
    }
    if (!m_postgres) {
        Reporter::note(QStringLiteral("starting a throwaway PostgreSQL cluster"));
        m_postgres = std::make_unique<PostgresCluster>(QDir(m_workDir).filePath(QStringLiteral("pg")));
        if (!m_postgres->start()) {
            *error = m_postgres->lastError();
            m_postgres.reset();
            return {};
        }
    }
    if (!m_postgres->createDatabase(name)) {
        *error = m_postgres->lastError();
        return {};
    }
    return m_postgres->url(name);
}

bool Backends::discard(const QString& databaseUrl)
{
    const QUrl url(databaseUrl);
    QString error;
    if (url.scheme() == QLatin1String("sqlite")) {
        if (LocalStore::removeFiles(databaseUrl.mid(int(std::strlen("sqlite://"))), &error))
            return true;
    } else {
        const QString name = url.path().mid(1);
        if (!qEnvironmentVariableIsEmpty("FIELDSYNC_TEST_PG_HOST")) {
            if (runTestClusterTool(QStringLiteral("dropdb"), name, &error))
                return true;
        } else if (m_postgres) {
            if (m_postgres->dropDatabase(name))
                return true;
            error = m_postgres->lastError();
        } else {
            error = QStringLiteral("no cluster holds %1").arg(name);
        }
    }
    Reporter::note(QStringLiteral("cannot discard the hub's database: ") + error);
    return false;
}

Hub startHub(const Options& options, Backends& backends, const QString& backend, int devices)
{
    Hub hub;
    const QString binary = ServerProcess::locateBinary(options.serverBinary);
    if (binary.isEmpty()) {
        hub.error = QStringLiteral("fieldsync-server not found (build it, or pass --server PATH)");
        return hub;
    }
    const QString url = backends.freshDatabase(backend, &hub.error);
    if (url.isEmpty())
        return hub;
    static int serial = 0;
    const QString log = QDir(options.workDir).filePath(QStringLiteral("server-%1-%2.log").arg(backend).arg(++serial));
    hub.server = std::make_unique<ServerProcess>(binary, url, log);
    // Enrol before starting: `device add` works on the database directly.
    for (int i = 0; i < devices; ++i) {
        const Enrolled e
            = hub.server->enrol(QStringLiteral("Bench device %1").arg(i + 1), QStringLiteral("tech%1").arg(i + 1));
        if (e.token.isEmpty()) {
            hub.error = hub.server->lastError();
            return hub;
        }
        hub.devices << e;
    }
    if (!hub.server->start())
        hub.error = hub.server->lastError();
    return hub;
}

QByteArray pushBody(const QString& deviceId, const QString& hlc, const QList<protocol::Change>& changes)
{
    protocol::PushRequest request;
    request.deviceId = deviceId;
    request.hlc = hlc;
    request.changes = changes;
    return protocol::serialize(request.toJson());
}

QByteArray newRowsBody(ChangeFactory& factory, const QString& deviceId, qint64 first, int count, QStringList* rowIds)
{
    QList<protocol::Change> changes;
    changes.reserve(count);
    for (qint64 i = first; i < first + count; ++i) {
        const QString id = factory.nextUlid();
        if (rowIds)
            *rowIds << id;
        changes << factory.newRow(id, WorkOrderGen::json(i));
    }
    return pushBody(deviceId, factory.nextHlc(), changes);
}

QString checkPush(const HttpResult& r)
{
    if (r.status != 200)
        return QStringLiteral("push answered HTTP %1: %2 %3")
            .arg(r.status)
            .arg(r.error, QString::fromUtf8(r.body.left(300)));
    if (r.body.contains("\"rejected\""))
        return QStringLiteral("push rejected a change: %1").arg(QString::fromUtf8(r.body.left(300)));
    return {};
}

bool seedServer(
    const QUrl& base, const Enrolled& device, qint64 first, int count, int batch, QString* error, QStringList* rowIds)
{
    constexpr int lanes = 2;
    QList<RawClient*> clients;
    for (int i = 0; i < lanes; ++i)
        clients << new RawClient(base, device.token);
    ChangeFactory factory(device.deviceId);
    qint64 next = first;
    const qint64 end = first + count;
    const LoadResult r = runConcurrent(
        lanes,
        [&](int lane, RawClient::Done done) {
            if (next >= end)
                return false;
            const int n = int(std::min<qint64>(batch, end - next));
            const QByteArray body = newRowsBody(factory, device.deviceId, next, n, rowIds);
            next += n;
            clients[lane]->post(QStringLiteral("/v1/push"), body, std::move(done));
            return true;
        },
        [](int, const HttpResult& r) { return checkPush(r); });
    qDeleteAll(clients);
    if (r.failures > 0) {
        *error = r.firstError;
        return false;
    }
    return true;
}

} // namespace fieldsync::bench
