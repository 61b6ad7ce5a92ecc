#include "sync/Protocol.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace fieldsync::protocol;

namespace {

const QString HlcA = u"018bcfe56800-0000-01HZXA0000000000000000000A"_s;
const QString HlcB = u"018bcfe56801-0003-01HZXB0000000000000000000B"_s;

// Serializes to bytes and decodes again, as the wire does.
template <typename T> Parsed<T> throughWire(const T& value)
{
    const QByteArray bytes = serialize(value.toJson());
    const Parsed<QJsonObject> object = parseObject(bytes);
    if (!object)
        return Parsed<T> { std::nullopt, object.error };
    return T::fromJson(*object.value);
}

QJsonObject json(const char* text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text));
    return doc.object();
}

Row sampleRow()
{
    Row row;
    row.table = u"work_orders"_s;
    row.id = u"01HZX0000000000000000000AB"_s;
    row.values = QJsonObject { { u"title"_s, u"'); DROP TABLE work_orders;--"_s },
        { u"description"_s, u"<b>HVAC</b> unit\nline 2 “quoted” ✓"_s }, { u"deleted"_s, false },
        { u"due_at"_s, QJsonValue() } };
    row.clocks = { { u"title"_s, HlcA }, { u"description"_s, HlcB } };
    row.authors = { { u"title"_s, u"01HZXA0000000000000000000A"_s } };
    row.seq = 9007199254740991LL; // 2^53 - 1 survives the JSON number
    return row;
}

Change sampleChange()
{
    Change c;
    c.opId = u"01HZXC0000000000000000000C"_s;
    c.table = u"work_orders"_s;
    c.rowId = u"01HZX0000000000000000000AB"_s;
    c.fields.insert(u"title"_s, FieldChange { u"Replace filter"_s, HlcB, HlcA, std::nullopt });
    c.fields.insert(u"notes"_s, FieldChange { u"new\nnotes"_s, HlcB, HlcA, u"old\nnotes"_s });
    c.fields.insert(u"deleted"_s, FieldChange { true, HlcB, QString(), std::nullopt });
    c.fields.insert(u"due_at"_s, FieldChange { QJsonValue(), HlcB, QString(), u""_s });
    c.ageMs = 123456;
    return c;
}

ConflictRecord sampleConflict()
{
    ConflictRecord c;
    c.id = u"01HZXD0000000000000000000D"_s;
    c.table = u"work_orders"_s;
    c.rowId = u"01HZX0000000000000000000AB"_s;
    c.field = u"status"_s;
    c.winnerValue = u"completed"_s;
    c.loserValue = u"on_hold"_s;
    c.winnerHlc = HlcB;
    c.loserHlc = HlcA;
    c.winnerDevice = u"01HZXB0000000000000000000B"_s;
    c.loserDevice = u"01HZXA0000000000000000000A"_s;
    c.winnerTechnician = u"bob"_s;
    c.loserTechnician = u"alice"_s;
    c.rule = u"lww"_s;
    c.createdAt = u"2026-11-26T08:00:00.000Z"_s;
    c.resolution = u"restored"_s;
    c.resolvedBy = u"01HZXA0000000000000000000A"_s;
    return c;
}

LogEvent sampleEvent()
{
    return LogEvent { 1700000000123, u"sync_run"_s, u"info"_s, u"pushed 3, pulled 5"_s,
        QJsonObject { { u"pushed"_s, 3 }, { u"pulled"_s, 5 }, { u"result"_s, u"ok"_s } } };
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT
private slots:
    void rowRoundTrip();
    void changeRoundTrip();
    void pushRequestRoundTrip();
    void pushResponseRoundTrip();
    void conflictRoundTrip();
    void changesPageRoundTrip();
    void auditRoundTrips();
    void telemetryRoundTrip();
    void fleetRoundTrips();
    void deviceInfoRoundTrip();
    void errorBody();
    void changeStatusStrings();
    void malformedBodies_data();
    void malformedBodies();
    void decodingErrors_data();
    void decodingErrors();
    void otherTypesRefuseWrongTypes();
    void unknownMembersAreIgnored();
    void optionalMembersMayBeNull();
    void wellFormedHlc_data();
    void wellFormedHlc();
    void fastSerializersMatchCodec();
    void fastPageReaderMatchesCodec_data();
    void fastPageReaderMatchesCodec();
    void fastPageReaderUnderMutation();
    void fastPushReaderMatchesCodec();
    void fastPushResponseReaderMatchesCodec();
    void pageHeadBeforeRows();
};

void TestProtocol::rowRoundTrip()
{
    const Row row = sampleRow();
    const auto back = throughWire(row);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, row);
    QCOMPARE(row.toJson().value(u"seq"_s).toInteger(), row.seq);
}

void TestProtocol::changeRoundTrip()
{
    const Change c = sampleChange();
    const auto back = throughWire(c);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, c);
    QVERIFY(back.value->fields.value(u"due_at"_s).value.isNull());
    QCOMPARE(back.value->fields.value(u"due_at"_s).baseText, std::optional<QString>(QString()));
    QCOMPARE(back.value->fields.value(u"title"_s).baseText, std::nullopt);
    // snake_case member names on the wire
    const QJsonObject o = c.toJson();
    QVERIFY(o.contains(u"op_id"_s) && o.contains(u"row_id"_s) && o.contains(u"age_ms"_s));
    const QJsonObject notes = o.value(u"fields"_s).toObject().value(u"notes"_s).toObject();
    QCOMPARE(notes.value(u"base_hlc"_s).toString(), HlcA);
    QCOMPARE(notes.value(u"base_text"_s).toString(), u"old\nnotes"_s);
}

void TestProtocol::pushRequestRoundTrip()
{
    PushRequest req;
    req.deviceId = u"01HZXA0000000000000000000A"_s;
    req.hlc = HlcA;
    req.changes = { sampleChange(), sampleChange() };
    req.changes[1].opId = u"01HZXE0000000000000000000E"_s;
    const auto back = throughWire(req);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, req);
}

