// SearchIndexBuild: the work-order search index built on another thread and connection and installed in the
// owner's transaction answers every search as an in-place rebuild does, passes FTS5's own integrity check, stays
// correct under later edits through the owner connection (whose FTS5 module had read the index before), holds
// the store's write lock while it reads, and leaves nothing behind.

#include "LocalStore.h"
#include "Schema.h"
#include "SearchIndexBuild.h"
#include "SqliteRaw.h"

#include <QDate>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fieldsync;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

const QStringList Terms { s("pump"), s("boiler"), s("hvac"), s("leak*"), s("replace"), s("north"), s("filter"),
    s("title:inspection"), s("elevator OR generator"), s("\"water heater\"") };

// The rows each search finds, search by search.
QList<QList<qint64>> searchResults(const QSqlDatabase& db)
{
    QList<QList<qint64>> results;
    QSqlQuery q(db);
    for (const QString& term : Terms) {
        QList<qint64> rows;
        q.prepare(s("SELECT rowid FROM work_orders_fts WHERE work_orders_fts MATCH ? ORDER BY rowid"));
        q.addBindValue(term);
        if (!q.exec())
            return {};
        while (q.next())
            rows << q.value(0).toLongLong();
        results << rows;
    }
    return results;
}

bool integrityCheck(const QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(s("INSERT INTO work_orders_fts (work_orders_fts) VALUES ('integrity-check')")))
        return true;
    *error = q.lastError().text();
    return false;
}

bool exec(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    qWarning() << sql << q.lastError().text();
    return false;
}

} // namespace

