#pragma once

#include "Storage.h"

#include <QByteArray>

namespace fieldsync::server {

// PostgreSQL through libpq. One PGconn per calling thread, opened on first use and closed when the thread
// ends; statements are prepared once per connection (PQprepare) and batches travel as one JSON parameter
// expanded by jsonb_to_recordset, so a push of any size is a handful of round trips.
//
// A lost connection (database restarted, network cut) is detected on use: outside a transaction the
// statement is retried once on a fresh connection; otherwise StorageError(unavailable) is thrown and the
// transaction is lost as a whole (the client retries; op ids make the retry idempotent).
//
// Change feed: every push transaction takes row advisory locks (sorted keys) first and the global
// change-feed advisory lock right before drawing seq values from a sequence; the lock is held until commit,
// so commits happen in seq order even across several server processes.
class PostgresStorage final : public Storage
{
public:
    explicit PostgresStorage(QByteArray conninfo);
    ~PostgresStorage() override;

    QString backendName() const override { return QStringLiteral("postgresql"); }
    void migrate() override;
    // The schema up to `version` only (the upgrade path's tests); migrate() goes to schemaVersion().
    void migrateTo(int version);
    static int schemaVersion();
    void ping() override;

    std::optional<DeviceRecord> deviceByTokenHash(const QByteArray& tokenHash) override;
    std::optional<DeviceRecord> device(const QString& id) override;
    QList<DeviceRecord> devices() override;
    void insertDevice(const DeviceRecord& device) override;
    bool revokeDevice(const QString& id) override;
    void touchDevice(const QString& id, qint64 lastSeenMs) override;
    void updateDeviceHealth(
        const QString& id, qint64 lastSeenMs, const QString& appVersion, qint64 pending, qint64 skewMs) override;

    void pushTransaction(const QList<RowKey>& lockKeys, const std::function<void(PushTransaction&)>& body) override;
    ChangesRead changes(qint64 afterSeq, int limit) override;
    bool encodedChanges(qint64 afterSeq, int limit, EncodedChanges& out) override;
    QList<protocol::Row> tableRows(const QString& table, std::optional<int> bucket) override;
    std::optional<protocol::Row> row(const QString& table, const QString& id) override;
    QList<protocol::Row> tableRowsAfter(const QString& table, const QString& afterId, int limit) override;

    QList<protocol::ConflictRecord> conflicts(bool openOnly, const QString& deviceId, int limit) override;
    std::optional<protocol::ConflictRecord> conflict(const QString& id) override;
    bool resolveConflict(const QString& id,
        const std::function<Resolution(const protocol::ConflictRecord&, const std::optional<protocol::Row>&)>& decide,
        qint64 nowMs) override;

    void insertTelemetry(const QList<LatencyRecord>& samples, const QList<EventRecord>& events) override;
    void insertAudit(const AuditRecord& audit) override;
    QList<LatencyRecord> latencySince(qint64 sinceMs) override;
    QHash<QString, AuditRecord> latestAudits() override;
    QHash<QString, qint64> openConflictCounts() override;
    QList<EventRecord> events(const QString& deviceId, int limit) override;

    qint64 purge(qint64 beforeMs) override;
    qint64 purgeWatermark() override;
    qint64 clockCeiling() override;
    void raiseClockCeiling(qint64 ms) override;

    class Connection;

private:
    Connection& connection();

    QByteArray m_conninfo;
    quint64 m_instance;
};

} // namespace fieldsync::server
