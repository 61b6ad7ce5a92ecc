// Sync suite (issue 4): the real SyncController/SyncWorker of a device against the real server, and the
// seed article's naive algorithm as the baseline in the same run.
#include "DeviceStore.h"
#include "Fixtures.h"
#include "LoadDriver.h"
#include "Suites.h"

#include "models/Clock.h"
#include "models/LocalStore.h"
#include "models/Schema.h"
#include "models/Ulid.h"
#include "sync/SyncController.h"
#include "ui/WorkOrderModel.h"

#include <QApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>

#include <cmath>

namespace fieldsync::bench {

namespace {

// Longest gap between ticks of a 5 ms timer on the GUI thread: how long the thread was kept from its events.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const double now = double(m_clock.nsecsElapsed()) / 1e6;
            m_gaps << now - m_last;
            m_last = now;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    Stats gaps() const { return summarize(m_gaps); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    QList<double> m_gaps;
};

// Spins the GUI thread's event loop until the controller reports a finished run that satisfies `done`.
// The GUI thread keeps processing events (heartbeat, view) the whole time, exactly as in the app.
bool waitForRun(
    SyncController& controller, const std::function<bool(const SyncStatus&)>& done, int timeoutMs, QString* error)
{
    QEventLoop loop;
    bool ok = false;
    const auto connection
        = QObject::connect(&controller, &SyncController::statusChanged, &loop, [&](const SyncStatus& status) {
              using State = SyncStatus::State;
              if (status.state == State::UpToDate && done(status)) {
                  ok = true;
                  loop.quit();
              } else if (status.state == State::Error || status.state == State::AuthError
                  || status.state == State::Offline || status.state == State::Disabled) {
                  *error = status.error.isEmpty() ? QStringLiteral("sync stopped in state %1").arg(int(status.state))
                                                  : status.error;
                  loop.quit();
              }
          });
    QTimer::singleShot(timeoutMs, &loop, [&] {
        *error = QStringLiteral("no finished sync run within %1 s").arg(timeoutMs / 1000);
        loop.quit();
    });
    loop.exec();
    QObject::disconnect(connection);
    return ok;
}

QSqlQuery prepared(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    q.prepare(sql);
    return q;
}

// ---- the seed article's algorithm, against the real server ------------------------------------------

// Phase 1 of sync_with_server(): for record in table.find(sync_status='dirty'): POST it; on 200 update
// sync_status='synced'. One blocking request per record (requests.post), one autocommit UPDATE per record.
// The record goes out as one protocol change carrying all its fields with their clocks.
struct NaiveResult
{
    int rows = 0;
    double secs = 0;
    QList<double> latenciesMs;
    QString error;
};

NaiveResult naivePush(LocalStore& store, RawClient& client, const QString& deviceId)
{
    NaiveResult r;
    const TableDef* table = Schema::instance().table(Schema::WorkOrders);
    const QStringList fields = table->fieldNames();
    QElapsedTimer timer;
    timer.start();
    QSqlDatabase db = store.database();
    QSqlQuery dirty(db);
    dirty.setForwardOnly(true);
    if (!dirty.exec(QStringLiteral("SELECT * FROM work_orders WHERE sync_status = 'dirty'"))) {
        r.error = dirty.lastError().text();
        return r;
    }
    QSqlQuery markSynced = prepared(db, QStringLiteral("UPDATE work_orders SET sync_status = 'synced' WHERE id = ?"));
    // The dirty rows are read first (dataset's find() materialises them), then pushed one by one.
    QList<QSqlRecord> records;
    while (dirty.next())
        records << dirty.record();
    dirty.finish();
    for (const QSqlRecord& rec : std::as_const(records)) {
        protocol::Change change;
        change.opId = Ulid::generate();
        change.table = Schema::WorkOrders;
        change.rowId = rec.value(QStringLiteral("id")).toString();
        const QJsonObject clocks
            = QJsonDocument::fromJson(rec.value(QStringLiteral("field_clocks")).toString().toUtf8()).object();
        for (const QString& f : fields) {
            protocol::FieldChange fc;
            fc.value = f == Schema::DeletedField ? QJsonValue(rec.value(f).toInt() != 0)
                                                 : QJsonValue(rec.value(f).toString());
            fc.hlc = clocks.value(f).toString();
            change.fields.insert(f, fc);
        }
        const HttpResult res = client.postSync(
            QStringLiteral("/v1/push"), pushBody(deviceId, store.hlc()->now().toString(), { change }));
        r.latenciesMs << res.ms;
        const QString problem = checkPush(res);
        if (!problem.isEmpty()) {
            r.error = problem;
            break;
        }
        markSynced.addBindValue(change.rowId);
        if (!markSynced.exec()) {
            r.error = markSynced.lastError().text();
            break;
        }
        ++r.rows;
    }
    r.secs = double(timer.nsecsElapsed()) / 1e9;
    return r;
}

// Phase 2: remote_changes = GET /changes?since=<last sync time>; for each remote record: find_one(id); if
// absent or remote last_updated > local: upsert it and update sync_status='synced'. Each statement
// autocommits. fieldsync-server has no timestamp feed (its gap-free cursor replaces it), so the baseline
// reads the same rows from /v1/changes in the largest pages the server serves — as close to "all changes
// since t in one answer" as the server allows — and applies them row by row exactly as the article does.
NaiveResult naivePull(LocalStore& store, RawClient& client, int pageLimit)
{
    NaiveResult r;
    const TableDef* table = Schema::instance().table(Schema::WorkOrders);
    const QStringList fields = table->fieldNames();
    QSqlDatabase db = store.database();
    QSqlQuery findOne = prepared(db, QStringLiteral("SELECT last_updated FROM work_orders WHERE id = ?"));
    QStringList columns = fields;
    columns << QStringLiteral("last_updated") << QStringLiteral("field_clocks");
    QStringList updates;
    for (const QString& c : std::as_const(columns))
        updates << c + QStringLiteral(" = excluded.") + c;
    QSqlQuery upsert = prepared(db,
        QStringLiteral("INSERT INTO work_orders (id, %1) VALUES (?%2) ON CONFLICT(id) DO UPDATE SET %3")
            .arg(columns.join(QStringLiteral(", ")), QStringLiteral(", ?").repeated(columns.size()),
                updates.join(QStringLiteral(", "))));
    QSqlQuery markSynced = prepared(db, QStringLiteral("UPDATE work_orders SET sync_status = 'synced' WHERE id = ?"));
    QElapsedTimer timer;
    timer.start();
    QString cursor;
    for (;;) {
        const HttpResult res = client.getSync(changesPath(cursor, pageLimit));
        r.latenciesMs << res.ms;
        if (res.status != 200) {
            r.error = QStringLiteral("pull answered HTTP %1: %2")
                          .arg(res.status)
                          .arg(QString::fromUtf8(res.body.left(300)));
            break;
        }
        const QJsonObject page = QJsonDocument::fromJson(res.body).object();
        const QJsonArray rows = page.value(QStringLiteral("rows")).toArray();
        for (const QJsonValue& v : rows) {
            const QJsonObject row = v.toObject();
            const QString id = row.value(QStringLiteral("id")).toString();
            const QJsonObject values = row.value(QStringLiteral("values")).toObject();
            const QJsonObject clocks = row.value(QStringLiteral("clocks")).toObject();
            QString lastUpdated;
            for (auto it = clocks.begin(); it != clocks.end(); ++it)
                lastUpdated = std::max(lastUpdated, it.value().toString());
            findOne.addBindValue(id);
            findOne.exec();
            const bool exists = findOne.next();
            const QString local = exists ? findOne.value(0).toString() : QString();
            findOne.finish();
            if (exists && !(lastUpdated > local))
                continue;
            upsert.addBindValue(id);
            for (const QString& f : fields) {
                const QJsonValue value = values.value(f);
                upsert.addBindValue(
                    f == Schema::DeletedField ? QVariant(value.toBool() ? 1 : 0) : QVariant(value.toString()));
            }
            upsert.addBindValue(lastUpdated);
            upsert.addBindValue(QString::fromUtf8(QJsonDocument(clocks).toJson(QJsonDocument::Compact)));
            if (!upsert.exec()) {
                r.error = upsert.lastError().text();
                break;
            }
            markSynced.addBindValue(id);
            markSynced.exec();
            ++r.rows;
        }
        if (!r.error.isEmpty())
            break;
        cursor = page.value(QStringLiteral("next_cursor")).toString();
        if (!page.value(QStringLiteral("has_more")).toBool() || rows.isEmpty())
            break;
    }
    r.secs = double(timer.nsecsElapsed()) / 1e9;
    return r;
}

// Inserts `count` new 1 KB work orders as local edits (dirty rows, outbox entries), one transaction each
// as the app does. Fixture setup: not measured.
bool insertLocalRows(LocalStore& store, qint64 first, int count, QString* error)
{
    for (qint64 i = first; i < first + count; ++i) {
        if (store.insertRow(Schema::WorkOrders, WorkOrderGen::values(i)).isEmpty()) {
            *error = store.lastError().message;
            return false;
        }
    }
    return true;
}

QStringList someRowIds(LocalStore& store, int count, int offset)
{
    QStringList ids;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT id FROM work_orders WHERE deleted = 0 ORDER BY id LIMIT ? OFFSET ?"));
    q.addBindValue(count);
    q.addBindValue(offset);
    q.exec();
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

QJsonObject base(const char* test, const QString& backend)
{
    return { { QStringLiteral("test"), QLatin1String(test) }, { QStringLiteral("suite"), QStringLiteral("sync") },
        { QStringLiteral("backend"), backend }, { QStringLiteral("devices"), 1 } };
}

double rate(double rows, double secs)
{
    return secs > 0 ? std::round(rows / secs) : 0;
}

bool runSyncOn(const Options& o, Backends& backends, const QString& backend)
{
    // Devices: 0 = another technician (seeds the hub, makes remote edits), 1 = the device under test,
    // 2 = the baseline's pushing device, 3 = the baseline's pulling device.
    Hub hub = startHub(o, backends, backend, 4);
    if (!hub.ok()) {
        Reporter::note(QStringLiteral("sync suite on %1 skipped: %2").arg(backend, hub.error));
        Reporter::emitLine({ { QStringLiteral("test"), QStringLiteral("sync_setup") },
            { QStringLiteral("suite"), QStringLiteral("sync") }, { QStringLiteral("backend"), backend },
            { QStringLiteral("error"), hub.error } });
        return false;
    }
    const QString devicePath = QDir(o.workDir).filePath(QStringLiteral("device-%1.db").arg(backend));
    const QString naivePushPath = QDir(o.workDir).filePath(QStringLiteral("naive-push-%1.db").arg(backend));
    const QString naivePullPath = QDir(o.workDir).filePath(QStringLiteral("naive-pull-%1.db").arg(backend));
    // Declared before the stores, so it runs after they are closed: the next back end's measurements run
    // without this one's databases in the page cache.
    const auto discard = qScopeGuard([&] {
        hub.server->stop();
        backends.discard(hub.server->databaseUrl());
        QString error;
        for (const QString& path : { devicePath, naivePushPath, naivePullPath }) {
            if (!LocalStore::removeFiles(path, &error))
                Reporter::note(QStringLiteral("device store: ") + error);
        }
    });
    const QUrl url = hub.server->baseUrl();
    QString error;
    Reporter::note(QStringLiteral("sync suite on %1: seeding the hub with %2 rows").arg(backend).arg(o.syncRows));
    if (!seedServer(url, hub.devices.at(0), 0, o.syncRows, o.batchSize, &error)) {
        Reporter::note(QStringLiteral("seeding failed: ") + error);
        return false;
    }

    // ---- the device under test: its UI connection, model and view on this thread, the worker on its own.
    if (!createDeviceStore(devicePath, hub.devices.at(1).deviceId, &error)) {
        Reporter::note(QStringLiteral("device store: ") + error);
        return false;
    }
    LocalStore ui;
    if (!ui.open(devicePath, QStringLiteral("bench-ui"))) {
        Reporter::note(QStringLiteral("device store: ") + ui.lastError().message);
        return false;
    }
    WorkOrderModel model(&ui);
    model.select();
    QTableView view;
    view.setModel(&model);
    view.resize(1200, 800);
    view.show();

    SyncSettings settings;
    settings.serverUrl = url;
    settings.token = hub.devices.at(1).token;
    settings.intervalMs = 3'600'000; // runs only when the benchmark asks
    settings.debounceMs = 3'600'000;
    settings.batchSize = o.batchSize;
    settings.requestTimeoutMs = 120'000;
    settings.connectionName = QStringLiteral("bench-sync");
    SyncController controller(devicePath, ui.hlc(), SystemClock::instance(), settings);
    QObject::connect(
        &controller, &SyncController::rowsChanged, &model, [&model](const QString& table, const QStringList& ids) {
            if (table == Schema::WorkOrders)
                model.refreshRows(ids);
        });

    // initial_pull + gui_stall_ms
    Heartbeat heartbeat;
    const qint64 pullStartedAt = QDateTime::currentMSecsSinceEpoch();
    const double rssBefore = currentRssMb();
    resetPeakRss();
    QElapsedTimer timer;
    heartbeat.start();
    timer.start();
    controller.start();
    const bool pulled = waitForRun(
        controller, [](const SyncStatus&) { return true; }, 1'800'000, &error);
    const double pullSecs = double(timer.nsecsElapsed()) / 1e9;
    heartbeat.stop();
    const Stats gaps = heartbeat.gaps();
    const double clientPeak = peakRssMb();
    const int localRows = ui.rowCount(Schema::WorkOrders);
    QJsonObject line = base("initial_pull", backend);
    line.insert(QStringLiteral("n"), localRows);
    line.insert(QStringLiteral("secs"), round3(pullSecs));
    line.insert(QStringLiteral("rows_per_s"), rate(localRows, pullSecs));
    line.insert(QStringLiteral("page"), o.batchSize);
    line.insert(QStringLiteral("requests"),
        hub.server->loggedRequests(hub.devices.at(1).deviceId, QStringLiteral("/v1/changes"), pullStartedAt).count);
    line.insert(QStringLiteral("client_peak_rss_mb"), round3(clientPeak));
    line.insert(QStringLiteral("client_rss_before_mb"), round3(rssBefore));
    if (!pulled || localRows != o.syncRows)
        line.insert(QStringLiteral("error"),
            pulled ? QStringLiteral("device holds %1 rows, hub %2").arg(localRows).arg(o.syncRows) : error);
    Reporter::emitLine(line);
    QJsonObject stall = base("gui_stall_ms", backend);
    stall.insert(QStringLiteral("n"), localRows);
    stall.insert(QStringLiteral("value"), round3(gaps.max));
    stall.insert(QStringLiteral("heartbeat_ms"), 5);
    stall.insert(QStringLiteral("ticks"), gaps.count);
    stall.insert(QStringLiteral("p50_gap_ms"), round3(gaps.median));
    stall.insert(QStringLiteral("p99_gap_ms"), round3(gaps.p99));
    stall.insert(QStringLiteral("note"),
        QStringLiteral("longest gap between ticks of a 5 ms timer on the GUI thread during the initial pull, "
                       "with a WorkOrderModel and QTableView refreshing the rows the worker reports"));
    Reporter::emitLine(stall);
    if (!pulled || localRows != o.syncRows)
        return false;

    // push: 10,000 dirty rows (new 1 KB work orders typed on this device)
    Reporter::note(QStringLiteral("push: %1 local rows").arg(o.syncPushRows));
    if (!insertLocalRows(ui, 10'000'000, o.syncPushRows, &error)) {
        Reporter::note(QStringLiteral("local inserts failed: ") + error);
        return false;
    }
    const int dirtyBefore = ui.unsyncedRowCount();
    const qint64 pushStartedAt = QDateTime::currentMSecsSinceEpoch();
    timer.restart();
    controller.syncNow();
    const bool pushed = waitForRun(
        controller, [](const SyncStatus& s) { return s.pendingChanges == 0; }, 1'800'000, &error);
    const double pushSecs = double(timer.nsecsElapsed()) / 1e9;
    line = base("push", backend);
    line.insert(QStringLiteral("n"), dirtyBefore);
    line.insert(QStringLiteral("secs"), round3(pushSecs));
    line.insert(QStringLiteral("rows_per_s"), rate(dirtyBefore, pushSecs));
    line.insert(QStringLiteral("batch"), o.batchSize);
    // The run also pulls the feed after pushing (its own rows come back); the push phase alone ends with
    // the last /v1/push answer in the server's request log (same machine, same wall clock).
    const ServerProcess::LoggedRequests pushes
        = hub.server->loggedRequests(hub.devices.at(1).deviceId, QStringLiteral("/v1/push"), pushStartedAt);
    const qint64 lastPush = pushes.lastEndMs;
    line.insert(QStringLiteral("requests"), pushes.count);
    double pushPhaseRate = 0;
    if (lastPush > 0) {
        const double phase = double(lastPush - pushStartedAt) / 1000.0;
        pushPhaseRate = rate(dirtyBefore, phase);
        line.insert(QStringLiteral("push_phase_secs"), round3(phase));
        line.insert(QStringLiteral("push_phase_rows_per_s"), rate(dirtyBefore, phase));
    }
    line.insert(QStringLiteral("note"),
        QStringLiteral("secs: one sync run from Sync now to up to date (pushes the dirty rows in batches, then "
                       "pulls the feed; the push answers' feed spans move the cursor past the pushed rows, so "
                       "only other devices' changes come back); push_phase_secs: Sync now to the last push "
                       "answer"));
    if (!pushed)
        line.insert(QStringLiteral("error"), error);
    Reporter::emitLine(line);
    const double devicePushRate = rate(dirtyBefore, pushSecs);

    // incremental_round: 1% of syncRows changed, half on this device, half by another technician.
    const int changed = std::max(2, o.syncRows / 100);
    const QStringList ids = someRowIds(ui, changed, 0);
    const int localCount = int(ids.size()) / 2;
    for (int i = 0; i < localCount; ++i) {
        if (!ui.updateRow(Schema::WorkOrders, ids.at(i),
                { { QStringLiteral("status"), QStringLiteral("in_progress") },
                    { QStringLiteral("notes"),
                        QStringLiteral("Arrived on site, isolating the supply. Round %1").arg(i) } })) {
            Reporter::note(QStringLiteral("local edit failed: ") + ui.lastError().message);
            return false;
        }
    }
    {
        ChangeFactory remote(hub.devices.at(0).deviceId);
        QList<protocol::Change> changes;
        for (int i = localCount; i < ids.size(); ++i) {
            const QVariantMap clocks = ui.fieldClocks(Schema::WorkOrders, ids.at(i));
            QMap<QString, QString> baseClocks;
            for (auto it = clocks.begin(); it != clocks.end(); ++it)
                baseClocks.insert(it.key(), it.value().toString());
            changes << remote.edit(ids.at(i),
                { { QStringLiteral("status"), QStringLiteral("completed") },
                    { QStringLiteral("assigned_to"), QStringLiteral("grace") } },
                baseClocks);
        }
        RawClient other(url, hub.devices.at(0).token);
        for (qsizetype at = 0; at < changes.size(); at += o.batchSize) {
            const HttpResult res = other.postSync(QStringLiteral("/v1/push"),
                pushBody(hub.devices.at(0).deviceId, remote.nextHlc(), changes.mid(at, o.batchSize)));
            const QString problem = checkPush(res);
            if (!problem.isEmpty()) {
                Reporter::note(QStringLiteral("remote edits failed: ") + problem);
                return false;
            }
        }
    }
    timer.restart();
    controller.syncNow();
    const bool round = waitForRun(
        controller, [](const SyncStatus& s) { return s.pendingChanges == 0; }, 600'000, &error);
    const double roundSecs = double(timer.nsecsElapsed()) / 1e9;
    line = base("incremental_round", backend);
    line.insert(QStringLiteral("n"), int(ids.size()));
    line.insert(QStringLiteral("rows_on_device"), ui.rowCount(Schema::WorkOrders));
    line.insert(QStringLiteral("local_changed"), localCount);
    line.insert(QStringLiteral("remote_changed"), int(ids.size()) - localCount);
    line.insert(QStringLiteral("secs"), round3(roundSecs));
    if (!round)
        line.insert(QStringLiteral("error"), error);
    Reporter::emitLine(line);

    // ---- baseline: the seed article's loop on two more devices, same hub, same rows
    Reporter::note(QStringLiteral("naive_push: %1 rows, one POST each").arg(o.naiveRows));
    if (!createDeviceStore(naivePushPath, hub.devices.at(2).deviceId, &error)
        || !createDeviceStore(naivePullPath, hub.devices.at(3).deviceId, &error)) {
        Reporter::note(QStringLiteral("baseline store: ") + error);
        return false;
    }
    bool baselineOk = true;
    double naivePushRate = 0;
    {
        LocalStore store;
        store.open(naivePushPath, QStringLiteral("bench-naive-push"));
        if (!insertLocalRows(store, 20'000'000, o.naiveRows, &error)) {
            Reporter::note(QStringLiteral("baseline inserts failed: ") + error);
            return false;
        }
        RawClient client(url, hub.devices.at(2).token);
        const NaiveResult r = naivePush(store, client, hub.devices.at(2).deviceId);
        const Stats s = summarize(r.latenciesMs);
        naivePushRate = rate(r.rows, r.secs);
        line = base("naive_push", backend);
        line.insert(QStringLiteral("n"), r.rows);
        line.insert(QStringLiteral("secs"), round3(r.secs));
        line.insert(QStringLiteral("rows_per_s"), naivePushRate);
        line.insert(QStringLiteral("requests"), int(r.latenciesMs.size()));
        line.insert(QStringLiteral("p50_ms"), round3(s.median));
        line.insert(QStringLiteral("p99_ms"), round3(s.p99));
        line.insert(QStringLiteral("note"),
            QStringLiteral("seed article loop: one blocking POST /v1/push per dirty record (all its fields), then "
                           "an autocommit UPDATE sync_status='synced'"));
        if (!r.error.isEmpty())
            line.insert(QStringLiteral("error"), r.error);
        baselineOk &= r.error.isEmpty();
        Reporter::emitLine(line);
    }
    double naivePullRate = 0;
    qint64 naivePullRows = 0;
    {
        LocalStore store;
        store.open(naivePullPath, QStringLiteral("bench-naive-pull"));
        RawClient client(url, hub.devices.at(3).token);
        const int pageLimit = 5000;
        Reporter::note(QStringLiteral("naive_pull: the whole hub, row by row"));
        const NaiveResult r = naivePull(store, client, pageLimit);
        const Stats s = summarize(r.latenciesMs);
        naivePullRate = rate(r.rows, r.secs);
        naivePullRows = r.rows;
        line = base("naive_pull", backend);
        line.insert(QStringLiteral("n"), r.rows);
        line.insert(QStringLiteral("secs"), round3(r.secs));
        line.insert(QStringLiteral("rows_per_s"), naivePullRate);
        line.insert(QStringLiteral("requests"), int(r.latenciesMs.size()));
        line.insert(QStringLiteral("p50_ms"), round3(s.median));
        line.insert(QStringLiteral("page"), pageLimit);
        line.insert(QStringLiteral("note"),
            QStringLiteral("seed article pull: the hub has no ?since=<timestamp> feed, so the baseline reads "
                           "/v1/changes in pages of %1 (its 'everything since t' answer) and applies each row as the "
                           "article does: find_one, compare last_updated, upsert, update sync_status, each "
                           "statement autocommitted")
                .arg(pageLimit));
        if (!r.error.isEmpty())
            line.insert(QStringLiteral("error"), r.error);
        baselineOk &= r.error.isEmpty();
        Reporter::emitLine(line);
    }
    // The device's initial pull and the baseline's pull read the same feed; compare per-row rates.
    const double devicePullRate = rate(localRows, pullSecs);
    QJsonObject ratios = base("ratio_to_baseline", backend);
    ratios.insert(QStringLiteral("push_vs_naive_push"), naivePushRate > 0 ? round3(devicePushRate / naivePushRate) : 0);
    ratios.insert(
        QStringLiteral("initial_pull_vs_naive_pull"), naivePullRate > 0 ? round3(devicePullRate / naivePullRate) : 0);
    if (pushPhaseRate > 0 && naivePushRate > 0)
        ratios.insert(QStringLiteral("push_phase_vs_naive_push"), round3(pushPhaseRate / naivePushRate));
    ratios.insert(QStringLiteral("naive_pull_rows"), naivePullRows);
    ratios.insert(
        QStringLiteral("note"), QStringLiteral("rows/s of the sync engine divided by rows/s of the baseline"));
    Reporter::emitLine(ratios);
    return pushed && round && baselineOk;
}

} // namespace

bool runSyncSuite(const Options& o, Backends& backends)
{
    bool ok = true;
    for (const QString& backend : o.backends)
        ok &= runSyncOn(o, backends, backend);
    return ok;
}

} // namespace fieldsync::bench
