// fleet_panel: the supervisor's Fleet panel against a real fieldsync-server fed by an in-process FleetSimulator.
#include "FleetClient.h"
#include "FleetConflictModel.h"
#include "FleetDeviceModel.h"
#include "FleetEventModel.h"
#include "FleetPanel.h"
#include "FleetSimulator.h"
#include "HubProcess.h"
#include "models/Hlc.h"
#include "models/Schema.h"
#include "models/Ulid.h"

#include <QAbstractItemModelTester>
#include <QChartView>
#include <QDateTime>
#include <QLabel>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace fieldsync;
using namespace fieldsync::protocol;

class TestFleetPanel : public QObject
{
    Q_OBJECT

private:
    // POSTs a body and waits (bounded) for the answer; returns the HTTP status, 0 on timeout or no answer.
    int post(const QString& path, const QString& token, const QJsonObject& body, QJsonObject* answer = nullptr)
    {
        QNetworkRequest request(m_hub.url().resolved(QUrl(path)));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_network.post(request, serialize(body)));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 30'000))
            return 0;
        if (answer) {
            const Parsed<QJsonObject> parsed = parseObject(reply->readAll());
            *answer = parsed ? *parsed.value : QJsonObject();
        }
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    static QString hlc(qint64 ms, const QString& node) { return HlcTimestamp { ms, 0, node }.toString(); }

    // Pushes `count` new work orders from `device`, each with the given age (device time since the edit).
    bool pushNewRows(const HubProcess::Device& device, int count, qint64 ageMs)
    {
        PushRequest push;
        push.deviceId = device.id;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        push.hlc = hlc(now, device.id);
        for (int i = 0; i < count; ++i) {
            Change c;
            c.opId = Ulid::generate();
            c.table = Schema::WorkOrders;
            c.rowId = Ulid::generate();
            c.fields.insert(QStringLiteral("title"),
                FieldChange {
                    QStringLiteral("Latency probe %1").arg(i), hlc(now, device.id), QString(), std::nullopt });
            c.ageMs = ageMs;
            push.changes.append(c);
        }
        return post(QStringLiteral("/v1/push"), device.token, push.toJson()) == 200;
    }

    bool pushTitle(const HubProcess::Device& device, const QString& rowId, const QString& title, qint64 atMs,
        const QString& baseHlc)
    {
        PushRequest push;
        push.deviceId = device.id;
        push.hlc = hlc(atMs, device.id);
        Change c;
        c.opId = Ulid::generate();
        c.table = Schema::WorkOrders;
        c.rowId = rowId;
        c.fields.insert(QStringLiteral("title"), FieldChange { title, hlc(atMs, device.id), baseHlc, std::nullopt });
        c.ageMs = 500;
        push.changes.append(c);
        return post(QStringLiteral("/v1/push"), device.token, push.toJson()) == 200;
    }

