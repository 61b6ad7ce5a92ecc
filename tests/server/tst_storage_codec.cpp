// Storage codec and the change feed's encoded pages: the direct JSON writers produce exactly what
// QJsonDocument writes, and a page read by encodedChanges is byte for byte what protocol::serialize writes for
// the rows changes() decodes, for awkward values too: on SQLite always, on PostgreSQL when
// FIELDSYNC_TEST_DATABASE names one (the server_codec_postgres test runs this under tests/server/pg_env.sh).
#include "PostgresStorage.h"
#include "PushAnswer.h"
#include "SqliteStorage.h"
#include "StorageCodec.h"

#include "sync/Protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace fieldsync;
using namespace fieldsync::server;

namespace {

QString awkward(int i)
{
    static const QString samples[] = {
        QString(),
        QStringLiteral(""),
        QStringLiteral("plain"),
        QStringLiteral("quote \" backslash \\ slash /"),
        QStringLiteral("tab\tnewline\ncr\rformfeed\fbackspace\b"),
        QString::fromUtf8("ümlaut, 漢字, emoji 🔧"),
        QStringLiteral("'); DROP TABLE rows;--"),
        QStringLiteral("<script>alert(1)</script>"),
        QString(QChar(0x01)) + QChar(0x1f) + QChar(0x7f) + QChar(0x2028),
    };
    return samples[i % std::size(samples)];
}

protocol::Row sampleRow(int i)
{
    protocol::Row row;
    row.table = QStringLiteral("work_orders");
    row.id = QStringLiteral("01J0000000000000000000%1").arg(i, 4, 10, QLatin1Char('0'));
    row.values.insert(QStringLiteral("title"), awkward(i));
    row.values.insert(QStringLiteral("notes"), awkward(i + 3));
    row.values.insert(QStringLiteral("due_at"), i % 3 == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(awkward(i + 5)));
    if (i == 24) // a number, which no protocol row holds: the decoding path on PostgreSQL
        row.values.insert(QStringLiteral("estimate"), 1.5);
    row.values.insert(QStringLiteral("deleted"), i % 4 == 0);
    const QString clock = QStringLiteral("0190a1b2c3d4-%1-01J0000000000000000000DEV").arg(i, 4, 16, QLatin1Char('0'));
    row.clocks.insert(QStringLiteral("title"), clock);
    row.clocks.insert(QStringLiteral("notes"), QStringLiteral("0190a1b2c3d3-0000-01J0000000000000000000DEV"));
    row.authors.insert(QStringLiteral("title"), QStringLiteral("01J0000000000000000000DEV"));
    row.authors.insert(QStringLiteral("notes"), awkward(i + 7));
    return row;
}

} // namespace

class TestStorageCodec : public QObject
{
    Q_OBJECT

private slots:
    void jsonTextMatchesQJsonDocument();
    void maxClockOfText();
    void compactFlatObject();
    void encodedPageMatchesSerializedRows();
    void encodedPageMatchesSerializedRowsPostgres();
    void pushAnswerMatchesSerialize();

private:
    void checkEncodedPages(Storage& storage);
};

void TestStorageCodec::jsonTextMatchesQJsonDocument()
{
    for (int i = 0; i < 12; ++i) {
        const protocol::Row row = sampleRow(i);
        QJsonObject nested = row.values;
        nested.insert(QStringLiteral("number"), 12.5);
        nested.insert(QStringLiteral("integer"), 42);
        nested.insert(QStringLiteral("array"), QJsonArray { 1, awkward(i), QJsonValue::Null, true });
        nested.insert(QStringLiteral("object"), QJsonObject { { QStringLiteral("k"), awkward(i + 1) } });
        QCOMPARE(codec::toJsonText(nested), QJsonDocument(nested).toJson(QJsonDocument::Compact));
        QJsonObject clocks;
        for (auto it = row.authors.begin(); it != row.authors.end(); ++it)
            clocks.insert(it.key(), it.value());
        QCOMPARE(codec::toJsonText(row.authors), QJsonDocument(clocks).toJson(QJsonDocument::Compact));
        QCOMPARE(codec::stringMapFromText(codec::toJsonText(row.authors)), row.authors);
    }
    QCOMPARE(codec::toJsonText(QMap<QString, QString>()), QByteArray("{}"));
    QCOMPARE(codec::toJsonText(QJsonObject()), QByteArray("{}"));
}

void TestStorageCodec::maxClockOfText()
{
    QCOMPARE(codec::maxClockOfText("{}"), QByteArrayView());
    QCOMPARE(codec::maxClockOfText("{\"a\":\"0002-x\",\"b\":\"0003-x\",\"c\":\"0001-x\"}"), QByteArrayView("0003-x"));
    // Keys never count, however large; escaped quotes do not end a string.
    QCOMPARE(codec::maxClockOfText("{\"zzzz\":\"0001\",\"y\\\"zz\":\"0002\"}"), QByteArrayView("0002"));
    QCOMPARE(codec::maxClockOfText("{\"a\": \"0005\", \"b\": \"0004\"}"), QByteArrayView("0005"));
    // A quote after an even run of backslashes ends the string; after an odd run it does not.
    QCOMPARE(codec::maxClockOfText("{\"a\":\"1\\\\\",\"b\":\"0\\\"9\"}"), QByteArrayView("1\\\\"));
    QCOMPARE(codec::maxClockOfText("{\"a\":\"0\",\"b\":\"2\\\"\"}"), QByteArrayView("2\\\""));
}

