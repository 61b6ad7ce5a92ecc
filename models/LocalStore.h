#pragma once

#include "Hlc.h"

#include <QDate>
#include <QSqlDatabase>
#include <QString>
#include <QVariantMap>

#include <memory>
#include <optional>

class QSqlError;

namespace fieldsync {

class Clock;
class UlidGenerator;

struct StoreError
{
    // Invalid: an edit named an unknown table/field or carried a value the Schema refuses.
    // NotFound: an edit named a row that does not exist.
    enum Kind { None, MissingDirectory, ReadOnly, Corrupt, NewerSchema, Sql, Invalid, NotFound };
    Kind kind = None;
    QString message; // user-presentable, already translated by the caller's context where needed
    explicit operator bool() const { return kind != None; }
};

// The device's local SQLite database: the immediate authority for every edit.
//
// One LocalStore = one named QSqlDatabase connection, opened and used on one thread only (the UI's "ui",
// the worker's "sync"); the connection is removed in the destructor. WAL mode, synchronous=NORMAL,
// foreign keys on, busy timeout 5 s. open() applies forward-only migrations (PRAGMA user_version) and
// refuses databases from a newer schema, read-only files and corrupt files with a clear StoreError,
// never touching their data: an existing file is first inspected through a read-only connection
// (header, schema, user_version, and PRAGMA quick_check for files up to 64 MiB; see checkIntegrity()). A file counts as
// read-only when the process may not write it or when no write permission bit is set at all (so a file marked 0444 is
// refused even for root). A missing data directory is created when possible. Write transactions use BEGIN IMMEDIATE so
// two connections (UI and worker) wait for each other through the busy timeout instead of failing.
//
// Every local edit runs in one transaction: the row changes, each changed field and last_updated get a
// fresh HLC in field_clocks, the field enters the outbox (value, hlc, base clock, base text for long
// text, local edit time), and the row is marked sync_status='dirty'. Deletes are tombstones (deleted=1).
//
// Local schema (latest version), shared with the sync engine:
//   meta(key PRIMARY KEY, value)                    device_id, hlc, cursor, settings the worker keeps
//   work_orders(id, <synced fields>, created_at, last_updated, deleted, sync_status, field_clocks JSON)
//   outbox(tbl, row_id, field, value, hlc, base_hlc, base_text, edited_at, PRIMARY KEY(tbl,row_id,field))
//   conflicts, sync_log, latency_samples, quarantine  (see Migrations.cpp)
class LocalStore
{
public:
    explicit LocalStore(const Clock* wallClock = nullptr);
    ~LocalStore();
    LocalStore(const LocalStore&) = delete;
    LocalStore& operator=(const LocalStore&) = delete;

    // Share the device clock with another store of the same device (the worker's). Call before open().
    void shareClock(std::shared_ptr<HybridLogicalClock> hlc);

    bool open(const QString& path, const QString& connectionName);
    bool isOpen() const;
    void close();
    StoreError lastError() const { return m_error; }
    QSqlDatabase database() const;
    QString path() const { return m_path; }

    static int latestSchemaVersion();
    // Full structural check (PRAGMA quick_check) of a database file through its own read-only connection;
    // usable from any thread, e.g. a periodic audit. open() runs it itself only for files up to 64 MiB.
    static StoreError checkIntegrity(const QString& path);
    // Deletes a closed store: the database file with its -wal and -shm files. False (the file that stays in
    // *error) when one cannot be removed; files that are not there count as removed.
    static bool removeFiles(const QString& path, QString* error = nullptr);
    int schemaVersion() const;

    QString meta(const QString& key, const QString& defaultValue = {}) const;
    bool setMeta(const QString& key, const QString& value);

    QString deviceId() const; // ULID made on first open; the HLC node
    std::shared_ptr<HybridLogicalClock> hlc() const { return m_hlc; }
    const Clock* wallClock() const { return m_wallClock; }

    // Local edits. Unknown fields or invalid values fail with lastError() set and change nothing.
    QString insertRow(const QString& table, const QVariantMap& values); // returns the new ULID, empty on error
    bool updateRow(const QString& table, const QString& id, const QVariantMap& changes); // stamps changed fields only
    bool deleteRow(const QString& table, const QString& id);
    bool undeleteRow(const QString& table, const QString& id);

    // Current values (synced fields plus id, created_at, last_updated, sync_status), or nullopt.
    std::optional<QVariantMap> row(const QString& table, const QString& id) const;
    // {field: hlc string} for a row.
    QVariantMap fieldClocks(const QString& table, const QString& id) const;
    int rowCount(const QString& table, bool includeDeleted = false) const;
    int unsyncedRowCount() const; // rows with sync_status <> 'synced'
    int openConflictCount() const;

    // Writes the clock's latest reading to meta "hlc" unless a later one is stored. The store does this
    // itself inside every edit; the sync worker calls it after absorbing remote stamps.
    bool persistClock();

    // How seeded rows enter the store. LocalEdits: new local work, dirty, every field in the outbox (what
    // --demo does; the first sync uploads them). Synced: as if pulled from the server (sync_status 'synced',
    // no outbox entries): a device with a large synced history, for benchmarks. Synced is several times
    // faster and smaller at 100,000 rows because the outbox would hold 12 entries per row.
    enum class SeedMode { LocalEdits, Synced };

    // Seeds `count` deterministic, realistic work orders when the table is empty. Returns rows added.
    // Content (titles, customers, sites, assets, technicians, statuses, priorities, dates relative to
    // `anchor`, by default the wall clock's UTC date) depends only on `count` and `anchor`; ids and clocks
    // are fresh. One transaction with prepared statements.
    int seedDemoData(int count = 200);
    int seedDemoData(int count, QDate anchor, SeedMode mode = SeedMode::LocalEdits);

private:
    struct WriteTransaction;
    bool exec(const QString& sql);
    bool fail(StoreError::Kind kind, const QString& message);
    bool failQuery(const QSqlError& error, const QString& context);
    static StoreError inspect(const QString& path, bool fullCheck);
    bool applyEdit(const QString& table, const QString& id, const QVariantMap& changes);
    bool writeClock(const QString& hlc);
    HlcTimestamp stamp();

    const Clock* m_wallClock;
    std::shared_ptr<HybridLogicalClock> m_hlc;
    bool m_sharedClock = false;
    std::unique_ptr<UlidGenerator> m_ids;
    QString m_deviceId;
    QString m_connectionName;
    QString m_path;
    StoreError m_error;
};

} // namespace fieldsync
