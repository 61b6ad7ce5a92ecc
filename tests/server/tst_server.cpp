// fieldsync-server suite: the real binary on 127.0.0.1, on SQLite (server_sqlite) or on a PostgreSQL 15 that
// tests/server/pg_env.sh starts (server_postgres). Every endpoint's happy path and error codes, the role
// matrix, idempotency, the gap-free cursor across two server processes, the merge property through the
// server, a bad-input corpus, retention, TLS, configuration, and restarts of the server and of PostgreSQL.
#include "ServerHarness.h"

#include "models/Hlc.h"
#include "models/Ulid.h"
#include "sync/AuditHash.h"
#include "sync/Protocol.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

using namespace fieldsync;
using namespace fieldsync::test;
using protocol::Change;
using protocol::ChangesPage;
using protocol::PushResponse;
using protocol::Row;

namespace {

QJsonValue s(const char* text)
{
    return QString::fromUtf8(text);
}

QString statusOf(const PushResponse& r, int i)
{
    return protocol::toString(r.results.value(i).status);
}

QByteArray telemetryBody(const protocol::TelemetryBatch& b)
{
    return protocol::serialize(b.toJson());
}

// The next_cursor of a pull from 0 to the end of the feed: where a puller that is up to date stands.
QString feedHead(Http& http, const QByteArray& token)
{
    QString cursor = QStringLiteral("0");
    for (int guard = 0; guard < 10'000; ++guard) {
        const HttpReply r = http.get(QStringLiteral("/v1/changes?cursor=%1&limit=1000").arg(cursor), token);
        const auto page = ChangesPage::fromJson(r.json);
        if (r.status != 200 || !page)
            return {};
        cursor = page.value->nextCursor;
        if (!page.value->hasMore)
            break;
    }
    return cursor;
}

bool appliedOrMerged(const protocol::ChangeResult& r)
{
    return r.status == protocol::ChangeStatus::Applied || r.status == protocol::ChangeStatus::Merged;
}

// Sends requests without waiting: used where many clients run at once.
class AsyncClient : public QObject
{
public:
    explicit AsyncClient(QString base)
        : m_base(std::move(base))
    { }
    void send(const QByteArray& method, const QString& path, const QByteArray& body, const QByteArray& token,
        std::function<void(int, const QByteArray&)> done)
    {
        QNetworkRequest request(QUrl(m_base + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + token);
        request.setTransferTimeout(30'000);
        QNetworkReply* reply = m_nam.sendCustomRequest(request, method, body);
        connect(reply, &QNetworkReply::finished, this, [reply, done] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray data = reply->readAll();
            reply->deleteLater();
            done(status, data);
        });
    }

private:
    QString m_base;
    QNetworkAccessManager m_nam;
};

} // namespace

class TestServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void health();
    void authMatrix();
    void me();
    void pushApplyAndPull();
    void pushFeedSpan();
    void pushErrors();
    void idempotentReplay();
    void droppedResponse();
    void conflictsAndResolve();
    void longTextMerge();
    void changesErrors();
    void verifyAndRows();
    void telemetryFleetEvents();
    void enrolEndpoint();
    void badInputCorpus();
    void sqlAndHtmlRoundTrip();
    void bodyLimit();
    void overloadAnswers503();
    void metricsAndLogs();
    void mergePropertyThroughServer();
    void gapFreeCursorTwoInstances();
    void restartServerMidStream();
    void restartPostgresMidStream();
    void retentionAndReset();
    void tls();
    void configSources();
    void commandLine();
    void serverClockSurvivesRestart();
    void instancesAbsorbEachOthersClocks();
    void futureClocksRejected();
    void chunkedBodyRefused();
    void sigtermWithRequestsInFlight();

private:
    QList<Row> pullAll(Http& http, const QByteArray& token, qint64 from = 0, int limit = 500);
    std::optional<Row> serverRow(const QString& id);
    PushResponse push(const Device& d, DeviceClock& clock, const QList<Change>& changes, Http* http = nullptr);
    Change createRow(DeviceClock& clock, const QString& title, const QMap<QString, QJsonValue>& more = {});

    QTemporaryDir m_dir;
    QString m_db;
    std::unique_ptr<ServerProcess> m_server;
    Http m_http;
    Device m_tech1, m_tech2, m_tech3, m_sup, m_admin, m_revoked;
    std::unique_ptr<DeviceClock> m_clock1, m_clock2, m_clock3, m_clockSup;
};

void TestServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = freshDatabase(m_dir);
    m_tech1 = enrol(m_db, QStringLiteral("Laptop 1"), QStringLiteral("alice"), QStringLiteral("technician"));
    m_tech2 = enrol(m_db, QStringLiteral("Laptop 2"), QStringLiteral("bob"), QStringLiteral("technician"));
    m_tech3 = enrol(m_db, QStringLiteral("Laptop 3"), QStringLiteral("carol"), QStringLiteral("technician"));
    m_sup = enrol(m_db, QStringLiteral("Office"), QStringLiteral("dana"), QStringLiteral("supervisor"));
    m_admin = enrol(m_db, QStringLiteral("Admin"), QStringLiteral("erin"), QStringLiteral("admin"));
    m_revoked = enrol(m_db, QStringLiteral("Lost laptop"), QStringLiteral("frank"), QStringLiteral("technician"));
    for (const Device* d : { &m_tech1, &m_tech2, &m_tech3, &m_sup, &m_admin, &m_revoked })
        QVERIFY2(!d->token.isEmpty(), "device add failed");
    QCOMPARE(runServerCommand({ QStringLiteral("device"), QStringLiteral("revoke"), m_revoked.id,
                 QStringLiteral("--database"), m_db }),
        0);
    m_clock1 = std::make_unique<DeviceClock>(m_tech1.id);
    m_clock2 = std::make_unique<DeviceClock>(m_tech2.id);
    m_clock3 = std::make_unique<DeviceClock>(m_tech3.id);
    m_clockSup = std::make_unique<DeviceClock>(m_sup.id);

    m_server = std::make_unique<ServerProcess>(m_db);
    QVERIFY2(m_server->start(), qPrintable(m_server->log()));
    m_http.setBaseUrl(m_server->baseUrl());
}

void TestServer::cleanupTestCase()
{
    if (m_server)
        m_server->terminate();
}

QList<Row> TestServer::pullAll(Http& http, const QByteArray& token, qint64 from, int limit)
{
    QList<Row> rows;
    QString cursor = QString::number(from);
    for (int guard = 0; guard < 10'000; ++guard) {
        const HttpReply r = http.get(QStringLiteral("/v1/changes?cursor=%1&limit=%2").arg(cursor).arg(limit), token);
        if (r.status != 200) {
            qWarning("pull failed: %d %s", r.status, r.body.constData());
            return {};
        }
        const auto page = ChangesPage::fromJson(r.json);
        if (!page)
            return {};
        rows += page.value->rows;
        cursor = page.value->nextCursor;
        if (!page.value->hasMore)
            break;
    }
    return rows;
}

std::optional<Row> TestServer::serverRow(const QString& id)
{
    const HttpReply r
        = m_http.get(QStringLiteral("/v1/rows?table=work_orders&bucket=%1").arg(audit::bucketOf(id)), m_tech1.token);
    const auto page = protocol::RowsPage::fromJson(r.json);
    if (!page)
        return std::nullopt;
    for (const Row& row : page.value->rows) {
        if (row.id == id)
            return row;
    }
    return std::nullopt;
}

PushResponse TestServer::push(const Device& d, DeviceClock& clock, const QList<Change>& changes, Http* http)
{
    const HttpReply r
        = (http ? *http : m_http).post(QStringLiteral("/v1/push"), pushBody(d.id, clock, changes), d.token);
    if (r.status != 200) {
        qWarning("push failed: %d %s", r.status, r.body.constData());
        return {};
    }
    return PushResponse::fromJson(r.json).value.value_or(PushResponse {});
}

Change TestServer::createRow(DeviceClock& clock, const QString& title, const QMap<QString, QJsonValue>& more)
{
    QMap<QString, QJsonValue> values = more;
    values.insert(QStringLiteral("title"), title);
    return makeChange(Ulid::generate(), values, clock);
}

