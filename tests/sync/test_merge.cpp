#include "models/Schema.h"
#include "sync/Merge.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace fieldsync;
using namespace fieldsync::protocol;
using merge::Outcome;

namespace {

const QString DevA = u"01HZXAAAAAAAAAAAAAAAAAAAAA"_s; // alice's laptop
const QString DevB = u"01HZXBBBBBBBBBBBBBBBBBBBBB"_s; // bob's laptop
const QString RowId = u"01HZX0000000000000000000AB"_s;
const qint64 T0 = 1'700'000'000'000;

const QString BaseDescription = u"Inspect rooftop unit RTU-3\n"
                                u"Check filter\n"
                                u"Check belts\n"
                                u"Test thermostat\n"
                                u"Sign off with customer\n"_s;

const TableDef& workOrders()
{
    return *Schema::instance().table(Schema::WorkOrders);
}

QString hlc(qint64 ms, quint32 logical, const QString& node)
{
    return u"%1-%2-%3"_s.arg(ms, 12, 16, QChar(u'0')).arg(logical, 4, 16, QChar(u'0')).arg(node);
}

QString technicianOf(const QString& device)
{
    return device == DevA ? u"alice"_s : device == DevB ? u"bob"_s : QString();
}

struct Edit
{
    QString field;
    QJsonValue value;
    QString hlc;
    QString base;
    std::optional<QString> baseText = std::nullopt;
};

Change change(const QString& opId, const QList<Edit>& edits)
{
    Change c;
    c.opId = opId;
    c.table = Schema::WorkOrders;
    c.rowId = RowId;
    for (const Edit& e : edits)
        c.fields.insert(e.field, FieldChange { e.value, e.hlc, e.base, e.baseText });
    return c;
}

Outcome applyOne(const std::optional<Row>& current, const Change& c)
{
    const QString device = merge::nodeOf(c.fields.first().hlc);
    return merge::applyChange(workOrders(), current, c, merge::Writer { device, technicianOf(device) }, technicianOf);
}

// The work order as alice created it at T0.
Row createdRow()
{
    const QString c0 = hlc(T0, 0, DevA);
    const Outcome o = applyOne(std::nullopt,
        change(u"op0"_s,
            { { u"title"_s, u"Boiler check"_s, c0, {} }, { u"description"_s, BaseDescription, c0, {}, u""_s },
                { u"status"_s, u"pending"_s, c0, {} } }));
    return o.row;
}

Row applyAll(std::optional<Row> row, const QList<Change>& changes)
{
    for (const Change& c : changes)
        row = applyOne(row, c).row;
    return *row;
}

QString replaceLine(const QString& text, int index, const QString& line)
{
    QStringList lines = text.split(u'\n');
    lines[index] = line;
    return lines.join(u'\n');
}

} // namespace

class TestMerge : public QObject
{
    Q_OBJECT

private slots:
    void newRowTakesDefaults();
    void differentFieldsBothKept();
    void sameFieldLastWriterWins();
    void tieBrokenByNode();
    void fastForwardIsNotAConflict();
    void ownEditsNeverConflict();
    void deleteVersusEdit();
    void concurrentDeleteAndRestore();
    void longTextCleanMerge();
    void longTextOverlapKeepsLoser();
    void duplicateReplay();
    void nullTextIsEmptyText();
    void rejected_data();
    void rejected();
    void threeWay_data();
    void threeWay();
    void threeWayLargeTexts();
    void threeWayRandomSymmetry();
    void convergenceProperty_data();
    void convergenceProperty();
};