class TestSearchIndexBuild : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(s("store-%1.sqlite").arg(++m_n));
        m_store = std::make_unique<LocalStore>();
        QVERIFY(m_store->open(m_path, s("owner")));
        QCOMPARE(m_store->seedDemoData(3000, QDate(2026, 11, 2)), 3000);
    }
    void cleanup() { m_store.reset(); }

    void buildsWhatAnInPlaceRebuildBuilds()
    {
        const QSqlDatabase db = m_store->database();
        const QList<QList<qint64>> expected = searchResults(db);
        QCOMPARE(expected.size(), Terms.size());
        int found = 0;
        for (const auto& rows : expected)
            found += rows.isEmpty() ? 0 : 1;
        QVERIFY2(found >= 8, "the searches must find something to compare");

        // Stale and read: the index is emptied, and the owner connection's FTS5 module reads it (and caches that).
        QVERIFY(exec(db, s("INSERT INTO work_orders_fts (work_orders_fts) VALUES ('delete-all')")));
        QCOMPARE(searchResults(db).value(0).size(), 0);

        {
            SearchIndexBuild build(RawStatements::handle(db), m_path, s("work_orders_fts"));
            QString error;
            QVERIFY2(build.attach(&error) && build.begin(&error), qPrintable(error));
            QVERIFY2(build.install(&error), qPrintable(error));
            QVERIFY(exec(db, s("COMMIT")));
        }
        QVERIFY(!QFile::exists(SearchIndexBuild::scratchPath(m_path)));
        QSqlQuery list(db);
        QVERIFY(list.exec(s("PRAGMA database_list")));
        int databases = 0;
        while (list.next())
            ++databases;
        QCOMPARE(databases, 1); // the scratch database is detached again

        QString error;
        QVERIFY2(integrityCheck(db, &error), qPrintable(error));
        QCOMPARE(searchResults(db), expected);

        // Later edits through the same connection go through the search triggers into the installed index.
        QSqlQuery ids(db);
        QVERIFY(ids.exec(s("SELECT id FROM work_orders WHERE rowid IN (7, 8) ORDER BY rowid")));
        QVERIFY(ids.next());
        const QString edited = ids.value(0).toString();
        QVERIFY(ids.next());
        const QString removed = ids.value(0).toString();
        ids.finish();
        QVERIFY(m_store->updateRow(Schema::WorkOrders, edited, { { s("title"), s("Zanzibar compressor swap") } }));
        QVERIFY(exec(db, s("DELETE FROM work_orders WHERE id = '%1'").arg(removed)));
        QVERIFY(!m_store->insertRow(Schema::WorkOrders, { { s("title"), s("Zanzibar chiller") } }).isEmpty());
        QVERIFY2(integrityCheck(db, &error), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(s("SELECT count(*) FROM work_orders_fts WHERE work_orders_fts MATCH 'zanzibar'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        // And the same searches as an in-place rebuild of the edited table.
        const QList<QList<qint64>> afterEdits = searchResults(db);
        QVERIFY(exec(db, s("INSERT INTO work_orders_fts (work_orders_fts) VALUES ('rebuild')")));
        QCOMPARE(afterEdits, searchResults(db));
    }

    // While the thread reads, nobody else can change a row: its snapshot is what the owner commits with.
    void holdsTheWriteLockWhileBuilding()
    {
        const QSqlDatabase db = m_store->database();
        SearchIndexBuild build(RawStatements::handle(db), m_path, s("work_orders_fts"));
        QString error;
        QVERIFY2(build.attach(&error) && build.begin(&error), qPrintable(error));
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(s("QSQLITE"), s("other"));
            other.setDatabaseName(m_path);
            other.setConnectOptions(s("QSQLITE_BUSY_TIMEOUT=0"));
            QVERIFY(other.open());
            QSqlQuery q(other);
            QVERIFY(!q.exec(s("UPDATE work_orders SET title = 'late' WHERE rowid = 1")));
            QVERIFY2(q.lastError().text().contains(s("locked")), qPrintable(q.lastError().text()));
            QVERIFY(q.exec(s("SELECT count(*) FROM work_orders")) && q.next()); // readers go on
            QCOMPARE(q.value(0).toInt(), 3000);
            other.close();
        }
        QSqlDatabase::removeDatabase(s("other"));
        QVERIFY2(build.install(&error), qPrintable(error));
        QVERIFY(exec(db, s("COMMIT")));
    }

    // Destroyed before install() (the owner's transaction failed): the thread is stopped, nothing is left.
    void abandonedBuildLeavesNothing()
    {
        const QSqlDatabase db = m_store->database();
        {
            SearchIndexBuild build(RawStatements::handle(db), m_path, s("work_orders_fts"));
            QString error;
            QVERIFY2(build.attach(&error) && build.begin(&error), qPrintable(error));
            QVERIFY(exec(db, s("ROLLBACK")));
        }
        QVERIFY(!QFile::exists(SearchIndexBuild::scratchPath(m_path)));
        QString error;
        QVERIFY2(integrityCheck(db, &error), qPrintable(error));
    }

    // A scratch file an interrupted build left behind is replaced, not reused.
    void leftoverScratchIsReplaced()
    {
        QFile leftover(SearchIndexBuild::scratchPath(m_path));
        QVERIFY(leftover.open(QIODevice::WriteOnly));
        leftover.write(QByteArray(4096, 'x')); // not even a database
        leftover.close();
        const QSqlDatabase db = m_store->database();
        SearchIndexBuild build(RawStatements::handle(db), m_path, s("work_orders_fts"));
        QString error;
        QVERIFY2(build.attach(&error) && build.begin(&error), qPrintable(error));
        QVERIFY2(build.install(&error), qPrintable(error));
        QVERIFY(exec(db, s("COMMIT")));
        QVERIFY2(integrityCheck(db, &error), qPrintable(error));
    }

    void refusesWhatItCannotBuild()
    {
        const QSqlDatabase db = m_store->database();
        QVERIFY(exec(db, s("CREATE VIRTUAL TABLE notes_fts USING fts5(body)"))); // keeps its own content
        for (const char* table : { "work_orders", "notes_fts", "missing_fts" }) {
            SearchIndexBuild build(RawStatements::handle(db), m_path, s(table));
            QString error;
            QVERIFY(!build.attach(&error));
            QVERIFY2(!error.isEmpty(), table);
            QVERIFY(!build.install(&error)); // without attach(): refused, not crashed
        }
        QVERIFY(!QFile::exists(SearchIndexBuild::scratchPath(m_path)));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<LocalStore> m_store;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestSearchIndexBuild)
#include "test_searchindexbuild.moc"
