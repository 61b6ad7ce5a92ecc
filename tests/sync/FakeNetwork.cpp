#include "FakeNetwork.h"

#include "AuditHash.h"
#include "Merge.h"
#include "Schema.h"
#include "Ulid.h"

#include <QBuffer>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace fieldsync::test {

using protocol::Row;

FakeServer::FakeServer(const Clock* clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_hlc(QStringLiteral("server"), clock)
{ }

QString FakeServer::addDevice(const QString& deviceId, const QString& technician)
{
    const QString token = QStringLiteral("token-%1-%2").arg(++m_tokenCounter).arg(deviceId);
    m_tokens.insert(token, qMakePair(deviceId, technician));
    return token;
}

void FakeServer::revoke(const QString& token)
{
    m_revoked.insert(token);
}

void FakeServer::injectFault(const QString& endpoint, Fault fault, int times)
{
    for (int i = 0; i < times; ++i)
        m_faults[endpoint].append(fault);
}

FakeServer::Answer FakeServer::error(int status, const char* code, const QString& message) const
{
    protocol::Error e;
    e.httpStatus = status;
    e.code = QString::fromLatin1(code);
    e.message = message;
    return Answer { status, protocol::serialize(e.toJson()) };
}

Row FakeServer::writeRemote(const QString& id, const QJsonObject& values, const QString& deviceId, qint64 skewMs)
{
    const TableDef& table = *Schema::instance().table(Schema::WorkOrders);
    HlcTimestamp stamp = skewMs != 0 ? HlcTimestamp { m_clock->nowMs() + skewMs, 0, deviceId } : m_hlc.now();
    stamp.node = deviceId;
    protocol::Change change;
    change.opId = Ulid::generate();
    change.table = table.name;
    change.rowId = id;
    const std::optional<Row> current = rows.contains(id) ? std::optional<Row>(rows.value(id)) : std::nullopt;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        protocol::FieldChange f;
        f.value = it.value();
        f.hlc = stamp.toString();
        f.baseHlc = current ? current->clocks.value(it.key()) : QString();
        change.fields.insert(it.key(), f);
    }
    merge::Outcome outcome = merge::applyChange(table, current, change, merge::Writer { deviceId, {} });
    if (outcome.status == protocol::ChangeStatus::Rejected)
        return {};
    outcome.row.seq = ++seq;
    rows.insert(id, outcome.row);
    return outcome.row;
}