void TestMerge::newRowTakesDefaults()
{
    const QString c = hlc(T0, 0, DevA);
    const Outcome o = applyOne(std::nullopt, change(u"op1"_s, { { u"title"_s, u"Boiler check"_s, c, {} } }));
    QCOMPARE(toString(o.status), toString(ChangeStatus::Applied));
    QVERIFY(o.changed);
    QVERIFY(o.conflicts.isEmpty());
    QCOMPARE(o.row.table, Schema::WorkOrders);
    QCOMPARE(o.row.id, RowId);
    QCOMPARE(o.row.values.value(u"title"_s).toString(), u"Boiler check"_s);
    QCOMPARE(o.row.values.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(o.row.values.value(u"priority"_s).toString(), u"normal"_s);
    QCOMPARE(o.row.values.value(u"notes"_s).toString(), QString());
    QVERIFY(o.row.values.value(u"deleted"_s).isBool());
    QVERIFY(!o.row.deleted());
    QCOMPARE(o.row.values.size(), workOrders().fields.size());
    QCOMPARE(o.row.clocks, (QMap<QString, QString> { { u"title"_s, c } }));
    QCOMPARE(o.row.authors, (QMap<QString, QString> { { u"title"_s, DevA } }));
}

void TestMerge::differentFieldsBothKept()
{
    const Row base = createdRow();
    const Change a = change(
        u"opA"_s, { { u"status"_s, u"in_progress"_s, hlc(T0 + 2000, 0, DevA), base.clocks.value(u"status"_s) } });
    const Change b = change(u"opB"_s, { { u"priority"_s, u"urgent"_s, hlc(T0 + 1000, 0, DevB), {} } });
    for (const auto& order : { QList<Change> { a, b }, QList<Change> { b, a } }) {
        Row row = base;
        for (const Change& c : order) {
            const Outcome o = applyOne(row, c);
            QCOMPARE(toString(o.status), toString(ChangeStatus::Applied));
            QVERIFY(o.conflicts.isEmpty());
            row = o.row;
        }
        QCOMPARE(row.values.value(u"status"_s).toString(), u"in_progress"_s);
        QCOMPARE(row.values.value(u"priority"_s).toString(), u"urgent"_s);
        QCOMPARE(row.authors.value(u"status"_s), DevA);
        QCOMPARE(row.authors.value(u"priority"_s), DevB);
        QCOMPARE(row.values.value(u"title"_s).toString(), u"Boiler check"_s);
    }
    QCOMPARE(applyAll(base, { a, b }), applyAll(base, { b, a }));
}

void TestMerge::sameFieldLastWriterWins()
{
    const Row base = createdRow();
    const QString c0 = base.clocks.value(u"status"_s);
    const QString ha = hlc(T0 + 2000, 0, DevA);
    const QString hb = hlc(T0 + 3000, 0, DevB);
    const Change a = change(u"opA"_s, { { u"status"_s, u"on_hold"_s, ha, c0 } });
    const Change b = change(u"opB"_s, { { u"status"_s, u"completed"_s, hb, c0 } });

    // a first: a fast-forwards, b is concurrent and later, a's value is the loser
    const Outcome a1 = applyOne(base, a);
    QVERIFY(a1.conflicts.isEmpty());
    const Outcome b2 = applyOne(a1.row, b);
    QCOMPARE(toString(b2.status), toString(ChangeStatus::Applied));
    QCOMPARE(b2.row.values.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(b2.conflicts.size(), 1);
    const ConflictRecord& c = b2.conflicts.first();
    QCOMPARE(c.table, Schema::WorkOrders);
    QCOMPARE(c.rowId, RowId);
    QCOMPARE(c.field, u"status"_s);
    QCOMPARE(c.winnerValue.toString(), u"completed"_s);
    QCOMPARE(c.loserValue.toString(), u"on_hold"_s);
    QCOMPARE(c.winnerHlc, hb);
    QCOMPARE(c.loserHlc, ha);
    QCOMPARE(c.winnerDevice, DevB);
    QCOMPARE(c.loserDevice, DevA);
    QCOMPARE(c.winnerTechnician, u"bob"_s);
    QCOMPARE(c.loserTechnician, u"alice"_s);
    QCOMPARE(c.rule, u"lww"_s);
    QVERIFY(c.id.isEmpty() && c.createdAt.isEmpty()); // the caller stamps them

    // b first: a arrives late and loses; the same conflict is recorded from the other side
    const Outcome b1 = applyOne(base, b);
    const Outcome a2 = applyOne(b1.row, a);
    QCOMPARE(toString(a2.status), toString(ChangeStatus::Applied));
    QVERIFY(!a2.changed);
    QCOMPARE(a2.conflicts.size(), 1);
    const ConflictRecord& d = a2.conflicts.first();
    QCOMPARE(d.winnerValue.toString(), u"completed"_s);
    QCOMPARE(d.loserValue.toString(), u"on_hold"_s);
    QCOMPARE(d.winnerDevice, DevB);
    QCOMPARE(d.loserDevice, DevA);
    QCOMPARE(d.winnerTechnician, u"bob"_s);
    QCOMPARE(d.loserTechnician, u"alice"_s);

    QCOMPARE(b2.row, a2.row);
}

void TestMerge::tieBrokenByNode()
{
    const Row base = createdRow();
    const QString c0 = base.clocks.value(u"title"_s);
    const Change a = change(u"opA"_s, { { u"title"_s, u"Alice's title"_s, hlc(T0 + 5000, 2, DevA), c0 } });
    const Change b = change(u"opB"_s, { { u"title"_s, u"Bob's title"_s, hlc(T0 + 5000, 2, DevB), c0 } });
    const Row ab = applyAll(base, { a, b });
    const Row ba = applyAll(base, { b, a });
    QCOMPARE(ab, ba);
    QCOMPARE(ab.values.value(u"title"_s).toString(), u"Bob's title"_s); // DevB sorts after DevA
}

void TestMerge::fastForwardIsNotAConflict()
{
    const Row base = createdRow();
    const QString ha = hlc(T0 + 2000, 0, DevA);
    const Outcome a = applyOne(
        base, change(u"opA"_s, { { u"title"_s, u"Boiler check, 2nd floor"_s, ha, base.clocks.value(u"title"_s) } }));
    // bob pulled alice's edit before changing the title again
    const Outcome b = applyOne(
        a.row, change(u"opB"_s, { { u"title"_s, u"Boiler check, 3rd floor"_s, hlc(T0 + 2500, 0, DevB), ha } }));
    QVERIFY(a.conflicts.isEmpty());
    QVERIFY(b.conflicts.isEmpty());
    QCOMPARE(b.row.values.value(u"title"_s).toString(), u"Boiler check, 3rd floor"_s);
}

void TestMerge::ownEditsNeverConflict()
{
    const Row base = createdRow();
    const QString c0 = base.clocks.value(u"status"_s);
    // bob's push of "scheduled" was applied but the answer was lost; he then chose "in_progress", and the
    // outbox re-sends one entry with the latest value and the first edit's base
    const Outcome first
        = applyOne(base, change(u"op1"_s, { { u"status"_s, u"scheduled"_s, hlc(T0 + 1000, 0, DevB), c0 } }));
    const Outcome resent
        = applyOne(first.row, change(u"op2"_s, { { u"status"_s, u"in_progress"_s, hlc(T0 + 2000, 0, DevB), c0 } }));
    QVERIFY(resent.conflicts.isEmpty());
    QCOMPARE(resent.row.values.value(u"status"_s).toString(), u"in_progress"_s);
    // another device's value with the same stale base is still a conflict
    const Outcome other
        = applyOne(first.row, change(u"op3"_s, { { u"status"_s, u"on_hold"_s, hlc(T0 + 2000, 0, DevA), c0 } }));
    QCOMPARE(other.conflicts.size(), 1);
}

void TestMerge::deleteVersusEdit()
{
    const Row base = createdRow();
    const QString hDelete = hlc(T0 + 3000, 0, DevA);
    const QString hEdit = hlc(T0 + 2000, 0, DevB);
    const Change del = change(u"opDel"_s, { { u"deleted"_s, true, hDelete, {} } });
    const Change edit = change(u"opEdit"_s, { { u"notes"_s, u"Compressor replaced"_s, hEdit, {}, u""_s } });

    const Outcome d1 = applyOne(base, del);
    QVERIFY(d1.row.deleted());
    QVERIFY(d1.conflicts.isEmpty());
    const Outcome e2 = applyOne(d1.row, edit);
    QVERIFY(e2.row.deleted());
    QCOMPARE(e2.row.values.value(u"notes"_s).toString(), u"Compressor replaced"_s); // kept under the tombstone
    QCOMPARE(e2.conflicts.size(), 1);
    const ConflictRecord& c = e2.conflicts.first();
    QCOMPARE(c.rule, u"delete_wins"_s);
    QCOMPARE(c.field, u"deleted"_s);
    QCOMPARE(c.winnerValue, QJsonValue(true));
    QCOMPARE(c.loserValue, QJsonValue(false)); // restoring the loser undeletes the row
    QCOMPARE(c.winnerHlc, hDelete);
    QCOMPARE(c.loserHlc, hEdit);
    QCOMPARE(c.winnerDevice, DevA);
    QCOMPARE(c.loserDevice, DevB);
    QCOMPARE(c.loserTechnician, u"bob"_s);

    const Row editFirst = applyAll(base, { edit, del });
    QCOMPARE(editFirst, e2.row);

    // the device that deleted the row is never in conflict with itself
    const Outcome own = applyOne(d1.row, change(u"opOwn"_s, { { u"site"_s, u"Roof"_s, hlc(T0 + 3500, 0, DevA), {} } }));
    QVERIFY(own.conflicts.isEmpty());

    // bob restores the losing value: a new edit of "deleted" based on the tombstone's clock
    const Outcome restore
        = applyOne(e2.row, change(u"opRestore"_s, { { u"deleted"_s, false, hlc(T0 + 4000, 0, DevB), hDelete } }));
    QVERIFY(restore.conflicts.isEmpty());
    QVERIFY(!restore.row.deleted());
    QCOMPARE(restore.row.values.value(u"notes"_s).toString(), u"Compressor replaced"_s);
}

void TestMerge::concurrentDeleteAndRestore()
{
    Row base = createdRow();
    const QString hDelete = hlc(T0 + 1000, 0, DevA);
    base = applyOne(base, change(u"opDel"_s, { { u"deleted"_s, true, hDelete, {} } })).row;
    // both restore and re-delete start from the tombstone; the later clock decides
    const Change restore = change(u"opR"_s, { { u"deleted"_s, false, hlc(T0 + 3000, 0, DevB), hDelete } });
    const Change again = change(u"opD2"_s, { { u"deleted"_s, true, hlc(T0 + 2000, 0, DevA), hDelete } });
    const Row x = applyAll(base, { restore, again });
    QCOMPARE(x, applyAll(base, { again, restore }));
    QVERIFY(!x.deleted());
}

void TestMerge::longTextCleanMerge()
{
    const Row base = createdRow();
    const QString c0 = base.clocks.value(u"description"_s);
    const QString ha = hlc(T0 + 2000, 0, DevA);
    const QString hb = hlc(T0 + 3000, 0, DevB);
    const QString aliceText = replaceLine(BaseDescription, 1, u"Filter replaced (MERV 13)"_s);
    const QString bobText = replaceLine(BaseDescription, 3, u"Thermostat recalibrated"_s);
    const Change a = change(u"opA"_s, { { u"description"_s, aliceText, ha, c0, BaseDescription } });
    const Change b = change(u"opB"_s, { { u"description"_s, bobText, hb, c0, BaseDescription } });
    const QString both = replaceLine(aliceText, 3, u"Thermostat recalibrated"_s);

    const Outcome a1 = applyOne(base, a);
    QCOMPARE(toString(a1.status), toString(ChangeStatus::Applied));
    const Outcome b2 = applyOne(a1.row, b);
    QCOMPARE(toString(b2.status), toString(ChangeStatus::Merged));
    QVERIFY(b2.conflicts.isEmpty());
    QCOMPARE(b2.row.values.value(u"description"_s).toString(), both);
    QCOMPARE(b2.row.clocks.value(u"description"_s), hb);
    QCOMPARE(b2.row.authors.value(u"description"_s), DevB);

    const Outcome b1 = applyOne(base, b);
    const Outcome a2 = applyOne(b1.row, a);
    QCOMPARE(toString(a2.status), toString(ChangeStatus::Merged));
    QVERIFY(a2.conflicts.isEmpty());
    QCOMPARE(a2.row, b2.row);
}

void TestMerge::longTextOverlapKeepsLoser()
{
    const Row base = createdRow();
    const QString c0 = base.clocks.value(u"description"_s);
    const QString aliceText = replaceLine(BaseDescription, 1, u"Filter replaced"_s);
    const QString bobText = replaceLine(BaseDescription, 1, u"Filter missing, ordered one"_s);
    const Change a
        = change(u"opA"_s, { { u"description"_s, aliceText, hlc(T0 + 2000, 0, DevA), c0, BaseDescription } });
    const Change b = change(u"opB"_s, { { u"description"_s, bobText, hlc(T0 + 3000, 0, DevB), c0, BaseDescription } });

    for (const auto& order : { QList<Change> { a, b }, QList<Change> { b, a } }) {
        const Outcome first = applyOne(base, order.at(0));
        QVERIFY(first.conflicts.isEmpty());
        const Outcome second = applyOne(first.row, order.at(1));
        QCOMPARE(toString(second.status), toString(ChangeStatus::Applied));
        QCOMPARE(second.row.values.value(u"description"_s).toString(), bobText);
        QCOMPARE(second.conflicts.size(), 1);
        const ConflictRecord& c = second.conflicts.first();
        QCOMPARE(c.rule, u"lww_text_overlap"_s);
        QCOMPARE(c.loserValue.toString(), aliceText); // alice's whole text is kept
        QCOMPARE(c.winnerValue.toString(), bobText);
        QCOMPARE(c.loserTechnician, u"alice"_s);
    }
}

void TestMerge::duplicateReplay()
{
    const Row base = createdRow();
    const QString c0 = base.clocks.value(u"description"_s);
    const Change a = change(u"opA"_s,
        { { u"description"_s, replaceLine(BaseDescription, 0, u"Inspect RTU-4"_s), hlc(T0 + 2000, 0, DevA), c0,
              BaseDescription },
            { u"status"_s, u"scheduled"_s, hlc(T0 + 2000, 0, DevA), c0 } });
    const Change b = change(u"opB"_s,
        { { u"description"_s, replaceLine(BaseDescription, 4, u"Customer absent"_s), hlc(T0 + 3000, 0, DevB), c0,
            BaseDescription } });

    const Outcome once = applyOne(base, a);
    const Outcome twice = applyOne(once.row, a);
    QCOMPARE(toString(twice.status), toString(ChangeStatus::Duplicate));
    QVERIFY(!twice.changed);
    QVERIFY(twice.conflicts.isEmpty());
    QCOMPARE(twice.row, once.row);

    const Outcome merged = applyOne(once.row, b);
    QCOMPARE(toString(merged.status), toString(ChangeStatus::Merged));
    const Outcome replayB = applyOne(merged.row, b);
    QCOMPARE(toString(replayB.status), toString(ChangeStatus::Duplicate)); // b's edit is already inside the merged text
    QVERIFY(!replayB.changed);
    const Outcome replayA = applyOne(merged.row, a);
    QVERIFY(!replayA.changed);
    QVERIFY(replayA.conflicts.isEmpty());
    QCOMPARE(applyAll(base, { b, a, b, a }), merged.row);

    // a delete replayed on the tombstone records nothing new
    const Change del = change(u"opDel"_s, { { u"deleted"_s, true, hlc(T0 + 9000, 0, DevA), {} } });
    const Outcome deleted = applyOne(merged.row, del);
    const Outcome replayDel = applyOne(deleted.row, del);
    QCOMPARE(toString(replayDel.status), toString(ChangeStatus::Duplicate));
    QVERIFY(replayDel.conflicts.isEmpty());
}

void TestMerge::nullTextIsEmptyText()
{
    const Row base = createdRow();
    const Outcome o = applyOne(base, change(u"op1"_s, { { u"customer"_s, QJsonValue(), hlc(T0 + 1, 0, DevA), {} } }));
    QCOMPARE(toString(o.status), toString(ChangeStatus::Applied));
    QVERIFY(o.row.values.value(u"customer"_s).isString());
    QCOMPARE(o.row.values.value(u"customer"_s).toString(), QString());
}

void TestMerge::rejected_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("clock");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    const QString h = hlc(T0 + 10, 0, DevA);
    const QString wo = Schema::WorkOrders;
    QTest::newRow("unknown table") << u"invoices"_s << u"title"_s << QJsonValue(u"x"_s) << h << QString()
                                   << u"unknown_table"_s << u"unknown table \"invoices\""_s;
    QTest::newRow("unknown field") << wo << u"colour"_s << QJsonValue(u"red"_s) << h << QString() << u"unknown_field"_s
                                   << u"unknown field \"colour\" in table work_orders"_s;
    QTest::newRow("id not writable") << wo << u"id"_s << QJsonValue(u"x"_s) << h << QString() << u"unknown_field"_s
                                     << u"\"id\" cannot be written by a change"_s;
    QTest::newRow("seq not writable") << wo << u"seq"_s << QJsonValue(u"1"_s) << h << QString() << u"unknown_field"_s
                                      << u"\"seq\" cannot be written by a change"_s;
    QTest::newRow("number for text") << wo << u"title"_s << QJsonValue(5) << h << QString() << u"wrong_type"_s
                                     << u"fields.title.value must be a string or null"_s;
    QTest::newRow("object for text") << wo << u"notes"_s << QJsonValue(QJsonObject()) << h << QString()
                                     << u"wrong_type"_s << u"fields.notes.value must be a string or null"_s;
    QTest::newRow("string for tombstone") << wo << u"deleted"_s << QJsonValue(u"yes"_s) << h << QString()
                                          << u"wrong_type"_s << u"fields.deleted.value must be a boolean"_s;
    QTest::newRow("number for tombstone") << wo << u"deleted"_s << QJsonValue(1) << h << QString() << u"wrong_type"_s
                                          << u"fields.deleted.value must be a boolean"_s;
    QTest::newRow("enum") << wo << u"status"_s << QJsonValue(u"done"_s) << h << QString() << u"invalid_value"_s
                          << QString();
    QTest::newRow("date") << wo << u"due_at"_s << QJsonValue(u"2026-13-01"_s) << h << QString() << u"invalid_value"_s
                          << QString();
    QTest::newRow("date 30 Feb") << wo << u"due_at"_s << QJsonValue(u"2026-02-30"_s) << h << QString()
                                 << u"invalid_value"_s << QString();
    QTest::newRow("date slashes") << wo << u"due_at"_s << QJsonValue(u"2026/01/15"_s) << h << QString()
                                  << u"invalid_value"_s << QString();
    QTest::newRow("date letter") << wo << u"due_at"_s << QJsonValue(u"2026-0a-15"_s) << h << QString()
                                 << u"invalid_value"_s << QString();
    QTest::newRow("date unpadded") << wo << u"due_at"_s << QJsonValue(u"2026-1-5"_s) << h << QString()
                                   << u"invalid_value"_s << QString();
    QTest::newRow("date with time") << wo << u"due_at"_s << QJsonValue(u"2026-01-15T10:00"_s) << h << QString()
                                    << u"invalid_value"_s << QString();
    QTest::newRow("too long") << wo << u"title"_s << QJsonValue(QString(201, u'x')) << h << QString()
                              << u"invalid_value"_s << QString();
    QTest::newRow("required title") << wo << u"title"_s << QJsonValue(u"  "_s) << h << QString() << u"invalid_value"_s
                                    << QString();
    QTest::newRow("line break in text") << wo << u"customer"_s << QJsonValue(u"a\nb"_s) << h << QString()
                                        << u"invalid_value"_s << QString();
    QTest::newRow("NUL") << wo << u"notes"_s << QJsonValue(u"a\u0000b"_s) << h << QString() << u"invalid_value"_s
                         << u"fields.notes.value must not contain NUL characters"_s;
    QTest::newRow("bad hlc") << wo << u"title"_s << QJsonValue(u"x"_s) << u"yesterday"_s << QString()
                             << u"invalid_value"_s
                             << u"fields.title.hlc is not a valid hybrid logical clock: \"yesterday\""_s;
    QTest::newRow("bad base hlc") << wo << u"title"_s << QJsonValue(u"x"_s) << h << u"0-0-x"_s << u"invalid_value"_s
                                  << u"fields.title.base_hlc is not a valid hybrid logical clock: \"0-0-x\""_s;
    QTest::newRow("hlc not after base") << wo << u"title"_s << QJsonValue(u"x"_s) << h << h << u"invalid_value"_s
                                        << u"fields.title.hlc must be later than its base_hlc"_s;
}

void TestMerge::rejected()
{
    QFETCH(QString, table);
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, clock);
    QFETCH(QString, base);
    QFETCH(QString, code);
    QFETCH(QString, message);
    Change c = change(u"opX"_s, { { field, value, clock, base } });
    c.table = table;
    const auto error = merge::validate(c);
    QVERIFY(error);
    QCOMPARE(error->httpStatus, 422);
    QCOMPARE(error->code, code);
    if (!message.isEmpty())
        QCOMPARE(error->message, message);
    QVERIFY(!error->message.isEmpty());

    if (table == Schema::WorkOrders) {
        const Row current = createdRow();
        const Outcome o = applyOne(current, c);
        QCOMPARE(toString(o.status), toString(ChangeStatus::Rejected));
        QCOMPARE(o.rejectCode, code);
        QCOMPARE(o.rejectReason, error->message);
        QVERIFY(!o.changed);
        QCOMPARE(o.row, current);
    }
}

