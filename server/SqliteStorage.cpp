#include "SqliteStorage.h"

#include "SqliteRaw.h"
#include "StorageCodec.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QThreadStorage>

#include <sqlite3.h>

#include <atomic>
#include <map>
#include <memory>

namespace fieldsync::server {

namespace {

std::atomic<quint64> s_nextInstance { 1 };

constexpr int SchemaVersion = 1;

const char* const SchemaV1[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, technician TEXT NOT NULL,"
    " role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL DEFAULT 0, app_version TEXT NOT NULL DEFAULT '',"
    " clock_skew_ms INTEGER NOT NULL DEFAULT 0, pending INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS rows (tbl TEXT NOT NULL, id TEXT NOT NULL, vals TEXT NOT NULL,"
    " clocks TEXT NOT NULL, authors TEXT NOT NULL, deleted INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL, bucket INTEGER NOT NULL, PRIMARY KEY (tbl, id))",
    "CREATE UNIQUE INDEX IF NOT EXISTS rows_seq ON rows(seq)",
    "CREATE INDEX IF NOT EXISTS rows_bucket ON rows(tbl, bucket)",
    "CREATE INDEX IF NOT EXISTS rows_tombstones ON rows(deleted, updated_at)",
    "CREATE TABLE IF NOT EXISTS ops (op_id TEXT PRIMARY KEY, device TEXT NOT NULL, result TEXT NOT NULL,"
    " created_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ops_created ON ops(created_at)",
    "CREATE TABLE IF NOT EXISTS conflicts (id TEXT PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
    " winner_device TEXT NOT NULL, loser_device TEXT NOT NULL, open INTEGER NOT NULL, created_at INTEGER NOT NULL,"
    " record TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS conflicts_open ON conflicts(open, created_at)",
    "CREATE INDEX IF NOT EXISTS conflicts_winner ON conflicts(winner_device)",
    "CREATE INDEX IF NOT EXISTS conflicts_loser ON conflicts(loser_device)",
    "CREATE TABLE IF NOT EXISTS latency_samples (sample_id TEXT PRIMARY KEY, device TEXT NOT NULL,"
    " at INTEGER NOT NULL, latency_ms INTEGER NOT NULL, source TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS latency_at ON latency_samples(at)",
    "CREATE TABLE IF NOT EXISTS telemetry_events (id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL,"
    " received_at INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, level TEXT NOT NULL,"
    " message TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS events_device ON telemetry_events(device, id)",
    "CREATE INDEX IF NOT EXISTS events_received ON telemetry_events(received_at)",
    "CREATE TABLE IF NOT EXISTS audits (id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL,"
    " tbl TEXT NOT NULL, at INTEGER NOT NULL, result TEXT NOT NULL, device_count INTEGER NOT NULL,"
    " server_count INTEGER NOT NULL, mismatched INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS audits_device ON audits(device, id)",
    "INSERT OR IGNORE INTO meta(key, value) VALUES ('seq', '0')",
    "INSERT OR IGNORE INTO meta(key, value) VALUES ('purge_watermark', '0')",
};

// Event and latency history kept for the fleet panel.
constexpr qint64 HistoryMs = 30LL * 24 * 3600 * 1000;

bool isBusy(const QSqlError& e)
{
    const QString text = e.nativeErrorCode();
    return text == QLatin1String("5") || text == QLatin1String("6") || e.databaseText().contains(u"locked");
}

} // namespace

class SqliteStorage::Connection
{
public:
    Connection(const QString& path, quint64 instance)
        : m_name(QStringLiteral("fieldsync-server-%1-%2")
                     .arg(instance)
                     .arg(reinterpret_cast<quintptr>(QThread::currentThreadId())))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
        if (!m_db.open())
            throw StorageError(false, QStringLiteral("cannot open %1: %2").arg(path, m_db.lastError().text()));
        exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    ~Connection()
    {
        m_raw.reset(); // finalised while the connection is open
        m_cache.clear();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    void exec(const QString& sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            fail(q.lastError());
    }

    // A cached prepared statement; the caller binds, runs it with run() and finishes it.
    QSqlQuery& prepared(const char* sql)
    {
        auto it = m_cache.find(sql);
        if (it == m_cache.end()) {
            auto q = std::make_unique<QSqlQuery>(m_db);
            q->setForwardOnly(true);
            if (!q->prepare(QString::fromUtf8(sql)))
                fail(q->lastError());
            it = m_cache.emplace(sql, std::move(q)).first;
        }
        return *it->second;
    }

    // A cached statement prepared with the SQLite API on this connection's handle (models/SqliteRaw), for hot
    // paths that take the stored UTF-8 text as it is; see RawQuery below.
    fieldsync::RawQuery raw(const char* sql)
    {
        if (!m_raw)
            m_raw = std::make_unique<fieldsync::RawStatements>(m_db);
        QString error;
        sqlite3_stmt* stmt = m_raw->get(QByteArray::fromRawData(sql, qsizetype(qstrlen(sql))), &error);
        if (!stmt)
            throw StorageError(false, error);
        return fieldsync::RawQuery(stmt);
    }

    static void run(QSqlQuery& q)
    {
        // A null QString binds as SQL NULL: every text column is NOT NULL and "" is meant.
        const QVariantList values = q.boundValues();
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (values[i].typeId() == QMetaType::QString && values[i].toString().isNull())
                q.bindValue(int(i), QStringLiteral(""));
        }
        if (!q.exec()) {
            const QSqlError e = q.lastError();
            q.finish();
            fail(e);
        }
    }