void TestProtocol::pushResponseRoundTrip()
{
    PushResponse resp;
    resp.serverHlc = HlcB;
    ChangeResult applied;
    applied.opId = u"01HZXC0000000000000000000C"_s;
    applied.status = ChangeStatus::Merged;
    applied.row = sampleRow();
    applied.conflicts = { sampleConflict() };
    ChangeResult rejected;
    rejected.opId = u"01HZXE0000000000000000000E"_s;
    rejected.status = ChangeStatus::Rejected;
    rejected.reasonCode = QString::fromLatin1(ErrorCode::UnknownField);
    rejected.reason = u"unknown field \"colour\""_s;
    ChangeResult duplicate;
    duplicate.opId = u"01HZXF0000000000000000000F"_s;
    duplicate.status = ChangeStatus::Duplicate;
    duplicate.row = sampleRow();
    resp.results = { applied, rejected, duplicate };
    const auto back = throughWire(resp);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, resp);
    QCOMPARE(resp.toJson().value(u"results"_s).toArray().at(1).toObject().value(u"status"_s).toString(), u"rejected"_s);
    QVERIFY(!resp.toJson().value(u"results"_s).toArray().at(1).toObject().contains(u"row"_s));
    QVERIFY(!resp.toJson().contains(u"feed"_s)); // no span: no member

    // The feed span: written as {"feed":{"from":…,"to":…}} ahead of the results, read back by both readers.
    resp.feedFrom = u"41"_s;
    resp.feedTo = u"44"_s;
    const auto withFeed = throughWire(resp);
    QVERIFY2(withFeed, qPrintable(withFeed.error.message));
    QCOMPARE(*withFeed.value, resp);
    QCOMPARE(resp.toJson().value(u"feed"_s).toObject(), (QJsonObject { { u"from"_s, u"41"_s }, { u"to"_s, u"44"_s } }));
    const QByteArray body = serialize(resp);
    QVERIFY2(body.startsWith(R"({"feed":{"from":"41","to":"44"},"results":[)"), body.left(80).constData());
    QCOMPARE(serialize(resp.toJson()), body);
    const auto fast = parsePushResponse(body);
    QVERIFY(fast);
    QCOMPARE(fast.value->feedFrom, u"41"_s);
    QCOMPARE(fast.value->feedTo, u"44"_s);

    // An answer of a hub without spans still reads, with both ends empty.
    const auto old = parsePushResponse(R"({"results":[],"server_hlc":"h"})");
    QVERIFY(old);
    QVERIFY(old.value->feedFrom.isEmpty());
    QVERIFY(old.value->feedTo.isEmpty());

    // A span must carry both ends as non-empty strings; a null span is an absent one.
    for (const auto& [feed, code] : {
             std::pair { QByteArray(R"({"from":"3"})"), ErrorCode::InvalidValue },
             std::pair { QByteArray(R"({"to":"3"})"), ErrorCode::InvalidValue },
             std::pair { QByteArray(R"({"from":"","to":"3"})"), ErrorCode::InvalidValue },
             std::pair { QByteArray(R"({"from":"3","to":""})"), ErrorCode::InvalidValue },
             std::pair { QByteArray(R"({"from":3,"to":"4"})"), ErrorCode::WrongType },
             std::pair { QByteArray(R"("3-4")"), ErrorCode::WrongType },
         }) {
        const auto bad = parsePushResponse(R"({"feed":)" + feed + R"(,"results":[],"server_hlc":"h"})");
        QVERIFY2(!bad, feed.constData());
        QCOMPARE(bad.error.code, QString::fromLatin1(code));
        QVERIFY2(bad.error.message.startsWith(u"feed."_s) || bad.error.message.startsWith(u"feed "_s),
            qPrintable(bad.error.message));
    }
    const auto nullFeed = parsePushResponse(R"({"feed":null,"results":[],"server_hlc":"h"})");
    QVERIFY(nullFeed);
    QVERIFY(nullFeed.value->feedFrom.isEmpty());
}

void TestProtocol::conflictRoundTrip()
{
    const ConflictRecord c = sampleConflict();
    const auto back = throughWire(c);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, c);
}

void TestProtocol::changesPageRoundTrip()
{
    ChangesPage page;
    page.rows = { sampleRow(), sampleRow() };
    page.rows[1].id = u"01HZX0000000000000000000AC"_s;
    page.rows[1].seq = 12;
    page.nextCursor = u"opaque:42"_s;
    page.hasMore = true;
    page.serverHlc = HlcB;
    const auto back = throughWire(page);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, page);
    QVERIFY(page.toJson().contains(u"next_cursor"_s) && page.toJson().contains(u"has_more"_s)
        && page.toJson().contains(u"server_hlc"_s));
}

void TestProtocol::auditRoundTrips()
{
    VerifyRequest req;
    req.table = u"work_orders"_s;
    req.count = 100000;
    req.hash = QString(64, u'a');
    req.buckets = { { 0, QString(64, u'b') }, { 17, QString(64, u'c') }, { 255, QString(64, u'd') } };
    auto backReq = throughWire(req);
    QVERIFY2(backReq, qPrintable(backReq.error.message));
    QCOMPARE(*backReq.value, req);

    VerifyResponse resp;
    resp.match = false;
    resp.serverCount = 99999;
    resp.serverHash = QString(64, u'e');
    resp.mismatchedBuckets = { 3, 17, 255 };
    resp.serverHlc = HlcA;
    auto backResp = throughWire(resp);
    QVERIFY2(backResp, qPrintable(backResp.error.message));
    QCOMPARE(*backResp.value, resp);

    RowsPage rows;
    rows.table = u"work_orders"_s;
    rows.bucket = 17;
    rows.rows = { sampleRow() };
    auto backRows = throughWire(rows);
    QVERIFY2(backRows, qPrintable(backRows.error.message));
    QCOMPARE(*backRows.value, rows);
}

