#include "Protocol.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace fieldsync::protocol {

namespace {

constexpr double MaxExactInteger = 9007199254740992.0; // 2^53: from here on JSON numbers lose precision

// First decoding error of one fromJson() call; every reader shares it and stops at the first failure.
struct Context
{
    Error error;
    bool failed = false;

    void fail(const char* code, const QString& message)
    {
        if (failed)
            return;
        failed = true;
        error = makeError(422, QString::fromLatin1(code), message);
    }
    void wrongType(const QString& path, const char* expected)
    {
        fail(ErrorCode::WrongType, path % u" must be "_s % QLatin1String(expected));
    }
    void missing(const QString& path) { fail(ErrorCode::InvalidValue, path % u" is required"_s); }
};

QString join(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path % u'.' % key;
}

QString indexed(const QString& path, qsizetype i)
{
    return path % u'[' % QString::number(i) % u']';
}

enum class Need { Required, Optional };

// Reads the members of one JSON object, recording the first problem in the shared context.
class Reader
{
public:
    Reader(const QJsonObject& o, QString path, Context& ctx)
        : m_o(o)
        , m_path(std::move(path))
        , m_ctx(ctx)
    { }

    bool ok() const { return !m_ctx.failed; }
    Context& context() const { return m_ctx; }
    QString path(const QString& key) const { return join(m_path, key); }

    // The member, or nullopt when absent/null (reporting it when required) or after an earlier error.
    // A required member that is null has the wrong type: `expected` names the right one.
    std::optional<QJsonValue> member(const QString& key, Need need, const char* expected) const
    {
        if (m_ctx.failed)
            return std::nullopt;
        const auto it = m_o.constFind(key);
        if (it == m_o.constEnd() || it->isUndefined() || it->isNull()) {
            if (need == Need::Required) {
                if (it != m_o.constEnd() && it->isNull())
                    m_ctx.wrongType(path(key), expected);
                else
                    m_ctx.missing(path(key));
            }
            return std::nullopt;
        }
        return *it;
    }

    QString string(const QString& key, Need need = Need::Required, const QString& fallback = {}) const
    {
        const auto v = member(key, need, "a string");
        if (!v)
            return fallback;
        if (!v->isString()) {
            m_ctx.wrongType(path(key), "a string");
            return fallback;
        }
        return v->toString();
    }

    std::optional<QString> optionalString(const QString& key) const
    {
        const auto v = member(key, Need::Optional, "a string");
        if (!v)
            return std::nullopt;
        if (!v->isString()) {
            m_ctx.wrongType(path(key), "a string");
            return std::nullopt;
        }
        return v->toString();
    }

    qint64 integer(const QString& key, Need need = Need::Required, qint64 fallback = 0) const
    {
        const auto v = member(key, need, "an integer");
        if (!v)
            return fallback;
        return toInteger(*v, path(key), m_ctx, fallback);
    }

    bool boolean(const QString& key, Need need = Need::Required, bool fallback = false) const
    {
        const auto v = member(key, need, "a boolean");
        if (!v)
            return fallback;
        if (!v->isBool()) {
            m_ctx.wrongType(path(key), "a boolean");
            return fallback;
        }
        return v->toBool();
    }

    QJsonObject object(const QString& key, Need need = Need::Required) const
    {
        const auto v = member(key, need, "an object");
        if (!v)
            return {};
        if (!v->isObject()) {
            m_ctx.wrongType(path(key), "an object");
            return {};
        }
        return v->toObject();
    }

    std::optional<QJsonObject> optionalObject(const QString& key) const
    {
        const auto v = member(key, Need::Optional, "an object");
        if (!v)
            return std::nullopt;
        if (!v->isObject()) {
            m_ctx.wrongType(path(key), "an object");
            return std::nullopt;
        }
        return v->toObject();
    }

    QJsonArray array(const QString& key, Need need = Need::Required) const
    {
        const auto v = member(key, need, "an array");
        if (!v)
            return {};
        if (!v->isArray()) {
            m_ctx.wrongType(path(key), "an array");
            return {};
        }
        return v->toArray();
    }

    // A present value of any JSON type (null included); `required` reports an absent one.
    QJsonValue anyValue(const QString& key) const
    {
        if (m_ctx.failed)
            return {};
        const auto it = m_o.constFind(key);
        if (it == m_o.constEnd() || it->isUndefined()) {
            m_ctx.missing(path(key));
            return {};
        }
        return *it;
    }

    QMap<QString, QString> stringMap(const QString& key, Need need) const
    {
        QMap<QString, QString> out;
        const QJsonObject o = object(key, need);
        for (auto it = o.constBegin(); it != o.constEnd() && ok(); ++it) {
            if (!it->isString())
                m_ctx.wrongType(join(path(key), it.key()), "a string");
            else
                out.insert(it.key(), it->toString());
        }
        return out;
    }

    template <typename T>
    QList<T> list(
        const QString& key, Need need, bool (*readOne)(const QJsonObject&, const QString&, Context&, T&)) const
    {
        QList<T> out;
        const QJsonArray a = array(key, need);
        out.reserve(a.size());
        for (qsizetype i = 0; i < a.size() && ok(); ++i) {
            const QString itemPath = indexed(path(key), i);
            if (!a.at(i).isObject()) {
                m_ctx.wrongType(itemPath, "an object");
                break;
            }
            T item;
            if (readOne(a.at(i).toObject(), itemPath, m_ctx, item))
                out.append(std::move(item));
        }
        return out;
    }

    QList<int> intList(const QString& key, Need need, int min, int max) const
    {
        QList<int> out;
        const QJsonArray a = array(key, need);
        for (qsizetype i = 0; i < a.size() && ok(); ++i) {
            const QString itemPath = indexed(path(key), i);
            const qint64 v = toInteger(a.at(i), itemPath, m_ctx, 0);
            if (ok() && (v < min || v > max))
                m_ctx.fail(ErrorCode::InvalidValue,
                    itemPath % u" must be between "_s % QString::number(min) % u" and "_s % QString::number(max));
            out.append(int(v));
        }
        return out;
    }

    static qint64 toInteger(const QJsonValue& v, const QString& path, Context& ctx, qint64 fallback)
    {
        if (!v.isDouble()) {
            ctx.wrongType(path, "an integer");
            return fallback;
        }
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) >= MaxExactInteger) {
            ctx.wrongType(path, "an integer");
            return fallback;
        }
        return v.toInteger(qint64(d));
    }

private:
    QJsonObject m_o;
    QString m_path;
    Context& m_ctx;
};

template <typename T> Parsed<T> finish(Context& ctx, T&& value)
{
    Parsed<T> out;
    if (ctx.failed)
        out.error = ctx.error;
    else
        out.value = std::forward<T>(value);
    return out;
}

template <typename T>
Parsed<T> parseTop(const QJsonObject& o, bool (*readOne)(const QJsonObject&, const QString&, Context&, T&))
{
    Context ctx;
    T value;
    readOne(o, QString(), ctx, value);
    return finish(ctx, std::move(value));
}

