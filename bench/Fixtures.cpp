#include "Fixtures.h"

#include "LoadDriver.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>

namespace fieldsync::bench {

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
        const QString port = qEnvironmentVariable("FIELDSYNC_TEST_PG_PORT");
        const QString user = qEnvironmentVariable("FIELDSYNC_TEST_PG_USER", QStringLiteral("postgres"));
        QProcess createdb;
        createdb.setProcessChannelMode(QProcess::MergedChannels);
        const QString bin = postgresBinDir();
        createdb.start(bin.isEmpty() ? QStringLiteral("createdb") : bin + QStringLiteral("/createdb"),
            { QStringLiteral("-h"), host, QStringLiteral("-p"), port, QStringLiteral("-U"), user, name });
        if (!createdb.waitForFinished(60'000) || createdb.exitStatus() != QProcess::NormalExit
            || createdb.exitCode() != 0) {
            *error = QStringLiteral("createdb failed: %1 %2")
                         .arg(QString::fromLocal8Bit(createdb.readAll()), createdb.errorString());
            return {};
        }
        return QStringLiteral("postgresql:///%1?host=%2&port=%3&user=%4").arg(name, host, port, user);
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