void TestStorageCodec::compactFlatObject()
{
    // Written the way PostgreSQL prints jsonb: members by key length, then bytes; ", " and ": ".
    const QByteArray printed
        = "{\"id\": \"x\", \"due\": null, \"notes\": \"a \\\"quoted\\\" line\\nnext \\u0001 \xc3\xbc\", "
          "\"deleted\": true, \"a_longer_key\": false}";
    QJsonObject expected { { QStringLiteral("id"), QStringLiteral("x") }, { QStringLiteral("due"), QJsonValue() },
        { QStringLiteral("notes"), QString::fromUtf8("a \"quoted\" line\nnext \x01 \xc3\xbc") },
        { QStringLiteral("deleted"), true }, { QStringLiteral("a_longer_key"), false } };
    QByteArray out = "prefix";
    QByteArrayView largest;
    QVERIFY(codec::appendCompactFlatObject(out, printed, &largest));
    QCOMPARE(out, "prefix" + QJsonDocument(expected).toJson(QJsonDocument::Compact));
    QCOMPARE(largest, codec::maxClockOfText(printed));
    QCOMPARE(largest, QByteArrayView("x"));
    // Backslash runs before a quote: even ends the string, odd escapes the quote.
    const QByteArray runs = "{\"b\": \"tail \\\\\", \"a\": \"say \\\"hi\\\\\\\" \\\\\\\\\"}";
    out.clear();
    QVERIFY2(codec::appendCompactFlatObject(out, runs, &largest), runs.constData());
    QCOMPARE(QJsonDocument::fromJson(out).object(), QJsonDocument::fromJson(runs).object());
    QCOMPARE(QJsonDocument::fromJson(out).object().value(QStringLiteral("a")).toString(),
        QStringLiteral("say \"hi\\\" \\\\"));
    QCOMPARE(largest, codec::maxClockOfText(runs));
    out.clear();
    QVERIFY(codec::appendCompactFlatObject(out, "{}"));
    QCOMPARE(out, QByteArray("{}"));
    // Anything else is left to the decoding path, and `out` is untouched.
    for (const char* other : { "{\"a\": 1}", "{\"a\": {\"b\": \"c\"}}", "{\"a\": [\"b\"]}", "{\"\\u00e9\": \"x\"}",
             "{\"a\": \"b\"", "[]", "{\"a\" \"b\"}", "{\"a\": nul}", "{\"a\": \"b\"} x" }) {
        out = "kept";
        QVERIFY2(!codec::appendCompactFlatObject(out, other), other);
        QCOMPARE(out, QByteArray("kept"));
    }
}

void TestStorageCodec::encodedPageMatchesSerializedRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SqliteStorage storage(dir.filePath(QStringLiteral("hub.db")));
    storage.migrate();
    checkEncodedPages(storage);
}

void TestStorageCodec::encodedPageMatchesSerializedRowsPostgres()
{
    const QString url = qEnvironmentVariable("FIELDSYNC_TEST_DATABASE");
    if (!url.startsWith(QLatin1String("postgres")))
        QSKIP("PostgreSQL only (FIELDSYNC_TEST_DATABASE)");
    PostgresStorage storage(url.toUtf8());
    storage.migrate();
    checkEncodedPages(storage);
}