QJsonObject stringMapToJson(const QMap<QString, QString>& map)
{
    QJsonObject o;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

template <typename T> QJsonArray listToJson(const QList<T>& items)
{
    QJsonArray a;
    for (const T& item : items)
        a.append(item.toJson());
    return a;
}

// ---- readers, one per type ----------------------------------------------------------------------

bool readRow(const QJsonObject& o, const QString& path, Context& ctx, Row& row)
{
    const Reader r(o, path, ctx);
    row.table = r.string(u"table"_s);
    row.id = r.string(u"id"_s);
    row.values = r.object(u"values"_s);
    for (auto it = row.values.constBegin(); it != row.values.constEnd() && r.ok(); ++it) {
        if (!it->isString() && !it->isBool() && !it->isNull())
            ctx.wrongType(join(r.path(u"values"_s), it.key()), "a string, a boolean or null");
    }
    row.clocks = r.stringMap(u"clocks"_s, Need::Required);
    row.authors = r.stringMap(u"authors"_s, Need::Optional);
    row.seq = r.integer(u"seq"_s, Need::Optional, 0);
    return r.ok();
}

bool readFieldChange(const QJsonObject& o, const QString& path, Context& ctx, FieldChange& fc)
{
    const Reader r(o, path, ctx);
    fc.value = r.anyValue(u"value"_s);
    fc.hlc = r.string(u"hlc"_s);
    fc.baseHlc = r.string(u"base_hlc"_s, Need::Optional);
    fc.baseText = r.optionalString(u"base_text"_s);
    return r.ok();
}

bool readChange(const QJsonObject& o, const QString& path, Context& ctx, Change& change)
{
    const Reader r(o, path, ctx);
    change.opId = r.string(u"op_id"_s);
    change.table = r.string(u"table"_s);
    change.rowId = r.string(u"row_id"_s);
    const QJsonObject fields = r.object(u"fields"_s);
    for (auto it = fields.constBegin(); it != fields.constEnd() && r.ok(); ++it) {
        const QString fieldPath = join(r.path(u"fields"_s), it.key());
        if (!it->isObject()) {
            ctx.wrongType(fieldPath, "an object");
            break;
        }
        FieldChange fc;
        if (readFieldChange(it->toObject(), fieldPath, ctx, fc))
            change.fields.insert(it.key(), fc);
    }
    change.ageMs = r.integer(u"age_ms"_s, Need::Optional, 0);
    return r.ok();
}

bool readPushRequest(const QJsonObject& o, const QString& path, Context& ctx, PushRequest& req)
{
    const Reader r(o, path, ctx);
    req.deviceId = r.string(u"device_id"_s);
    req.hlc = r.string(u"hlc"_s);
    req.changes = r.list<Change>(u"changes"_s, Need::Required, &readChange);
    return r.ok();
}

bool readConflict(const QJsonObject& o, const QString& path, Context& ctx, ConflictRecord& c)
{
    const Reader r(o, path, ctx);
    c.id = r.string(u"id"_s);
    c.table = r.string(u"table"_s);
    c.rowId = r.string(u"row_id"_s);
    c.field = r.string(u"field"_s);
    c.winnerValue = r.anyValue(u"winner_value"_s);
    c.loserValue = r.anyValue(u"loser_value"_s);
    c.winnerHlc = r.string(u"winner_hlc"_s);
    c.loserHlc = r.string(u"loser_hlc"_s);
    c.winnerDevice = r.string(u"winner_device"_s, Need::Optional);
    c.loserDevice = r.string(u"loser_device"_s, Need::Optional);
    c.winnerTechnician = r.string(u"winner_technician"_s, Need::Optional);
    c.loserTechnician = r.string(u"loser_technician"_s, Need::Optional);
    c.rule = r.string(u"rule"_s);
    c.createdAt = r.string(u"created_at"_s, Need::Optional);
    c.resolution = r.string(u"resolution"_s, Need::Optional);
    c.resolvedBy = r.string(u"resolved_by"_s, Need::Optional);
    return r.ok();
}

bool readChangeResult(const QJsonObject& o, const QString& path, Context& ctx, ChangeResult& res)
{
    const Reader r(o, path, ctx);
    res.opId = r.string(u"op_id"_s);
    const QString status = r.string(u"status"_s);
    if (r.ok()) {
        const auto s = changeStatusFromString(status);
        if (!s)
            ctx.fail(ErrorCode::InvalidValue,
                r.path(u"status"_s) % u" must be one of applied, merged, duplicate, rejected"_s);
        else
            res.status = *s;
    }
    res.reasonCode = r.string(u"reason_code"_s, Need::Optional);
    res.reason = r.string(u"reason"_s, Need::Optional);
    if (const auto row = r.optionalObject(u"row"_s)) {
        Row value;
        if (readRow(*row, r.path(u"row"_s), ctx, value))
            res.row = std::move(value);
    }
    res.conflicts = r.list<ConflictRecord>(u"conflicts"_s, Need::Optional, &readConflict);
    return r.ok();
}

bool readPushResponse(const QJsonObject& o, const QString& path, Context& ctx, PushResponse& resp)
{
    const Reader r(o, path, ctx);
    resp.results = r.list<ChangeResult>(u"results"_s, Need::Required, &readChangeResult);
    resp.serverHlc = r.string(u"server_hlc"_s);
    if (const auto feed = r.optionalObject(u"feed"_s)) {
        const Reader f(*feed, r.path(u"feed"_s), ctx);
        resp.feedFrom = f.string(u"from"_s);
        resp.feedTo = f.string(u"to"_s);
        if (f.ok() && resp.feedFrom.isEmpty())
            ctx.fail(ErrorCode::InvalidValue, f.path(u"from"_s) % u" must not be empty"_s);
        if (f.ok() && resp.feedTo.isEmpty())
            ctx.fail(ErrorCode::InvalidValue, f.path(u"to"_s) % u" must not be empty"_s);
    }
    return r.ok();
}

bool readChangesPage(const QJsonObject& o, const QString& path, Context& ctx, ChangesPage& page)
{
    const Reader r(o, path, ctx);
    page.rows = r.list<Row>(u"rows"_s, Need::Required, &readRow);
    page.nextCursor = r.string(u"next_cursor"_s);
    page.hasMore = r.boolean(u"has_more"_s);
    page.serverHlc = r.string(u"server_hlc"_s);
    return r.ok();
}

bool readBucket(const Reader& r, const QString& key, Need need, int& bucket)
{
    const qint64 v = r.integer(key, need, bucket);
    if (r.ok() && (v < 0 || v > 255)) {
        r.context().fail(ErrorCode::InvalidValue, r.path(key) % u" must be between 0 and 255"_s);
        return false;
    }
    bucket = int(v);
    return r.ok();
}

bool readVerifyRequest(const QJsonObject& o, const QString& path, Context& ctx, VerifyRequest& req)
{
    const Reader r(o, path, ctx);
    req.table = r.string(u"table"_s);
    req.count = r.integer(u"count"_s);
    req.hash = r.string(u"hash"_s);
    const QMap<QString, QString> buckets = r.stringMap(u"buckets"_s, Need::Optional);
    for (auto it = buckets.constBegin(); it != buckets.constEnd() && r.ok(); ++it) {
        bool isNumber = false;
        const int bucket = it.key().toInt(&isNumber);
        if (!isNumber || bucket < 0 || bucket > 255 || QString::number(bucket) != it.key())
            ctx.fail(ErrorCode::InvalidValue,
                join(r.path(u"buckets"_s), it.key()) % u": bucket keys must be integers from 0 to 255"_s);
        else
            req.buckets.insert(bucket, it.value());
    }
    return r.ok();
}

bool readVerifyResponse(const QJsonObject& o, const QString& path, Context& ctx, VerifyResponse& resp)
{
    const Reader r(o, path, ctx);
    resp.match = r.boolean(u"match"_s);
    resp.serverCount = r.integer(u"server_count"_s);
    resp.serverHash = r.string(u"server_hash"_s);
    resp.mismatchedBuckets = r.intList(u"mismatched_buckets"_s, Need::Optional, 0, 255);
    resp.serverHlc = r.string(u"server_hlc"_s, Need::Optional);
    return r.ok();
}

bool readRowsPage(const QJsonObject& o, const QString& path, Context& ctx, RowsPage& page)
{
    const Reader r(o, path, ctx);
    page.table = r.string(u"table"_s);
    readBucket(r, u"bucket"_s, Need::Required, page.bucket);
    page.rows = r.list<Row>(u"rows"_s, Need::Required, &readRow);
    return r.ok();
}

bool readLatencySample(const QJsonObject& o, const QString& path, Context& ctx, LatencySample& s)
{
    const Reader r(o, path, ctx);
    s.opId = r.string(u"op_id"_s, Need::Optional);
    s.rowId = r.string(u"row_id"_s, Need::Optional);
    s.editedAtMs = r.integer(u"edited_at_ms"_s);
    s.latencyMs = r.integer(u"latency_ms"_s);
    return r.ok();
}

bool readLogEvent(const QJsonObject& o, const QString& path, Context& ctx, LogEvent& e)
{
    const Reader r(o, path, ctx);
    e.atMs = r.integer(u"at_ms"_s);
    e.kind = r.string(u"kind"_s);
    e.level = r.string(u"level"_s, Need::Optional, u"info"_s);
    e.message = r.string(u"message"_s, Need::Optional);
    e.data = r.object(u"data"_s, Need::Optional);
    return r.ok();
}

bool readTelemetryBatch(const QJsonObject& o, const QString& path, Context& ctx, TelemetryBatch& b)
{
    const Reader r(o, path, ctx);
    b.deviceId = r.string(u"device_id"_s);
    b.appVersion = r.string(u"app_version"_s, Need::Optional);
    b.sentAtMs = r.integer(u"sent_at_ms"_s);
    b.pendingChanges = r.integer(u"pending_changes"_s, Need::Optional, 0);
    b.clockSkewMs = r.integer(u"clock_skew_ms"_s, Need::Optional, 0);
    b.latency = r.list<LatencySample>(u"latency"_s, Need::Optional, &readLatencySample);
    b.events = r.list<LogEvent>(u"events"_s, Need::Optional, &readLogEvent);
    return r.ok();
}

bool readFleetDevice(const QJsonObject& o, const QString& path, Context& ctx, FleetDevice& d)
{
    const Reader r(o, path, ctx);
    d.deviceId = r.string(u"device_id"_s);
    d.name = r.string(u"name"_s, Need::Optional);
    d.technician = r.string(u"technician"_s, Need::Optional);
    d.role = r.string(u"role"_s, Need::Optional);
    d.lastSeen = r.string(u"last_seen"_s, Need::Optional);
    d.pendingChanges = r.integer(u"pending_changes"_s, Need::Optional, 0);
    d.latencyP50Ms = r.integer(u"latency_p50_ms"_s, Need::Optional, -1);
    d.latencyP95Ms = r.integer(u"latency_p95_ms"_s, Need::Optional, -1);
    d.conflictsOpen = r.integer(u"conflicts_open"_s, Need::Optional, 0);
    d.lastAuditAt = r.string(u"last_audit_at"_s, Need::Optional);
    d.lastAuditResult = r.string(u"last_audit_result"_s, Need::Optional);
    d.clockSkewMs = r.integer(u"clock_skew_ms"_s, Need::Optional, 0);
    d.appVersion = r.string(u"app_version"_s, Need::Optional);
    d.revoked = r.boolean(u"revoked"_s, Need::Optional, false);
    return r.ok();
}

bool readLatencyPoint(const QJsonObject& o, const QString& path, Context& ctx, LatencyPoint& p)
{
    const Reader r(o, path, ctx);
    p.at = r.string(u"at"_s);
    p.avgMs = r.integer(u"avg_ms"_s);
    p.samples = r.integer(u"samples"_s);
    return r.ok();
}

bool readFleetReport(const QJsonObject& o, const QString& path, Context& ctx, FleetReport& f)
{
    const Reader r(o, path, ctx);
    f.devices = r.list<FleetDevice>(u"devices"_s, Need::Required, &readFleetDevice);
    f.avgLatencyLastHourMs = r.integer(u"avg_latency_last_hour_ms"_s, Need::Optional, -1);
    f.p95LatencyLastHourMs = r.integer(u"p95_latency_last_hour_ms"_s, Need::Optional, -1);
    f.thresholdMs = r.integer(u"threshold_ms"_s, Need::Optional, f.thresholdMs);
    f.alarm = r.boolean(u"alarm"_s);
    f.auditAlarm = r.boolean(u"audit_alarm"_s, Need::Optional, false);
    f.conflictsOpen = r.integer(u"conflicts_open"_s, Need::Optional, 0);
    f.pendingChanges = r.integer(u"pending_changes"_s, Need::Optional, 0);
    f.latencySeries = r.list<LatencyPoint>(u"latency_series"_s, Need::Optional, &readLatencyPoint);
    f.generatedAt = r.string(u"generated_at"_s, Need::Optional);
    return r.ok();
}

bool readDeviceEvents(const QJsonObject& o, const QString& path, Context& ctx, DeviceEvents& d)
{
    const Reader r(o, path, ctx);
    d.deviceId = r.string(u"device_id"_s);
    d.events = r.list<LogEvent>(u"events"_s, Need::Required, &readLogEvent);
    return r.ok();
}

bool readDeviceInfo(const QJsonObject& o, const QString& path, Context& ctx, DeviceInfo& d)
{
    const Reader r(o, path, ctx);
    d.deviceId = r.string(u"device_id"_s);
    d.name = r.string(u"name"_s, Need::Optional);
    d.technician = r.string(u"technician"_s, Need::Optional);
    d.role = r.string(u"role"_s);
    d.token = r.string(u"token"_s, Need::Optional);
    return r.ok();
}

bool isLowerHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
}