FakeServer::Answer FakeServer::handle(
    QNetworkAccessManager::Operation op, const QNetworkRequest& request, const QByteArray& body)
{
    const QString endpoint = request.url().path();
    const QUrlQuery query(request.url());
    requests << QStringLiteral("%1 %2").arg(
        op == QNetworkAccessManager::PostOperation ? QStringLiteral("POST") : QStringLiteral("GET"), endpoint);
    if (endpoint == u"/v1/changes")
        pullCursors << query.queryItemValue(QStringLiteral("cursor"));
    emit requestArrived(endpoint);

    std::optional<Fault> fault;
    if (!m_faults.value(endpoint).isEmpty())
        fault = m_faults[endpoint].takeFirst();
    if (fault) {
        switch (*fault) {
        case Fault::Status500:
            return error(500, protocol::ErrorCode::Internal, QStringLiteral("injected failure"));
        case Fault::Drop:
            return Answer { 0, {}, true, false };
        case Fault::Hang:
            return Answer { 0, {}, false, true };
        case Fault::Status401:
            return error(401, protocol::ErrorCode::Unauthorized, QStringLiteral("unknown or revoked token"));
        case Fault::Status403:
            return error(403, protocol::ErrorCode::Forbidden, QStringLiteral("wrong role"));
        case Fault::Status410:
            return error(410, protocol::ErrorCode::ResetRequired, QStringLiteral("cursor too old"));
        case Fault::Status422:
            return error(422, protocol::ErrorCode::InvalidValue, QStringLiteral("injected refusal"));
        case Fault::Pass:
        case Fault::DropAfterApply:
        case Fault::Truncate:
            break;
        }
    }

    const QByteArray auth = request.rawHeader("Authorization");
    const QString token = QString::fromUtf8(auth.mid(7));
    if (!auth.startsWith("Bearer ") || !m_tokens.contains(token) || m_revoked.contains(token))
        return error(401, protocol::ErrorCode::Unauthorized, QStringLiteral("unknown or revoked token"));
    const auto [deviceId, technician] = m_tokens.value(token);

    Answer answer;
    if (op == QNetworkAccessManager::GetOperation && endpoint == u"/v1/me") {
        protocol::DeviceInfo me { deviceId, deviceId, technician, QStringLiteral("technician"), {} };
        answer = Answer { 200, protocol::serialize(me.toJson()) };
    } else if (op == QNetworkAccessManager::PostOperation && endpoint == u"/v1/push") {
        answer = push(body, deviceId, technician);
    } else if (op == QNetworkAccessManager::GetOperation && endpoint == u"/v1/changes") {
        answer = changes(query);
    } else if (op == QNetworkAccessManager::PostOperation && endpoint == u"/v1/verify") {
        answer = verify(body);
    } else if (op == QNetworkAccessManager::GetOperation && endpoint == u"/v1/rows") {
        answer = rowsOfBucket(query);
    } else if (op == QNetworkAccessManager::PostOperation && endpoint == u"/v1/telemetry") {
        const auto object = protocol::parseObject(body);
        const auto batch = object ? protocol::TelemetryBatch::fromJson(*object.value)
                                  : protocol::Parsed<protocol::TelemetryBatch> {};
        if (!batch)
            return error(400, protocol::ErrorCode::MalformedJson, QStringLiteral("bad telemetry"));
        telemetry << *batch.value;
        answer = Answer { 200, protocol::serialize(QJsonObject { { QStringLiteral("accepted"), true } }) };
    } else if (op == QNetworkAccessManager::GetOperation && endpoint == u"/v1/conflicts") {
        answer = conflictList(query, deviceId);
    } else if (op == QNetworkAccessManager::PostOperation && endpoint.startsWith(u"/v1/conflicts/")
        && endpoint.endsWith(u"/resolve")) {
        const QString id = endpoint.section(u'/', 3, 3);
        const auto object = protocol::parseObject(body);
        if (!object)
            return error(400, protocol::ErrorCode::MalformedJson, QStringLiteral("bad body"));
        const auto it = std::find_if(
            conflicts.begin(), conflicts.end(), [&](const protocol::ConflictRecord& c) { return c.id == id; });
        if (it == conflicts.end())
            return error(404, protocol::ErrorCode::NotFound, QStringLiteral("no such conflict"));
        it->resolution = object.value->value(QStringLiteral("resolution")).toString();
        it->resolvedBy = deviceId;
        resolutions.insert(id, it->resolution);
        answer = Answer { 200, protocol::serialize(it->toJson()) };
    } else {
        return error(404, protocol::ErrorCode::NotFound, QStringLiteral("no such endpoint"));
    }
    if (fault == Fault::DropAfterApply)
        return Answer { 0, {}, true, false };
    if (fault == Fault::Truncate)
        answer.body = answer.body.left(answer.body.size() / 2);
    return answer;
}