    [[noreturn]] static void fail(const QSqlError& e) { throw StorageError(isBusy(e), e.text()); }

    // RAII BEGIN IMMEDIATE … COMMIT, rolled back when an exception leaves the scope.
    class Transaction
    {
    public:
        explicit Transaction(Connection& c)
            : m_c(c)
        {
            m_c.exec(QStringLiteral("BEGIN IMMEDIATE"));
        }
        ~Transaction()
        {
            if (!m_done) {
                QSqlQuery q(m_c.m_db);
                q.exec(QStringLiteral("ROLLBACK"));
            }
        }
        void commit()
        {
            m_c.exec(QStringLiteral("COMMIT"));
            m_done = true;
        }

    private:
        Connection& m_c;
        bool m_done = false;
    };

    QSqlDatabase m_db;

private:
    QString m_name;
    std::map<const char*, std::unique_ptr<QSqlQuery>> m_cache;
    std::unique_ptr<fieldsync::RawStatements> m_raw;
};

namespace {

// This thread's connections, keyed by storage instance. Held in a QThreadStorage, not a thread_local: Qt
// destroys QThreadStorage entries inside the finishing thread before QThread::wait() returns, whereas thread_local
// destructors run after it, while the main thread may already be in exit(). A stopping server's request threads
// then closed their connections against libraries exit() was tearing down (seen: QSqlDatabase::removeDatabase on
// Qt SQL's destroyed connection registry, SIGSEGV after SIGTERM).
using ConnectionMap = std::map<quint64, std::unique_ptr<SqliteStorage::Connection>>;

ConnectionMap& threadConnections()
{
    static QThreadStorage<ConnectionMap*> storage;
    if (!storage.hasLocalData())
        storage.setLocalData(new ConnectionMap);
    return *storage.localData();
}

// One run of a cached raw statement (Connection::raw) that throws StorageError when a step fails (busy or
// locked: unavailable, the client retries); reset when it goes out of scope.
class RawQuery
{
public:
    RawQuery(SqliteStorage::Connection& c, const char* sql)
        : m_q(c.raw(sql))
    { }

    void bind(int index, QByteArrayView utf8) { m_q.bind(index, utf8); }
    void bind(int index, const QByteArray& utf8) { m_q.bind(index, utf8); }
    void bind(int index, const QString& text) { m_q.bind(index, text); }
    void bind(int index, qint64 value) { m_q.bind(index, value); }
    // Steps once: true with a row, false when done; throws on errors.
    bool next()
    {
        if (m_q.next())
            return true;
        if (!m_q.ok())
            fail();
        return false;
    }
    // Runs a statement that returns no rows, ready to be bound again.
    void exec()
    {
        if (!m_q.exec())
            fail();
    }
    void reset() { m_q.reset(); }
    QByteArrayView text(int column) const { return m_q.text(column); }
    QString string(int column) const { return m_q.string(column); }
    qint64 integer(int column) const { return m_q.integer(column); }

private:
    [[noreturn]] void fail()
    {
        const int primary = m_q.resultCode() & 0xff;
        const QString message = m_q.error();
        m_q.reset();
        throw StorageError(primary == SQLITE_BUSY || primary == SQLITE_LOCKED, message);
    }