void TestServer::health()
{
    const HttpReply r = m_http.get(QStringLiteral("/v1/health"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(r.json.value(QStringLiteral("protocol")).toInt(), 1);
    const QJsonObject storage = r.json.value(QStringLiteral("storage")).toObject();
    QCOMPARE(storage.value(QStringLiteral("backend")).toString(),
        usingPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite"));
    QVERIFY(storage.value(QStringLiteral("ok")).toBool());
    QVERIFY(protocol::isWellFormedHlc(r.json.value(QStringLiteral("server_hlc")).toString()));
    QCOMPARE(m_http.send("DELETE", QStringLiteral("/v1/health")).status, 405);
    QCOMPARE(m_http.get(QStringLiteral("/v2/nothing")).status, 404);
}

void TestServer::authMatrix()
{
    struct Endpoint
    {
        QByteArray method;
        QString path;
        std::function<QByteArray(const Device&)> body;
        int minRank; // 0 technician, 1 supervisor, 2 admin
        int okStatus;
    };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<Endpoint> endpoints {
        { "GET", QStringLiteral("/v1/me"), nullptr, 0, 200 },
        { "POST", QStringLiteral("/v1/push"),
            [](const Device& d) {
                DeviceClock c(d.id);
                return pushBody(d.id, c, {});
            },
            0, 200 },
        { "GET", QStringLiteral("/v1/changes?cursor=0&limit=5"), nullptr, 0, 200 },
        { "POST", QStringLiteral("/v1/verify"),
            [](const Device&) {
                protocol::VerifyRequest v;
                v.table = QStringLiteral("work_orders");
                return protocol::serialize(v.toJson());
            },
            0, 200 },
        { "GET", QStringLiteral("/v1/rows?table=work_orders&bucket=7"), nullptr, 0, 200 },
        { "POST", QStringLiteral("/v1/telemetry"),
            [now](const Device& d) {
                protocol::TelemetryBatch b;
                b.deviceId = d.id;
                b.appVersion = QStringLiteral("test");
                b.sentAtMs = now;
                return telemetryBody(b);
            },
            0, 200 },
        { "GET", QStringLiteral("/v1/fleet"), nullptr, 1, 200 },
        { "GET", QStringLiteral("/v1/devices/%1/events").arg(m_tech1.id), nullptr, 1, 200 },
        { "GET", QStringLiteral("/v1/conflicts?status=all"), nullptr, 0, 200 },
        { "POST", QStringLiteral("/v1/conflicts/%1/resolve").arg(Ulid::generate()),
            [](const Device&) { return QByteArray(R"({"resolution":"kept_winner"})"); }, 0, 404 },
        { "POST", QStringLiteral("/v1/devices"),
            [](const Device&) { return QByteArray(R"({"name":"Matrix","technician":"zed","role":"technician"})"); }, 2,
            201 },
    };
    const QList<QPair<const Device*, int>> roles { { &m_tech1, 0 }, { &m_sup, 1 }, { &m_admin, 2 } };
    for (const Endpoint& e : endpoints) {
        const QByteArray anyBody = e.body ? e.body(m_tech1) : QByteArray();
        // No token, an unknown token, a revoked device's token: 401 everywhere.
        for (const QByteArray& token : { QByteArray(), QByteArray("fs_not-a-token"), m_revoked.token }) {
            const HttpReply r = m_http.send(e.method, e.path, anyBody, token);
            QVERIFY2(r.status == 401 && r.errorCode() == QLatin1String("unauthorized"),
                qPrintable(e.path
                    + QStringLiteral(" without a valid token: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body))));
        }
        for (const auto& [device, rank] : roles) {
            const HttpReply r = m_http.send(e.method, e.path, e.body ? e.body(*device) : QByteArray(), device->token);
            const int expected = rank >= e.minRank ? e.okStatus : 403;
            QVERIFY2(r.status == expected,
                qPrintable(QStringLiteral("%1 %2 as %3: got %4, expected %5: %6")
                               .arg(QString::fromLatin1(e.method), e.path, device->role)
                               .arg(r.status)
                               .arg(expected)
                               .arg(QString::fromUtf8(r.body))));
            if (expected == 403)
                QCOMPARE(r.errorCode(), QStringLiteral("forbidden"));
        }
    }
    // Health and metrics need no token.
    QCOMPARE(m_http.get(QStringLiteral("/v1/health")).status, 200);
    QCOMPARE(m_http.get(QStringLiteral("/metrics")).status, 200);
    // Another device's identity: push and telemetry as someone else are refused.
    DeviceClock c(m_tech2.id);
    const HttpReply foreignPush = m_http.post(QStringLiteral("/v1/push"), pushBody(m_tech2.id, c, {}), m_tech1.token);
    QCOMPARE(foreignPush.status, 403);
    QCOMPARE(foreignPush.errorCode(), QStringLiteral("forbidden"));
    protocol::TelemetryBatch b;
    b.deviceId = m_tech2.id;
    const HttpReply foreignTelemetry = m_http.post(QStringLiteral("/v1/telemetry"), telemetryBody(b), m_sup.token);
    QCOMPARE(foreignTelemetry.status, 403);
    // A technician asking for another device's conflicts.
    QCOMPARE(m_http.get(QStringLiteral("/v1/conflicts?device=%1").arg(m_tech2.id), m_tech1.token).status, 403);
}

void TestServer::me()
{
    const HttpReply r = m_http.get(QStringLiteral("/v1/me"), m_tech2.token);
    QCOMPARE(r.status, 200);
    const auto info = protocol::DeviceInfo::fromJson(r.json);
    QVERIFY(info);
    QCOMPARE(info.value->deviceId, m_tech2.id);
    QCOMPARE(info.value->name, QStringLiteral("Laptop 2"));
    QCOMPARE(info.value->technician, QStringLiteral("bob"));
    QCOMPARE(info.value->role, QStringLiteral("technician"));
    QVERIFY(info.value->token.isEmpty());
}

void TestServer::pushApplyAndPull()
{
    const HttpReply before = m_http.get(QStringLiteral("/v1/changes?cursor=0&limit=1"), m_tech1.token);
    QCOMPARE(before.status, 200);
    const QList<Row> existing = pullAll(m_http, m_tech1.token);
    const qint64 cursor = existing.isEmpty() ? 0 : existing.last().seq;

    const Change create = createRow(*m_clock1, QStringLiteral("Repair HVAC unit 4B"),
        { { QStringLiteral("status"), s("scheduled") }, { QStringLiteral("priority"), s("high") },
            { QStringLiteral("description"), s("Compressor noise\nCheck bearings\n") },
            { QStringLiteral("due_at"), s("2026-12-01") } });
    const Change second = createRow(*m_clock1, QStringLiteral("Replace filter"));
    const PushResponse r = push(m_tech1, *m_clock1, { create, second });
    QCOMPARE(r.results.size(), 2);
    QCOMPARE(statusOf(r, 0), QStringLiteral("applied"));
    QCOMPARE(r.results[0].opId, create.opId);
    QVERIFY(r.results[0].row);
    const Row row = *r.results[0].row;
    QCOMPARE(row.id, create.rowId);
    QCOMPARE(row.values.value(QStringLiteral("title")).toString(), QStringLiteral("Repair HVAC unit 4B"));
    QCOMPARE(row.values.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
    QCOMPARE(row.clocks.value(QStringLiteral("title")), create.fields.value(QStringLiteral("title")).hlc);
    QCOMPARE(row.authors.value(QStringLiteral("title")), m_tech1.id);
    QVERIFY(row.seq > cursor);
    QVERIFY(r.results[1].row->seq > row.seq);
    QVERIFY(protocol::isWellFormedHlc(r.serverHlc));

    // Pulled one row per page from the old cursor: both rows, ascending seq, cursor advancing.
    const QList<Row> pulled = pullAll(m_http, m_tech2.token, cursor, 1);
    QCOMPARE(pulled.size(), 2);
    QCOMPARE(pulled[0], row);
    QCOMPARE(pulled[1].id, second.rowId);
    const HttpReply tail = m_http.get(QStringLiteral("/v1/changes?cursor=%1").arg(pulled[1].seq), m_tech2.token);
    const auto page = ChangesPage::fromJson(tail.json);
    QVERIFY(page);
    QVERIFY(page.value->rows.isEmpty());
    QVERIFY(!page.value->hasMore);
    QCOMPARE(page.value->nextCursor, QString::number(pulled[1].seq));

    // An edit of another technician based on the current clock fast-forwards.
    const Change edit = makeChange(row.id, { { QStringLiteral("status"), s("in_progress") } }, *m_clock2,
        { { QStringLiteral("status"), row.clocks.value(QStringLiteral("status")) } });
    const PushResponse e = push(m_tech2, *m_clock2, { edit });
    QCOMPARE(statusOf(e, 0), QStringLiteral("applied"));
    QVERIFY(e.results[0].conflicts.isEmpty());
    QCOMPARE(e.results[0].row->values.value(QStringLiteral("status")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(e.results[0].row->values.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
    QVERIFY(e.results[0].row->seq > pulled[1].seq);
}

void TestServer::pushFeedSpan()
{
    // A push's rows take the feed positions right after the head a puller that read to the end holds, and
    // nothing else takes any of them: pulling from the span's start brings exactly the answer's rows.
    const QString before = feedHead(m_http, m_tech1.token);
    QVERIFY(!before.isEmpty());
    QList<Change> changes;
    for (int i = 0; i < 6; ++i)
        changes.append(createRow(*m_clock1, QStringLiteral("Feed span %1").arg(i)));
    // The same row changed twice in the batch (one feed position), and a rejected change (none).
    changes.append(makeChange(changes[2].rowId, { { QStringLiteral("status"), s("in_progress") } }, *m_clock1,
        { { QStringLiteral("status"), QString() } }));
    changes.append(createRow(*m_clock1, QStringLiteral("x"), { { QStringLiteral("colour"), s("red") } }));
    const QByteArray body = pushBody(m_tech1.id, *m_clock1, changes);
    const HttpReply reply = m_http.post(QStringLiteral("/v1/push"), body, m_tech1.token);
    QCOMPARE(reply.status, 200);
    const auto parsed = protocol::parsePushResponse(reply.body);
    QVERIFY2(parsed, qPrintable(parsed.error.message));
    const PushResponse r = *parsed.value;
    QCOMPARE(PushResponse::fromJson(reply.json).value.value_or(PushResponse {}), r);
    QCOMPARE(statusOf(r, 7), QStringLiteral("rejected"));
    QCOMPARE(r.feedFrom, before);
    bool fromOk = false, toOk = false;
    const qint64 from = r.feedFrom.toLongLong(&fromOk);
    const qint64 to = r.feedTo.toLongLong(&toOk);
    QVERIFY(fromOk && toOk);
    QHash<QString, Row> answered; // row id -> the row of its last applied or merged result
    for (const protocol::ChangeResult& result : r.results) {
        if (!appliedOrMerged(result))
            continue;
        QVERIFY(result.row);
        QVERIFY2(result.row->seq > from && result.row->seq <= to,
            qPrintable(QStringLiteral("seq %1 outside (%2, %3]").arg(result.row->seq).arg(from).arg(to)));
        answered.insert(result.row->id, *result.row);
    }
    QCOMPARE(answered.size(), 6);
    QCOMPARE(to - from, qint64(6));
    QCOMPARE(answered.value(changes[2].rowId).values.value(QStringLiteral("status")).toString(),
        QStringLiteral("in_progress"));

    const QList<Row> pulled = pullAll(m_http, m_tech2.token, from);
    QCOMPARE(pulled.size(), answered.size());
    for (const Row& row : pulled) {
        QVERIFY(row.seq > from && row.seq <= to);
        QCOMPARE(row, answered.value(row.id));
    }
    QCOMPARE(pulled.last().seq, to);
    QCOMPARE(feedHead(m_http, m_tech1.token), r.feedTo);

    // The next push of another device starts where this one ended.
    const PushResponse next = push(m_tech2, *m_clock2, { createRow(*m_clock2, QStringLiteral("Feed span next")) });
    QCOMPARE(next.feedFrom, r.feedTo);
    QCOMPARE(next.feedTo, QString::number(to + 1));
    QCOMPARE(next.results.value(0).row.value_or(Row {}).seq, to + 1);

    // A replay writes nothing, and neither does a push whose changes are all rejected: no span.
    const HttpReply replay = m_http.post(QStringLiteral("/v1/push"), body, m_tech1.token);
    QCOMPARE(replay.status, 200);
    QVERIFY2(!replay.json.contains(QStringLiteral("feed")), replay.body.left(200).constData());
    const auto replayed = protocol::parsePushResponse(replay.body);
    QVERIFY(replayed);
    QCOMPARE(statusOf(*replayed.value, 0), QStringLiteral("duplicate"));
    QVERIFY(replayed.value->feedFrom.isEmpty() && replayed.value->feedTo.isEmpty());
    const HttpReply rejectedOnly = m_http.post(QStringLiteral("/v1/push"),
        pushBody(m_tech1.id, *m_clock1,
            { createRow(*m_clock1, QStringLiteral("x"), { { QStringLiteral("colour"), s("red") } }) }),
        m_tech1.token);
    QCOMPARE(rejectedOnly.status, 200);
    QVERIFY(!rejectedOnly.json.contains(QStringLiteral("feed")));
    QCOMPARE(feedHead(m_http, m_tech1.token), next.feedTo);
}

void TestServer::pushErrors()
{
    QCOMPARE(m_http.post(QStringLiteral("/v1/push"), "{", m_tech1.token).errorCode(), QStringLiteral("malformed_json"));
    const HttpReply wrongType = m_http.post(QStringLiteral("/v1/push"),
        R"({"device_id":")" + m_tech1.id.toUtf8() + R"(","hlc":")" + m_clock1->next().toUtf8()
            + R"(","changes":"none"})",
        m_tech1.token);
    QCOMPARE(wrongType.status, 422);
    QCOMPARE(wrongType.errorCode(), QStringLiteral("wrong_type"));

    // One batch, one good change and several bad ones: the bad ones are rejected, the good one applies.
    const Change good = createRow(*m_clock1, QStringLiteral("Good change"));
    Change unknownField = createRow(*m_clock1, QStringLiteral("x"), { { QStringLiteral("colour"), s("red") } });
    Change badEnum = createRow(*m_clock1, QStringLiteral("x"), { { QStringLiteral("status"), s("bogus") } });
    Change unknownTable = createRow(*m_clock1, QStringLiteral("x"));
    unknownTable.table = QStringLiteral("customers");
    DeviceClock otherNode(m_tech2.id);
    const Change foreignClock = createRow(otherNode, QStringLiteral("written with bob's clock"));
    const Change tooLong = createRow(*m_clock1, QString(201, u'x'));
    Change badDate = createRow(*m_clock1, QStringLiteral("x"), { { QStringLiteral("due_at"), s("31/12/2026") } });
    const PushResponse r
        = push(m_tech1, *m_clock1, { unknownField, good, badEnum, unknownTable, foreignClock, tooLong, badDate });
    QCOMPARE(r.results.size(), 7);
    QCOMPARE(statusOf(r, 1), QStringLiteral("applied"));
    const QStringList codes { QStringLiteral("unknown_field"), QString(), QStringLiteral("invalid_value"),
        QStringLiteral("unknown_table"), QStringLiteral("forbidden"), QStringLiteral("invalid_value"),
        QStringLiteral("invalid_value") };
    for (int i = 0; i < codes.size(); ++i) {
        if (codes[i].isEmpty())
            continue;
        QCOMPARE(statusOf(r, i), QStringLiteral("rejected"));
        QVERIFY2(r.results[i].reasonCode == codes[i], qPrintable(QString::number(i) + u' ' + r.results[i].reasonCode));
        QVERIFY(!r.results[i].reason.isEmpty());
    }
    QVERIFY(serverRow(good.rowId));
    QVERIFY(!serverRow(unknownField.rowId));
    QVERIFY(!serverRow(foreignClock.rowId));

    // More changes than a push may carry: 413, nothing applied.
    QList<Change> many;
    for (int i = 0; i < 5001; ++i)
        many.append(createRow(*m_clock1, QStringLiteral("bulk")));
    const HttpReply tooMany
        = m_http.post(QStringLiteral("/v1/push"), pushBody(m_tech1.id, *m_clock1, many), m_tech1.token);
    QCOMPARE(tooMany.status, 413);
    QCOMPARE(tooMany.errorCode(), QStringLiteral("payload_too_large"));
    QVERIFY(!serverRow(many.first().rowId));
}

void TestServer::idempotentReplay()
{
    const Change create = createRow(*m_clock1, QStringLiteral("Idempotent"));
    const QByteArray body = pushBody(m_tech1.id, *m_clock1, { create });
    QList<PushResponse> answers;
    for (int i = 0; i < 3; ++i) {
        const HttpReply r = m_http.post(QStringLiteral("/v1/push"), body, m_tech1.token);
        QCOMPARE(r.status, 200);
        answers.append(PushResponse::fromJson(r.json).value.value_or(PushResponse {}));
    }
    QCOMPARE(statusOf(answers[0], 0), QStringLiteral("applied"));
    QCOMPARE(statusOf(answers[1], 0), QStringLiteral("duplicate"));
    QCOMPARE(statusOf(answers[2], 0), QStringLiteral("duplicate"));
    QCOMPARE(*answers[1].results[0].row, *answers[0].results[0].row);
    QCOMPARE(*answers[2].results[0].row, *answers[0].results[0].row);
    // Applied once: the row kept its first seq.
    QCOMPARE(serverRow(create.rowId)->seq, answers[0].results[0].row->seq);

    // The same op id inside one batch twice: the repeat is a duplicate of the first.
    const Change other = createRow(*m_clock1, QStringLiteral("Twice in one batch"));
    const PushResponse twice = push(m_tech1, *m_clock1, { other, other });
    QCOMPARE(statusOf(twice, 0), QStringLiteral("applied"));
    QCOMPARE(statusOf(twice, 1), QStringLiteral("duplicate"));

    // An op id another device used is not taken over.
    Change stolen = createRow(*m_clock2, QStringLiteral("stolen op id"));
    stolen.opId = create.opId;
    const PushResponse s2 = push(m_tech2, *m_clock2, { stolen });
    QCOMPARE(statusOf(s2, 0), QStringLiteral("rejected"));
    QVERIFY(!serverRow(stolen.rowId));
}

void TestServer::droppedResponse()
{
    // The device sends a push and loses the connection before reading the answer; its retry must be answered
    // as a duplicate and change nothing.
    const Change create = createRow(*m_clock1, QStringLiteral("Dropped answer"));
    const QByteArray body = pushBody(m_tech1.id, *m_clock1, { create });
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer "
        + m_tech1.token + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(socket.waitForBytesWritten(5000));
    QTRY_VERIFY_WITH_TIMEOUT(serverRow(create.rowId).has_value(), 10'000);
    socket.abort();
    const qint64 seq = serverRow(create.rowId)->seq;

    const HttpReply retry = m_http.post(QStringLiteral("/v1/push"), body, m_tech1.token);
    QCOMPARE(retry.status, 200);
    const auto r = PushResponse::fromJson(retry.json);
    QVERIFY(r);
    QCOMPARE(statusOf(*r.value, 0), QStringLiteral("duplicate"));
    QCOMPARE(serverRow(create.rowId)->seq, seq);
}

void TestServer::conflictsAndResolve()
{
    const PushResponse created = push(m_tech1, *m_clock1,
        { createRow(*m_clock1, QStringLiteral("Boiler"), { { QStringLiteral("status"), s("scheduled") } }) });
    const Row row = *created.results[0].row;
    const QString base = row.clocks.value(QStringLiteral("status"));

    // Concurrent edits of one field (same base) and of different fields.
    const Change mine = makeChange(row.id,
        { { QStringLiteral("status"), s("in_progress") }, { QStringLiteral("priority"), s("urgent") } }, *m_clock1,
        { { QStringLiteral("status"), base },
            { QStringLiteral("priority"), row.clocks.value(QStringLiteral("priority")) } });
    QTest::qWait(3);
    const Change theirs = makeChange(row.id,
        { { QStringLiteral("status"), s("on_hold") }, { QStringLiteral("site"), s("Plant 2") } }, *m_clock2,
        { { QStringLiteral("status"), base }, { QStringLiteral("site"), row.clocks.value(QStringLiteral("site")) } });
    QCOMPARE(statusOf(push(m_tech1, *m_clock1, { mine }), 0), QStringLiteral("applied"));
    const PushResponse r = push(m_tech2, *m_clock2, { theirs });
    QCOMPARE(statusOf(r, 0), QStringLiteral("applied"));
    QCOMPARE(r.results[0].conflicts.size(), 1);
    const protocol::ConflictRecord conflict = r.results[0].conflicts[0];
    QCOMPARE(conflict.field, QStringLiteral("status"));
    QCOMPARE(conflict.winnerValue.toString(), QStringLiteral("on_hold"));
    QCOMPARE(conflict.loserValue.toString(), QStringLiteral("in_progress"));
    QCOMPARE(conflict.winnerDevice, m_tech2.id);
    QCOMPARE(conflict.loserDevice, m_tech1.id);
    QCOMPARE(conflict.winnerTechnician, QStringLiteral("bob"));
    QCOMPARE(conflict.loserTechnician, QStringLiteral("alice"));
    QVERIFY(Ulid::isValid(conflict.id));
    // A replay repeats the first answer's conflicts, kept in the op log.
    const PushResponse replayed = push(m_tech2, *m_clock2, { theirs });
    QCOMPARE(statusOf(replayed, 0), QStringLiteral("duplicate"));
    QCOMPARE(replayed.results.value(0).conflicts, r.results[0].conflicts);
    const Row merged = *r.results[0].row;
    QCOMPARE(merged.values.value(QStringLiteral("priority")).toString(), QStringLiteral("urgent"));
    QCOMPARE(merged.values.value(QStringLiteral("site")).toString(), QStringLiteral("Plant 2"));

    auto listIds = [this](const QString& query, const QByteArray& token, int* status = nullptr) {
        const HttpReply reply = m_http.get(QStringLiteral("/v1/conflicts") + query, token);
        if (status)
            *status = reply.status;
        QStringList ids;
        for (const QJsonValue& v : reply.json.value(QStringLiteral("conflicts")).toArray())
            ids.append(v.toObject().value(QStringLiteral("id")).toString());
        return ids;
    };
    QVERIFY(listIds({}, m_tech1.token).contains(conflict.id));
    QVERIFY(listIds({}, m_tech2.token).contains(conflict.id));
    QVERIFY(!listIds({}, m_tech3.token).contains(conflict.id));
    QVERIFY(listIds({}, m_sup.token).contains(conflict.id));
    QVERIFY(listIds(QStringLiteral("?status=all"), m_admin.token).contains(conflict.id));
    QVERIFY(listIds(QStringLiteral("?device=") + m_tech2.id, m_sup.token).contains(conflict.id));
    QVERIFY(!listIds(QStringLiteral("?device=") + m_tech3.id, m_sup.token).contains(conflict.id));
    int status = 0;
    listIds(QStringLiteral("?status=closed"), m_sup.token, &status);
    QCOMPARE(status, 400);
    listIds(QStringLiteral("?limit=0"), m_sup.token, &status);
    QCOMPARE(status, 400);

    const QString path = QStringLiteral("/v1/conflicts/%1/resolve").arg(conflict.id);
    QCOMPARE(m_http.post(path, R"({"resolution":"kept_winner"})", m_tech3.token).status, 403);
    QCOMPARE(m_http.post(path, "{", m_sup.token).status, 400);
    QCOMPARE(m_http.post(path, R"({"resolution":5})", m_sup.token).errorCode(), QStringLiteral("wrong_type"));
    QCOMPARE(m_http.post(path, R"({"resolution":"mine"})", m_sup.token).errorCode(), QStringLiteral("invalid_value"));
    QCOMPARE(m_http.post(path, R"({})", m_sup.token).status, 422);
    QCOMPARE(m_http
                 .post(QStringLiteral("/v1/conflicts/%1/resolve").arg(Ulid::generate()),
                     R"({"resolution":"kept_winner"})", m_sup.token)
                 .status,
        404);
    QCOMPARE(m_http.get(path, m_sup.token).status, 405);

    // The supervisor picks the losing value: it becomes a new edit stamped by the server and syncs.
    const HttpReply picked = m_http.post(path, R"({"resolution":"picked_loser"})", m_sup.token);
    QCOMPARE(picked.status, 200);
    const auto record = protocol::ConflictRecord::fromJson(picked.json);
    QVERIFY(record);
    QCOMPARE(record.value->resolution, QStringLiteral("picked_loser"));
    QCOMPARE(record.value->resolvedBy, m_sup.id);
    const Row after = *serverRow(row.id);
    QCOMPARE(after.values.value(QStringLiteral("status")).toString(), QStringLiteral("in_progress"));
    QVERIFY(after.clocks.value(QStringLiteral("status")).endsWith(QLatin1String("-server")));
    QVERIFY(after.clocks.value(QStringLiteral("status")) > merged.clocks.value(QStringLiteral("status")));
    QVERIFY(after.seq > merged.seq);
    QCOMPARE(after.values.value(QStringLiteral("site")).toString(), QStringLiteral("Plant 2"));
    const QList<Row> feed = pullAll(m_http, m_tech3.token, merged.seq);
    QVERIFY(std::any_of(feed.begin(), feed.end(), [&](const Row& x) { return x.id == row.id && x.seq == after.seq; }));

    const HttpReply again = m_http.post(path, R"({"resolution":"kept_winner"})", m_tech1.token);
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), QStringLiteral("conflict"));
    QVERIFY(!listIds({}, m_tech1.token).contains(conflict.id));
    QVERIFY(listIds(QStringLiteral("?status=all"), m_tech1.token).contains(conflict.id));
}

void TestServer::longTextMerge()
{
    const QString text = QStringLiteral("line one\nline two\nline three\n");
    const PushResponse created = push(
        m_tech1, *m_clock1, { createRow(*m_clock1, QStringLiteral("Notes"), { { QStringLiteral("notes"), text } }) });
    const Row row = *created.results[0].row;
    const QString base = row.clocks.value(QStringLiteral("notes"));
    Change a = makeChange(row.id, { { QStringLiteral("notes"), s("LINE ONE\nline two\nline three\n") } }, *m_clock1,
        { { QStringLiteral("notes"), base } });
    a.fields[QStringLiteral("notes")].baseText = text;
    Change b = makeChange(row.id, { { QStringLiteral("notes"), s("line one\nline two\nLINE THREE\n") } }, *m_clock2,
        { { QStringLiteral("notes"), base } });
    b.fields[QStringLiteral("notes")].baseText = text;
    QCOMPARE(statusOf(push(m_tech1, *m_clock1, { a }), 0), QStringLiteral("applied"));
    const PushResponse r = push(m_tech2, *m_clock2, { b });
    QCOMPARE(statusOf(r, 0), QStringLiteral("merged"));
    QVERIFY(r.results[0].conflicts.isEmpty());
    QCOMPARE(r.results[0].row->values.value(QStringLiteral("notes")).toString(),
        QStringLiteral("LINE ONE\nline two\nLINE THREE\n"));
}

void TestServer::changesErrors()
{
    for (const QString& query : { QStringLiteral("cursor=abc"), QStringLiteral("cursor=-1"), QStringLiteral("limit=0"),
             QStringLiteral("limit=100000"), QStringLiteral("limit=ten"), QStringLiteral("cursor=1e3") }) {
        const HttpReply r = m_http.get(QStringLiteral("/v1/changes?") + query, m_tech1.token);
        QVERIFY2(r.status == 400 && r.errorCode() == QLatin1String("bad_request"), qPrintable(query));
    }
    QCOMPARE(m_http.post(QStringLiteral("/v1/changes"), "{}", m_tech1.token).status, 405);
}

void TestServer::verifyAndRows()
{
    audit::Accumulator acc;
    for (const Row& row : pullAll(m_http, m_tech1.token))
        acc.add(row);
    protocol::VerifyRequest v;
    v.table = QStringLiteral("work_orders");
    v.count = acc.count();
    v.hash = acc.setHash();
    v.buckets = acc.bucketHashes();
    HttpReply r = m_http.post(QStringLiteral("/v1/verify"), protocol::serialize(v.toJson()), m_tech2.token);
    QCOMPARE(r.status, 200);
    auto answer = protocol::VerifyResponse::fromJson(r.json);
    QVERIFY(answer);
    QVERIFY(answer.value->match);
    QCOMPARE(answer.value->serverCount, acc.count());
    QCOMPARE(answer.value->serverHash, acc.setHash());
    QVERIFY(answer.value->mismatchedBuckets.isEmpty());

    // A device missing rows of one bucket learns exactly that bucket, then fetches it.
    QVERIFY(!v.buckets.isEmpty());
    const int bucket = v.buckets.firstKey();
    v.buckets.remove(bucket);
    v.count -= 1;
    v.hash = QString(64, u'0');
    r = m_http.post(QStringLiteral("/v1/verify"), protocol::serialize(v.toJson()), m_tech2.token);
    answer = protocol::VerifyResponse::fromJson(r.json);
    QVERIFY(answer);
    QVERIFY(!answer.value->match);
    QCOMPARE(answer.value->mismatchedBuckets, QList<int> { bucket });
    const HttpReply rows
        = m_http.get(QStringLiteral("/v1/rows?table=work_orders&bucket=%1").arg(bucket), m_tech2.token);
    QCOMPARE(rows.status, 200);
    const auto page = protocol::RowsPage::fromJson(rows.json);
    QVERIFY(page);
    QVERIFY(!page.value->rows.isEmpty());
    audit::Accumulator bucketAcc;
    for (const Row& row : page.value->rows) {
        QCOMPARE(audit::bucketOf(row.id), bucket);
        bucketAcc.add(row);
    }
    QCOMPARE(bucketAcc.bucketHashes().value(bucket), acc.bucketHashes().value(bucket));

    const QList<QPair<QString, int>> badRows { { QStringLiteral("bucket=1"), 400 },
        { QStringLiteral("table=work_orders"), 400 }, { QStringLiteral("table=invoices&bucket=1"), 422 },
        { QStringLiteral("table=work_orders&bucket=256"), 400 },
        { QStringLiteral("table=work_orders&bucket=-1"), 400 } };
    for (const auto& [query, status] : badRows)
        QVERIFY2(m_http.get(QStringLiteral("/v1/rows?") + query, m_tech1.token).status == status, qPrintable(query));
    QCOMPARE(m_http.post(QStringLiteral("/v1/verify"), "{", m_tech1.token).status, 400);
    QCOMPARE(m_http.post(QStringLiteral("/v1/verify"), R"({"table":"invoices","count":0,"hash":""})", m_tech1.token)
                 .errorCode(),
        QStringLiteral("unknown_table"));
    QCOMPARE(
        m_http.post(QStringLiteral("/v1/verify"), R"({"table":"work_orders","count":"many","hash":""})", m_tech1.token)
            .status,
        422);
}

void TestServer::telemetryFleetEvents()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    protocol::TelemetryBatch b;
    b.deviceId = m_tech2.id;
    b.appVersion = QStringLiteral("0.1.0-test");
    b.sentAtMs = now + 1500; // bob's clock runs 1.5 s ahead
    b.pendingChanges = 3;
    b.latency = { { Ulid::generate(), Ulid::generate(), now - 5000, 4000 },
        { Ulid::generate(), Ulid::generate(), now - 9000, 8000 } };
    b.events = { { now - 3000, QStringLiteral("sync_run"), QStringLiteral("info"), QStringLiteral("pushed 3"),
                     QJsonObject { { QStringLiteral("pushed"), 3 } } },
        { now - 2000, QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("timeout"), {} },
        { now - 1000, QStringLiteral("audit"), QStringLiteral("info"), QStringLiteral("audit"),
            QJsonObject { { QStringLiteral("result"), QStringLiteral("match") },
                { QStringLiteral("buckets"), QJsonArray { 3, QStringLiteral("x") } } } } };
    const HttpReply r = m_http.post(QStringLiteral("/v1/telemetry"), telemetryBody(b), m_tech2.token);
    QCOMPARE(r.status, 200);
    // Optional members absent (no app version, events without level, message or data) are fine.
    const QByteArray sparse = R"({"device_id":")" + m_tech3.id.toUtf8() + R"(","sent_at_ms":)" + QByteArray::number(now)
        + R"(,"events":[{"at_ms":1,"kind":"sync_run"}]})";
    QCOMPARE(m_http.post(QStringLiteral("/v1/telemetry"), sparse, m_tech3.token).status, 200);
    QCOMPARE(m_http.post(QStringLiteral("/v1/telemetry"), "{", m_tech2.token).status, 400);
    QJsonObject wrong = b.toJson();
    wrong.insert(QStringLiteral("latency"), QStringLiteral("slow"));
    QCOMPARE(m_http.post(QStringLiteral("/v1/telemetry"), protocol::serialize(wrong), m_tech2.token).errorCode(),
        QStringLiteral("wrong_type"));

    HttpReply fleetReply = m_http.get(QStringLiteral("/v1/fleet"), m_sup.token);
    QCOMPARE(fleetReply.status, 200);
    auto fleet = protocol::FleetReport::fromJson(fleetReply.json);
    QVERIFY(fleet);
    const auto find = [](const protocol::FleetReport& report, const QString& id) {
        for (const protocol::FleetDevice& d : report.devices) {
            if (d.deviceId == id)
                return d;
        }
        return protocol::FleetDevice {};
    };
    const protocol::FleetDevice bob = find(*fleet.value, m_tech2.id);
    QCOMPARE(bob.technician, QStringLiteral("bob"));
    QCOMPARE(bob.appVersion, QStringLiteral("0.1.0-test"));
    QCOMPARE(bob.pendingChanges, 3);
    QCOMPARE(bob.latencyP50Ms, 4000);
    QCOMPARE(bob.latencyP95Ms, 8000);
    QCOMPARE(bob.lastAuditResult, QStringLiteral("match"));
    QVERIFY(qAbs(bob.clockSkewMs - 1500) < 1000);
    QVERIFY(!bob.lastSeen.isEmpty());
    QVERIFY(bob.conflictsOpen >= 0);
    QVERIFY(find(*fleet.value, m_revoked.id).revoked);
    QCOMPARE(fleet.value->thresholdMs, 30 * 60'000);
    QVERIFY(!fleet.value->alarm);
    QVERIFY(!fleet.value->latencySeries.isEmpty());
    QVERIFY(!fleet.value->generatedAt.isEmpty());

    // Samples far over the threshold raise the alarm.
    protocol::TelemetryBatch slow;
    slow.deviceId = m_tech3.id;
    slow.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 20; ++i)
        slow.latency.append({ Ulid::generate(), Ulid::generate(), slow.sentAtMs - 7'200'000, 7'200'000 });
    QCOMPARE(m_http.post(QStringLiteral("/v1/telemetry"), telemetryBody(slow), m_tech3.token).status, 200);
    fleet = protocol::FleetReport::fromJson(m_http.get(QStringLiteral("/v1/fleet"), m_admin.token).json);
    QVERIFY(fleet);
    QVERIFY(fleet.value->alarm);
    QVERIFY(fleet.value->avgLatencyLastHourMs > fleet.value->thresholdMs);

    // The drill-down: newest first.
    const HttpReply ev = m_http.get(QStringLiteral("/v1/devices/%1/events").arg(m_tech2.id), m_sup.token);
    QCOMPARE(ev.status, 200);
    const auto events = protocol::DeviceEvents::fromJson(ev.json);
    QVERIFY(events);
    QCOMPARE(events.value->deviceId, m_tech2.id);
    QCOMPARE(events.value->events.size(), 3);
    QCOMPARE(events.value->events[0].kind, QStringLiteral("audit"));
    QCOMPARE(events.value->events[0].data.value(QStringLiteral("buckets")).toArray(),
        (QJsonArray { 3, QStringLiteral("x") }));
    QCOMPARE(events.value->events[2].kind, QStringLiteral("sync_run"));
    QCOMPARE(events.value->events[2].data.value(QStringLiteral("pushed")).toInt(), 3);
    QCOMPARE(m_http.get(QStringLiteral("/v1/devices/%1/events?limit=1").arg(m_tech2.id), m_sup.token)
                 .json.value(QStringLiteral("events"))
                 .toArray()
                 .size(),
        1);
    QCOMPARE(m_http.get(QStringLiteral("/v1/devices/%1/events").arg(Ulid::generate()), m_sup.token).status, 404);
    QCOMPARE(m_http.get(QStringLiteral("/v1/devices/%1/events?limit=0").arg(m_tech2.id), m_sup.token).status, 400);
}

void TestServer::enrolEndpoint()
{
    const HttpReply created = m_http.post(
        QStringLiteral("/v1/devices"), R"({"name":"Sim 1","technician":"sim","role":"technician"})", m_admin.token);
    QCOMPARE(created.status, 201);
    const auto info = protocol::DeviceInfo::fromJson(created.json);
    QVERIFY(info);
    QVERIFY(Ulid::isValid(info.value->deviceId));
    QVERIFY(info.value->token.startsWith(QLatin1String("fs_")));
    const HttpReply me = m_http.get(QStringLiteral("/v1/me"), info.value->token.toLatin1());
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json.value(QStringLiteral("device_id")).toString(), info.value->deviceId);

    QCOMPARE(m_http.post(QStringLiteral("/v1/devices"), R"({"name":"x","technician":"y","role":"king"})", m_admin.token)
                 .status,
        422);
    QCOMPARE(
        m_http.post(QStringLiteral("/v1/devices"), R"({"name":"","technician":"y","role":"technician"})", m_admin.token)
            .status,
        422);
    QCOMPARE(
        m_http.post(QStringLiteral("/v1/devices"), R"({"name":"x","technician":7,"role":"technician"})", m_admin.token)
            .status,
        422);
    QCOMPARE(m_http.post(QStringLiteral("/v1/devices"), "{", m_admin.token).status, 400);
    QCOMPARE(m_http.send("GET", QStringLiteral("/v1/devices"), {}, m_admin.token).status, 405);
}

void TestServer::badInputCorpus()
{
    const QList<Row> before = pullAll(m_http, m_sup.token);
    QVERIFY(!before.isEmpty());
    const QByteArray id = m_tech1.id.toUtf8();
    const QByteArray hlc = m_clock1->next().toUtf8();
    const QByteArray deep = QByteArray(20'000, '[') + QByteArray(20'000, ']');
    struct Case
    {
        const char* name;
        QByteArray body;
        int status;
        const char* code;
    };
    const QList<Case> corpus {
        { "empty", "", 400, "malformed_json" },
        { "truncated", R"({"device_id":")" + id + R"(","changes":[{"op_id":)", 400, "malformed_json" },
        { "not json", "hello", 400, "malformed_json" },
        { "array", "[]", 400, "malformed_json" },
        { "null", "null", 400, "malformed_json" },
        { "invalid utf-8", "{\"device_id\":\"\xc3\x28\",\"changes\":[]}", 400, "malformed_json" },
        { "invalid utf-8 bytes", "\xff\xfe\xfd", 400, "malformed_json" },
        { "deep nesting", "{\"device_id\":" + deep + "}", 400, "malformed_json" },
        { "device id number", R"({"device_id":5,"changes":[]})", 422, "wrong_type" },
        { "changes object", R"({"device_id":")" + id + R"(","hlc":")" + hlc + R"(","changes":{}})", 422, "wrong_type" },
        { "op id number", R"({"device_id":")" + id + R"(","hlc":")" + hlc + R"(","changes":[{"op_id":1}]})", 422,
            "wrong_type" },
        { "fields array",
            R"({"device_id":")" + id + R"(","hlc":")" + hlc
                + R"(","changes":[{"op_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","table":"work_orders","row_id":"r1","fields":[]}]})",
            422, "wrong_type" },
        { "huge body", "{\"device_id\":\"" + QByteArray(9 * 1024 * 1024, 'a') + "\"}", 413, "payload_too_large" },
    };
    for (const Case& c : corpus) {
        const HttpReply r = m_http.post(QStringLiteral("/v1/push"), c.body, m_tech1.token);
        QVERIFY2(r.status == c.status && r.errorCode() == QLatin1String(c.code),
            qPrintable(QStringLiteral("%1: %2 %3")
                           .arg(QLatin1String(c.name))
                           .arg(r.status)
                           .arg(QString::fromUtf8(r.body.left(300)))));
        QVERIFY(
            !r.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty());
    }
    // Well-formed requests with bad values: 200, each change rejected, nothing written.
    const QByteArray wrongValueType = R"({"device_id":")" + id + R"(","hlc":")" + hlc
        + R"(","changes":[{"op_id":"01ARZ3NDEKTSV4RRFFQ69G5FAW","table":"work_orders","row_id":"r2","fields":{"title":{"value":5,"hlc":")"
        + hlc + R"(","base_hlc":""}}}],"unknown_member":{"x":1}})";
    HttpReply r = m_http.post(QStringLiteral("/v1/push"), wrongValueType, m_tech1.token);
    QCOMPARE(r.status, 200);
    QCOMPARE(
        r.json.value(QStringLiteral("results")).toArray().at(0).toObject().value(QStringLiteral("status")).toString(),
        QStringLiteral("rejected"));
    Change nul = createRow(*m_clock1, QStringLiteral("nul"));
    nul.fields[QStringLiteral("title")].value = QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b"));
    Change badHlc = createRow(*m_clock1, QStringLiteral("bad clock"));
    badHlc.fields[QStringLiteral("title")].hlc = QStringLiteral("yesterday");
    Change badId = createRow(*m_clock1, QStringLiteral("bad id"));
    badId.rowId = QStringLiteral("../../etc/passwd");
    const PushResponse rejected = push(m_tech1, *m_clock1, { nul, badHlc, badId });
    QCOMPARE(rejected.results.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(statusOf(rejected, i), QStringLiteral("rejected"));
    // Other endpoints' inputs.
    QCOMPARE(m_http.post(QStringLiteral("/v1/telemetry"), "\xff", m_tech1.token).status, 400);
    QCOMPARE(m_http.post(QStringLiteral("/v1/verify"), "{\"table\":" + deep + "}", m_tech1.token).status, 400);
    QCOMPARE(
        m_http.get(QStringLiteral("/v1/changes?cursor=%27%3B%20DROP%20TABLE%20rows%3B--"), m_tech1.token).status, 400);

    const QList<Row> after = pullAll(m_http, m_sup.token);
    QCOMPARE(after, before);
}

