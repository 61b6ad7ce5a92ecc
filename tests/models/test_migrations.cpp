#include "Clock.h"
#include "Hlc.h"
#include "LocalStore.h"
#include "Migrations.h"
#include "Schema.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace fieldsync;

namespace {

const QString DeviceId = QStringLiteral("01HF3Z8R6Q5N2V7W9X0Y1Z2A3B");
const QString OldClock = QStringLiteral("0193a1b2c3d4-0003-01HF3Z8R6Q5N2V7W9X0Y1Z2A3B");
const QString RemoteClock = QStringLiteral("0193a1b2c3d9-0000-01HG00000000000000000000ZZ"); // pulled, other device

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

struct OldRow
{
    QString id, title, description, status, priority, customer, site, asset, assignedTo, dueAt, notes, createdAt,
        lastUpdated, syncStatus;
    int deleted = 0;
};

QList<OldRow> oldRows()
{
    return {
        { QStringLiteral("01HF40000000000000000000A1"), QStringLiteral("No cooling – HVAC Unit 4B"),
            QStringLiteral("Blowing warm air.\nCheck charge."), QStringLiteral("in_progress"), QStringLiteral("high"),
            QStringLiteral("Harbor View Apartments"), QStringLiteral("12 Harbor Road, Riverton"),
            QStringLiteral("HVAC Unit 4B"), QStringLiteral("Priya Shah"), QStringLiteral("2025-06-10"),
            QStringLiteral("Key at the front desk."), QStringLiteral("2025-05-30T08:15:00.000Z"), OldClock,
            QStringLiteral("dirty"), 0 },
        { QStringLiteral("01HF40000000000000000000A2"), QStringLiteral("Annual heating service – Boiler B1"), QString(),
            QStringLiteral("completed"), QStringLiteral("normal"), QStringLiteral("City Public Library"),
            QStringLiteral("400 Main Street, Springfield"), QStringLiteral("Boiler B1"), QString(), QString(),
            QString(), QStringLiteral("2025-05-01T10:00:00.000Z"), RemoteClock, QStringLiteral("synced"), 0 },
        { QStringLiteral("01HF40000000000000000000A3"), QStringLiteral("Leaking pipe – Riser 2"),
            QStringLiteral("Ceiling stain."), QStringLiteral("cancelled"), QStringLiteral("low"),
            QStringLiteral("Bluebird Bakery"), QStringLiteral("7 Elm Street, Fairview"), QStringLiteral("Riser 2"),
            QStringLiteral("Sam Okafor"), QStringLiteral("2025-06-01"), QString(),
            QStringLiteral("2025-05-20T14:30:00.000Z"), OldClock, QStringLiteral("dirty"), 1 },
    };
}

bool execAll(QSqlDatabase& db, const QStringList& statements)
{
    QSqlQuery q(db);
    for (const QString& sql : statements) {
        if (!q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
    }
    return true;
}

// Builds a database exactly as the release with schema `version` left it, with data in it.
bool buildDatabase(const QString& path, int version)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("build"));
        db.setDatabaseName(path);
        ok = db.open() && execAll(db, { QStringLiteral("BEGIN") });
        for (int v = 1; ok && v <= version; ++v)
            ok = execAll(db, migrations::statements(v))
                && execAll(db, { QStringLiteral("PRAGMA user_version = %1").arg(v) });
        if (ok && version >= 1) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('device_id', ?), ('hlc', ?)"));
            q.addBindValue(DeviceId);
            q.addBindValue(OldClock);
            ok = q.exec();
            for (const OldRow& r : oldRows()) {
                q.prepare(QStringLiteral(
                    "INSERT INTO work_orders (id, title, description, status, priority, customer, site, asset, "
                    "assigned_to, due_at, notes, created_at, last_updated, deleted, sync_status) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                for (const QVariant& v : { QVariant(r.id), QVariant(r.title), QVariant(r.description),
                         QVariant(r.status), QVariant(r.priority), QVariant(r.customer), QVariant(r.site),
                         QVariant(r.asset), QVariant(r.assignedTo), QVariant(r.dueAt), QVariant(r.notes),
                         QVariant(r.createdAt), QVariant(r.lastUpdated), QVariant(r.deleted), QVariant(r.syncStatus) })
                    q.addBindValue(v.toString().isNull() ? QVariant(QStringLiteral("")) : v);
                ok = ok && q.exec();
            }
        }
        if (ok && version >= 2) {
            // A version-2 device tracked its unsent fields in the outbox, e.g. an edited title.
            ok = execAll(db,
                { QStringLiteral("UPDATE work_orders SET field_clocks = '{\"title\":\"%1\"}'").arg(OldClock),
                    QStringLiteral("INSERT INTO outbox VALUES ('work_orders', '01HF40000000000000000000A1', 'title', "
                                   "'\"No cooling – HVAC Unit 4B\"', '%1', '', NULL, 1717000000000)")
                        .arg(OldClock) });
        }
        ok = ok && execAll(db, { QStringLiteral("COMMIT") });
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("build"));
    return ok;
}

