#include "Migrations.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

// Device database, latest version (5). Times are device wall-clock milliseconds unless noted; values of
// synced fields in JSON columns are canonical JSON (strings or null, "deleted" a bool).
//
// meta(key TEXT PK, value TEXT)
//     device_id (ULID, the HLC node), hlc (last persisted HLC string, only ever grows), plus whatever the sync
//     worker keeps (cursor, last audit, …).
// work_orders                                                                      (v1, field_clocks v2)
//     id TEXT PK (ULID); title, description, status, priority, customer, site, asset, assigned_to,
//     due_at ("yyyy-MM-dd" or ''), notes, created_at (ISO 8601 UTC) — all TEXT NOT NULL DEFAULT '';
//     last_updated TEXT (HLC string = greatest field clock); deleted INTEGER 0/1 (tombstone);
//     sync_status TEXT 'dirty' | 'synced' | 'conflict'; field_clocks TEXT (JSON {field: HLC string}).
//     The rowid is implicit: after a VACUUM run "INSERT INTO work_orders_fts(work_orders_fts) VALUES('rebuild')".
// outbox (v2), WITHOUT ROWID, PK (tbl, row_id, field): one entry per locally changed, unacknowledged field.
//     value TEXT (JSON-encoded), hlc TEXT (clock of the latest local edit), base_hlc TEXT (clock of the value
//     the first unacknowledged edit replaced, '' for a new row), base_text TEXT (long text only: the text that
//     edit started from, else NULL), edited_at INTEGER (ms of the first unacknowledged edit).
//     A later edit of the same field updates value and hlc only. A push carries all of a row's entries and the
//     device's clock only moves forward, so the worker acks with DELETE … WHERE tbl=? AND row_id=? AND hlc<=?
//     (the newest clock it sent): an edit made while the push was in flight is newer and stays.
// conflicts (v3): one protocol::ConflictRecord per row plus the local "resolved" flag.
//     id TEXT PK (ULID), tbl, row_id, field, winner_value TEXT (JSON), loser_value TEXT (JSON), winner_hlc,
//     loser_hlc, winner_device, loser_device, winner_technician, loser_technician, rule, created_at
//     (ISO 8601 UTC, server time), resolution ('' while open, 'kept_winner', 'restored', 'picked_loser', or
//     'resolved_elsewhere' once the hub stopped listing it as open), resolved_by (device id), resolved 0/1.
// sync_log (v3): id INTEGER PK AUTOINCREMENT, started_at, finished_at INTEGER ms, kind TEXT ('sync', 'audit',
//     'reset', …), pushed, pulled, conflicts INTEGER, error TEXT ('' on success), duration_ms INTEGER,
//     uploaded INTEGER 0/1 (sent as telemetry).
// latency_samples (v3): op_id TEXT PK, row_id TEXT, edited_at, acked_at, latency_ms INTEGER ms,
//     uploaded INTEGER 0/1.
// quarantine (v3): id INTEGER PK AUTOINCREMENT, tbl, row_id, field, value TEXT (JSON), hlc, reason_code
//     (protocol ErrorCode), reason TEXT, at INTEGER ms. Changes the server refused, kept so nothing is lost.
// work_orders_fts (v3): FTS5, external content work_orders, columns title, description, site, asset,
//     customer, kept in step by the work_orders_fts_ai/_ad/_au triggers.
// work_orders_list_* (v4): partial indexes (deleted = 0) in the work-order list's sort orders, see version4();
//     the sync-state order's index is work_orders_list_sync since v5, see version5().
namespace fieldsync::migrations {

namespace {

// Field list of work_orders as version 2 knew it. Frozen: never derive old steps from the live Schema.
const char* const V2Fields[] = { "title", "description", "status", "priority", "customer", "site", "asset",
    "assigned_to", "due_at", "notes", "created_at", "deleted" };

QStringList version1()
{
    return {
        QStringLiteral("CREATE TABLE meta ("
                       " key TEXT PRIMARY KEY NOT NULL,"
                       " value TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE TABLE work_orders ("
                       " id TEXT PRIMARY KEY NOT NULL,"
                       " title TEXT NOT NULL DEFAULT '',"
                       " description TEXT NOT NULL DEFAULT '',"
                       " status TEXT NOT NULL DEFAULT 'pending',"
                       " priority TEXT NOT NULL DEFAULT 'normal',"
                       " customer TEXT NOT NULL DEFAULT '',"
                       " site TEXT NOT NULL DEFAULT '',"
                       " asset TEXT NOT NULL DEFAULT '',"
                       " assigned_to TEXT NOT NULL DEFAULT '',"
                       " due_at TEXT NOT NULL DEFAULT '',"
                       " notes TEXT NOT NULL DEFAULT '',"
                       " created_at TEXT NOT NULL DEFAULT '',"
                       " last_updated TEXT NOT NULL DEFAULT '',"
                       " deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
                       " sync_status TEXT NOT NULL DEFAULT 'dirty')"),
        QStringLiteral("CREATE INDEX work_orders_sync_status ON work_orders (sync_status)"),
        QStringLiteral("CREATE INDEX work_orders_status ON work_orders (status)"),
    };
}

QStringList version2()
{
    QStringList s {
        QStringLiteral("ALTER TABLE work_orders ADD COLUMN field_clocks TEXT NOT NULL DEFAULT '{}'"),
        QStringLiteral("CREATE TABLE outbox ("
                       " tbl TEXT NOT NULL,"
                       " row_id TEXT NOT NULL,"
                       " field TEXT NOT NULL,"
                       " value TEXT NOT NULL,"
                       " hlc TEXT NOT NULL,"
                       " base_hlc TEXT NOT NULL DEFAULT '',"
                       " base_text TEXT,"
                       " edited_at INTEGER NOT NULL,"
                       " PRIMARY KEY (tbl, row_id, field)) WITHOUT ROWID"),
    };
    // Version 1 stamped whole rows: every field inherits the row's clock, and rows still dirty get every
    // field queued so the first sync sends them whole.
    QString clocks = QStringLiteral("UPDATE work_orders SET field_clocks = json_object(");
    QString first = QStringLiteral("");
    for (const char* f : V2Fields) {
        clocks += first + u'\'' + QLatin1String(f) + QStringLiteral("', last_updated");
        first = QStringLiteral(", ");
    }
    clocks += QStringLiteral(") WHERE last_updated <> ''");
    s << clocks;
    for (const char* f : V2Fields) {
        const QString field = QLatin1String(f);
        const bool longText = field == u"description" || field == u"notes";
        const QString value = field == u"deleted" ? QStringLiteral("CASE deleted WHEN 0 THEN 'false' ELSE 'true' END")
                                                  : QStringLiteral("json_quote(") + field + u')';
        s << QStringLiteral("INSERT INTO outbox (tbl, row_id, field, value, hlc, base_hlc, base_text, edited_at)"
                            " SELECT 'work_orders', id, '")
                + field + QStringLiteral("', ") + value + QStringLiteral(", last_updated, '', ")
                + (longText ? QStringLiteral("''") : QStringLiteral("NULL"))
                + QStringLiteral(", CAST(strftime('%s', 'now') AS INTEGER) * 1000"
                                 " FROM work_orders WHERE sync_status = 'dirty' AND last_updated <> ''");
    }
    return s;
}

QStringList version3()
{
    return {
        QStringLiteral("CREATE TABLE conflicts ("
                       " id TEXT PRIMARY KEY NOT NULL,"
                       " tbl TEXT NOT NULL,"
                       " row_id TEXT NOT NULL,"
                       " field TEXT NOT NULL,"
                       " winner_value TEXT,"
                       " loser_value TEXT,"
                       " winner_hlc TEXT NOT NULL DEFAULT '',"
                       " loser_hlc TEXT NOT NULL DEFAULT '',"
                       " winner_device TEXT NOT NULL DEFAULT '',"
                       " loser_device TEXT NOT NULL DEFAULT '',"
                       " winner_technician TEXT NOT NULL DEFAULT '',"
                       " loser_technician TEXT NOT NULL DEFAULT '',"
                       " rule TEXT NOT NULL DEFAULT '',"
                       " created_at TEXT NOT NULL DEFAULT '',"
                       " resolution TEXT NOT NULL DEFAULT '',"
                       " resolved_by TEXT NOT NULL DEFAULT '',"
                       " resolved INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX conflicts_row ON conflicts (tbl, row_id)"),
        QStringLiteral("CREATE INDEX conflicts_open ON conflicts (resolved, created_at)"),
        QStringLiteral("CREATE TABLE sync_log ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " started_at INTEGER NOT NULL,"
                       " finished_at INTEGER NOT NULL DEFAULT 0,"
                       " kind TEXT NOT NULL DEFAULT 'sync',"
                       " pushed INTEGER NOT NULL DEFAULT 0,"
                       " pulled INTEGER NOT NULL DEFAULT 0,"
                       " conflicts INTEGER NOT NULL DEFAULT 0,"
                       " error TEXT NOT NULL DEFAULT '',"
                       " duration_ms INTEGER NOT NULL DEFAULT 0,"
                       " uploaded INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX sync_log_uploaded ON sync_log (uploaded, id)"),
        QStringLiteral("CREATE TABLE latency_samples ("
                       " op_id TEXT PRIMARY KEY NOT NULL,"
                       " row_id TEXT NOT NULL,"
                       " edited_at INTEGER NOT NULL,"
                       " acked_at INTEGER NOT NULL,"
                       " latency_ms INTEGER NOT NULL,"
                       " uploaded INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX latency_samples_uploaded ON latency_samples (uploaded, acked_at)"),
        QStringLiteral("CREATE TABLE quarantine ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " tbl TEXT NOT NULL,"
                       " row_id TEXT NOT NULL,"
                       " field TEXT NOT NULL,"
                       " value TEXT,"
                       " hlc TEXT NOT NULL DEFAULT '',"
                       " reason_code TEXT NOT NULL DEFAULT '',"
                       " reason TEXT NOT NULL DEFAULT '',"
                       " at INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX quarantine_row ON quarantine (tbl, row_id)"),
        // Sort and filter columns of the work-order list.
        QStringLiteral("CREATE INDEX work_orders_title ON work_orders (title)"),
        QStringLiteral("CREATE INDEX work_orders_priority ON work_orders (priority)"),
        QStringLiteral("CREATE INDEX work_orders_customer ON work_orders (customer)"),
        QStringLiteral("CREATE INDEX work_orders_site ON work_orders (site)"),
        QStringLiteral("CREATE INDEX work_orders_asset ON work_orders (asset)"),
        QStringLiteral("CREATE INDEX work_orders_assigned_to ON work_orders (assigned_to)"),
        QStringLiteral("CREATE INDEX work_orders_due_at ON work_orders (due_at)"),
        QStringLiteral("CREATE INDEX work_orders_last_updated ON work_orders (last_updated)"),
        QStringLiteral("CREATE INDEX work_orders_created_at ON work_orders (created_at)"),
        QStringLiteral("CREATE VIRTUAL TABLE work_orders_fts USING fts5("
                       "title, description, site, asset, customer,"
                       " content='work_orders', content_rowid='rowid',"
                       " tokenize='unicode61 remove_diacritics 2')"),
        QStringLiteral("CREATE TRIGGER work_orders_fts_ai AFTER INSERT ON work_orders BEGIN"
                       " INSERT INTO work_orders_fts (rowid, title, description, site, asset, customer)"
                       " VALUES (new.rowid, new.title, new.description, new.site, new.asset, new.customer);"
                       " END"),
        QStringLiteral(
            "CREATE TRIGGER work_orders_fts_ad AFTER DELETE ON work_orders BEGIN"
            " INSERT INTO work_orders_fts (work_orders_fts, rowid, title, description, site, asset, customer)"
            " VALUES ('delete', old.rowid, old.title, old.description, old.site, old.asset, old.customer);"
            " END"),
        QStringLiteral(
            "CREATE TRIGGER work_orders_fts_au AFTER UPDATE OF title, description, site, asset, customer"
            " ON work_orders BEGIN"
            " INSERT INTO work_orders_fts (work_orders_fts, rowid, title, description, site, asset, customer)"
            " VALUES ('delete', old.rowid, old.title, old.description, old.site, old.asset, old.customer);"
            " INSERT INTO work_orders_fts (rowid, title, description, site, asset, customer)"
            " VALUES (new.rowid, new.title, new.description, new.site, new.asset, new.customer);"
            " END"),
        QStringLiteral("INSERT INTO work_orders_fts (work_orders_fts) VALUES ('rebuild')"),
    };
}

// Version 4: the work-order list reads its first screen straight from an index in every sort order the view
// offers, instead of sorting the whole table on each filter keystroke. One partial index (live rows only) per
// sortable column whose expressions match WorkOrderModel::orderByClause() term by term, so SQLite walks it
// forwards for ascending and backwards for descending order; the due-date column keeps undated work last in
// both directions and so has an index per direction. They replace the plain single-column indexes of v1 and
// v3, which ORDER BY … COLLATE NOCASE and the status rank could not use. "IF EXISTS": a device whose first
// pull was interrupted has its secondary indexes dropped until the sync worker rebuilds them
// (SyncStore::endBulkLoad); every later step that drops an index of work_orders must allow for that too.
QStringList version4()
{
    const QString tail = QStringLiteral(", due_at = '', due_at, id) WHERE deleted = 0");
    auto listIndex = [&tail](const char* name, const char* expression) -> QString {
        return QStringLiteral("CREATE INDEX work_orders_list_%1 ON work_orders (%2")
                   .arg(QLatin1String(name), QLatin1String(expression))
            + tail;
    };
    return {
        QStringLiteral("DROP INDEX IF EXISTS work_orders_title"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_priority"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_customer"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_site"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_asset"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_assigned_to"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_due_at"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_status"),
        // Nothing filters or sorts by these: every write and every first pull paid for them.
        QStringLiteral("DROP INDEX IF EXISTS work_orders_last_updated"),
        QStringLiteral("DROP INDEX IF EXISTS work_orders_created_at"),
        // Filtered by one status, the list is in due-date order within it.
        QStringLiteral("CREATE INDEX work_orders_list_by_status ON work_orders (status, due_at = '', due_at, id)"
                       " WHERE deleted = 0"),
        listIndex("title", "title COLLATE NOCASE"),
        listIndex("status",
            "CASE status WHEN 'in_progress' THEN 0 WHEN 'scheduled' THEN 1 WHEN 'pending' THEN 2"
            " WHEN 'on_hold' THEN 3 WHEN 'completed' THEN 4 WHEN 'cancelled' THEN 5 ELSE 99 END"),
        listIndex("priority",
            "CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3"
            " ELSE 99 END"),
        listIndex("customer", "customer COLLATE NOCASE"),
        listIndex("asset", "asset COLLATE NOCASE"),
        listIndex("assigned_to", "assigned_to COLLATE NOCASE"),
        listIndex("sync_status", "sync_status"),
        QStringLiteral("CREATE INDEX work_orders_list_due ON work_orders (due_at = '', due_at, id) WHERE deleted = 0"),
        QStringLiteral("CREATE INDEX work_orders_list_due_desc ON work_orders (due_at = '', due_at DESC, id DESC)"
                       " WHERE deleted = 0"),
    };
}

// Version 5: the list's sync-state order breaks ties by id instead of by due date. Every acknowledged push
// moves its rows from 'dirty' to 'synced' in this index: keyed by due date the entries landed all over the index
// (a 10,000-row push rewrote about 300 of its 16 KB pages per 500-row batch, 28% of the device's push work);
// keyed by id, a batch of new rows moves as one run, and the entries are half the size. The list still reads
// its first screen straight from the index. A bulk rebuild still pending from an interrupted first pull must not
// bring the old index back, so it leaves the saved rebuild statements too.
QStringList version5()
{
    return {
        QStringLiteral("DROP INDEX IF EXISTS work_orders_list_sync_status"),
        QStringLiteral("UPDATE meta SET value = (SELECT json_group_array(j.value) FROM json_each(meta.value) AS j"
                       " WHERE j.value NOT LIKE 'CREATE INDEX work_orders_list_sync_status %')"
                       " WHERE key = 'sync_bulk_rebuild' AND json_valid(value)"),
        QStringLiteral("CREATE INDEX work_orders_list_sync ON work_orders (sync_status, id) WHERE deleted = 0"),
    };
}

QString tr(const char* text)
{
    return QCoreApplication::translate("fieldsync::LocalStore", text);
}

bool run(QSqlQuery& q, const QString& sql, QString* error)
{
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

int latestVersion()
{
    return 5;
}

QStringList statements(int version)
{
    switch (version) {
    case 1:
        return version1();
    case 2:
        return version2();
    case 3:
        return version3();
    case 4:
        return version4();
    case 5:
        return version5();
    default:
        return {};
    }
}

int currentVersion(const QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

bool migrate(const QSqlDatabase& db, QString* error)
{
    QString message;
    const int start = currentVersion(db, &message);
    if (start < 0) {
        if (error)
            *error = message;
        return false;
    }
    if (start > latestVersion()) {
        if (error)
            *error = tr("The database was written by a newer version of FieldSync (schema %1, this version "
                        "understands up to %2).")
                         .arg(start)
                         .arg(latestVersion());
        return false;
    }
    QSqlQuery q(db);
    for (int version = start + 1; version <= latestVersion(); ++version) {
        if (!run(q, QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
        // Another connection may have migrated while this one waited for the write lock.
        const int now = currentVersion(db, &message);
        bool ok = now >= 0;
        if (ok && now < version) {
            for (const QString& sql : statements(version)) {
                if (!(ok = run(q, sql, &message)))
                    break;
            }
            ok = ok && run(q, QStringLiteral("PRAGMA user_version = %1").arg(version), &message);
        }
        ok = ok && run(q, QStringLiteral("COMMIT"), &message);
        if (!ok) {
            q.exec(QStringLiteral("ROLLBACK"));
            if (error)
                *error = tr("Upgrading the database to schema %1 failed: %2").arg(version).arg(message);
            return false;
        }
    }
    return true;
}

} // namespace fieldsync::migrations