bool isNodeChar(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

// ---- direct writers (must produce exactly what QJsonDocument writes for the toJson() objects) ----------

// Writes the members of one object; keys must be given in sorted order, as QJsonObject keeps them.
class ObjectWriter
{
public:
    explicit ObjectWriter(QByteArray& out)
        : m_out(out)
    {
        m_out.append('{');
    }
    ~ObjectWriter() { m_out.append('}'); }
    QByteArray& key(QStringView name)
    {
        if (!m_first)
            m_out.append(',');
        m_first = false;
        appendJsonString(m_out, name);
        m_out.append(':');
        return m_out;
    }

private:
    QByteArray& m_out;
    bool m_first = true;
};

void writeRow(QByteArray& out, const Row& row)
{
    ObjectWriter w(out);
    appendJsonStringMap(w.key(u"authors"), row.authors);
    appendJsonStringMap(w.key(u"clocks"), row.clocks);
    appendJsonString(w.key(u"id"), row.id);
    w.key(u"seq").append(QByteArray::number(row.seq));
    appendJsonString(w.key(u"table"), row.table);
    ObjectWriter values(w.key(u"values"));
    for (auto it = row.values.constBegin(); it != row.values.constEnd(); ++it)
        appendJsonValue(values.key(it.key()), it.value());
}

void writeRows(QByteArray& out, const QList<Row>& rows)
{
    out.append('[');
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i > 0)
            out.append(',');
        writeRow(out, rows.at(i));
    }
    out.append(']');
}