    bool refreshUntil(const std::function<bool()>& condition, int timeoutMs = 10'000)
    {
        m_client->refresh();
        return QTest::qWaitFor(condition, timeoutMs);
    }

    HubProcess m_hub;
    QNetworkAccessManager m_network;
    HubProcess::Device m_supervisor;
    HubProcess::Device m_probeA;
    HubProcess::Device m_probeB;
    std::unique_ptr<FleetSimulator> m_sim;
    std::unique_ptr<FleetClient> m_client;
    std::unique_ptr<FleetPanel> m_panel;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    static constexpr int SimDevices = 4;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const auto admin = m_hub.enrol(QStringLiteral("ops"), QStringLiteral("ops"), QStringLiteral("admin"));
        const auto supervisor
            = m_hub.enrol(QStringLiteral("Supervisor desk"), QStringLiteral("sam"), QStringLiteral("supervisor"));
        const auto probeA = m_hub.enrol(QStringLiteral("probe-a"), QStringLiteral("pia"), QStringLiteral("technician"));
        const auto probeB = m_hub.enrol(QStringLiteral("probe-b"), QStringLiteral("ben"), QStringLiteral("technician"));
        QVERIFY(admin && supervisor && probeA && probeB);
        m_supervisor = *supervisor;
        m_probeA = *probeA;
        m_probeB = *probeB;
        QVERIFY2(
            m_hub.start({ QStringLiteral("--latency-alarm-minutes"), QStringLiteral("1") }), qPrintable(m_hub.log()));

        FleetSimulatorOptions options;
        options.serverUrl = m_hub.url();
        options.adminToken = admin->token;
        options.devices = SimDevices;
        options.durationSec = 0; // until cleanupTestCase
        options.seed = 11;
        options.skewDevices = 1;
        options.dataDir = m_hub.dataDir() + QStringLiteral("/devices");
        options.editsPerDeviceMinute = 30;
        options.offlineShare = 0.1;
        options.syncIntervalMs = 1'500;
        options.telemetryIntervalMs = 1'000;
        options.progressIntervalSec = 3600;
        m_sim = std::make_unique<FleetSimulator>(options);
        m_sim->start();

        m_client = std::make_unique<FleetClient>();
        m_client->setRefreshInterval(1'000);
        m_client->setServer(m_hub.url(), m_supervisor.token);
        connect(m_client.get(), &FleetClient::requestFailed, this, [](const QString& endpoint, const Error& error) {
            qWarning("fleet request %s failed: %d %s %s", qPrintable(endpoint), error.httpStatus,
                qPrintable(error.code), qPrintable(error.message));
        });
        m_panel = std::make_unique<FleetPanel>(m_client.get());
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*> {
                 m_panel->deviceModel(), m_panel->conflictModel(), m_panel->eventModel() })
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_panel->resize(1280, 820);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        QSignalSpy role(m_client.get(), &FleetClient::roleChanged);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->role(), FleetClient::Role::Supervisor, 10'000);
    }

