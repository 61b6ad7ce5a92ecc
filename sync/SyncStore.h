#pragma once

#include "AuditHash.h"
#include "Protocol.h"
#include "SqliteRaw.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace fieldsync {

class LocalStore;
struct TableDef;

// The sync engine's database operations on the worker's own LocalStore connection ("sync").
//
// Invariants:
//  - An outbox entry leaves the outbox only when the server acknowledged exactly that edit. A pushed change
//    carries all of its row's entries, and the device's clock only moves forward, so acks delete the row's
//    entries up to the newest clock sent: an edit made while its request was in flight is newer and stays dirty.
//  - Canonical rows from the server are applied together with the local unsynced edits through
//    merge::applyChange: the row shows what the server will most likely hold after the next push, and the
//    outbox keeps the edits so the server decides (and records any conflict).
//  - A pulled page and its cursor are committed in one transaction; nothing is half-applied.
//  - An op id belongs to one exact content of a row's pending change: a retry of the same content reuses it
//    (the server answers "duplicate"), new content gets a new id. It is derived from the content (opIdFor), so
//    nothing is stored for it.
// Thread rules: used only on the thread that owns the LocalStore's connection.
//
// Private tables: sync_pending_resolutions (conflict resolutions to tell the server). meta keys: sync_cursor,
// sync_last_success, sync_last_audit_at, sync_last_audit_result, sync_last_audit_message.
class SyncStore
{
public:
    explicit SyncStore(LocalStore* store);
    ~SyncStore();

    bool prepare(); // creates the engine's private table; call once after the store opened
    QString lastError() const { return m_error; }
    LocalStore* store() const { return m_store; }

    // ---- push
    struct RowKey
    {
        QString table;
        QString id;
    };
    // Rows with outbox entries, oldest first edit first (one pass over the outbox).
    QList<RowKey> outboxRows();
    // One Change per given row that still has outbox entries, in the given order.
    QList<protocol::Change> collectOutbox(const QList<RowKey>& rows);
    // Up to maxRows rows with outbox entries, oldest edit first, one Change per row; rows in skip ("tbl/row_id",
    // a batch still in flight) are left out.
    QList<protocol::Change> collectOutbox(int maxRows, const QSet<QString>& skip = {});
    int pendingRowCount() const; // rows with outbox entries
    // The op id of a row's pending change: a ULID with the first edit's time whose other 80 bits come from a
    // SHA-1 of the device, the row and the content (each field's name, clock and base clock).
    static QString opIdFor(const QByteArray& deviceId, const QString& table, const QString& rowId, qint64 firstEditMs,
        const QByteArray& content);

    struct ApplyReport
    {
        QMap<QString, QStringList> changedIds; // table -> ids whose stored values changed
        int acked = 0; // changes acknowledged
        int conflicts = 0; // conflict records stored
        int quarantined = 0;
        int pendingLeft = 0; // fields of the sent changes still dirty (edited while in flight)
        void addChanged(const QString& table, const QString& id);

    private:
        QSet<QString> m_seen; // "table/id" already in changedIds
    };
    // Acknowledges and applies a push response for `sent` (same order) in one transaction.
    bool applyPushResponse(
        const QList<protocol::Change>& sent, const protocol::PushResponse& response, ApplyReport* report);
    // Moves one change to quarantine with a reason (a 4xx refused it); its outbox entries leave the outbox.
    bool quarantine(const protocol::Change& change, const QString& code, const QString& reason);
    int quarantineCount() const;

    // ---- pull
    QString cursor() const;
    bool setCursor(const QString& cursor); // an empty cursor also forgets the feed spans of push answers
    // The push answers' feed spans are kept for one sync run (a span whose start the cursor has not reached yet
    // waits for the answer before it); the worker forgets them when a run starts.
    void forgetFeedSpans() { m_feedSpans.clear(); }
    // Applies a page and stores its next cursor in one transaction; on failure nothing changes.
    bool applyPage(const protocol::ChangesPage& page, ApplyReport* report);

    // Initial pull into an empty table: its secondary indexes and its triggers (which keep the search index) are
    // dropped, and all of them and the search index are built once at the end, in one transaction. The DDL is kept
    // in meta (sync_bulk_rebuild) until endBulkLoad() ran, so a crash in between is repaired on the next start.
    bool beginBulkLoad(const TableDef& table);
    bool endBulkLoad(); // no-op when no bulk load is pending
    bool bulkLoadPending() const;
    int localRowCount(const TableDef& table) const;

    // ---- audit
    audit::Accumulator accumulate(const TableDef& table) const;
    protocol::VerifyRequest verifyRequest(const TableDef& table) const;
    struct RepairReport
    {
        int rowsRepaired = 0; // local rows replaced by the server's
        int rowsRepushed = 0; // local rows the server lacked, re-queued in the outbox
        QStringList changedIds;
    };
    // Replaces the bucket's rows by the server's (keeping local outbox edits on top) and re-queues local
    // rows of the bucket the server does not have. One transaction.
    bool repairBucket(const TableDef& table, const protocol::RowsPage& page, RepairReport* report);

    // ---- local rows in canonical form
    std::optional<protocol::Row> localRow(const TableDef& table, const QString& id) const;