void TestProtocol::telemetryRoundTrip()
{
    TelemetryBatch batch;
    batch.deviceId = u"01HZXA0000000000000000000A"_s;
    batch.appVersion = u"0.1.0"_s;
    batch.sentAtMs = 1700000000999;
    batch.pendingChanges = 7;
    batch.clockSkewMs = -7200000;
    batch.latency = { LatencySample { u"op1"_s, u"row1"_s, 1700000000000, 2500 },
        LatencySample { u"op2"_s, u"row2"_s, 1700000000100, 0 } };
    batch.events = { sampleEvent(), LogEvent { 1, u"error"_s, u"error"_s, u"timeout"_s, {} } };
    const auto back = throughWire(batch);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, batch);
}

void TestProtocol::fleetRoundTrips()
{
    FleetReport report;
    FleetDevice d;
    d.deviceId = u"01HZXA0000000000000000000A"_s;
    d.name = u"Laptop 7"_s;
    d.technician = u"alice"_s;
    d.role = u"technician"_s;
    d.lastSeen = u"2026-11-26T08:00:00.000Z"_s;
    d.pendingChanges = 3;
    d.latencyP50Ms = 1200;
    d.latencyP95Ms = 90000;
    d.conflictsOpen = 2;
    d.lastAuditAt = u"2026-11-20T08:00:00.000Z"_s;
    d.lastAuditResult = u"repaired"_s;
    d.clockSkewMs = 7200000;
    d.appVersion = u"0.1.0"_s;
    d.revoked = true;
    report.devices = { d, FleetDevice { u"01HZXB0000000000000000000B"_s } };
    report.avgLatencyLastHourMs = 2400000;
    report.p95LatencyLastHourMs = 3600000;
    report.alarm = true;
    report.auditAlarm = true;
    report.conflictsOpen = 2;
    report.pendingChanges = 3;
    report.latencySeries = { LatencyPoint { u"2026-11-26T07:00:00.000Z"_s, 1500, 40 } };
    report.generatedAt = u"2026-11-26T08:01:00.000Z"_s;
    const auto back = throughWire(report);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, report);
    QCOMPARE(back.value->devices.at(1).latencyP50Ms, -1); // defaults survive

    DeviceEvents events { u"01HZXA0000000000000000000A"_s, { sampleEvent() } };
    const auto backEvents = throughWire(events);
    QVERIFY2(backEvents, qPrintable(backEvents.error.message));
    QCOMPARE(*backEvents.value, events);
}

void TestProtocol::deviceInfoRoundTrip()
{
    DeviceInfo info { u"01HZXA0000000000000000000A"_s, u"Laptop 7"_s, u"alice"_s, u"supervisor"_s, {} };
    QVERIFY(!info.toJson().contains(u"token"_s)); // only the enrolment answer carries the token
    auto back = throughWire(info);
    QVERIFY2(back, qPrintable(back.error.message));
    QCOMPARE(*back.value, info);
    info.token = u"fs_secret"_s;
    back = throughWire(info);
    QVERIFY(back);
    QCOMPARE(back.value->token, u"fs_secret"_s);
}

void TestProtocol::errorBody()
{
    const Error e = makeError(422, QString::fromLatin1(ErrorCode::UnknownField), u"unknown field \"x\""_s);
    QCOMPARE(
        serialize(e.toJson()), QByteArray(R"({"error":{"code":"unknown_field","message":"unknown field \"x\""}})"));
    const auto back = Error::fromJson(e.toJson(), 422);
    QVERIFY(back);
    QCOMPARE(*back, e);
    QVERIFY(!Error::fromJson(json(R"({"error":"boom"})"), 500));
    QVERIFY(!Error::fromJson(json(R"({"error":{"code":5}})"), 500));
    QVERIFY(!Error::fromJson(json(R"({"rows":[]})"), 200));
}

void TestProtocol::changeStatusStrings()
{
    for (ChangeStatus s :
        { ChangeStatus::Applied, ChangeStatus::Merged, ChangeStatus::Duplicate, ChangeStatus::Rejected })
        QCOMPARE(changeStatusFromString(toString(s)), std::optional<ChangeStatus>(s));
    QCOMPARE(changeStatusFromString(u"Applied"), std::nullopt);
    QCOMPARE(toString(ChangeStatus::Duplicate), u"duplicate"_s);
}

void TestProtocol::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"device_id":"a","changes":[{"op_id":)");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("scalar") << QByteArray("42");
    QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)");
    QTest::newRow("invalid utf-8") << QByteArray("{\"title\":\"\xff\xfe\"}");
    QTest::newRow("deep nesting") << QByteArray(5000, '[') + QByteArray(5000, ']');
    QTest::newRow("single quotes") << QByteArray("{'a':1}");
}

void TestProtocol::malformedBodies()
{
    QFETCH(QByteArray, body);
    const auto parsed = parseObject(body);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error.httpStatus, 400);
    QCOMPARE(parsed.error.code, QString::fromLatin1(ErrorCode::MalformedJson));
    QVERIFY(!parsed.error.message.isEmpty());
}