    void tableFills()
    {
        auto* view = m_panel->findChild<QTableView*>(QStringLiteral("fleetDeviceView"));
        QVERIFY(view);
        FleetDeviceModel* model = m_panel->deviceModel();
        // ops, the supervisor, two probes and the simulated devices.
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 4 + SimDevices, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_sim->deviceCount(), SimDevices, 20'000);
        for (int i = 0; i < SimDevices; ++i) {
            const QString name = m_sim->deviceName(i);
            int row = -1;
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    for (int r = 0; r < model->rowCount(); ++r) {
                        if (model->device(r)->name == name && !model->device(r)->lastSeen.isEmpty()
                            && model->device(r)->latencyP50Ms >= 0) {
                            row = r;
                            return true;
                        }
                    }
                    return false;
                }(),
                30'000);
            QVERIFY(!model->index(row, FleetDeviceModel::TechnicianColumn).data().toString().isEmpty());
            QVERIFY(model->index(row, FleetDeviceModel::LastSeenColumn).data().toString().contains(QLatin1String("ago"))
                || model->index(row, FleetDeviceModel::LastSeenColumn).data().toString() == QLatin1String("just now"));
            QVERIFY(!model->index(row, FleetDeviceModel::LatencyP95Column).data().toString().isEmpty());
        }
        // Sorting by technician through the proxy: the view's first row is the alphabetically first technician.
        view->sortByColumn(FleetDeviceModel::TechnicianColumn, Qt::AscendingOrder);
        QStringList technicians;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            technicians << view->model()->index(r, FleetDeviceModel::TechnicianColumn).data().toString().toLower();
        QStringList sorted = technicians;
        sorted.sort();
        QCOMPARE(technicians, sorted);
        QVERIFY(!m_panel->alarmVisible());
    }

    void chartHasPoints()
    {
        auto* chart = m_panel->findChild<QChartView*>(QStringLiteral("fleetLatencyChart"));
        QVERIFY(chart);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->latencySeries()->count() > 0, 20'000);
        QCOMPARE(m_panel->thresholdSeries()->count(), 2);
        QCOMPARE(m_panel->thresholdSeries()->at(0).y(), 1.0); // 1 minute
        QVERIFY(chart->chart()->series().contains(m_panel->latencySeries()));
    }

    void drillDownShowsEvents()
    {
        auto* view = m_panel->findChild<QTableView*>(QStringLiteral("fleetDeviceView"));
        int row = -1;
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            if (view->model()->index(r, FleetDeviceModel::DeviceColumn).data().toString() == m_sim->deviceName(0))
                row = r;
        }
        QVERIFY(row >= 0);
        const QModelIndex index = view->model()->index(row, FleetDeviceModel::DeviceColumn);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        QTRY_COMPARE(view->selectionModel()->selectedRows().size(), 1);
        FleetEventModel* events = m_panel->eventModel();
        QTRY_VERIFY_WITH_TIMEOUT(events->rowCount() > 0, 20'000);
        QCOMPARE(events->deviceId(), view->model()->index(row, 0).data(FleetDeviceModel::DeviceIdRole).toString());
        bool sawSyncRun = false;
        for (int r = 0; r < events->rowCount(); ++r)
            sawSyncRun = sawSyncRun || events->event(r)->kind == QLatin1String("sync_run");
        QVERIFY(sawSyncRun);
    }

    void latencyAlarmAppearsAndClears()
    {
        // Threshold 1 min. Changes that waited a day on their device push the hour's average over it …
        for (int i = 0; i < 10 && !m_panel->alarmVisible(); ++i) {
            QVERIFY(pushNewRows(m_probeA, 1, 24LL * 3600'000));
            refreshUntil([&] { return m_panel->alarmVisible(); }, 3'000);
        }
        QVERIFY(m_panel->alarmVisible());
        QVERIFY2(m_panel->alarmText().contains(QLatin1String("latency")), qPrintable(m_panel->alarmText()));
        QVERIFY(m_client->lastReport()->alarm);
        auto* banner = m_panel->findChild<QWidget*>(QStringLiteral("fleetAlarmBanner"));
        QVERIFY(banner && banner->isVisible());
        // … and many changes that arrived at once bring it back under the threshold.
        for (int i = 0; i < 20 && m_panel->alarmVisible(); ++i) {
            QVERIFY(pushNewRows(m_probeA, 1000, 1));
            refreshUntil([&] { return !m_panel->alarmVisible(); }, 3'000);
        }
        QVERIFY2(!m_panel->alarmVisible(), qPrintable(m_panel->alarmText()));
        QVERIFY(!banner->isVisible());
        QVERIFY(!m_client->lastReport()->alarm);
    }

    void auditFailureRaisesAlarm()
    {
        VerifyRequest wrong;
        wrong.table = Schema::WorkOrders;
        wrong.count = 1;
        wrong.hash = QString(64, QLatin1Char('0'));
        QJsonObject answer;
        QCOMPARE(post(QStringLiteral("/v1/verify"), m_probeB.token, wrong.toJson(), &answer), 200);
        QCOMPARE(answer.value(QStringLiteral("match")).toBool(true), false);
        QVERIFY(refreshUntil([&] { return m_panel->alarmVisible(); }));
        QVERIFY2(m_panel->alarmText().contains(QLatin1String("probe-b")), qPrintable(m_panel->alarmText()));
        FleetDeviceModel* model = m_panel->deviceModel();
        const int row = model->rowOf(m_probeB.id);
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, 0).data(FleetDeviceModel::HealthRole).toInt(), int(FleetDeviceModel::AuditMismatch));
        QVERIFY(model->index(row, 0).data(Qt::BackgroundRole).isValid());
    }

    void conflictResolvedInInboxReachesDevices()
    {
        // Two technicians edit the title of the same work order from the same base: B first, A later (A wins).
        const QString rowId = Ulid::generate();
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
        const QString base = hlc(t0, m_probeA.id);
        QVERIFY(pushTitle(m_probeA, rowId, QStringLiteral("Pump room inspection"), t0, QString()));
        QVERIFY(pushTitle(m_probeB, rowId, QStringLiteral("Pump room inspection, valve 3 replaced"), t0 + 1000, base));
        QVERIFY(pushTitle(m_probeA, rowId, QStringLiteral("Pump room inspection, done"), t0 + 2000, base));

        auto* tabs = m_panel->findChild<QTabWidget*>(QStringLiteral("fleetTabs"));
        auto* view = m_panel->findChild<QTableView*>(QStringLiteral("fleetConflictView"));
        QVERIFY(tabs && view);
        tabs->setCurrentIndex(1);
        FleetConflictModel* model = m_panel->conflictModel();
        int sourceRow = -1;
        QVERIFY(refreshUntil([&] {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (model->conflict(r)->rowId == rowId)
                    sourceRow = r;
            }
            return sourceRow >= 0;
        }));
        QVERIFY(tabs->tabText(1).contains(QLatin1Char('(')));
        const auto* proxy = qobject_cast<const QSortFilterProxyModel*>(view->model());
        QVERIFY(proxy);
        const QModelIndex index = proxy->mapFromSource(model->index(sourceRow, FleetConflictModel::FieldColumn));
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        auto* kept = m_panel->findChild<QPlainTextEdit*>(QStringLiteral("fleetKeptValueText"));
        auto* other = m_panel->findChild<QPlainTextEdit*>(QStringLiteral("fleetOtherValueText"));
        QTRY_COMPARE(kept->toPlainText(), QStringLiteral("Pump room inspection, done"));
        QCOMPARE(other->toPlainText(), QStringLiteral("Pump room inspection, valve 3 replaced"));
        auto* keepOther = m_panel->findChild<QPushButton*>(QStringLiteral("fleetKeepOtherButton"));
        QVERIFY(keepOther && keepOther->isEnabled());
        QSignalSpy resolved(m_client.get(), &FleetClient::conflictResolved);
        QTest::mouseClick(keepOther, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(resolved.size(), 1, 10'000);
        QCOMPARE(resolved.first().first().value<ConflictRecord>().resolution, QStringLiteral("picked_loser"));
        QTRY_COMPARE(model->rowOf(resolved.first().first().value<ConflictRecord>().id), -1);

        // The supervisor's choice is a change on the hub: every simulated device pulls it.
        for (int i = 0; i < SimDevices; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(m_sim->deviceRow(i, Schema::WorkOrders, rowId)
                                          .value_or(QVariantMap())
                                          .value(QStringLiteral("title"))
                                          .toString(),
                QStringLiteral("Pump room inspection, valve 3 replaced"), 30'000);
        }
    }

    void technicianSeesNoFleet()
    {
        FleetClient client;
        client.setServer(m_hub.url(), m_probeA.token);
        FleetPanel panel(&client);
        QSignalSpy fleets(&client, &FleetClient::fleetReceived);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.role(), FleetClient::Role::Technician, 10'000);
        client.refresh(); // ignored: not a supervisor
        QVERIFY(!client.isBusy());
        QCOMPARE(fleets.size(), 0);
        auto* label = panel.findChild<QLabel*>(QStringLiteral("fleetRoleLabel"));
        QVERIFY(label && !label->isHidden());
        QVERIFY(label->text().contains(QLatin1String("supervisor")));
    }

    void unreachableHubIsReportedNotFatal()
    {
        FleetClient client;
        client.setRequestTimeout(3'000);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:1")), m_supervisor.token);
        FleetPanel panel(&client);
        QSignalSpy failed(&client, &FleetClient::requestFailed);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 10'000);
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("/v1/me"));
        auto* status = panel.findChild<QLabel*>(QStringLiteral("fleetStatusLabel"));
        QVERIFY(status->text().contains(QLatin1String("unreachable")));
    }

    void cleanupTestCase()
    {
        if (!m_sim)
            return;
        QSignalSpy finished(m_sim.get(), &FleetSimulator::finished);
        m_sim->finishEditing();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 90'000);
        QVERIFY2(m_sim->summary().converged, qPrintable(m_sim->summaryLines().join(QLatin1Char('\n'))));
        m_panel.reset();
        m_client.reset();
        m_sim.reset();
    }
};

QTEST_MAIN(TestFleetPanel)
#include "tst_fleetpanel.moc"