void writeChange(QByteArray& out, const Change& c)
{
    ObjectWriter w(out);
    w.key(u"age_ms").append(QByteArray::number(c.ageMs));
    {
        ObjectWriter fields(w.key(u"fields"));
        for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it) {
            ObjectWriter f(fields.key(it.key()));
            appendJsonString(f.key(u"base_hlc"), it->baseHlc);
            if (it->baseText)
                appendJsonString(f.key(u"base_text"), *it->baseText);
            appendJsonString(f.key(u"hlc"), it->hlc);
            appendJsonValue(f.key(u"value"), it->value);
        }
    }
    appendJsonString(w.key(u"op_id"), c.opId);
    appendJsonString(w.key(u"row_id"), c.rowId);
    appendJsonString(w.key(u"table"), c.table);
}

void writeConflict(QByteArray& out, const ConflictRecord& c)
{
    ObjectWriter w(out);
    appendJsonString(w.key(u"created_at"), c.createdAt);
    appendJsonString(w.key(u"field"), c.field);
    appendJsonString(w.key(u"id"), c.id);
    appendJsonString(w.key(u"loser_device"), c.loserDevice);
    appendJsonString(w.key(u"loser_hlc"), c.loserHlc);
    appendJsonString(w.key(u"loser_technician"), c.loserTechnician);
    appendJsonValue(w.key(u"loser_value"), c.loserValue);
    appendJsonString(w.key(u"resolution"), c.resolution);
    appendJsonString(w.key(u"resolved_by"), c.resolvedBy);
    appendJsonString(w.key(u"row_id"), c.rowId);
    appendJsonString(w.key(u"rule"), c.rule);
    appendJsonString(w.key(u"table"), c.table);
    appendJsonString(w.key(u"winner_device"), c.winnerDevice);
    appendJsonString(w.key(u"winner_hlc"), c.winnerHlc);
    appendJsonString(w.key(u"winner_technician"), c.winnerTechnician);
    appendJsonValue(w.key(u"winner_value"), c.winnerValue);
}

void writeFeedSpan(QByteArray& out, const PushResponse& response)
{
    ObjectWriter w(out);
    appendJsonString(w.key(u"from"), response.feedFrom);
    appendJsonString(w.key(u"to"), response.feedTo);
}

void writeChangeResult(QByteArray& out, const ChangeResult& r, QStringView status)
{
    ObjectWriter w(out);
    QByteArray& conflicts = w.key(u"conflicts");
    conflicts.append('[');
    for (qsizetype i = 0; i < r.conflicts.size(); ++i) {
        if (i > 0)
            conflicts.append(',');
        writeConflict(conflicts, r.conflicts.at(i));
    }
    conflicts.append(']');
    appendJsonString(w.key(u"op_id"), r.opId);
    if (!r.reason.isEmpty())
        appendJsonString(w.key(u"reason"), r.reason);
    if (!r.reasonCode.isEmpty())
        appendJsonString(w.key(u"reason_code"), r.reasonCode);
    if (r.row)
        writeRow(w.key(u"row"), *r.row);
    appendJsonString(w.key(u"status"), status);
}

// ---- direct reader for the change feed --------------------------------------------------------------

// Reads a strict subset of JSON straight into the protocol types. It refuses (returns false) anything it is
// not sure to read exactly as QJsonDocument + the codec would: escapes it does not know, unpaired surrogates,
// invalid UTF-8, numbers other than small integers, unknown or repeated members, nulls. The caller then takes
// the general path, which also produces the precise error.
class FastReader
{
public:
    explicit FastReader(const QByteArray& body)
        : m_p(body.constData())
        , m_end(body.constData() + body.size())
    { }

    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    bool consume(char c)
    {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    // Calls member(key) for each member; member reads the value and returns false to give up.
    template <typename F> bool object(F&& member)
    {
        if (!consume('{'))
            return false;
        if (consume('}'))
            return true;
        do {
            QString key;
            if (!string(key) || !consume(':') || !member(key))
                return false;
        } while (consume(','));
        return consume('}');
    }

    template <typename F> bool array(F&& element)
    {
        if (!consume('['))
            return false;
        if (consume(']'))
            return true;
        do {
            if (!element())
                return false;
        } while (consume(','));
        return consume(']');
    }

    bool string(QString& out)
    {
        if (!consume('"'))
            return false;
        const char* start = m_p;
        bool plain = true;
        while (m_p != m_end && *m_p != '"') {
            const uchar c = uchar(*m_p);
            if (c < 0x20)
                return false;
            if (c == '\\' || c >= 0x80) {
                plain = false;
                break;
            }
            ++m_p;
        }
        if (plain) {
            if (m_p == m_end)
                return false;
            out = QString::fromLatin1(start, m_p - start);
            ++m_p;
            return true;
        }
        m_p = start;
        return escapedString(out);
    }

    bool boolean(bool& out)
    {
        skipSpace();
        if (literal("true")) {
            out = true;
            return true;
        }
        if (literal("false")) {
            out = false;
            return true;
        }
        return false;
    }

    bool integer(qint64& out)
    {
        skipSpace();
        const bool negative = m_p != m_end && *m_p == '-';
        if (negative)
            ++m_p;
        const char* start = m_p;
        qint64 v = 0;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 15)
            v = v * 10 + (*m_p++ - '0');
        const qsizetype digits = m_p - start;
        if (digits == 0 || (digits > 1 && *start == '0'))
            return false;
        if (m_p != m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E' || (*m_p >= '0' && *m_p <= '9')))
            return false;
        out = negative ? -v : v;
        return true;
    }

    // A string, true, false or null.
    bool scalar(QJsonValue& out)
    {
        skipSpace();
        if (m_p == m_end)
            return false;
        if (*m_p == '"') {
            QString s;
            if (!string(s))
                return false;
            out = s;
            return true;
        }
        if (literal("null")) {
            out = QJsonValue();
            return true;
        }
        bool b = false;
        if (!boolean(b))
            return false;
        out = b;
        return true;
    }

    // Members usually come sorted (the serializers write them so): inserted with the end as hint. A repeated
    // key is refused (the general codec then reports it).
    bool stringMap(QMap<QString, QString>& out)
    {
        return object([&](const QString& key) {
            QString value;
            if (!string(value))
                return false;
            const qsizetype before = out.size();
            out.insert(out.cend(), key, value);
            return out.size() > before;
        });
    }

    // Reads a {"key":"string",…} member without keeping it.
    bool skipStringMap()
    {
        return object([&](const QString&) {
            QString value;
            return string(value);
        });
    }

private:
    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool literal(const char* word)
    {
        const qsizetype n = qsizetype(qstrlen(word));
        if (m_end - m_p < n || memcmp(m_p, word, size_t(n)) != 0)
            return false;
        m_p += n;
        return true;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool unicodeEscape(char16_t& out, const char* limit)
    {
        if (limit - m_p < 4)
            return false;
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_p[i]);
            if (h < 0)
                return false;
            v = v * 16 + h;
        }
        m_p += 4;
        out = char16_t(v);
        return true;
    }