void TestProtocol::decodingErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    const QByteArray good = R"("op_id":"op","table":"work_orders","row_id":"r")";
    QTest::newRow("hlc not a string") << QByteArray(R"({"device_id":"d","hlc":"h","changes":[{)" + good
        + R"(,"fields":{}},{)" + good + R"(,"fields":{}},{)" + good + R"(,"fields":{}},{)" + good
        + R"(,"fields":{"title":{"value":"x","hlc":5}}}]})")
                                      << u"wrong_type"_s << u"changes[3].fields.title.hlc must be a string"_s;
    QTest::newRow("missing op_id") << QByteArray(
        R"({"device_id":"d","hlc":"h","changes":[{"table":"t","row_id":"r","fields":{}}]})")
                                   << u"invalid_value"_s << u"changes[0].op_id is required"_s;
    QTest::newRow("missing changes") << QByteArray(R"({"device_id":"d","hlc":"h"})") << u"invalid_value"_s
                                     << u"changes is required"_s;
    QTest::newRow("changes not an array") << QByteArray(R"({"device_id":"d","hlc":"h","changes":{}})")
                                          << u"wrong_type"_s << u"changes must be an array"_s;
    QTest::newRow("change not an object") << QByteArray(R"({"device_id":"d","hlc":"h","changes":["x"]})")
                                          << u"wrong_type"_s << u"changes[0] must be an object"_s;
    QTest::newRow("field not an object") << QByteArray(
        R"({"device_id":"d","hlc":"h","changes":[{)" + good + R"(,"fields":{"title":"x"}}]})")
                                         << u"wrong_type"_s << u"changes[0].fields.title must be an object"_s;
    QTest::newRow("value missing") << QByteArray(
        R"({"device_id":"d","hlc":"h","changes":[{)" + good + R"(,"fields":{"title":{"hlc":"h"}}}]})")
                                   << u"invalid_value"_s << u"changes[0].fields.title.value is required"_s;
    QTest::newRow("base_text a number") << QByteArray(R"({"device_id":"d","hlc":"h","changes":[{)" + good
        + R"(,"fields":{"notes":{"value":"x","hlc":"h","base_text":1}}}]})")
                                        << u"wrong_type"_s << u"changes[0].fields.notes.base_text must be a string"_s;
    QTest::newRow("age_ms fractional") << QByteArray(
        R"({"device_id":"d","hlc":"h","changes":[{)" + good + R"(,"fields":{},"age_ms":1.5}]})")
                                       << u"wrong_type"_s << u"changes[0].age_ms must be an integer"_s;
    QTest::newRow("age_ms a string") << QByteArray(
        R"({"device_id":"d","hlc":"h","changes":[{)" + good + R"(,"fields":{},"age_ms":"5"}]})")
                                     << u"wrong_type"_s << u"changes[0].age_ms must be an integer"_s;
    QTest::newRow("device_id null") << QByteArray(R"({"device_id":null,"hlc":"h","changes":[]})") << u"wrong_type"_s
                                    << u"device_id must be a string"_s;
    QTest::newRow("device_id a bool") << QByteArray(R"({"device_id":true,"hlc":"h","changes":[]})") << u"wrong_type"_s
                                      << u"device_id must be a string"_s;
}

void TestProtocol::decodingErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const auto object = parseObject(body);
    QVERIFY2(object, qPrintable(object.error.message));
    const auto parsed = PushRequest::fromJson(*object.value);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error.httpStatus, 422);
    QCOMPARE(parsed.error.code, code);
    QCOMPARE(parsed.error.message, message);
}

void TestProtocol::otherTypesRefuseWrongTypes()
{
    auto row = Row::fromJson(json(R"({"table":"t","id":"i","values":{"title":[1]},"clocks":{}})"));
    QVERIFY(!row);
    QCOMPARE(row.error.message, u"values.title must be a string, a boolean or null"_s);
    row = Row::fromJson(json(R"({"table":"t","id":"i","values":{},"clocks":{"title":1}})"));
    QCOMPARE(row.error.message, u"clocks.title must be a string"_s);
    row = Row::fromJson(json(R"({"table":"t","id":"i","values":{},"clocks":{},"seq":9007199254740993})"));
    QCOMPARE(row.error.code, u"wrong_type"_s); // beyond 2^53 a JSON number is not exact

    auto result = ChangeResult::fromJson(json(R"({"op_id":"o","status":"accepted"})"));
    QVERIFY(!result);
    QCOMPARE(result.error.code, u"invalid_value"_s);
    QCOMPARE(result.error.message, u"status must be one of applied, merged, duplicate, rejected"_s);
    result = ChangeResult::fromJson(json(R"({"op_id":"o","status":"applied","row":{"table":"t"}})"));
    QCOMPARE(result.error.message, u"row.id is required"_s);

    auto page = ChangesPage::fromJson(json(R"({"rows":[],"next_cursor":"c","has_more":"yes","server_hlc":"h"})"));
    QCOMPARE(page.error.message, u"has_more must be a boolean"_s);

    auto verify = VerifyRequest::fromJson(json(R"({"table":"t","count":1,"hash":"h","buckets":{"256":"x"}})"));
    QCOMPARE(verify.error.code, u"invalid_value"_s);
    verify = VerifyRequest::fromJson(json(R"({"table":"t","count":1,"hash":"h","buckets":{"07":"x"}})"));
    QCOMPARE(verify.error.code, u"invalid_value"_s);
    verify = VerifyRequest::fromJson(json(R"({"table":"t","count":1,"hash":"h","buckets":{"7":1}})"));
    QCOMPARE(verify.error.message, u"buckets.7 must be a string"_s);
    auto response = VerifyResponse::fromJson(
        json(R"({"match":false,"server_count":1,"server_hash":"h","mismatched_buckets":[1,300]})"));
    QCOMPARE(response.error.message, u"mismatched_buckets[1] must be between 0 and 255"_s);
    auto rows = RowsPage::fromJson(json(R"({"table":"t","bucket":-1,"rows":[]})"));
    QCOMPARE(rows.error.message, u"bucket must be between 0 and 255"_s);

    auto telemetry = TelemetryBatch::fromJson(
        json(R"({"device_id":"d","sent_at_ms":1,"latency":[{"edited_at_ms":1,"latency_ms":"slow"}]})"));
    QCOMPARE(telemetry.error.message, u"latency[0].latency_ms must be an integer"_s);
    auto info = DeviceInfo::fromJson(json(R"({"device_id":"d"})"));
    QCOMPARE(info.error.message, u"role is required"_s);
}