FakeServer::Answer FakeServer::push(const QByteArray& body, const QString& deviceId, const QString& technician)
{
    const auto object = protocol::parseObject(body);
    if (!object)
        return error(400, protocol::ErrorCode::MalformedJson, object.error.message);
    const auto request = protocol::PushRequest::fromJson(*object.value);
    if (!request)
        return error(request.error.httpStatus, qPrintable(request.error.code), request.error.message);
    if (request.value->deviceId != deviceId)
        return error(403, protocol::ErrorCode::Forbidden, QStringLiteral("a device can only push as itself"));
    if (const auto stamp = HlcTimestamp::parse(request.value->hlc))
        m_hlc.update(*stamp);

    protocol::PushResponse response;
    const qint64 feedHead = seq;
    for (const protocol::Change& change : request.value->changes) {
        if (m_ops.contains(change.opId)) {
            protocol::ChangeResult again = m_ops.value(change.opId);
            if (again.status != protocol::ChangeStatus::Rejected)
                again.status = protocol::ChangeStatus::Duplicate;
            ++duplicates;
            response.results << again;
            continue;
        }
        protocol::ChangeResult result;
        result.opId = change.opId;
        const TableDef* table = Schema::instance().table(change.table);
        if (rejectRows.contains(change.rowId) || !table) {
            result.status = protocol::ChangeStatus::Rejected;
            result.reasonCode = QString::fromLatin1(protocol::ErrorCode::InvalidValue);
            result.reason = QStringLiteral("refused by the test server");
        } else {
            for (const protocol::FieldChange& f : change.fields) {
                if (const auto stamp = HlcTimestamp::parse(f.hlc))
                    m_hlc.update(*stamp);
            }
            const std::optional<Row> current
                = rows.contains(change.rowId) ? std::optional<Row>(rows.value(change.rowId)) : std::nullopt;
            merge::Outcome outcome
                = merge::applyChange(*table, current, change, merge::Writer { deviceId, technician });
            result.status = outcome.status;
            result.reasonCode = outcome.rejectCode;
            result.reason = outcome.rejectReason;
            if (outcome.status != protocol::ChangeStatus::Rejected) {
                if (outcome.changed) {
                    outcome.row.seq = ++seq;
                    rows.insert(change.rowId, outcome.row);
                } else if (current) {
                    outcome.row.seq = current->seq;
                }
                for (protocol::ConflictRecord c : outcome.conflicts) {
                    c.id = Ulid::generate();
                    c.createdAt = QDateTime::fromMSecsSinceEpoch(m_clock->nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
                    conflicts << c;
                    result.conflicts << c;
                }
                result.row = rows.value(change.rowId);
                ++pushedChanges;
            }
        }
        m_ops.insert(change.opId, result);
        response.results << result;
    }
    response.serverHlc = m_hlc.now().toString();
    if (feedSpans && seq > feedHead) {
        response.feedFrom = QString::number(feedHead);
        response.feedTo = QString::number(seq);
    }
    return Answer { 200, protocol::serialize(response.toJson()) };
}

// As the hub answers a technician's token: status open|all, only its own device's conflicts, newest first.
FakeServer::Answer FakeServer::conflictList(const QUrlQuery& query, const QString& deviceId)
{
    const QString status = query.queryItemValue(QStringLiteral("status"));
    if (!status.isEmpty() && status != u"open" && status != u"all")
        return error(400, protocol::ErrorCode::BadRequest, QStringLiteral("status must be open or all"));
    const QString device = query.queryItemValue(QStringLiteral("device"));
    if (!device.isEmpty() && device != deviceId)
        return error(403, protocol::ErrorCode::Forbidden, QStringLiteral("only the device's own conflicts"));
    bool ok = true;
    const QString limitText = query.queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 200 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 1000)
        return error(400, protocol::ErrorCode::BadRequest, QStringLiteral("bad limit"));
    QJsonArray list;
    for (auto it = conflicts.crbegin(); it != conflicts.crend() && list.size() < limit; ++it) {
        if ((status != u"all" && !it->resolution.isEmpty())
            || (it->winnerDevice != deviceId && it->loserDevice != deviceId))
            continue;
        list.append(it->toJson());
    }
    ++conflictListings;
    return Answer { 200,
        protocol::serialize(QJsonObject {
            { QStringLiteral("conflicts"), list }, { QStringLiteral("server_hlc"), m_hlc.now().toString() } }) };
}

FakeServer::Answer FakeServer::changes(const QUrlQuery& query)
{
    const QString cursorText = query.queryItemValue(QStringLiteral("cursor"));
    bool ok = true;
    const qint64 cursor = cursorText.isEmpty() ? 0 : cursorText.toLongLong(&ok);
    if (!ok || cursor < 0)
        return error(400, protocol::ErrorCode::BadRequest, QStringLiteral("bad cursor"));
    if (cursor < purgeWatermark && cursor > 0)
        return error(410, protocol::ErrorCode::ResetRequired, QStringLiteral("cursor older than tombstone retention"));
    const int limit = qBound(1, query.queryItemValue(QStringLiteral("limit")).toInt(), 5000);
    QList<Row> newer;
    for (const Row& r : rows) {
        if (r.seq > cursor)
            newer << r;
    }
    std::sort(newer.begin(), newer.end(), [](const Row& a, const Row& b) { return a.seq < b.seq; });
    protocol::ChangesPage page;
    page.hasMore = newer.size() > limit;
    page.rows = newer.mid(0, limit);
    page.nextCursor = QString::number(page.rows.isEmpty() ? cursor : page.rows.last().seq);
    page.serverHlc
        = lagClock ? HlcTimestamp { m_clock->nowMs(), 0, QStringLiteral("server") }.toString() : m_hlc.now().toString();
    return Answer { 200, protocol::serialize(page.toJson()) };
}