    // Strings with escapes or non-ASCII text; m_p is just after the opening quote. Decodes in one pass into a
    // buffer as long as the encoded text (every escape and UTF-8 sequence is at least as long as its UTF-16).
    bool escapedString(QString& out)
    {
        const char* close = m_p;
        while (close != m_end && *close != '"') {
            if (*close == '\\' && ++close == m_end)
                return false;
            ++close;
        }
        if (close == m_end)
            return false;
        out.resize(close - m_p);
        QChar* d = out.data();
        while (m_p != close) {
            const uchar c = uchar(*m_p);
            if (c < 0x20)
                return false;
            if (c < 0x80 && c != '\\') {
                *d++ = QChar(char16_t(c));
                ++m_p;
                continue;
            }
            if (c >= 0x80) {
                const int length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
                if (length == 0 || c > 0xf4 || close - m_p < length)
                    return false;
                char32_t code = c & (0x7f >> length);
                for (int i = 1; i < length; ++i) {
                    const uchar next = uchar(m_p[i]);
                    if ((next & 0xc0) != 0x80)
                        return false;
                    code = (code << 6) | (next & 0x3f);
                }
                if ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)))
                    || (length == 4 && (code < 0x10000 || code > 0x10ffff)))
                    return false;
                m_p += length;
                if (code >= 0x10000) {
                    *d++ = QChar(QChar::highSurrogate(code));
                    *d++ = QChar(QChar::lowSurrogate(code));
                } else {
                    *d++ = QChar(char16_t(code));
                }
                continue;
            }
            ++m_p; // the backslash
            switch (*m_p++) {
            case '"':
                *d++ = u'"';
                break;
            case '\\':
                *d++ = u'\\';
                break;
            case '/':
                *d++ = u'/';
                break;
            case 'b':
                *d++ = u'\b';
                break;
            case 'f':
                *d++ = u'\f';
                break;
            case 'n':
                *d++ = u'\n';
                break;
            case 'r':
                *d++ = u'\r';
                break;
            case 't':
                *d++ = u'\t';
                break;
            case 'u': {
                char16_t u = 0;
                if (!unicodeEscape(u, close))
                    return false;
                if (QChar::isHighSurrogate(u)) {
                    char16_t low = 0;
                    if (close - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                        return false;
                    m_p += 2;
                    if (!unicodeEscape(low, close) || !QChar::isLowSurrogate(low))
                        return false;
                    *d++ = QChar(u);
                    *d++ = QChar(low);
                } else if (QChar::isSurrogate(u) || u == 0) {
                    return false;
                } else {
                    *d++ = QChar(u);
                }
                break;
            }
            default:
                return false;
            }
        }
        out.truncate(d - out.constData());
        m_p = close + 1;
        return true;
    }

    const char* m_p;
    const char* m_end;
};

bool fastRow(FastReader& in, Row& row, bool keepAuthors = true)
{
    bool table = false, id = false, values = false, clocks = false, authors = false, seq = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"table" && !table)
            return (table = in.string(row.table));
        if (key == u"id" && !id)
            return (id = in.string(row.id));
        if (key == u"clocks" && !clocks)
            return (clocks = in.stringMap(row.clocks));
        if (key == u"authors" && !authors)
            return (authors = keepAuthors ? in.stringMap(row.authors) : in.skipStringMap());
        if (key == u"seq" && !seq)
            return (seq = in.integer(row.seq));
        if (key == u"values" && !values) {
            values = in.object([&](const QString& field) {
                QJsonValue v;
                if (!in.scalar(v))
                    return false;
                const qsizetype before = row.values.size();
                row.values.insert(field, v);
                return row.values.size() > before; // a repeated field: the general codec reports it
            });
            return values;
        }
        return false;
    });
    return ok && table && id && values && clocks;
}

bool fastChangesPage(const QByteArray& body, ChangesPage& page, bool keepAuthors = true)
{
    FastReader in(body);
    bool rows = false, cursor = false, more = false, hlc = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"rows" && !rows) {
            rows = in.array([&] {
                Row row;
                if (!fastRow(in, row, keepAuthors))
                    return false;
                page.rows.append(std::move(row));
                return true;
            });
            return rows;
        }
        if (key == u"next_cursor" && !cursor)
            return (cursor = in.string(page.nextCursor));
        if (key == u"has_more" && !more)
            return (more = in.boolean(page.hasMore));
        if (key == u"server_hlc" && !hlc)
            return (hlc = in.string(page.serverHlc));
        return false;
    });
    return ok && rows && cursor && more && hlc && in.atEnd();
}

bool fastFieldChange(FastReader& in, FieldChange& fc)
{
    bool value = false, hlc = false, base = false, baseText = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"value" && !value)
            return (value = in.scalar(fc.value));
        if (key == u"hlc" && !hlc)
            return (hlc = in.string(fc.hlc));
        if (key == u"base_hlc" && !base)
            return (base = in.string(fc.baseHlc));
        if (key == u"base_text" && !baseText) {
            QString text;
            baseText = in.string(text);
            fc.baseText = text;
            return baseText;
        }
        return false;
    });
    return ok && value && hlc;
}

bool fastChange(FastReader& in, Change& change)
{
    bool opId = false, table = false, rowId = false, fields = false, age = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"op_id" && !opId)
            return (opId = in.string(change.opId));
        if (key == u"table" && !table)
            return (table = in.string(change.table));
        if (key == u"row_id" && !rowId)
            return (rowId = in.string(change.rowId));
        if (key == u"age_ms" && !age)
            return (age = in.integer(change.ageMs));
        if (key == u"fields" && !fields) {
            fields = in.object([&](const QString& name) {
                FieldChange fc;
                if (change.fields.contains(name) || !fastFieldChange(in, fc))
                    return false;
                change.fields.insert(name, fc);
                return true;
            });
            return fields;
        }
        return false;
    });
    return ok && opId && table && rowId && fields;
}

bool fastPushRequest(const QByteArray& body, PushRequest& request)
{
    FastReader in(body);
    bool device = false, hlc = false, changes = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"device_id" && !device)
            return (device = in.string(request.deviceId));
        if (key == u"hlc" && !hlc)
            return (hlc = in.string(request.hlc));
        if (key == u"changes" && !changes) {
            changes = in.array([&] {
                Change change;
                if (!fastChange(in, change))
                    return false;
                request.changes.append(std::move(change));
                return true;
            });
            return changes;
        }
        return false;
    });
    return ok && device && hlc && changes && in.atEnd();
}

bool fastConflict(FastReader& in, ConflictRecord& c)
{
    QSet<QString> seen;
    const bool ok = in.object([&](const QString& key) {
        if (seen.contains(key))
            return false;
        seen.insert(key);
        if (key == u"winner_value")
            return in.scalar(c.winnerValue);
        if (key == u"loser_value")
            return in.scalar(c.loserValue);
        QString* target = key == u"id"    ? &c.id
            : key == u"table"             ? &c.table
            : key == u"row_id"            ? &c.rowId
            : key == u"field"             ? &c.field
            : key == u"winner_hlc"        ? &c.winnerHlc
            : key == u"loser_hlc"         ? &c.loserHlc
            : key == u"winner_device"     ? &c.winnerDevice
            : key == u"loser_device"      ? &c.loserDevice
            : key == u"winner_technician" ? &c.winnerTechnician
            : key == u"loser_technician"  ? &c.loserTechnician
            : key == u"rule"              ? &c.rule
            : key == u"created_at"        ? &c.createdAt
            : key == u"resolution"        ? &c.resolution
            : key == u"resolved_by"       ? &c.resolvedBy
                                          : nullptr;
        return target && in.string(*target);
    });
    for (const char16_t* required : { u"id", u"table", u"row_id", u"field", u"winner_value", u"loser_value",
             u"winner_hlc", u"loser_hlc", u"rule" }) {
        if (!seen.contains(QString::fromUtf16(required)))
            return false;
    }
    return ok;
}