void TestProtocol::unknownMembersAreIgnored()
{
    const auto parsed = Change::fromJson(json(
        R"({"op_id":"o","table":"work_orders","row_id":"r","fields":{"title":{"value":"x","hlc":"h","colour":1}},"future_member":{"x":1}})"));
    QVERIFY2(parsed, qPrintable(parsed.error.message));
    QCOMPARE(parsed.value->fields.value(u"title"_s).value.toString(), u"x"_s);
    QCOMPARE(parsed.value->ageMs, 0);
    // field names are the schema's business, not the codec's
    const auto unknownField = Change::fromJson(
        json(R"({"op_id":"o","table":"nope","row_id":"r","fields":{"colour":{"value":"x","hlc":"h"}}})"));
    QVERIFY(unknownField);
}

void TestProtocol::optionalMembersMayBeNull()
{
    const auto parsed = Change::fromJson(json(
        R"({"op_id":"o","table":"work_orders","row_id":"r","fields":{"notes":{"value":null,"hlc":"h","base_hlc":null,"base_text":null}},"age_ms":null})"));
    QVERIFY2(parsed, qPrintable(parsed.error.message));
    const FieldChange fc = parsed.value->fields.value(u"notes"_s);
    QVERIFY(fc.value.isNull());
    QCOMPARE(fc.baseHlc, QString());
    QCOMPARE(fc.baseText, std::nullopt);
}

void TestProtocol::wellFormedHlc_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ulid node") << HlcA << true;
    QTest::newRow("short node") << u"00000000000a-ffff-n"_s << true;
    QTest::newRow("upper-case hex") << u"018BCFE56800-0000-node"_s << false;
    QTest::newRow("no node") << u"018bcfe56800-0000-"_s << false;
    QTest::newRow("short physical") << u"18bcfe56800-0000-node"_s << false;
    QTest::newRow("long logical") << u"018bcfe56800-00000-node"_s << false;
    QTest::newRow("space in node") << u"018bcfe56800-0000-no de"_s << false;
    QTest::newRow("dash in node") << u"018bcfe56800-0000-no-de"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("node too long") << u"018bcfe56800-0000-"_s + QString(65, u'a') << false;
    QTest::newRow("node of 64") << u"018bcfe56800-0000-"_s + QString(64, u'a') << true;
}

void TestProtocol::wellFormedHlc()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(isWellFormedHlc(text), valid);
}

// serialize(page) writes the bytes directly; they must equal the codec's QJsonDocument output exactly.
void TestProtocol::fastSerializersMatchCodec()
{
    QRandomGenerator rng(99);
    const QList<char32_t> alphabet { U'a', U'Z', U'7', U' ', U'"', U'\\', U'/', U'\n', U'\t', 0x01, 0x1f, 0x7f, 0xe4,
        0x2028, 0x201c, 0x1f527 };
    const auto text = [&] {
        QString s;
        const int n = int(rng.bounded(12));
        for (int i = 0; i < n; ++i) {
            const char32_t c = alphabet.at(int(rng.bounded(alphabet.size())));
            s += QString::fromUcs4(&c, 1);
        }
        return s;
    };
    const auto value = [&]() -> QJsonValue {
        switch (rng.bounded(6)) {
        case 0:
            return QJsonValue();
        case 1:
            return rng.bounded(2) == 0;
        case 2:
            return qint64(rng.bounded(100000)) - 50000;
        default:
            return text();
        }
    };
    const auto row = [&] {
        Row r;
        r.table = text();
        r.id = text();
        r.seq = qint64(rng.generate64() >> 12);
        const int n = int(rng.bounded(5));
        for (int i = 0; i < n; ++i) {
            const QString field = u"f"_s + text();
            r.values.insert(field, value());
            if (rng.bounded(2))
                r.clocks.insert(field, text());
            if (rng.bounded(2))
                r.authors.insert(field, text());
        }
        return r;
    };
    {
        ChangesPage page; // unpaired surrogates: both writers must replace them the same way
        Row r;
        r.values.insert(
            u"t"_s, QString(QString(QChar(0xd800)) + u"a"_s + QChar(0xdc00) + QChar(0xdc00) + QChar(0xd83d)));
        r.clocks.insert(u"t"_s, QString(QChar(0xdfff)));
        page.rows.append(r);
        QCOMPARE(serialize(page), serialize(page.toJson()));
    }
    for (int i = 0; i < 300; ++i) {
        ChangesPage page;
        const int rows = int(rng.bounded(4));
        for (int k = 0; k < rows; ++k)
            page.rows.append(row());
        page.nextCursor = text();
        page.hasMore = rng.bounded(2);
        page.serverHlc = text();
        QCOMPARE(serialize(page), serialize(page.toJson()));

        RowsPage rowsPage { text(), int(rng.bounded(256)), page.rows };
        QCOMPARE(serialize(rowsPage), serialize(rowsPage.toJson()));

        PushRequest push;
        push.deviceId = text();
        push.hlc = text();
        const int changes = int(rng.bounded(4));
        for (int k = 0; k < changes; ++k) {
            Change c;
            c.opId = text();
            c.table = text();
            c.rowId = text();
            c.ageMs = qint64(rng.generate64() >> 12);
            const int fields = int(rng.bounded(4));
            for (int f = 0; f < fields; ++f) {
                FieldChange fc;
                fc.value = rng.bounded(5) == 0 ? QJsonValue(QJsonValue::Undefined) : value();
                fc.hlc = text();
                fc.baseHlc = text();
                if (rng.bounded(2))
                    fc.baseText = text();
                c.fields.insert(u"f"_s + text(), fc);
            }
            push.changes.append(c);
        }
        QCOMPARE(serialize(push), serialize(push.toJson()));

        PushResponse response;
        response.serverHlc = text();
        const int results = int(rng.bounded(4));
        for (int k = 0; k < results; ++k) {
            ChangeResult r;
            r.opId = text();
            r.status = ChangeStatus(rng.bounded(4));
            if (rng.bounded(2))
                r.reasonCode = text();
            if (rng.bounded(2))
                r.reason = text();
            if (rng.bounded(2))
                r.row = row();
            const int conflicts = int(rng.bounded(3));
            for (int c = 0; c < conflicts; ++c) {
                ConflictRecord record = sampleConflict();
                record.field = text();
                record.winnerValue = value();
                record.loserValue = rng.bounded(4) == 0 ? QJsonValue(QJsonValue::Undefined) : value();
                record.loserTechnician = text();
                r.conflicts.append(record);
            }
            response.results.append(r);
        }
        if (rng.bounded(2)) {
            response.feedFrom = text();
            response.feedTo = text();
        }
        QCOMPARE(serialize(response), serialize(response.toJson()));
    }
}

