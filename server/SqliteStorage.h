#pragma once

#include "Storage.h"

#include <QMutex>
#include <QString>

namespace fieldsync::server {

// Embedded store: one SQLite file in WAL mode through QtSql. One named connection per calling thread
// (opened in that thread, removed when the thread ends). Write transactions use BEGIN IMMEDIATE, so writers,
// also those of other processes on the same file, are serialised and seq values commit in order; within one
// process they also queue on a mutex.
class SqliteStorage final : public Storage
{
public:
    explicit SqliteStorage(QString path);
    ~SqliteStorage() override;

    QString backendName() const override { return QStringLiteral("sqlite"); }
    void migrate() override;
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

    QString m_path;
    quint64 m_instance;
    // Writers of this process queue here instead of in SQLite's sleeping busy handler (which still arbitrates
    // between processes sharing the file).
    QMutex m_writeMutex;
};

} // namespace fieldsync::server