void TestServer::sqlAndHtmlRoundTrip()
{
    const QString sql = QStringLiteral("'); DROP TABLE work_orders;--");
    const QString html = QStringLiteral("<script>alert('x')</script> &amp; \"quoted\"");
    const QString unicode
        = QStringLiteral("Größe ✓ 中文 ") + QString::fromUcs4(U"\U0001F527") + QStringLiteral("\\n \\u0000 %s %n");
    const Change c = createRow(*m_clock1, sql,
        { { QStringLiteral("customer"), html }, { QStringLiteral("notes"), unicode },
            { QStringLiteral("site"), QStringLiteral("Robert'); DELETE FROM rows WHERE '1'='1") } });
    const PushResponse r = push(m_tech1, *m_clock1, { c });
    QCOMPARE(statusOf(r, 0), QStringLiteral("applied"));
    const std::optional<Row> row = serverRow(c.rowId);
    QVERIFY(row);
    QCOMPARE(row->values.value(QStringLiteral("title")).toString(), sql);
    QCOMPARE(row->values.value(QStringLiteral("customer")).toString(), html);
    QCOMPARE(row->values.value(QStringLiteral("notes")).toString(), unicode);
    QCOMPARE(row->values.value(QStringLiteral("site")).toString(),
        QStringLiteral("Robert'); DELETE FROM rows WHERE '1'='1"));
    const QList<Row> all = pullAll(m_http, m_tech2.token);
    QVERIFY(all.size() > 5);
    QVERIFY(std::any_of(all.begin(), all.end(), [&](const Row& x) { return x == *row; }));
}

