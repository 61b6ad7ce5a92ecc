#include "Clock.h"
#include "Hlc.h"
#include "LocalStore.h"
#include "Schema.h"
#include "Ulid.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace fieldsync;

namespace {

constexpr qint64 Start = 1'750'000'000'000;
constexpr qint64 Hour = 3600 * 1000;

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

struct OutboxEntry
{
    QString value, hlc, baseHlc;
    QVariant baseText;
    qint64 editedAt = 0;
};

QMap<QString, OutboxEntry> outbox(LocalStore& store, const QString& id)
{
    QMap<QString, OutboxEntry> entries;
    QSqlQuery q(store.database());
    q.prepare(s("SELECT field, value, hlc, base_hlc, base_text, edited_at FROM outbox WHERE tbl = 'work_orders' "
                "AND row_id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return entries;
    while (q.next())
        entries.insert(q.value(0).toString(),
            { q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4),
                q.value(5).toLongLong() });
    return entries;
}

// What the sync worker does when the server acknowledged every field of a row.
void acknowledge(LocalStore& store, const QString& id)
{
    QSqlQuery q(store.database());
    q.prepare(s("DELETE FROM outbox WHERE tbl = 'work_orders' AND row_id = ?"));
    q.addBindValue(id);
    q.exec();
    q.prepare(s("UPDATE work_orders SET sync_status = 'synced' WHERE id = ?"));
    q.addBindValue(id);
    q.exec();
}

int search(LocalStore& store, const QString& match)
{
    QSqlQuery q(store.database());
    q.prepare(s("SELECT count(*) FROM work_orders_fts JOIN work_orders w ON w.rowid = work_orders_fts.rowid "
                "WHERE work_orders_fts MATCH ? AND w.deleted = 0"));
    q.addBindValue(match);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

QVariantMap sampleOrder()
{
    return { { s("title"), s("No cooling – HVAC Unit 4B") }, { s("description"), s("Warm air since Monday.") },
        { s("status"), s("scheduled") }, { s("priority"), s("high") }, { s("customer"), s("Harbor View Apartments") },
        { s("site"), s("12 Harbor Road, Riverton") }, { s("asset"), s("HVAC Unit 4B") },
        { s("assigned_to"), s("Priya Shah") }, { s("due_at"), s("2025-06-20") } };
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void insertStampsEveryFieldAndMarksDirty();
    void rejectsInvalidInputAndChangesNothing();
    void updateStampsOnlyChangedFields();
    void unchangedUpdateIsNoOp();
    void outboxKeepsFirstBase();
    void tombstones();
    void hlcPersistedAndMonotonicAcrossRestart();
    void searchFollowsEdits();
    void counts();
    void demoDataIsDeterministicAndRealistic();
    void twoStoresShareOneClockOnTwoThreads();
    void removeFilesDeletesTheStoreAndItsLog();

private:
    QString path() const { return m_dir->filePath(s("store.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStore::insertStampsEveryFieldAndMarksDirty()
{
    ManualClock wall(Start);
    LocalStore store(&wall);
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    QVERIFY2(Ulid::isValid(id), qPrintable(store.lastError().message));
    QCOMPARE(Ulid::timestampMs(id), Start);

    const auto row = store.row(Schema::WorkOrders, id);
    QVERIFY(row);
    QCOMPARE(row->value(s("title")).toString(), s("No cooling – HVAC Unit 4B"));
    QCOMPARE(row->value(s("notes")).toString(), QString()); // default
    QCOMPARE(row->value(s("deleted")).toBool(), false);
    QCOMPARE(row->value(s("created_at")).toString(), s("2025-06-15T15:06:40.000Z"));
    QCOMPARE(row->value(s("sync_status")).toString(), s("dirty"));

    const QString lastUpdated = row->value(s("last_updated")).toString();
    const auto stamp = HlcTimestamp::parse(lastUpdated);
    QVERIFY(stamp);
    QCOMPARE(stamp->physicalMs, Start);
    QCOMPARE(stamp->node, store.deviceId());
    const QVariantMap clocks = store.fieldClocks(Schema::WorkOrders, id);
    QStringList names = Schema::instance().table(Schema::WorkOrders)->fieldNames();
    names.sort();
    QCOMPARE(clocks.keys(), names);
    for (const QVariant& c : clocks)
        QCOMPARE(c.toString(), lastUpdated);

    const auto entries = outbox(store, id);
    QCOMPARE(entries.size(), 12);
    QCOMPARE(entries[s("title")].value, s("\"No cooling – HVAC Unit 4B\""));
    QCOMPARE(entries[s("deleted")].value, s("false"));
    QCOMPARE(entries[s("title")].hlc, lastUpdated);
    QCOMPARE(entries[s("title")].baseHlc, QString());
    QVERIFY(entries[s("title")].baseText.isNull());
    QCOMPARE(entries[s("description")].baseText.toString(), QString());
    QVERIFY(!entries[s("description")].baseText.isNull());
    QCOMPARE(entries[s("status")].editedAt, Start);
    QCOMPARE(store.meta(s("hlc")), lastUpdated);
}

void TestStore::rejectsInvalidInputAndChangesNothing()
{
    LocalStore store;
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    QVERIFY(!id.isEmpty());
    const auto before = store.row(Schema::WorkOrders, id);
    const QString hlcBefore = store.meta(s("hlc"));

    struct Case
    {
        QVariantMap values;
        StoreError::Kind kind;
    };
    const QList<Case> cases {
        { { { s("title"), s("x") }, { s("colour"), s("red") } }, StoreError::Invalid },
        { { { s("status"), s("done") } }, StoreError::Invalid },
        { { { s("priority"), s("URGENT") } }, StoreError::Invalid },
        { { { s("title"), QString(201, u'x') } }, StoreError::Invalid },
        { { { s("title"), s("   ") } }, StoreError::Invalid },
        { { { s("site"), s("line one\nline two") } }, StoreError::Invalid },
        { { { s("due_at"), s("2025-02-30") } }, StoreError::Invalid },
        { { { s("due_at"), s("20.06.2025") } }, StoreError::Invalid },
        { { { s("created_at"), s("yesterday") } }, StoreError::Invalid },
        { { { s("customer"), 42 } }, StoreError::Invalid },
        { { { s("deleted"), s("yes") } }, StoreError::Invalid },
    };
    for (const Case& c : cases) {
        QVERIFY(!store.updateRow(Schema::WorkOrders, id, c.values));
        QCOMPARE(store.lastError().kind, c.kind);
        QVERIFY(!store.lastError().message.isEmpty());
    }
    QVERIFY(!store.updateRow(s("invoices"), id, { { s("title"), s("x") } }));
    QCOMPARE(store.lastError().kind, StoreError::Invalid);
    QVERIFY(!store.updateRow(Schema::WorkOrders, Ulid::generate(), { { s("title"), s("x") } }));
    QCOMPARE(store.lastError().kind, StoreError::NotFound);
    QCOMPARE(store.row(Schema::WorkOrders, id), before);
    QCOMPARE(store.meta(s("hlc")), hlcBefore);

    QVERIFY(store.insertRow(Schema::WorkOrders, { { s("description"), s("no title") } }).isEmpty());
    QCOMPARE(store.lastError().kind, StoreError::Invalid);
    QVERIFY(store.insertRow(Schema::WorkOrders, { { s("title"), s("ok") }, { s("id"), Ulid::generate() } }).isEmpty());
    QCOMPARE(store.rowCount(Schema::WorkOrders, true), 1);
    // A valid edit after the refused ones works and clears the error.
    QVERIFY(store.updateRow(Schema::WorkOrders, id, { { s("due_at"), QVariant() } }));
    QCOMPARE(store.lastError().kind, StoreError::None);
    QCOMPARE(store.row(Schema::WorkOrders, id)->value(s("due_at")).toString(), QString());
}

void TestStore::updateStampsOnlyChangedFields()
{
    ManualClock wall(Start);
    LocalStore store(&wall);
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    acknowledge(store, id);
    const QVariantMap before = store.fieldClocks(Schema::WorkOrders, id);

    wall.advanceMs(60'000);
    // status is "changed" to its current value; only title and priority really change.
    QVERIFY(store.updateRow(Schema::WorkOrders, id,
        { { s("title"), s("No cooling – HVAC Unit 4C") }, { s("status"), s("scheduled") },
            { s("priority"), s("urgent") } }));
    const QVariantMap after = store.fieldClocks(Schema::WorkOrders, id);
    const auto row = store.row(Schema::WorkOrders, id);
    const QString stamp = row->value(s("last_updated")).toString();
    QCOMPARE(HlcTimestamp::parse(stamp)->physicalMs, Start + 60'000);
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (it.key() == u"title" || it.key() == u"priority")
            QCOMPARE(it.value().toString(), stamp);
        else
            QCOMPARE(it.value(), before.value(it.key()));
    }
    QCOMPARE(row->value(s("sync_status")).toString(), s("dirty"));
    const auto entries = outbox(store, id);
    QCOMPARE(entries.keys(), QStringList({ s("priority"), s("title") }));
    QCOMPARE(entries[s("priority")].value, s("\"urgent\""));
    QCOMPARE(entries[s("priority")].baseHlc, before.value(s("priority")).toString());
    QCOMPARE(entries[s("title")].editedAt, Start + 60'000);
}

void TestStore::unchangedUpdateIsNoOp()
{
    LocalStore store;
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    acknowledge(store, id);
    const auto before = store.row(Schema::WorkOrders, id);
    QVERIFY(store.updateRow(Schema::WorkOrders, id, sampleOrder()));
    QVERIFY(store.updateRow(Schema::WorkOrders, id, {}));
    QCOMPARE(store.row(Schema::WorkOrders, id), before);
    QCOMPARE(before->value(s("sync_status")).toString(), s("synced"));
    QVERIFY(outbox(store, id).isEmpty());
    QCOMPARE(store.unsyncedRowCount(), 0);
}

void TestStore::outboxKeepsFirstBase()
{
    ManualClock wall(Start);
    LocalStore store(&wall);
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    acknowledge(store, id);
    const QString syncedClock = store.fieldClocks(Schema::WorkOrders, id).value(s("description")).toString();

    wall.advanceMs(1000);
    QVERIFY(store.updateRow(Schema::WorkOrders, id, { { s("description"), s("Warm air since Monday.\nFan OK.") } }));
    const QString firstEdit = store.fieldClocks(Schema::WorkOrders, id).value(s("description")).toString();
    wall.advanceMs(1000);
    QVERIFY(store.updateRow(Schema::WorkOrders, id,
        { { s("description"), s("Warm air since Monday.\nFan OK.\nLow charge.") },
            { s("notes"), s("Bring R-410A.") } }));
    const QString secondEdit = store.fieldClocks(Schema::WorkOrders, id).value(s("description")).toString();
    QVERIFY(secondEdit > firstEdit);

    const auto entries = outbox(store, id);
    const OutboxEntry& description = entries[s("description")];
    // Value and clock follow the latest edit; base and edit time stay those of the first unacknowledged edit.
    QCOMPARE(description.value, s("\"Warm air since Monday.\\nFan OK.\\nLow charge.\""));
    QCOMPARE(description.hlc, secondEdit);
    QCOMPARE(description.baseHlc, syncedClock);
    QCOMPARE(description.baseText.toString(), s("Warm air since Monday."));
    QCOMPARE(description.editedAt, Start + 1000);
    QCOMPARE(entries[s("notes")].baseText.toString(), QString());
    QVERIFY(!entries[s("notes")].baseText.isNull());
    QCOMPARE(entries[s("notes")].editedAt, Start + 2000);

    // An ack for the first edit's clock (what a push in flight would carry) leaves the newer edit queued.
    QSqlQuery q(store.database());
    q.prepare(s("DELETE FROM outbox WHERE tbl = 'work_orders' AND row_id = ? AND field = 'description' AND hlc = ?"));
    q.addBindValue(id);
    q.addBindValue(firstEdit);
    QVERIFY(q.exec());
    QCOMPARE(q.numRowsAffected(), 0);
}

void TestStore::tombstones()
{
    ManualClock wall(Start);
    LocalStore store(&wall);
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    const QString other = store.insertRow(Schema::WorkOrders, { { s("title"), s("Blocked drain") } });
    acknowledge(store, id);
    QCOMPARE(store.rowCount(Schema::WorkOrders), 2);

    wall.advanceMs(10);
    QVERIFY(store.deleteRow(Schema::WorkOrders, id));
    auto row = store.row(Schema::WorkOrders, id);
    QVERIFY(row); // kept for sync
    QCOMPARE(row->value(s("deleted")).toBool(), true);
    QCOMPARE(row->value(s("sync_status")).toString(), s("dirty"));
    QCOMPARE(row->value(s("title")).toString(), s("No cooling – HVAC Unit 4B"));
    QCOMPARE(store.rowCount(Schema::WorkOrders), 1);
    QCOMPARE(store.rowCount(Schema::WorkOrders, true), 2);
    QCOMPARE(search(store, s("cooling")), 0);
    auto entries = outbox(store, id);
    QCOMPARE(entries.keys(), QStringList { s("deleted") });
    QCOMPARE(entries[s("deleted")].value, s("true"));
    const QString deleteClock = store.fieldClocks(Schema::WorkOrders, id).value(s("deleted")).toString();
    QCOMPARE(HlcTimestamp::parse(deleteClock)->physicalMs, Start + 10);

    QVERIFY(store.deleteRow(Schema::WorkOrders, id)); // already deleted: nothing to do
    QCOMPARE(store.fieldClocks(Schema::WorkOrders, id).value(s("deleted")).toString(), deleteClock);

    wall.advanceMs(10);
    QVERIFY(store.undeleteRow(Schema::WorkOrders, id));
    row = store.row(Schema::WorkOrders, id);
    QCOMPARE(row->value(s("deleted")).toBool(), false);
    QCOMPARE(store.rowCount(Schema::WorkOrders), 2);
    QCOMPARE(search(store, s("cooling")), 1);
    entries = outbox(store, id);
    QCOMPARE(entries[s("deleted")].value, s("false"));
    QVERIFY(entries[s("deleted")].hlc > deleteClock);

    QVERIFY(!store.deleteRow(Schema::WorkOrders, Ulid::generate()));
    QCOMPARE(store.lastError().kind, StoreError::NotFound);
    QVERIFY(store.deleteRow(Schema::WorkOrders, other));
    QCOMPARE(store.rowCount(Schema::WorkOrders), 1);
}

void TestStore::hlcPersistedAndMonotonicAcrossRestart()
{
    ManualClock wall(Start);
    QString lastStamp;
    QString id;
    {
        LocalStore store(&wall);
        QVERIFY(store.open(path(), s("ui")));
        id = store.insertRow(Schema::WorkOrders, sampleOrder());
        wall.advanceMs(2 * Hour);
        QVERIFY(store.updateRow(Schema::WorkOrders, id, { { s("status"), s("in_progress") } }));
        lastStamp = store.row(Schema::WorkOrders, id)->value(s("last_updated")).toString();
        QCOMPARE(store.meta(s("hlc")), lastStamp); // written in the edit's own transaction
        QCOMPARE(store.hlc()->last().toString(), lastStamp);
    }
    // Restart with the laptop clock five hours behind.
    wall.advanceMs(-5 * Hour);
    LocalStore store(&wall);
    QVERIFY(store.open(path(), s("ui")));
    QCOMPARE(store.hlc()->last().toString(), lastStamp);
    QVERIFY(store.updateRow(Schema::WorkOrders, id, { { s("status"), s("completed") } }));
    const QString next = store.row(Schema::WorkOrders, id)->value(s("last_updated")).toString();
    QVERIFY2(next > lastStamp, qPrintable(next + s(" <= ") + lastStamp));
    QCOMPARE(store.meta(s("hlc")), next);

    // A stamp absorbed from the server is persisted on request and never lowered.
    store.hlc()->update({ Start + 9 * Hour, 0, s("01HZZZZZZZZZZZZZZZZZZZZZZZ") });
    QVERIFY(store.persistClock());
    const QString absorbed = store.meta(s("hlc"));
    QCOMPARE(HlcTimestamp::parse(absorbed)->physicalMs, Start + 9 * Hour);
    QVERIFY(store.setMeta(s("unrelated"), s("x")));
    QCOMPARE(store.meta(s("hlc")), absorbed);
}

void TestStore::searchFollowsEdits()
{
    LocalStore store;
    QVERIFY(store.open(path(), s("ui")));
    const QString id = store.insertRow(Schema::WorkOrders, sampleOrder());
    QCOMPARE(search(store, s("harbor")), 1);
    QCOMPARE(search(store, s("riverton")), 1);
    QCOMPARE(search(store, s("hvac")), 1);
    QCOMPARE(search(store, s("monday")), 1);
    QCOMPARE(search(store, s("elevator")), 0);
    QVERIFY(store.updateRow(
        Schema::WorkOrders, id, { { s("asset"), s("Freight Elevator F2") }, { s("title"), s("Door not closing") } }));
    QCOMPARE(search(store, s("elevator")), 1);
    QCOMPARE(search(store, s("cooling")), 0);
    QCOMPARE(search(store, s("door*")), 1);
}

void TestStore::counts()
{
    LocalStore store;
    QVERIFY(store.open(path(), s("ui")));
    const QString a = store.insertRow(Schema::WorkOrders, sampleOrder());
    const QString b = store.insertRow(Schema::WorkOrders, sampleOrder());
    store.insertRow(Schema::WorkOrders, sampleOrder());
    QCOMPARE(store.unsyncedRowCount(), 3);
    acknowledge(store, a);
    acknowledge(store, b);
    QCOMPARE(store.unsyncedRowCount(), 1);
    QVERIFY(store.deleteRow(Schema::WorkOrders, a));
    QCOMPARE(store.unsyncedRowCount(), 2); // a delete is an unsynced change too

    QCOMPARE(store.openConflictCount(), 0);
    QSqlQuery q(store.database());
    QVERIFY(q.exec(s("INSERT INTO conflicts (id, tbl, row_id, field, winner_value, loser_value, winner_hlc, loser_hlc, "
                     "rule, created_at) VALUES ('c1', 'work_orders', 'x', 'title', '\"a\"', '\"b\"', 'h2', 'h1', "
                     "'lww', '2025-06-01T00:00:00.000Z'), ('c2', 'work_orders', 'x', 'notes', '\"a\"', '\"b\"', "
                     "'h2', 'h1', 'lww', '2025-06-01T00:00:00.000Z')")));
    QVERIFY(q.exec(s("UPDATE conflicts SET resolved = 1, resolution = 'kept_winner' WHERE id = 'c2'")));
    QCOMPARE(store.openConflictCount(), 1);
}

void TestStore::demoDataIsDeterministicAndRealistic()
{
    const QDate anchor(2025, 6, 2);
    auto contents = [&](LocalStore& store) {
        QStringList rows;
        QSqlQuery q(store.database());
        q.exec(s("SELECT title, description, status, priority, customer, site, asset, assigned_to, due_at, notes, "
                 "created_at FROM work_orders"));
        while (q.next()) {
            QStringList values;
            for (int i = 0; i < 11; ++i)
                values << q.value(i).toString();
            rows << values.join(u'|');
        }
        rows.sort();
        return rows;
    };
    auto schemaObjects = [](LocalStore& store) {
        QStringList objects;
        QSqlQuery q(store.database());
        q.exec(s("SELECT type || ' ' || name || ' ' || sql FROM sqlite_master ORDER BY name"));
        while (q.next())
            objects << q.value(0).toString();
        return objects;
    };
    LocalStore first;
    QVERIFY(first.open(path(), s("ui")));
    const QStringList objectsBefore = schemaObjects(first);
    QCOMPARE(first.seedDemoData(200, anchor), 200);
    // The bulk load put back every index and trigger it set aside.
    QCOMPARE(schemaObjects(first), objectsBefore);
    QCOMPARE(first.seedDemoData(200, anchor), 0); // only into an empty store
    LocalStore second;
    QVERIFY(second.open(m_dir->filePath(s("second.sqlite")), s("second")));
    QCOMPARE(second.seedDemoData(200, anchor), 200);
    const QStringList rows = contents(first);
    QCOMPARE(rows, contents(second));
    QCOMPARE(rows.size(), 200);

    // Valid by the schema, varied, and queued for the first sync.
    const TableDef& def = *Schema::instance().table(Schema::WorkOrders);
    QSet<QString> statuses, priorities, customers, technicians, assets, titles;
    int hvac = 0, plumbing = 0, electrical = 0, elevators = 0, overdue = 0;
    QSqlQuery q(first.database());
    QVERIFY(q.exec(s("SELECT id FROM work_orders")));
    while (q.next()) {
        const auto row = first.row(Schema::WorkOrders, q.value(0).toString());
        QVERIFY(row);
        for (const FieldDef& f : def.fields)
            QVERIFY2(def.validate(f, row->value(f.name)).isEmpty(), qPrintable(f.name));
        statuses << row->value(s("status")).toString();
        priorities << row->value(s("priority")).toString();
        customers << row->value(s("customer")).toString();
        technicians << row->value(s("assigned_to")).toString();
        assets << row->value(s("asset")).toString();
        titles << row->value(s("title")).toString();
        const QString asset = row->value(s("asset")).toString();
        hvac += asset.contains(s("HVAC")) || asset.contains(s("Boiler")) || asset.contains(s("Chiller"));
        plumbing += asset.contains(s("Water Heater")) || asset.contains(s("Pump")) || asset.contains(s("Riser"));
        electrical += asset.contains(s("Panel")) || asset.contains(s("Generator")) || asset.contains(s("Circuit"));
        elevators += asset.contains(s("Elevator")) || asset.contains(s("Escalator"));
        const QString due = row->value(s("due_at")).toString();
        overdue += !due.isEmpty() && QDate::fromString(due, s("yyyy-MM-dd")) < anchor;
        QCOMPARE(row->value(s("sync_status")).toString(), s("dirty"));
    }
    QCOMPARE(statuses.size(), 6);
    QCOMPARE(priorities.size(), 4);
    QVERIFY(customers.size() >= 15);
    QVERIFY(technicians.size() >= 8);
    QVERIFY(assets.size() >= 60);
    QVERIFY(titles.size() >= 120);
    QVERIFY(hvac > 0 && plumbing > 0 && electrical > 0 && elevators > 0);
    QVERIFY(overdue > 0);
    QVERIFY(q.exec(s("SELECT count(*) FROM outbox")) && q.next());
    QCOMPARE(q.value(0).toInt(), 200 * 12);
    QCOMPARE(first.unsyncedRowCount(), 200);
    QVERIFY(search(first, s("hvac")) > 0);
    QCOMPARE(first.meta(s("hlc")), first.hlc()->last().toString());

    // The benchmark's variant: the same content, as already synced history.
    LocalStore synced;
    QVERIFY(synced.open(m_dir->filePath(s("synced.sqlite")), s("synced")));
    QCOMPARE(synced.seedDemoData(200, anchor, LocalStore::SeedMode::Synced), 200);
    QCOMPARE(contents(synced), rows);
    QCOMPARE(synced.unsyncedRowCount(), 0);
    QSqlQuery sq(synced.database());
    QVERIFY(sq.exec(s("SELECT count(*) FROM outbox")) && sq.next());
    QCOMPARE(sq.value(0).toInt(), 0);
    QVERIFY(search(synced, s("elevator")) > 0);
}

void TestStore::twoStoresShareOneClockOnTwoThreads()
{
    // The UI and the sync worker: one file, one connection per thread, one device clock.
    QString device;
    {
        LocalStore setup;
        QVERIFY(setup.open(path(), s("setup")));
        device = setup.deviceId();
    }
    ManualClock wall(Start);
    auto clock = std::make_shared<HybridLogicalClock>(device, &wall);
    constexpr int Edits = 150;
    QList<QStringList> stamps(2);
    QList<QString> errors(2);
    QList<QThread*> threads;
    for (int t = 0; t < 2; ++t) {
        threads << QThread::create([&, t] {
            LocalStore store(&wall);
            store.shareClock(clock);
            if (!store.open(path(), t == 0 ? s("ui") : s("sync"))) {
                errors[t] = store.lastError().message;
                return;
            }
            for (int i = 0; i < Edits; ++i) {
                QVariantMap values = sampleOrder();
                values[s("title")] = QStringLiteral("Thread %1 order %2").arg(t).arg(i);
                const QString id = store.insertRow(Schema::WorkOrders, values);
                if (id.isEmpty() || !store.updateRow(Schema::WorkOrders, id, { { s("notes"), s("checked") } })) {
                    errors[t] = store.lastError().message;
                    return;
                }
                const QVariantMap clocks = store.fieldClocks(Schema::WorkOrders, id);
                stamps[t] << clocks.value(s("title")).toString() << clocks.value(s("notes")).toString();
                if (i % 10 == 0)
                    wall.advanceMs(t == 0 ? 1 : -1);
            }
        });
        threads.last()->start();
    }
    for (QThread* thread : threads) {
        QVERIFY(thread->wait(120'000));
        delete thread;
    }
    QCOMPARE(errors[0], QString());
    QCOMPARE(errors[1], QString());
    QStringList all;
    for (const QStringList& list : stamps) {
        QCOMPARE(list.size(), 2 * Edits);
        for (int i = 1; i < list.size(); ++i)
            QVERIFY(list[i] > list[i - 1]);
        all += list;
    }
    std::sort(all.begin(), all.end());
    QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());

    LocalStore check;
    QVERIFY(check.open(path(), s("check")));
    QCOMPARE(check.rowCount(Schema::WorkOrders), 2 * Edits);
    QCOMPARE(check.unsyncedRowCount(), 2 * Edits);
    QCOMPARE(check.meta(s("hlc")), all.last());
}

void TestStore::removeFilesDeletesTheStoreAndItsLog()
{
    const QString file = path();
    {
        LocalStore store;
        QVERIFY(store.open(file, s("removed")));
        QVERIFY(!store.insertRow(Schema::WorkOrders, sampleOrder()).isEmpty());
        QVERIFY(QFile::exists(file + s("-wal")));
    }
    QFile(file + s("-shm")).open(QIODevice::WriteOnly); // whether or not closing left one
    QVERIFY(LocalStore::removeFiles(file));
    for (const QString& suffix : { QString(), s("-wal"), s("-shm") })
        QVERIFY2(!QFile::exists(file + suffix), qPrintable(suffix));
    QVERIFY(LocalStore::removeFiles(file)); // nothing left to remove

    // A file that cannot be removed is named.
    QVERIFY(QDir().mkpath(file + s("-wal/locked")));
    QString error;
    QVERIFY(!LocalStore::removeFiles(file, &error));
    QVERIFY2(error.contains(s("-wal")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestStore)
#include "test_store.moc"