void TestStorageCodec::pushAnswerMatchesSerialize()
{
    protocol::PushResponse response;
    response.serverHlc = QStringLiteral("0190a1b2c3d4-0001-server");
    QList<EncodedRow> texts;
    for (int i = 0; i < 12; ++i) {
        protocol::ChangeResult r;
        r.opId = QStringLiteral("op-%1").arg(i);
        r.status = i % 3 == 0 ? protocol::ChangeStatus::Merged : protocol::ChangeStatus::Applied;
        r.row = sampleRow(i);
        r.row->seq = 1000 + i;
        if (i == 4) {
            r.status = protocol::ChangeStatus::Rejected;
            r.row.reset();
            r.reasonCode = QStringLiteral("invalid_value");
            r.reason = awkward(i);
        }
        if (i == 5) {
            protocol::ConflictRecord c;
            c.id = QStringLiteral("c1");
            c.field = QStringLiteral("title");
            c.loserValue = awkward(i);
            c.winnerValue = QJsonValue();
            r.conflicts.append(c);
        }
        if (i == 6)
            r.status = protocol::ChangeStatus::Duplicate;
        response.results.append(r);
        const protocol::Row row = r.row.value_or(protocol::Row {});
        texts.append(EncodedRow {
            codec::toJsonText(row.values), codec::toJsonText(row.clocks), codec::toJsonText(row.authors) });
    }
    QList<const EncodedRow*> answerText;
    for (qsizetype i = 0; i < texts.size(); ++i)
        answerText.append(i % 4 == 3 ? nullptr : &texts[i]); // some results without text
    QCOMPARE(serializePushAnswer(response, answerText), protocol::serialize(response));
    QCOMPARE(serializePushAnswer(response, {}), protocol::serialize(response));
    QCOMPARE(serializePushAnswer(protocol::PushResponse {}, {}), protocol::serialize(protocol::PushResponse {}));

    // With the change-feed span, which leads the answer.
    response.feedFrom = QStringLiteral("998");
    response.feedTo = QStringLiteral("1011");
    const QByteArray withFeed = serializePushAnswer(response, answerText);
    QCOMPARE(withFeed, protocol::serialize(response));
    QVERIFY(withFeed.startsWith(R"({"feed":{"from":"998","to":"1011"},"results":[)"));
    QCOMPARE(serializePushAnswer(response, {}), protocol::serialize(response));
    const protocol::Parsed<protocol::PushResponse> back = protocol::parsePushResponse(withFeed);
    QVERIFY(back);
    QCOMPARE(*back.value, response);
    protocol::PushResponse onlyFeed;
    onlyFeed.feedFrom = QStringLiteral("0");
    onlyFeed.feedTo = QStringLiteral("1");
    QCOMPARE(serializePushAnswer(onlyFeed, {}), protocol::serialize(onlyFeed));
}

void TestStorageCodec::checkEncodedPages(Storage& storage)
{
    QList<protocol::Row> rows;
    for (int i = 0; i < 25; ++i)
        rows.append(sampleRow(i));
    // writeRows answers the feed head before its rows: 0 on an empty feed, then the last seq handed out.
    qint64 head = -1;
    storage.pushTransaction({}, [&](PushTransaction& tx) { head = tx.writeRows(rows, 1'700'000'000'000); });
    QCOMPARE(head, qint64(0));
    QCOMPARE(rows.first().seq, qint64(1));
    QCOMPARE(rows.last().seq, qint64(25));
    // A second write of some rows moves them to the end of the feed.
    QList<protocol::Row> again { sampleRow(3), sampleRow(7) };
    again[0].values.insert(QStringLiteral("title"), QStringLiteral("edited"));
    storage.pushTransaction({}, [&](PushTransaction& tx) { head = tx.writeRows(again, 1'700'000'000'001); });
    QCOMPARE(head, qint64(25));
    QCOMPARE(again[0].seq, qint64(26));
    QCOMPARE(again[1].seq, qint64(27));
    QList<protocol::Row> none;
    storage.pushTransaction({}, [&](PushTransaction& tx) { head = tx.writeRows(none, 1'700'000'000'002); });
    QCOMPARE(head, qint64(0));

    for (const auto& [after, limit] : { std::pair { 0, 10 }, std::pair { 0, 500 }, std::pair { 10, 7 },
             std::pair { 20, 500 }, std::pair { 23, 3 }, std::pair { 27, 5 } }) {
        const ChangesRead read = storage.changes(after, limit);
        EncodedChanges encoded;
        QVERIFY(storage.encodedChanges(after, limit, encoded));
        protocol::ChangesPage page;
        page.rows = read.rows;
        const QByteArray expected = protocol::serialize(page);
        const QByteArray rowsStart = "\"rows\":";
        const qsizetype begin = expected.indexOf(rowsStart) + rowsStart.size();
        const qsizetype end = expected.lastIndexOf(",\"server_hlc\"");
        QCOMPARE(encoded.rowsJson, expected.sliced(begin, end - begin));
        QCOMPARE(encoded.count, int(read.rows.size()));
        QCOMPARE(encoded.hasMore, read.hasMore);
        QCOMPARE(encoded.lastSeq, read.rows.isEmpty() ? 0 : read.rows.last().seq);
        QCOMPARE(encoded.watermark, read.watermark);
        QCOMPARE(encoded.maxSeq, read.maxSeq);
        QString maxClock;
        for (const protocol::Row& row : read.rows)
            maxClock = std::max(maxClock, codec::maxClock(row));
        QCOMPARE(QString::fromLatin1(encoded.maxClock), maxClock);
        // The client's parser reads the page back into the same rows (the row with a number is no protocol row).
        if (std::any_of(read.rows.begin(), read.rows.end(),
                [](const protocol::Row& row) { return row.values.contains(QStringLiteral("estimate")); }))
            continue;
        page.rows.clear();
        const QByteArray body = "{\"has_more\":false,\"next_cursor\":\"1\",\"rows\":" + encoded.rowsJson
            + ",\"server_hlc\":\"0190a1b2c3d4-0000-server\"}";
        const protocol::Parsed<protocol::ChangesPage> parsed = protocol::parseChangesPage(body);
        QVERIFY(parsed);
        QCOMPARE(parsed.value->rows, read.rows);
    }
}

QTEST_GUILESS_MAIN(TestStorageCodec)
#include "tst_storage_codec.moc"