int scalar(LocalStore& store, const QString& sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void upgradesEveryOlderVersion_data();
    void upgradesEveryOlderVersion();
    void newDatabaseHasLatestSchema();
    void configuresConnection();
    void refusesNewerSchemaUntouched();
    void refusesGarbageFileUntouched();
    void refusesDamagedDatabaseUntouched();
    void refusesForeignDatabaseUntouched();
    void concurrentFirstOpen();
    void refusesReadOnlyFileUntouched();
    void createsMissingDirectory();
    void reportsUncreatableDirectory();
    void failedStepRollsBack();
    void pendingRebuildForgetsTheOldSyncIndex();

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
};

void TestMigrations::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(LocalStore::latestSchemaVersion(), migrations::latestVersion());
}

void TestMigrations::upgradesEveryOlderVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v = 1; v <= migrations::latestVersion(); ++v)
        QTest::addRow("from v%d", v) << v;
}

void TestMigrations::upgradesEveryOlderVersion()
{
    QFETCH(int, version);
    const QString file = path(QStringLiteral("v%1.sqlite").arg(version));
    QVERIFY(buildDatabase(file, version));

    ManualClock wall(1'600'000'000'000); // a wall clock far behind the stored clocks
    LocalStore store(&wall);
    QVERIFY2(store.open(file, QStringLiteral("ui")), qPrintable(store.lastError().message));
    QCOMPARE(store.schemaVersion(), migrations::latestVersion());
    QCOMPARE(store.deviceId(), DeviceId);
    QCOMPARE(store.rowCount(Schema::WorkOrders, true), 3);
    QCOMPARE(store.rowCount(Schema::WorkOrders), 2);

    for (const OldRow& r : oldRows()) {
        const auto row = store.row(Schema::WorkOrders, r.id);
        QVERIFY(row);
        QCOMPARE(row->value(QStringLiteral("title")).toString(), r.title);
        QCOMPARE(row->value(QStringLiteral("description")).toString(), r.description);
        QCOMPARE(row->value(QStringLiteral("status")).toString(), r.status);
        QCOMPARE(row->value(QStringLiteral("priority")).toString(), r.priority);
        QCOMPARE(row->value(QStringLiteral("customer")).toString(), r.customer);
        QCOMPARE(row->value(QStringLiteral("site")).toString(), r.site);
        QCOMPARE(row->value(QStringLiteral("asset")).toString(), r.asset);
        QCOMPARE(row->value(QStringLiteral("assigned_to")).toString(), r.assignedTo);
        QCOMPARE(row->value(QStringLiteral("due_at")).toString(), r.dueAt);
        QCOMPARE(row->value(QStringLiteral("notes")).toString(), r.notes);
        QCOMPARE(row->value(QStringLiteral("created_at")).toString(), r.createdAt);
        QCOMPARE(row->value(QStringLiteral("last_updated")).toString(), r.lastUpdated);
        QCOMPARE(row->value(QStringLiteral("deleted")).toBool(), r.deleted == 1);
        QCOMPARE(row->value(QStringLiteral("sync_status")).toString(), r.syncStatus);
        const QVariantMap clocks = store.fieldClocks(Schema::WorkOrders, r.id);
        if (version == 1) {
            // Whole-row clocks of version 1 became per-field clocks.
            QCOMPARE(clocks.size(), Schema::instance().table(Schema::WorkOrders)->fields.size());
            for (const QVariant& c : clocks)
                QCOMPARE(c.toString(), r.lastUpdated);
        } else {
            QCOMPARE(clocks.value(QStringLiteral("title")).toString(), OldClock);
        }
    }

    const int outbox = scalar(store, QStringLiteral("SELECT count(*) FROM outbox"));
    if (version == 1) {
        // Both dirty rows are queued whole, the synced one not at all.
        QCOMPARE(outbox, 2 * 12);
        QCOMPARE(
            scalar(store, QStringLiteral("SELECT count(*) FROM outbox WHERE row_id = '01HF40000000000000000000A2'")),
            0);
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("SELECT value, hlc, base_hlc, base_text FROM outbox WHERE row_id = "
                                      "'01HF40000000000000000000A3' AND field IN ('deleted', 'description') "
                                      "ORDER BY field")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("true"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("\"Ceiling stain.\""));
        QCOMPARE(q.value(1).toString(), OldClock);
        QCOMPARE(q.value(2).toString(), QString());
    } else {
        QCOMPARE(outbox, 1);
    }

    // Tables and the search index of the latest version exist and cover the old rows.
    QCOMPARE(
        scalar(store, QStringLiteral("SELECT count(*) FROM work_orders_fts WHERE work_orders_fts MATCH 'boiler'")), 1);
    QCOMPARE(
        scalar(store, QStringLiteral("SELECT count(*) FROM work_orders_fts WHERE work_orders_fts MATCH 'harbor'")), 1);
    for (const char* table : { "conflicts", "sync_log", "latency_samples", "quarantine" })
        QCOMPARE(scalar(store, QStringLiteral("SELECT count(*) FROM ") + QLatin1String(table)), 0);
    QCOMPARE(store.openConflictCount(), 0);
    // The sync-state order's index of v5 replaced v4's.
    QCOMPARE(
        scalar(store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'work_orders_list_sync'")), 1);
    QCOMPARE(
        scalar(store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'work_orders_list_sync_status'")),
        0);

    // The clock continues after everything the old database saw, although the wall clock is years behind.
    QVERIFY(store.updateRow(Schema::WorkOrders, QStringLiteral("01HF40000000000000000000A2"),
        { { QStringLiteral("notes"), QStringLiteral("Checked after upgrade") } }));
    const QString stamp = store.fieldClocks(Schema::WorkOrders, QStringLiteral("01HF40000000000000000000A2"))
                              .value(QStringLiteral("notes"))
                              .toString();
    QVERIFY2(stamp > RemoteClock, qPrintable(stamp));
    QCOMPARE(
        scalar(store, QStringLiteral("SELECT count(*) FROM work_orders_fts WHERE work_orders_fts MATCH 'boiler'")), 1);

    // Opening again is a no-op.
    store.close();
    QVERIFY(store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.schemaVersion(), migrations::latestVersion());
    QCOMPARE(store.rowCount(Schema::WorkOrders, true), 3);
}

void TestMigrations::newDatabaseHasLatestSchema()
{
    LocalStore store;
    QVERIFY(store.open(path(QStringLiteral("new.sqlite")), QStringLiteral("ui")));
    QCOMPARE(store.schemaVersion(), migrations::latestVersion());
    QVERIFY(!store.deviceId().isEmpty());
    QCOMPARE(store.hlc()->node(), store.deviceId());
    QCOMPARE(store.meta(QStringLiteral("device_id")), store.deviceId());
    QCOMPARE(store.rowCount(Schema::WorkOrders), 0);
    const QString device = store.deviceId();
    store.close();
    QVERIFY(!store.isOpen());
    QVERIFY(store.open(path(QStringLiteral("new.sqlite")), QStringLiteral("ui")));
    QCOMPARE(store.deviceId(), device); // made once
}

void TestMigrations::configuresConnection()
{
    LocalStore store;
    QVERIFY(store.open(path(QStringLiteral("pragmas.sqlite")), QStringLiteral("ui")));
    QSqlQuery q(store.database());
    auto pragma = [&](const char* name) {
        return q.exec(QStringLiteral("PRAGMA ") + QLatin1String(name)) && q.next() ? q.value(0).toString() : QString();
    };
    QCOMPARE(pragma("journal_mode"), QStringLiteral("wal"));
    QCOMPARE(pragma("synchronous"), QStringLiteral("1")); // NORMAL
    QCOMPARE(pragma("foreign_keys"), QStringLiteral("1"));
    QCOMPARE(pragma("busy_timeout"), QStringLiteral("5000"));
    // A second connection name cannot be taken twice.
    LocalStore other;
    QVERIFY(!other.open(path(QStringLiteral("pragmas.sqlite")), QStringLiteral("ui")));
    QCOMPARE(other.lastError().kind, StoreError::Sql);
}

void TestMigrations::refusesNewerSchemaUntouched()
{
    const QString file = path(QStringLiteral("newer.sqlite"));
    QVERIFY(buildDatabase(file, migrations::latestVersion()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QVERIFY(execAll(db,
            { QStringLiteral("CREATE TABLE future_things (x)"),
                QStringLiteral("PRAGMA user_version = %1").arg(migrations::latestVersion() + 1) }));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bump"));
    const QByteArray before = fileHash(file);

    LocalStore store;
    QVERIFY(!store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::NewerSchema);
    QVERIFY(store.lastError().message.contains(QStringLiteral("newer version")));
    QVERIFY(!store.isOpen());
    QVERIFY(!QSqlDatabase::contains(QStringLiteral("ui")));
    QCOMPARE(fileHash(file), before);
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
}

void TestMigrations::refusesGarbageFileUntouched()
{
    const QString file = path(QStringLiteral("garbage.sqlite"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray text;
        for (int i = 0; i < 300; ++i)
            text += "Quarterly filter replacement, unit " + QByteArray::number(i) + "\n";
        f.write(text);
    }
    const QByteArray before = fileHash(file);
    LocalStore store;
    QVERIFY(!store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::Corrupt);
    QVERIFY(store.lastError().message.contains(file));
    QCOMPARE(fileHash(file), before);

    // A database whose header was overwritten.
    const QString headerless = path(QStringLiteral("headerless.sqlite"));
    {
        LocalStore good;
        QVERIFY(good.open(headerless, QStringLiteral("ui")));
        QCOMPARE(good.seedDemoData(20), 20);
    }
    {
        QFile f(headerless);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.write("Not SQLite at all");
    }
    const QByteArray beforeHeader = fileHash(headerless);
    QVERIFY(!store.open(headerless, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::Corrupt);
    QCOMPARE(fileHash(headerless), beforeHeader);
}

void TestMigrations::refusesDamagedDatabaseUntouched()
{
    const QString file = path(QStringLiteral("damaged.sqlite"));
    int pageSize = 0;
    {
        LocalStore good;
        QVERIFY(good.open(file, QStringLiteral("ui")));
        QCOMPARE(good.seedDemoData(400), 400);
        QSqlQuery q(good.database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        pageSize = q.value(0).toInt();
    } // the last connection closing checkpoints the WAL into the file
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 20 * pageSize);
        // Scribble over a run of b-tree pages in the middle of the file; the header stays valid.
        QVERIFY(f.seek(qint64(pageSize) * (f.size() / pageSize / 2)));
        f.write(QByteArray(4 * pageSize, '\x5a'));
    }
    const QByteArray before = fileHash(file);
    LocalStore store;
    QVERIFY(!store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::Corrupt);
    QVERIFY(store.lastError().message.contains(QStringLiteral("damaged")));
    QCOMPARE(fileHash(file), before);
    // The on-demand check finds the same damage and leaves the file alone too.
    QCOMPARE(LocalStore::checkIntegrity(file).kind, StoreError::Corrupt);
    QCOMPARE(fileHash(file), before);
    QCOMPARE(LocalStore::checkIntegrity(path(QStringLiteral("v3.sqlite"))).kind, StoreError::None);
}

void TestMigrations::refusesForeignDatabaseUntouched()
{
    const QString file = path(QStringLiteral("foreign.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QVERIFY(execAll(db,
            { QStringLiteral("CREATE TABLE contacts (name TEXT)"),
                QStringLiteral("INSERT INTO contacts VALUES ('Ada')") }));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    const QByteArray before = fileHash(file);
    LocalStore store;
    QVERIFY(!store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::Corrupt);
    QVERIFY(store.lastError().message.contains(QStringLiteral("another application")));
    QCOMPARE(fileHash(file), before);

    // An empty file is simply a new database.
    const QString empty = path(QStringLiteral("empty.sqlite"));
    {
        QFile f(empty);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QVERIFY2(store.open(empty, QStringLiteral("ui")), qPrintable(store.lastError().message));
    QCOMPARE(store.schemaVersion(), migrations::latestVersion());
}

void TestMigrations::concurrentFirstOpen()
{
    // The UI and the worker open a database that does not exist yet at the same moment: one creates and
    // migrates it, the other waits for the write lock and finds it done.
    const QString file = path(QStringLiteral("race.sqlite"));
    QString errors[2];
    QString devices[2];
    QList<QThread*> threads;
    for (int t = 0; t < 2; ++t) {
        threads << QThread::create([&, t] {
            LocalStore store;
            if (!store.open(file, t == 0 ? QStringLiteral("ui") : QStringLiteral("sync")))
                errors[t] = store.lastError().message;
            else if (store.schemaVersion() != migrations::latestVersion())
                errors[t] = QStringLiteral("schema %1").arg(store.schemaVersion());
            devices[t] = store.deviceId();
        });
    }
    for (QThread* thread : threads)
        thread->start();
    for (QThread* thread : threads) {
        QVERIFY(thread->wait(60'000));
        delete thread;
    }
    QCOMPARE(errors[0], QString());
    QCOMPARE(errors[1], QString());
    QCOMPARE(devices[0], devices[1]);
}

void TestMigrations::refusesReadOnlyFileUntouched()
{
    // A file nobody may write (mode 0444). access() alone would let root through; the store also honours the
    // permission bits, so this holds when the suite runs as root too.
    const QString file = path(QStringLiteral("readonly.sqlite"));
    {
        LocalStore good;
        QVERIFY(good.open(file, QStringLiteral("ui")));
        QCOMPARE(good.seedDemoData(10), 10);
    }
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    const QByteArray before = fileHash(file);
    LocalStore store;
    QVERIFY(!store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::ReadOnly);
    QVERIFY(store.lastError().message.contains(QStringLiteral("read-only")));
    QCOMPARE(fileHash(file), before);
    QCOMPARE(QFileInfo(file).permissions() & (QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther),
        QFile::Permissions());
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.rowCount(Schema::WorkOrders), 10);
}

void TestMigrations::createsMissingDirectory()
{
    const QString file = path(QStringLiteral("not/there/yet/fieldsync.sqlite"));
    QVERIFY(!QFileInfo::exists(QFileInfo(file).absolutePath()));
    LocalStore store;
    QVERIFY2(store.open(file, QStringLiteral("ui")), qPrintable(store.lastError().message));
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(!store.insertRow(Schema::WorkOrders, { { QStringLiteral("title"), QStringLiteral("Blocked drain") } })
                 .isEmpty());
}

void TestMigrations::reportsUncreatableDirectory()
{
    // The parent "directory" is a regular file: not creatable for anyone, root included.
    const QString blocker = path(QStringLiteral("blocker"));
    {
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }
    LocalStore store;
    QVERIFY(!store.open(blocker + QStringLiteral("/data/fieldsync.sqlite"), QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::MissingDirectory);
    QVERIFY(store.lastError().message.contains(blocker));
    QVERIFY(!QSqlDatabase::contains(QStringLiteral("ui")));

    if (::geteuid() != 0) {
        // Without root, a parent without write permission cannot get a new folder either.
        const QString locked = path(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
        QVERIFY(!store.open(locked + QStringLiteral("/data/fieldsync.sqlite"), QStringLiteral("ui")));
        QCOMPARE(store.lastError().kind, StoreError::MissingDirectory);
        QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
}

void TestMigrations::failedStepRollsBack()
{
    // A version-2 file where step 3 cannot run (a table of that name is in the way): the open fails with a
    // clear error and the file stays at version 2 with its data.
    const QString file = path(QStringLiteral("blocked-step.sqlite"));
    QVERIFY(buildDatabase(file, 2));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("block"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QVERIFY(execAll(db, { QStringLiteral("CREATE TABLE sync_log (x)") }));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("block"));
    LocalStore store;
    QVERIFY(!store.open(file, QStringLiteral("ui")));
    QCOMPARE(store.lastError().kind, StoreError::Sql);
    QVERIFY(store.lastError().message.contains(QStringLiteral("schema 3")));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QCOMPARE(migrations::currentVersion(db), 2);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM work_orders")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
        QVERIFY(!q.exec(QStringLiteral("SELECT count(*) FROM conflicts"))); // step 3 left no half-made tables
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
}

// A first pull interrupted under v4 left its index statements in meta for the sync worker to run; the upgrade
// must not let that rebuild bring v4's sync-state index back beside v5's.
void TestMigrations::pendingRebuildForgetsTheOldSyncIndex()
{
    const QString file = path(QStringLiteral("pending-rebuild.sqlite"));
    QVERIFY(buildDatabase(file, 4));
    const QString oldIndex = QStringLiteral("CREATE INDEX work_orders_list_sync_status ON work_orders (sync_status, "
                                            "due_at = '', due_at, id) WHERE deleted = 0");
    const QString other = QStringLiteral("CREATE INDEX work_orders_list_due ON work_orders (due_at = '', due_at, id) "
                                         "WHERE deleted = 0");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("pending"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DROP INDEX work_orders_list_sync_status")));
        QVERIFY(q.exec(QStringLiteral("DROP INDEX work_orders_list_due")));
        q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('sync_bulk_rebuild', json_array(?, ?))"));
        q.addBindValue(oldIndex);
        q.addBindValue(other);
        QVERIFY(q.exec());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("pending"));

    LocalStore store;
    QVERIFY2(store.open(file, QStringLiteral("ui")), qPrintable(store.lastError().message));
    QCOMPARE(store.schemaVersion(), migrations::latestVersion());
    QSqlQuery q(store.database());
    QVERIFY(q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'sync_bulk_rebuild'")));
    QVERIFY(q.next());
    QCOMPARE(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).array(), QJsonArray { other });
    QCOMPARE(
        scalar(store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'work_orders_list_sync'")), 1);
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "test_migrations.moc"
