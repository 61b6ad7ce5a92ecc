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

#include <libpq-fe.h>

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

// A page's "rows" array exactly as protocol::serialize writes it.
QByteArray serializedRows(const QList<protocol::Row>& rows)
{
    protocol::ChangesPage page;
    page.rows = rows;
    const QByteArray expected = protocol::serialize(page);
    const QByteArray rowsStart = "\"rows\":";
    const qsizetype begin = expected.indexOf(rowsStart) + rowsStart.size();
    const qsizetype end = expected.lastIndexOf(",\"server_hlc\"");
    return expected.sliced(begin, end - begin);
}

// Runs one statement on a libpq connection; false (with the server's message logged) when it fails.
bool pgRun(PGconn* c, const QByteArray& sql, const QList<QByteArray>& params = {})
{
    QList<const char*> values;
    for (const QByteArray& p : params)
        values.append(p.constData());
    PGresult* r = PQexecParams(c, sql.constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(r);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok)
        qWarning() << sql << PQerrorMessage(c);
    PQclear(r);
    return ok;
}

QByteArray pgValue(PGconn* c, const QByteArray& sql)
{
    PGresult* r = PQexec(c, sql.constData());
    QByteArray value;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
        value = QByteArray(PQgetvalue(r, 0, 0));
    PQclear(r);
    return value;
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
    void upgradeToJsonKeepsRowsPostgres();
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

// Schema 2 stores a row's values, clocks and authors as json instead of jsonb: rows a version-1 hub wrote (jsonb,
// printed back with jsonb's spacing and key order) read back the same, pages of them match the protocol's writer,
// and rows written afterwards join the same feed.
void TestStorageCodec::upgradeToJsonKeepsRowsPostgres()
{
    const QString url = qEnvironmentVariable("FIELDSYNC_TEST_DATABASE");
    if (!url.startsWith(QLatin1String("postgres")))
        QSKIP("PostgreSQL only (FIELDSYNC_TEST_DATABASE)");
    QVERIFY(url.contains(QLatin1String("/fieldsync?")));
    PGconn* admin = PQconnectdb(url.toUtf8().constData());
    QCOMPARE(PQstatus(admin), CONNECTION_OK);
    const bool created = pgRun(admin, "DROP DATABASE IF EXISTS fieldsync_upgrade")
        && pgRun(admin, "CREATE DATABASE fieldsync_upgrade");
    PQfinish(admin);
    QVERIFY(created);
    QString upgradeUrl = url;
    upgradeUrl.replace(QLatin1String("/fieldsync?"), QLatin1String("/fieldsync_upgrade?"));

    QList<protocol::Row> rows;
    for (int i = 0; i < 25; ++i) {
        rows.append(sampleRow(i));
        rows.last().seq = i + 1;
    }
    {
        PostgresStorage v1(upgradeUrl.toUtf8());
        v1.migrateTo(1);
    }
    PGconn* c = PQconnectdb(upgradeUrl.toUtf8().constData());
    QCOMPARE(PQstatus(c), CONNECTION_OK);
    QCOMPARE(pgValue(c, "SELECT value FROM meta WHERE key = 'schema_version'"), QByteArray("1"));
    QCOMPARE(pgValue(c,
                 "SELECT data_type FROM information_schema.columns WHERE table_name = 'rows'"
                 " AND column_name = 'vals'"),
        QByteArray("jsonb"));
    // The rows as a version-1 hub stored them.
    for (const protocol::Row& row : std::as_const(rows)) {
        const EncodedRow text = codec::encodeRow(row);
        QVERIFY(pgRun(c,
            "INSERT INTO rows(tbl, id, vals, clocks, authors, deleted, seq, updated_at, bucket)"
            " VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::boolean, $7::bigint, 1700000000000, $8::int)",
            { row.table.toUtf8(), row.id.toUtf8(), text.values, text.clocks, text.authors,
                row.deleted() ? "true" : "false", QByteArray::number(row.seq),
                QByteArray::number(codec::bucketOf(row.id)) }));
    }
    QVERIFY(pgRun(c, "SELECT setval('row_seq', 25)"));

    PostgresStorage v2(upgradeUrl.toUtf8());
    v2.migrate();
    QCOMPARE(pgValue(c, "SELECT value FROM meta WHERE key = 'schema_version'"),
        QByteArray::number(PostgresStorage::schemaVersion()));
    QCOMPARE(pgValue(c,
                 "SELECT string_agg(data_type, ',' ORDER BY column_name) FROM information_schema.columns"
                 " WHERE table_name = 'rows' AND column_name IN ('vals', 'clocks', 'authors')"),
        QByteArray("json,json,json"));
    // The old rows' text is still jsonb's ("key": value, keys by length): the page encoder compacts it.
    QVERIFY(pgValue(c, "SELECT vals::text FROM rows WHERE seq = 2").contains("\": "));
    PQfinish(c);

    const auto pageMatches = [&v2](qint64 after, int limit) {
        const ChangesRead read = v2.changes(after, limit);
        EncodedChanges encoded;
        if (!v2.encodedChanges(after, limit, encoded))
            return false;
        return encoded.rowsJson == serializedRows(read.rows) && encoded.count == read.rows.size();
    };
    QCOMPARE(v2.changes(0, 500).rows, rows);
    QVERIFY(pageMatches(0, 500));
    QVERIFY(pageMatches(10, 7));

    // Written after the upgrade: compact json text, the next seqs of the same feed.
    QList<protocol::Row> again { sampleRow(3), sampleRow(30) };
    again[0].values.insert(QStringLiteral("title"), QStringLiteral("edited after the upgrade"));
    qint64 head = -1;
    v2.pushTransaction({}, [&](PushTransaction& tx) { head = tx.writeRows(again, 1'700'000'000'001); });
    QCOMPARE(head, qint64(25));
    QCOMPARE(again[0].seq, qint64(26));
    QCOMPARE(again[1].seq, qint64(27));
    QCOMPARE(v2.row(again[0].table, again[0].id), std::optional<protocol::Row>(again[0]));
    QCOMPARE(v2.changes(0, 500).rows.size(), 26); // row 3 moved to the end of the feed
    QVERIFY(pageMatches(0, 500));
    QVERIFY(pageMatches(20, 5));
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
        QCOMPARE(encoded.rowsJson, serializedRows(read.rows));
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
        const QByteArray body = "{\"has_more\":false,\"next_cursor\":\"1\",\"rows\":" + encoded.rowsJson
            + ",\"server_hlc\":\"0190a1b2c3d4-0000-server\"}";
        const protocol::Parsed<protocol::ChangesPage> parsed = protocol::parseChangesPage(body);
        QVERIFY(parsed);
        QCOMPARE(parsed.value->rows, read.rows);
    }
}

QTEST_GUILESS_MAIN(TestStorageCodec)
#include "tst_storage_codec.moc"