void TestServer::bodyLimit()
{
    ServerProcess small(m_db, { QStringLiteral("--body-limit"), QStringLiteral("1024") });
    QVERIFY2(small.start(), qPrintable(small.log()));
    Http http(small.baseUrl());
    const Change c = createRow(*m_clock1, QString(150, u'x'), { { QStringLiteral("notes"), QString(2000, u'n') } });
    const HttpReply r = http.post(QStringLiteral("/v1/push"), pushBody(m_tech1.id, *m_clock1, { c }), m_tech1.token);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.errorCode(), QStringLiteral("payload_too_large"));
    QVERIFY(!serverRow(c.rowId));
    QCOMPARE(http.get(QStringLiteral("/v1/me"), m_tech1.token).status, 200);

    // A 64 MiB body announced by Content-Length is discarded as it arrives, never buffered: the server's peak
    // memory does not grow by anything near the body's size, and the client still gets its 413.
    const auto peakKiB = [&small] {
        QFile status(QStringLiteral("/proc/%1/status").arg(small.pid()));
        if (!status.open(QIODevice::ReadOnly))
            return qint64(-1);
        const QRegularExpression re(QStringLiteral("VmHWM:\\s+(\\d+) kB"));
        return re.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
    };
    const qint64 before = peakKiB();
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), small.port());
    QVERIFY(socket.waitForConnected(5000));
    constexpr qint64 Huge = 64LL * 1024 * 1024;
    socket.write("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(Huge) + "\r\n\r\n");
    const QByteArray chunk(1024 * 1024, ' ');
    for (qint64 sent = 0; sent < Huge; sent += chunk.size()) {
        socket.write(chunk);
        while (socket.bytesToWrite() > 4 * chunk.size())
            QVERIFY(socket.waitForBytesWritten(10'000));
    }
    while (socket.bytesToWrite() > 0)
        QVERIFY(socket.waitForBytesWritten(10'000));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("payload_too_large"), 20'000);
    QVERIFY(answer.startsWith("HTTP/1.1 413"));
    const qint64 after = peakKiB();
    qInfo("server peak memory %lld KiB before, %lld KiB after a 64 MiB body", before, after);
    if (before > 0)
        QVERIFY2(after - before < 24 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(after - before)));
    QVERIFY(small.log().contains(QLatin1String("\"endpoint\":\"body_limit\"")));
    small.terminate();
}

void TestServer::overloadAnswers503()
{
    // One worker and room for one request: a burst of pushes gets 503 for what does not fit, never a hang.
    ServerProcess busy(m_db,
        { QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--max-queued-requests"),
            QStringLiteral("1") });
    QVERIFY2(busy.start(), qPrintable(busy.log()));
    QList<std::shared_ptr<AsyncClient>> clients;
    int ok = 0;
    int unavailable = 0;
    int other = 0;
    for (int i = 0; i < 12; ++i) {
        clients.append(std::make_shared<AsyncClient>(busy.baseUrl()));
        QList<Change> changes;
        for (int k = 0; k < 200; ++k)
            changes.append(createRow(*m_clock1, QStringLiteral("burst")));
        clients.last()->send("POST", QStringLiteral("/v1/push"), pushBody(m_tech1.id, *m_clock1, changes),
            m_tech1.token, [&](int status, const QByteArray& body) {
                if (status == 200)
                    ++ok;
                else if (status == 503 && body.contains("unavailable"))
                    ++unavailable;
                else
                    ++other;
            });
    }
    QTRY_COMPARE_WITH_TIMEOUT(ok + unavailable + other, 12, 60'000);
    QCOMPARE(other, 0);
    QVERIFY(ok >= 1);
    QVERIFY(unavailable >= 1);
    busy.terminate();
}

void TestServer::metricsAndLogs()
{
    const HttpReply r = m_http.get(QStringLiteral("/metrics"));
    QCOMPARE(r.status, 200);
    const QString text = QString::fromUtf8(r.body);
    QVERIFY(text.contains(QLatin1String("fieldsync_http_requests_total{endpoint=\"/v1/push\",status=\"200\"}")));
    QVERIFY(text.contains(QLatin1String("fieldsync_http_requests_total{endpoint=\"/v1/push\",status=\"413\"}")));
    QVERIFY(text.contains(
        QLatin1String("fieldsync_http_request_duration_seconds_bucket{endpoint=\"/v1/changes\",le=\"+Inf\"}")));
    QVERIFY(text.contains(QLatin1String("fieldsync_open_connections ")));
    const auto value = [&text](const char* name) {
        const QRegularExpression re(QLatin1String("\n") + QLatin1String(name) + QStringLiteral(" (\\d+)"));
        return re.match(text).captured(1).toLongLong();
    };
    QVERIFY(value("fieldsync_rows_pushed_total") >= 10);
    QVERIFY(value("fieldsync_rows_pulled_total") >= 10);
    QVERIFY(value("fieldsync_conflicts_total") >= 1);
    QVERIFY(value("fieldsync_audit_mismatches_total") >= 1);
    QVERIFY(value("fieldsync_open_connections") >= 1);

    // One JSON object per request line on stderr with device, endpoint, status, rows and duration.
    int requests = 0;
    bool sawPushWithDevice = false;
    for (const QString& line : m_server->log().split(u'\n', Qt::SkipEmptyParts)) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line.left(200)));
        if (o.value(QStringLiteral("event")).toString() != QLatin1String("request"))
            continue;
        ++requests;
        for (const char* key : { "device", "endpoint", "status", "rows", "duration_ms", "ts" })
            QVERIFY2(o.contains(QLatin1String(key)), qPrintable(line));
        if (o.value(QStringLiteral("endpoint")).toString() == QLatin1String("/v1/push")
            && o.value(QStringLiteral("device")).toString() == m_tech1.id
            && o.value(QStringLiteral("rows")).toInt() > 0)
            sawPushWithDevice = true;
    }
    QVERIFY(requests > 50);
    QVERIFY(sawPushWithDevice);
}

