#pragma once

#include "BenchUtil.h"
#include "RawClient.h"
#include "ServerProcess.h"
#include "WorkOrderGen.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace fieldsync::bench {

// One storage back end for the server under test: a fresh SQLite file, or a fresh database in a
// throwaway PostgreSQL cluster started on first use (shared by the suites of one run).
class Backends
{
public:
    explicit Backends(QString workDir);
    ~Backends();
    // A new, empty database URL for `backend` ("sqlite" or "postgresql"); empty and *error set on failure.
    QString freshDatabase(const QString& backend, QString* error);
    // Deletes a database freshDatabase() made, once its server has stopped: the SQLite files, or the
    // PostgreSQL database. A finished measurement's hub then no longer holds the page cache (gigabytes in a
    // full run) while the next one runs; see docs/benchmarks.md. Returns false (reason on stderr) on failure.
    bool discard(const QString& databaseUrl);

private:
    QString m_workDir;
    std::unique_ptr<PostgresCluster> m_postgres;
    int m_counter = 0;
};

// A started server on a fresh database with enrolled devices.
struct Hub
{
    std::unique_ptr<ServerProcess> server;
    QList<Enrolled> devices;
    QString error;
    bool ok() const { return server && server->isRunning() && error.isEmpty(); }
};
Hub startHub(const Options& options, Backends& backends, const QString& backend, int devices);

// A push body of new 1 KB work orders with indexes [first, first + count).
QByteArray newRowsBody(
    ChangeFactory& factory, const QString& deviceId, qint64 first, int count, QStringList* rowIds = nullptr);
QByteArray pushBody(const QString& deviceId, const QString& hlc, const QList<protocol::Change>& changes);

// Pushes `count` new rows in batches (two requests in flight). Fixture setup: not measured.
bool seedServer(const QUrl& base, const Enrolled& device, qint64 first, int count, int batch, QString* error,
    QStringList* rowIds = nullptr);

// The server's answer to a push, checked cheaply: HTTP 200 and no change rejected.
QString checkPush(const HttpResult& r);

} // namespace fieldsync::bench