bool fastChangeResult(FastReader& in, ChangeResult& r)
{
    bool opId = false, status = false, code = false, reason = false, row = false, conflicts = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"op_id" && !opId)
            return (opId = in.string(r.opId));
        if (key == u"status" && !status) {
            QString text;
            const auto parsed = in.string(text) ? changeStatusFromString(text) : std::nullopt;
            if (parsed)
                r.status = *parsed;
            return (status = parsed.has_value());
        }
        if (key == u"reason_code" && !code)
            return (code = in.string(r.reasonCode));
        if (key == u"reason" && !reason)
            return (reason = in.string(r.reason));
        if (key == u"row" && !row) {
            Row value;
            row = fastRow(in, value);
            r.row = std::move(value);
            return row;
        }
        if (key == u"conflicts" && !conflicts) {
            conflicts = in.array([&] {
                ConflictRecord c;
                if (!fastConflict(in, c))
                    return false;
                r.conflicts.append(std::move(c));
                return true;
            });
            return conflicts;
        }
        return false;
    });
    return ok && opId && status;
}

bool fastPushResponse(const QByteArray& body, PushResponse& response)
{
    FastReader in(body);
    bool results = false, hlc = false, feed = false;
    const bool ok = in.object([&](const QString& key) {
        if (key == u"server_hlc" && !hlc)
            return (hlc = in.string(response.serverHlc));
        if (key == u"feed" && !feed) {
            bool from = false, to = false;
            feed = in.object([&](const QString& member) {
                if (member == u"from" && !from)
                    return (from = in.string(response.feedFrom));
                if (member == u"to" && !to)
                    return (to = in.string(response.feedTo));
                return false;
            });
            // Anything but two non-empty strings is left to the general path and its error.
            return (feed = feed && from && to && !response.feedFrom.isEmpty() && !response.feedTo.isEmpty());
        }
        if (key == u"results" && !results) {
            results = in.array([&] {
                ChangeResult r;
                if (!fastChangeResult(in, r))
                    return false;
                response.results.append(std::move(r));
                return true;
            });
            return results;
        }
        return false;
    });
    return ok && results && hlc && in.atEnd();
}

} // namespace

// ---- errors and helpers -------------------------------------------------------------------------

Error makeError(int httpStatus, const QString& code, const QString& message)
{
    Error e;
    e.httpStatus = httpStatus;
    e.code = code;
    e.message = message;
    return e;
}

QJsonObject Error::toJson() const
{
    return QJsonObject { { u"error"_s, QJsonObject { { u"code"_s, code }, { u"message"_s, message } } } };
}

std::optional<Error> Error::fromJson(const QJsonObject& body, int httpStatus)
{
    const QJsonValue inner = body.value(u"error"_s);
    if (!inner.isObject())
        return std::nullopt;
    const QJsonObject e = inner.toObject();
    if (!e.value(u"code"_s).isString())
        return std::nullopt;
    const QJsonValue message = e.value(u"message"_s);
    if (!message.isString() && !message.isUndefined() && !message.isNull())
        return std::nullopt;
    return makeError(httpStatus, e.value(u"code"_s).toString(), message.toString());
}

Parsed<QJsonObject> parseObject(const QByteArray& body)
{
    Parsed<QJsonObject> out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = makeError(400, QString::fromLatin1(ErrorCode::MalformedJson),
            u"malformed JSON at offset "_s % QString::number(parseError.offset) % u": "_s % parseError.errorString());
    } else if (!doc.isObject()) {
        out.error = makeError(400, QString::fromLatin1(ErrorCode::MalformedJson), u"the body must be a JSON object"_s);
    } else {
        out.value = doc.object();
    }
    return out;
}

QByteArray serialize(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void appendJsonValue(QByteArray& out, const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        appendJsonString(out, v.toString());
        break;
    case QJsonValue::Bool:
        out.append(v.toBool() ? "true" : "false");
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Object:
        appendJsonObject(out, v.toObject());
        break;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue& item : v.toArray()) {
            if (!first)
                out.append(',');
            first = false;
            appendJsonValue(out, item);
        }
        out.append(']');
        break;
    }
    default: // numbers: Qt's own formatting
        out.append(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).chopped(1).sliced(1));
        break;
    }
}

void appendJsonObject(QByteArray& out, const QJsonObject& o)
{
    out.append('{');
    bool first = true;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        appendJsonString(out, it.key());
        out.append(':');
        appendJsonValue(out, it.value());
    }
    out.append('}');
}

void appendJsonStringMap(QByteArray& out, const QMap<QString, QString>& map)
{
    out.append('{');
    bool first = true;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        appendJsonString(out, it.key());
        out.append(':');
        appendJsonString(out, it.value());
    }
    out.append('}');
}

void appendJsonString(QByteArray& out, QStringView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    const qsizetype start = out.size();
    out.resize(start + 2 + 6 * s.size()); // the longest form of one UTF-16 unit is a 6-byte escape
    char* p = out.data() + start;
    const auto escape = [&p](char16_t u) {
        *p++ = '\\';
        *p++ = 'u';
        *p++ = hex[(u >> 12) & 0xf];
        *p++ = hex[(u >> 8) & 0xf];
        *p++ = hex[(u >> 4) & 0xf];
        *p++ = hex[u & 0xf];
    };
    *p++ = '"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s.at(i).unicode();
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\') {
                *p++ = char(u);
                continue;
            }
            switch (u) {
            case u'"':
            case u'\\':
                *p++ = '\\';
                *p++ = char(u);
                break;
            case u'\b':
                *p++ = '\\';
                *p++ = 'b';
                break;
            case u'\f':
                *p++ = '\\';
                *p++ = 'f';
                break;
            case u'\n':
                *p++ = '\\';
                *p++ = 'n';
                break;
            case u'\r':
                *p++ = '\\';
                *p++ = 'r';
                break;
            case u'\t':
                *p++ = '\\';
                *p++ = 't';
                break;
            default:
                escape(u);
            }
        } else if (u < 0x800) {
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && i + 1 < s.size() && QChar::isLowSurrogate(s.at(i + 1).unicode())) {
            const char32_t c = QChar::surrogateToUcs4(u, s.at(++i).unicode());
            *p++ = char(0xf0 | (c >> 18));
            *p++ = char(0x80 | ((c >> 12) & 0x3f));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
            *p++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            escape(u); // unpaired: not encodable as UTF-8
        } else {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        }
    }
    *p++ = '"';
    out.truncate(p - out.constData());
}

bool isWellFormedHlc(QStringView text)
{
    if (text.size() < 19 || text.size() > 18 + 64 || text.at(12) != u'-' || text.at(17) != u'-')
        return false;
    for (qsizetype i = 0; i < 17; ++i) {
        if (i != 12 && !isLowerHex(text.at(i)))
            return false;
    }
    for (qsizetype i = 18; i < text.size(); ++i) {
        if (!isNodeChar(text.at(i)))
            return false;
    }
    return true;
}

QString toString(ChangeStatus s)
{
    switch (s) {
    case ChangeStatus::Applied:
        return u"applied"_s;
    case ChangeStatus::Merged:
        return u"merged"_s;
    case ChangeStatus::Duplicate:
        return u"duplicate"_s;
    case ChangeStatus::Rejected:
        return u"rejected"_s;
    }
    return {};
}

std::optional<ChangeStatus> changeStatusFromString(QStringView s)
{
    if (s == u"applied")
        return ChangeStatus::Applied;
    if (s == u"merged")
        return ChangeStatus::Merged;
    if (s == u"duplicate")
        return ChangeStatus::Duplicate;
    if (s == u"rejected")
        return ChangeStatus::Rejected;
    return std::nullopt;
}

