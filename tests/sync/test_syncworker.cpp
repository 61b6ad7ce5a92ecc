// SyncWorker against the in-memory FakeServer: no edit lost while a push is in flight, pages applied whole,
// backoff, quarantine, auth stop, reset, audit repair and clock skew.
#include "FakeNetwork.h"

#include "AuditHash.h"
#include "Clock.h"
#include "LocalStore.h"
#include "Schema.h"
#include "SearchIndexBuild.h"
#include "SyncStore.h"
#include "SyncWorker.h"
#include "Ulid.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fieldsync;
using fieldsync::test::FakeQNAM;
using fieldsync::test::FakeServer;

namespace {

constexpr qint64 Hour = 3600 * 1000;

const TableDef& workOrders()
{
    return *Schema::instance().table(Schema::WorkOrders);
}

// One device: the UI's store (where the technician edits) and a SyncWorker on its own connection, both in
// the test thread, talking to the FakeServer.
class Device
{
public:
    Device(const QString& dir, const QString& name, FakeServer* server, const Clock* clock, int batchSize = 500)
        : m_name(name)
        , m_server(server)
    {
        m_path = dir + u'/' + name + QStringLiteral(".db");
        ui = std::make_unique<LocalStore>(clock);
        if (!ui->open(m_path, QStringLiteral("ui-") + name))
            return;
        token = server->addDevice(ui->deviceId(), name);
        settings.serverUrl = QUrl(QStringLiteral("http://hub.test"));
        settings.token = token;
        settings.intervalMs = int(Hour);
        settings.debounceMs = 50;
        settings.batchSize = batchSize;
        settings.requestTimeoutMs = 300;
        settings.telemetryMinIntervalMs = int(Hour);
        settings.connectionName = QStringLiteral("sync-") + name;
        worker = std::make_unique<SyncWorker>(m_path, ui->hlc(), clock, settings,
            [server](QObject* parent) -> QNetworkAccessManager* { return new FakeQNAM(server, parent); });
    }
    ~Device()
    {
        worker.reset();
        ui.reset();
    }

    // Starts the worker and waits for its first run; true when it succeeded.
    bool start()
    {
        QSignalSpy finished(worker.get(), &SyncWorker::runFinished);
        worker->start();
        return waitIdle(finished) && succeeded(finished);
    }

    static bool succeeded(const QSignalSpy& finished)
    {
        for (const QList<QVariant>& args : finished) {
            if (!args.at(0).toBool())
                return false;
        }
        return true;
    }

    // One run on request; true when every run it caused succeeded.
    bool sync()
    {
        if (!worker->isIdle()) {
            QSignalSpy before(worker.get(), &SyncWorker::runFinished);
            waitIdle(before);
        }
        QSignalSpy finished(worker.get(), &SyncWorker::runFinished);
        worker->requestSync(true);
        return waitIdle(finished) && succeeded(finished);
    }

    bool waitIdle(QSignalSpy& finished)
    {
        for (int i = 0; i < 200; ++i) {
            if (finished.count() > 0 && worker->isIdle())
                return true;
            finished.wait(50);
        }
        return false;
    }

    QString value(const QString& id, const QString& field) const
    {
        const auto row = ui->row(Schema::WorkOrders, id);
        return row ? row->value(field).toString() : QString();
    }

    int outboxCount() const
    {
        QSqlQuery q(ui->database());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox"));
        return q.next() ? q.value(0).toInt() : -1;
    }

    QString localHash() const
    {
        SyncStore store(ui.get());
        return store.accumulate(workOrders()).setHash();
    }

    std::unique_ptr<LocalStore> ui;
    std::unique_ptr<SyncWorker> worker;
    SyncSettings settings;
    QString token;

private:
    QString m_name;
    QString m_path;
    FakeServer* m_server;
};

QString serverHash(const FakeServer& server)
{
    audit::Accumulator acc;
    for (const protocol::Row& r : server.rows)
        acc.add(r);
    return acc.setHash();
}

QVariantMap order(const QString& title)
{
    return { { QStringLiteral("title"), title }, { QStringLiteral("customer"), QStringLiteral("ACME") } };
}

} // namespace

class TestSyncWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_clock = std::make_unique<ManualClock>(1'750'000'000'000);
        m_server = std::make_unique<FakeServer>(m_clock.get());
    }
    void cleanup() { m_server.reset(); }

    void backoffCeiling()
    {
        QCOMPARE(SyncWorker::backoffCeilingMs(1), 1000);
        QCOMPARE(SyncWorker::backoffCeilingMs(2), 2000);
        QCOMPARE(SyncWorker::backoffCeilingMs(9), 256000);
        QCOMPARE(SyncWorker::backoffCeilingMs(10), 300000);
        QCOMPARE(SyncWorker::backoffCeilingMs(40), 300000);
    }

    void pushPullAndTelemetry()
    {
        Device a(m_dir.path(), QStringLiteral("a1"), m_server.get(), m_clock.get());
        Device b(m_dir.path(), QStringLiteral("b1"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QVERIFY(b.start());
        // Both first runs sent telemetry; the next batch waits for the minimum interval.
        const qsizetype batches = m_server->telemetry.size();
        QCOMPARE(batches, 2);
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("Repair HVAC 4B")));
        QVERIFY(!id.isEmpty());
        m_clock->advanceMs(5000);
        QVERIFY(a.sync());
        QCOMPARE(m_server->telemetry.size(), batches);
        QCOMPARE(a.outboxCount(), 0);
        QCOMPARE(a.value(id, QStringLiteral("sync_status")), QStringLiteral("synced"));
        QVERIFY(m_server->rows.contains(id));
        QCOMPARE(m_server->rows.value(id).values.value(QStringLiteral("title")).toString(),
            QStringLiteral("Repair HVAC 4B"));

        QSignalSpy changed(b.worker.get(), &SyncWorker::rowsChanged);
        QVERIFY(b.sync());
        QCOMPARE(b.value(id, QStringLiteral("title")), QStringLiteral("Repair HVAC 4B"));
        QVERIFY(!changed.isEmpty());
        QVERIFY(changed.first().at(1).toStringList().contains(id));
        QCOMPARE(a.localHash(), serverHash(*m_server));
        QCOMPARE(b.localHash(), serverHash(*m_server));

        // After the interval the latency sample (5 s from edit to acknowledgement) and the run log go out.
        m_clock->advanceMs(Hour);
        QVERIFY(a.sync());
        QCOMPARE(m_server->telemetry.size(), batches + 1);
        QVERIFY(!m_server->telemetry.last().events.isEmpty());
        bool sawSample = false;
        for (const protocol::TelemetryBatch& t : m_server->telemetry) {
            for (const protocol::LatencySample& s : t.latency)
                sawSample = sawSample || (s.rowId == id && s.latencyMs == 5000);
        }
        QVERIFY(sawSample);
    }

    // The seed article's loop marked a row synced after its POST and lost edits made meanwhile.
    void editDuringPushIsNotLost()
    {
        Device a(m_dir.path(), QStringLiteral("a2"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("v0")));
        QVERIFY(a.sync());
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("title"), QStringLiteral("v1") } }));

        m_server->setDelay(QStringLiteral("/v1/push"), 100);
        bool edited = false;
        QObject context;
        connect(m_server.get(), &FakeServer::requestArrived, &context, [&](const QString& endpoint) {
            if (endpoint == u"/v1/push" && !edited) {
                // The server has committed v1; its answer is still on the way. The customer was not part of the
                // change in flight.
                edited = a.ui->updateRow(Schema::WorkOrders, id,
                    { { QStringLiteral("title"), QStringLiteral("v2") },
                        { QStringLiteral("customer"), QStringLiteral("Initech") } });
            }
        });
        QSignalSpy finished(a.worker.get(), &SyncWorker::runFinished);
        a.worker->requestSync(true);
        QVERIFY(finished.wait(3000));
        QVERIFY(edited);
        QCOMPARE(m_server->rows.value(id).values.value(QStringLiteral("title")).toString(), QStringLiteral("v1"));
        // The answer for v1 arrived after v2 was made: v2 and the new customer stay shown and dirty.
        QCOMPARE(a.value(id, QStringLiteral("title")), QStringLiteral("v2"));
        QCOMPARE(a.value(id, QStringLiteral("customer")), QStringLiteral("Initech"));
        QCOMPARE(a.value(id, QStringLiteral("sync_status")), QStringLiteral("dirty"));
        QCOMPARE(a.outboxCount(), 2);

        context.disconnect();
        QVERIFY(a.sync());
        QCOMPARE(m_server->rows.value(id).values.value(QStringLiteral("title")).toString(), QStringLiteral("v2"));
        QCOMPARE(
            m_server->rows.value(id).values.value(QStringLiteral("customer")).toString(), QStringLiteral("Initech"));
        QCOMPARE(a.value(id, QStringLiteral("sync_status")), QStringLiteral("synced"));
        QCOMPARE(a.outboxCount(), 0);
        QVERIFY2(m_server->conflicts.isEmpty(), "a device's own successive edits are not a conflict");
        QCOMPARE(a.localHash(), serverHash(*m_server));
    }

    // Op ids come from the content: the same device, row and clocks give the same id, anything else a new one.
    void opIdsFollowTheContent()
    {
        const QByteArray content = "title\x1f"
                                   "01a218483b9f-0000-01M8C4GEV8JPGRXM0RHW4A8P71\x1f\x1e";
        const QString id
            = SyncStore::opIdFor("DEV1", Schema::WorkOrders, QStringLiteral("R1"), 1'750'000'000'000, content);
        QVERIFY(Ulid::isValid(id));
        QCOMPARE(Ulid::timestampMs(id), 1'750'000'000'000);
        QCOMPARE(SyncStore::opIdFor("DEV1", Schema::WorkOrders, QStringLiteral("R1"), 1'750'000'000'000, content), id);
        QSet<QString> others { id };
        others << SyncStore::opIdFor("DEV2", Schema::WorkOrders, QStringLiteral("R1"), 1'750'000'000'000, content);
        others << SyncStore::opIdFor("DEV1", Schema::WorkOrders, QStringLiteral("R2"), 1'750'000'000'000, content);
        others << SyncStore::opIdFor("DEV1", QStringLiteral("sites"), QStringLiteral("R1"), 1'750'000'000'000, content);
        others << SyncStore::opIdFor("DEV1", Schema::WorkOrders, QStringLiteral("R1"), 1'750'000'000'000,
            "title\x1f"
            "01a218483b9f-0001-01M8C4GEV8JPGRXM0RHW4A8P71\x1f\x1e");
        QCOMPARE(others.size(), 5);
        // The time part is the first edit's, the rest does not depend on it.
        const QString later
            = SyncStore::opIdFor("DEV1", Schema::WorkOrders, QStringLiteral("R1"), 1'750'000'000'001, content);
        QCOMPARE(later.mid(10), id.mid(10));
        QVERIFY(later > id);
    }

    void lostAnswerIsRetriedAsDuplicate()
    {
        Device a(m_dir.path(), QStringLiteral("a3"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("once")));
        m_server->injectFault(QStringLiteral("/v1/push"), FakeServer::Fault::DropAfterApply);
        QVERIFY(!a.sync());
        QCOMPARE(a.worker->status().state, SyncStatus::State::Offline);
        QCOMPARE(a.outboxCount(), int(workOrders().fields.size()));
        QVERIFY(a.sync());
        QCOMPARE(m_server->duplicates, 1);
        QCOMPARE(m_server->pushedChanges, 1);
        QCOMPARE(a.outboxCount(), 0);
        QCOMPARE(a.value(id, QStringLiteral("sync_status")), QStringLiteral("synced"));
    }

    void pullPageAtomicity_data()
    {
        QTest::addColumn<int>("fault");
        QTest::newRow("truncated") << int(FakeServer::Fault::Truncate);
        QTest::newRow("dropped") << int(FakeServer::Fault::Drop);
        QTest::newRow("hang") << int(FakeServer::Fault::Hang);
        QTest::newRow("500") << int(FakeServer::Fault::Status500);
    }
    void pullPageAtomicity()
    {
        QFETCH(int, fault);
        for (int i = 0; i < 25; ++i)
            m_server->writeRemote(QStringLiteral("01J0000000000000000000%1").arg(i, 4, 10, QLatin1Char('0')),
                { { QStringLiteral("title"), QStringLiteral("remote %1").arg(i) } });
        const QString name = QStringLiteral("p%1").arg(fault);
        Device a(m_dir.path(), name, m_server.get(), m_clock.get(), 10);
        m_server->injectFault(QStringLiteral("/v1/changes"), FakeServer::Fault::Pass);
        m_server->injectFault(QStringLiteral("/v1/changes"), FakeServer::Fault(fault));
        QVERIFY(!a.start());
        // Page 1 committed with its cursor; nothing of page 2.
        QCOMPARE(a.ui->rowCount(Schema::WorkOrders), 10);
        SyncStore store(a.ui.get());
        QCOMPARE(store.cursor(), QStringLiteral("10"));
        QVERIFY(a.worker->isBackingOff());
        // The bulk load of the first pull ended with the failure: indexes and search triggers are back.
        QVERIFY(!store.bulkLoadPending());
        const auto schemaObjects = [&] {
            QSqlQuery q(a.ui->database());
            q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'work_orders' AND type IN "
                                  "('index', 'trigger') AND sql IS NOT NULL"));
            return q.next() ? q.value(0).toInt() : -1;
        };
        const int objects = schemaObjects();
        QVERIFY(objects >= 4);

        QVERIFY(a.sync());
        QCOMPARE(a.ui->rowCount(Schema::WorkOrders), 25);
        QCOMPARE(schemaObjects(), objects);
        QSqlQuery search(a.ui->database());
        QVERIFY(
            search.exec(QStringLiteral("SELECT COUNT(*) FROM work_orders_fts WHERE work_orders_fts MATCH 'remote'")));
        QVERIFY(search.next());
        QCOMPARE(search.value(0).toInt(), 25);
        // The next run resumed from the last committed page.
        QCOMPARE(
            m_server->pullCursors.mid(0, 3), QStringList({ QString(), QStringLiteral("10"), QStringLiteral("10") }));
        QCOMPARE(a.localHash(), serverHash(*m_server));
    }

    void initialPullIndexesOnceAndSurvivesACrash()
    {
        for (int i = 0; i < 30; ++i)
            m_server->writeRemote(QStringLiteral("01J0000000000000000000%1").arg(i, 4, 10, QLatin1Char('0')),
                { { QStringLiteral("title"), QStringLiteral("pump %1").arg(i) } });
        // The search index must be built beside the other indexes, not fall back to the in-place rebuild.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("search index rebuilt in place")));
        Device a(m_dir.path(), QStringLiteral("bulk"), m_server.get(), m_clock.get(), 10);
        SyncStore store(a.ui.get());
        QSqlQuery count(a.ui->database());
        const auto objects = [&] {
            count.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'work_orders' AND type IN "
                                      "('index', 'trigger') AND sql IS NOT NULL"));
            const int n = count.next() ? count.value(0).toInt() : -1;
            count.finish();
            return n;
        };
        const int before = objects();
        // Interrupted state as a crash would leave it: indexes dropped, rebuild recorded.
        QVERIFY(store.beginBulkLoad(workOrders()));
        QVERIFY(store.bulkLoadPending());
        QVERIFY(objects() < before);
        // A schema step that ran before the worker restarted put one of the indexes back already.
        QVERIFY(count.exec(QStringLiteral("CREATE INDEX work_orders_list_title ON work_orders "
                                          "(title COLLATE NOCASE, due_at = '', due_at, id) WHERE deleted = 0")));
        QVERIFY(a.start()); // repairs first, then pulls everything
        QVERIFY(!store.bulkLoadPending());
        QCOMPARE(objects(), before);
        QCOMPARE(a.ui->rowCount(Schema::WorkOrders), 30);
        QSqlQuery search(a.ui->database());
        QVERIFY(search.exec(QStringLiteral("SELECT COUNT(*) FROM work_orders_fts WHERE work_orders_fts MATCH 'pump'")));
        QVERIFY(search.next());
        QCOMPARE(search.value(0).toInt(), 30);
        // Built on a thread of its own (SearchIndexBuild) and installed whole: FTS5 finds it consistent with the
        // table, and the scratch database is gone.
        QVERIFY2(
            search.exec(QStringLiteral("INSERT INTO work_orders_fts (work_orders_fts) VALUES ('integrity-check')")),
            qPrintable(search.lastError().text()));
        QVERIFY(!QFile::exists(SearchIndexBuild::scratchPath(a.ui->path())));
        QCOMPARE(a.localHash(), serverHash(*m_server));
    }

    // A pull of many pages through the parser thread (pages growing from 3 rows): every row arrives, three times.
    void manySmallPagesAllApplied()
    {
        for (int i = 0; i < 400; ++i)
            m_server->writeRemote(QStringLiteral("01J0000000000000000000%1").arg(i, 4, 10, QLatin1Char('0')),
                { { QStringLiteral("title"), QStringLiteral("page row %1").arg(i) } });
        for (int round = 0; round < 3; ++round) {
            Device a(m_dir.path(), QStringLiteral("pages%1").arg(round), m_server.get(), m_clock.get(), 3);
            QVERIFY(a.start());
            QCOMPARE(a.ui->rowCount(Schema::WorkOrders), 400);
            QCOMPARE(a.localHash(), serverHash(*m_server));
        }
    }

    void backoffAndOffline()
    {
        Device a(m_dir.path(), QStringLiteral("a4"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("retry me")));
        m_server->injectFault(QStringLiteral("/v1/push"), FakeServer::Fault::Status500, 2);
        QVERIFY(!a.sync());
        QCOMPARE(a.worker->failedAttempts(), 1);
        QVERIFY(a.worker->isBackingOff());
        QVERIFY(a.worker->lastBackoffMs() >= 500 && a.worker->lastBackoffMs() <= 1000);
        QCOMPARE(a.worker->status().state, SyncStatus::State::Error);
        QVERIFY(a.worker->status().nextAttempt.isValid());

        // The periodic timer does not cut a backoff short.
        const qsizetype requests = m_server->requests.size();
        a.worker->requestSync(false);
        QCOMPARE(m_server->requests.size(), requests);

        // The retry timer fires by itself and fails again: the delay doubles.
        QSignalSpy finished(a.worker.get(), &SyncWorker::runFinished);
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(a.worker->failedAttempts(), 2);
        QVERIFY(a.worker->lastBackoffMs() >= 1000 && a.worker->lastBackoffMs() <= 2000);

        // Unreachable hub: Offline, data kept.
        m_server->injectFault(QStringLiteral("/v1/push"), FakeServer::Fault::Drop);
        QVERIFY(!a.sync());
        QCOMPARE(a.worker->status().state, SyncStatus::State::Offline);
        QCOMPARE(a.worker->status().pendingChanges, 1);
        QCOMPARE(a.worker->failedAttempts(), 3);

        QVERIFY(a.sync());
        QCOMPARE(a.worker->failedAttempts(), 0);
        QVERIFY(!a.worker->isBackingOff());
        QCOMPARE(a.worker->status().state, SyncStatus::State::UpToDate);
        QCOMPARE(a.worker->status().pendingChanges, 0);
        // Back after being offline: telemetry goes out at once.
        QVERIFY(!m_server->telemetry.isEmpty());
    }

    void hangEndsByTransferTimeout()
    {
        Device a(m_dir.path(), QStringLiteral("a5"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("slow network")));
        m_server->injectFault(QStringLiteral("/v1/push"), FakeServer::Fault::Hang);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!a.sync());
        QVERIFY(timer.elapsed() >= 250);
        QCOMPARE(a.worker->status().state, SyncStatus::State::Offline);
        QCOMPARE(a.worker->status().pendingChanges, 1);
        // A slow (but answering) hub is fine.
        m_server->setDelay(QStringLiteral("/v1/push"), 150);
        QVERIFY(a.sync());
        QCOMPARE(a.worker->status().pendingChanges, 0);
    }

    void rejectedChangeIsQuarantined()
    {
        Device a(m_dir.path(), QStringLiteral("a6"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        const QString bad = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("refused")));
        const QString good = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("accepted")));
        m_server->rejectRows.insert(bad);
        QVERIFY(a.sync());
        QVERIFY(m_server->rows.contains(good));
        QVERIFY(!m_server->rows.contains(bad));
        QCOMPARE(a.outboxCount(), 0);
        QCOMPARE(a.worker->status().quarantined, int(workOrders().fields.size()));
        QSqlQuery q(a.ui->database());
        QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT row_id, reason_code, reason FROM quarantine")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), bad);
        QCOMPARE(q.value(1).toString(), QStringLiteral("invalid_value"));
        QVERIFY(!q.value(2).toString().isEmpty());
        QVERIFY(!q.next());
    }

    // Two batches travel at once, never with the same row; every row is acknowledged once.
    void pushBatchesArePipelined()
    {
        Device a(m_dir.path(), QStringLiteral("pipe"), m_server.get(), m_clock.get(), 10);
        QVERIFY(a.start());
        QStringList ids;
        for (int i = 0; i < 35; ++i) {
            ids << a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("row %1").arg(i)));
            m_clock->advanceMs(1);
        }
        m_server->setDelay(QStringLiteral("/v1/push"), 30);
        int arrived = 0;
        int arrivedBeforeFirstAnswer = -1;
        QObject context;
        connect(m_server.get(), &FakeServer::requestArrived, &context, [&](const QString& endpoint) {
            if (endpoint == u"/v1/push")
                ++arrived;
        });
        connect(a.worker.get(), &SyncWorker::statusChanged, &context, [&](const SyncStatus& status) {
            if (arrivedBeforeFirstAnswer < 0 && status.pendingChanges < 35) // the first answer was applied
                arrivedBeforeFirstAnswer = arrived;
        });
        QVERIFY(a.sync());
        QCOMPARE(arrived, 4);
        QCOMPARE(arrivedBeforeFirstAnswer, 3);
        QCOMPARE(m_server->pushedChanges, 35);
        QCOMPARE(m_server->duplicates, 0);
        QCOMPARE(a.outboxCount(), 0);
        for (const QString& id : std::as_const(ids))
            QCOMPARE(a.value(id, QStringLiteral("sync_status")), QStringLiteral("synced"));
        QCOMPARE(a.localHash(), serverHash(*m_server));
    }

    // A push answer's feed span moves the cursor past the device's own rows: the pull after the pushes starts
    // at the feed's head, so the device does not download what it has just sent (the spans of pushes in
    // flight chain). A row another device wrote in between breaks the chain and is pulled as usual.
    void ownPushedRowsAreNotPulledBack()
    {
        Device a(m_dir.path(), QStringLiteral("span"), m_server.get(), m_clock.get(), 10);
        QVERIFY(a.start());
        for (int i = 0; i < 35; ++i) {
            a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("row %1").arg(i)));
            m_clock->advanceMs(1);
        }
        m_server->setDelay(QStringLiteral("/v1/push"), 30);
        m_server->pullCursors.clear();
        QVERIFY(a.sync());
        QCOMPARE(m_server->pushedChanges, 35);
        QCOMPARE(m_server->pullCursors, QStringList { QString::number(m_server->seq) });
        QCOMPARE(a.localHash(), serverHash(*m_server));

        const qint64 cursorBefore = m_server->seq;
        const protocol::Row remote = m_server->writeRemote(
            Ulid::generate(), QJsonObject { { QStringLiteral("title"), QStringLiteral("written elsewhere") } });
        QVERIFY(!remote.id.isEmpty());
        a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("after the remote row")));
        m_clock->advanceMs(5);
        m_server->pullCursors.clear();
        QVERIFY(a.sync());
        QVERIFY(!m_server->pullCursors.isEmpty());
        QCOMPARE(m_server->pullCursors.first(), QString::number(cursorBefore));
        QCOMPARE(a.value(remote.id, QStringLiteral("title")), QStringLiteral("written elsewhere"));
        QCOMPARE(a.localHash(), serverHash(*m_server));
    }

    void refusedBatchIsBisected()
    {
        Device a(m_dir.path(), QStringLiteral("a7"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        const QString first = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("first")));
        m_clock->advanceMs(10);
        const QString second = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("second")));
        // The batch of two is refused, then the single first change: only that one is quarantined.
        m_server->injectFault(QStringLiteral("/v1/push"), FakeServer::Fault::Status422, 2);
        QVERIFY(a.sync());
        QVERIFY(!m_server->rows.contains(first));
        QVERIFY(m_server->rows.contains(second));
        QSqlQuery q(a.ui->database());
        QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT row_id FROM quarantine")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), first);
        QVERIFY(!q.next());
    }

    void unauthorizedStops_data()
    {
        QTest::addColumn<bool>("forbidden");
        QTest::newRow("401") << false;
        QTest::newRow("403") << true;
    }
    void unauthorizedStops()
    {
        QFETCH(bool, forbidden);
        Device a(
            m_dir.path(), forbidden ? QStringLiteral("a8f") : QStringLiteral("a8u"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("kept")));
        if (forbidden)
            m_server->injectFault(QStringLiteral("/v1/push"), FakeServer::Fault::Status403);
        else
            m_server->revoke(a.token);
        QVERIFY(!a.sync());
        QCOMPARE(a.worker->status().state, SyncStatus::State::AuthError);
        QVERIFY(!a.worker->status().hint.isEmpty());
        QVERIFY(!a.worker->isBackingOff());
        const qsizetype requests = m_server->requests.size();
        a.worker->requestSync(false);
        a.worker->localEdit();
        QTest::qWait(150); // longer than the debounce: no run may start
        QCOMPARE(m_server->requests.size(), requests);
        QCOMPARE(a.worker->status().pendingChanges, 1);
    }

    void foreignTokenStopsBeforePushing()
    {
        Device a(m_dir.path(), QStringLiteral("id1"), m_server.get(), m_clock.get());
        a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("mine")));
        a.worker->applySettings([&] {
            SyncSettings s = a.settings;
            s.token = m_server->addDevice(QStringLiteral("01SOMEOTHERDEVICE000000000"));
            return s;
        }());
        QVERIFY(!a.start());
        QCOMPARE(a.worker->status().state, SyncStatus::State::AuthError);
        QVERIFY(a.worker->status().error.contains(QStringLiteral("01SOMEOTHERDEVICE000000000")));
        QVERIFY(!m_server->requests.contains(QStringLiteral("POST /v1/push")));
        QCOMPARE(a.worker->status().quarantined, 0);
    }

    void adoptDeviceIdRenamesOwnClocks()
    {
        const QString path = m_dir.path() + QStringLiteral("/adopt.db");
        QString oldId;
        QString id;
        {
            LocalStore store(m_clock.get());
            QVERIFY(store.open(path, QStringLiteral("adopt")));
            oldId = store.deviceId();
            id = store.insertRow(Schema::WorkOrders, order(QStringLiteral("before enrolment")));
        }
        const QString enrolled = QStringLiteral("01HUBASSIGNEDDEVICE0000000");
        QString error;
        // A brand-new database takes the id directly.
        const QString fresh = m_dir.path() + QStringLiteral("/adopt-fresh.db");
        QVERIFY2(SyncStore::adoptDeviceId(fresh, enrolled, &error), qPrintable(error));
        {
            LocalStore store(m_clock.get());
            QVERIFY(store.open(fresh, QStringLiteral("adopt-fresh")));
            QCOMPARE(store.deviceId(), enrolled);
        }
        QVERIFY(!SyncStore::adoptDeviceId(fresh, QStringLiteral("bad id with spaces"), &error));
        QVERIFY2(SyncStore::adoptDeviceId(path, enrolled, &error), qPrintable(error));
        LocalStore store(m_clock.get());
        QVERIFY(store.open(path, QStringLiteral("adopt")));
        QCOMPARE(store.deviceId(), enrolled);
        QVERIFY(store.fieldClocks(Schema::WorkOrders, id).value(QStringLiteral("title")).toString().endsWith(enrolled));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE substr(hlc, 19) <> '%1'").arg(enrolled)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(store.hlc()->now().toString().endsWith(enrolled));
        Q_UNUSED(oldId);
    }

    void resetKeepsLocalEdits()
    {
        const QString x = QStringLiteral("01J00000000000000000000XXX");
        m_server->writeRemote(x, { { QStringLiteral("title"), QStringLiteral("shared") } });
        Device a(m_dir.path(), QStringLiteral("a9"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QCOMPARE(a.value(x, QStringLiteral("title")), QStringLiteral("shared"));

        // Others change things while the device is away long enough for tombstones to be purged.
        m_server->writeRemote(x, { { QStringLiteral("status"), QStringLiteral("on_hold") } });
        const QString fresh = QStringLiteral("01J00000000000000000000NEW");
        m_server->writeRemote(fresh, { { QStringLiteral("title"), QStringLiteral("new") } });
        m_server->purgeWatermark = m_server->seq;

        bool edited = false;
        QObject context;
        connect(m_server.get(), &FakeServer::requestArrived, &context, [&](const QString& endpoint) {
            if (endpoint == u"/v1/changes" && !edited)
                edited
                    = a.ui->updateRow(Schema::WorkOrders, x, { { QStringLiteral("title"), QStringLiteral("mine") } });
        });
        QVERIFY(a.sync());
        QVERIFY(edited);
        QVERIFY(m_server->pullCursors.contains(QString()));
        QCOMPARE(a.value(x, QStringLiteral("title")), QStringLiteral("mine"));
        QCOMPARE(a.value(x, QStringLiteral("status")), QStringLiteral("on_hold"));
        QCOMPARE(a.value(fresh, QStringLiteral("title")), QStringLiteral("new"));
        // Re-pushed after the fresh pull.
        QCOMPARE(m_server->rows.value(x).values.value(QStringLiteral("title")).toString(), QStringLiteral("mine"));
        QCOMPARE(a.outboxCount(), 0);
        QCOMPARE(a.localHash(), serverHash(*m_server));
    }

    void auditRepairsOnlyMismatchedBuckets()
    {
        Device a(m_dir.path(), QStringLiteral("a10"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QStringList ids;
        for (int i = 0; i < 40; ++i)
            ids << a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("order %1").arg(i)));
        QVERIFY(a.sync());
        QCOMPARE(a.localHash(), serverHash(*m_server));

        // Silent rot: a partial record on the device, and a row the server lost.
        const QString rotten = ids.at(3);
        QString lost = ids.at(7);
        for (const QString& id : ids) {
            if (audit::bucketOf(id) != audit::bucketOf(rotten)) {
                lost = id;
                break;
            }
        }
        QSqlQuery q(a.ui->database());
        q.prepare(QStringLiteral("UPDATE work_orders SET title = 'rot' WHERE id = ?"));
        q.addBindValue(rotten);
        QVERIFY(q.exec());
        m_server->rows.remove(lost);

        QSignalSpy audited(a.worker.get(), &SyncWorker::auditFinished);
        const qsizetype before = m_server->requests.size();
        a.worker->runAudit();
        QVERIFY(audited.wait(3000));
        const AuditResult result = audited.first().at(0).value<AuditResult>();
        QCOMPARE(result.result, QStringLiteral("repaired"));
        QCOMPARE(result.mismatchedBuckets, 2);
        QCOMPARE(result.rowsRepaired, 1);
        QCOMPARE(result.rowsRepushed, 1);
        QCOMPARE(m_server->requests.mid(before).count(QStringLiteral("GET /v1/rows")), 2);
        QCOMPARE(a.value(rotten, QStringLiteral("title")), QStringLiteral("order 3"));
        QTRY_VERIFY_WITH_TIMEOUT(a.worker->isIdle(), 3000);
        QVERIFY(m_server->rows.contains(lost)); // re-pushed by the follow-up run
        QCOMPARE(a.localHash(), serverHash(*m_server));

        audited.clear();
        a.worker->runAudit();
        QVERIFY(audited.wait(3000));
        QCOMPARE(audited.first().at(0).value<AuditResult>().result, QStringLiteral("match"));
        SyncStore store(a.ui.get());
        QCOMPARE(store.meta(QStringLiteral("sync_last_audit_result")), QStringLiteral("match"));
    }

    void clockSkewStillOrdersEdits()
    {
        SkewedClock ahead(m_clock.get(), 2 * Hour);
        SkewedClock behind(m_clock.get(), -2 * Hour);
        Device a(m_dir.path(), QStringLiteral("ahead"), m_server.get(), &ahead);
        Device b(m_dir.path(), QStringLiteral("behind"), m_server.get(), &behind);
        QVERIFY(a.start());
        QVERIFY(b.start());
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("from the fast clock")));
        QVERIFY(a.sync());
        m_clock->advanceMs(60'000);
        QVERIFY(b.sync());
        QCOMPARE(b.value(id, QStringLiteral("title")), QStringLiteral("from the fast clock"));
        // B saw A's edit, so B's later edit must win although B's wall clock is four hours behind A's.
        QVERIFY(
            b.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("title"), QStringLiteral("fixed later") } }));
        QVERIFY(b.ui->fieldClocks(Schema::WorkOrders, id).value(QStringLiteral("title")).toString()
            > a.ui->fieldClocks(Schema::WorkOrders, id).value(QStringLiteral("title")).toString());
        QVERIFY(b.sync());
        QVERIFY(a.sync());
        QCOMPARE(a.value(id, QStringLiteral("title")), QStringLiteral("fixed later"));
        QCOMPARE(
            m_server->rows.value(id).values.value(QStringLiteral("title")).toString(), QStringLiteral("fixed later"));
        QVERIFY(m_server->conflicts.isEmpty());
        QCOMPARE(a.localHash(), b.localHash());
        // The measured skew is reported.
        QVERIFY(qAbs(b.ui->hlc()->lastObservedSkewMs()) >= Hour);
    }

    // A row written by a device three hours ahead, served by a hub whose answers carry only its wall clock:
    // the next local edit of that field must still get a later clock, or the hub would refuse it.
    void pulledClocksAdvanceTheDeviceClock()
    {
        const QString id = QStringLiteral("01J0000000000000000000FAST");
        m_server->lagClock = true;
        m_server->writeRemote(id, { { QStringLiteral("title"), QStringLiteral("from the future") } },
            QStringLiteral("FASTDEVICE"), 3 * Hour);
        Device a(m_dir.path(), QStringLiteral("lag"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("title"), QStringLiteral("mine") } }));
        QVERIFY(a.sync());
        QCOMPARE(a.worker->status().quarantined, 0);
        QCOMPARE(m_server->rows.value(id).values.value(QStringLiteral("title")).toString(), QStringLiteral("mine"));
        QVERIFY(m_server->conflicts.isEmpty());
    }

    void concurrentEditsRecordConflictAndResolution()
    {
        Device a(m_dir.path(), QStringLiteral("c1"), m_server.get(), m_clock.get());
        Device b(m_dir.path(), QStringLiteral("c2"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QVERIFY(b.start());
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("base")));
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id,
            { { QStringLiteral("title"), QStringLiteral("A's title") },
                { QStringLiteral("site"), QStringLiteral("Dock 4") } }));
        m_clock->advanceMs(1000);
        QVERIFY(b.ui->updateRow(Schema::WorkOrders, id,
            { { QStringLiteral("title"), QStringLiteral("B's title") },
                { QStringLiteral("asset"), QStringLiteral("Boiler 2") } }));
        QVERIFY(a.sync());
        QSignalSpy conflicts(b.worker.get(), &SyncWorker::conflictsChanged);
        QVERIFY(b.sync());
        QVERIFY(a.sync());
        // Different fields both kept; the same field: later clock wins, the loser is recorded.
        for (Device* d : { &a, &b }) {
            QCOMPARE(d->value(id, QStringLiteral("title")), QStringLiteral("B's title"));
            QCOMPARE(d->value(id, QStringLiteral("site")), QStringLiteral("Dock 4"));
            QCOMPARE(d->value(id, QStringLiteral("asset")), QStringLiteral("Boiler 2"));
        }
        QCOMPARE(m_server->conflicts.size(), 1);
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(b.ui->openConflictCount(), 1);
        QSqlQuery q(b.ui->database());
        QVERIFY(q.exec(QStringLiteral("SELECT id, loser_value FROM conflicts")));
        QVERIFY(q.next());
        const QString conflictId = q.value(0).toString();
        QCOMPARE(SyncStore::decodeValue(q.value(1).toString()).toString(), QStringLiteral("A's title"));
        QVERIFY(SyncStore::resolveConflict(b.ui.get(), conflictId, QStringLiteral("kept_winner")));
        QCOMPARE(b.ui->openConflictCount(), 0);
        QVERIFY(b.sync());
        QCOMPARE(m_server->resolutions.value(conflictId), QStringLiteral("kept_winner"));
    }

    // The losing device learns of the conflict only from the hub's list: its own push was accepted first.
    void losingDeviceFetchesItsConflicts()
    {
        Device a(m_dir.path(), QStringLiteral("l1"), m_server.get(), m_clock.get());
        Device b(m_dir.path(), QStringLiteral("l2"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QVERIFY(b.start());
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("base")));
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("status"), QStringLiteral("on_hold") } }));
        m_clock->advanceMs(1000);
        QVERIFY(b.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("status"), QStringLiteral("completed") } }));
        QVERIFY(a.sync());
        QCOMPARE(a.ui->openConflictCount(), 0);
        QVERIFY(b.sync()); // b's later clock wins; the conflict is in b's push answer only
        QCOMPARE(m_server->conflicts.size(), 1);
        QCOMPARE(m_server->conflicts.first().loserDevice, a.ui->deviceId());

        QSignalSpy conflicts(a.worker.get(), &SyncWorker::conflictsChanged);
        const int listings = m_server->conflictListings;
        QVERIFY(a.sync());
        QCOMPARE(m_server->conflictListings, listings + 1);
        QCOMPARE(a.value(id, QStringLiteral("status")), QStringLiteral("completed"));
        QCOMPARE(a.ui->openConflictCount(), 1);
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().at(0).toInt(), 1);
        QSqlQuery q(a.ui->database());
        QVERIFY(q.exec(QStringLiteral("SELECT id, loser_value, winner_value, loser_device FROM conflicts")));
        QVERIFY(q.next());
        const QString conflictId = q.value(0).toString();
        QCOMPARE(conflictId, m_server->conflicts.first().id);
        QCOMPARE(SyncStore::decodeValue(q.value(1).toString()).toString(), QStringLiteral("on_hold"));
        QCOMPARE(SyncStore::decodeValue(q.value(2).toString()).toString(), QStringLiteral("completed"));
        QCOMPARE(q.value(3).toString(), a.ui->deviceId());
        QVERIFY(!q.next());

        // Listed again on later runs, it is stored once; a local resolution is kept and reaches the hub.
        QVERIFY(SyncStore::resolveConflict(a.ui.get(), conflictId, QStringLiteral("kept_winner")));
        m_server->writeRemote(
            QStringLiteral("01J00000000000000000000099"), { { QStringLiteral("title"), QStringLiteral("x") } });
        QVERIFY(a.sync());
        QCOMPARE(m_server->resolutions.value(conflictId), QStringLiteral("kept_winner"));
        QCOMPARE(a.ui->openConflictCount(), 0);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM conflicts")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);

        // Runs that pull nothing ask the hub only every few runs.
        const int before = m_server->conflictListings;
        for (int i = 0; i < 12; ++i)
            QVERIFY(a.sync());
        QCOMPARE(m_server->conflictListings, before + 1);
    }

    // A supervisor resolved the conflict in the fleet inbox: the hub stops listing it as open, and the losing
    // device's conflicts dialog must not keep offering it.
    void conflictResolvedElsewhereLeavesTheList()
    {
        Device a(m_dir.path(), QStringLiteral("e1"), m_server.get(), m_clock.get());
        Device b(m_dir.path(), QStringLiteral("e2"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QVERIFY(b.start());
        const QString id = a.ui->insertRow(Schema::WorkOrders, order(QStringLiteral("base")));
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("status"), QStringLiteral("on_hold") } }));
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("priority"), QStringLiteral("low") } }));
        m_clock->advanceMs(1000);
        QVERIFY(b.ui->updateRow(Schema::WorkOrders, id,
            { { QStringLiteral("status"), QStringLiteral("completed") },
                { QStringLiteral("priority"), QStringLiteral("high") } }));
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        QCOMPARE(m_server->conflicts.size(), 2);
        QVERIFY(a.sync());
        QCOMPARE(a.ui->openConflictCount(), 2);

        // The hub's inbox: one of the two resolved by a supervisor.
        m_server->conflicts.first().resolution = QStringLiteral("kept_winner");
        m_server->conflicts.first().resolvedBy = QStringLiteral("01J0SUPERVISOR000000000000");
        const QString resolvedId = m_server->conflicts.first().id;
        QSignalSpy changed(a.worker.get(), &SyncWorker::conflictsChanged);
        m_server->writeRemote(
            QStringLiteral("01J00000000000000000000098"), { { QStringLiteral("title"), QStringLiteral("y") } });
        QVERIFY(a.sync());
        QCOMPARE(a.ui->openConflictCount(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toInt(), 1);
        QSqlQuery q(a.ui->database());
        q.prepare(QStringLiteral("SELECT resolved, resolution FROM conflicts WHERE id = ?"));
        q.addBindValue(resolvedId);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(q.value(1).toString(), QStringLiteral("resolved_elsewhere"));
        QVERIFY(!m_server->resolutions.contains(resolvedId)); // nothing sent back for it
    }

    void concurrentLongTextMergesCleanly()
    {
        Device a(m_dir.path(), QStringLiteral("t1"), m_server.get(), m_clock.get());
        Device b(m_dir.path(), QStringLiteral("t2"), m_server.get(), m_clock.get());
        QVERIFY(a.start());
        QVERIFY(b.start());
        const QString base = QStringLiteral("line one\nline two\nline three\nline four\n");
        const QString id = a.ui->insertRow(Schema::WorkOrders,
            { { QStringLiteral("title"), QStringLiteral("text") }, { QStringLiteral("notes"), base } });
        QVERIFY(a.sync());
        QVERIFY(b.sync());
        QVERIFY(a.ui->updateRow(Schema::WorkOrders, id,
            { { QStringLiteral("notes"), QStringLiteral("line ONE\nline two\nline three\nline four\n") } }));
        QVERIFY(b.ui->updateRow(Schema::WorkOrders, id,
            { { QStringLiteral("notes"), QStringLiteral("line one\nline two\nline three\nline FOUR\n") } }));
        QVERIFY(a.sync());
        // B pulls A's text while its own edit is still unsynced: B shows the merge at once.
        QVERIFY(b.ui->updateRow(Schema::WorkOrders, id, { { QStringLiteral("site"), QStringLiteral("Roof") } }));
        QVERIFY(b.sync());
        QVERIFY(a.sync());
        const QString merged = QStringLiteral("line ONE\nline two\nline three\nline FOUR\n");
        QCOMPARE(a.value(id, QStringLiteral("notes")), merged);
        QCOMPARE(b.value(id, QStringLiteral("notes")), merged);
        QCOMPARE(m_server->rows.value(id).values.value(QStringLiteral("notes")).toString(), merged);
        QVERIFY(m_server->conflicts.isEmpty());
        QCOMPARE(a.localHash(), serverHash(*m_server));
        QCOMPARE(b.localHash(), serverHash(*m_server));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<FakeServer> m_server;
};

QTEST_GUILESS_MAIN(TestSyncWorker)
#include "test_syncworker.moc"
