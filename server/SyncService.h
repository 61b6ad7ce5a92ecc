#pragma once

#include "Metrics.h"
#include "ServerConfig.h"
#include "Storage.h"

#include "models/Clock.h"
#include "models/Hlc.h"

#include <QByteArray>
#include <QHash>
#include <QReadWriteLock>
#include <QString>
#include <QUrlQuery>

#include <atomic>
#include <memory>

namespace fieldsync::server {

// One HTTP request as the service sees it, detached from the socket so it can run on a worker thread.
struct ApiRequest
{
    QByteArray method; // "GET", "POST", …
    QString endpoint; // route pattern for logs and metrics, e.g. "/v1/conflicts/{id}/resolve"
    QString pathArg; // the {id} of the route, if any
    QUrlQuery query;
    QByteArray authorization; // Authorization header
    QByteArray body;
};

struct ApiResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QString deviceId; // authenticated device, for the log line
    qint64 rows = 0; // rows pushed or served, for the log line
    QString errorCode; // for the log line
};

// The protocol v1 endpoints: authentication, role checks, validation, merge through sync/Merge.h and
// persistence through Storage. Stateless apart from the server HLC and caches, so several processes can
// share one database. Thread-safe: handle() runs concurrently on the request pool.
class SyncService
{
public:
    SyncService(Storage& storage, const ServerConfig& config, Metrics& metrics);

    ApiResponse handle(const ApiRequest& request);
    // Deletes expired tombstones (retention); called on start and periodically.
    qint64 purgeExpired();

    QString serverHlc(); // a fresh reading of the server clock (node "server")
    // Restores the server clock from the persisted ceiling (call once at start, before serving), so it never
    // runs backwards across restarts, even when the wall clock is behind.
    void restoreClock();
    HybridLogicalClock& clock() { return m_hlc; }

    static QByteArray hashToken(const QByteArray& token); // hex SHA-256
    static QByteArray newToken(); // "fs_" + 43 characters of URL-safe base64 (256 random bits)
    static bool validRole(const QString& role);
    static int roleRank(const QString& role); // technician 0, supervisor 1, admin 2, unknown -1

private:
    ApiResponse dispatch(const ApiRequest& r, QString& deviceId);
    DeviceRecord authenticate(const ApiRequest& r);
    void require(const DeviceRecord& d, const char* role);

    ApiResponse health();
    ApiResponse me(const DeviceRecord& d);
    ApiResponse push(const DeviceRecord& d, const ApiRequest& r);
    ApiResponse changes(const ApiRequest& r);
    ApiResponse verify(const DeviceRecord& d, const ApiRequest& r);
    ApiResponse rows(const ApiRequest& r);
    ApiResponse telemetry(const DeviceRecord& d, const ApiRequest& r);
    ApiResponse fleet();
    ApiResponse deviceEvents(const ApiRequest& r);
    ApiResponse conflicts(const DeviceRecord& d, const ApiRequest& r);
    ApiResponse resolve(const DeviceRecord& d, const ApiRequest& r);
    ApiResponse enrol(const ApiRequest& r);

    QString technicianOf(const QString& deviceId);
    void observeClock(const QString& hlc);
    // Persists a new clock ceiling when the clock comes near the stored one. Called outside transactions,
    // before a request's work and again before its answer leaves, so no reading handed out exceeds it.
    void ensureClockCeiling();
    qint64 nowMs() const { return m_wall.nowMs(); }

    Storage& m_storage;
    const ServerConfig& m_config;
    Metrics& m_metrics;
    SkewedClock m_wall; // the system clock, shifted only by --test-clock-offset-ms
    HybridLogicalClock m_hlc;
    std::atomic<qint64> m_clockCeiling { 0 };

    QReadWriteLock m_cacheLock;
    QHash<QString, QString> m_technicians; // device id -> technician (immutable once enrolled)
    QHash<QString, qint64> m_lastTouch; // device id -> last last_seen write (ms)
};

} // namespace fieldsync::server