void TestServer::mergePropertyThroughServer()
{
    // Random concurrent edits from three devices, pushed one change per request in three different orders
    // (with replays) onto three copies of the same rows: the copies must end identical.
    QRandomGenerator rng(4242);
    const QList<const Device*> devices { &m_tech1, &m_tech2, &m_tech3 };
    QList<std::shared_ptr<DeviceClock>> clocks;
    for (const Device* d : devices)
        clocks.append(std::make_shared<DeviceClock>(d->id));
    const QStringList fields { QStringLiteral("title"), QStringLiteral("status"), QStringLiteral("priority"),
        QStringLiteral("site"), QStringLiteral("customer"), QStringLiteral("deleted") };
    const QStringList statuses { QStringLiteral("pending"), QStringLiteral("scheduled"), QStringLiteral("in_progress"),
        QStringLiteral("completed") };
    constexpr int Rows = 4;
    constexpr int Copies = 3;
    struct Edit
    {
        int device;
        int row;
        QMap<QString, QJsonValue> values;
        QMap<QString, QString> clocks; // field -> hlc (one stamp per edit)
        QMap<QString, QString> bases;
    };
    QList<Edit> edits;
    QMap<QPair<int, QString>, QStringList> seenClocks; // (row, field) -> clocks of earlier edits
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 36; ++i) {
        Edit e;
        e.device = int(rng.bounded(3));
        e.row = int(rng.bounded(Rows));
        // One global sequence of physical times: edits generated later carry later clocks.
        const QString hlc = HlcTimestamp { startMs + i, 0, devices[e.device]->id }.toString();
        const int n = 1 + int(rng.bounded(3));
        for (int k = 0; k < n; ++k) {
            const QString f = fields[int(rng.bounded(fields.size()))];
            if (e.values.contains(f))
                continue;
            QJsonValue v;
            if (f == QLatin1String("status"))
                v = statuses[int(rng.bounded(statuses.size()))];
            else if (f == QLatin1String("priority"))
                v = rng.bounded(2) ? QStringLiteral("low") : QStringLiteral("high");
            else if (f == QLatin1String("deleted"))
                v = rng.bounded(4) == 0;
            else
                v = QStringLiteral("%1 %2").arg(f).arg(rng.bounded(1000));
            e.values.insert(f, v);
            e.clocks.insert(f, hlc);
            const QStringList& earlier = seenClocks.value({ e.row, f });
            // A random earlier clock as base (stale or current) or none: concurrent and sequential edits.
            if (!earlier.isEmpty() && rng.bounded(3) != 0)
                e.bases.insert(f, earlier[int(rng.bounded(earlier.size()))]);
            seenClocks[{ e.row, f }].append(hlc);
        }
        edits.append(e);
    }
    // The copies' row ids and each copy's order of the same edits.
    QList<QStringList> rowIds(Copies);
    for (int copy = 0; copy < Copies; ++copy) {
        for (int r = 0; r < Rows; ++r)
            rowIds[copy].append(Ulid::generate());
    }
    QList<QList<int>> orders(Copies);
    for (int i = 0; i < edits.size(); ++i)
        orders[0].append(i);
    orders[1] = orders[0];
    std::reverse(orders[1].begin(), orders[1].end());
    orders[2] = orders[0];
    for (int i = int(orders[2].size()) - 1; i > 0; --i)
        std::swap(orders[2][i], orders[2][int(rng.bounded(i + 1))]);

    for (int copy = 0; copy < Copies; ++copy) {
        // Every copy starts from the same created rows.
        for (int r = 0; r < Rows; ++r) {
            Change create;
            create.opId = Ulid::generate();
            create.table = QStringLiteral("work_orders");
            create.rowId = rowIds[copy][r];
            create.fields.insert(QStringLiteral("title"),
                { QStringLiteral("start"), HlcTimestamp { 1000, quint32(r), m_tech1.id }.toString(), {}, {} });
            QCOMPARE(statusOf(push(m_tech1, *clocks[0], { create }), 0), QStringLiteral("applied"));
        }
        QList<QPair<int, Change>> sent;
        for (int index : orders[copy]) {
            const Edit& e = edits[index];
            Change c;
            c.opId = Ulid::generate();
            c.table = QStringLiteral("work_orders");
            c.rowId = rowIds[copy][e.row];
            for (auto it = e.values.begin(); it != e.values.end(); ++it) {
                QString base = e.bases.value(it.key());
                if (base.isEmpty() && it.key() == QLatin1String("title"))
                    base = HlcTimestamp { 1000, quint32(e.row), m_tech1.id }.toString();
                c.fields.insert(it.key(), { it.value(), e.clocks.value(it.key()), base, {} });
            }
            const PushResponse r = push(*devices[e.device], *clocks[e.device], { c });
            QVERIFY2(r.results.size() == 1 && r.results[0].status != protocol::ChangeStatus::Rejected,
                qPrintable(r.results.value(0).reason));
            sent.append({ e.device, c });
            // Replays: the same op again, and the same edit under a new op id.
            if (rng.bounded(4) == 0) {
                const auto [device, old] = sent[int(rng.bounded(sent.size()))];
                QCOMPARE(statusOf(push(*devices[device], *clocks[device], { old }), 0), QStringLiteral("duplicate"));
                Change again = old;
                again.opId = Ulid::generate();
                QVERIFY(push(*devices[device], *clocks[device], { again }).results.size() == 1);
            }
        }
    }
    for (int r = 0; r < Rows; ++r) {
        const std::optional<Row> first = serverRow(rowIds[0][r]);
        QVERIFY(first);
        for (int copy = 1; copy < Copies; ++copy) {
            const std::optional<Row> other = serverRow(rowIds[copy][r]);
            QVERIFY(other);
            QCOMPARE(other->values, first->values);
            QCOMPARE(other->clocks, first->clocks);
            QCOMPARE(other->authors, first->authors);
        }
    }
}

