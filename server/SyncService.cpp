#include "SyncService.h"

#include "PushAnswer.h"
#include "StorageCodec.h"

#include "models/Clock.h"
#include "models/Schema.h"
#include "models/Ulid.h"
#include "sync/AuditHash.h"
#include "sync/Merge.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

Q_LOGGING_CATEGORY(lcServer, "fieldsync.server")

namespace fieldsync::server {

using namespace protocol;

namespace {

// An error answer raised anywhere below dispatch(); becomes {"error":{…}} with its status.
struct ApiError
{
    int status;
    QString code;
    QString message;
};

[[noreturn]] void fail(int status, const char* code, const QString& message)
{
    throw ApiError { status, QString::fromLatin1(code), message };
}

ApiResponse json(const QJsonObject& o, int status = 200, qint64 rows = 0)
{
    ApiResponse r;
    r.status = status;
    r.body = serialize(o);
    r.rows = rows;
    return r;
}

// A 200 answer already serialised by the protocol's fast writers.
ApiResponse bytes(QByteArray body, qint64 rows)
{
    ApiResponse r;
    r.body = std::move(body);
    r.rows = rows;
    return r;
}

QJsonObject bodyObject(const ApiRequest& r)
{
    Parsed<QJsonObject> parsed = parseObject(r.body);
    if (!parsed)
        throw ApiError { parsed.error.httpStatus ? parsed.error.httpStatus : 400, parsed.error.code,
            parsed.error.message };
    return *parsed.value;
}

template <typename T> T decode(const ApiRequest& r)
{
    Parsed<T> parsed = T::fromJson(bodyObject(r));
    if (!parsed)
        throw ApiError { parsed.error.httpStatus ? parsed.error.httpStatus : 422, parsed.error.code,
            parsed.error.message };
    return *parsed.value;
}

// Integer query parameter within [min, max]; `fallback` when absent.
qint64 intParam(const ApiRequest& r, const char* name, qint64 fallback, qint64 min, qint64 max)
{
    const QString key = QLatin1String(name);
    if (!r.query.hasQueryItem(key))
        return fallback;
    bool ok = false;
    const QString text = r.query.queryItemValue(key, QUrl::FullyDecoded);
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        fail(400, ErrorCode::BadRequest,
            QStringLiteral("query parameter %1 must be an integer from %2 to %3").arg(key).arg(min).arg(max));
    return v;
}

// Strings the databases cannot hold (PostgreSQL text refuses NUL) are refused on every back end alike: pushed
// text by the push checks, telemetry text is kept with U+FFFD in place of NUL.
QString stripNul(QString s)
{
    return s.replace(QChar(0), QChar(0xFFFD));
}

QJsonValue stripNul(const QJsonValue& v)
{
    if (v.isString())
        return stripNul(v.toString());
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(stripNul(it.key()), stripNul(it.value()));
        return out;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue& e : v.toArray())
            out.append(stripNul(e));
        return out;
    }
    return v;
}

QJsonObject stripNul(const QJsonObject& o)
{
    return stripNul(QJsonValue(o)).toObject();
}

qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype index = qsizetype(std::ceil(p * double(values.size()))) - 1;
    return values[std::clamp<qsizetype>(index, 0, values.size() - 1)];
}

ChangeResult rejected(const QString& opId, const QString& code, const QString& reason)
{
    ChangeResult r;
    r.opId = opId;
    r.status = ChangeStatus::Rejected;
    r.reasonCode = code;
    r.reason = reason;
    return r;
}

// What the op log keeps of an answer: status, reason and conflicts. A replay is answered with these and the
// row as it is now (the same row as the first time unless later changes moved it on).
QByteArray storedResult(const ChangeResult& r)
{
    if (r.conflicts.isEmpty() && r.status != ChangeStatus::Rejected) {
        // The common case written directly, the same text as the general path below.
        QByteArray text = "{\"conflicts\":[],\"status\":";
        appendJsonString(text, toString(r.status));
        text.append('}');
        return text;
    }
    QJsonArray conflicts;
    for (const ConflictRecord& c : r.conflicts)
        conflicts.append(c.toJson());
    QJsonObject o { { QStringLiteral("status"), toString(r.status) }, { QStringLiteral("conflicts"), conflicts } };
    if (r.status == ChangeStatus::Rejected) {
        o.insert(QStringLiteral("reason_code"), r.reasonCode);
        o.insert(QStringLiteral("reason"), r.reason);
    }
    return codec::toJsonText(o);
}

ChangeResult replayedResult(const Change& c, const QByteArray& storedText, const QHash<RowKey, Row>& rows)
{
    const QJsonObject stored = codec::objectFromText(storedText);
    ChangeResult r;
    r.opId = c.opId;
    r.status
        = changeStatusFromString(stored.value(QStringLiteral("status")).toString()).value_or(ChangeStatus::Applied);
    if (r.status == ChangeStatus::Rejected) {
        r.reasonCode = stored.value(QStringLiteral("reason_code")).toString();
        r.reason = stored.value(QStringLiteral("reason")).toString();
        return r;
    }
    r.status = ChangeStatus::Duplicate;
    for (const QJsonValue& v : stored.value(QStringLiteral("conflicts")).toArray()) {
        if (Parsed<ConflictRecord> conflict = ConflictRecord::fromJson(v.toObject()))
            r.conflicts.append(*conflict.value);
    }
    const auto row = rows.constFind(RowKey { c.table, c.rowId });
    if (row != rows.constEnd())
        r.row = *row;
    return r;
}

} // namespace

