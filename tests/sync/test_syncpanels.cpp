// The technician's sync widgets over a real local store: the conflicts dialog restores and keeps values,
// the sync status panel shows what the worker recorded.
#include "Clock.h"
#include "ConflictsDialog.h"
#include "LocalStore.h"
#include "Schema.h"
#include "SyncStatusPanel.h"
#include "SyncStore.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace fieldsync;

namespace {

// A conflict as the worker stores it from a push answer.
bool addConflict(LocalStore& store, const QString& id, const QString& rowId, const QString& field,
    const QString& winner, const QString& loser, const QString& winnerDevice, const QString& loserDevice)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("INSERT INTO conflicts(id, tbl, row_id, field, winner_value, loser_value, winner_hlc, "
                             "loser_hlc, winner_device, loser_device, winner_technician, loser_technician, rule, "
                             "created_at) VALUES(?, 'work_orders', ?, ?, ?, ?, '', '', ?, ?, 'bob', 'alice', 'lww', "
                             "'2026-11-26T08:00:00.000Z')"));
    q.addBindValue(id);
    q.addBindValue(rowId);
    q.addBindValue(field);
    q.addBindValue(SyncStore::encodeValue(winner));
    q.addBindValue(SyncStore::encodeValue(loser));
    q.addBindValue(winnerDevice);
    q.addBindValue(loserDevice);
    return q.exec();
}

int pendingResolutions(LocalStore& store)
{
    QSqlQuery q(store.database());
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM sync_pending_resolutions")) && q.next() ? q.value(0).toInt()
                                                                                               : -1;
}

} // namespace

class TestSyncPanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void conflictsDialogRestoresAndKeeps()
    {
        QTemporaryDir dir;
        ManualClock clock;
        LocalStore store(&clock);
        QVERIFY(store.open(dir.filePath(QStringLiteral("d.db")), QStringLiteral("ui-conflicts")));
        const QString me = store.deviceId();
        const QString id
            = store.insertRow(Schema::WorkOrders, { { QStringLiteral("title"), QStringLiteral("Their title") } });
        QVERIFY(addConflict(store, QStringLiteral("C1"), id, QStringLiteral("title"), QStringLiteral("Their title"),
            QStringLiteral("My title"), QStringLiteral("OTHER"), me));
        QVERIFY(addConflict(store, QStringLiteral("C2"), id, QStringLiteral("site"), QStringLiteral("Roof"),
            QStringLiteral("Basement"), me, QStringLiteral("OTHER")));

        ConflictsDialog dialog(&store);
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("conflictsTable"));
        auto* restore = dialog.findChild<QPushButton*>(QStringLiteral("restoreButton"));
        auto* keep = dialog.findChild<QPushButton*>(QStringLiteral("keepButton"));
        QVERIFY(table && restore && keep);
        QCOMPARE(dialog.conflictCount(), 2);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Title"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("My title"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("Their title"));
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("bob"));

        QSignalSpy edited(&dialog, &ConflictsDialog::rowsEdited);
        QSignalSpy localEdit(&dialog, &ConflictsDialog::localEditMade);
        dialog.selectConflict(0);
        QVERIFY(restore->isEnabled());
        QTest::mouseClick(restore, Qt::LeftButton);
        QCOMPARE(
            store.row(Schema::WorkOrders, id)->value(QStringLiteral("title")).toString(), QStringLiteral("My title"));
        QCOMPARE(store.row(Schema::WorkOrders, id)->value(QStringLiteral("sync_status")).toString(),
            QStringLiteral("dirty"));
        QCOMPARE(edited.size(), 1);
        QCOMPARE(localEdit.size(), 1);
        QCOMPARE(dialog.conflictCount(), 1);
        QCOMPARE(store.openConflictCount(), 1);

        // My value is the current one here: it can only be kept.
        dialog.selectConflict(0);
        QVERIFY(!restore->isEnabled());
        QVERIFY(keep->isEnabled());
        QTest::mouseClick(keep, Qt::LeftButton);
        QCOMPARE(dialog.conflictCount(), 0);
        QCOMPARE(store.openConflictCount(), 0);
        QCOMPARE(pendingResolutions(store), 2);
        SyncStore sync(&store);
        const auto pending = sync.pendingResolutions();
        QCOMPARE(pending.size(), 2);
        QVERIFY(pending.contains(qMakePair(QStringLiteral("C1"), QStringLiteral("restored"))));
        QVERIFY(pending.contains(qMakePair(QStringLiteral("C2"), QStringLiteral("kept_winner"))));
    }

    void statusPanelShowsLocalState()
    {
        QTemporaryDir dir;
        ManualClock clock;
        LocalStore store(&clock);
        QVERIFY(store.open(dir.filePath(QStringLiteral("p.db")), QStringLiteral("ui-panel")));
        const QString id = store.insertRow(Schema::WorkOrders, { { QStringLiteral("title"), QStringLiteral("Pump") } });
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sync_log(started_at, finished_at, kind, pushed, pulled, conflicts, "
                                      "error, duration_ms) VALUES(1, 2, 'sync', 3, 4, 0, '', 1500), "
                                      "(5, 6, 'sync', 0, 0, 0, 'Connection refused', 20)")));
        q.prepare(QStringLiteral("INSERT INTO latency_samples(op_id, row_id, edited_at, acked_at, latency_ms) "
                                 "VALUES('OP1', ?, 1000, 61000, 60000)"));
        q.addBindValue(id);
        QVERIFY(q.exec());
        store.setMeta(QStringLiteral("sync_last_audit_at"), QString::number(clock.nowMs()));
        store.setMeta(QStringLiteral("sync_last_audit_result"), QStringLiteral("repaired"));

        SyncStatusPanel panel(&store);
        auto* unsynced = panel.findChild<QLabel*>(QStringLiteral("unsyncedChangesLabel"));
        auto* audit = panel.findChild<QLabel*>(QStringLiteral("lastAuditLabel"));
        auto* lastSync = panel.findChild<QLabel*>(QStringLiteral("lastSyncLabel"));
        auto* log = panel.findChild<QTableWidget*>(QStringLiteral("syncLogTable"));
        auto* latency = panel.findChild<QTableWidget*>(QStringLiteral("latencyTable"));
        QVERIFY(unsynced && audit && lastSync && log && latency);
        QVERIFY(unsynced->text().startsWith(QStringLiteral("1 work order")));
        QCOMPARE(lastSync->text(), QStringLiteral("never"));
        QVERIFY(audit->text().contains(QStringLiteral("repaired")));
        QCOMPARE(log->rowCount(), 2);
        QCOMPARE(log->item(0, 6)->text(), QStringLiteral("Connection refused")); // newest first
        QCOMPARE(log->item(1, 6)->text(), QStringLiteral("OK"));
        QCOMPARE(latency->rowCount(), 1);
        QCOMPARE(latency->item(0, 0)->text(), QStringLiteral("Pump"));
        QCOMPARE(latency->item(0, 3)->text(), QStringLiteral("60.0 s"));

        SyncStatus status;
        status.state = SyncStatus::State::Offline;
        status.error = QStringLiteral("Host unreachable");
        panel.setStatus(status);
        auto* state = panel.findChild<QLabel*>(QStringLiteral("syncStateLabel"));
        QVERIFY(state->text().contains(QStringLiteral("Offline")));
        QVERIFY(state->text().contains(QStringLiteral("Host unreachable")));

        QSignalSpy syncNow(&panel, &SyncStatusPanel::syncNowRequested);
        QSignalSpy auditNow(&panel, &SyncStatusPanel::auditRequested);
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("syncNowButton")), Qt::LeftButton);
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("runAuditButton")), Qt::LeftButton);
        QCOMPARE(syncNow.size(), 1);
        QCOMPARE(auditNow.size(), 1);
    }
};

QTEST_MAIN(TestSyncPanels)
#include "test_syncpanels.moc"