void TestServer::gapFreeCursorTwoInstances()
{
    // 20 pushers spread over two server processes on one database while six pullers page through the
    // feed: every puller must see every pushed row exactly once, in ascending seq.
    const QString db = freshDatabase(m_dir);
    QList<Device> devices;
    for (int i = 0; i < 4; ++i) {
        devices.append(
            enrol(db, QStringLiteral("Gap %1").arg(i), QStringLiteral("gap%1").arg(i), QStringLiteral("technician")));
        QVERIFY(!devices.last().token.isEmpty());
    }
    ServerProcess a(db, { QStringLiteral("--threads"), QStringLiteral("8") });
    ServerProcess b(db, { QStringLiteral("--threads"), QStringLiteral("8") });
    QVERIFY2(a.start(), qPrintable(a.log()));
    QVERIFY2(b.start(), qPrintable(b.log()));

    constexpr int Pushers = 20;
    constexpr int Batches = 25;
    constexpr int RowsPerBatch = 4;
    QSet<QString> pushed;
    int pushersDone = 0;
    int retries = 0;
    // Each answer's feed span and the seqs of its applied rows; answers that applied rows without a span.
    struct Span
    {
        qint64 from = 0;
        qint64 to = 0;
        QHash<QString, qint64> rows;
    };
    QList<Span> spans;
    int appliedWithoutSpan = 0;
    int spanless = 0;
    int unreadableAnswers = 0;
    QList<std::shared_ptr<AsyncClient>> clients;
    QList<std::shared_ptr<DeviceClock>> clocks;
    std::function<void(int, int)> pushBatch = [&](int pusher, int batch) {
        if (batch == Batches) {
            ++pushersDone;
            return;
        }
        const Device& d = devices[pusher % devices.size()];
        QList<Change> changes;
        for (int i = 0; i < RowsPerBatch; ++i)
            changes.append(makeChange(Ulid::generate(),
                { { QStringLiteral("title"), QStringLiteral("gap %1/%2/%3").arg(pusher).arg(batch).arg(i) } },
                *clocks[pusher]));
        const QByteArray body = pushBody(d.id, *clocks[pusher], changes);
        const QByteArray token = d.token;
        auto attempt = std::make_shared<std::function<void()>>();
        *attempt = [&, pusher, batch, body, token, changes, attempt] {
            clients[pusher]->send("POST", QStringLiteral("/v1/push"), body, token,
                [&, pusher, batch, changes, attempt](int status, const QByteArray& data) {
                    if (status != 200) {
                        ++retries;
                        QTimer::singleShot(20, clients[pusher].get(), [attempt] { (*attempt)(); });
                        return;
                    }
                    for (const Change& c : changes)
                        pushed.insert(c.rowId);
                    const auto answer = protocol::parsePushResponse(data);
                    if (!answer) {
                        ++unreadableAnswers;
                    } else if (answer.value->feedFrom.isEmpty()) {
                        ++spanless;
                        appliedWithoutSpan += std::any_of(
                            answer.value->results.begin(), answer.value->results.end(), &appliedOrMerged);
                    } else {
                        Span span { answer.value->feedFrom.toLongLong(), answer.value->feedTo.toLongLong(), {} };
                        for (const protocol::ChangeResult& r : answer.value->results) {
                            if (appliedOrMerged(r) && r.row)
                                span.rows.insert(r.row->id, r.row->seq);
                        }
                        spans.append(span);
                    }
                    pushBatch(pusher, batch + 1);
                });
        };
        (*attempt)();
    };

    struct Puller
    {
        std::shared_ptr<AsyncClient> client;
        QString cursor = QStringLiteral("0");
        QHash<QString, int> seen;
        qint64 lastSeq = 0;
        bool ordered = true;
        bool finished = false;
        int errors = 0;
    };
    QList<std::shared_ptr<Puller>> pullers;
    std::function<void(std::shared_ptr<Puller>)> pull = [&](std::shared_ptr<Puller> p) {
        const bool pushingDone = pushersDone == Pushers;
        p->client->send("GET", QStringLiteral("/v1/changes?cursor=%1&limit=37").arg(p->cursor), {}, devices[0].token,
            [&, p, pushingDone](int status, const QByteArray& data) {
                if (status != 200) {
                    ++p->errors;
                    QTimer::singleShot(20, p->client.get(), [&, p] { pull(p); });
                    return;
                }
                const auto page = ChangesPage::fromJson(QJsonDocument::fromJson(data).object());
                if (!page) {
                    ++p->errors;
                    p->finished = true;
                    return;
                }
                for (const Row& row : page.value->rows) {
                    ++p->seen[row.id];
                    p->ordered = p->ordered && row.seq > p->lastSeq;
                    p->lastSeq = row.seq;
                }
                p->cursor = page.value->nextCursor;
                if (!page.value->hasMore && page.value->rows.isEmpty() && pushingDone) {
                    p->finished = true;
                    return;
                }
                if (page.value->hasMore)
                    pull(p);
                else
                    QTimer::singleShot(1, p->client.get(), [&, p] { pull(p); });
            });
    };

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Pushers; ++i) {
        clients.append(std::make_shared<AsyncClient>(i % 2 ? b.baseUrl() : a.baseUrl()));
        clocks.append(std::make_shared<DeviceClock>(devices[i % devices.size()].id));
    }
    for (int i = 0; i < 6; ++i) {
        auto p = std::make_shared<Puller>();
        p->client = std::make_shared<AsyncClient>(i % 2 ? a.baseUrl() : b.baseUrl());
        pullers.append(p);
    }
    for (int i = 0; i < Pushers; ++i)
        pushBatch(i, 0);
    for (const auto& p : pullers)
        pull(p);
    QTRY_VERIFY_WITH_TIMEOUT(pushersDone == Pushers, 120'000);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(pullers.begin(), pullers.end(), [](const auto& p) { return p->finished; }), 60'000);
    const qint64 ms = timer.elapsed();
    qInfo("gap-free: %d rows by %d pushers over 2 servers in %lld ms (%d push retries), pulled concurrently by 6",
        int(pushed.size()), Pushers, ms, retries);

    QCOMPARE(pushed.size(), Pushers * Batches * RowsPerBatch);
    for (const auto& p : pullers) {
        QCOMPARE(p->errors, 0);
        QVERIFY(p->ordered);
        QCOMPARE(p->seen.size(), pushed.size());
        for (auto it = p->seen.begin(); it != p->seen.end(); ++it) {
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
            QVERIFY(pushed.contains(it.key()));
        }
    }

    // Feed spans: never overlapping, and the feed's rows inside each are exactly that push's applied rows.
    Http http(b.baseUrl());
    const QList<Row> feed = pullAll(http, devices[1].token);
    QCOMPARE(unreadableAnswers, 0);
    QCOMPARE(appliedWithoutSpan, 0);
    // Only an answer to a retry whose first attempt had committed (all duplicates) may come without a span.
    QCOMPARE(int(spans.size()) + spanless, Pushers * Batches);
    QVERIFY(spanless <= retries);
    std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) { return x.from < y.from; });
    for (qsizetype i = 0; i < spans.size(); ++i) {
        const Span& span = spans[i];
        QVERIFY2(span.from < span.to, qPrintable(QStringLiteral("span (%1, %2]").arg(span.from).arg(span.to)));
        if (i > 0)
            QVERIFY2(spans[i - 1].to <= span.from,
                qPrintable(QStringLiteral("spans (%1, %2] and (%3, %4] overlap")
                               .arg(spans[i - 1].from)
                               .arg(spans[i - 1].to)
                               .arg(span.from)
                               .arg(span.to)));
        QHash<QString, qint64> inFeed;
        const auto first = std::upper_bound(
            feed.begin(), feed.end(), span.from, [](qint64 seq, const Row& row) { return seq < row.seq; });
        for (auto it = first; it != feed.end() && it->seq <= span.to; ++it)
            inFeed.insert(it->id, it->seq);
        QCOMPARE(inFeed, span.rows);
        QCOMPARE(inFeed.size(), RowsPerBatch);
    }

    // The audit pages through the table by id (2000 rows a page): exactly one full page here.
    audit::Accumulator acc;
    for (const Row& row : feed)
        acc.add(row);
    QCOMPARE(acc.count(), qint64(Pushers * Batches * RowsPerBatch));
    protocol::VerifyRequest v { QStringLiteral("work_orders"), acc.count(), acc.setHash(), acc.bucketHashes() };
    const auto verified = protocol::VerifyResponse::fromJson(
        http.post(QStringLiteral("/v1/verify"), protocol::serialize(v.toJson()), devices[1].token).json);
    QVERIFY(verified);
    QVERIFY(verified.value->match);
    a.terminate();
    b.terminate();
}

namespace {

// Pushes batches one after another and retries each until it is answered; records every answer.
struct StreamPusher
{
    Http& http;
    Device device;
    DeviceClock clock;
    QHash<QString, QStringList> answers; // op id -> statuses seen
    QSet<QString> rows;
    int failures = 0;
    int unavailable = 0;

    QByteArray batch(int index)
    {
        QList<Change> changes;
        for (int i = 0; i < 5; ++i) {
            const Change c = makeChange(Ulid::generate(),
                { { QStringLiteral("title"), QStringLiteral("stream %1/%2").arg(index).arg(i) } }, clock);
            rows.insert(c.rowId);
            changes.append(c);
        }
        return pushBody(device.id, clock, changes);
    }

    void record(const HttpReply& r)
    {
        const auto response = PushResponse::fromJson(r.json);
        if (!response)
            return;
        for (const protocol::ChangeResult& result : response.value->results)
            answers[result.opId].append(protocol::toString(result.status));
    }

