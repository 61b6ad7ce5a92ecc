// The technician keeps typing in the editor of the real MainWindow while the sync worker pulls a large backlog
// from the real fieldsync-server: the edit is saved, the pull completes, and the GUI thread kept serving its
// events (a 5 ms heartbeat timer; its longest gap is printed, not asserted as a speed figure).
#include "HubProcess.h"
#include "server/ServerHarness.h"

#include "AuditHash.h"
#include "LocalStore.h"
#include "MainWindow.h"
#include "Schema.h"
#include "SyncController.h"
#include "SyncStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace fieldsync;
namespace th = fieldsync::test;

namespace {

constexpr int BacklogRows = 40'000;

SyncSettings settingsFor(const QUrl& hub, const QByteArray& token, const QString& connection, int batch)
{
    SyncSettings s;
    s.serverUrl = hub;
    s.token = QString::fromLatin1(token);
    s.batchSize = batch;
    s.debounceMs = 200;
    s.requestTimeoutMs = 30'000;
    s.connectionName = connection;
    return s;
}

} // namespace

class TestGuiPull : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void typingWhileALargePullRuns()
    {
        QTemporaryDir dir;
        const QString database = th::freshDatabase(dir);
        th::HubProcess hub(database, dir.filePath(QStringLiteral("hub.log")));
        QVERIFY2(hub.start(), qPrintable(hub.log()));
        const th::Device office
            = th::enrol(database, QStringLiteral("Office"), QStringLiteral("olga"), QStringLiteral("technician"));
        const th::Device laptop
            = th::enrol(database, QStringLiteral("Laptop"), QStringLiteral("alice"), QStringLiteral("technician"));
        QVERIFY(!office.id.isEmpty() && !laptop.id.isEmpty());

        // The backlog: another device's work orders, already on the hub.
        const QString officePath = dir.filePath(QStringLiteral("office.db"));
        QVERIFY(SyncStore::adoptDeviceId(officePath, office.id));
        {
            LocalStore officeStore;
            QVERIFY(officeStore.open(officePath, QStringLiteral("office-ui")));
            QCOMPARE(officeStore.seedDemoData(BacklogRows), BacklogRows);
            SyncController pusher(officePath, officeStore.hlc(), officeStore.wallClock(),
                settingsFor(hub.url(), office.token, QStringLiteral("office-sync"), 500));
            pusher.start();
            QTRY_VERIFY_WITH_TIMEOUT(
                pusher.lastStatus().state == SyncStatus::State::UpToDate && pusher.lastStatus().pendingChanges == 0,
                120'000);
        }

        // The technician's laptop: one work order of its own, open in the editor.
        const QString path = dir.filePath(QStringLiteral("laptop.db"));
        QVERIFY(SyncStore::adoptDeviceId(path, laptop.id));
        LocalStore store;
        QVERIFY(store.open(path, QStringLiteral("ui")));
        const QString mine
            = store.insertRow(Schema::WorkOrders, { { QStringLiteral("title"), QStringLiteral("Boiler service") } });
        QVERIFY(!mine.isEmpty());
        MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* view = window.findChild<QTableView*>(QStringLiteral("workOrderView"));
        auto* title = window.findChild<QLineEdit*>(QStringLiteral("titleLineEdit"));
        QVERIFY(view && title);
        QTRY_VERIFY(view->model()->rowCount() >= 1);
        int column = 0;
        while (view->isColumnHidden(column))
            ++column;
        const QModelIndex first = view->model()->index(0, column);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(first).center());
        QTRY_COMPARE(title->text(), QStringLiteral("Boiler service"));

        // Small pages make the pull long enough to type through.
        SyncController sync(
            path, store.hlc(), store.wallClock(), settingsFor(hub.url(), laptop.token, QStringLiteral("sync"), 100));
        window.attachSync(&sync);

        QElapsedTimer clock;
        double longestGapMs = 0;
        double last = 0;
        int ticks = 0;
        QTimer heartbeat;
        heartbeat.setTimerType(Qt::PreciseTimer);
        heartbeat.setInterval(5);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            const double now = double(clock.nsecsElapsed()) / 1e6;
            longestGapMs = qMax(longestGapMs, now - last);
            last = now;
            ++ticks;
        });
        bool pullRunning = false;
        connect(&sync, &SyncController::statusChanged, this,
            [&](const SyncStatus& s) { pullRunning = s.state == SyncStatus::State::Syncing && s.progressDone > 0; });

        sync.start();
        QTRY_VERIFY_WITH_TIMEOUT(pullRunning, 60'000);
        clock.start();
        heartbeat.start();

        // Type while pages arrive; Tab leaves the field and saves it.
        title->setFocus();
        title->selectAll();
        const QString typed = QStringLiteral("Boiler service, pressure valve replaced, flue checked, customer signed");
        for (const QChar c : typed) {
            QTest::keyClicks(title, QString(c));
            QTest::qWait(2);
        }
        const bool typedDuringPull = pullRunning; // still pulling when the last key was typed
        QTest::keyClick(title, Qt::Key_Tab);
        QTRY_COMPARE(store.row(Schema::WorkOrders, mine)->value(QStringLiteral("title")).toString(), typed);

        QTRY_VERIFY_WITH_TIMEOUT(sync.lastStatus().state == SyncStatus::State::UpToDate
                && store.rowCount(Schema::WorkOrders, true) == BacklogRows + 1,
            180'000);
        heartbeat.stop();
        QVERIFY2(typedDuringPull, "the pull finished before the typing did; the scenario needs a longer pull");
        QCOMPARE(title->text(), typed);
        QCOMPARE(store.row(Schema::WorkOrders, mine)->value(QStringLiteral("title")).toString(), typed);
        QVERIFY(ticks > 0);
        qInfo("pulled %d rows while typing; GUI heartbeat: %d ticks, longest gap %.1f ms", BacklogRows, ticks,
            longestGapMs);

        // The edit made during the pull reaches the hub. The status of a run that ended before the edit was saved
        // says "up to date, nothing pending" too: wait for a run that succeeded after this point.
        const QDateTime before = sync.lastStatus().lastSuccess;
        sync.syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(sync.lastStatus().state == SyncStatus::State::UpToDate
                && sync.lastStatus().pendingChanges == 0 && sync.lastStatus().lastSuccess > before,
            60'000);
        th::Http http(hub.url().toString());
        const th::HttpReply page
            = http.get(QStringLiteral("/v1/rows?table=work_orders&bucket=%1").arg(audit::bucketOf(mine)), laptop.token);
        QCOMPARE(page.status, 200);
        const auto rows = protocol::RowsPage::fromJson(page.json);
        QVERIFY(rows);
        bool found = false;
        for (const protocol::Row& r : rows.value->rows)
            found = found || (r.id == mine && r.values.value(QStringLiteral("title")).toString() == typed);
        QVERIFY(found);
    }
};

QTEST_MAIN(TestGuiPull)
#include "test_gui_pull.moc"