// ---- rows ---------------------------------------------------------------------------------------

QJsonObject Row::toJson() const
{
    return QJsonObject { { u"table"_s, table }, { u"id"_s, id }, { u"values"_s, values },
        { u"clocks"_s, stringMapToJson(clocks) }, { u"authors"_s, stringMapToJson(authors) }, { u"seq"_s, seq } };
}

Parsed<Row> Row::fromJson(const QJsonObject& o)
{
    return parseTop<Row>(o, &readRow);
}

// ---- push ---------------------------------------------------------------------------------------

QJsonObject Change::toJson() const
{
    QJsonObject fieldsJson;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        QJsonObject f { { u"value"_s, it->value.isUndefined() ? QJsonValue() : it->value }, { u"hlc"_s, it->hlc },
            { u"base_hlc"_s, it->baseHlc } };
        if (it->baseText)
            f.insert(u"base_text"_s, *it->baseText);
        fieldsJson.insert(it.key(), f);
    }
    return QJsonObject { { u"op_id"_s, opId }, { u"table"_s, table }, { u"row_id"_s, rowId },
        { u"fields"_s, fieldsJson }, { u"age_ms"_s, ageMs } };
}

Parsed<Change> Change::fromJson(const QJsonObject& o)
{
    return parseTop<Change>(o, &readChange);
}

QJsonObject PushRequest::toJson() const
{
    return QJsonObject { { u"device_id"_s, deviceId }, { u"hlc"_s, hlc }, { u"changes"_s, listToJson(changes) } };
}

Parsed<PushRequest> PushRequest::fromJson(const QJsonObject& o)
{
    return parseTop<PushRequest>(o, &readPushRequest);
}

QJsonObject ConflictRecord::toJson() const
{
    return QJsonObject { { u"id"_s, id }, { u"table"_s, table }, { u"row_id"_s, rowId }, { u"field"_s, field },
        { u"winner_value"_s, winnerValue.isUndefined() ? QJsonValue() : winnerValue },
        { u"loser_value"_s, loserValue.isUndefined() ? QJsonValue() : loserValue }, { u"winner_hlc"_s, winnerHlc },
        { u"loser_hlc"_s, loserHlc }, { u"winner_device"_s, winnerDevice }, { u"loser_device"_s, loserDevice },
        { u"winner_technician"_s, winnerTechnician }, { u"loser_technician"_s, loserTechnician }, { u"rule"_s, rule },
        { u"created_at"_s, createdAt }, { u"resolution"_s, resolution }, { u"resolved_by"_s, resolvedBy } };
}

Parsed<ConflictRecord> ConflictRecord::fromJson(const QJsonObject& o)
{
    return parseTop<ConflictRecord>(o, &readConflict);
}

QJsonObject ChangeResult::toJson() const
{
    QJsonObject o { { u"op_id"_s, opId }, { u"status"_s, toString(status) },
        { u"conflicts"_s, listToJson(conflicts) } };
    if (!reasonCode.isEmpty())
        o.insert(u"reason_code"_s, reasonCode);
    if (!reason.isEmpty())
        o.insert(u"reason"_s, reason);
    if (row)
        o.insert(u"row"_s, row->toJson());
    return o;
}

Parsed<ChangeResult> ChangeResult::fromJson(const QJsonObject& o)
{
    return parseTop<ChangeResult>(o, &readChangeResult);
}

QJsonObject PushResponse::toJson() const
{
    QJsonObject o { { u"results"_s, listToJson(results) }, { u"server_hlc"_s, serverHlc } };
    if (!feedFrom.isEmpty() || !feedTo.isEmpty())
        o.insert(u"feed"_s, QJsonObject { { u"from"_s, feedFrom }, { u"to"_s, feedTo } });
    return o;
}

Parsed<PushResponse> PushResponse::fromJson(const QJsonObject& o)
{
    return parseTop<PushResponse>(o, &readPushResponse);
}

// ---- pull ---------------------------------------------------------------------------------------

QJsonObject ChangesPage::toJson() const
{
    return QJsonObject { { u"rows"_s, listToJson(rows) }, { u"next_cursor"_s, nextCursor }, { u"has_more"_s, hasMore },
        { u"server_hlc"_s, serverHlc } };
}

Parsed<ChangesPage> ChangesPage::fromJson(const QJsonObject& o)
{
    return parseTop<ChangesPage>(o, &readChangesPage);
}

// ---- audit --------------------------------------------------------------------------------------

QJsonObject VerifyRequest::toJson() const
{
    QJsonObject b;
    for (auto it = buckets.constBegin(); it != buckets.constEnd(); ++it)
        b.insert(QString::number(it.key()), it.value());
    return QJsonObject { { u"table"_s, table }, { u"count"_s, count }, { u"hash"_s, hash }, { u"buckets"_s, b } };
}

Parsed<VerifyRequest> VerifyRequest::fromJson(const QJsonObject& o)
{
    return parseTop<VerifyRequest>(o, &readVerifyRequest);
}

QJsonObject VerifyResponse::toJson() const
{
    QJsonArray buckets;
    for (int b : mismatchedBuckets)
        buckets.append(b);
    return QJsonObject { { u"match"_s, match }, { u"server_count"_s, serverCount }, { u"server_hash"_s, serverHash },
        { u"mismatched_buckets"_s, buckets }, { u"server_hlc"_s, serverHlc } };
}

Parsed<VerifyResponse> VerifyResponse::fromJson(const QJsonObject& o)
{
    return parseTop<VerifyResponse>(o, &readVerifyResponse);
}

QJsonObject RowsPage::toJson() const
{
    return QJsonObject { { u"table"_s, table }, { u"bucket"_s, bucket }, { u"rows"_s, listToJson(rows) } };
}

Parsed<RowsPage> RowsPage::fromJson(const QJsonObject& o)
{
    return parseTop<RowsPage>(o, &readRowsPage);
}

// ---- telemetry ----------------------------------------------------------------------------------

QJsonObject LatencySample::toJson() const
{
    return QJsonObject { { u"op_id"_s, opId }, { u"row_id"_s, rowId }, { u"edited_at_ms"_s, editedAtMs },
        { u"latency_ms"_s, latencyMs } };
}

Parsed<LatencySample> LatencySample::fromJson(const QJsonObject& o)
{
    return parseTop<LatencySample>(o, &readLatencySample);
}

QJsonObject LogEvent::toJson() const
{
    return QJsonObject { { u"at_ms"_s, atMs }, { u"kind"_s, kind }, { u"level"_s, level }, { u"message"_s, message },
        { u"data"_s, data } };
}

Parsed<LogEvent> LogEvent::fromJson(const QJsonObject& o)
{
    return parseTop<LogEvent>(o, &readLogEvent);
}

QJsonObject TelemetryBatch::toJson() const
{
    return QJsonObject { { u"device_id"_s, deviceId }, { u"app_version"_s, appVersion }, { u"sent_at_ms"_s, sentAtMs },
        { u"pending_changes"_s, pendingChanges }, { u"clock_skew_ms"_s, clockSkewMs },
        { u"latency"_s, listToJson(latency) }, { u"events"_s, listToJson(events) } };
}

Parsed<TelemetryBatch> TelemetryBatch::fromJson(const QJsonObject& o)
{
    return parseTop<TelemetryBatch>(o, &readTelemetryBatch);
}

// ---- fleet --------------------------------------------------------------------------------------

