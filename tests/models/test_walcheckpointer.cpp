// WalCheckpointer: a writer's log is checkpointed on another thread and connection, the log keeps starting over
// instead of growing, nothing is lost or damaged, and the writer checkpoints itself again once it is gone.

#include "SqliteRaw.h"
#include "WalCheckpointer.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fieldsync;

namespace {

qint64 walBytes(const QString& path)
{
    return QFileInfo(path + QStringLiteral("-wal")).size();
}

int scalar(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
}

// 100 transactions of 50 rows of 2 KB: about 10 MB through the log.
bool writeRows(QSqlDatabase& db, int first)
{
    QSqlQuery q(db);
    for (int t = 0; t < 100; ++t) {
        if (!db.transaction())
            return false;
        q.prepare(QStringLiteral("INSERT INTO t (id, body) VALUES (?, ?)"));
        for (int r = 0; r < 50; ++r) {
            q.addBindValue(first + t * 50 + r);
            q.addBindValue(QString(2048, QLatin1Char('x')));
            if (!q.exec())
                return false;
        }
        if (!db.commit())
            return false;
    }
    return true;
}

} // namespace

class TestWalCheckpointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("store-%1.db").arg(++m_n));
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
        m_db.setDatabaseName(m_path);
        QVERIFY(m_db.open());
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode = WAL")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")));
    }
    void cleanup()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("writer"));
    }

    // The thread checkpoints, and the log stays within eight times the threshold (2 MB here) where the writer
    // steps in.
    void checkpointsOnItsOwnThread()
    {
        auto checkpointer = std::make_unique<WalCheckpointer>(m_path, 64);
        QVERIFY(checkpointer->attach(RawStatements::handle(m_db)));
        QVERIFY(writeRows(m_db, 0));
        QTRY_VERIFY(checkpointer->checkpoints() > 0);
        QVERIFY2(walBytes(m_path) < 3 * 1024 * 1024, qPrintable(QString::number(walBytes(m_path))));
        QCOMPARE(scalar(m_db, QStringLiteral("SELECT count(*) FROM t")), 5000);
        QSqlQuery check(m_db);
        QVERIFY(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
        QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
    }

    // Without any checkpoints the same writes leave the whole log: the bound above is not met by chance.
    void logGrowsWithoutCheckpoints()
    {
        QVERIFY(QSqlQuery(m_db).exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0")));
        QVERIFY(writeRows(m_db, 0));
        QVERIFY2(walBytes(m_path) > 8 * 1024 * 1024, qPrintable(QString::number(walBytes(m_path))));
    }

    // Gone, it hands the checkpoints back to the writer (SQLite's default of 1000 pages, 4 MB here).
    void writerCheckpointsAgainAfterwards()
    {
        {
            WalCheckpointer checkpointer(m_path, 64);
            QVERIFY(checkpointer.attach(RawStatements::handle(m_db)));
        }
        QCOMPARE(scalar(m_db, QStringLiteral("PRAGMA wal_autocheckpoint")), 1000);
        QVERIFY(writeRows(m_db, 0));
        QVERIFY2(walBytes(m_path) < 8 * 1024 * 1024, qPrintable(QString::number(walBytes(m_path))));
        QCOMPARE(scalar(m_db, QStringLiteral("SELECT count(*) FROM t")), 5000);
    }

    void unopenableFileLeavesTheWriterAlone()
    {
        WalCheckpointer checkpointer(m_dir.filePath(QStringLiteral("missing/none.db")));
        QVERIFY(!checkpointer.attach(RawStatements::handle(m_db)));
        QCOMPARE(scalar(m_db, QStringLiteral("PRAGMA wal_autocheckpoint")), 1000);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    QSqlDatabase m_db;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "test_walcheckpointer.moc"
