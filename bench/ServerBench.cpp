// Server suite (issue 3): pushes and pulls through the real fieldsync-server, 1 KB work orders,
// 1/10/50 concurrent simulated devices speaking protocol v1 directly, on each storage back end.
#include "Fixtures.h"
#include "LoadDriver.h"
#include "Suites.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTimer>

#include <cmath>

namespace fieldsync::bench {

namespace {

QJsonObject latencyFields(const LoadResult& r)
{
    const Stats s = summarize(r.latenciesMs);
    return { { QStringLiteral("requests"), r.requests }, { QStringLiteral("p50_ms"), round3(s.median) },
        { QStringLiteral("p99_ms"), round3(s.p99) }, { QStringLiteral("max_ms"), round3(s.max) } };
}

void merge(QJsonObject& into, const QJsonObject& from)
{
    for (auto it = from.begin(); it != from.end(); ++it)
        into.insert(it.key(), it.value());
}

bool pushTest(const Options& o, Hub& hub, const QString& backend, int devices, qint64 firstIndex)
{
    const int total = o.serverPushRows;
    const int perDevice = int(std::ceil(double(total) / devices));
    // At least four requests per device, so that latency percentiles describe a stream, not one request.
    const int batch = std::max(1, std::min(o.batchSize, int(std::ceil(double(perDevice) / 4))));
    // Bodies are built before the clock starts: the measurement is the server's work, not the client's.
    QList<QList<QByteArray>> bodies(devices);
    QList<RawClient*> clients;
    qint64 index = firstIndex;
    int rows = 0;
    for (int d = 0; d < devices; ++d) {
        const Enrolled& dev = hub.devices.at(d);
        clients << new RawClient(hub.server->baseUrl(), dev.token);
        ChangeFactory factory(dev.deviceId);
        for (int done = 0; done < perDevice && rows < total;) {
            const int n = std::min({ batch, perDevice - done, total - rows });
            bodies[d] << newRowsBody(factory, dev.deviceId, index, n);
            index += n;
            done += n;
            rows += n;
        }
    }
    resetPeakRss(hub.server->pid());
    QList<int> nextBody(devices, 0);
    const LoadResult r = runConcurrent(
        devices,
        [&](int d, RawClient::Done done) {
            if (nextBody[d] >= bodies[d].size())
                return false;
            clients[d]->post(QStringLiteral("/v1/push"), bodies[d].at(nextBody[d]++), std::move(done));
            return true;
        },
        [](int, const HttpResult& res) { return checkPush(res); });
    qDeleteAll(clients);
    QJsonObject line { { QStringLiteral("test"), QStringLiteral("push") },
        { QStringLiteral("suite"), QStringLiteral("server") }, { QStringLiteral("backend"), backend },
        { QStringLiteral("devices"), devices }, { QStringLiteral("n"), rows }, { QStringLiteral("batch"), batch },
        { QStringLiteral("secs"), round3(r.secs) }, { QStringLiteral("rows_per_s"), std::round(double(rows) / r.secs) },
        { QStringLiteral("server_peak_rss_mb"), round3(peakRssMb(hub.server->pid())) },
        { QStringLiteral("failures"), r.failures } };
    merge(line, latencyFields(r));
    if (!r.firstError.isEmpty())
        line.insert(QStringLiteral("error"), r.firstError);
    Reporter::emitLine(line);
    return r.failures == 0;
}

bool pullTest(const Options& o, Hub& hub, const QString& backend, int devices, int serverRows, QString* endCursor)
{
    // Every device starts an initial pull from the beginning of the change feed at the same moment and
    // pages through it; together they are served `serverRows` rows (each device its first serverRows/D).
    const int perDevice = int(std::ceil(double(serverRows) / devices));
    QList<RawClient*> clients;
    for (int d = 0; d < devices; ++d)
        clients << new RawClient(hub.server->baseUrl(), hub.devices.at(d).token);
    QList<QString> cursors(devices);
    QList<int> pulled(devices, 0);
    QList<bool> finished(devices, false);
    resetPeakRss(hub.server->pid());
    const LoadResult r = runConcurrent(
        devices,
        [&](int d, RawClient::Done done) {
            if (finished[d] || pulled[d] >= perDevice)
                return false;
            const int limit = std::min(o.batchSize, perDevice - pulled[d]);
            clients[d]->get(changesPath(cursors[d], limit), std::move(done));
            return true;
        },
        [&](int d, const HttpResult& res) -> QString {
            if (res.status != 200) {
                finished[d] = true;
                return QStringLiteral("pull answered HTTP %1: %2")
                    .arg(res.status)
                    .arg(QString::fromUtf8(res.body.left(300)));
            }
            const PageSummary page = summarizePage(res.body);
            if (!page.valid) {
                finished[d] = true;
                return page.error;
            }
            pulled[d] += page.rows;
            cursors[d] = page.nextCursor;
            if (!page.hasMore || page.rows == 0)
                finished[d] = true;
            return {};
        });
    qDeleteAll(clients);
    if (endCursor && devices == 1)
        *endCursor = cursors.value(0);
    qint64 rows = 0;
    for (int n : std::as_const(pulled))
        rows += n;
    QJsonObject line { { QStringLiteral("test"), QStringLiteral("initial_pull") },
        { QStringLiteral("suite"), QStringLiteral("server") }, { QStringLiteral("backend"), backend },
        { QStringLiteral("devices"), devices }, { QStringLiteral("n"), rows },
        { QStringLiteral("rows_per_device"), perDevice }, { QStringLiteral("page"), o.batchSize },
        { QStringLiteral("secs"), round3(r.secs) }, { QStringLiteral("rows_per_s"), std::round(double(rows) / r.secs) },
        { QStringLiteral("server_peak_rss_mb"), round3(peakRssMb(hub.server->pid())) },
        { QStringLiteral("failures"), r.failures } };
    merge(line, latencyFields(r));
    // The simulated devices read each page with a structural scan (rows counted, next_cursor, has_more), not a
    // full decode: the line measures serving pages, not a client's JSON parser.
    const QString scan = QStringLiteral("pages are read by a structural scan (row count, cursor), not decoded");
    if (devices > 1)
        line.insert(QStringLiteral("note"),
            QStringLiteral("all devices start a full pull from cursor 0 at once; each is served its first %1 rows "
                           "so the server serves %2 rows per run; %3")
                .arg(perDevice)
                .arg(serverRows)
                .arg(scan));
    else
        line.insert(QStringLiteral("note"), scan);
    if (!r.firstError.isEmpty())
        line.insert(QStringLiteral("error"), r.firstError);
    Reporter::emitLine(line);
    return r.failures == 0;
}

// A client per device and, built before the clock starts, each device's push bodies: one per round of
// rowsPerPush new rows.
void prepareFleet(Hub& hub, int devices, int rounds, int rowsPerPush, qint64 firstIndex, QList<RawClient*>* clients,
    QList<QList<QByteArray>>* bodies)
{
    bodies->resize(devices);
    qint64 index = firstIndex;
    for (int d = 0; d < devices; ++d) {
        const Enrolled& dev = hub.devices.at(d);
        *clients << new RawClient(hub.server->baseUrl(), dev.token);
        ChangeFactory factory(dev.deviceId);
        for (int r = 0; r < rounds; ++r) {
            (*bodies)[d] << newRowsBody(factory, dev.deviceId, index, rowsPerPush);
            index += rowsPerPush;
        }
    }
}

// The members both fleet lines carry: what was pushed and pulled, and request latencies overall (`all`, of
// r.latenciesMs) and per kind.
QJsonObject fleetLine(const QString& test, Hub& hub, const QString& backend, int devices, int rounds, int rowsPerPush,
    qint64 pulledRows, const LoadResult& r, const Stats& all, const QList<double>& pushMs, const QList<double>& pullMs)
{
    const Stats push = summarize(pushMs);
    const Stats pull = summarize(pullMs);
    const qint64 pushed = qint64(devices) * rounds * rowsPerPush;
    QJsonObject line { { QStringLiteral("test"), test }, { QStringLiteral("suite"), QStringLiteral("server") },
        { QStringLiteral("backend"), backend }, { QStringLiteral("devices"), devices },
        { QStringLiteral("n"), pushed + pulledRows }, { QStringLiteral("secs"), round3(r.secs) },
        { QStringLiteral("rounds"), rounds }, { QStringLiteral("rows_per_push"), rowsPerPush },
        { QStringLiteral("pushed"), pushed }, { QStringLiteral("pulled"), pulledRows },
        { QStringLiteral("requests"), r.requests }, { QStringLiteral("p50_ms"), round3(all.median) },
        { QStringLiteral("p99_ms"), round3(all.p99) }, { QStringLiteral("push_p50_ms"), round3(push.median) },
        { QStringLiteral("push_p99_ms"), round3(push.p99) }, { QStringLiteral("pull_p50_ms"), round3(pull.median) },
        { QStringLiteral("pull_p99_ms"), round3(pull.p99) },
        { QStringLiteral("server_peak_rss_mb"), round3(peakRssMb(hub.server->pid())) },
        { QStringLiteral("failures"), r.failures } };
    if (!r.firstError.isEmpty())
        line.insert(QStringLiteral("error"), r.firstError);
    return line;
}

// The steady state of a fleet: every device runs sync rounds at once, each round a push of a few edits
// (new 1 KB rows) and a pull of everything the others pushed since its cursor. Small requests under full
// concurrency: what request latency a technician sees when the whole fleet syncs together.
bool fleetRounds(
    const Options& o, Hub& hub, const QString& backend, int devices, const QString& headCursor, qint64 firstIndex)
{
    constexpr int rounds = 10;
    constexpr int rowsPerPush = 10;
    QList<RawClient*> clients;
    QList<QList<QByteArray>> bodies;
    prepareFleet(hub, devices, rounds, rowsPerPush, firstIndex, &clients, &bodies);
    QList<QString> cursors(devices, headCursor);
    QList<int> step(devices, 0); // even: push round/2, odd: pull
    QList<bool> lastWasPush(devices, false);
    QList<double> pushMs, pullMs;
    qint64 pulledRows = 0;
    resetPeakRss(hub.server->pid());
    const LoadResult r = runConcurrent(
        devices,
        [&](int d, RawClient::Done done) {
            if (step[d] >= 2 * rounds)
                return false;
            const bool push = step[d] % 2 == 0;
            lastWasPush[d] = push;
            if (push)
                clients[d]->post(QStringLiteral("/v1/push"), bodies[d].at(step[d] / 2), std::move(done));
            else
                clients[d]->get(changesPath(cursors[d], o.batchSize), std::move(done));
            ++step[d];
            return true;
        },
        [&](int d, const HttpResult& res) -> QString {
            if (lastWasPush[d]) {
                pushMs << res.ms;
                return checkPush(res);
            }
            pullMs << res.ms;
            if (res.status != 200)
                return QStringLiteral("pull answered HTTP %1").arg(res.status);
            const PageSummary page = summarizePage(res.body);
            if (!page.valid)
                return page.error;
            pulledRows += page.rows;
            cursors[d] = page.nextCursor;
            return {};
        });
    qDeleteAll(clients);
    QJsonObject line = fleetLine(QStringLiteral("fleet_rounds"), hub, backend, devices, rounds, rowsPerPush, pulledRows,
        r, summarize(r.latenciesMs), pushMs, pullMs);
    const qint64 pushed = qint64(devices) * rounds * rowsPerPush;
    line.insert(QStringLiteral("rows_per_s"), std::round(double(pushed + pulledRows) / r.secs));
    line.insert(QStringLiteral("note"),
        QStringLiteral("every device at once: %1 rounds of push %2 new rows + pull from its cursor (page %3), "
                       "no pause between requests")
            .arg(rounds)
            .arg(rowsPerPush)
            .arg(o.batchSize));
    Reporter::emitLine(line);
    return r.failures == 0;
}

// Pages from `cursor` to the end of the change feed; *cursor becomes the feed's head.
bool currentHead(Hub& hub, QString* cursor)
{
    RawClient client(hub.server->baseUrl(), hub.devices.last().token);
    for (;;) {
        const HttpResult res = client.getSync(changesPath(*cursor, 5000));
        const PageSummary page = res.status == 200 ? summarizePage(res.body) : PageSummary {};
        if (!page.valid) {
            Reporter::note(QStringLiteral("reading the feed's head failed: HTTP %1").arg(res.status));
            return false;
        }
        *cursor = page.nextCursor;
        if (!page.hasMore)
            return true;
    }
}

// A fleet at its sync cadence rather than flat out: every device runs a sync round every `periodMs` (the
// devices' timers are independent, so their rounds are spread evenly over the period), each round a push of
// `rowsPerPush` new 1 KB rows followed by pulls from its cursor until has_more is false. A round that
// overruns its period starts the next one at once. Reports the latency a technician's sync requests see and
// the load the fleet offers, so the figure can be judged against the product (SyncConfig: a sync 3 s after
// an edit, else every 30 s).
bool fleetPaced(const Options& o, Hub& hub, const QString& backend, int devices, int periodMs,
    const QString& headCursor, qint64 firstIndex)
{
    const int rounds = o.quick ? 3 : 10;
    constexpr int rowsPerPush = 10;
    QList<RawClient*> clients;
    QList<QList<QByteArray>> bodies;
    prepareFleet(hub, devices, rounds, rowsPerPush, firstIndex, &clients, &bodies);
    QList<QString> cursors(devices, headCursor);
    QList<int> started(devices, 0); // rounds started
    QList<bool> pulling(devices, false); // inside a round: false = the push is next, true = a pull is next
    QList<bool> lastWasPush(devices, false);
    QList<double> pushMs, pullMs;
    qint64 pulledRows = 0;
    int pulls = 0;
    QElapsedTimer clock;
    resetPeakRss(hub.server->pid());
    clock.start();
    const LoadResult r = runConcurrent(
        devices,
        [&](int d, RawClient::Done done) {
            if (!pulling[d]) {
                if (started[d] >= rounds)
                    return false;
                const qint64 startAt = qint64(started[d]) * periodMs + qint64(d) * periodMs / devices;
                const QByteArray& body = bodies[d].at(started[d]);
                ++started[d];
                pulling[d] = true;
                lastWasPush[d] = true;
                const qint64 wait = startAt - clock.elapsed();
                RawClient* client = clients[d];
                if (wait <= 0)
                    client->post(QStringLiteral("/v1/push"), body, std::move(done));
                else
                    QTimer::singleShot(int(wait), client, [client, &body, done = std::move(done)]() mutable {
                        client->post(QStringLiteral("/v1/push"), body, std::move(done));
                    });
                return true;
            }
            lastWasPush[d] = false;
            ++pulls;
            clients[d]->get(changesPath(cursors[d], o.batchSize), std::move(done));
            return true;
        },
        [&](int d, const HttpResult& res) -> QString {
            if (lastWasPush[d]) {
                pushMs << res.ms;
                return checkPush(res);
            }
            pullMs << res.ms;
            if (res.status != 200) {
                pulling[d] = false;
                return QStringLiteral("pull answered HTTP %1").arg(res.status);
            }
            const PageSummary page = summarizePage(res.body);
            if (!page.valid) {
                pulling[d] = false;
                return page.error;
            }
            pulledRows += page.rows;
            cursors[d] = page.nextCursor;
            if (!page.hasMore)
                pulling[d] = false; // round done
            return {};
        });
    qDeleteAll(clients);
    const Stats all = summarize(r.latenciesMs);
    QJsonObject line = fleetLine(
        QStringLiteral("fleet_paced"), hub, backend, devices, rounds, rowsPerPush, pulledRows, r, all, pushMs, pullMs);
    line.insert(QStringLiteral("period_ms"), periodMs);
    line.insert(QStringLiteral("pulls"), pulls);
    line.insert(QStringLiteral("requests_per_s"), round3(double(r.requests) / r.secs));
    line.insert(QStringLiteral("pulled_rows_per_s"), std::round(double(pulledRows) / r.secs));
    line.insert(QStringLiteral("max_ms"), round3(all.max));
    line.insert(QStringLiteral("note"),
        QStringLiteral("%1 devices, each a sync round every %2 ms (rounds spread evenly over the period): push "
                       "%3 new 1 KB rows, then pull from its cursor (page %4) until has_more is false; %5 "
                       "rounds. Each pull brings the ~%6 rows the other devices pushed in the last period.")
            .arg(devices)
            .arg(periodMs)
            .arg(rowsPerPush)
            .arg(o.batchSize)
            .arg(rounds)
            .arg((devices - 1) * rowsPerPush));
    Reporter::emitLine(line);
    return r.failures == 0;
}

} // namespace

bool runServerSuite(const Options& o, Backends& backends)
{
    bool allOk = true;
    int maxDevices = 1;
    for (int d : o.deviceCounts)
        maxDevices = std::max(maxDevices, d);
    for (const QString& backend : o.backends) {
        Reporter::note(QStringLiteral("server suite on %1: enrolling %2 devices").arg(backend).arg(maxDevices + 1));
        Hub hub = startHub(o, backends, backend, maxDevices + 1);
        if (!hub.ok()) {
            Reporter::note(QStringLiteral("server suite on %1 skipped: %2").arg(backend, hub.error));
            Reporter::emitLine({ { QStringLiteral("test"), QStringLiteral("server_setup") },
                { QStringLiteral("suite"), QStringLiteral("server") }, { QStringLiteral("backend"), backend },
                { QStringLiteral("error"), hub.error } });
            allOk = false;
            continue;
        }
        // The next measurements run without this hub's database in the page cache.
        const auto discard = qScopeGuard([&] {
            hub.server->stop();
            backends.discard(hub.server->databaseUrl());
        });
        qint64 index = 0;
        QString headCursor;
        for (int devices : o.deviceCounts) {
            Reporter::note(QStringLiteral("push, %1, %2 devices").arg(backend).arg(devices));
            allOk &= pushTest(o, hub, backend, devices, index);
            index += o.serverPushRows;
        }
        if (index < o.serverPullRows) {
            Reporter::note(QStringLiteral("seeding the server up to %1 rows").arg(o.serverPullRows));
            QString error;
            if (!seedServer(hub.server->baseUrl(), hub.devices.last(), index, int(o.serverPullRows - index),
                    o.batchSize, &error)) {
                Reporter::note(QStringLiteral("seeding failed: ") + error);
                allOk = false;
                continue;
            }
            index = o.serverPullRows;
        }
        for (int devices : o.deviceCounts) {
            Reporter::note(QStringLiteral("initial_pull, %1, %2 devices").arg(backend).arg(devices));
            allOk &= pullTest(o, hub, backend, devices, o.serverPullRows, &headCursor);
        }
        if (!headCursor.isEmpty()) {
            Reporter::note(QStringLiteral("fleet_rounds, %1, %2 devices").arg(backend).arg(maxDevices));
            allOk &= fleetRounds(o, hub, backend, maxDevices, headCursor, index);
            index += qint64(maxDevices) * 10 * 10;
            // The paced fleet starts from the feed's current head, like devices that are up to date: at the
            // product-like cadence (a round every 2 s) and at twice that rate, to show the headroom.
            for (const int periodMs : { 2000, 1000 }) {
                Reporter::note(QStringLiteral("fleet_paced, %1, %2 devices, a round every %3 ms")
                                   .arg(backend)
                                   .arg(maxDevices)
                                   .arg(periodMs));
                QString head = headCursor;
                if (!currentHead(hub, &head)) {
                    allOk = false;
                    break;
                }
                allOk &= fleetPaced(o, hub, backend, maxDevices, periodMs, head, index);
                index += qint64(maxDevices) * 10 * 10;
            }
        }
    }
    return allOk;
}

} // namespace fieldsync::bench