    fieldsync::RawQuery m_q;
};

protocol::Row rowFromQuery(const QSqlQuery& q, int first)
{
    // columns: tbl, id, vals, clocks, authors, seq
    protocol::Row row;
    row.table = q.value(first).toString();
    row.id = q.value(first + 1).toString();
    row.values = codec::objectFromText(q.value(first + 2).toString().toUtf8());
    row.clocks = codec::stringMapFromText(q.value(first + 3).toString().toUtf8());
    row.authors = codec::stringMapFromText(q.value(first + 4).toString().toUtf8());
    row.seq = q.value(first + 5).toLongLong();
    return row;
}

DeviceRecord deviceFromQuery(const QSqlQuery& q)
{
    DeviceRecord d;
    d.id = q.value(0).toString();
    d.name = q.value(1).toString();
    d.technician = q.value(2).toString();
    d.role = q.value(3).toString();
    d.tokenHash = q.value(4).toString().toLatin1();
    d.revoked = q.value(5).toLongLong() != 0;
    d.createdAtMs = q.value(6).toLongLong();
    d.lastSeenMs = q.value(7).toLongLong();
    d.appVersion = q.value(8).toString();
    d.clockSkewMs = q.value(9).toLongLong();
    d.pendingChanges = q.value(10).toLongLong();
    return d;
}

constexpr char DeviceColumns[]
    = "id, name, technician, role, token_hash, revoked, created_at, last_seen, app_version, clock_skew_ms, pending";

protocol::ConflictRecord conflictFromText(const QString& text)
{
    auto parsed = protocol::ConflictRecord::fromJson(codec::objectFromText(text.toUtf8()));
    return parsed.value.value_or(protocol::ConflictRecord {});
}

qint64 metaValue(SqliteStorage::Connection& c, const char* key)
{
    QSqlQuery& q = c.prepared("SELECT value FROM meta WHERE key = ?");
    q.bindValue(0, QString::fromLatin1(key));
    SqliteStorage::Connection::run(q);
    const qint64 v = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return v;
}

void setMetaValue(SqliteStorage::Connection& c, const char* key, qint64 value)
{
    QSqlQuery& q = c.prepared("INSERT INTO meta(key, value) VALUES (?, ?)"
                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bindValue(0, QString::fromLatin1(key));
    q.bindValue(1, QString::number(value));
    SqliteStorage::Connection::run(q);
    q.finish();
}

// Upserts rows with new seq values taken from the meta counter (the caller holds the write lock); returns the
// counter before them (see PushTransaction::writeRows).
qint64 writeRowsLocked(
    SqliteStorage::Connection& c, QList<protocol::Row>& rows, qint64 nowMs, QList<EncodedRow>* encoded = nullptr)
{
    if (rows.isEmpty())
        return 0;
    const qint64 head = metaValue(c, "seq");
    qint64 seq = head;
    RawQuery q(c,
        "INSERT INTO rows(tbl, id, vals, clocks, authors, deleted, seq, updated_at, bucket)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(tbl, id) DO UPDATE SET vals = excluded.vals,"
        " clocks = excluded.clocks, authors = excluded.authors, deleted = excluded.deleted, seq = excluded.seq,"
        " updated_at = excluded.updated_at");
    if (encoded)
        encoded->clear();
    for (protocol::Row& row : rows) {
        row.seq = ++seq;
        EncodedRow text = codec::encodeRow(row);
        q.bind(1, row.table);
        q.bind(2, row.id);
        q.bind(3, text.values);
        q.bind(4, text.clocks);
        q.bind(5, text.authors);
        q.bind(6, qint64(row.deleted() ? 1 : 0));
        q.bind(7, row.seq);
        q.bind(8, nowMs);
        q.bind(9, qint64(codec::bucketOf(row.id)));
        q.exec();
        if (encoded)
            encoded->append(std::move(text));
    }
    setMetaValue(c, "seq", seq);
    return head;
}

class SqlitePushTransaction final : public PushTransaction
{
public:
    explicit SqlitePushTransaction(SqliteStorage::Connection& c)
        : m_c(c)
    { }

    QHash<QString, StoredOp> ops(const QStringList& opIds) override
    {
        QHash<QString, StoredOp> found;
        RawQuery q(m_c, "SELECT device, result, created_at FROM ops WHERE op_id = ?1");
        for (const QString& id : opIds) {
            q.bind(1, id);
            if (q.next())
                found.insert(id, StoredOp { id, q.string(0), q.text(1).toByteArray(), q.integer(2) });
            q.reset();
        }
        return found;
    }

    QHash<RowKey, protocol::Row> rows(const QList<RowKey>& keys) override
    {
        QHash<RowKey, protocol::Row> found;
        RawQuery q(m_c, "SELECT vals, clocks, authors, seq FROM rows WHERE tbl = ?1 AND id = ?2");
        for (const RowKey& k : keys) {
            q.bind(1, k.table);
            q.bind(2, k.id);
            if (q.next()) {
                protocol::Row row;
                row.table = k.table;
                row.id = k.id;
                row.values = codec::objectFromText(q.text(0).toByteArray());
                row.clocks = codec::stringMapFromText(q.text(1).toByteArray());
                row.authors = codec::stringMapFromText(q.text(2).toByteArray());
                row.seq = q.integer(3);
                found.insert(k, row);
            }
            q.reset();
        }
        return found;
    }

    void insertConflicts(const QList<StoredConflict>& conflicts) override
    {
        QSqlQuery& q = m_c.prepared("INSERT OR IGNORE INTO conflicts(id, tbl, row_id, winner_device, loser_device,"
                                    " open, created_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (const StoredConflict& c : conflicts) {
            q.bindValue(0, c.record.id);
            q.bindValue(1, c.record.table);
            q.bindValue(2, c.record.rowId);
            q.bindValue(3, c.record.winnerDevice);
            q.bindValue(4, c.record.loserDevice);
            q.bindValue(5, c.record.resolution.isEmpty() ? 1 : 0);
            q.bindValue(6, c.createdAtMs);
            q.bindValue(7, QString::fromUtf8(codec::toJsonText(c.record.toJson())));
            SqliteStorage::Connection::run(q);
        }
        q.finish();
    }

    void insertLatency(const QList<LatencyRecord>& samples) override { insertLatencyRows(m_c, samples); }

    qint64 writeRows(QList<protocol::Row>& rows, qint64 nowMs, QList<EncodedRow>* encoded) override
    {
        return writeRowsLocked(m_c, rows, nowMs, encoded);
    }

    void insertOps(const QList<StoredOp>& ops) override
    {
        RawQuery q(m_c, "INSERT OR IGNORE INTO ops(op_id, device, result, created_at) VALUES (?1, ?2, ?3, ?4)");
        for (const StoredOp& op : ops) {
            q.bind(1, op.opId);
            q.bind(2, op.deviceId);
            q.bind(3, op.result);
            q.bind(4, op.createdAtMs);
            q.exec();
        }
    }

    static void insertLatencyRows(SqliteStorage::Connection& c, const QList<LatencyRecord>& samples)
    {
        RawQuery q(c,
            "INSERT INTO latency_samples(sample_id, device, at, latency_ms, source)"
            " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(sample_id) DO UPDATE SET"
            " latency_ms = excluded.latency_ms, source = excluded.source");
        for (const LatencyRecord& sample : samples) {
            q.bind(1, sample.sampleId);
            q.bind(2, sample.deviceId);
            q.bind(3, sample.atMs);
            q.bind(4, sample.latencyMs);
            q.bind(5, sample.source);
            q.exec();
        }
    }

private:
    SqliteStorage::Connection& m_c;
};

} // namespace

SqliteStorage::SqliteStorage(QString path)
    : m_path(std::move(path))
    , m_instance(s_nextInstance++)
{ }

SqliteStorage::~SqliteStorage()
{
    threadConnections().erase(m_instance);
}

SqliteStorage::Connection& SqliteStorage::connection()
{
    ConnectionMap& connections = threadConnections();
    auto it = connections.find(m_instance);
    if (it == connections.end())
        it = connections.emplace(m_instance, std::make_unique<Connection>(m_path, m_instance)).first;
    return *it->second;
}

void SqliteStorage::migrate()
{
    QMutexLocker writer(&m_writeMutex);
    const QFileInfo info(m_path);
    if (!info.dir().exists() && !QDir().mkpath(info.absolutePath()))
        throw StorageError(false, QStringLiteral("cannot create directory %1").arg(info.absolutePath()));
    Connection& c = connection();
    Connection::Transaction tx(c);
    QSqlQuery version(c.m_db);
    int current = 0;
    if (version.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")) && version.next())
        current = version.value(0).toInt();
    version.finish();
    if (current > SchemaVersion)
        throw StorageError(
            false, QStringLiteral("database schema %1 is newer than this server (%2)").arg(current).arg(SchemaVersion));
    if (current < 1) {
        for (const char* sql : SchemaV1)
            c.exec(QString::fromUtf8(sql));
    }
    c.exec(
        QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '%1')").arg(SchemaVersion));
    tx.commit();
}

void SqliteStorage::ping()
{
    QSqlQuery& q = connection().prepared("SELECT 1");
    Connection::run(q);
    q.finish();
}

std::optional<DeviceRecord> SqliteStorage::deviceByTokenHash(const QByteArray& tokenHash)
{
    static const QByteArray sql = QByteArray("SELECT ") + DeviceColumns + " FROM devices WHERE token_hash = ?";
    QSqlQuery& q = connection().prepared(sql.constData());
    q.bindValue(0, QString::fromLatin1(tokenHash));
    Connection::run(q);
    std::optional<DeviceRecord> d;
    if (q.next())
        d = deviceFromQuery(q);
    q.finish();
    return d;
}

std::optional<DeviceRecord> SqliteStorage::device(const QString& id)
{
    static const QByteArray sql = QByteArray("SELECT ") + DeviceColumns + " FROM devices WHERE id = ?";
    QSqlQuery& q = connection().prepared(sql.constData());
    q.bindValue(0, id);
    Connection::run(q);
    std::optional<DeviceRecord> d;
    if (q.next())
        d = deviceFromQuery(q);
    q.finish();
    return d;
}

QList<DeviceRecord> SqliteStorage::devices()
{
    static const QByteArray sql = QByteArray("SELECT ") + DeviceColumns + " FROM devices ORDER BY created_at, id";
    QSqlQuery& q = connection().prepared(sql.constData());
    Connection::run(q);
    QList<DeviceRecord> list;
    while (q.next())
        list.append(deviceFromQuery(q));
    q.finish();
    return list;
}

void SqliteStorage::insertDevice(const DeviceRecord& d)
{
    QMutexLocker writer(&m_writeMutex);
    QSqlQuery& q = connection().prepared("INSERT INTO devices(id, name, technician, role, token_hash, revoked,"
                                         " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bindValue(0, d.id);
    q.bindValue(1, d.name);
    q.bindValue(2, d.technician);
    q.bindValue(3, d.role);
    q.bindValue(4, QString::fromLatin1(d.tokenHash));
    q.bindValue(5, d.revoked ? 1 : 0);
    q.bindValue(6, d.createdAtMs);
    Connection::run(q);
    q.finish();
}

bool SqliteStorage::revokeDevice(const QString& id)
{
    QMutexLocker writer(&m_writeMutex);
    QSqlQuery& q = connection().prepared("UPDATE devices SET revoked = 1 WHERE id = ?");
    q.bindValue(0, id);
    Connection::run(q);
    const bool found = q.numRowsAffected() > 0;
    q.finish();
    return found;
}

void SqliteStorage::touchDevice(const QString& id, qint64 lastSeenMs)
{
    QMutexLocker writer(&m_writeMutex);
    QSqlQuery& q = connection().prepared("UPDATE devices SET last_seen = ? WHERE id = ? AND last_seen < ?");
    q.bindValue(0, lastSeenMs);
    q.bindValue(1, id);
    q.bindValue(2, lastSeenMs);
    Connection::run(q);
    q.finish();
}

void SqliteStorage::updateDeviceHealth(
    const QString& id, qint64 lastSeenMs, const QString& appVersion, qint64 pending, qint64 skewMs)
{
    QMutexLocker writer(&m_writeMutex);
    QSqlQuery& q = connection().prepared("UPDATE devices SET last_seen = max(last_seen, ?), app_version = ?,"
                                         " pending = ?, clock_skew_ms = ? WHERE id = ?");
    q.bindValue(0, lastSeenMs);
    q.bindValue(1, appVersion);
    q.bindValue(2, pending);
    q.bindValue(3, skewMs);
    q.bindValue(4, id);
    Connection::run(q);
    q.finish();
}

void SqliteStorage::pushTransaction(const QList<RowKey>&, const std::function<void(PushTransaction&)>& body)
{
    QMutexLocker writer(&m_writeMutex);
    Connection& c = connection();
    Connection::Transaction tx(c);
    SqlitePushTransaction push(c);
    body(push);
    tx.commit();
}

ChangesRead SqliteStorage::changes(qint64 afterSeq, int limit)
{
    Connection& c = connection();
    ChangesRead read;
    QSqlQuery& q
        = c.prepared("SELECT tbl, id, vals, clocks, authors, seq FROM rows WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bindValue(0, afterSeq);
    q.bindValue(1, limit + 1);
    Connection::run(q);
    while (q.next()) {
        if (read.rows.size() == limit) {
            read.hasMore = true;
            break;
        }
        read.rows.append(rowFromQuery(q, 0));
    }
    q.finish();
    read.watermark = metaValue(c, "purge_watermark");
    read.maxSeq = metaValue(c, "seq");
    return read;
}

bool SqliteStorage::encodedChanges(qint64 afterSeq, int limit, EncodedChanges& out)
{
    // Rows are stored as the compact JSON protocol::serialize writes (codec::toJsonText), so a row of the page
    // is its stored members put together in the writer's member order: authors, clocks, id, seq, table, values.
    Connection& c = connection();
    out = EncodedChanges {};
    {
        RawQuery q(c, "SELECT tbl, id, vals, clocks, authors, seq FROM rows WHERE seq > ?1 ORDER BY seq LIMIT ?2");
        q.bind(1, afterSeq);
        q.bind(2, qint64(limit) + 1);
        QByteArray& json = out.rowsJson;
        json.reserve(qsizetype(qMin(limit, 500)) * 1400);
        json.append('[');
        while (q.next()) {
            if (out.count == limit) {
                out.hasMore = true;
                break;
            }
            if (out.count > 0)
                json.append(',');
            const QByteArrayView clocks = q.text(3);
            json.append("{\"authors\":");
            json.append(q.text(4));
            json.append(",\"clocks\":");
            json.append(clocks);
            json.append(",\"id\":");
            codec::appendJsonStringUtf8(json, q.text(1));
            out.lastSeq = q.integer(5);
            json.append(",\"seq\":");
            json.append(QByteArray::number(out.lastSeq));
            json.append(",\"table\":");
            codec::appendJsonStringUtf8(json, q.text(0));
            json.append(",\"values\":");
            json.append(q.text(2));
            json.append('}');
            const QByteArrayView rowMax = codec::maxClockOfText(clocks);
            if (QByteArrayView(out.maxClock) < rowMax)
                out.maxClock = rowMax.toByteArray();
            ++out.count;
        }
        json.append(']');
    }
    out.watermark = metaValue(c, "purge_watermark");
    out.maxSeq = metaValue(c, "seq");
    return true;
}

QList<protocol::Row> SqliteStorage::tableRows(const QString& table, std::optional<int> bucket)
{
    Connection& c = connection();
    QSqlQuery& q = bucket
        ? c.prepared("SELECT tbl, id, vals, clocks, authors, seq FROM rows"
                     " WHERE tbl = ? AND bucket = ? ORDER BY id")
        : c.prepared("SELECT tbl, id, vals, clocks, authors, seq FROM rows WHERE tbl = ? ORDER BY id");
    q.bindValue(0, table);
    if (bucket)
        q.bindValue(1, *bucket);
    Connection::run(q);
    QList<protocol::Row> rows;
    while (q.next())
        rows.append(rowFromQuery(q, 0));
    q.finish();
    return rows;
}

std::optional<protocol::Row> SqliteStorage::row(const QString& table, const QString& id)
{
    QSqlQuery& q
        = connection().prepared("SELECT tbl, id, vals, clocks, authors, seq FROM rows WHERE tbl = ? AND id = ?");
    q.bindValue(0, table);
    q.bindValue(1, id);
    Connection::run(q);
    std::optional<protocol::Row> row;
    if (q.next())
        row = rowFromQuery(q, 0);
    q.finish();
    return row;
}

QList<protocol::Row> SqliteStorage::tableRowsAfter(const QString& table, const QString& afterId, int limit)
{
    QSqlQuery& q = connection().prepared(
        "SELECT tbl, id, vals, clocks, authors, seq FROM rows WHERE tbl = ? AND id > ? ORDER BY id LIMIT ?");
    q.bindValue(0, table);
    q.bindValue(1, afterId);
    q.bindValue(2, limit);
    Connection::run(q);
    QList<protocol::Row> rows;
    while (q.next())
        rows.append(rowFromQuery(q, 0));
    q.finish();
    return rows;
}

QList<protocol::ConflictRecord> SqliteStorage::conflicts(bool openOnly, const QString& deviceId, int limit)
{
    Connection& c = connection();
    QSqlQuery& q = c.prepared("SELECT record FROM conflicts WHERE (? = 0 OR open = 1)"
                              " AND (? = '' OR winner_device = ? OR loser_device = ?)"
                              " ORDER BY created_at DESC, id DESC LIMIT ?");
    // A null QString binds as SQL NULL, and NULL = '' is not true: "all devices" must bind ''.
    const QString device = deviceId.isNull() ? QStringLiteral("") : deviceId;
    q.bindValue(0, openOnly ? 1 : 0);
    q.bindValue(1, device);
    q.bindValue(2, device);
    q.bindValue(3, device);
    q.bindValue(4, limit);
    Connection::run(q);
    QList<protocol::ConflictRecord> list;
    while (q.next())
        list.append(conflictFromText(q.value(0).toString()));
    q.finish();
    return list;
}

std::optional<protocol::ConflictRecord> SqliteStorage::conflict(const QString& id)
{
    QSqlQuery& q = connection().prepared("SELECT record FROM conflicts WHERE id = ?");
    q.bindValue(0, id);
    Connection::run(q);
    std::optional<protocol::ConflictRecord> c;
    if (q.next())
        c = conflictFromText(q.value(0).toString());
    q.finish();
    return c;
}

bool SqliteStorage::resolveConflict(const QString& id,
    const std::function<Resolution(const protocol::ConflictRecord&, const std::optional<protocol::Row>&)>& decide,
    qint64 nowMs)
{
    QMutexLocker writer(&m_writeMutex);
    Connection& c = connection();
    Connection::Transaction tx(c);
    const std::optional<protocol::ConflictRecord> current = conflict(id);
    if (!current)
        return false;
    const Resolution resolution = decide(*current, row(current->table, current->rowId));
    QSqlQuery& q = c.prepared("UPDATE conflicts SET open = 0, record = ? WHERE id = ?");
    q.bindValue(0, QString::fromUtf8(codec::toJsonText(resolution.record.toJson())));
    q.bindValue(1, id);
    Connection::run(q);
    q.finish();
    if (resolution.row) {
        QList<protocol::Row> rows { *resolution.row };
        writeRowsLocked(c, rows, nowMs);
    }
    tx.commit();
    return true;
}

void SqliteStorage::insertTelemetry(const QList<LatencyRecord>& samples, const QList<EventRecord>& events)
{
    QMutexLocker writer(&m_writeMutex);
    Connection& c = connection();
    Connection::Transaction tx(c);
    SqlitePushTransaction::insertLatencyRows(c, samples);
    QSqlQuery& q = c.prepared("INSERT INTO telemetry_events(device, received_at, at, kind, level, message, data)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const EventRecord& e : events) {
        q.bindValue(0, e.deviceId);
        q.bindValue(1, e.receivedAtMs);
        q.bindValue(2, e.event.atMs);
        q.bindValue(3, e.event.kind);
        q.bindValue(4, e.event.level);
        q.bindValue(5, e.event.message);
        q.bindValue(6, QString::fromUtf8(codec::toJsonText(e.event.data)));
        Connection::run(q);
    }
    q.finish();
    tx.commit();
}

void SqliteStorage::insertAudit(const AuditRecord& a)
{
    QMutexLocker writer(&m_writeMutex);
    QSqlQuery& q = connection().prepared("INSERT INTO audits(device, tbl, at, result, device_count, server_count,"
                                         " mismatched) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bindValue(0, a.deviceId);
    q.bindValue(1, a.table);
    q.bindValue(2, a.atMs);
    q.bindValue(3, a.result);
    q.bindValue(4, a.deviceCount);
    q.bindValue(5, a.serverCount);
    q.bindValue(6, a.mismatchedBuckets);
    Connection::run(q);
    q.finish();
}

QList<LatencyRecord> SqliteStorage::latencySince(qint64 sinceMs)
{
    QSqlQuery& q = connection().prepared(
        "SELECT sample_id, device, at, latency_ms, source FROM latency_samples WHERE at >= ? ORDER BY at");
    q.bindValue(0, sinceMs);
    Connection::run(q);
    QList<LatencyRecord> list;
    while (q.next())
        list.append(LatencyRecord { q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
            q.value(3).toLongLong(), q.value(4).toString() });
    q.finish();
    return list;
}

QHash<QString, AuditRecord> SqliteStorage::latestAudits()
{
    QSqlQuery& q = connection().prepared(
        "SELECT a.device, a.tbl, a.at, a.result, a.device_count, a.server_count, a.mismatched FROM audits a"
        " JOIN (SELECT device, max(id) AS id FROM audits GROUP BY device) m ON m.id = a.id");
    Connection::run(q);
    QHash<QString, AuditRecord> map;
    while (q.next()) {
        AuditRecord a { q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
            q.value(4).toLongLong(), q.value(5).toLongLong(), q.value(6).toInt() };
        map.insert(a.deviceId, a);
    }
    q.finish();
    return map;
}

QHash<QString, qint64> SqliteStorage::openConflictCounts()
{
    QSqlQuery& q = connection().prepared(
        "SELECT device, count(*) FROM (SELECT id, winner_device AS device FROM conflicts WHERE open = 1"
        " UNION SELECT id, loser_device FROM conflicts WHERE open = 1) GROUP BY device"
        " UNION ALL SELECT '*', count(*) FROM conflicts WHERE open = 1");
    Connection::run(q);
    QHash<QString, qint64> map;
    while (q.next())
        map.insert(q.value(0).toString(), q.value(1).toLongLong());
    q.finish();
    return map;
}

QList<EventRecord> SqliteStorage::events(const QString& deviceId, int limit)
{
    QSqlQuery& q = connection().prepared("SELECT device, received_at, at, kind, level, message, data"
                                         " FROM telemetry_events WHERE device = ? ORDER BY id DESC LIMIT ?");
    q.bindValue(0, deviceId);
    q.bindValue(1, limit);
    Connection::run(q);
    QList<EventRecord> list;
    while (q.next()) {
        EventRecord e;
        e.deviceId = q.value(0).toString();
        e.receivedAtMs = q.value(1).toLongLong();
        e.event.atMs = q.value(2).toLongLong();
        e.event.kind = q.value(3).toString();
        e.event.level = q.value(4).toString();
        e.event.message = q.value(5).toString();
        e.event.data = codec::objectFromText(q.value(6).toString().toUtf8());
        list.append(e);
    }
    q.finish();
    return list;
}

qint64 SqliteStorage::purge(qint64 beforeMs)
{
    QMutexLocker writer(&m_writeMutex);
    Connection& c = connection();
    Connection::Transaction tx(c);
    QSqlQuery& maxQ
        = c.prepared("SELECT count(*), coalesce(max(seq), 0) FROM rows WHERE deleted = 1 AND updated_at < ?");
    maxQ.bindValue(0, beforeMs);
    Connection::run(maxQ);
    maxQ.next();
    const qint64 purged = maxQ.value(0).toLongLong();
    const qint64 maxSeq = maxQ.value(1).toLongLong();
    maxQ.finish();
    if (purged > 0) {
        QSqlQuery& del = c.prepared("DELETE FROM rows WHERE deleted = 1 AND updated_at < ?");
        del.bindValue(0, beforeMs);
        Connection::run(del);
        del.finish();
        if (maxSeq > metaValue(c, "purge_watermark"))
            setMetaValue(c, "purge_watermark", maxSeq);
    }
    QSqlQuery& ops = c.prepared("DELETE FROM ops WHERE created_at < ?");
    ops.bindValue(0, beforeMs);
    Connection::run(ops);
    ops.finish();
    const qint64 historyBefore = beforeMs < QDateTime::currentMSecsSinceEpoch() - HistoryMs
        ? beforeMs
        : QDateTime::currentMSecsSinceEpoch() - HistoryMs;
    QSqlQuery& lat = c.prepared("DELETE FROM latency_samples WHERE at < ?");
    lat.bindValue(0, historyBefore);
    Connection::run(lat);
    lat.finish();
    QSqlQuery& ev = c.prepared("DELETE FROM telemetry_events WHERE received_at < ?");
    ev.bindValue(0, historyBefore);
    Connection::run(ev);
    ev.finish();
    tx.commit();
    return purged;
}

qint64 SqliteStorage::purgeWatermark()
{
    return metaValue(connection(), "purge_watermark");
}

qint64 SqliteStorage::clockCeiling()
{
    return metaValue(connection(), "clock_ceiling");
}

void SqliteStorage::raiseClockCeiling(qint64 ms)
{
    QMutexLocker writer(&m_writeMutex);
    QSqlQuery& q = connection().prepared("INSERT INTO meta(key, value) VALUES ('clock_ceiling', ?)"
                                         " ON CONFLICT(key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER),"
                                         " CAST(excluded.value AS INTEGER)) AS TEXT)");
    q.bindValue(0, QString::number(ms));
    Connection::run(q);
    q.finish();
}

} // namespace fieldsync::server