FakeServer::Answer FakeServer::verify(const QByteArray& body)
{
    const auto object = protocol::parseObject(body);
    const auto request
        = object ? protocol::VerifyRequest::fromJson(*object.value) : protocol::Parsed<protocol::VerifyRequest> {};
    if (!request)
        return error(400, protocol::ErrorCode::MalformedJson, QStringLiteral("bad verify request"));
    audit::Accumulator acc;
    for (const Row& r : rows) {
        if (r.table == request.value->table)
            acc.add(r);
    }
    protocol::VerifyResponse response;
    response.serverCount = acc.count();
    response.serverHash = acc.setHash();
    response.match = response.serverHash == request.value->hash && response.serverCount == request.value->count;
    const QMap<int, QString> mine = acc.bucketHashes();
    for (int b = 0; b < audit::BucketCount; ++b) {
        if (mine.value(b) != request.value->buckets.value(b))
            response.mismatchedBuckets << b;
    }
    response.serverHlc = m_hlc.now().toString();
    return Answer { 200, protocol::serialize(response.toJson()) };
}

FakeServer::Answer FakeServer::rowsOfBucket(const QUrlQuery& query)
{
    protocol::RowsPage page;
    page.table = query.queryItemValue(QStringLiteral("table"));
    page.bucket = query.queryItemValue(QStringLiteral("bucket")).toInt();
    for (const Row& r : rows) {
        if (r.table == page.table && audit::bucketOf(r.id) == page.bucket)
            page.rows << r;
    }
    return Answer { 200, protocol::serialize(page.toJson()) };
}

// ---- reply --------------------------------------------------------------------------------------------

FakeReply::FakeReply(const QNetworkRequest& request, QNetworkAccessManager::Operation op, QObject* parent)
    : QNetworkReply(parent)
{
    setRequest(request);
    setUrl(request.url());
    setOperation(op);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    if (request.transferTimeout() > 0) {
        QTimer::singleShot(request.transferTimeout(), this, [this] {
            if (!isFinished())
                fail(QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"));
        });
    }
}

void FakeReply::respond(int status, const QByteArray& body)
{
    if (isFinished())
        return;
    m_data = body;
    m_pos = 0;
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
    setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    setHeader(QNetworkRequest::ContentLengthHeader, body.size());
    emit metaDataChanged();
    if (status >= 400) {
        const NetworkError e = status == 401 ? AuthenticationRequiredError
            : status == 403                  ? ContentAccessDenied
            : status == 404                  ? ContentNotFoundError
            : status >= 500                  ? InternalServerError
                                             : UnknownContentError;
        setError(e, QStringLiteral("HTTP %1").arg(status));
        emit errorOccurred(e);
    }
    emit readyRead();
    setFinished(true);
    emit finished();
}

void FakeReply::fail(QNetworkReply::NetworkError error, const QString& text)
{
    if (isFinished())
        return;
    setError(error, text);
    emit errorOccurred(error);
    setFinished(true);
    emit finished();
}

void FakeReply::abort()
{
    fail(OperationCanceledError, QStringLiteral("Operation canceled"));
}

qint64 FakeReply::bytesAvailable() const
{
    return m_data.size() - m_pos + QIODevice::bytesAvailable();
}

qint64 FakeReply::readData(char* data, qint64 maxSize)
{
    const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_pos);
    if (n <= 0)
        return isFinished() ? -1 : 0;
    memcpy(data, m_data.constData() + m_pos, size_t(n));
    m_pos += n;
    return n;
}

// ---- network manager ----------------------------------------------------------------------------------

FakeQNAM::FakeQNAM(FakeServer* server, QObject* parent)
    : QNetworkAccessManager(parent)
    , m_server(server)
{ }

QNetworkReply* FakeQNAM::createRequest(Operation op, const QNetworkRequest& request, QIODevice* outgoingData)
{
    const QByteArray body = outgoingData ? outgoingData->readAll() : QByteArray();
    auto* reply = new FakeReply(request, op, this);
    const FakeServer::Answer answer = m_server->handle(op, request, body);
    if (answer.hang)
        return reply; // the transfer timeout ends it
    const QPointer<FakeReply> guard(reply);
    QTimer::singleShot(m_server->delayFor(request.url().path()), reply, [guard, answer] {
        if (!guard)
            return;
        if (answer.drop)
            guard->fail(QNetworkReply::RemoteHostClosedError, QStringLiteral("Connection closed"));
        else
            guard->respond(answer.status, answer.body);
    });
    return reply;
}

} // namespace fieldsync::test
