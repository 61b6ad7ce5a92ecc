// fleet_models: the Fleet panel's table models on their own (health rules, relative times, in-place updates).
#include "FleetConflictModel.h"
#include "FleetDeviceModel.h"
#include "FleetEventModel.h"
#include "models/Clock.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace fieldsync;
using namespace fieldsync::protocol;

namespace {

constexpr qint64 Now = 1'790'000'000'000;

QString isoAgo(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(Now - ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

FleetDevice device(const QString& id, const QString& name, qint64 seenAgoMs = 60'000)
{
    FleetDevice d;
    d.deviceId = id;
    d.name = name;
    d.technician = name.toLower();
    d.role = QStringLiteral("technician");
    d.lastSeen = seenAgoMs < 0 ? QString() : isoAgo(seenAgoMs);
    d.latencyP50Ms = 2'000;
    d.latencyP95Ms = 9'000;
    d.appVersion = QStringLiteral("0.1.0");
    return d;
}

ConflictRecord conflict(const QString& id, const QString& field, const QJsonValue& winner, const QJsonValue& loser)
{
    ConflictRecord c;
    c.id = id;
    c.table = QStringLiteral("work_orders");
    c.rowId = QStringLiteral("01ROWROWROWROWROWROWABCDEF");
    c.field = field;
    c.winnerValue = winner;
    c.loserValue = loser;
    c.winnerTechnician = QStringLiteral("alice");
    c.loserTechnician = QStringLiteral("bob");
    c.winnerHlc = QStringLiteral("01a217023608-0000-NODEA");
    c.loserHlc = QStringLiteral("01a217023220-0000-NODEB");
    c.rule = QStringLiteral("lww");
    c.createdAt = isoAgo(5'000);
    return c;
}

} // namespace

class TestFleetModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void relativeTimes()
    {
        QCOMPARE(FleetDeviceModel::relativeTime(QString(), Now), QStringLiteral("never"));
        QCOMPARE(FleetDeviceModel::relativeTime(isoAgo(20'000), Now), QStringLiteral("just now"));
        QCOMPARE(FleetDeviceModel::relativeTime(isoAgo(12 * 60'000 + 5'000), Now), QStringLiteral("12 min ago"));
        QCOMPARE(FleetDeviceModel::relativeTime(isoAgo(3 * 3'600'000), Now), QStringLiteral("3 h ago"));
        QCOMPARE(FleetDeviceModel::relativeTime(isoAgo(3 * 86'400'000LL), Now), QStringLiteral("3 days ago"));
        QCOMPARE(FleetDeviceModel::relativeTime(QStringLiteral("not a time"), Now), QStringLiteral("never"));
    }

    void durations()
    {
        QCOMPARE(FleetDeviceModel::formatDuration(-1), QStringLiteral("—"));
        QCOMPARE(FleetDeviceModel::formatDuration(850), QStringLiteral("850 ms"));
        QCOMPARE(FleetDeviceModel::formatDuration(4'200), QStringLiteral("4.2 s"));
        QCOMPARE(FleetDeviceModel::formatDuration(42'000), QStringLiteral("42 s"));
        QCOMPARE(FleetDeviceModel::formatDuration(12 * 60'000), QStringLiteral("12 min"));
        QCOMPARE(FleetDeviceModel::formatDuration(9'000'000), QStringLiteral("2.5 h"));
    }

    void healthRules()
    {
        ManualClock clock(Now);
        FleetDeviceModel model(&clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FleetReport report;
        report.thresholdMs = 30 * 60'000;
        FleetDevice healthy = device(QStringLiteral("A"), QStringLiteral("Healthy"));
        FleetDevice stale = device(QStringLiteral("B"), QStringLiteral("Stale"), 2 * 3'600'000);
        FleetDevice slow = device(QStringLiteral("C"), QStringLiteral("Slow"));
        slow.latencyP95Ms = 31 * 60'000;
        FleetDevice audit = device(QStringLiteral("D"), QStringLiteral("Audit"));
        audit.lastAuditAt = isoAgo(60'000);
        audit.lastAuditResult = QStringLiteral("mismatch");
        audit.latencyP95Ms = 31 * 60'000; // a failed audit outranks latency
        FleetDevice never = device(QStringLiteral("E"), QStringLiteral("Never"), -1);
        FleetDevice revoked = device(QStringLiteral("F"), QStringLiteral("Revoked"));
        revoked.revoked = true;
        report.devices = { healthy, stale, slow, audit, never, revoked };
        model.setReport(report);
        QCOMPARE(model.rowCount(), 6);
        const auto healthOf = [&](const QString& id) {
            return FleetDeviceModel::Health(model.index(model.rowOf(id), 0).data(FleetDeviceModel::HealthRole).toInt());
        };
        QCOMPARE(healthOf(QStringLiteral("A")), FleetDeviceModel::Healthy);
        QCOMPARE(healthOf(QStringLiteral("B")), FleetDeviceModel::Stale);
        QCOMPARE(healthOf(QStringLiteral("C")), FleetDeviceModel::HighLatency);
        QCOMPARE(healthOf(QStringLiteral("D")), FleetDeviceModel::AuditMismatch);
        QCOMPARE(healthOf(QStringLiteral("E")), FleetDeviceModel::NeverSeen);
        QCOMPARE(healthOf(QStringLiteral("F")), FleetDeviceModel::Revoked);
        QVERIFY(!model.index(model.rowOf(QStringLiteral("A")), 0).data(Qt::BackgroundRole).isValid());
        for (const char* id : { "B", "C", "D", "E", "F" })
            QVERIFY(model.index(model.rowOf(QLatin1String(id)), 0).data(Qt::BackgroundRole).isValid());

        // Raising the threshold turns the slow device healthy again.
        report.thresholdMs = 60 * 60'000;
        model.setReport(report);
        QCOMPARE(healthOf(QStringLiteral("C")), FleetDeviceModel::Healthy);

        // The clock moves: an hour later the healthy device is stale too.
        clock.advanceMs(2 * 3'600'000);
        model.refreshTimes();
        QCOMPARE(healthOf(QStringLiteral("A")), FleetDeviceModel::Stale);
    }

    void displayAndSortValues()
    {
        ManualClock clock(Now);
        FleetDeviceModel model(&clock);
        FleetReport report;
        FleetDevice d = device(QStringLiteral("A"), QStringLiteral("Laptop 7"), 12 * 60'000);
        d.pendingChanges = 1234;
        d.conflictsOpen = 2;
        d.clockSkewMs = -90 * 60'000;
        d.lastAuditAt = isoAgo(3 * 3'600'000);
        d.lastAuditResult = QStringLiteral("match");
        report.devices = { d };
        model.setReport(report);
        const auto text = [&](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(text(FleetDeviceModel::DeviceColumn), QStringLiteral("Laptop 7"));
        QCOMPARE(text(FleetDeviceModel::LastSeenColumn), QStringLiteral("12 min ago"));
        QCOMPARE(text(FleetDeviceModel::LatencyP50Column), QStringLiteral("2.0 s"));
        QCOMPARE(text(FleetDeviceModel::AuditColumn), QStringLiteral("3 h ago · match"));
        QCOMPARE(text(FleetDeviceModel::SkewColumn), QStringLiteral("−1.5 h"));
        QCOMPARE(model.index(0, FleetDeviceModel::PendingColumn).data(FleetDeviceModel::SortRole).toLongLong(), 1234);
        QCOMPARE(
            model.index(0, FleetDeviceModel::LatencyP95Column).data(FleetDeviceModel::SortRole).toLongLong(), 9'000);
        QCOMPARE(
            model.headerData(FleetDeviceModel::SkewColumn, Qt::Horizontal).toString(), QStringLiteral("Clock skew"));
    }

    void updatesInPlace()
    {
        ManualClock clock(Now);
        FleetDeviceModel model(&clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FleetReport report;
        report.devices
            = { device(QStringLiteral("A"), QStringLiteral("a")), device(QStringLiteral("B"), QStringLiteral("b")) };
        model.setReport(report);
        const QPersistentModelIndex b = model.index(model.rowOf(QStringLiteral("B")), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        FleetDevice b2 = device(QStringLiteral("B"), QStringLiteral("b"));
        b2.pendingChanges = 7;
        report.devices = { b2, device(QStringLiteral("C"), QStringLiteral("c")) };
        model.setReport(report);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QVERIFY(b.isValid());
        QCOMPARE(b.data(FleetDeviceModel::DeviceIdRole).toString(), QStringLiteral("B"));
        QCOMPARE(model.device(b.row())->pendingChanges, 7);

        // The same report again changes nothing.
        changed.clear();
        model.setReport(report);
        QCOMPARE(changed.size(), 0);
    }

    void conflictModel()
    {
        FleetConflictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConflicts({ conflict(QStringLiteral("c1"), QStringLiteral("title"), QStringLiteral("Pump A"),
                                 QStringLiteral("Pump B")),
            conflict(QStringLiteral("c2"), QStringLiteral("deleted"), true, false),
            conflict(QStringLiteral("c3"), QStringLiteral("notes"), QJsonValue::Null,
                QStringLiteral("line one\nline two")) });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, FleetConflictModel::FieldColumn).data().toString(), QStringLiteral("Title"));
        QCOMPARE(model.index(0, FleetConflictModel::KeptValueColumn).data().toString(), QStringLiteral("Pump A"));
        QCOMPARE(model.index(0, FleetConflictModel::OtherValueColumn).data().toString(), QStringLiteral("Pump B"));
        QVERIFY(
            model.index(0, FleetConflictModel::KeptByColumn).data().toString().startsWith(QLatin1String("alice, ")));
        QCOMPARE(model.index(1, FleetConflictModel::KeptValueColumn).data().toString(), QStringLiteral("deleted"));
        QCOMPARE(model.index(1, FleetConflictModel::OtherValueColumn).data().toString(), QStringLiteral("not deleted"));
        QCOMPARE(model.index(2, FleetConflictModel::KeptValueColumn).data().toString(), QStringLiteral("(empty)"));
        QCOMPARE(model.index(2, FleetConflictModel::OtherValueColumn).data().toString(),
            QStringLiteral("line one line two"));
        QCOMPARE(model.index(2, FleetConflictModel::OtherValueColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("line one\nline two"));
        QCOMPARE(model.index(0, FleetConflictModel::WorkOrderColumn).data().toString(),
            QStringLiteral("Work order …ABCDEF"));
        model.setTitleLookup([](const QString& table, const QString& id) {
            return table == QLatin1String("work_orders") && id.endsWith(QLatin1String("ABCDEF"))
                ? QStringLiteral("Pump room")
                : QString();
        });
        QCOMPARE(model.index(0, FleetConflictModel::WorkOrderColumn).data().toString(), QStringLiteral("Pump room"));

        const QPersistentModelIndex c3 = model.index(2, 0);
        model.setConflicts(
            { conflict(QStringLiteral("c3"), QStringLiteral("notes"), QJsonValue::Null, QStringLiteral("x")) });
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(c3.isValid());
        QCOMPARE(c3.data(FleetConflictModel::ConflictIdRole).toString(), QStringLiteral("c3"));
        QCOMPARE(model.index(0, FleetConflictModel::OtherValueColumn).data().toString(), QStringLiteral("x"));
    }

    void eventDescriptions()
    {
        LogEvent run;
        run.kind = QStringLiteral("sync_run");
        run.level = QStringLiteral("info");
        run.data = QJsonObject { { QStringLiteral("pushed"), 3 }, { QStringLiteral("pulled"), 12 },
            { QStringLiteral("conflicts"), 1 }, { QStringLiteral("duration_ms"), 40 } };
        QCOMPARE(FleetEventModel::describe(run), QStringLiteral("pushed 3 · pulled 12 · 1 conflict(s) · 40 ms"));
        run.data = QJsonObject { { QStringLiteral("pushed"), 0 }, { QStringLiteral("duration_ms"), 5 } };
        QCOMPARE(FleetEventModel::describe(run), QStringLiteral("nothing to exchange"));
        LogEvent error;
        error.kind = QStringLiteral("sync_run");
        error.level = QStringLiteral("error");
        error.message = QStringLiteral("Connection refused");
        error.data = QJsonObject { { QStringLiteral("pushed"), 2 }, { QStringLiteral("duration_ms"), 9 } };
        QCOMPARE(FleetEventModel::describe(error), QStringLiteral("Connection refused (pushed 2 · 9 ms)"));

        FleetEventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        DeviceEvents events;
        events.deviceId = QStringLiteral("A");
        events.events = { run, error };
        model.setEvents(events);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, FleetEventModel::LevelColumn).data().toString(), QStringLiteral("Error"));
        QCOMPARE(model.index(0, FleetEventModel::KindColumn).data().toString(), QStringLiteral("Sync"));
        QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.deviceId().isEmpty());
    }
};

QTEST_MAIN(TestFleetModels)
#include "tst_fleetmodels.moc"