void TestMerge::threeWay_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("ours");
    QTest::addColumn<QString>("theirs");
    QTest::addColumn<bool>("clean");
    QTest::addColumn<QString>("merged");
    const QString b = u"a\nb\nc\nd\ne\n"_s;
    QTest::newRow("nothing changed") << b << b << b << true << b;
    QTest::newRow("one side") << b << u"a\nB\nc\nd\ne\n"_s << b << true << u"a\nB\nc\nd\ne\n"_s;
    QTest::newRow("separate lines") << b << u"A\nb\nc\nd\ne\n"_s << u"a\nb\nc\nd\nE\n"_s << true
                                    << u"A\nb\nc\nd\nE\n"_s;
    QTest::newRow("adjacent lines") << b << u"a\nB\nc\nd\ne\n"_s << u"a\nb\nC\nd\ne\n"_s << true
                                    << u"a\nB\nC\nd\ne\n"_s;
    QTest::newRow("same line differently") << b << u"a\nB1\nc\nd\ne\n"_s << u"a\nB2\nc\nd\ne\n"_s << false << QString();
    QTest::newRow("same change on both sides")
        << b << u"a\nX\nc\nd\ne\n"_s << u"a\nX\nc\nd\ne\n"_s << true << u"a\nX\nc\nd\ne\n"_s;
    QTest::newRow("same change plus another")
        << b << u"a\nX\nc\nd\ne\n"_s << u"a\nX\nc\nd\nE\n"_s << true << u"a\nX\nc\nd\nE\n"_s;
    QTest::newRow("insertions at one point")
        << b << u"a\nb\nx\nc\nd\ne\n"_s << u"a\nb\ny\nc\nd\ne\n"_s << false << QString();
    QTest::newRow("same insertion") << b << u"a\nb\nx\nc\nd\ne\n"_s << u"a\nb\nx\nc\nd\ne\n"_s << true
                                    << u"a\nb\nx\nc\nd\ne\n"_s;
    QTest::newRow("insertion before an edited line")
        << b << u"a\nb\nx\nc\nd\ne\n"_s << u"a\nb\nC\nd\ne\n"_s << true << u"a\nb\nx\nC\nd\ne\n"_s;
    QTest::newRow("insertion inside a replaced block")
        << b << u"a\nb\nx\nc\nd\ne\n"_s << u"a\nBC\nd\ne\n"_s << false << QString();
    QTest::newRow("delete vs edit") << b << u"a\nc\nd\ne\n"_s << u"a\nB\nc\nd\ne\n"_s << false << QString();
    QTest::newRow("both delete a line") << b << u"a\nc\nd\ne\n"_s << u"a\nc\nd\ne\n"_s << true << u"a\nc\nd\ne\n"_s;
    QTest::newRow("start and end") << b << u"0\na\nb\nc\nd\ne\n"_s << u"a\nb\nc\nd\ne\nf\n"_s << true
                                   << u"0\na\nb\nc\nd\ne\nf\n"_s;
    QTest::newRow("no final newline") << u"a\nb"_s << u"A\nb"_s << u"a\nb\nc"_s << true << u"A\nb\nc"_s;
    QTest::newRow("crlf") << u"a\r\nb\r\nc\r\n"_s << u"A\r\nb\r\nc\r\n"_s << u"a\r\nb\r\nC\r\n"_s << true
                          << u"A\r\nb\r\nC\r\n"_s;
    QTest::newRow("empty base") << QString() << u"x\n"_s << u"y\n"_s << false << QString();
    QTest::newRow("empty result") << u"a\n"_s << QString() << u"a\n"_s << true << QString();
    QTest::newRow("unicode") << u"Prüfung\nKältemittel\nEnde\n"_s << u"Prüfung ✓\nKältemittel\nEnde\n"_s
                             << u"Prüfung\nKältemittel R-410A\nEnde\n"_s << true
                             << u"Prüfung ✓\nKältemittel R-410A\nEnde\n"_s;
    QTest::newRow("repeated lines") << u"x\nx\nx\n"_s << u"x\nx\nx\ny\n"_s << u"z\nx\nx\nx\n"_s << true
                                    << u"z\nx\nx\nx\ny\n"_s;
}