namespace {

Parsed<ChangesPage> generalPath(const QByteArray& body)
{
    const Parsed<QJsonObject> object = parseObject(body);
    if (!object)
        return Parsed<ChangesPage> { std::nullopt, object.error };
    return ChangesPage::fromJson(*object.value);
}

bool sameResult(const Parsed<ChangesPage>& a, const Parsed<ChangesPage>& b)
{
    return a.value == b.value && a.error == b.error;
}

QByteArray pageBody(const QByteArray& rowsJson, const char* extra = "")
{
    return QByteArray(R"({"has_more":false,"next_cursor":"7","server_hlc":"h",)") + QByteArray(extra)
        + QByteArray(R"("rows":)") + rowsJson + QByteArray("}");
}

} // namespace

void TestProtocol::fastPageReaderMatchesCodec_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray row = R"([{"table":"work_orders","id":"r1","seq":5,"clocks":{"title":"c"},"authors":{},)";
    QTest::newRow("plain") << pageBody(R"([{"table":"t","id":"r","seq":5,"clocks":{},"values":{"a":"x"}}])");
    QTest::newRow("empty rows") << pageBody("[]");
    QTest::newRow("unknown member") << pageBody("[]", R"("future":{"x":[1,2]},)");
    QTest::newRow("repeated member") << pageBody("[]", R"("has_more":true,)");
    QTest::newRow("escapes") << pageBody(
        row + QByteArray(R"("values":{"t":"a\"b\\c\/d\b\f\n\r\t\u00e4\u20AC\ud83d\udd27"}}])"));
    QTest::newRow("lone surrogate escape") << pageBody(row + QByteArray(R"("values":{"t":"\ud800x"}}])"));
    QTest::newRow("NUL escape") << pageBody(row + QByteArray(R"("values":{"t":"a\u0000b"}}])"));
    QTest::newRow("raw UTF-8") << pageBody(
        row + QByteArray("\"values\":{\"t\":\"K\xc3\xa4lte \xe2\x80\x9c\xf0\x9f\x94\xa7\"}}]"));
    QTest::newRow("noncharacters") << pageBody(
        row + "\"values\":{\"t\":\"\xef\xbf\xbe\xef\xbf\xbf\xf0\x9f\xbf\xbe\"}}]");
    QTest::newRow("overlong UTF-8") << pageBody(row + QByteArray("\"values\":{\"t\":\"\xc0\xaf\"}}]"));
    QTest::newRow("UTF-8 surrogate") << pageBody(row + QByteArray("\"values\":{\"t\":\"\xed\xa0\x80\"}}]"));
    QTest::newRow("raw control character") << pageBody(row + QByteArray("\"values\":{\"t\":\"a\x01\"}}]"));
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf") + pageBody("[]");
    QTest::newRow("numbers in values") << pageBody(row + QByteArray(R"("values":{"t":1}}])"));
    QTest::newRow("seq fractional") << pageBody(R"([{"table":"t","id":"r","seq":5.0,"clocks":{},"values":{}}])");
    QTest::newRow("seq large") << pageBody(
        R"([{"table":"t","id":"r","seq":9007199254740993,"clocks":{},"values":{}}])");
    QTest::newRow("seq 15 digits") << pageBody(
        R"([{"table":"t","id":"r","seq":999999999999999,"clocks":{},"values":{}}])");
    QTest::newRow("seq negative zero") << pageBody(R"([{"table":"t","id":"r","seq":-0,"clocks":{},"values":{}}])");
    QTest::newRow("seq leading zero") << pageBody(R"([{"table":"t","id":"r","seq":05,"clocks":{},"values":{}}])");
    QTest::newRow("authors null") << pageBody(R"([{"table":"t","id":"r","authors":null,"clocks":{},"values":{}}])");
    QTest::newRow("missing clocks") << pageBody(R"([{"table":"t","id":"r","values":{}}])");
    QTest::newRow("duplicate value key") << pageBody(
        R"([{"table":"t","id":"r","clocks":{},"values":{"a":"1","a":"2"}}])");
    QTest::newRow("whitespace") << QByteArray(" \t\r\n") + pageBody("[ ]") + " \n";
    QTest::newRow("trailing garbage") << pageBody("[]") + "x";
    QTest::newRow("trailing comma") << pageBody(R"([{"table":"t","id":"r","clocks":{},"values":{},}])");
    QTest::newRow("uppercase literal") << QByteArray(
        R"({"has_more":False,"next_cursor":"7","server_hlc":"h","rows":[]})");
    QTest::newRow("truncated") << pageBody("[]").chopped(1);
}

void TestProtocol::fastPageReaderMatchesCodec()
{
    QFETCH(QByteArray, body);
    const auto fast = parseChangesPage(body);
    const auto general = generalPath(body);
    QVERIFY2(sameResult(fast, general), body.constData());
}

