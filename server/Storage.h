#pragma once

#include "sync/Protocol.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

namespace fieldsync::server {

// Thrown by a back end. `unavailable` means the database cannot be reached right now (HTTP 503, the client
// retries); otherwise the statement failed (HTTP 500). Nothing of the current transaction is committed.
class StorageError : public std::runtime_error
{
public:
    StorageError(bool unavailable, const QString& message)
        : std::runtime_error(message.toStdString())
        , m_unavailable(unavailable)
    { }
    bool unavailable() const { return m_unavailable; }

private:
    bool m_unavailable;
};

struct DeviceRecord
{
    QString id; // ULID
    QString name;
    QString technician;
    QString role; // technician | supervisor | admin
    QByteArray tokenHash; // hex SHA-256 of the bearer token
    bool revoked = false;
    qint64 createdAtMs = 0;
    qint64 lastSeenMs = 0; // 0 = never
    QString appVersion;
    qint64 clockSkewMs = 0;
    qint64 pendingChanges = 0;
};

struct RowKey
{
    QString table;
    QString id;
    friend bool operator==(const RowKey&, const RowKey&) = default;
};
inline size_t qHash(const RowKey& k, size_t seed = 0) noexcept
{
    return qHashMulti(seed, k.table, k.id);
}

struct StoredOp
{
    QString opId;
    QString deviceId;
    QByteArray result; // compact JSON text (codec::toJsonText) of what was answered the first time: status,
                       // conflicts, and reason_code/reason of a rejection
    qint64 createdAtMs = 0;
};

struct StoredConflict
{
    protocol::ConflictRecord record;
    qint64 createdAtMs = 0;
};

struct LatencyRecord
{
    QString sampleId; // op id when known: a device sample replaces the server's arrival sample of the same op
    QString deviceId;
    qint64 atMs = 0; // server time
    qint64 latencyMs = 0;
    QString source; // "push" | "device"
};

struct EventRecord
{
    QString deviceId;
    qint64 receivedAtMs = 0; // server time
    protocol::LogEvent event;
};

struct AuditRecord
{
    QString deviceId;
    QString table;
    qint64 atMs = 0;
    QString result; // match | mismatch | repaired | failed
    qint64 deviceCount = 0;
    qint64 serverCount = 0;
    int mismatchedBuckets = 0;
};

struct ChangesRead
{
    QList<protocol::Row> rows; // ascending seq
    bool hasMore = false;
    qint64 watermark = 0; // purge watermark read after the rows
    qint64 maxSeq = 0; // largest seq ever assigned, read after the rows
};

// A row's members as the back end stored them: compact JSON text (codec::toJsonText) of values, clocks, authors.
struct EncodedRow
{
    QByteArray values;
    QByteArray clocks;
    QByteArray authors;
};

// A change-feed page read straight into protocol JSON (see Storage::encodedChanges).
struct EncodedChanges
{
    QByteArray rowsJson; // the page's "rows" array, exactly as protocol::serialize writes a QList<Row>
    int count = 0;
    qint64 lastSeq = 0; // seq of the last row (0 when none)
    QByteArray maxClock; // the largest field clock of the page's rows ("" for none)
    bool hasMore = false;
    qint64 watermark = 0; // as in ChangesRead
    qint64 maxSeq = 0;
};

// Operations available inside one push transaction. The push body calls them in this order: ops(),
// rows(), insertConflicts()/insertLatency(), writeRows() (assigns seq values: always the last write that
// takes the change-feed lock), insertOps(). Only valid inside Storage::pushTransaction's callback.
class PushTransaction
{
public:
    virtual ~PushTransaction() = default;
    virtual QHash<QString, StoredOp> ops(const QStringList& opIds) = 0;
    virtual QHash<RowKey, protocol::Row> rows(const QList<RowKey>& keys) = 0;
    virtual void insertConflicts(const QList<StoredConflict>& conflicts) = 0;
    virtual void insertLatency(const QList<LatencyRecord>& samples) = 0;
    // Upserts the rows and gives each a new seq (written back into rows[i].seq). A back end that encodes the rows
    // with codec::toJsonText may hand that text out through `encoded` (one entry per row, in order), so the
    // answer reuses it; it may also leave `encoded` empty.
    // Returns the feed head just before these rows drew their seqs: the largest seq handed out so far, read under
    // the change-feed lock that is held until commit, so every seq above it up to the largest of these rows
    // belongs to these rows (or to no row at all). 0 when `rows` is empty.
    virtual qint64 writeRows(QList<protocol::Row>& rows, qint64 nowMs, QList<EncodedRow>* encoded = nullptr) = 0;
    virtual void insertOps(const QList<StoredOp>& ops) = 0;
};

// The server's persistent state behind one interface; SqliteStorage and PostgresStorage behave identically
// (the same test suite runs against both).
//
// Thread rules: every method may be called from any thread; each back end keeps one database connection
// per calling thread, opened on first use in that thread and closed when the thread ends. Errors are thrown
// as StorageError. Writes of one call are one transaction: all or nothing.
//
// Change feed invariant: a row's seq is assigned at the end of the transaction that changes it, under a
// lock held until commit, so transactions become visible in seq order and a reader paging by
// `seq > cursor` never skips a change.
class Storage
{
public:
    virtual ~Storage() = default;