void TestMerge::threeWay()
{
    QFETCH(QString, base);
    QFETCH(QString, ours);
    QFETCH(QString, theirs);
    QFETCH(bool, clean);
    QFETCH(QString, merged);
    const auto forward = merge::threeWay(base, ours, theirs);
    const auto backward = merge::threeWay(base, theirs, ours);
    QCOMPARE(forward.has_value(), clean);
    QCOMPARE(forward, backward);
    if (clean)
        QCOMPARE(*forward, merged);
}

void TestMerge::threeWayLargeTexts()
{
    QStringList lines;
    for (int i = 0; i < 3000; ++i)
        lines << u"line %1"_s.arg(i);
    const QString base = lines.join(u'\n') + u'\n';
    QStringList ours = lines;
    ours[10] = u"edited near the top"_s;
    ours.insert(1500, u"inserted in the middle"_s);
    QStringList theirs = lines;
    theirs[2900] = u"edited near the end"_s;
    theirs.removeAt(2000);
    QStringList expected = ours;
    expected[2901] = u"edited near the end"_s;
    expected.removeAt(2001);
    const auto merged = merge::threeWay(base, ours.join(u'\n') + u'\n', theirs.join(u'\n') + u'\n');
    QVERIFY(merged);
    QCOMPARE(*merged, expected.join(u'\n') + u'\n');

    // a rewrite of every line is still a correct (coarse) diff: it overlaps any other edit
    QStringList rewritten;
    for (int i = 0; i < 3000; ++i)
        rewritten << u"rewritten %1"_s.arg(i);
    QCOMPARE(merge::threeWay(base, rewritten.join(u'\n') + u'\n', theirs.join(u'\n') + u'\n'), std::nullopt);
    QCOMPARE(merge::threeWay(base, rewritten.join(u'\n') + u'\n', base), rewritten.join(u'\n') + u'\n');

    // a hostile size (200,000 short lines, every other one changed) is bounded and still correct
    QStringList huge;
    for (int i = 0; i < 200000; ++i)
        huge << QString::number(i);
    QStringList every = huge;
    for (int i = 1; i < every.size() - 1; i += 2)
        every[i] = u"x"_s;
    QStringList appended = huge;
    appended << u"appended"_s;
    QStringList expectedHuge = every;
    expectedHuge << u"appended"_s;
    const QString hugeBase = huge.join(u'\n') + u'\n';
    QCOMPARE(merge::threeWay(hugeBase, every.join(u'\n') + u'\n', appended.join(u'\n') + u'\n'),
        expectedHuge.join(u'\n') + u'\n');
}

