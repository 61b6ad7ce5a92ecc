#include "LocalStore.h"
#include "Schema.h"
#include "StoreOpener.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace fieldsync;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

// What the technician sees when the store cannot be opened: one clear message, the file untouched, no crash.
class TestBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void corruptFile();
    void readOnlyFile();
    void newerSchema();
    void missingDataDirectory();
    void goodFileOpensWithoutMessage();

private:
    struct Shown
    {
        int count = 0;
        QString title;
        QString text;
    };
    bool openExpectingFailure(const QString& path);

    QTemporaryDir* m_dir = nullptr;
    Shown m_shown;
};

void TestBadInput::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    StoreOpener::setMessageSink([this](const QString& title, const QString& text) {
        ++m_shown.count;
        m_shown.title = title;
        m_shown.text = text;
    });
}

void TestBadInput::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_shown = {};
}

void TestBadInput::cleanup()
{
    delete m_dir;
    m_dir = nullptr;
}

bool TestBadInput::openExpectingFailure(const QString& path)
{
    LocalStore store;
    const bool opened = StoreOpener::open(store, path);
    return !opened && !store.isOpen() && !QSqlDatabase::contains(s("ui"));
}

void TestBadInput::corruptFile()
{
    const QString path = m_dir->filePath(s("fieldsync.db"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray junk("SQLite format 3");
        junk.append(char(0));
        for (int i = 0; i < 4096; ++i)
            junk.append(char((i * 37) % 251));
        f.write(junk);
    }
    const QByteArray before = fileHash(path);
    QVERIFY(openExpectingFailure(path));
    QCOMPARE(m_shown.count, 1);
    QCOMPARE(m_shown.title, s("FieldSync cannot open its data"));
    QVERIFY2(m_shown.text.contains(s("damaged")), qPrintable(m_shown.text));
    QVERIFY(m_shown.text.contains(QDir::toNativeSeparators(path)));
    QCOMPARE(fileHash(path), before);
    QVERIFY(!QFile::exists(path + s("-wal")));
}

void TestBadInput::readOnlyFile()
{
    const QString path = m_dir->filePath(s("fieldsync.db"));
    {
        LocalStore store;
        QVERIFY(store.open(path, s("ui")));
        QCOMPARE(store.seedDemoData(5), 5);
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    const QByteArray before = fileHash(path);
    QVERIFY(openExpectingFailure(path));
    QCOMPARE(m_shown.count, 1);
    QVERIFY2(m_shown.text.contains(s("read-only")), qPrintable(m_shown.text));
    QVERIFY(m_shown.text.contains(s("not changed")));
    QCOMPARE(fileHash(path), before);
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
}

void TestBadInput::newerSchema()
{
    const QString path = m_dir->filePath(s("fieldsync.db"));
    {
        LocalStore store;
        QVERIFY(store.open(path, s("ui")));
        QCOMPARE(store.seedDemoData(3), 3);
        QSqlQuery q(store.database());
        QVERIFY(q.exec(s("PRAGMA user_version = %1").arg(LocalStore::latestSchemaVersion() + 1)));
    }
    const QByteArray before = fileHash(path);
    QVERIFY(openExpectingFailure(path));
    QCOMPARE(m_shown.count, 1);
    QVERIFY2(m_shown.text.contains(s("newer version")), qPrintable(m_shown.text));
    QCOMPARE(fileHash(path), before);
}

void TestBadInput::missingDataDirectory()
{
    // A regular file where the data folder should be: no one can create the folder, root included.
    const QString blocker = m_dir->filePath(s("blocker"));
    {
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a folder");
    }
    const QString path = blocker + s("/data/fieldsync.db");
    QVERIFY(openExpectingFailure(path));
    QCOMPARE(m_shown.count, 1);
    QVERIFY2(m_shown.text.contains(s("does not exist")), qPrintable(m_shown.text));
    QVERIFY(m_shown.text.contains(QDir::toNativeSeparators(blocker + s("/data"))));
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("not a folder"));
}

void TestBadInput::goodFileOpensWithoutMessage()
{
    const QString path = m_dir->filePath(s("sub/fieldsync.db"));
    LocalStore store;
    QVERIFY(StoreOpener::open(store, path));
    QCOMPARE(m_shown.count, 0);
    QVERIFY(store.isOpen());
    QCOMPARE(store.rowCount(Schema::WorkOrders), 0);
}

QTEST_MAIN(TestBadInput)
#include "test_badinput.moc"