SyncService::SyncService(Storage& storage, const ServerConfig& config, Metrics& metrics)
    : m_storage(storage)
    , m_config(config)
    , m_metrics(metrics)
    , m_wall(SystemClock::instance(), config.testClockOffsetMs)
    , m_hlc(QStringLiteral("server"), &m_wall)
{ }

void SyncService::restoreClock()
{
    const qint64 ceiling = m_storage.clockCeiling();
    if (ceiling > 0)
        m_hlc.restore(HlcTimestamp { ceiling, 0, m_hlc.node() });
    m_clockCeiling.store(ceiling);
}

void SyncService::ensureClockCeiling()
{
    // The ceiling runs 20 s ahead of the clock and is raised once the clock is within half of that, so a busy
    // server writes it about every 10 s, and a restarted server starts at most 20 s ahead of its wall clock.
    // Concurrent raises are harmless: the store keeps the largest.
    constexpr qint64 LeaseMs = 20'000;
    const qint64 reach = std::max(m_hlc.last().physicalMs, nowMs());
    if (reach + LeaseMs / 2 <= m_clockCeiling.load())
        return;
    const qint64 ceiling = reach + LeaseMs;
    m_storage.raiseClockCeiling(ceiling);
    qint64 known = m_clockCeiling.load();
    while (known < ceiling && !m_clockCeiling.compare_exchange_weak(known, ceiling)) { }
}

QString SyncService::serverHlc()
{
    return m_hlc.now().toString();
}