// Random line edits on disjoint lines always merge to the text with both edits, whichever side is "ours".
void TestMerge::threeWayRandomSymmetry()
{
    QRandomGenerator rng(20261126);
    for (int iteration = 0; iteration < 500; ++iteration) {
        const int n = 3 + int(rng.bounded(12));
        QStringList base;
        for (int i = 0; i < n; ++i)
            base << u"l%1"_s.arg(i);
        QStringList ours = base;
        QStringList theirs = base;
        QStringList both = base;
        for (int i = 0; i < n; ++i) {
            const quint32 r = rng.bounded(6);
            if (r == 0) {
                ours[i] = u"o%1"_s.arg(i);
                both[i] = ours[i];
            } else if (r == 1) {
                theirs[i] = u"t%1"_s.arg(i);
                both[i] = theirs[i];
            } else if (r == 2) {
                ours[i] = theirs[i] = both[i] = u"s%1"_s.arg(i); // the same edit on both sides
            }
        }
        const auto join = [](const QStringList& l) -> QString { return l.join(u'\n') + u'\n'; };
        const auto x = merge::threeWay(join(base), join(ours), join(theirs));
        const auto y = merge::threeWay(join(base), join(theirs), join(ours));
        QVERIFY2(x, qPrintable(u"iteration %1"_s.arg(iteration)));
        QCOMPARE(x, y);
        QCOMPARE(*x, join(both));

        // editing one line differently on both sides is always refused, from either side
        const int k = int(rng.bounded(n));
        ours[k] = u"conflict-o"_s;
        theirs[k] = u"conflict-t"_s;
        QCOMPARE(merge::threeWay(join(base), join(ours), join(theirs)), std::nullopt);
        QCOMPARE(merge::threeWay(join(base), join(theirs), join(ours)), std::nullopt);
    }
}