// Random pages, compact and indented, then random damage: whatever the fast reader accepts must be exactly
// what the general codec reads, and whatever it refuses must get the codec's error.
void TestProtocol::fastPageReaderUnderMutation()
{
    QRandomGenerator rng(2024);
    const QList<char32_t> alphabet { U'a', U'Z', U'7', U' ', U'"', U'\\', U'/', U'\n', U'\t', 0x01, 0x7f, 0xe4, 0x2028,
        0xfffe, 0x1f527 };
    const auto text = [&] {
        QString s;
        const int n = int(rng.bounded(10));
        for (int i = 0; i < n; ++i) {
            const char32_t c = alphabet.at(int(rng.bounded(alphabet.size())));
            s += QString::fromUcs4(&c, 1);
        }
        return s;
    };
    int accepted = 0;
    for (int i = 0; i < 400; ++i) {
        ChangesPage page;
        page.nextCursor = text();
        page.hasMore = rng.bounded(2);
        page.serverHlc = text();
        const int rows = int(rng.bounded(4));
        for (int r = 0; r < rows; ++r) {
            Row row;
            row.table = text();
            row.id = text();
            row.seq = qint64(rng.bounded(1u << 30));
            const int fields = int(rng.bounded(4));
            for (int f = 0; f < fields; ++f) {
                const QString name = u"f%1"_s.arg(f) + text();
                row.values.insert(name, rng.bounded(3) == 0 ? QJsonValue(rng.bounded(2) == 0) : QJsonValue(text()));
                row.clocks.insert(name, text());
                if (rng.bounded(2))
                    row.authors.insert(name, text());
            }
            page.rows.append(row);
        }
        const QByteArray compact = serialize(page);
        const QByteArray indented = QJsonDocument(page.toJson()).toJson(QJsonDocument::Indented);
        for (const QByteArray& body : { compact, indented }) {
            const auto fast = parseChangesPage(body);
            QVERIFY(fast);
            QCOMPARE(*fast.value, page);
            for (int m = 0; m < 20; ++m) {
                QByteArray damaged = body;
                const qsizetype at = qsizetype(rng.bounded(int(damaged.size())));
                switch (rng.bounded(4)) {
                case 0:
                    damaged.remove(at, 1 + rng.bounded(3));
                    break;
                case 1:
                    damaged.insert(at, char(rng.bounded(256)));
                    break;
                case 2:
                    damaged[at] = char(rng.bounded(256));
                    break;
                default:
                    damaged.truncate(at);
                }
                const auto a = parseChangesPage(damaged);
                const auto b = generalPath(damaged);
                accepted += a.value.has_value();
                QVERIFY2(sameResult(a, b), damaged.toPercentEncoding().constData());
            }
        }
    }
    QVERIFY(accepted > 0); // some damage leaves valid JSON (inside strings), and it is read identically
}

// The push body reader, against the general codec: random requests and random damage, plus the shapes the
// direct reader leaves to the codec (numbers and objects as values, nulls, unknown members).
void TestProtocol::fastPushReaderMatchesCodec()
{
    const auto general = [](const QByteArray& body) {
        const Parsed<QJsonObject> object = parseObject(body);
        return object ? PushRequest::fromJson(*object.value) : Parsed<PushRequest> { std::nullopt, object.error };
    };
    const auto same = [](const Parsed<PushRequest>& a, const Parsed<PushRequest>& b) {
        return a.value == b.value && a.error == b.error;
    };
    const QByteArray head = R"({"device_id":"d","hlc":"h","changes":[{"op_id":"o","table":"t","row_id":"r",)";
    for (const QByteArray& tail : { QByteArray(R"("fields":{"a":{"value":5,"hlc":"h"}}}]})"),
             QByteArray(R"("fields":{"a":{"value":{"x":1},"hlc":"h"}}}]})"),
             QByteArray(R"("fields":{"a":{"value":null,"hlc":"h","base_hlc":null}}}]})"),
             QByteArray(R"("fields":{"a":{"value":"v","hlc":"h","base_text":null}},"age_ms":null}]})"),
             QByteArray(R"("fields":{"a":{"value":"v","hlc":7}}}]})"), QByteArray(R"("fields":{}}],"x":1})"),
             QByteArray(R"("fields":{"a":{"value":"v","hlc":"h"},"a":{"value":"w","hlc":"h"}}}]})"),
             QByteArray(R"("fields":{"a":{"value":"v","hlc":"h"}},"age_ms":1.5}]})"),
             QByteArray(R"("fields":{"a":{"hlc":"h"}}}]})") }) {
        QVERIFY2(same(parsePushRequest(head + tail), general(head + tail)), tail.constData());
    }

    QRandomGenerator rng(77);
    const QList<char32_t> alphabet { U'a', U'7', U' ', U'"', U'\\', U'\n', 0x01, 0xe4, 0x201c, 0x1f527 };
    const auto text = [&] {
        QString s;
        const int n = int(rng.bounded(8));
        for (int i = 0; i < n; ++i) {
            const char32_t c = alphabet.at(int(rng.bounded(alphabet.size())));
            s += QString::fromUcs4(&c, 1);
        }
        return s;
    };
    int accepted = 0;
    for (int i = 0; i < 300; ++i) {
        PushRequest request;
        request.deviceId = text();
        request.hlc = text();
        const int changes = int(rng.bounded(4));
        for (int c = 0; c < changes; ++c) {
            Change change;
            change.opId = text();
            change.table = text();
            change.rowId = text();
            change.ageMs = qint64(rng.bounded(1000000));
            const int fields = int(rng.bounded(4));
            for (int f = 0; f < fields; ++f) {
                FieldChange fc;
                fc.value = rng.bounded(4) == 0 ? QJsonValue(rng.bounded(2) == 0)
                    : rng.bounded(4) == 0      ? QJsonValue()
                                               : QJsonValue(text());
                fc.hlc = text();
                fc.baseHlc = text();
                if (rng.bounded(2))
                    fc.baseText = text();
                change.fields.insert(u"f%1"_s.arg(f) + text(), fc);
            }
            request.changes.append(change);
        }
        const QByteArray body = serialize(request.toJson());
        const auto fast = parsePushRequest(body);
        QVERIFY(fast);
        QCOMPARE(*fast.value, request);
        for (int m = 0; m < 30; ++m) {
            QByteArray damaged = body;
            const qsizetype at = qsizetype(rng.bounded(int(damaged.size())));
            switch (rng.bounded(3)) {
            case 0:
                damaged.remove(at, 1 + rng.bounded(3));
                break;
            case 1:
                damaged.insert(at, char(rng.bounded(256)));
                break;
            default:
                damaged[at] = char(rng.bounded(256));
            }
            const auto a = parsePushRequest(damaged);
            accepted += a.value.has_value();
            QVERIFY2(same(a, general(damaged)), damaged.toPercentEncoding().constData());
        }
    }
    QVERIFY(accepted > 0);
}