    // Retries `body` until a 200; `beforeRetry` runs before each retry.
    bool pushUntilAccepted(const QByteArray& body, const std::function<void()>& beforeRetry = {})
    {
        for (int attempt = 0; attempt < 200; ++attempt) {
            const HttpReply r = http.post(QStringLiteral("/v1/push"), body, device.token);
            if (r.status == 200) {
                record(r);
                return true;
            }
            ++failures;
            if (r.status == 503)
                ++unavailable;
            if (beforeRetry)
                beforeRetry();
            QTest::qWait(50);
        }
        return false;
    }
};

} // namespace

void TestServer::restartServerMidStream()
{
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Stream"), QStringLiteral("sam"), QStringLiteral("technician"));
    auto server = std::make_unique<ServerProcess>(db);
    QVERIFY(server->start());
    Http http(server->baseUrl());
    StreamPusher pusher { http, d, DeviceClock(d.id), {}, {}, 0, 0 };

    for (int i = 0; i < 30; ++i) {
        const QByteArray body = pusher.batch(i);
        if (i == 10 || i == 20) {
            // The push is on the wire when the server dies (SIGKILL at 10, SIGTERM at 20); the client retries
            // against the restarted server.
            AsyncClient async(server->baseUrl());
            bool answered = false;
            int status = -1;
            QByteArray data;
            async.send("POST", QStringLiteral("/v1/push"), body, d.token, [&](int s, const QByteArray& b) {
                answered = true;
                status = s;
                data = b;
            });
            QTest::qWait(2);
            if (i == 10)
                server->kill();
            else
                server->terminate();
            QTRY_VERIFY_WITH_TIMEOUT(answered, 30'000);
            if (status == 200) {
                HttpReply r;
                r.json = QJsonDocument::fromJson(data).object();
                pusher.record(r);
            }
            server = std::make_unique<ServerProcess>(db);
            QVERIFY(server->start());
            http.setBaseUrl(server->baseUrl());
        }
        QVERIFY(pusher.pushUntilAccepted(body));
    }
    // Every row exactly once in the feed; no op answered "applied" twice.
    const QList<Row> all = pullAll(http, d.token);
    QSet<QString> ids;
    for (const Row& r : all) {
        QVERIFY2(!ids.contains(r.id), "row twice in the feed");
        ids.insert(r.id);
    }
    QCOMPARE(ids, pusher.rows);
    for (auto it = pusher.answers.begin(); it != pusher.answers.end(); ++it)
        QVERIFY2(it.value().count(QStringLiteral("applied")) <= 1, qPrintable(it.key()));
    server->terminate();
}

void TestServer::restartPostgresMidStream()
{
    if (!usingPostgres())
        QSKIP("PostgreSQL only");
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Stream PG"), QStringLiteral("pat"), QStringLiteral("technician"));
    ServerProcess server(db);
    QVERIFY(server.start());
    Http http(server.baseUrl());
    StreamPusher pusher { http, d, DeviceClock(d.id), {}, {}, 0, 0 };
    bool sawHealth503 = false;
    for (int i = 0; i < 24; ++i) {
        const QByteArray body = pusher.batch(i);
        if (i == 8) {
            AsyncClient async(server.baseUrl());
            bool answered = false;
            async.send(
                "POST", QStringLiteral("/v1/push"), body, d.token, [&](int, const QByteArray&) { answered = true; });
            QVERIFY(runEnvCommand("FIELDSYNC_TEST_PG_STOP"));
            QTRY_VERIFY_WITH_TIMEOUT(answered, 30'000);
            // While the database is down: 503 with a clear code, never a crash.
            const HttpReply down = http.post(QStringLiteral("/v1/push"), body, d.token);
            QCOMPARE(down.status, 503);
            QCOMPARE(down.errorCode(), QStringLiteral("unavailable"));
            const HttpReply health = http.get(QStringLiteral("/v1/health"));
            sawHealth503 = health.status == 503;
            QVERIFY(runEnvCommand("FIELDSYNC_TEST_PG_START"));
        }
        QVERIFY(pusher.pushUntilAccepted(body));
    }
    QVERIFY(sawHealth503);
    QCOMPARE(http.get(QStringLiteral("/v1/health")).status, 200);
    const QList<Row> all = pullAll(http, d.token);
    QSet<QString> ids;
    for (const Row& r : all) {
        QVERIFY2(!ids.contains(r.id), "row twice in the feed");
        ids.insert(r.id);
    }
    QCOMPARE(ids, pusher.rows);
    for (auto it = pusher.answers.begin(); it != pusher.answers.end(); ++it)
        QVERIFY2(it.value().count(QStringLiteral("applied")) <= 1, qPrintable(it.key()));
    QVERIFY(server.log().contains(QLatin1String("\"status\":503")));
    server.terminate();
}

void TestServer::retentionAndReset()
{
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Old laptop"), QStringLiteral("olga"), QStringLiteral("technician"));
    DeviceClock clock(d.id);
    auto server = std::make_unique<ServerProcess>(db);
    QVERIFY(server->start());
    Http http(server->baseUrl());
    auto pushOne = [&](const Change& c) {
        const HttpReply r = http.post(QStringLiteral("/v1/push"), pushBody(d.id, clock, { c }), d.token);
        return PushResponse::fromJson(r.json).value.value_or(PushResponse {});
    };
    const Change createA = makeChange(Ulid::generate(), { { QStringLiteral("title"), s("A") } }, clock);
    const Row a = *pushOne(createA).results[0].row;
    const Change deleteA = makeChange(a.id, { { QStringLiteral("deleted"), true } }, clock,
        { { QStringLiteral("deleted"), a.clocks.value(QStringLiteral("deleted")) } });
    const Row tomb = *pushOne(deleteA).results[0].row;
    QVERIFY(tomb.deleted());
    const Row b = *pushOne(makeChange(Ulid::generate(), { { QStringLiteral("title"), s("B") } }, clock)).results[0].row;
    server->terminate();

    // Retention 0 days: the restart purges the tombstone; a device whose cursor is older must reset.
    server = std::make_unique<ServerProcess>(
        db, QStringList { QStringLiteral("--tombstone-retention-days"), QStringLiteral("0") });
    QVERIFY(server->start());
    http.setBaseUrl(server->baseUrl());
    QVERIFY(server->log().contains(QLatin1String("\"event\":\"purge\"")));
    const HttpReply stale = http.get(QStringLiteral("/v1/changes?cursor=%1").arg(a.seq), d.token);
    QCOMPARE(stale.status, 410);
    QCOMPARE(stale.errorCode(), QStringLiteral("reset_required"));
    const QList<Row> fresh = pullAll(http, d.token, 0);
    QCOMPARE(fresh.size(), 1);
    QCOMPARE(fresh[0].id, b.id);
    QCOMPARE(http.get(QStringLiteral("/v1/changes?cursor=%1").arg(tomb.seq), d.token).status, 200);
    // A cursor from the future (the hub was restored from an older backup) also asks for a reset.
    QCOMPARE(http.get(QStringLiteral("/v1/changes?cursor=%1").arg(b.seq + 1000), d.token).errorCode(),
        QStringLiteral("reset_required"));
    // The reset device re-pushes its unsynced edit: accepted as a new row.
    const Change repush = makeChange(Ulid::generate(), { { QStringLiteral("title"), s("kept offline edit") } }, clock);
    QCOMPARE(statusOf(pushOne(repush), 0), QStringLiteral("applied"));
    server->terminate();
}

void TestServer::tls()
{
    const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
    const QString key = m_dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
    if (!openssl.waitForFinished(30'000) || openssl.exitCode() != 0)
        QSKIP("openssl is not available to make a test certificate");
    ServerProcess server(m_db, { QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key });
    QVERIFY2(server.start(), qPrintable(server.log()));
    QVERIFY(server.log().contains(QLatin1String("\"tls\":true")));
    Http https(QStringLiteral("https://127.0.0.1:%1").arg(server.port()));
    const HttpReply r = https.get(QStringLiteral("/v1/me"), m_tech1.token);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("device_id")).toString(), m_tech1.id);
    Http plain(server.baseUrl());
    QCOMPARE(plain.send("GET", QStringLiteral("/v1/health"), {}, {}, 3000).status, 0);
    server.terminate();

    ServerProcess broken(m_db, { QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), cert });
    QVERIFY(!broken.start(5000));
}

void TestServer::configSources()
{
    const QString ini = m_dir.filePath(QStringLiteral("server.ini"));
    {
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("listen=127.0.0.1:0\ndatabase=" + m_db.toUtf8() + "\nlatency-alarm-minutes=5\n");
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FIELDSYNC_BODY_LIMIT"), QStringLiteral("100"));
    p.setProcessEnvironment(env);
    const QString log = m_dir.filePath(QStringLiteral("config.log"));
    p.setStandardErrorFile(log);
    p.start(QStringLiteral(FIELDSYNC_SERVER_BIN), { QStringLiteral("--config"), ini });
    QVERIFY(p.waitForStarted());
    const auto readLog = [&log] {
        QFile f(log);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(readLog().contains(QLatin1String("\"event\":\"listening\"")), 20'000);
    const QString port = QRegularExpression(QStringLiteral("\"port\":(\\d+)")).match(readLog()).captured(1);
    Http http(QStringLiteral("http://127.0.0.1:") + port);
    const auto fleet = protocol::FleetReport::fromJson(http.get(QStringLiteral("/v1/fleet"), m_sup.token).json);
    QVERIFY(fleet);
    QCOMPARE(fleet.value->thresholdMs, 5 * 60'000); // from the config file
    QCOMPARE(http.post(QStringLiteral("/v1/telemetry"), QByteArray(200, ' '), m_tech1.token).status, 413); // env
    p.terminate();
    QVERIFY(p.waitForFinished(20'000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);

    QByteArray err;
    QCOMPARE(runServerCommand({ QStringLiteral("--listen"), QStringLiteral("nowhere") }, nullptr, &err), 2);
    QVERIFY(err.contains("--listen"));
    QCOMPARE(runServerCommand({ QStringLiteral("--bogus") }, nullptr, &err), 2);
    QCOMPARE(runServerCommand({ QStringLiteral("--database"), QStringLiteral("mysql://x") }, nullptr, &err), 1);
    QVERIFY(err.contains("unsupported database URL"));
}

void TestServer::commandLine()
{
    QByteArray out;
    QByteArray err;
    QCOMPARE(runServerCommand({ QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--json"),
                                  QStringLiteral("--database"), m_db },
                 &out),
        0);
    const QJsonArray list = QJsonDocument::fromJson(out).array();
    QStringList ids;
    for (const QJsonValue& v : list) {
        ids.append(v.toObject().value(QStringLiteral("device_id")).toString());
        QVERIFY(!v.toObject().contains(QStringLiteral("token")));
        if (v.toObject().value(QStringLiteral("device_id")).toString() == m_revoked.id)
            QVERIFY(v.toObject().value(QStringLiteral("revoked")).toBool());
    }
    QVERIFY(ids.contains(m_tech1.id) && ids.contains(m_admin.id));
    QCOMPARE(runServerCommand(
                 { QStringLiteral("device"), QStringLiteral("list"), QStringLiteral("--database"), m_db }, &out),
        0);
    QVERIFY(out.contains("Laptop 1"));
    QCOMPARE(runServerCommand({ QStringLiteral("device"), QStringLiteral("revoke"), Ulid::generate(),
                 QStringLiteral("--database"), m_db }),
        1);
    QCOMPARE(runServerCommand({ QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("x"), QStringLiteral("--technician"), QStringLiteral("y"), QStringLiteral("--role"),
                 QStringLiteral("root"), QStringLiteral("--database"), m_db }),
        2);
    // The plain form prints only the token on stdout, for scripts; --token-file writes it too.
    const QString tokenFile = m_dir.filePath(QStringLiteral("token.txt"));
    QCOMPARE(runServerCommand({ QStringLiteral("device"), QStringLiteral("add"), QStringLiteral("--name"),
                                  QStringLiteral("Script"), QStringLiteral("--technician"), QStringLiteral("bot"),
                                  QStringLiteral("--role"), QStringLiteral("supervisor"),
                                  QStringLiteral("--token-file"), tokenFile, QStringLiteral("--database"), m_db },
                 &out, &err),
        0);
    const QByteArray token = out.trimmed();
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().trimmed(), token);
    QCOMPARE(m_http.get(QStringLiteral("/v1/fleet"), token).status, 200);
}

namespace {

constexpr qint64 HourMs = 3'600'000;

QString serverHlcOf(const HttpReply& r)
{
    return r.json.value(QStringLiteral("server_hlc")).toString();
}

} // namespace

void TestServer::serverClockSurvivesRestart()
{
    // A server restarted with its wall clock three hours behind (after SIGTERM and after SIGKILL) still hands
    // out readings later than every one it gave before, and later than the clocks it stored.
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Clock"), QStringLiteral("tim"), QStringLiteral("technician"));
    auto server = std::make_unique<ServerProcess>(db);
    QVERIFY2(server->start(), qPrintable(server->log()));
    Http http(server->baseUrl());
    QString latest = serverHlcOf(http.get(QStringLiteral("/v1/health")));
    QVERIFY(protocol::isWellFormedHlc(latest));
    // A laptop two hours ahead is accepted and its clock absorbed.
    DeviceClock ahead(d.id, QDateTime::currentMSecsSinceEpoch() + 2 * HourMs);
    const PushResponse pushed = push(d, ahead, { createRow(ahead, QStringLiteral("from a fast laptop")) }, &http);
    QCOMPARE(statusOf(pushed, 0), QStringLiteral("applied"));
    const QString stored = pushed.results[0].row->clocks.value(QStringLiteral("title"));
    QVERIFY2(pushed.serverHlc > stored, qPrintable(pushed.serverHlc + u' ' + stored));
    latest = pushed.serverHlc;

    const QStringList behind { QStringLiteral("--test-clock-offset-ms"), QString::number(-3 * HourMs) };
    for (const bool hardKill : { false, true }) {
        if (hardKill)
            server->kill();
        else
            server->terminate();
        server = std::make_unique<ServerProcess>(db, behind);
        QVERIFY2(server->start(), qPrintable(server->log()));
        http.setBaseUrl(server->baseUrl());
        const QString afterRestart = serverHlcOf(http.get(QStringLiteral("/v1/health")));
        QVERIFY2(afterRestart > latest, qPrintable(afterRestart + QStringLiteral(" <= ") + latest));
        DeviceClock normal(d.id);
        const PushResponse next = push(d, normal, { createRow(normal, QStringLiteral("after restart")) }, &http);
        QCOMPARE(statusOf(next, 0), QStringLiteral("applied"));
        QVERIFY2(next.serverHlc > afterRestart, qPrintable(next.serverHlc + QStringLiteral(" <= ") + afterRestart));
        latest = next.serverHlc;
    }
    server->terminate();
}

void TestServer::instancesAbsorbEachOthersClocks()
{
    // Two instances on one database; B's wall clock is an hour behind. A change pushed through A with a clock
    // ahead of both is pulled through B: B's answer carries a later clock than the row's.
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Two"), QStringLiteral("uma"), QStringLiteral("technician"));
    ServerProcess a(db);
    ServerProcess b(db, { QStringLiteral("--test-clock-offset-ms"), QString::number(-HourMs) });
    QVERIFY2(a.start(), qPrintable(a.log()));
    QVERIFY2(b.start(), qPrintable(b.log()));
    Http httpA(a.baseUrl());
    Http httpB(b.baseUrl());
    DeviceClock ahead(d.id, QDateTime::currentMSecsSinceEpoch() + 90 * 60'000);
    const PushResponse pushed = push(d, ahead, { createRow(ahead, QStringLiteral("via A")) }, &httpA);
    QCOMPARE(statusOf(pushed, 0), QStringLiteral("applied"));
    const QString rowClock = pushed.results[0].row->clocks.value(QStringLiteral("title"));
    const HttpReply page = httpB.get(QStringLiteral("/v1/changes?cursor=0"), d.token);
    QCOMPARE(page.status, 200);
    QVERIFY2(serverHlcOf(page) > rowClock, qPrintable(serverHlcOf(page) + QStringLiteral(" <= ") + rowClock));
    a.terminate();
    b.terminate();
}

void TestServer::futureClocksRejected()
{
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Future"), QStringLiteral("vic"), QStringLiteral("technician"));
    ServerProcess server(db);
    QVERIFY2(server.start(), qPrintable(server.log()));
    Http http(server.baseUrl());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // 25 hours ahead (default bound 24 h): rejected per change, nothing stored, the server clock untouched.
    DeviceClock wrongDate(d.id, now + 25 * HourMs);
    DeviceClock normal(d.id);
    const Change future = createRow(wrongDate, QStringLiteral("from next week"));
    const Change fine = createRow(normal, QStringLiteral("on time"));
    const PushResponse r = push(d, wrongDate, { future, fine }, &http);
    QCOMPARE(r.results.size(), 2);
    QCOMPARE(statusOf(r, 0), QStringLiteral("rejected"));
    QCOMPARE(r.results[0].reasonCode, QStringLiteral("invalid_value"));
    QVERIFY2(
        r.results[0].reason.contains(QStringLiteral("ahead of the server's clock")), qPrintable(r.results[0].reason));
    QCOMPARE(statusOf(r, 1), QStringLiteral("applied"));
    const auto serverTime = HlcTimestamp::parse(r.serverHlc);
    QVERIFY(serverTime);
    QVERIFY2(serverTime->physicalMs < now + HourMs, qPrintable(r.serverHlc));
    const QList<Row> rows = pullAll(http, d.token);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].id, fine.rowId);
    // The same op replayed gets the same answer.
    const HttpReply replay = http.post(QStringLiteral("/v1/push"), pushBody(d.id, normal, { future }), d.token);
    QCOMPARE(replay.status, 200);
    QCOMPARE(PushResponse::fromJson(replay.json).value->results.value(0).reasonCode, QStringLiteral("invalid_value"));
    server.terminate();

    // --max-clock-drift-minutes lowers the bound: two hours ahead is now too far, one minute is not.
    ServerProcess strict(db, { QStringLiteral("--max-clock-drift-minutes"), QStringLiteral("60") });
    QVERIFY2(strict.start(), qPrintable(strict.log()));
    http.setBaseUrl(strict.baseUrl());
    DeviceClock twoHours(d.id, QDateTime::currentMSecsSinceEpoch() + 2 * HourMs);
    DeviceClock oneMinute(d.id, QDateTime::currentMSecsSinceEpoch() + 60'000);
    const Change tooFar = createRow(twoHours, QStringLiteral("two hours ahead"));
    const Change close = createRow(oneMinute, QStringLiteral("a minute ahead"));
    const PushResponse s2 = push(d, oneMinute, { tooFar, close }, &http);
    QCOMPARE(statusOf(s2, 0), QStringLiteral("rejected"));
    QCOMPARE(s2.results[0].reasonCode, QStringLiteral("invalid_value"));
    QCOMPARE(statusOf(s2, 1), QStringLiteral("applied"));
    strict.terminate();
}

void TestServer::chunkedBodyRefused()
{
    // A chunked body announces no length, and QHttpServer would buffer all of it: the server answers 411 at the
    // headers, before any of the body is kept, and other clients are served as before.
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Authorization: Bearer "
        + m_tech1.token + "\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n" + QByteArray(64 * 1024, ' '));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("Content-Length header"), 10'000);
    QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
    QVERIFY(answer.contains("\"bad_request\""));
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 10'000);
    QCOMPARE(m_http.get(QStringLiteral("/v1/me"), m_tech1.token).status, 200);
}

void TestServer::sigtermWithRequestsInFlight()
{
    // SIGTERM while pushes and pulls are running: every round the server exits cleanly (exit code 0, no crash),
    // and a restarted server serves every row whose push was answered as applied. Bounded: a few rounds.
    const QString db = freshDatabase(m_dir);
    const Device d = enrol(db, QStringLiteral("Stopper"), QStringLiteral("sam"), QStringLiteral("technician"));
    QVERIFY(!d.token.isEmpty());
    DeviceClock clock(d.id);
    QSet<QString> committed;
    const auto startServer = [&db](QProcess& p, const QString& logPath) -> QString {
        p.setStandardErrorFile(logPath);
        p.start(QStringLiteral(FIELDSYNC_SERVER_BIN),
            { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"), db,
                QStringLiteral("--threads"), QStringLiteral("8") });
        if (!p.waitForStarted())
            return {};
        const auto readLog = [&logPath] {
            QFile f(logPath);
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        };
        QElapsedTimer waited;
        waited.start();
        while (!readLog().contains(QLatin1String("\"event\":\"listening\"")) && waited.elapsed() < 20'000)
            QTest::qWait(20);
        return QRegularExpression(QStringLiteral("\"port\":(\\d+)")).match(readLog()).captured(1);
    };
    // Every request thread that served a request holds a database connection to close on the way out; three
    // client connection pools keep up to 18 requests (and so all 8 threads) busy.
    constexpr int Rounds = 30;
    for (int round = 0; round < Rounds; ++round) {
        QProcess p;
        const QString logPath = m_dir.filePath(QStringLiteral("sigterm-%1.log").arg(round));
        const QString port = startServer(p, logPath);
        QVERIFY2(!port.isEmpty(), qPrintable(logPath));
        const QString base = QStringLiteral("http://127.0.0.1:") + port;
        QNetworkAccessManager nams[3];
        QList<QNetworkReply*> replies;
        QHash<QNetworkReply*, QString> rowOf;
        for (int i = 0; i < 36; ++i) {
            QNetworkAccessManager& nam = nams[i % 3];
            const bool pull = i % 4 == 3;
            QNetworkRequest request(
                QUrl(base + (pull ? QStringLiteral("/v1/changes?cursor=0&limit=200") : QStringLiteral("/v1/push"))));
            request.setRawHeader("Authorization", "Bearer " + d.token);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            // Once the server is gone a reply must end even if its port is handed to another process meanwhile
            // (other suites start servers on ephemeral ports in parallel): bound every transfer.
            request.setTransferTimeout(10'000);
            if (pull) {
                replies.append(nam.get(request));
                continue;
            }
            const Change change = createRow(clock, QStringLiteral("round %1 push %2").arg(round).arg(i));
            QNetworkReply* reply = nam.post(request, pushBody(d.id, clock, { change }));
            rowOf.insert(reply, change.rowId);
            replies.append(reply);
        }
        // Stop while work is under way: after the first answer in most rounds, straight away in the others.
        if (round % 3 != 2)
            QTRY_VERIFY_WITH_TIMEOUT(
                std::any_of(replies.begin(), replies.end(), [](QNetworkReply* r) { return r->isFinished(); }), 20'000);
        p.terminate();
        QVERIFY2(p.waitForFinished(40'000), qPrintable(logPath));
        QVERIFY2(p.exitStatus() == QProcess::NormalExit,
            qPrintable(QStringLiteral("round %1 crashed, log %2").arg(round).arg(logPath)));
        QCOMPARE(p.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.begin(), replies.end(), [](QNetworkReply* r) { return r->isFinished(); }), 20'000);
        for (QNetworkReply* reply : std::as_const(replies)) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (rowOf.contains(reply) && status == 200) {
                const auto answer = PushResponse::fromJson(QJsonDocument::fromJson(reply->readAll()).object()).value;
                QVERIFY(answer);
                QCOMPARE(statusOf(*answer, 0), QStringLiteral("applied"));
                committed.insert(rowOf.value(reply));
            } else {
                // Refused while stopping (503) or cut off: never a server error.
                QVERIFY2(status == 0 || status == 200 || status == 503, qPrintable(QString::number(status)));
            }
            reply->deleteLater();
        }
    }
    QVERIFY2(!committed.isEmpty(), "no push was answered in any round");

    QProcess p;
    const QString logPath = m_dir.filePath(QStringLiteral("sigterm-restart.log"));
    const QString port = startServer(p, logPath);
    QVERIFY2(!port.isEmpty(), qPrintable(logPath));
    Http http(QStringLiteral("http://127.0.0.1:") + port);
    QSet<QString> served;
    for (const Row& row : pullAll(http, d.token))
        served.insert(row.id);
    for (const QString& id : std::as_const(committed))
        QVERIFY2(served.contains(id), qPrintable(QStringLiteral("committed row %1 lost").arg(id)));
    p.terminate();
    QVERIFY(p.waitForFinished(40'000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