namespace {

// A simulated device: its HLC (with a skewed wall clock) and its local copy of the work order.
struct SimDevice
{
    QString node;
    int index = 0;
    qint64 skewMs = 0;
    qint64 physical = 0;
    quint32 logical = 0;
    Row view;
    QList<Change> outbox;

    QString now(qint64 wallMs)
    {
        const qint64 p = wallMs + skewMs;
        if (p > physical) {
            physical = p;
            logical = 0;
        } else {
            ++logical;
        }
        return hlc(physical, logical, node);
    }
    void observe(const Row& row)
    {
        for (const QString& c : row.clocks) {
            const qint64 p = c.left(12).toLongLong(nullptr, 16);
            const quint32 l = c.mid(13, 4).toUInt(nullptr, 16);
            if (p > physical || (p == physical && l > logical)) {
                physical = p;
                logical = l;
            }
        }
    }
};

// The outbox keeps one entry per field: the latest value and clock, the first edit's base.
Change coalesce(const QList<Change>& pending, const QString& opId)
{
    Change out = pending.first();
    out.opId = opId;
    for (qsizetype i = 1; i < pending.size(); ++i) {
        for (auto it = pending.at(i).fields.constBegin(); it != pending.at(i).fields.constEnd(); ++it) {
            const auto existing = out.fields.constFind(it.key());
            FieldChange fc = it.value();
            if (existing != out.fields.constEnd()) {
                fc.baseHlc = existing->baseHlc;
                fc.baseText = existing->baseText;
            }
            out.fields.insert(it.key(), fc);
        }
    }
    return out;
}

} // namespace

