#include "PostgresStorage.h"

#include "StorageCodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QThreadStorage>

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcServer)

namespace fieldsync::server {

namespace {

std::atomic<quint64> s_nextInstance { 1 };

constexpr int SchemaVersion = 2;
constexpr qint64 MigrationLockKey = 0x46530001; // session advisory lock while migrating
constexpr qint64 ChangeFeedLockKey = 0x46530002; // transaction advisory lock around seq assignment
constexpr qint64 HistoryMs = 30LL * 24 * 3600 * 1000;

const char SchemaV1[] = R"sql(
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE IF NOT EXISTS row_seq;
CREATE TABLE IF NOT EXISTS devices (id text PRIMARY KEY, name text NOT NULL, technician text NOT NULL,
  role text NOT NULL, token_hash text NOT NULL UNIQUE, revoked boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL, last_seen bigint NOT NULL DEFAULT 0, app_version text NOT NULL DEFAULT '',
  clock_skew_ms bigint NOT NULL DEFAULT 0, pending bigint NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS rows (tbl text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, vals jsonb NOT NULL, clocks jsonb NOT NULL,
  authors jsonb NOT NULL, deleted boolean NOT NULL, seq bigint NOT NULL, updated_at bigint NOT NULL,
  bucket integer NOT NULL, PRIMARY KEY (tbl, id));
CREATE UNIQUE INDEX IF NOT EXISTS rows_seq ON rows(seq);
CREATE INDEX IF NOT EXISTS rows_bucket ON rows(tbl, bucket);
CREATE INDEX IF NOT EXISTS rows_tombstones ON rows(updated_at) WHERE deleted;
CREATE TABLE IF NOT EXISTS ops (op_id text PRIMARY KEY, device text NOT NULL, result jsonb NOT NULL,
  created_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS ops_created ON ops(created_at);
CREATE TABLE IF NOT EXISTS conflicts (id text PRIMARY KEY, tbl text NOT NULL, row_id text NOT NULL,
  winner_device text NOT NULL, loser_device text NOT NULL, open boolean NOT NULL, created_at bigint NOT NULL,
  record jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS conflicts_open ON conflicts(open, created_at);
CREATE INDEX IF NOT EXISTS conflicts_winner ON conflicts(winner_device);
CREATE INDEX IF NOT EXISTS conflicts_loser ON conflicts(loser_device);
CREATE TABLE IF NOT EXISTS latency_samples (sample_id text PRIMARY KEY, device text NOT NULL, at bigint NOT NULL,
  latency_ms bigint NOT NULL, source text NOT NULL);
CREATE INDEX IF NOT EXISTS latency_at ON latency_samples(at);
CREATE TABLE IF NOT EXISTS telemetry_events (id bigserial PRIMARY KEY, device text NOT NULL,
  received_at bigint NOT NULL, at bigint NOT NULL, kind text NOT NULL, level text NOT NULL, message text NOT NULL,
  data jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS events_device ON telemetry_events(device, id);
CREATE INDEX IF NOT EXISTS events_received ON telemetry_events(received_at);
CREATE TABLE IF NOT EXISTS audits (id bigserial PRIMARY KEY, device text NOT NULL, tbl text NOT NULL,
  at bigint NOT NULL, result text NOT NULL, device_count bigint NOT NULL, server_count bigint NOT NULL,
  mismatched integer NOT NULL);
CREATE INDEX IF NOT EXISTS audits_device ON audits(device, id);
INSERT INTO meta(key, value) VALUES ('purge_watermark', '0') ON CONFLICT DO NOTHING;
)sql";

// Version 2: a row's values, clocks and authors are stored as json (their text as written) instead of jsonb.
// Nothing queries inside them; every read printed them back to text, and printing jsonb was most of what
// PostgreSQL did to serve a page: 100,000 rows in 0.74-0.88 s as jsonb, 0.15-0.18 s as json. Writing a 500-row
// batch through json_to_recordset took 8-9 ms instead of 12 (rows_write now sends column arrays instead). The rewrite
// keeps the old rows' text as jsonb printed it, which the page encoder reads as before. It rewrites the table under an
// exclusive lock: large hubs plan for it (docs/operations.md).
const char MigrationV2[] = R"sql(
ALTER TABLE rows ALTER COLUMN vals TYPE json USING vals::json, ALTER COLUMN clocks TYPE json USING clocks::json,
  ALTER COLUMN authors TYPE json USING authors::json;
)sql";

struct Stmt
{
    const char* name;
    const char* sql;
};

#define FS_DEVICE_COLUMNS                                                                                              \
    "id, name, technician, role, token_hash, revoked::int, created_at, last_seen, app_version, clock_skew_ms, pending"
#define FS_ROW_COLUMNS "tbl, id, vals::text, clocks::text, authors::text, seq"

const Stmt DeviceByToken { "device_by_token", "SELECT " FS_DEVICE_COLUMNS " FROM devices WHERE token_hash = $1" };
const Stmt DeviceById { "device_by_id", "SELECT " FS_DEVICE_COLUMNS " FROM devices WHERE id = $1" };
const Stmt DeviceList { "device_list", "SELECT " FS_DEVICE_COLUMNS " FROM devices ORDER BY created_at, id" };
const Stmt DeviceInsert { "device_insert",
    "INSERT INTO devices(id, name, technician, role, token_hash, revoked, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6::int::boolean, $7::bigint)" };
const Stmt DeviceRevoke { "device_revoke", "UPDATE devices SET revoked = true WHERE id = $1" };
const Stmt DeviceTouch { "device_touch",
    "UPDATE devices SET last_seen = $1::bigint WHERE id = $2 AND last_seen < $1::bigint" };
const Stmt DeviceHealth { "device_health",
    "UPDATE devices SET last_seen = greatest(last_seen, $1::bigint), app_version = $2, pending = $3::bigint,"
    " clock_skew_ms = $4::bigint WHERE id = $5" };
// Row locks: two-key advisory locks (18003, key) taken in ascending key order, so pushes never deadlock.
const Stmt RowLocks { "row_locks", "SELECT count(pg_advisory_xact_lock(18003, k)) FROM unnest($1::int4[]) AS k" };
// "= ANY (ARRAY(…))": an index scan whatever the statistics say. The join form "IN (SELECT …)" got a generic
// plan that read the whole table once ops held ~100,000 op ids: 7 ms for every one-change push.
const Stmt OpsFind { "ops_find",
    "SELECT op_id, device, result::text, created_at FROM ops"
    " WHERE op_id = ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))" };
// LATERAL: one primary-key probe per key of the batch, never a hash join over the whole table.
const Stmt RowsFind { "rows_find",
    "SELECT r.tbl, r.id, r.vals::text, r.clocks::text, r.authors::text, r.seq"
    " FROM jsonb_to_recordset($1::jsonb) AS k(tbl text, id text)"
    " CROSS JOIN LATERAL (SELECT * FROM rows x WHERE x.tbl = k.tbl AND x.id = k.id) r" };
const Stmt ConflictsInsert { "conflicts_insert",
    "INSERT INTO conflicts(id, tbl, row_id, winner_device, loser_device, open, created_at, record)"
    " SELECT x.id, x.tbl, x.row_id, x.winner_device, x.loser_device, x.open, x.created_at, x.record"
    " FROM jsonb_to_recordset($1::jsonb) AS x(id text, tbl text, row_id text, winner_device text,"
    " loser_device text, open boolean, created_at bigint, record jsonb) ON CONFLICT DO NOTHING" };
const Stmt LatencyInsert { "latency_insert",
    "INSERT INTO latency_samples(sample_id, device, at, latency_ms, source)"
    " SELECT x.sample_id, x.device, x.at, x.latency_ms, x.source FROM jsonb_to_recordset($1::jsonb)"
    " AS x(sample_id text, device text, at bigint, latency_ms bigint, source text)"
    " ON CONFLICT (sample_id) DO UPDATE SET latency_ms = excluded.latency_ms, source = excluded.source" };
const Stmt FeedLock { "feed_lock", "SELECT pg_advisory_xact_lock($1::bigint)" };
// The largest seq handed out so far (sequences are not transactional: read under the feed lock, this is the head
// the next rows_write draws above).
const Stmt FeedHead { "feed_head", "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM row_seq" };
// The columns as arrays in PostgreSQL's binary format (BinaryArray): no JSON document to take apart, only each
// row's three JSON texts to check (500 work orders: 14-15 ms through json_to_recordset, of which 10 ms taking
// the document apart; 7 ms from arrays).
const Stmt RowsWrite { "rows_write",
    "INSERT INTO rows(tbl, id, vals, clocks, authors, deleted, seq, updated_at, bucket)"
    " SELECT x.tbl, x.id, x.vals, x.clocks, x.authors, x.deleted, nextval('row_seq'), $8::bigint, x.bucket"
    " FROM unnest($1::text[], $2::text[], $3::json[], $4::json[], $5::json[], $6::bool[], $7::int4[])"
    " AS x(tbl, id, vals, clocks, authors, deleted, bucket)"
    " ON CONFLICT (tbl, id) DO UPDATE SET vals = excluded.vals, clocks = excluded.clocks,"
    " authors = excluded.authors, deleted = excluded.deleted, seq = excluded.seq, updated_at = excluded.updated_at"
    " RETURNING tbl, id, seq" };
const Stmt OpsInsert { "ops_insert",
    "INSERT INTO ops(op_id, device, result, created_at) SELECT x.op_id, x.device, x.result, x.created_at"
    " FROM jsonb_to_recordset($1::jsonb) AS x(op_id text, device text, result jsonb, created_at bigint)"
    " ON CONFLICT DO NOTHING" };
const Stmt ChangesSelect { "changes_read",
    "SELECT " FS_ROW_COLUMNS " FROM rows WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int" };
const Stmt WatermarkRead { "watermark_read", "SELECT value::bigint FROM meta WHERE key = 'purge_watermark'" };
const Stmt FeedBounds { "feed_bounds",
    "SELECT (SELECT value::bigint FROM meta WHERE key = 'purge_watermark'),"
    " (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM row_seq)" };
const Stmt TableRows { "table_rows", "SELECT " FS_ROW_COLUMNS " FROM rows WHERE tbl = $1 ORDER BY id COLLATE \"C\"" };
const Stmt BucketRows { "bucket_rows",
    "SELECT " FS_ROW_COLUMNS " FROM rows WHERE tbl = $1 AND bucket = $2::int ORDER BY id COLLATE \"C\"" };
const Stmt RowsAfter { "rows_after",
    "SELECT " FS_ROW_COLUMNS " FROM rows WHERE tbl = $1 AND id COLLATE \"C\" > $2 ORDER BY id COLLATE \"C\""
    " LIMIT $3::int" };
const Stmt RowRead { "row_read", "SELECT " FS_ROW_COLUMNS " FROM rows WHERE tbl = $1 AND id = $2" };
const Stmt ConflictList { "conflict_list",
    "SELECT record::text FROM conflicts WHERE ($1::int = 0 OR open)"
    " AND ($2 = '' OR winner_device = $2 OR loser_device = $2) ORDER BY created_at DESC, id DESC LIMIT $3::int" };
const Stmt ConflictRead { "conflict_read", "SELECT record::text FROM conflicts WHERE id = $1" };
const Stmt ConflictLock { "conflict_lock", "SELECT record::text FROM conflicts WHERE id = $1 FOR UPDATE" };
const Stmt ConflictResolve { "conflict_resolve",
    "UPDATE conflicts SET open = false, record = $1::jsonb WHERE id = $2" };
const Stmt EventsInsert { "events_insert",
    "INSERT INTO telemetry_events(device, received_at, at, kind, level, message, data)"
    " SELECT x.device, x.received_at, x.at, x.kind, x.level, x.message, x.data FROM jsonb_to_recordset($1::jsonb)"
    " AS x(n int, device text, received_at bigint, at bigint, kind text, level text, message text, data jsonb)"
    " ORDER BY x.n" };
const Stmt AuditInsert { "audit_insert",
    "INSERT INTO audits(device, tbl, at, result, device_count, server_count, mismatched)"
    " VALUES ($1, $2, $3::bigint, $4, $5::bigint, $6::bigint, $7::int)" };
const Stmt LatencySince { "latency_since",
    "SELECT sample_id, device, at, latency_ms, source FROM latency_samples WHERE at >= $1::bigint ORDER BY at" };
const Stmt LatestAudits { "latest_audits",
    "SELECT DISTINCT ON (device) device, tbl, at, result, device_count, server_count, mismatched FROM audits"
    " ORDER BY device, id DESC" };
const Stmt OpenConflictCounts { "open_conflict_counts",
    "SELECT device, count(*) FROM (SELECT id, winner_device AS device FROM conflicts WHERE open"
    " UNION SELECT id, loser_device FROM conflicts WHERE open) c GROUP BY device"
    " UNION ALL SELECT '*', count(*) FROM conflicts WHERE open" };
const Stmt EventsRead { "events_read",
    "SELECT device, received_at, at, kind, level, message, data::text FROM telemetry_events WHERE device = $1"
    " ORDER BY id DESC LIMIT $2::int" };
const Stmt PurgeRows { "purge_rows",
    "WITH d AS (DELETE FROM rows WHERE deleted AND updated_at < $1::bigint RETURNING seq)"
    " SELECT count(*), coalesce(max(seq), 0) FROM d" };
const Stmt PurgeWatermark { "purge_watermark",
    "UPDATE meta SET value = greatest(value::bigint, $1::bigint)::text WHERE key = 'purge_watermark'" };
const Stmt PurgeOps { "purge_ops", "DELETE FROM ops WHERE created_at < $1::bigint" };
const Stmt PurgeLatency { "purge_latency", "DELETE FROM latency_samples WHERE at < $1::bigint" };
const Stmt PurgeEvents { "purge_events", "DELETE FROM telemetry_events WHERE received_at < $1::bigint" };
const Stmt Ping { "ping", "SELECT 1" };
const Stmt ClockCeilingRead { "clock_ceiling_read", "SELECT value::bigint FROM meta WHERE key = 'clock_ceiling'" };
const Stmt ClockCeilingRaise { "clock_ceiling_raise",
    "INSERT INTO meta(key, value) VALUES ('clock_ceiling', $1::bigint::text)"
    " ON CONFLICT (key) DO UPDATE SET value = greatest(meta.value::bigint, excluded.value::bigint)::text" };

struct ResultDeleter
{
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

QByteArray num(qint64 v)
{
    return QByteArray::number(v);
}

QByteArray text(const QString& s)
{
    return s.toUtf8();
}

QByteArray json(const QJsonArray& a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

// A one-dimensional array without NULLs in PostgreSQL's binary format (array_send): dimensions, flags, the
// element type's OID, size and lower bound, then each element's length and bytes, integers big-endian.
class BinaryArray
{
public:
    static constexpr quint32 TextOid = 25;
    static constexpr quint32 JsonOid = 114;
    static constexpr quint32 BoolOid = 16;
    static constexpr quint32 Int4Oid = 23;

    BinaryArray(quint32 elementOid, qsizetype count, qsizetype bytesHint = 0)
    {
        m_data.reserve(20 + count * 4 + bytesHint);
        appendInt(1); // dimensions
        appendInt(0); // no NULLs
        appendInt(qint32(elementOid));
        appendInt(qint32(count));
        appendInt(1); // lower bound
    }
    void append(QByteArrayView bytes)
    {
        appendInt(qint32(bytes.size()));
        m_data.append(bytes);
    }
    void append(bool value)
    {
        appendInt(1);
        m_data.append(char(value ? 1 : 0));
    }
    void append(qint32 value)
    {
        appendInt(4);
        appendInt(value);
    }
    QByteArray take() { return std::move(m_data); }

private:
    void appendInt(qint32 v)
    {
        const quint32 u = quint32(v);
        const char bytes[4] = { char(u >> 24), char(u >> 16), char(u >> 8), char(u) };
        m_data.append(bytes, 4);
    }
    QByteArray m_data;
};

QString str(const PGresult* r, int row, int col)
{
    return QString::fromUtf8(PQgetvalue(r, row, col), PQgetlength(r, row, col));
}

QByteArray bytes(const PGresult* r, int row, int col)
{
    return QByteArray(PQgetvalue(r, row, col), PQgetlength(r, row, col));
}

qint64 int64(const PGresult* r, int row, int col)
{
    return QByteArray::fromRawData(PQgetvalue(r, row, col), PQgetlength(r, row, col)).toLongLong();
}

bool connectionClassError(const QByteArray& sqlstate)
{
    // 08: connection exception, 57P0x: admin/crash shutdown, cannot connect now; 53: insufficient resources
    return sqlstate.startsWith("08") || sqlstate.startsWith("57P") || sqlstate.startsWith("53");
}

void quietNotices(void*, const char*) { }

protocol::Row rowFromResult(const PGresult* r, int i)
{
    protocol::Row row;
    row.table = str(r, i, 0);
    row.id = str(r, i, 1);
    row.values = codec::objectFromText(bytes(r, i, 2));
    row.clocks = codec::stringMapFromText(bytes(r, i, 3));
    row.authors = codec::stringMapFromText(bytes(r, i, 4));
    row.seq = int64(r, i, 5);
    return row;
}

DeviceRecord deviceFromResult(const PGresult* r, int i)
{
    DeviceRecord d;
    d.id = str(r, i, 0);
    d.name = str(r, i, 1);
    d.technician = str(r, i, 2);
    d.role = str(r, i, 3);
    d.tokenHash = bytes(r, i, 4);
    d.revoked = int64(r, i, 5) != 0;
    d.createdAtMs = int64(r, i, 6);
    d.lastSeenMs = int64(r, i, 7);
    d.appVersion = str(r, i, 8);
    d.clockSkewMs = int64(r, i, 9);
    d.pendingChanges = int64(r, i, 10);
    return d;
}

protocol::ConflictRecord conflictFromBytes(const QByteArray& b)
{
    return protocol::ConflictRecord::fromJson(codec::objectFromText(b)).value.value_or(protocol::ConflictRecord {});
}

} // namespace

class PostgresStorage::Connection
{
public:
    explicit Connection(QByteArray conninfo)
        : m_conninfo(std::move(conninfo))
    { }
    ~Connection() { disconnect(); }

    // `binary` marks the parameters sent in PostgreSQL's binary format (BinaryArray), the others are text.
    Result exec(const Stmt& stmt, const QList<QByteArray>& params = {}, const std::vector<bool>& binary = {})
    {
        for (int attempt = 0;; ++attempt) {
            try {
                ensureConnected();
                ensurePrepared(stmt);
                std::vector<const char*> values;
                std::vector<int> lengths;
                std::vector<int> formats;
                values.reserve(params.size());
                for (qsizetype i = 0; i < params.size(); ++i) {
                    values.push_back(params[i].constData());
                    if (!binary.empty()) {
                        lengths.push_back(int(params[i].size()));
                        formats.push_back(size_t(i) < binary.size() && binary[size_t(i)] ? 1 : 0);
                    }
                }
                Result r(PQexecPrepared(m_conn, stmt.name, int(values.size()), values.data(),
                    binary.empty() ? nullptr : lengths.data(), binary.empty() ? nullptr : formats.data(), 0));
                check(r.get());
                return r;
            } catch (const StorageError& e) {
                // A statement outside a transaction may run again on a fresh connection (the server restarted).
                if (!e.unavailable() || m_inTransaction || attempt > 0)
                    throw;
            }
        }
    }

    void simple(const char* sql)
    {
        ensureConnected();
        Result r(PQexec(m_conn, sql));
        check(r.get());
    }

    void begin()
    {
        for (int attempt = 0;; ++attempt) {
            try {
                simple("BEGIN");
                break;
            } catch (const StorageError& e) {
                if (!e.unavailable() || attempt > 0)
                    throw;
            }
        }
        m_inTransaction = true;
    }
    void commit()
    {
        simple("COMMIT");
        m_inTransaction = false;
    }
    void rollback() noexcept
    {
        m_inTransaction = false;
        if (m_conn && PQstatus(m_conn) == CONNECTION_OK && PQtransactionStatus(m_conn) != PQTRANS_IDLE)
            PQclear(PQexec(m_conn, "ROLLBACK"));
    }

    class Transaction
    {
    public:
        explicit Transaction(Connection& c)
            : m_c(c)
        {
            m_c.begin();
        }
        ~Transaction()
        {
            if (!m_done)
                m_c.rollback();
        }
        void commit()
        {
            m_done = true;
            try {
                m_c.commit();
            } catch (...) {
                m_c.rollback();
                throw;
            }
        }

    private:
        Connection& m_c;
        bool m_done = false;
    };

private:
    void ensureConnected()
    {
        if (m_conn && PQstatus(m_conn) == CONNECTION_OK)
            return;
        disconnect();
        m_conn = PQconnectdb(m_conninfo.constData());
        if (PQstatus(m_conn) != CONNECTION_OK) {
            const QString message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
            disconnect();
            throw StorageError(true, QStringLiteral("cannot connect to PostgreSQL: %1").arg(message));
        }
        PQsetNoticeProcessor(m_conn, quietNotices, nullptr);
        PQclear(PQexec(m_conn, "SET client_encoding = 'UTF8'"));
    }

    void ensurePrepared(const Stmt& stmt)
    {
        if (m_prepared.contains(stmt.name))
            return;
        Result r(PQprepare(m_conn, stmt.name, stmt.sql, 0, nullptr));
        check(r.get());
        m_prepared.insert(stmt.name);
    }

    void check(const PGresult* r)
    {
        const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
            return;
        const QByteArray sqlstate = r ? QByteArray(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : QByteArray();
        QString message = r ? QString::fromUtf8(PQresultErrorMessage(r)).trimmed() : QString();
        if (message.isEmpty())
            message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        const bool lost = !m_conn || PQstatus(m_conn) != CONNECTION_OK || connectionClassError(sqlstate);
        if (lost) {
            disconnect();
            m_inTransaction = false;
        }
        // 40xxx (deadlock detected, serialization failure): the transaction is gone but a retry will succeed.
        throw StorageError(lost || sqlstate.startsWith("40"), message);
    }

    void disconnect()
    {
        if (m_conn)
            PQfinish(m_conn);
        m_conn = nullptr;
        m_prepared.clear();
    }

    QByteArray m_conninfo;
    PGconn* m_conn = nullptr;
    QSet<QByteArray> m_prepared;
    bool m_inTransaction = false;
};

namespace {

// This thread's connections, keyed by storage instance. Held in a QThreadStorage, not a thread_local: Qt
// destroys QThreadStorage entries inside the finishing thread before QThread::wait() returns, whereas thread_local
// destructors run after it, while the main thread may already be in exit(). A stopping server's request threads
// then closed their connections against libraries exit() was tearing down (seen: QSqlDatabase::removeDatabase on
// Qt SQL's destroyed connection registry, SIGSEGV after SIGTERM).
using ConnectionMap = std::map<quint64, std::unique_ptr<PostgresStorage::Connection>>;

ConnectionMap& threadConnections()
{
    static QThreadStorage<ConnectionMap*> storage;
    if (!storage.hasLocalData())
        storage.setLocalData(new ConnectionMap);
    return *storage.localData();
}

// Takes the change-feed lock (held to commit), reads the head, then upserts the rows with seq values drawn
// above it; returns the head (see PushTransaction::writeRows). Every nextval('row_seq') happens here. The
// rows' compact text sent to the database goes to `encoded` when given (one entry per row, in order).
qint64 writeRowsLocked(
    PostgresStorage::Connection& c, QList<protocol::Row>& rows, qint64 nowMs, QList<EncodedRow>* encoded = nullptr)
{
    if (encoded)
        encoded->clear();
    if (rows.isEmpty())
        return 0;
    const qsizetype n = rows.size();
    BinaryArray tables(BinaryArray::TextOid, n, n * 12);
    BinaryArray ids(BinaryArray::TextOid, n, n * 26);
    BinaryArray values(BinaryArray::JsonOid, n, n * 1600);
    BinaryArray clocks(BinaryArray::JsonOid, n, n * 600);
    BinaryArray authors(BinaryArray::JsonOid, n, n * 400);
    BinaryArray deleted(BinaryArray::BoolOid, n, n);
    BinaryArray buckets(BinaryArray::Int4Oid, n, n * 4);
    if (encoded)
        encoded->reserve(n);
    for (const protocol::Row& row : std::as_const(rows)) {
        EncodedRow text = codec::encodeRow(row);
        tables.append(QByteArrayView(row.table.toUtf8()));
        ids.append(QByteArrayView(row.id.toUtf8()));
        values.append(QByteArrayView(text.values));
        clocks.append(QByteArrayView(text.clocks));
        authors.append(QByteArrayView(text.authors));
        deleted.append(row.deleted());
        buckets.append(qint32(codec::bucketOf(row.id)));
        if (encoded)
            encoded->append(std::move(text));
    }
    c.exec(FeedLock, { num(ChangeFeedLockKey) });
    const qint64 head = int64(c.exec(FeedHead).get(), 0, 0);
    Result r = c.exec(RowsWrite,
        { tables.take(), ids.take(), values.take(), clocks.take(), authors.take(), deleted.take(), buckets.take(),
            num(nowMs) },
        { true, true, true, true, true, true, true, false });
    QHash<RowKey, qint64> seqs;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        seqs.insert(RowKey { str(r.get(), i, 0), str(r.get(), i, 1) }, int64(r.get(), i, 2));
    for (protocol::Row& row : rows)
        row.seq = seqs.value(RowKey { row.table, row.id });
    return head;
}

void insertLatencyRows(PostgresStorage::Connection& c, const QList<LatencyRecord>& samples)
{
    if (samples.isEmpty())
        return;
    // ON CONFLICT DO UPDATE may touch a row once per statement: keep the last sample of each id.
    QHash<QString, int> lastIndex;
    for (int i = 0; i < samples.size(); ++i)
        lastIndex.insert(samples[i].sampleId, i);
    QByteArray batch;
    batch.reserve(samples.size() * 140);
    batch.append('[');
    for (int i = 0; i < samples.size(); ++i) {
        const LatencyRecord& s = samples[i];
        if (lastIndex.value(s.sampleId) != i)
            continue;
        batch.append(batch.size() > 1 ? ",{\"sample_id\":" : "{\"sample_id\":");
        protocol::appendJsonString(batch, s.sampleId);
        batch.append(",\"device\":");
        protocol::appendJsonString(batch, s.deviceId);
        batch.append(",\"at\":");
        batch.append(QByteArray::number(s.atMs));
        batch.append(",\"latency_ms\":");
        batch.append(QByteArray::number(s.latencyMs));
        batch.append(",\"source\":");
        protocol::appendJsonString(batch, s.source);
        batch.append('}');
    }
    batch.append(']');
    c.exec(LatencyInsert, { batch });
}

class PgPushTransaction final : public PushTransaction
{
public:
    explicit PgPushTransaction(PostgresStorage::Connection& c)
        : m_c(c)
    { }

    QHash<QString, StoredOp> ops(const QStringList& opIds) override
    {
        QHash<QString, StoredOp> found;
        if (opIds.isEmpty())
            return found;
        Result r = m_c.exec(OpsFind, { json(QJsonArray::fromStringList(opIds)) });
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            StoredOp op { str(r.get(), i, 0), str(r.get(), i, 1), bytes(r.get(), i, 2), int64(r.get(), i, 3) };
            found.insert(op.opId, op);
        }
        return found;
    }

    QHash<RowKey, protocol::Row> rows(const QList<RowKey>& keys) override
    {
        QHash<RowKey, protocol::Row> found;
        if (keys.isEmpty())
            return found;
        QByteArray batch;
        batch.reserve(keys.size() * 64);
        batch.append('[');
        for (qsizetype i = 0; i < keys.size(); ++i) {
            batch.append(i > 0 ? ",{\"tbl\":" : "{\"tbl\":");
            protocol::appendJsonString(batch, keys.at(i).table);
            batch.append(",\"id\":");
            protocol::appendJsonString(batch, keys.at(i).id);
            batch.append('}');
        }
        batch.append(']');
        Result r = m_c.exec(RowsFind, { batch });
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            protocol::Row row = rowFromResult(r.get(), i);
            found.insert(RowKey { row.table, row.id }, row);
        }
        return found;
    }

    void insertConflicts(const QList<StoredConflict>& conflicts) override
    {
        if (conflicts.isEmpty())
            return;
        QJsonArray batch;
        for (const StoredConflict& c : conflicts)
            batch.append(QJsonObject { { QStringLiteral("id"), c.record.id }, { QStringLiteral("tbl"), c.record.table },
                { QStringLiteral("row_id"), c.record.rowId },
                { QStringLiteral("winner_device"), c.record.winnerDevice },
                { QStringLiteral("loser_device"), c.record.loserDevice },
                { QStringLiteral("open"), c.record.resolution.isEmpty() },
                { QStringLiteral("created_at"), c.createdAtMs }, { QStringLiteral("record"), c.record.toJson() } });
        m_c.exec(ConflictsInsert, { json(batch) });
    }

    void insertLatency(const QList<LatencyRecord>& samples) override { insertLatencyRows(m_c, samples); }

    qint64 writeRows(QList<protocol::Row>& rows, qint64 nowMs, QList<EncodedRow>* encoded) override
    {
        // The text handed out is what was sent, the protocol's compact form (jsonb keeps its own).
        return writeRowsLocked(m_c, rows, nowMs, encoded);
    }

    void insertOps(const QList<StoredOp>& ops) override
    {
        if (ops.isEmpty())
            return;
        QByteArray batch;
        batch.reserve(ops.size() * 200);
        batch.append('[');
        for (qsizetype i = 0; i < ops.size(); ++i) {
            const StoredOp& op = ops.at(i);
            batch.append(i > 0 ? ",{\"op_id\":" : "{\"op_id\":");
            protocol::appendJsonString(batch, op.opId);
            batch.append(",\"device\":");
            protocol::appendJsonString(batch, op.deviceId);
            batch.append(",\"result\":");
            batch.append(op.result);
            batch.append(",\"created_at\":");
            batch.append(QByteArray::number(op.createdAtMs));
            batch.append('}');
        }
        batch.append(']');
        m_c.exec(OpsInsert, { batch });
    }

private:
    PostgresStorage::Connection& m_c;
};

} // namespace

PostgresStorage::PostgresStorage(QByteArray conninfo)
    : m_conninfo(std::move(conninfo))
    , m_instance(s_nextInstance++)
{ }

PostgresStorage::~PostgresStorage()
{
    threadConnections().erase(m_instance);
}

PostgresStorage::Connection& PostgresStorage::connection()
{
    ConnectionMap& connections = threadConnections();
    auto it = connections.find(m_instance);
    if (it == connections.end())
        it = connections.emplace(m_instance, std::make_unique<Connection>(m_conninfo)).first;
    return *it->second;
}

void PostgresStorage::migrate()
{
    migrateTo(SchemaVersion);
}

int PostgresStorage::schemaVersion()
{
    return SchemaVersion;
}

void PostgresStorage::migrateTo(int upTo)
{
    Connection& c = connection();
    c.simple(QByteArray("SELECT pg_advisory_lock(" + num(MigrationLockKey) + ")").constData());
    try {
        c.simple("CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL)");
        Result r = c.exec(Stmt { "schema_version", "SELECT value::int FROM meta WHERE key = 'schema_version'" });
        const int current = PQntuples(r.get()) > 0 ? int(int64(r.get(), 0, 0)) : 0;
        if (current > SchemaVersion)
            throw StorageError(false,
                QStringLiteral("database schema %1 is newer than this server (%2)").arg(current).arg(SchemaVersion));
        const auto step = [&c](int version, const char* sql) {
            Connection::Transaction tx(c);
            c.simple(sql);
            c.simple(QByteArray("INSERT INTO meta(key, value) VALUES ('schema_version', '" + num(version)
                + "') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                         .constData());
            tx.commit();
        };
        if (current < 1 && upTo >= 1)
            step(1, SchemaV1);
        if (current < 2 && upTo >= 2)
            step(2, MigrationV2);
    } catch (...) {
        try {
            c.simple(QByteArray("SELECT pg_advisory_unlock(" + num(MigrationLockKey) + ")").constData());
        } catch (const StorageError&) { }
        throw;
    }
    c.simple(QByteArray("SELECT pg_advisory_unlock(" + num(MigrationLockKey) + ")").constData());
}

void PostgresStorage::ping()
{
    connection().exec(Ping);
}

std::optional<DeviceRecord> PostgresStorage::deviceByTokenHash(const QByteArray& tokenHash)
{
    Result r = connection().exec(DeviceByToken, { tokenHash });
    if (PQntuples(r.get()) == 0)
        return std::nullopt;
    return deviceFromResult(r.get(), 0);
}

std::optional<DeviceRecord> PostgresStorage::device(const QString& id)
{
    Result r = connection().exec(DeviceById, { text(id) });
    if (PQntuples(r.get()) == 0)
        return std::nullopt;
    return deviceFromResult(r.get(), 0);
}

QList<DeviceRecord> PostgresStorage::devices()
{
    Result r = connection().exec(DeviceList);
    QList<DeviceRecord> list;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        list.append(deviceFromResult(r.get(), i));
    return list;
}

void PostgresStorage::insertDevice(const DeviceRecord& d)
{
    connection().exec(DeviceInsert,
        { text(d.id), text(d.name), text(d.technician), text(d.role), d.tokenHash, num(d.revoked ? 1 : 0),
            num(d.createdAtMs) });
}

bool PostgresStorage::revokeDevice(const QString& id)
{
    Result r = connection().exec(DeviceRevoke, { text(id) });
    return QByteArray(PQcmdTuples(r.get())).toInt() > 0;
}

void PostgresStorage::touchDevice(const QString& id, qint64 lastSeenMs)
{
    connection().exec(DeviceTouch, { num(lastSeenMs), text(id) });
}

void PostgresStorage::updateDeviceHealth(
    const QString& id, qint64 lastSeenMs, const QString& appVersion, qint64 pending, qint64 skewMs)
{
    connection().exec(DeviceHealth, { num(lastSeenMs), text(appVersion), num(pending), num(skewMs), text(id) });
}

void PostgresStorage::pushTransaction(const QList<RowKey>& lockKeys, const std::function<void(PushTransaction&)>& body)
{
    Connection& c = connection();
    QList<qint32> keys;
    keys.reserve(lockKeys.size());
    for (const RowKey& k : lockKeys)
        keys.append(codec::rowLockKey(k));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    QByteArray array = "{";
    for (int i = 0; i < keys.size(); ++i) {
        if (i)
            array += ',';
        array += QByteArray::number(keys[i]);
    }
    array += '}';

    Connection::Transaction tx(c);
    if (!keys.isEmpty())
        c.exec(RowLocks, { array });
    PgPushTransaction push(c);
    body(push);
    tx.commit();
}

ChangesRead PostgresStorage::changes(qint64 afterSeq, int limit)
{
    Connection& c = connection();
    ChangesRead read;
    Result r = c.exec(ChangesSelect, { num(afterSeq), num(limit + 1) });
    const int n = PQntuples(r.get());
    for (int i = 0; i < n && i < limit; ++i)
        read.rows.append(rowFromResult(r.get(), i));
    read.hasMore = n > limit;
    Result w = c.exec(FeedBounds);
    read.watermark = int64(w.get(), 0, 0);
    read.maxSeq = int64(w.get(), 0, 1);
    return read;
}

bool PostgresStorage::encodedChanges(qint64 afterSeq, int limit, EncodedChanges& out)
{
    // jsonb prints members ordered by key length with spaces; appendCompactFlatObject puts the stored values,
    // clocks and authors back into the protocol's compact form (their strings are escaped alike). A row it
    // cannot handle is decoded and written by the protocol's writer, cut out of a one-row page.
    static const QByteArray onePagePrefix = "{\"has_more\":false,\"next_cursor\":\"\",\"rows\":[";
    static const QByteArray onePageSuffix = "],\"server_hlc\":\"\"}";
    Connection& c = connection();
    out = EncodedChanges {};
    Result r = c.exec(ChangesSelect, { num(afterSeq), num(limit + 1) });
    const int n = PQntuples(r.get());
    QByteArray& json = out.rowsJson;
    json.reserve(qsizetype(qMin(n, limit)) * 1400 + 2);
    json.append('[');
    for (int i = 0; i < n && i < limit; ++i) {
        if (i > 0)
            json.append(',');
        const qsizetype rowStart = json.size();
        const QByteArrayView clocks(PQgetvalue(r.get(), i, 3), PQgetlength(r.get(), i, 3));
        json.append("{\"authors\":");
        bool ok = codec::appendCompactFlatObject(
            json, QByteArrayView(PQgetvalue(r.get(), i, 4), PQgetlength(r.get(), i, 4)));
        json.append(",\"clocks\":");
        QByteArrayView rowMax;
        ok = ok && codec::appendCompactFlatObject(json, clocks, &rowMax);
        json.append(",\"id\":");
        codec::appendJsonStringUtf8(json, QByteArrayView(PQgetvalue(r.get(), i, 1), PQgetlength(r.get(), i, 1)));
        json.append(",\"seq\":");
        json.append(QByteArrayView(PQgetvalue(r.get(), i, 5), PQgetlength(r.get(), i, 5)));
        json.append(",\"table\":");
        codec::appendJsonStringUtf8(json, QByteArrayView(PQgetvalue(r.get(), i, 0), PQgetlength(r.get(), i, 0)));
        json.append(",\"values\":");
        ok = ok
            && codec::appendCompactFlatObject(
                json, QByteArrayView(PQgetvalue(r.get(), i, 2), PQgetlength(r.get(), i, 2)));
        json.append('}');
        if (!ok) {
            json.truncate(rowStart);
            protocol::ChangesPage one;
            one.rows.append(rowFromResult(r.get(), i));
            const QByteArray page = protocol::serialize(one);
            json.append(QByteArrayView(page).sliced(
                onePagePrefix.size(), page.size() - onePagePrefix.size() - onePageSuffix.size()));
            rowMax = codec::maxClockOfText(clocks);
        }
        if (QByteArrayView(out.maxClock) < rowMax)
            out.maxClock = rowMax.toByteArray();
        out.lastSeq = int64(r.get(), i, 5);
        ++out.count;
    }
    json.append(']');
    out.hasMore = n > limit;
    Result w = c.exec(FeedBounds);
    out.watermark = int64(w.get(), 0, 0);
    out.maxSeq = int64(w.get(), 0, 1);
    return true;
}

QList<protocol::Row> PostgresStorage::tableRows(const QString& table, std::optional<int> bucket)
{
    Result r = bucket ? connection().exec(BucketRows, { text(table), num(*bucket) })
                      : connection().exec(TableRows, { text(table) });
    QList<protocol::Row> rows;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        rows.append(rowFromResult(r.get(), i));
    return rows;
}

std::optional<protocol::Row> PostgresStorage::row(const QString& table, const QString& id)
{
    Result r = connection().exec(RowRead, { text(table), text(id) });
    if (PQntuples(r.get()) == 0)
        return std::nullopt;
    return rowFromResult(r.get(), 0);
}

QList<protocol::Row> PostgresStorage::tableRowsAfter(const QString& table, const QString& afterId, int limit)
{
    Result r = connection().exec(RowsAfter, { text(table), text(afterId), num(limit) });
    QList<protocol::Row> rows;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        rows.append(rowFromResult(r.get(), i));
    return rows;
}

QList<protocol::ConflictRecord> PostgresStorage::conflicts(bool openOnly, const QString& deviceId, int limit)
{
    Result r = connection().exec(ConflictList, { num(openOnly ? 1 : 0), text(deviceId), num(limit) });
    QList<protocol::ConflictRecord> list;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        list.append(conflictFromBytes(bytes(r.get(), i, 0)));
    return list;
}

std::optional<protocol::ConflictRecord> PostgresStorage::conflict(const QString& id)
{
    Result r = connection().exec(ConflictRead, { text(id) });
    if (PQntuples(r.get()) == 0)
        return std::nullopt;
    return conflictFromBytes(bytes(r.get(), 0, 0));
}

bool PostgresStorage::resolveConflict(const QString& id,
    const std::function<Resolution(const protocol::ConflictRecord&, const std::optional<protocol::Row>&)>& decide,
    qint64 nowMs)
{
    Connection& c = connection();
    Connection::Transaction tx(c);
    Result first = c.exec(ConflictRead, { text(id) });
    if (PQntuples(first.get()) == 0)
        return false;
    const protocol::ConflictRecord unlocked = conflictFromBytes(bytes(first.get(), 0, 0));
    c.exec(RowLocks, { "{" + num(codec::rowLockKey(RowKey { unlocked.table, unlocked.rowId })) + "}" });
    Result locked = c.exec(ConflictLock, { text(id) });
    const protocol::ConflictRecord current = conflictFromBytes(bytes(locked.get(), 0, 0));
    const Resolution resolution = decide(current, row(current.table, current.rowId));
    c.exec(ConflictResolve, { codec::toJsonText(resolution.record.toJson()), text(id) });
    if (resolution.row) {
        QList<protocol::Row> rows { *resolution.row };
        writeRowsLocked(c, rows, nowMs);
    }
    tx.commit();
    return true;
}

void PostgresStorage::insertTelemetry(const QList<LatencyRecord>& samples, const QList<EventRecord>& events)
{
    Connection& c = connection();
    Connection::Transaction tx(c);
    insertLatencyRows(c, samples);
    if (!events.isEmpty()) {
        QJsonArray batch;
        int n = 0;
        for (const EventRecord& e : events)
            batch.append(QJsonObject { { QStringLiteral("n"), n++ }, { QStringLiteral("device"), e.deviceId },
                { QStringLiteral("received_at"), e.receivedAtMs }, { QStringLiteral("at"), e.event.atMs },
                { QStringLiteral("kind"), e.event.kind }, { QStringLiteral("level"), e.event.level },
                { QStringLiteral("message"), e.event.message }, { QStringLiteral("data"), e.event.data } });
        c.exec(EventsInsert, { json(batch) });
    }
    tx.commit();
}

void PostgresStorage::insertAudit(const AuditRecord& a)
{
    connection().exec(AuditInsert,
        { text(a.deviceId), text(a.table), num(a.atMs), text(a.result), num(a.deviceCount), num(a.serverCount),
            num(a.mismatchedBuckets) });
}

QList<LatencyRecord> PostgresStorage::latencySince(qint64 sinceMs)
{
    Result r = connection().exec(LatencySince, { num(sinceMs) });
    QList<LatencyRecord> list;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        list.append(LatencyRecord {
            str(r.get(), i, 0), str(r.get(), i, 1), int64(r.get(), i, 2), int64(r.get(), i, 3), str(r.get(), i, 4) });
    return list;
}

QHash<QString, AuditRecord> PostgresStorage::latestAudits()
{
    Result r = connection().exec(LatestAudits);
    QHash<QString, AuditRecord> map;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        AuditRecord a { str(r.get(), i, 0), str(r.get(), i, 1), int64(r.get(), i, 2), str(r.get(), i, 3),
            int64(r.get(), i, 4), int64(r.get(), i, 5), int(int64(r.get(), i, 6)) };
        map.insert(a.deviceId, a);
    }
    return map;
}

QHash<QString, qint64> PostgresStorage::openConflictCounts()
{
    Result r = connection().exec(OpenConflictCounts);
    QHash<QString, qint64> map;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        map.insert(str(r.get(), i, 0), int64(r.get(), i, 1));
    return map;
}

QList<EventRecord> PostgresStorage::events(const QString& deviceId, int limit)
{
    Result r = connection().exec(EventsRead, { text(deviceId), num(limit) });
    QList<EventRecord> list;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        EventRecord e;
        e.deviceId = str(r.get(), i, 0);
        e.receivedAtMs = int64(r.get(), i, 1);
        e.event.atMs = int64(r.get(), i, 2);
        e.event.kind = str(r.get(), i, 3);
        e.event.level = str(r.get(), i, 4);
        e.event.message = str(r.get(), i, 5);
        e.event.data = codec::objectFromText(bytes(r.get(), i, 6));
        list.append(e);
    }
    return list;
}

qint64 PostgresStorage::purge(qint64 beforeMs)
{
    Connection& c = connection();
    Connection::Transaction tx(c);
    Result r = c.exec(PurgeRows, { num(beforeMs) });
    const qint64 purged = int64(r.get(), 0, 0);
    const qint64 maxSeq = int64(r.get(), 0, 1);
    if (purged > 0)
        c.exec(PurgeWatermark, { num(maxSeq) });
    c.exec(PurgeOps, { num(beforeMs) });
    const qint64 historyBefore = std::min(beforeMs, QDateTime::currentMSecsSinceEpoch() - HistoryMs);
    c.exec(PurgeLatency, { num(historyBefore) });
    c.exec(PurgeEvents, { num(historyBefore) });
    tx.commit();
    return purged;
}

qint64 PostgresStorage::purgeWatermark()
{
    Result w = connection().exec(WatermarkRead);
    return PQntuples(w.get()) > 0 ? int64(w.get(), 0, 0) : 0;
}

qint64 PostgresStorage::clockCeiling()
{
    Result r = connection().exec(ClockCeilingRead);
    return PQntuples(r.get()) > 0 ? int64(r.get(), 0, 0) : 0;
}

void PostgresStorage::raiseClockCeiling(qint64 ms)
{
    connection().exec(ClockCeilingRaise, { num(ms) });
}

} // namespace fieldsync::server