void TestProtocol::fastPushResponseReaderMatchesCodec()
{
    const auto general = [](const QByteArray& body) {
        const Parsed<QJsonObject> object = parseObject(body);
        return object ? PushResponse::fromJson(*object.value) : Parsed<PushResponse> { std::nullopt, object.error };
    };
    const auto same = [](const Parsed<PushResponse>& a, const Parsed<PushResponse>& b) {
        return a.value == b.value && a.error == b.error;
    };
    const QByteArray head = R"({"server_hlc":"h","results":[{"op_id":"o",)";
    for (const QByteArray& tail : { QByteArray(R"("status":"accepted"}]})"), QByteArray(R"("status":"applied"}]})"),
             QByteArray(R"("status":"applied","row":null}]})"), QByteArray(R"("status":"applied","conflicts":null}]})"),
             QByteArray(R"("status":"merged","conflicts":[{"id":"c"}]}]})") }) {
        QVERIFY2(same(parsePushResponse(head + tail), general(head + tail)), tail.constData());
    }
    const QByteArray results = R"(,"results":[],"server_hlc":"h"})";
    for (const QByteArray& feed :
        { QByteArray(R"({"feed":{"from":"1","to":"2"})"), QByteArray(R"({"feed":{"to":"2","from":"1"})"),
            QByteArray(R"({"feed":{"from":"1","to":"2","x":1})"), QByteArray(R"({"feed":{"from":"1"})"),
            QByteArray(R"({"feed":{"from":"","to":"2"})"), QByteArray(R"({"feed":{"from":"1","to":null})"),
            QByteArray(R"({"feed":null)"), QByteArray(R"({"feed":[])"),
            QByteArray(R"({"feed":{"from":"1","to":"2"},"feed":{"from":"5","to":"6"})") }) {
        QVERIFY2(same(parsePushResponse(feed + results), general(feed + results)), feed.constData());
    }

    QRandomGenerator rng(78);
    int accepted = 0;
    for (int i = 0; i < 200; ++i) {
        PushResponse response;
        response.serverHlc = HlcA;
        const int results = int(rng.bounded(4));
        for (int k = 0; k < results; ++k) {
            ChangeResult r;
            r.opId = u"op%1"_s.arg(k);
            r.status = ChangeStatus(rng.bounded(4));
            if (rng.bounded(2)) {
                r.reasonCode = u"unknown_field"_s;
                r.reason = u"unknown field \"x\" — “quoted”\n"_s;
            }
            if (rng.bounded(2))
                r.row = sampleRow();
            for (quint32 c = rng.bounded(3); c > 0; --c) {
                ConflictRecord record = sampleConflict();
                record.loserValue = rng.bounded(2) ? QJsonValue() : QJsonValue(u"text\twith “tabs”"_s);
                r.conflicts.append(record);
            }
            response.results.append(r);
        }
        if (rng.bounded(2)) {
            response.feedFrom = QString::number(rng.bounded(100000));
            response.feedTo = QString::number(rng.bounded(100000));
        }
        const QByteArray body = serialize(response);
        const auto fast = parsePushResponse(body);
        QVERIFY(fast);
        QCOMPARE(*fast.value, response);
        for (int m = 0; m < 30; ++m) {
            QByteArray damaged = body;
            const qsizetype at = qsizetype(rng.bounded(int(damaged.size())));
            switch (rng.bounded(3)) {
            case 0:
                damaged.remove(at, 1 + rng.bounded(3));
                break;
            case 1:
                damaged.insert(at, char(rng.bounded(256)));
                break;
            default:
                damaged[at] = char(rng.bounded(256));
            }
            const auto a = parsePushResponse(damaged);
            accepted += a.value.has_value();
            QVERIFY2(same(a, general(damaged)), damaged.toPercentEncoding().constData());
        }
    }
    QVERIFY(accepted > 0);
}

// A device asks for the next page as soon as the cursor is read; the head must be what the whole page says, and
// a body whose rows come first (any other writer) gets no cheap answer.
void TestProtocol::pageHeadBeforeRows()
{
    ChangesPage page;
    page.rows << sampleRow() << sampleRow();
    page.nextCursor = u"4711"_s;
    page.hasMore = true;
    page.serverHlc = u"019abf3e2c01-0000-server"_s;
    const auto head = peekChangesPage(serialize(page));
    QVERIFY(head);
    QCOMPARE(head->hasMore, true);
    QCOMPARE(head->nextCursor, u"4711"_s);
    page.hasMore = false;
    QCOMPARE(peekChangesPage(serialize(page))->hasMore, false);
    QVERIFY(!peekChangesPage(R"({"rows":[],"has_more":true,"next_cursor":"7","server_hlc":"h"})"));
    QVERIFY(!peekChangesPage(R"({"next_cursor":"7","rows":[],"has_more":true,"server_hlc":"h"})"));
    QVERIFY(!peekChangesPage(R"({"has_more":true,"next_cursor":7})"));
    QVERIFY(!peekChangesPage("{\"has_more\":tru"));
    QVERIFY(!peekChangesPage(""));

    // The device's reader: the same page without authors, and a malformed authors member is still refused.
    page.rows.first().authors.insert(u"title"_s, u"01J00000000000000000000001"_s);
    const auto full = parseChangesPage(serialize(page));
    const auto device = parseChangesPageForDevice(serialize(page));
    QVERIFY(full && device);
    ChangesPage expected = *full.value;
    for (Row& row : expected.rows)
        row.authors.clear();
    QCOMPARE(*device.value, expected);
    QVERIFY(!parseChangesPageForDevice(R"({"has_more":false,"next_cursor":"7","rows":[{"table":"t","id":"r",)"
                                       R"("clocks":{},"values":{},"authors":{"a":1}}],"server_hlc":"h"})"));
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "test_protocol.moc"