void TestMerge::convergenceProperty_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("scenarios");
    QTest::addColumn<bool>("coalesceOutbox");
    QTest::newRow("edit by edit") << 7u << 200 << false;
    QTest::newRow("coalesced outbox") << 11u << 200 << true;
}

namespace {

// One change as the server received it, with what its device had seen when making it: the first
// `seenPrefix` changes the server had received, and its own previous change.
struct Arrival
{
    Change change;
    int seenPrefix = 0;
    int previous = -1;
};

// A random order of the changes that respects causality (a change comes after everything its device had
// seen and after the device's earlier changes), with random repetitions of changes already delivered.
QList<Change> causalOrder(const QList<Arrival>& arrivals, QRandomGenerator& rng)
{
    QList<Change> out;
    QList<bool> done(arrivals.size(), false);
    QList<int> delivered;
    int lowestPending = 0;
    while (delivered.size() < arrivals.size()) {
        QList<int> ready;
        for (int i = lowestPending; i < arrivals.size(); ++i) {
            const Arrival& a = arrivals.at(i);
            if (!done.at(i) && a.seenPrefix <= lowestPending && (a.previous < 0 || done.at(a.previous)))
                ready.append(i);
        }
        const int next = ready.at(int(rng.bounded(ready.size())));
        done[next] = true;
        delivered.append(next);
        out.append(arrivals.at(next).change);
        while (lowestPending < arrivals.size() && done.at(lowestPending))
            ++lowestPending;
        if (rng.bounded(5) == 0)
            out.append(arrivals.at(delivered.at(int(rng.bounded(delivered.size())))).change);
    }
    return out;
}

// The row without its long-text fields, whose three-way merge needs causal delivery.
Row withoutLongText(Row row)
{
    for (const FieldDef& f : workOrders().fields) {
        if (f.isLongText()) {
            row.values.remove(f.name);
            row.clocks.remove(f.name);
            row.authors.remove(f.name);
        }
    }
    return row;
}

} // namespace