    // ---- logs, telemetry, conflicts
    struct RunLog
    {
        qint64 startedAt = 0;
        QString kind; // "sync", "audit", "reset"
        int pushed = 0;
        int pulled = 0;
        int conflicts = 0;
        QString error; // "" on success
    };
    void logRun(const RunLog& run); // one sync_log line, finished now
    struct TelemetryItems
    {
        QList<protocol::LatencySample> latency;
        QList<protocol::LogEvent> events;
        QStringList latencyOpIds;
        QList<qint64> logIds;
        bool isEmpty() const { return latency.isEmpty() && events.isEmpty(); }
    };
    TelemetryItems pendingTelemetry(int maxItems) const; // not yet uploaded
    bool markTelemetrySent(const TelemetryItems& items);
    int openConflictCount() const;
    // Stores conflicts the hub reports for this device (those it lost reach it only this way); known ids are
    // left as they are (a local resolution stays). Returns how many were new, -1 on failure.
    int storeConflicts(const QList<protocol::ConflictRecord>& records);
    QStringList openConflictIds() const;
    // Conflicts a supervisor or the other device resolved: the hub no longer lists them as open. Marked
    // resolved with resolution 'resolved_elsewhere'; returns how many were still open here, -1 on error.
    int closeConflictsResolvedElsewhere(const QStringList& ids);
    // Local resolutions not yet told to the server: conflict id -> resolution.
    QList<QPair<QString, QString>> pendingResolutions() const;
    bool markResolutionSynced(const QString& conflictId);
    // Marks a conflict resolved on any connection of the device (the conflicts dialog uses the UI's) and
    // queues the resolution for the server.
    static bool resolveConflict(
        LocalStore* store, const QString& conflictId, const QString& resolution, QString* error = nullptr);
    static bool createPrivateTables(const QSqlDatabase& db, QString* error);
    // Gives a device database the id the hub enrolled it under (the HLC node must equal the hub's device id).
    // Call before any store opens the file (a missing file is created), e.g. in main() right after enrolment;
    // only for a database that never synced: its own clocks in rows, outbox and meta are renamed to the new
    // node. True when the id already matches.
    static bool adoptDeviceId(const QString& path, const QString& deviceId, QString* error = nullptr);

    QString meta(const QString& key, const QString& defaultValue = {}) const;
    bool setMeta(const QString& key, const QString& value);

    static QString encodeValue(const QJsonValue& v);
    static QJsonValue decodeValue(const QString& text);

private:
    struct Pending
    {
        protocol::Change change; // fields as stored in the outbox
        qint64 firstEditedAt = 0;
    };
    std::optional<Pending> pendingFor(const QString& table, const QString& id) const;
    struct LocalState // a stored row as read, converted to a Row only when it has to be merged
    {
        bool exists = false;
        QVariantList columns; // the table's fields in order
        QString clocks; // field_clocks JSON
        QString status; // sync_status
    };
    static std::optional<protocol::Row> storedRow(const TableDef& table, const QString& id, const LocalState& state);
    // True when the remote row holds exactly the stored values and clocks.
    static bool sameAsStored(const TableDef& table, const protocol::Row& remote, const LocalState& state);
    bool flushStatusRefresh(); // the status writes applyRemoteRow left for the end of the batch
    // known: the local row read beforehand in the same transaction (nullptr: read it here).
    bool applyRemoteRow(const TableDef& table, const protocol::Row& remote, bool authoritative, ApplyReport* report,
        bool* differs, const LocalState* known = nullptr);
    bool readLocalRows(const TableDef& table, const QStringList& ids, QHash<QString, LocalState>* out);
    bool insertRows(const TableDef& table, const QList<const protocol::Row*>& rows);
    bool readPendingRows(const QString& table, const QStringList& ids, QSet<QString>* out); // "tbl/row_id"
    bool quarantineInTransaction(const protocol::Change& change, const QString& code, const QString& reason);
    bool writeRow(const TableDef& table, const protocol::Row& row, const protocol::Row* stored, bool dirty);
    bool refreshRowStatus(const QString& table, const QString& id);
    bool storeConflict(const protocol::ConflictRecord& c, int* inserted = nullptr);
    bool requeueRow(const TableDef& table, const protocol::Row& row);
    QSqlQuery& cached(const QString& sql) const;
    RawQuery raw(const QByteArray& sql);
    bool begin();
    bool commit();
    void rollback();
    bool fail(const QString& message);

    LocalStore* m_store;
    QString m_error;
    QHash<QString, qint64> m_firstEdit; // op id -> first local edit time (ms) of the change in flight
    mutable QHash<QString, QSqlQuery> m_queries; // prepared once per statement text
    std::unique_ptr<RawStatements> m_raw; // the hot paths' statements, on the same connection
    const QSet<QString>* m_pendingRows = nullptr; // "tbl/row_id" with outbox entries, while a page is applied
    QHash<QString, QStringList> m_statusRefresh; // table -> ids whose status to refresh, while a batch is applied
    QHash<QString, QString> m_feedSpans; // push answers' feed spans not yet reached by the cursor: from -> to
};

} // namespace fieldsync