QByteArray SyncService::hashToken(const QByteArray& token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QByteArray SyncService::newToken()
{
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(random.data()), 8);
    return "fs_" + random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

int SyncService::roleRank(const QString& role)
{
    if (role == QLatin1String("technician"))
        return 0;
    if (role == QLatin1String("supervisor"))
        return 1;
    if (role == QLatin1String("admin"))
        return 2;
    return -1;
}

bool SyncService::validRole(const QString& role)
{
    return roleRank(role) >= 0;
}

ApiResponse SyncService::handle(const ApiRequest& request)
{
    QString deviceId;
    try {
        // /v1/health keeps answering (degraded) while the database is down, so it guards its own reading.
        const bool health = request.endpoint == QLatin1String("/v1/health");
        if (!health)
            ensureClockCeiling();
        ApiResponse r = dispatch(request, deviceId);
        if (!health)
            ensureClockCeiling(); // the request may have absorbed later clocks
        r.deviceId = deviceId;
        return r;
    } catch (const ApiError& e) {
        ApiResponse r = json(makeError(e.status, e.code, e.message).toJson(), e.status);
        r.errorCode = e.code;
        r.deviceId = deviceId;
        return r;
    } catch (const StorageError& e) {
        const int status = e.unavailable() ? 503 : 500;
        qCWarning(lcServer) << "storage error on" << request.endpoint << e.what();
        const QString code = QLatin1String(e.unavailable() ? ErrorCode::Unavailable : ErrorCode::Internal);
        ApiResponse r = json(makeError(status, code,
                                 e.unavailable() ? QStringLiteral("the database is unavailable, retry later")
                                                 : QStringLiteral("internal storage error"))
                                 .toJson(),
            status);
        r.errorCode = code;
        r.deviceId = deviceId;
        return r;
    } catch (const std::exception& e) {
        qCCritical(lcServer) << "unexpected error on" << request.endpoint << e.what();
        ApiResponse r
            = json(makeError(500, QLatin1String(ErrorCode::Internal), QStringLiteral("internal error")).toJson(), 500);
        r.errorCode = QLatin1String(ErrorCode::Internal);
        return r;
    }
}

ApiResponse SyncService::dispatch(const ApiRequest& r, QString& deviceId)
{
    struct Route
    {
        const char* endpoint;
        const char* method;
    };
    static const Route routes[] = {
        { "/v1/health", "GET" },
        { "/v1/me", "GET" },
        { "/v1/push", "POST" },
        { "/v1/changes", "GET" },
        { "/v1/verify", "POST" },
        { "/v1/rows", "GET" },
        { "/v1/telemetry", "POST" },
        { "/v1/fleet", "GET" },
        { "/v1/devices/{id}/events", "GET" },
        { "/v1/conflicts", "GET" },
        { "/v1/conflicts/{id}/resolve", "POST" },
        { "/v1/devices", "POST" },
    };
    const Route* route = nullptr;
    for (const Route& candidate : routes) {
        if (r.endpoint == QLatin1String(candidate.endpoint))
            route = &candidate;
    }
    if (!route)
        fail(404, ErrorCode::NotFound, QStringLiteral("no such endpoint"));
    if (r.method != route->method)
        fail(405, ErrorCode::MethodNotAllowed,
            QStringLiteral("%1 needs %2").arg(r.endpoint, QLatin1String(route->method)));
    if (r.body.size() > m_config.bodyLimitBytes)
        fail(413, ErrorCode::PayloadTooLarge,
            QStringLiteral("request body over the limit of %1 bytes").arg(m_config.bodyLimitBytes));

    const QStringView ep = r.endpoint;
    if (ep == u"/v1/health")
        return health();

    const DeviceRecord device = authenticate(r);
    deviceId = device.id;
    ApiResponse response;
    if (ep == u"/v1/me")
        response = me(device);
    else if (ep == u"/v1/push")
        response = push(device, r);
    else if (ep == u"/v1/changes")
        response = changes(r);
    else if (ep == u"/v1/verify")
        response = verify(device, r);
    else if (ep == u"/v1/rows")
        response = rows(r);
    else if (ep == u"/v1/telemetry")
        response = telemetry(device, r);
    else if (ep == u"/v1/fleet") {
        require(device, "supervisor");
        response = fleet();
    } else if (ep == u"/v1/devices/{id}/events") {
        require(device, "supervisor");
        response = deviceEvents(r);
    } else if (ep == u"/v1/conflicts")
        response = conflicts(device, r);
    else if (ep == u"/v1/conflicts/{id}/resolve")
        response = resolve(device, r);
    else {
        require(device, "admin");
        response = enrol(r);
    }
    return response;
}

DeviceRecord SyncService::authenticate(const ApiRequest& r)
{
    const QByteArray header = r.authorization.trimmed();
    if (!header.startsWith("Bearer ") || header.size() <= 7)
        fail(401, ErrorCode::Unauthorized, QStringLiteral("missing bearer token"));
    const QByteArray token = header.mid(7).trimmed();
    const std::optional<DeviceRecord> device = m_storage.deviceByTokenHash(hashToken(token));
    if (!device)
        fail(401, ErrorCode::Unauthorized, QStringLiteral("unknown token"));
    if (device->revoked)
        fail(401, ErrorCode::Unauthorized, QStringLiteral("this device has been revoked"));

    // last_seen is written at most every 10 s per device, so reads stay reads.
    const qint64 now = nowMs();
    bool touch = false;
    {
        QWriteLocker lock(&m_cacheLock);
        m_technicians.insert(device->id, device->technician);
        if (now - m_lastTouch.value(device->id) > 10'000) {
            m_lastTouch.insert(device->id, now);
            touch = true;
        }
    }
    if (touch)
        m_storage.touchDevice(device->id, now);
    return *device;
}

void SyncService::require(const DeviceRecord& d, const char* role)
{
    if (roleRank(d.role) < roleRank(QLatin1String(role)))
        fail(403, ErrorCode::Forbidden, QStringLiteral("this needs the %1 role").arg(QLatin1String(role)));
}

QString SyncService::technicianOf(const QString& deviceId)
{
    {
        QReadLocker lock(&m_cacheLock);
        const auto it = m_technicians.constFind(deviceId);
        if (it != m_technicians.constEnd())
            return *it;
    }
    if (deviceId == QLatin1String("server"))
        return {};
    const std::optional<DeviceRecord> d = m_storage.device(deviceId);
    const QString technician = d ? d->technician : QString();
    QWriteLocker lock(&m_cacheLock);
    m_technicians.insert(deviceId, technician);
    return technician;
}

void SyncService::observeClock(const QString& hlc)
{
    // Clocks beyond the drift bound (refused in pushes; older data may hold some) are not absorbed.
    const std::optional<HlcTimestamp> t = HlcTimestamp::parse(hlc);
    if (t && t->physicalMs - nowMs() <= qint64(m_config.maxClockDriftMinutes * 60'000))
        m_hlc.update(*t);
}

ApiResponse SyncService::health()
{
    QJsonObject storage { { QStringLiteral("backend"), m_storage.backendName() } };
    bool ok = true;
    try {
        m_storage.ping();
    } catch (const StorageError& e) {
        ok = false;
        qCWarning(lcServer) << "health check: storage unreachable:" << e.what();
        storage.insert(QStringLiteral("error"),
            e.unavailable() ? QStringLiteral("the database is unreachable") : QStringLiteral("the database failed"));
    }
    storage.insert(QStringLiteral("ok"), ok);
    QJsonObject body { { QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("degraded") },
        { QStringLiteral("version"), QStringLiteral(FIELDSYNC_VERSION) }, { QStringLiteral("protocol"), Version },
        { QStringLiteral("storage"), storage } };
    if (ok) {
        try {
            ensureClockCeiling();
            body.insert(QStringLiteral("server_hlc"), serverHlc());
        } catch (const StorageError& e) {
            qCWarning(lcServer) << "health check: cannot persist the clock ceiling:" << e.what();
        }
    }
    return json(body, ok ? 200 : 503);
}

ApiResponse SyncService::me(const DeviceRecord& d)
{
    DeviceInfo info { d.id, d.name, d.technician, d.role, {} };
    return json(info.toJson());
}

ApiResponse SyncService::push(const DeviceRecord& d, const ApiRequest& r)
{
    Parsed<PushRequest> parsed = parsePushRequest(r.body);
    if (!parsed)
        throw ApiError { parsed.error.httpStatus ? parsed.error.httpStatus : 400, parsed.error.code,
            parsed.error.message };
    const PushRequest request = std::move(*parsed.value);
    if (request.deviceId != d.id)
        fail(403, ErrorCode::Forbidden, QStringLiteral("a device can only push as itself"));
    if (request.changes.size() > m_config.maxChangesPerPush)
        fail(413, ErrorCode::PayloadTooLarge,
            QStringLiteral("at most %1 changes per push").arg(m_config.maxChangesPerPush));
    const qint64 now = nowMs();
    // A clock far ahead of the server's (a device with a wrong date) would drag every clock along with it and
    // win every later conflict: such changes are refused. A laptop a few hours off is still accepted.
    const qint64 maxDriftMs = qint64(m_config.maxClockDriftMinutes * 60'000);
    auto tooFarAhead = [&](const QString& hlc) {
        const std::optional<HlcTimestamp> t = HlcTimestamp::parse(hlc);
        return t && t->physicalMs - now > maxDriftMs;
    };
    if (!tooFarAhead(request.hlc))
        observeClock(request.hlc);
    QString latestClock; // the largest clock of the accepted changes, absorbed before merging

    const int n = int(request.changes.size());
    QList<std::optional<ChangeResult>> results(n);
    QStringList opIds;
    QList<RowKey> keys;
    QSet<RowKey> keySet;
    for (int i = 0; i < n; ++i) {
        const Change& c = request.changes[i];
        if (c.opId.isEmpty() || c.opId.size() > 64) {
            results[i] = rejected(
                c.opId, QLatin1String(ErrorCode::InvalidValue), QStringLiteral("op_id must be 1..64 characters"));
            continue;
        }
        if (std::optional<Error> e = merge::validate(c)) {
            results[i] = rejected(c.opId, e->code, e->message);
            continue;
        }
        // validate() has refused NUL in the row id and the values, and every malformed clock: what is left to check
        // is base_text, and a clock's node is the text after its "<12 hex>-<4 hex>-" (merge::nodeOf).
        bool nul = false;
        bool foreignClock = false;
        for (auto it = c.fields.begin(); it != c.fields.end(); ++it) {
            nul = nul || (it.value().baseText && it.value().baseText->contains(QChar(0)));
            foreignClock = foreignClock || QStringView(it.value().hlc).sliced(18) != d.id;
        }
        if (nul) {
            results[i] = rejected(
                c.opId, QLatin1String(ErrorCode::InvalidValue), QStringLiteral("text must not contain NUL characters"));
            continue;
        }
        if (foreignClock) {
            results[i] = rejected(c.opId, QLatin1String(ErrorCode::Forbidden),
                QStringLiteral("every clock of a pushed change must carry the pushing device's id"));
            continue;
        }
        QString changeClock;
        for (auto it = c.fields.begin(); it != c.fields.end(); ++it)
            changeClock = std::max(changeClock, it.value().hlc);
        if (tooFarAhead(changeClock)) {
            const std::optional<HlcTimestamp> t = HlcTimestamp::parse(changeClock);
            results[i] = rejected(c.opId, QLatin1String(ErrorCode::InvalidValue),
                QStringLiteral("the change's clock is %1 minutes ahead of the server's clock (at most %2 allowed): "
                               "correct the device's date and time")
                    .arg((t->physicalMs - now) / 60'000)
                    .arg(qint64(m_config.maxClockDriftMinutes)));
            continue;
        }
        latestClock = std::max(latestClock, changeClock);
        opIds.append(c.opId);
        const RowKey key { c.table, c.rowId };
        if (!keySet.contains(key)) {
            keySet.insert(key);
            keys.append(key);
        }
    }

    observeClock(latestClock);
    ensureClockCeiling(); // stored clocks never exceed the ceiling, even if the answer is lost

    qint64 applied = 0;
    qint64 conflictCount = 0;
    const merge::Writer writer { d.id, d.technician };
    auto lookup = [this](const QString& id) { return technicianOf(id); };
    // The stored text of the rows written, and for each result the row text it can answer with: only the last
    // change of a row that changed it carries the row exactly as stored.
    QList<EncodedRow> encoded;
    QList<const EncodedRow*> answerText;
    // The feed span the rows took: seqs in (feedFrom, feedTo], none when no row was written.
    std::optional<std::pair<qint64, qint64>> feedSpan;

    m_storage.pushTransaction(keys, [&](PushTransaction& tx) {
        applied = 0;
        conflictCount = 0;
        answerText.clear();
        feedSpan.reset();
        QHash<RowKey, int> lastChange; // row -> index of the last change merged into it
        QList<bool> changedRow(n, false);
        QList<std::optional<ChangeResult>> out = results;
        const QHash<QString, StoredOp> stored = tx.ops(opIds);
        QHash<RowKey, Row> working = tx.rows(keys);
        QList<RowKey> dirtyOrder;
        QSet<RowKey> dirty;
        QHash<QString, int> firstInBatch;
        QList<StoredConflict> newConflicts;
        QList<LatencyRecord> latency;
        QList<int> newOps;

        for (int i = 0; i < n; ++i) {
            const Change& c = request.changes[i];
            if (out[i]) {
                if (!c.opId.isEmpty() && c.opId.size() <= 64 && !firstInBatch.contains(c.opId)
                    && !stored.contains(c.opId)) {
                    firstInBatch.insert(c.opId, i);
                    newOps.append(i);
                }
                continue;
            }
            if (const auto it = stored.constFind(c.opId); it != stored.constEnd()) {
                if (it->deviceId != d.id) {
                    out[i] = rejected(c.opId, QLatin1String(ErrorCode::Conflict),
                        QStringLiteral("this op id was used by another device"));
                    continue;
                }
                out[i] = replayedResult(c, it->result, working);
                continue;
            }
            if (const auto it = firstInBatch.constFind(c.opId); it != firstInBatch.constEnd()) {
                out[i] = std::nullopt; // answered after the batch, from the first occurrence
                continue;
            }
            firstInBatch.insert(c.opId, i);
            newOps.append(i);

            const TableDef* table = Schema::instance().table(c.table);
            const RowKey key { c.table, c.rowId };
            const auto current = working.constFind(key);
            // Every change that gets here passed merge::validate above.
            merge::Outcome outcome = merge::applyValidatedChange(
                *table, current == working.constEnd() ? std::nullopt : std::optional<Row>(*current), c, writer, lookup);
            if (outcome.status == ChangeStatus::Rejected) {
                out[i] = rejected(c.opId, outcome.rejectCode, outcome.rejectReason);
                continue;
            }
            for (ConflictRecord& conflict : outcome.conflicts) {
                conflict.id = Ulid::generate();
                conflict.createdAt = codec::isoUtc(now);
                newConflicts.append(StoredConflict { conflict, now });
            }
            conflictCount += outcome.conflicts.size();
            if (outcome.changed) {
                working.insert(key, outcome.row);
                if (!dirty.contains(key)) {
                    dirty.insert(key);
                    dirtyOrder.append(key);
                }
            }
            if (outcome.status == ChangeStatus::Applied || outcome.status == ChangeStatus::Merged)
                ++applied;
            if (c.ageMs > 0 && outcome.status != ChangeStatus::Duplicate)
                latency.append(LatencyRecord { c.opId, d.id, now, c.ageMs, QStringLiteral("push") });
            lastChange.insert(key, i);
            changedRow[i] = outcome.changed;
            ChangeResult result;
            result.opId = c.opId;
            result.status = outcome.status;
            result.row = outcome.row;
            result.conflicts = outcome.conflicts;
            out[i] = result;
        }

        tx.insertConflicts(newConflicts);
        tx.insertLatency(latency);
        QList<Row> finalRows;
        finalRows.reserve(dirtyOrder.size());
        for (const RowKey& k : dirtyOrder)
            finalRows.append(working.value(k));
        const qint64 feedHead = tx.writeRows(finalRows, now, &encoded);
        QHash<RowKey, qint64> seqs;
        for (const Row& row : finalRows)
            seqs.insert(RowKey { row.table, row.id }, row.seq);
        if (!finalRows.isEmpty()) {
            qint64 last = feedHead;
            for (const Row& row : finalRows)
                last = std::max(last, row.seq);
            feedSpan = std::pair { feedHead, last };
        }
        if (encoded.size() == finalRows.size()) {
            answerText.resize(n, nullptr);
            for (qsizetype k = 0; k < finalRows.size(); ++k) {
                const RowKey key { finalRows[k].table, finalRows[k].id };
                const int i = lastChange.value(key, -1);
                if (i >= 0 && changedRow[i] && out[i] && out[i]->row
                    && (out[i]->status == ChangeStatus::Applied || out[i]->status == ChangeStatus::Merged))
                    answerText[i] = &encoded[k];
            }
        }
        for (std::optional<ChangeResult>& res : out) {
            if (res && res->row && res->status != ChangeStatus::Duplicate) {
                const RowKey k { res->row->table, res->row->id };
                if (seqs.contains(k))
                    res->row->seq = seqs.value(k);
            }
        }
        QList<StoredOp> ops;
        ops.reserve(newOps.size());
        for (int i : newOps)
            ops.append(StoredOp { request.changes[i].opId, d.id, storedResult(*out[i]), now });
        tx.insertOps(ops);
        // Repeats of an op id inside the batch answer like a replay of the first occurrence.
        for (int i = 0; i < n; ++i) {
            if (!out[i]) {
                ChangeResult dup = *out[firstInBatch.value(request.changes[i].opId)];
                if (dup.status != ChangeStatus::Rejected)
                    dup.status = ChangeStatus::Duplicate;
                out[i] = dup;
            }
        }
        results = out;
    });

    m_metrics.addRowsPushed(applied);
    m_metrics.addConflicts(conflictCount);
    PushResponse response;
    for (const std::optional<ChangeResult>& res : results)
        response.results.append(*res);
    response.serverHlc = serverHlc();
    if (feedSpan) {
        response.feedFrom = QString::number(feedSpan->first);
        response.feedTo = QString::number(feedSpan->second);
    }
    return bytes(answerText.isEmpty() ? serialize(response) : serializePushAnswer(response, answerText), n);
}

ApiResponse SyncService::changes(const ApiRequest& r)
{
    qint64 cursor = 0;
    const QString cursorText = r.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
    if (!cursorText.isEmpty()) {
        bool ok = false;
        cursor = cursorText.toLongLong(&ok);
        if (!ok || cursor < 0)
            fail(400, ErrorCode::BadRequest, QStringLiteral("cursor is not one this server issued"));
    }
    const int limit = int(intParam(r, "limit", 500, 1, 5000));
    auto checkCursor = [cursor](qint64 watermark, qint64 maxSeq) {
        if (cursor > 0 && cursor < watermark)
            fail(410, ErrorCode::ResetRequired,
                QStringLiteral("deleted rows newer than this cursor were purged after the retention period; reset "
                               "and pull from the start, keeping unsynced local edits"));
        if (cursor > maxSeq)
            fail(410, ErrorCode::ResetRequired,
                QStringLiteral("this cursor is ahead of the server's change feed (was the server restored from a "
                               "backup?); reset and pull from the start, keeping unsynced local edits"));
    };

    // Fast path: the back end hands the rows over already encoded as the protocol writes them.
    EncodedChanges encoded;
    if (m_storage.encodedChanges(cursor, limit, encoded)) {
        checkCursor(encoded.watermark, encoded.maxSeq);
        observeClock(QString::fromLatin1(encoded.maxClock));
        // The members in protocol::serialize(ChangesPage)'s order: has_more, next_cursor, rows, server_hlc.
        QByteArray body;
        body.reserve(encoded.rowsJson.size() + 160);
        body.append(encoded.hasMore ? "{\"has_more\":true,\"next_cursor\":" : "{\"has_more\":false,\"next_cursor\":");
        appendJsonString(body, QString::number(encoded.count == 0 ? cursor : encoded.lastSeq));
        body.append(",\"rows\":");
        body.append(encoded.rowsJson);
        body.append(",\"server_hlc\":");
        appendJsonString(body, serverHlc());
        body.append('}');
        m_metrics.addRowsPulled(encoded.count);
        return bytes(std::move(body), encoded.count);
    }

    const ChangesRead read = m_storage.changes(cursor, limit);
    checkCursor(read.watermark, read.maxSeq);
    // Rows written through other server instances carry clocks this instance may not have seen yet.
    QString latestClock;
    for (const Row& row : read.rows) {
        for (const QString& clock : row.clocks)
            latestClock = std::max(latestClock, clock);
    }
    observeClock(latestClock);
    ChangesPage page;
    page.rows = read.rows;
    page.hasMore = read.hasMore;
    page.nextCursor = QString::number(read.rows.isEmpty() ? cursor : read.rows.last().seq);
    page.serverHlc = serverHlc();
    m_metrics.addRowsPulled(read.rows.size());
    return bytes(serialize(page), read.rows.size());
}

ApiResponse SyncService::verify(const DeviceRecord& d, const ApiRequest& r)
{
    const VerifyRequest request = decode<VerifyRequest>(r);
    if (!Schema::instance().table(request.table))
        fail(422, ErrorCode::UnknownTable, QStringLiteral("unknown table \"%1\"").arg(request.table));
    // Paged by id so a big table is hashed without holding it in memory.
    audit::Accumulator acc;
    QString after;
    for (;;) {
        const QList<Row> page = m_storage.tableRowsAfter(request.table, after, 2000);
        for (const Row& row : page)
            acc.add(row);
        if (page.size() < 2000)
            break;
        after = page.last().id;
    }
    VerifyResponse response;
    response.serverCount = acc.count();
    response.serverHash = acc.setHash();
    response.match = response.serverCount == request.count && response.serverHash == request.hash;
    if (!response.match) {
        const QMap<int, QString> server = acc.bucketHashes();
        for (int b = 0; b < audit::BucketCount; ++b) {
            if (server.value(b) != request.buckets.value(b))
                response.mismatchedBuckets.append(b);
        }
    }
    response.serverHlc = serverHlc();
    m_metrics.addAudit();
    if (!response.match)
        m_metrics.addAuditMismatch();
    m_storage.insertAudit(AuditRecord { d.id, request.table, nowMs(),
        response.match ? QStringLiteral("match") : QStringLiteral("mismatch"), request.count, response.serverCount,
        int(response.mismatchedBuckets.size()) });
    return json(response.toJson());
}

ApiResponse SyncService::rows(const ApiRequest& r)
{
    const QString table = r.query.queryItemValue(QStringLiteral("table"), QUrl::FullyDecoded);
    if (table.isEmpty())
        fail(400, ErrorCode::BadRequest, QStringLiteral("query parameter table is required"));
    if (!Schema::instance().table(table))
        fail(422, ErrorCode::UnknownTable, QStringLiteral("unknown table \"%1\"").arg(table));
    if (!r.query.hasQueryItem(QStringLiteral("bucket")))
        fail(400, ErrorCode::BadRequest, QStringLiteral("query parameter bucket is required"));
    const int bucket = int(intParam(r, "bucket", 0, 0, audit::BucketCount - 1));
    RowsPage page;
    page.table = table;
    page.bucket = bucket;
    page.rows = m_storage.tableRows(table, bucket);
    m_metrics.addRowsPulled(page.rows.size());
    return bytes(serialize(page), page.rows.size());
}

ApiResponse SyncService::telemetry(const DeviceRecord& d, const ApiRequest& r)
{
    const TelemetryBatch batch = decode<TelemetryBatch>(r);
    if (batch.deviceId != d.id)
        fail(403, ErrorCode::Forbidden, QStringLiteral("a device can only report for itself"));
    const qint64 now = nowMs();
    // Device times are moved onto the server's clock by the skew seen at this request.
    const qint64 skew = batch.sentAtMs > 0 ? batch.sentAtMs - now : batch.clockSkewMs;
    QList<LatencyRecord> samples;
    for (const LatencySample& s : batch.latency) {
        if (s.latencyMs < 0)
            fail(422, ErrorCode::InvalidValue, QStringLiteral("latency_ms must not be negative"));
        const qint64 at = std::min(now, s.editedAtMs + s.latencyMs - skew);
        const QString id = s.opId.isEmpty() ? Ulid::generate() : stripNul(s.opId.left(64));
        samples.append(LatencyRecord { id, d.id, at > 0 ? at : now, s.latencyMs, QStringLiteral("device") });
    }
    QList<EventRecord> events;
    for (const LogEvent& e : batch.events) {
        LogEvent clean { e.atMs, stripNul(e.kind.left(64)), stripNul(e.level.left(16)), stripNul(e.message.left(4000)),
            stripNul(e.data) };
        events.append(EventRecord { d.id, now, clean });
    }
    m_storage.insertTelemetry(samples, events);
    m_storage.updateDeviceHealth(d.id, now, stripNul(batch.appVersion.left(64)), batch.pendingChanges, skew);
    for (const LogEvent& e : batch.events) {
        const QString result = e.data.value(QStringLiteral("result")).toString();
        if (e.kind == QLatin1String("audit") && !result.isEmpty())
            m_storage.insertAudit(AuditRecord { d.id, Schema::WorkOrders, now, stripNul(result.left(32)),
                e.data.value(QStringLiteral("count")).toInteger(), -1,
                int(e.data.value(QStringLiteral("mismatched_buckets")).toInteger()) });
    }
    const QJsonObject body { { QStringLiteral("accepted_latency"), qint64(samples.size()) },
        { QStringLiteral("accepted_events"), qint64(events.size()) }, { QStringLiteral("server_hlc"), serverHlc() } };
    return json(body, 200, samples.size() + events.size());
}

ApiResponse SyncService::fleet()
{
    const qint64 now = nowMs();
    const qint64 hourAgo = now - 3600'000;
    const qint64 dayAgo = now - 24 * 3600'000;
    constexpr qint64 BucketMs = 10 * 60'000;

    const QList<LatencyRecord> samples = m_storage.latencySince(dayAgo);
    const QHash<QString, AuditRecord> audits = m_storage.latestAudits();
    const QHash<QString, qint64> conflicts = m_storage.openConflictCounts();

    QHash<QString, QList<qint64>> perDevice;
    QList<qint64> lastHour;
    QMap<qint64, QPair<qint64, qint64>> series; // bucket start -> (sum, count)
    for (const LatencyRecord& s : samples) {
        perDevice[s.deviceId].append(s.latencyMs);
        if (s.atMs >= hourAgo)
            lastHour.append(s.latencyMs);
        auto& b = series[s.atMs - s.atMs % BucketMs];
        b.first += s.latencyMs;
        ++b.second;
    }

    FleetReport report;
    report.thresholdMs = qint64(m_config.latencyAlarmMinutes * 60'000);
    for (const DeviceRecord& d : m_storage.devices()) {
        FleetDevice f;
        f.deviceId = d.id;
        f.name = d.name;
        f.technician = d.technician;
        f.role = d.role;
        f.lastSeen = codec::isoUtc(d.lastSeenMs);
        f.pendingChanges = d.pendingChanges;
        f.latencyP50Ms = percentile(perDevice.value(d.id), 0.5);
        f.latencyP95Ms = percentile(perDevice.value(d.id), 0.95);
        f.conflictsOpen = conflicts.value(d.id);
        if (const auto a = audits.constFind(d.id); a != audits.constEnd()) {
            f.lastAuditAt = codec::isoUtc(a->atMs);
            f.lastAuditResult = a->result;
            if (!d.revoked && (a->result == QLatin1String("mismatch") || a->result == QLatin1String("failed")))
                report.auditAlarm = true;
        }
        f.clockSkewMs = d.clockSkewMs;
        f.appVersion = d.appVersion;
        f.revoked = d.revoked;
        if (!d.revoked)
            report.pendingChanges += d.pendingChanges;
        report.devices.append(f);
    }
    if (!lastHour.isEmpty()) {
        qint64 sum = 0;
        for (qint64 v : lastHour)
            sum += v;
        report.avgLatencyLastHourMs = sum / lastHour.size();
        report.p95LatencyLastHourMs = percentile(lastHour, 0.95);
        report.alarm = report.avgLatencyLastHourMs > report.thresholdMs;
    }
    report.conflictsOpen = conflicts.value(QStringLiteral("*"));
    for (auto it = series.begin(); it != series.end(); ++it)
        report.latencySeries.append(LatencyPoint { codec::isoUtc(it.key()), it->first / it->second, it->second });
    report.generatedAt = codec::isoUtc(now);
    return json(report.toJson(), 200, report.devices.size());
}

ApiResponse SyncService::deviceEvents(const ApiRequest& r)
{
    const int limit = int(intParam(r, "limit", 100, 1, 1000));
    if (!m_storage.device(r.pathArg))
        fail(404, ErrorCode::NotFound, QStringLiteral("no device with this id"));
    DeviceEvents events;
    events.deviceId = r.pathArg;
    for (const EventRecord& e : m_storage.events(r.pathArg, limit))
        events.events.append(e.event);
    return json(events.toJson(), 200, events.events.size());
}

ApiResponse SyncService::conflicts(const DeviceRecord& d, const ApiRequest& r)
{
    const QString status = r.query.queryItemValue(QStringLiteral("status"), QUrl::FullyDecoded);
    if (!status.isEmpty() && status != QLatin1String("open") && status != QLatin1String("all"))
        fail(400, ErrorCode::BadRequest, QStringLiteral("status must be open or all"));
    QString device = r.query.queryItemValue(QStringLiteral("device"), QUrl::FullyDecoded);
    const bool supervisor = roleRank(d.role) >= roleRank(QStringLiteral("supervisor"));
    if (!supervisor) {
        if (!device.isEmpty() && device != d.id)
            fail(403, ErrorCode::Forbidden, QStringLiteral("a technician sees only the conflicts of their own device"));
        device = d.id;
    }
    const int limit = int(intParam(r, "limit", 200, 1, 1000));
    QJsonArray list;
    const QList<ConflictRecord> records = m_storage.conflicts(status != QLatin1String("all"), device, limit);
    for (const ConflictRecord& c : records)
        list.append(c.toJson());
    const QJsonObject body { { QStringLiteral("conflicts"), list }, { QStringLiteral("server_hlc"), serverHlc() } };
    return json(body, 200, records.size());
}

ApiResponse SyncService::resolve(const DeviceRecord& d, const ApiRequest& r)
{
    const QJsonObject body = bodyObject(r);
    const QJsonValue resolutionValue = body.value(QStringLiteral("resolution"));
    if (resolutionValue.isUndefined() || resolutionValue.isNull())
        fail(422, ErrorCode::InvalidValue, QStringLiteral("resolution is required"));
    if (!resolutionValue.isString())
        fail(422, ErrorCode::WrongType, QStringLiteral("resolution must be a string"));
    const QString resolution = resolutionValue.toString();
    if (resolution != QLatin1String("kept_winner") && resolution != QLatin1String("restored")
        && resolution != QLatin1String("picked_loser"))
        fail(422, ErrorCode::InvalidValue, QStringLiteral("resolution must be kept_winner, restored or picked_loser"));
    const bool supervisor = roleRank(d.role) >= roleRank(QStringLiteral("supervisor"));
    const qint64 now = nowMs();

    ConflictRecord resolved;
    const bool found = m_storage.resolveConflict(
        r.pathArg,
        [&](const ConflictRecord& current, const std::optional<Row>& row) {
            if (!supervisor && current.winnerDevice != d.id && current.loserDevice != d.id)
                fail(403, ErrorCode::Forbidden, QStringLiteral("a technician resolves only their own conflicts"));
            if (!current.resolution.isEmpty())
                fail(409, ErrorCode::Conflict,
                    QStringLiteral("this conflict was already resolved (%1)").arg(current.resolution));
            Storage::Resolution out;
            out.record = current;
            out.record.resolution = resolution;
            out.record.resolvedBy = d.id;
            if (resolution == QLatin1String("picked_loser")) {
                const TableDef* table = Schema::instance().table(current.table);
                if (!table || !table->field(current.field))
                    fail(422, ErrorCode::UnknownField, QStringLiteral("the conflict's field is not synced any more"));
                // The losing value becomes a new edit stamped by the server's clock, so it syncs everywhere.
                Change change;
                change.opId = Ulid::generate();
                change.table = current.table;
                change.rowId = current.rowId;
                FieldChange f;
                f.value = current.loserValue;
                if (row) {
                    // Another server instance may have stamped this row: never stamp below its clocks.
                    for (const QString& clock : row->clocks)
                        observeClock(clock);
                }
                f.hlc = serverHlc();
                f.baseHlc = row ? row->clocks.value(current.field) : QString();
                change.fields.insert(current.field, f);
                merge::Outcome outcome = merge::applyChange(*table, row, change, merge::Writer { d.id, d.technician },
                    [this](const QString& id) { return technicianOf(id); });
                if (outcome.status == ChangeStatus::Rejected)
                    fail(422, ErrorCode::InvalidValue, outcome.rejectReason);
                if (outcome.changed)
                    out.row = outcome.row;
            }
            resolved = out.record;
            return out;
        },
        now);
    if (!found)
        fail(404, ErrorCode::NotFound, QStringLiteral("no conflict with this id"));
    QJsonObject answer = resolved.toJson();
    return json(answer);
}

ApiResponse SyncService::enrol(const ApiRequest& r)
{
    // The request is a DeviceInfo without device_id and token: {"name", "technician", "role"}.
    const QJsonObject body = bodyObject(r);
    auto text = [&body](const char* name) {
        const QJsonValue v = body.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            fail(422, ErrorCode::InvalidValue, QStringLiteral("%1 is required").arg(QLatin1String(name)));
        if (!v.isString())
            fail(422, ErrorCode::WrongType, QStringLiteral("%1 must be a string").arg(QLatin1String(name)));
        const QString value = v.toString();
        if (value.trimmed().isEmpty() || value.size() > 200 || value.contains(QChar(0)))
            fail(422, ErrorCode::InvalidValue, QStringLiteral("%1 must be 1..200 characters").arg(QLatin1String(name)));
        return value;
    };
    DeviceInfo request;
    request.name = text("name");
    request.technician = text("technician");
    request.role = text("role");
    if (!validRole(request.role))
        fail(422, ErrorCode::InvalidValue, QStringLiteral("role must be technician, supervisor or admin"));
    DeviceRecord d;
    d.id = Ulid::generate();
    d.name = request.name.trimmed();
    d.technician = request.technician.trimmed();
    d.role = request.role;
    const QByteArray token = newToken();
    d.tokenHash = hashToken(token);
    d.createdAtMs = nowMs();
    m_storage.insertDevice(d);
    DeviceInfo info { d.id, d.name, d.technician, d.role, QString::fromLatin1(token) };
    return json(info.toJson(), 201, 1);
}

qint64 SyncService::purgeExpired()
{
    const qint64 before = nowMs() - qint64(m_config.tombstoneRetentionDays * 24 * 3600 * 1000);
    return m_storage.purge(before);
}

} // namespace fieldsync::server