// Random edits by 2-4 devices (skewed clocks, so equal clocks across devices happen; offline periods;
// deletes and restores; long-text edits on lines of their own), pushed in bursts. Then:
// - every causal delivery order of the changes, with random repetitions, gives the server's row;
// - every order whatsoever gives the same values, clocks and authors for the fields outside long text;
// - replaying any change on the final row changes nothing.
void TestMerge::convergenceProperty()
{
    QFETCH(quint32, seed);
    QFETCH(int, scenarios);
    QFETCH(bool, coalesceOutbox);
    QRandomGenerator rng(seed);
    const QStringList statuses = WorkOrder::statuses();
    const QStringList priorities = WorkOrder::priorities();
    const QStringList customers { u"Acme"_s, u"Globex"_s, u"Initech"_s };
    qint64 totalChanges = 0;
    qint64 merges = 0;
    qint64 conflicts = 0;

    for (int scenario = 0; scenario < scenarios; ++scenario) {
        const int deviceCount = 2 + int(rng.bounded(3));
        QList<SimDevice> devices;
        for (int i = 0; i < deviceCount; ++i) {
            SimDevice d;
            d.node = u"01HZXDEV%1"_s.arg(i) + QString(18, QChar(u'A' + i));
            d.index = i;
            d.skewMs = rng.bounded(2) ? 0 : qint64(rng.bounded(5)) - 2;
            devices.append(d);
        }
        qint64 wall = T0;
        int opCounter = 0;
        const auto nextOp = [&] { return u"op%1"_s.arg(++opCounter); };

        QString text;
        for (int i = 0; i < 4 * deviceCount; ++i)
            text += u"base line %1\n"_s.arg(i);
        const QString c0 = devices[0].now(wall);
        const Change create = change(nextOp(),
            { { u"title"_s, u"Rooftop unit"_s, c0, {} }, { u"description"_s, text, c0, {}, u""_s },
                { u"notes"_s, text, c0, {}, std::nullopt }, { u"status"_s, u"pending"_s, c0, {} } });
        QList<Arrival> arrivals { Arrival { create, 0, -1 } };
        Row server = applyOne(std::nullopt, create).row;
        QList<int> seen(deviceCount, 1);
        for (SimDevice& d : devices) {
            d.view = server;
            d.observe(server);
        }

        const auto push = [&](SimDevice& d) {
            if (!d.outbox.isEmpty()) {
                const QList<Change> batch = coalesceOutbox ? QList<Change> { coalesce(d.outbox, nextOp()) } : d.outbox;
                int previous = -1;
                for (const Change& c : batch) {
                    const Outcome o = applyOne(server, c);
                    merges += o.status == ChangeStatus::Merged;
                    conflicts += o.conflicts.size();
                    server = o.row;
                    arrivals.append(Arrival { c, seen.at(d.index), previous });
                    previous = int(arrivals.size()) - 1;
                }
                d.outbox.clear();
            }
            d.view = server;
            d.observe(server);
            seen[d.index] = int(arrivals.size());
        };

        const int steps = 10 + int(rng.bounded(30));
        for (int step = 0; step < steps; ++step) {
            wall += rng.bounded(3);
            SimDevice& d = devices[int(rng.bounded(deviceCount))];
            const quint32 action = rng.bounded(100);
            if (action < 20) {
                push(d);
                continue;
            }
            const QString h = d.now(wall);
            QList<Edit> edits;
            if (action < 30) {
                edits.append({ u"deleted"_s, !d.view.deleted(), h, d.view.clocks.value(u"deleted"_s) });
            } else {
                const int fieldCount = 1 + int(rng.bounded(3));
                for (int f = 0; f < fieldCount; ++f) {
                    const quint32 which = rng.bounded(6);
                    const QString name = QStringList { u"title"_s, u"status"_s, u"priority"_s, u"customer"_s,
                        u"description"_s, u"notes"_s }
                                             .at(which);
                    if (std::any_of(edits.begin(), edits.end(), [&](const Edit& e) { return e.field == name; }))
                        continue;
                    const QString clock = d.view.clocks.value(name);
                    QJsonValue value;
                    std::optional<QString> baseText;
                    switch (which) {
                    case 0:
                        value = u"Title %1"_s.arg(int(rng.bounded(4)));
                        break;
                    case 1:
                        value = statuses.at(int(rng.bounded(statuses.size())));
                        break;
                    case 2:
                        value = priorities.at(int(rng.bounded(priorities.size())));
                        break;
                    case 3:
                        value = customers.at(int(rng.bounded(customers.size())));
                        break;
                    default: {
                        const QString current = d.view.values.value(name).toString();
                        QStringList lines = current.split(u'\n');
                        const int own = int(rng.bounded(4)) * deviceCount + d.index; // lines of this device
                        lines[own] = u"%1 edited by %2 at %3"_s.arg(name).arg(d.index).arg(step);
                        value = lines.join(u'\n');
                        baseText = current;
                        break;
                    }
                    }
                    edits.append({ name, value, h, clock, baseText });
                }
            }
            const Change c = change(nextOp(), edits);
            d.view = applyOne(d.view, c).row; // the local edit
            d.outbox.append(c);
        }
        for (SimDevice& d : devices)
            push(d);
        totalChanges += arrivals.size();

        QList<Change> all;
        for (const Arrival& a : arrivals)
            all.append(a.change);
        for (int order = 0; order < 4; ++order) {
            const Row row = applyAll(std::nullopt, causalOrder(arrivals, rng));
            if (row != server) {
                qWarning().noquote() << "seed" << seed << "scenario" << scenario << "causal order" << order;
                qWarning().noquote() << serialize(server.toJson());
                qWarning().noquote() << serialize(row.toJson());
            }
            QCOMPARE(row, server);

            QList<Change> shuffled = all;
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            const int repeats = int(rng.bounded(all.size() / 2 + 1));
            for (int r = 0; r < repeats; ++r)
                shuffled.insert(rng.bounded(shuffled.size() + 1), all.at(rng.bounded(all.size())));
            QCOMPARE(withoutLongText(applyAll(std::nullopt, shuffled)), withoutLongText(server));
        }
        for (const Change& c : all) {
            const Outcome again = applyOne(server, c);
            QVERIFY2(!again.changed, qPrintable(u"scenario %1, %2"_s.arg(scenario).arg(c.opId)));
        }
    }
    QVERIFY(merges > 0); // the scenarios do exercise the three-way merge...
    QVERIFY(conflicts > 0); // ...and concurrent edits of one field
    qInfo("%lld changes in %d scenarios (%lld merged, %lld conflicts), each delivered in 8 orders", totalChanges,
        scenarios, merges, conflicts);
}

QTEST_GUILESS_MAIN(TestMerge)
#include "test_merge.moc"
