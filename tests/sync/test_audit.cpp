#include "sync/AuditHash.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace fieldsync;
using protocol::Row;

namespace {

// The expected values below were computed outside Qt (Python's json and hashlib) from the encoding rule in
// AuditHash.h, so neither the device nor the server can drift from it unnoticed.
Row knownRow()
{
    Row row;
    row.table = u"work_orders"_s;
    row.id = u"01HZX0000000000000000000AB"_s;
    row.values = QJsonObject { { u"title"_s, u"Boiler check"_s }, { u"description"_s, u"Line 1\nLine 2 “Kälte”"_s },
        { u"status"_s, u"pending"_s }, { u"deleted"_s, false }, { u"due_at"_s, QJsonValue() } };
    row.clocks = { { u"title"_s, u"018bcfe56800-0000-01HZXAAAAAAAAAAAAAAAAAAAAA"_s },
        { u"status"_s, u"018bcfe56800-0001-01HZXBBBBBBBBBBBBBBBBBBBBB"_s }, { u"due_at"_s, QString() } };
    row.authors = { { u"title"_s, u"01HZXAAAAAAAAAAAAAAAAAAAAA"_s } };
    row.seq = 41;
    return row;
}

Row simpleRow(const QString& id, bool deleted, const QString& title, const QString& deletedClock = {})
{
    Row row;
    row.table = u"work_orders"_s;
    row.id = id;
    row.values = QJsonObject { { u"deleted"_s, deleted }, { u"title"_s, title } };
    if (!deletedClock.isEmpty())
        row.clocks.insert(u"deleted"_s, deletedClock);
    return row;
}

QList<Row> knownSet()
{
    return { knownRow(),
        simpleRow(u"01HZX000000000000000005AZZ"_s, true, u"x"_s, u"018bcfe56900-0000-01HZXAAAAAAAAAAAAAAAAAAAAA"_s),
        simpleRow(u"01HZX0000000000000000000AD"_s, false, u"y"_s) };
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private slots:
    void canonicalEncodingKnownAnswer();
    void rowHashKnownAnswer();
    void bucketKnownAnswers();
    void setKnownAnswer();
    void emptySet();
    void ignoresNonSyncedParts();
    void orderIndependentAndRepairable();
    void encodingMatchesQtJson();
};

void TestAudit::canonicalEncodingKnownAnswer()
{
    QCOMPARE(audit::canonicalEncoding(knownRow()),
        QByteArray(R"({"clocks":{"status":"018bcfe56800-0001-01HZXBBBBBBBBBBBBBBBBBBBBB",)"
                   R"("title":"018bcfe56800-0000-01HZXAAAAAAAAAAAAAAAAAAAAA"},"id":"01HZX0000000000000000000AB",)"
                   R"("values":{"deleted":false,"description":"Line 1\nLine 2 “Kälte”","due_at":"",)"
                   R"("status":"pending","title":"Boiler check"}})"));
}

void TestAudit::rowHashKnownAnswer()
{
    QCOMPARE(audit::rowHash(knownRow()).toHex(),
        QByteArray("c2fc40429040e7ef6c961a5c30afdc42946a985a0246d671d9dc28b73b490809"));
    QCOMPARE(audit::rowHash(knownRow()).size(), 32);
}

void TestAudit::bucketKnownAnswers()
{
    QCOMPARE(audit::bucketOf(u"01HZX0000000000000000000AB"_s), 170);
    QCOMPARE(audit::bucketOf(u"01HZX0000000000000000000AC"_s), 232);
    QCOMPARE(audit::bucketOf(u"01HZX0000000000000000000AD"_s), 22);
    QCOMPARE(audit::bucketOf(u"01HZX000000000000000005AZZ"_s), 170);
}

void TestAudit::setKnownAnswer()
{
    audit::Accumulator acc;
    for (const Row& row : knownSet())
        acc.add(row);
    QCOMPARE(acc.count(), 3);
    const QMap<int, QString> buckets = acc.bucketHashes();
    QCOMPARE(buckets.keys(), (QList<int> { 22, 170 }));
    QCOMPARE(buckets.value(22), u"7a00b08f03ede56e1f796d422614b1fed6580b48a807f856ef5165722e36f95b"_s);
    QCOMPARE(buckets.value(170), u"4ce5cd6f71fe1fa1dfcf8d0d0161660cd6743cd45bafdf347c58b6f3b2f21ac6"_s);
    QCOMPARE(acc.setHash(), u"e3f28bb1353d5d56b4a7b0ab8daf905f445b6cfc0a7899087f87086ad81dee71"_s);
}

void TestAudit::emptySet()
{
    const audit::Accumulator acc;
    QCOMPARE(acc.count(), 0);
    QVERIFY(acc.bucketHashes().isEmpty());
    QCOMPARE(acc.setHash(), u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s); // SHA-256("")
}

void TestAudit::ignoresNonSyncedParts()
{
    const Row row = knownRow();
    Row other = row;
    other.table = u"elsewhere"_s;
    other.seq = 7;
    other.authors.clear();
    other.clocks.remove(u"due_at"_s); // an empty clock is the same as none
    other.values.insert(u"due_at"_s, QString()); // null text is the empty text
    QCOMPARE(audit::rowHash(other), audit::rowHash(row));

    Row changed = row;
    changed.clocks.insert(u"title"_s, u"018bcfe56800-0000-01HZXBBBBBBBBBBBBBBBBBBBBB"_s);
    QVERIFY(audit::rowHash(changed) != audit::rowHash(row)); // a clock difference is a difference
    changed = row;
    changed.values.insert(u"deleted"_s, true);
    QVERIFY(audit::rowHash(changed) != audit::rowHash(row)); // tombstones take part
}

void TestAudit::orderIndependentAndRepairable()
{
    QList<Row> rows;
    for (int i = 0; i < 2000; ++i)
        rows.append(simpleRow(u"01HZY%1"_s.arg(i, 21, 10, QChar(u'0')), i % 7 == 0, u"row %1"_s.arg(i)));
    audit::Accumulator forward;
    for (const Row& row : rows)
        forward.add(row);
    QList<Row> shuffled = rows;
    QRandomGenerator rng(42);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    audit::Accumulator backward;
    for (const Row& row : shuffled)
        backward.add(row);
    backward.add(shuffled.first()); // the same row twice counts once
    QCOMPARE(backward.count(), forward.count());
    QCOMPARE(backward.bucketHashes(), forward.bucketHashes());
    QCOMPARE(backward.setHash(), forward.setHash());

    // one diverging row shows up as exactly its bucket; repairing it restores the set hash
    Row diverged = rows.at(1234);
    diverged.values.insert(u"title"_s, u"edited elsewhere"_s);
    audit::Accumulator device;
    for (const Row& row : rows)
        device.add(row.id == diverged.id ? diverged : row);
    QVERIFY(device.setHash() != forward.setHash());
    QList<int> mismatched;
    const QMap<int, QString> server = forward.bucketHashes();
    const QMap<int, QString> local = device.bucketHashes();
    for (auto it = server.constBegin(); it != server.constEnd(); ++it) {
        if (local.value(it.key()) != it.value())
            mismatched.append(it.key());
    }
    QCOMPARE(mismatched, QList<int> { audit::bucketOf(diverged.id) });
    device.add(rows.at(1234));
    QCOMPARE(device.setHash(), forward.setHash());

    // a missing row changes the count and its bucket
    audit::Accumulator missing;
    for (const Row& row : rows.mid(1))
        missing.add(row);
    QCOMPARE(missing.count(), forward.count() - 1);
    QVERIFY(missing.bucketHashes().value(audit::bucketOf(rows.first().id))
        != forward.bucketHashes().value(audit::bucketOf(rows.first().id)));
}

// The encoding is written directly (it is on the audit's hot path); it must stay byte-identical to what
// QJsonDocument writes for the same object, whatever the text contains.
void TestAudit::encodingMatchesQtJson()
{
    const QList<char32_t> alphabet { U'a', U'Z', U'0', U' ', U'"', U'\\', U'/', U'\n', U'\r', U'\t', U'\b', U'\f', 0x01,
        0x1f, 0x7f, 0xe4, 0x2028, 0x201c, 0xfeff, 0xfffd, 0x1f527, 0x10ffff };
    QRandomGenerator rng(7);
    const auto randomText = [&] {
        QString s;
        const int n = int(rng.bounded(40));
        for (int i = 0; i < n; ++i) {
            const char32_t c = alphabet.at(int(rng.bounded(alphabet.size())));
            s += QString::fromUcs4(&c, 1);
        }
        if (rng.bounded(8) == 0)
            s += QChar(0xd800 + rng.bounded(0x800)); // an unpaired surrogate
        return s;
    };
    for (int i = 0; i < 2000; ++i) {
        Row row;
        row.id = randomText();
        const int fields = int(rng.bounded(6));
        for (int f = 0; f < fields; ++f) {
            const QString name = u"f%1"_s.arg(f) + randomText();
            if (rng.bounded(4) == 0)
                row.values.insert(name, rng.bounded(2) == 0);
            else
                row.values.insert(name, randomText());
            row.clocks.insert(name, randomText() + u'x');
        }
        QJsonObject clocks;
        for (auto it = row.clocks.constBegin(); it != row.clocks.constEnd(); ++it)
            clocks.insert(it.key(), it.value());
        const QJsonObject reference { { u"clocks"_s, clocks }, { u"id"_s, row.id }, { u"values"_s, row.values } };
        QCOMPARE(audit::canonicalEncoding(row), QJsonDocument(reference).toJson(QJsonDocument::Compact));
    }
}

QTEST_GUILESS_MAIN(TestAudit)
#include "test_audit.moc"