    // "sqlite:///path/file.db" or "postgresql://…" (any libpq URI or "postgres://…").
    static std::unique_ptr<Storage> create(const QString& url);

    virtual QString backendName() const = 0;
    virtual void migrate() = 0; // creates or upgrades the schema; safe when several servers start at once
    virtual void ping() = 0; // throws when the database is unreachable

    // devices
    virtual std::optional<DeviceRecord> deviceByTokenHash(const QByteArray& tokenHash) = 0;
    virtual std::optional<DeviceRecord> device(const QString& id) = 0;
    virtual QList<DeviceRecord> devices() = 0;
    virtual void insertDevice(const DeviceRecord& device) = 0;
    virtual bool revokeDevice(const QString& id) = 0; // false: unknown id
    virtual void touchDevice(const QString& id, qint64 lastSeenMs) = 0;
    virtual void updateDeviceHealth(
        const QString& id, qint64 lastSeenMs, const QString& appVersion, qint64 pending, qint64 skewMs)
        = 0;

    // sync
    // Runs `body` in one write transaction, with row locks on `lockKeys` taken first (in a fixed order).
    virtual void pushTransaction(const QList<RowKey>& lockKeys, const std::function<void(PushTransaction&)>& body) = 0;
    virtual ChangesRead changes(qint64 afterSeq, int limit) = 0;
    // The same page as changes(), encoded from the stored text without decoding the rows, when the back end
    // stores rows in the protocol's own compact form (then the bytes equal protocol::serialize of changes()'
    // rows). Returns false when it does not; the caller then uses changes().
    virtual bool encodedChanges(qint64 afterSeq, int limit, EncodedChanges& out)
    {
        Q_UNUSED(afterSeq);
        Q_UNUSED(limit);
        Q_UNUSED(out);
        return false;
    }
    virtual QList<protocol::Row> tableRows(const QString& table, std::optional<int> bucket) = 0;
    virtual std::optional<protocol::Row> row(const QString& table, const QString& id) = 0;
    // Up to `limit` rows of a table with id > afterId, ordered by id (byte order): pages through big tables.
    virtual QList<protocol::Row> tableRowsAfter(const QString& table, const QString& afterId, int limit) = 0;

    // conflicts
    // deviceId empty: all devices; otherwise conflicts where the device won or lost.
    virtual QList<protocol::ConflictRecord> conflicts(bool openOnly, const QString& deviceId, int limit) = 0;
    virtual std::optional<protocol::ConflictRecord> conflict(const QString& id) = 0;
    struct Resolution
    {
        protocol::ConflictRecord record; // the resolved record to store
        std::optional<protocol::Row> row; // a row to write as a change (seq assigned last), if any
    };
    // Runs `decide` in one write transaction with the conflict's row locked; `decide` sees the stored conflict
    // and the current row and may throw to abort. Returns false when no conflict has this id.
    virtual bool resolveConflict(const QString& id,
        const std::function<Resolution(const protocol::ConflictRecord&, const std::optional<protocol::Row>&)>& decide,
        qint64 nowMs)
        = 0;

    // telemetry, fleet
    virtual void insertTelemetry(const QList<LatencyRecord>& samples, const QList<EventRecord>& events) = 0;
    virtual void insertAudit(const AuditRecord& audit) = 0;
    virtual QList<LatencyRecord> latencySince(qint64 sinceMs) = 0;
    virtual QHash<QString, AuditRecord> latestAudits() = 0; // device id -> newest audit
    virtual QHash<QString, qint64> openConflictCounts() = 0; // device id -> open conflicts it took part in; "*": all
    virtual QList<EventRecord> events(const QString& deviceId, int limit) = 0; // newest first

    // retention
    // Deletes tombstones and op records older than `beforeMs`; raises the purge watermark to the largest
    // purged seq. Returns the number of purged rows.
    virtual qint64 purge(qint64 beforeMs) = 0;
    virtual qint64 purgeWatermark() = 0;

    // server clock
    // The persisted ceiling of the server's hybrid logical clock (physical ms, 0 when never set): no server
    // reading was handed out or stored above it, so a restarted server restores its clock to it and never runs
    // backwards, even when its wall clock is behind. Shared by every server instance on the database.
    virtual qint64 clockCeiling() = 0;
    // Raises the ceiling to `ms`; never lowers it (concurrent raises from several instances keep the largest).
    virtual void raiseClockCeiling(qint64 ms) = 0;
};

} // namespace fieldsync::server