QJsonObject FleetDevice::toJson() const
{
    return QJsonObject { { u"device_id"_s, deviceId }, { u"name"_s, name }, { u"technician"_s, technician },
        { u"role"_s, role }, { u"last_seen"_s, lastSeen }, { u"pending_changes"_s, pendingChanges },
        { u"latency_p50_ms"_s, latencyP50Ms }, { u"latency_p95_ms"_s, latencyP95Ms },
        { u"conflicts_open"_s, conflictsOpen }, { u"last_audit_at"_s, lastAuditAt },
        { u"last_audit_result"_s, lastAuditResult }, { u"clock_skew_ms"_s, clockSkewMs },
        { u"app_version"_s, appVersion }, { u"revoked"_s, revoked } };
}

Parsed<FleetDevice> FleetDevice::fromJson(const QJsonObject& o)
{
    return parseTop<FleetDevice>(o, &readFleetDevice);
}

QJsonObject LatencyPoint::toJson() const
{
    return QJsonObject { { u"at"_s, at }, { u"avg_ms"_s, avgMs }, { u"samples"_s, samples } };
}

Parsed<LatencyPoint> LatencyPoint::fromJson(const QJsonObject& o)
{
    return parseTop<LatencyPoint>(o, &readLatencyPoint);
}

QJsonObject FleetReport::toJson() const
{
    return QJsonObject { { u"devices"_s, listToJson(devices) }, { u"avg_latency_last_hour_ms"_s, avgLatencyLastHourMs },
        { u"p95_latency_last_hour_ms"_s, p95LatencyLastHourMs }, { u"threshold_ms"_s, thresholdMs },
        { u"alarm"_s, alarm }, { u"audit_alarm"_s, auditAlarm }, { u"conflicts_open"_s, conflictsOpen },
        { u"pending_changes"_s, pendingChanges }, { u"latency_series"_s, listToJson(latencySeries) },
        { u"generated_at"_s, generatedAt } };
}

Parsed<FleetReport> FleetReport::fromJson(const QJsonObject& o)
{
    return parseTop<FleetReport>(o, &readFleetReport);
}

QJsonObject DeviceEvents::toJson() const
{
    return QJsonObject { { u"device_id"_s, deviceId }, { u"events"_s, listToJson(events) } };
}

Parsed<DeviceEvents> DeviceEvents::fromJson(const QJsonObject& o)
{
    return parseTop<DeviceEvents>(o, &readDeviceEvents);
}

// ---- identity -----------------------------------------------------------------------------------

QJsonObject DeviceInfo::toJson() const
{
    QJsonObject o { { u"device_id"_s, deviceId }, { u"name"_s, name }, { u"technician"_s, technician },
        { u"role"_s, role } };
    if (!token.isEmpty())
        o.insert(u"token"_s, token);
    return o;
}

Parsed<DeviceInfo> DeviceInfo::fromJson(const QJsonObject& o)
{
    return parseTop<DeviceInfo>(o, &readDeviceInfo);
}

// ---- fast paths ---------------------------------------------------------------------------------

QByteArray serialize(const ChangesPage& page)
{
    QByteArray out;
    out.reserve(64 + page.rows.size() * 1024);
    {
        ObjectWriter w(out);
        w.key(u"has_more").append(page.hasMore ? "true" : "false");
        appendJsonString(w.key(u"next_cursor"), page.nextCursor);
        writeRows(w.key(u"rows"), page.rows);
        appendJsonString(w.key(u"server_hlc"), page.serverHlc);
    }
    return out;
}

Parsed<ChangesPage> parseChangesPage(const QByteArray& body)
{
    ChangesPage page;
    if (fastChangesPage(body, page))
        return Parsed<ChangesPage> { std::move(page), {} };
    const Parsed<QJsonObject> object = parseObject(body);
    if (!object)
        return Parsed<ChangesPage> { std::nullopt, object.error };
    return ChangesPage::fromJson(*object.value);
}

Parsed<ChangesPage> parseChangesPageForDevice(const QByteArray& body)
{
    ChangesPage page;
    if (fastChangesPage(body, page, false))
        return Parsed<ChangesPage> { std::move(page), {} };
    const Parsed<QJsonObject> object = parseObject(body); // the fast reader declined: the general codec
    if (!object)
        return Parsed<ChangesPage> { std::nullopt, object.error };
    Parsed<ChangesPage> parsed = ChangesPage::fromJson(*object.value);
    if (parsed) {
        for (Row& row : parsed.value->rows)
            row.authors.clear();
    }
    return parsed;
}

std::optional<PageHead> peekChangesPage(const QByteArray& body)
{
    FastReader in(body);
    if (!in.consume('{'))
        return std::nullopt;
    PageHead head;
    bool cursor = false, more = false;
    while (!(cursor && more)) {
        QString key;
        if (!in.string(key) || !in.consume(':'))
            return std::nullopt;
        if (key == u"next_cursor" && !cursor)
            cursor = in.string(head.nextCursor);
        else if (key == u"has_more" && !more)
            more = in.boolean(head.hasMore);
        else
            return std::nullopt; // the rows (or anything else) first: no cheap answer
        if (!(cursor && more) && !in.consume(','))
            return std::nullopt;
    }
    return head;
}

Parsed<PushRequest> parsePushRequest(const QByteArray& body)
{
    PushRequest request;
    if (fastPushRequest(body, request))
        return Parsed<PushRequest> { std::move(request), {} };
    const Parsed<QJsonObject> object = parseObject(body);
    if (!object)
        return Parsed<PushRequest> { std::nullopt, object.error };
    return PushRequest::fromJson(*object.value);
}

Parsed<PushResponse> parsePushResponse(const QByteArray& body)
{
    PushResponse response;
    if (fastPushResponse(body, response))
        return Parsed<PushResponse> { std::move(response), {} };
    const Parsed<QJsonObject> object = parseObject(body);
    if (!object)
        return Parsed<PushResponse> { std::nullopt, object.error };
    return PushResponse::fromJson(*object.value);
}

QByteArray serialize(const PushRequest& request)
{
    QByteArray out;
    out.reserve(64 + request.changes.size() * 1500);
    {
        ObjectWriter w(out);
        QByteArray& changes = w.key(u"changes");
        changes.append('[');
        for (qsizetype i = 0; i < request.changes.size(); ++i) {
            if (i > 0)
                changes.append(',');
            writeChange(changes, request.changes.at(i));
        }
        changes.append(']');
        appendJsonString(w.key(u"device_id"), request.deviceId);
        appendJsonString(w.key(u"hlc"), request.hlc);
    }
    return out;
}

QByteArray serialize(const RowsPage& page)
{
    QByteArray out;
    out.reserve(64 + page.rows.size() * 1024);
    {
        ObjectWriter w(out);
        w.key(u"bucket").append(QByteArray::number(page.bucket));
        writeRows(w.key(u"rows"), page.rows);
        appendJsonString(w.key(u"table"), page.table);
    }
    return out;
}

QByteArray serialize(const PushResponse& response)
{
    QByteArray out;
    out.reserve(64 + response.results.size() * 1200);
    {
        ObjectWriter w(out);
        if (!response.feedFrom.isEmpty() || !response.feedTo.isEmpty())
            writeFeedSpan(w.key(u"feed"), response);
        QByteArray& results = w.key(u"results");
        results.append('[');
        for (qsizetype i = 0; i < response.results.size(); ++i) {
            if (i > 0)
                results.append(',');
            writeChangeResult(results, response.results.at(i), toString(response.results.at(i).status));
        }
        results.append(']');
        appendJsonString(w.key(u"server_hlc"), response.serverHlc);
    }
    return out;
}

} // namespace fieldsync::protocol
