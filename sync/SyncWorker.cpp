#include "SyncWorker.h"

#include "Clock.h"
#include "Hlc.h"
#include "HttpTransport.h"
#include "LocalStore.h"
#include "Schema.h"
#include "SqliteRaw.h"
#include "SyncStore.h"
#include "WalCheckpointer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QNetworkRequest>
#include <QPromise>
#include <QRandomGenerator>
#include <QSet>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcFieldsyncSync, "fieldsync.sync", QtInfoMsg)

namespace fieldsync {

namespace {

constexpr qint64 MinBackoffMs = 1000;
constexpr qint64 MaxBackoffMs = 5 * 60 * 1000;
constexpr int TelemetryMaxItems = 500;
// Conflicts this device lost to another device's push reach it only through GET /v1/conflicts: fetched after
// every run that pulled rows, otherwise every this many runs.
constexpr int ConflictFetchEveryRuns = 10;
constexpr int ConflictFetchLimit = 1000;
constexpr int MaxPushesInFlight = 3;
// A long pull asks for pages twice as large as the last one up to this (the hub serves up to 5000 rows per page):
// fewer requests and commits, while a short pull still gets its first page quickly.
constexpr int MaxPullPageRows = 2000;
constexpr int PagesAhead = 3; // pages asked for and not yet applied: one arriving, two waiting (memory)

// The sync threads give way to the GUI thread: on Linux a thread's nice value is its own, and QThread priorities
// do nothing under the default scheduler. With two cores, the worker, the parser and a local hub all busy, the
// GUI thread's timers otherwise waited for a time slice now and then.
void yieldToGui()
{
#ifdef Q_OS_LINUX
    static thread_local bool done = false;
    if (!done) {
        done = true;
        setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 5);
    }
#endif
}

// Runs parse(body) on the pool's thread; the future's continuation (with a context object) gets the result on
// the worker's thread.
template <typename T> QFuture<T> parseInPool(QThreadPool* pool, QByteArray body, T (*parse)(const QByteArray&))
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    pool->start([promise, body = std::move(body), parse] {
        yieldToGui();
        promise->addResult(parse(body));
        promise->finish();
    });
    return future;
}

} // namespace

SyncWorker::SyncWorker(QString databasePath, std::shared_ptr<HybridLogicalClock> hlc, const Clock* wallClock,
    SyncSettings settings, NetworkFactory networkFactory, QObject* parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_hlc(std::move(hlc))
    , m_wallClock(wallClock ? wallClock : SystemClock::instance())
    , m_settings(std::move(settings))
    , m_networkFactory(std::move(networkFactory))
    , m_intervalTimer(this)
    , m_debounceTimer(this)
    , m_retryTimer(this)
{
    m_debounceTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_intervalTimer, &QTimer::timeout, this, [this] { requestSync(false); });
    connect(&m_debounceTimer, &QTimer::timeout, this, [this] {
        if (!m_retryTimer.isActive())
            startRun();
    });
    connect(&m_retryTimer, &QTimer::timeout, this, &SyncWorker::startRun);
}

SyncWorker::~SyncWorker()
{
    stop();
}

qint64 SyncWorker::now() const
{
    return m_wallClock->nowMs();
}

bool SyncWorker::configured() const
{
    return m_settings.enabled && m_settings.serverUrl.isValid() && !m_settings.serverUrl.isEmpty();
}

qint64 SyncWorker::backoffCeilingMs(int attempt)
{
    qint64 delay = MinBackoffMs;
    for (int i = 1; i < attempt && delay < MaxBackoffMs; ++i)
        delay *= 2;
    return qMin(delay, MaxBackoffMs);
}

void SyncWorker::start()
{
    if (m_started)
        return;
    if (thread() != QCoreApplication::instance()->thread())
        yieldToGui();
    m_store = std::make_unique<LocalStore>(m_wallClock);
    if (m_hlc)
        m_store->shareClock(m_hlc);
    if (!m_store->open(m_databasePath, m_settings.connectionName)) {
        const QString message = m_store->lastError().message;
        qCWarning(lcFieldsyncSync) << "sync worker cannot open the database:" << message;
        m_store.reset();
        m_started = true;
        emitStatus(SyncStatus::State::Error, message, tr("Check the database file and restart FieldSync."));
        return;
    }
    m_sync = std::make_unique<SyncStore>(m_store.get());
    m_sync->prepare();
    // This connection writes every pulled page and push answer: its log is checkpointed on a thread of its own
    // instead of inside these commits.
    m_checkpointer = std::make_unique<WalCheckpointer>(m_store->path());
    if (!m_checkpointer->attach(RawStatements::handle(m_store->database())))
        m_checkpointer.reset();
    m_http = std::make_unique<HttpTransport>(m_networkFactory);
    m_started = true;

    // A different hub has a different change feed: start its cursor from scratch.
    const QString server = m_settings.serverUrl.toString();
    if (m_sync->meta(QStringLiteral("sync_server")) != server) {
        m_sync->setCursor({});
        m_sync->setMeta(QStringLiteral("sync_server"), server);
    }
    if (m_sync->bulkLoadPending() && !m_sync->endBulkLoad())
        qCWarning(lcFieldsyncSync) << "rebuilding indexes after an interrupted initial pull failed:"
                                   << m_sync->lastError();
    if (m_sync->meta(QStringLiteral("sync_last_audit_at")).isEmpty())
        m_sync->setMeta(QStringLiteral("sync_last_audit_at"), QString::number(now()));

    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) {
                if (r == QNetworkInformation::Reachability::Online && m_retryTimer.isActive()) {
                    m_retryTimer.stop();
                    m_attempts = 0;
                    startRun();
                }
            });
    }

    m_intervalTimer.setInterval(m_settings.intervalMs);
    m_debounceTimer.setInterval(m_settings.debounceMs);
    m_pushLimit = m_settings.batchSize;
    if (!configured()) {
        emitStatus(SyncStatus::State::Disabled);
        return;
    }
    m_intervalTimer.start();
    emitStatus(SyncStatus::State::Idle);
    startRun();
}

void SyncWorker::stop()
{
    m_intervalTimer.stop();
    m_debounceTimer.stop();
    m_retryTimer.stop();
    abortRequests();
    m_running = false;
    m_checkpointer.reset(); // before the connection it is attached to closes
    m_sync.reset();
    m_store.reset();
}

void SyncWorker::requestSync(bool immediate)
{
    if (!m_store || !configured())
        return;
    if (immediate) {
        m_authStopped = false;
        m_retryTimer.stop();
    } else if (m_retryTimer.isActive() || m_authStopped) {
        return;
    }
    startRun();
}

void SyncWorker::localEdit()
{
    if (!m_store)
        return;
    emitStatus(m_status.state, m_status.error, m_status.hint);
    if (configured() && !m_authStopped)
        m_debounceTimer.start(m_settings.debounceMs);
}

void SyncWorker::runAudit()
{
    m_auditRequested = true;
    requestSync(true);
}

void SyncWorker::applySettings(const SyncSettings& settings)
{
    const bool serverChanged = settings.serverUrl != m_settings.serverUrl;
    m_identityChecked = false;
    m_identityError.clear();
    const QString connectionName = m_settings.connectionName; // the open connection keeps its name
    m_settings = settings;
    m_settings.connectionName = connectionName;
    m_authStopped = false;
    m_attempts = 0;
    m_pushLimit = m_settings.batchSize;
    if (!m_store)
        return;
    if (serverChanged) {
        m_sync->setCursor({});
        m_sync->setMeta(QStringLiteral("sync_server"), m_settings.serverUrl.toString());
    }
    m_intervalTimer.setInterval(m_settings.intervalMs);
    if (!configured()) {
        m_intervalTimer.stop();
        m_retryTimer.stop();
        emitStatus(SyncStatus::State::Disabled);
        return;
    }
    m_intervalTimer.start();
    m_retryTimer.stop();
    startRun();
}

// ---- HTTP ---------------------------------------------------------------------------------------------

void SyncWorker::send(QNetworkAccessManager::Operation op, const QString& path, const QUrlQuery& query,
    const QJsonObject& body, Handler handler, bool rawSuccess)
{
    sendBody(op, path, query, op == QNetworkAccessManager::PostOperation ? protocol::serialize(body) : QByteArray(),
        std::move(handler), rawSuccess);
}

QNetworkRequest SyncWorker::makeRequest(const SyncSettings& settings, const QString& path, const QUrlQuery& query)
{
    QUrl url = settings.serverUrl;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", QByteArray("Bearer ") + settings.token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(settings.requestTimeoutMs);
    return request;
}

SyncWorker::Http SyncWorker::toHttp(const HttpTransport::Result& res, bool rawSuccess)
{
    Http r;
    static_cast<HttpTransport::Result&>(r) = res;
    // Pages and push answers have their own parser (no QJsonObject in between); error bodies are small.
    r.raw = rawSuccess && r.succeeded();
    if (r.status != 0 && !r.body.isEmpty() && !r.raw) {
        const protocol::Parsed<QJsonObject> parsed = protocol::parseObject(r.body);
        if (parsed)
            r.json = *parsed.value;
    }
    return r;
}

void SyncWorker::sendBody(QNetworkAccessManager::Operation op, const QString& path, const QUrlQuery& query,
    const QByteArray& body, Handler handler, bool rawSuccess)
{
    QNetworkRequest request = makeRequest(m_settings, path, query);
    if (op == QNetworkAccessManager::PostOperation)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    m_http->send(op, request, body, [rawSuccess, handler = std::move(handler)](const HttpTransport::Result& res) {
        handler(toHttp(res, rawSuccess));
    });
}

SyncWorker::Failure SyncWorker::classify(const Http& r)
{
    if (r.status == 0)
        return Failure::Transient; // offline, refused, dropped, timed out
    if (r.status >= 200 && r.status < 300)
        return r.json || r.raw ? Failure::None : Failure::Transient; // a truncated or garbled answer
    if (r.status == 401 || r.status == 403)
        return Failure::Auth;
    if (r.status == 410)
        return Failure::Reset;
    if (r.status == 408 || r.status == 429 || r.status >= 500)
        return Failure::Transient;
    return Failure::Request;
}

QString SyncWorker::describe(const Http& r) const
{
    if (r.json) {
        if (const auto error = protocol::Error::fromJson(*r.json, r.status))
            return error->message.isEmpty() ? error->code : error->message;
    }
    if (r.status == 0)
        return r.errorText;
    if (r.status >= 200 && r.status < 300)
        return tr("The server's answer was incomplete.");
    return tr("The server answered with status %1.").arg(r.status);
}

// Field clocks of received rows are absorbed too: a later local edit of such a field must carry a clock
// greater than the one it replaces even when the hub's own clock lags (a restarted hub, a clock-skewed peer).
void SyncWorker::absorbRowClocks(const QList<protocol::Row>& rows)
{
    QString latest;
    for (const protocol::Row& row : rows) {
        for (const QString& clock : row.clocks) {
            if (clock > latest)
                latest = clock;
        }
    }
    if (!latest.isEmpty())
        absorbServerClock(latest);
}

void SyncWorker::absorbServerClock(const QString& serverHlc)
{
    if (const auto stamp = HlcTimestamp::parse(serverHlc)) {
        m_store->hlc()->update(*stamp);
        m_store->persistClock();
    }
}

// ---- run ------------------------------------------------------------------------------------------------

void SyncWorker::startRun()
{
    m_rerunQueued = false;
    if (!m_store || !configured() || m_authStopped)
        return;
    if (m_running) {
        m_rerun = true;
        return;
    }
    m_debounceTimer.stop();
    m_running = true;
    m_rerun = false;
    m_runStartedAt = now();
    m_runPushed = m_runPulled = m_runConflicts = 0;
    m_pushLimit = m_settings.batchSize;
    m_pushesInFlight = 0;
    m_rowsInFlight = 0;
    // The rows to push, listed once: rows first edited during the run are left for the next run (the edit asks
    // for one), so endless typing cannot keep a run alive.
    m_pushQueue = m_sync->outboxRows();
    m_sync->forgetFeedSpans();
    m_status.progressDone = 0;
    m_status.progressTotal = 0;
    m_status.pendingChanges = int(m_pushQueue.size()); // the rows just listed: no second pass over the outbox
    emitStatus(SyncStatus::State::Syncing, {}, {}, false);
    if (m_identityChecked) {
        pushNext();
        return;
    }
    // The hub accepts only clocks carrying the enrolled device id: check the token belongs to this database
    // before pushing anything, or every change would be refused.
    m_identityError.clear();
    send(QNetworkAccessManager::GetOperation, QStringLiteral("/v1/me"), {}, {}, [this](const Http& r) {
        const Failure failure = classify(r);
        if (failure != Failure::None) {
            failRun(r, failure == Failure::Request ? Failure::Transient : failure);
            return;
        }
        const auto me = protocol::DeviceInfo::fromJson(*r.json);
        if (me && me.value->deviceId != m_store->deviceId()) {
            Http mismatch = r;
            mismatch.json.reset();
            mismatch.status = 403;
            m_identityError = tr("The token belongs to device %1, but this database is device %2.")
                                  .arg(me.value->deviceId, m_store->deviceId());
            failRun(mismatch, Failure::Auth);
            return;
        }
        m_identityChecked = true;
        pushNext();
    });
}

// Up to MaxPushesInFlight batches travel at once (the hub commits one while the device prepares the next or
// applies an answer; with three the hub always has one waiting: 10k rows 5.7-6.4k -> 6.4-6.9k rows/s on the
// bench); the batches take rows off the run's queue, so a row is in one batch at a time. Answers may come back
// in any order: each acknowledges its own rows by clock.
void SyncWorker::pushNext()
{
    while (m_pushesInFlight < MaxPushesInFlight && !m_pushQueue.isEmpty()) {
        const QList<SyncStore::RowKey> rows = m_pushQueue.mid(0, m_pushLimit);
        m_pushQueue.remove(0, rows.size());
        const QList<protocol::Change> changes = m_sync->collectOutbox(rows);
        if (changes.isEmpty())
            continue; // acknowledged or quarantined meanwhile
        ++m_pushesInFlight;
        m_rowsInFlight += int(changes.size());
        protocol::PushRequest request;
        request.deviceId = m_store->deviceId();
        request.hlc = m_store->hlc()->now().toString();
        request.changes = changes;
        sendBody(
            QNetworkAccessManager::PostOperation, QStringLiteral("/v1/push"), {}, protocol::serialize(request),
            [this, changes](const Http& r) { onPushed(changes, r); }, true);
    }
    if (m_pushesInFlight == 0)
        sendResolutions();
}

QThreadPool* SyncWorker::parser()
{
    if (!m_parser) {
        m_parser = std::make_unique<QThreadPool>();
        m_parser->setMaxThreadCount(1); // pages are parsed, and their results delivered, in order
    }
    return m_parser.get();
}

void SyncWorker::onPushed(const QList<protocol::Change>& sent, const Http& r)
{
    const Failure failure = classify(r);
    if (failure == Failure::None) {
        // Parsed on the parser thread while this thread applies the other batch's answer; the batch counts as in
        // flight until its answer is applied.
        parseInPool(parser(), r.body, &protocol::parsePushResponse)
            .then(this,
                [this, sent, r, generation = m_pullGeneration](const protocol::Parsed<protocol::PushResponse>& parsed) {
                    if (generation != m_pullGeneration)
                        return;
                    --m_pushesInFlight;
                    m_rowsInFlight -= int(sent.size());
                    applyPushAnswer(sent, r, parsed);
                });
        return;
    }
    --m_pushesInFlight;
    m_rowsInFlight -= int(sent.size());
    if (failure == Failure::Request) {
        // The whole batch was refused: find the culprit by halving; a single refused change is quarantined.
        if (sent.size() > 1) {
            m_pushLimit = qMax(1, int(sent.size() / 2));
            QList<SyncStore::RowKey> again;
            for (const protocol::Change& c : sent)
                again.append(SyncStore::RowKey { c.table, c.rowId });
            m_pushQueue = again + m_pushQueue; // still in the outbox
            pushNext();
            return;
        }
        QString code = QString::number(r.status);
        if (r.json) {
            if (const auto error = protocol::Error::fromJson(*r.json, r.status))
                code = error->code;
        }
        m_sync->quarantine(sent.first(), code, describe(r));
        qCWarning(lcFieldsyncSync) << "change quarantined:" << sent.first().table << sent.first().rowId << code;
        pushNext();
        return;
    }
    failRun(r, failure);
}

void SyncWorker::applyPushAnswer(
    const QList<protocol::Change>& sent, const Http& r, const protocol::Parsed<protocol::PushResponse>& parsed)
{
    if (!parsed || parsed.value->results.size() != sent.size()) {
        Http garbled = r;
        garbled.json.reset();
        garbled.raw = false;
        failRun(garbled, Failure::Transient);
        return;
    }
    absorbServerClock(parsed.value->serverHlc);
    QList<protocol::Row> rows;
    for (const protocol::ChangeResult& result : parsed.value->results) {
        if (result.row)
            rows << *result.row;
    }
    absorbRowClocks(rows);
    SyncStore::ApplyReport report;
    if (!m_sync->applyPushResponse(sent, *parsed.value, &report)) {
        Http local;
        local.status = 0;
        local.errorText = m_sync->lastError();
        failRun(local, Failure::Transient);
        return;
    }
    m_runPushed += report.acked;
    m_runConflicts += report.conflicts;
    emitChanged(report.changedIds);
    if (report.conflicts > 0)
        emit conflictsChanged(m_sync->openConflictCount());
    // The unsynced count shrinks batch by batch: rows still queued or in flight (counting the outbox again per
    // batch would cost more than the batch); the run's last status counts it exactly.
    m_status.pendingChanges = int(m_pushQueue.size()) + m_rowsInFlight + report.pendingLeft;
    emit statusChanged(m_status);
    pushNext();
}

void SyncWorker::sendResolutions()
{
    const auto pending = m_sync->pendingResolutions();
    if (pending.isEmpty()) {
        pullNext();
        return;
    }
    const QString id = pending.first().first;
    const QJsonObject body { { QStringLiteral("resolution"), pending.first().second } };
    send(QNetworkAccessManager::PostOperation, QStringLiteral("/v1/conflicts/%1/resolve").arg(id), {}, body,
        [this, id](const Http& r) {
            const Failure failure = classify(r);
            if (failure == Failure::None || failure == Failure::Request) {
                // A refused resolution (the server no longer knows the conflict) is not retried forever.
                if (failure == Failure::Request)
                    qCWarning(lcFieldsyncSync) << "conflict resolution refused:" << id << r.status;
                m_sync->markResolutionSynced(id);
                sendResolutions();
                return;
            }
            failRun(r, failure);
        });
}

void SyncWorker::pullNext()
{
    ++m_pullGeneration; // answers and parses of an earlier pull are ignored from now on
    m_pagesQueued = 0;
    m_pagesReceived = m_pagesApplied = 0;
    m_parsedPages.clear();
    m_heldFailure.reset();
    requestPages(m_sync->cursor(), m_settings.batchSize);
}

// Pages are a chain: each names the next page's cursor in its first bytes (`next_cursor` and `has_more` precede
// the rows). The transport reads them there, on its own thread, and asks for the next page while this one is
// still arriving, so the hub prepares it while the device parses and applies the ones before; with at most
// PagesAhead pages asked for and not yet applied. Page sizes start at the batch size and double up to
// MaxPullPageRows.
void SyncWorker::requestPages(const QString& cursor, int limit)
{
    const auto pageRequest = [settings = m_settings](const QString& at, int rows) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("cursor"), at);
        query.addQueryItem(QStringLiteral("limit"), QString::number(rows));
        return makeRequest(settings, QStringLiteral("/v1/changes"), query);
    };
    const auto grow = [](int rows) { return qMax(rows, qMin(rows * 2, MaxPullPageRows)); };
    HttpTransport::Follow follow = [pageRequest, grow, rows = grow(limit)](
                                       const QByteArray& start, std::optional<QNetworkRequest>* next) mutable {
        const std::optional<protocol::PageHead> head = protocol::peekChangesPage(start);
        if (!head)
            return false;
        if (head->hasMore) {
            *next = pageRequest(head->nextCursor, rows);
            rows = grow(rows);
        }
        return true;
    };
    m_pullChain = m_http->sendChain(pageRequest(cursor, limit), std::move(follow), PagesAhead,
        [this, generation = m_pullGeneration](const HttpTransport::Result& res) {
            if (generation == m_pullGeneration)
                onPulled(toHttp(res, true));
        });
}

void SyncWorker::onPulled(const Http& r)
{
    if (m_heldFailure)
        return; // the pull ends at a failed page: nothing after it is applied
    const Failure failure = classify(r);
    if (failure != Failure::None && m_pagesQueued > 0) {
        m_heldFailure = r; // the pages received before it are applied first
        return;
    }
    if (failure == Failure::Reset) {
        if (m_sync->cursor().isEmpty()) {
            failRun(r, Failure::Request);
            return;
        }
        // The server purged tombstones we have not seen: pull everything again. Local unsynced edits stay in
        // the outbox and are pushed again after the full pull.
        qCInfo(lcFieldsyncSync) << "server asked for a reset; pulling everything again";
        SyncStore::RunLog log;
        log.startedAt = now();
        log.kind = QStringLiteral("reset");
        m_sync->logRun(log);
        m_sync->setCursor({});
        m_resetting = true;
        pullNext();
        return;
    }
    if (failure != Failure::None) {
        failRun(r, failure);
        return;
    }
    // Three stages overlap: the hub prepares the next page (the chain asked for it when this one's head arrived)
    // while the parser thread reads this one and this thread applies the one before.
    const std::optional<protocol::PageHead> head = protocol::peekChangesPage(r.body);
    ++m_pagesQueued;
    // Pages are applied strictly in the order they were received, whatever order their parses are reported in
    // (a parse already finished when its continuation is attached reports at once).
    const int seq = m_pagesReceived++;
    parseInPool(parser(), r.body, &protocol::parseChangesPageForDevice)
        .then(this,
            [this, generation = m_pullGeneration, seq, head, r](const protocol::Parsed<protocol::ChangesPage>& page) {
                if (generation != m_pullGeneration)
                    return;
                m_parsedPages.insert(seq, ParsedPage { r, page, head });
                applyParsedPages();
            });
}

void SyncWorker::applyParsedPages()
{
    if (m_applyingPages)
        return; // the loop below goes on with it
    m_applyingPages = true;
    const int generation = m_pullGeneration;
    while (generation == m_pullGeneration && m_parsedPages.contains(m_pagesApplied)) {
        const ParsedPage next = m_parsedPages.take(m_pagesApplied++);
        onPageParsed(next.http, next.page, next.head);
    }
    m_applyingPages = false;
}

void SyncWorker::onPageParsed(
    const Http& r, const protocol::Parsed<protocol::ChangesPage>& page, const std::optional<protocol::PageHead>& head)
{
    if (!page || (head && (head->hasMore != page.value->hasMore || head->nextCursor != page.value->nextCursor))) {
        Http garbled = r;
        garbled.json.reset();
        garbled.raw = false;
        failRun(garbled, Failure::Transient);
        return;
    }
    absorbServerClock(page.value->serverHlc);
    absorbRowClocks(page.value->rows);
    // If applying fails, the requests already made are abandoned and the next run starts again from the last
    // committed cursor.
    const bool more = page.value->hasMore && !page.value->rows.isEmpty();
    if (more && !head) // a page whose head could not be read early ended the chain: the next one starts another
        requestPages(page.value->nextCursor, MaxPullPageRows);
    if (more && m_runPulled == 0 && m_sync->cursor().isEmpty() && !m_sync->bulkLoadPending()) {
        // A first pull of more than one page into an empty store: index once at the end, not row by row.
        const TableDef* table = Schema::instance().table(page.value->rows.first().table);
        if (table && m_sync->localRowCount(*table) == 0 && !m_sync->beginBulkLoad(*table))
            qCWarning(lcFieldsyncSync) << "bulk load not possible:" << m_sync->lastError();
    }
    QElapsedTimer applying;
    applying.start();
    SyncStore::ApplyReport report;
    if (!m_sync->applyPage(*page.value, &report)) {
        Http local;
        local.errorText = m_sync->lastError();
        failRun(local, Failure::Transient);
        return;
    }
    qCDebug(lcFieldsyncSync) << "applied a page of" << page.value->rows.size() << "rows in" << applying.elapsed()
                             << "ms";
    m_http->consumed(m_pullChain);
    m_runPulled += page.value->rows.size();
    emitChanged(report.changedIds);
    --m_pagesQueued;
    if (more) {
        if (m_heldFailure && m_pagesQueued == 0) {
            onPulled(*std::exchange(m_heldFailure, std::nullopt));
            return;
        }
        m_status.progressDone = m_runPulled;
        emitStatus(SyncStatus::State::Syncing);
        return;
    }
    ++m_pullGeneration; // the pull is over (a page announced more but brought no rows: its successor is ignored)
    m_http->abort(m_pullChain);
    applying.restart();
    if (m_sync->bulkLoadPending() && !m_sync->endBulkLoad()) {
        Http local;
        local.errorText = m_sync->lastError();
        failRun(local, Failure::Transient);
        return;
    }
    qCDebug(lcFieldsyncSync) << "indexes rebuilt in" << applying.elapsed() << "ms";
    if (m_resetting) {
        m_resetting = false;
        if (m_sync->pendingRowCount() > 0)
            m_rerun = true; // re-push the edits kept through the reset
    }
    fetchConflicts();
}

void SyncWorker::fetchConflicts()
{
    // Due until a fetch succeeds: a run that pulled rows and then lost the hub leaves it for the next run.
    m_conflictFetchDue = m_conflictFetchDue || m_runPulled > 0;
    const bool due
        = m_conflictFetchDue || m_runsSinceConflictFetch < 0 || m_runsSinceConflictFetch + 1 >= ConflictFetchEveryRuns;
    if (!due) {
        ++m_runsSinceConflictFetch;
        maybeAudit();
        return;
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("status"), QStringLiteral("open"));
    query.addQueryItem(QStringLiteral("device"), m_store->deviceId());
    query.addQueryItem(QStringLiteral("limit"), QString::number(ConflictFetchLimit));
    // What was open here before asking: those the hub no longer lists were resolved elsewhere (a supervisor's
    // inbox, the other device). Conflicts stored after this point are not judged by this answer.
    const QStringList openBefore = m_sync->openConflictIds();
    send(QNetworkAccessManager::GetOperation, QStringLiteral("/v1/conflicts"), query, {},
        [this, openBefore](const Http& r) {
            const Failure failure = classify(r);
            if (failure == Failure::Auth || failure == Failure::Reset
                || (failure == Failure::Transient && r.status == 0)) {
                failRun(r, failure == Failure::Reset ? Failure::Transient : failure);
                return;
            }
            // The pulled rows are committed; a hub that cannot list conflicts now is asked again next run.
            if (failure != Failure::None) {
                qCInfo(lcFieldsyncSync) << "conflicts not fetched:" << describe(r);
                maybeAudit();
                return;
            }
            QList<protocol::ConflictRecord> records;
            const QJsonArray listed = r.json->value(QStringLiteral("conflicts")).toArray();
            for (const QJsonValue& v : listed) {
                const auto record = protocol::ConflictRecord::fromJson(v.toObject());
                if (record)
                    records << *record.value;
            }
            const int added = m_sync->storeConflicts(records);
            int closed = 0;
            if (added >= 0 && listed.size() < ConflictFetchLimit) { // the whole open list: absence means resolved
                QSet<QString> stillOpen;
                for (const protocol::ConflictRecord& c : std::as_const(records))
                    stillOpen.insert(c.id);
                QStringList gone;
                for (const QString& id : openBefore) {
                    if (!stillOpen.contains(id))
                        gone << id;
                }
                closed = m_sync->closeConflictsResolvedElsewhere(gone);
                if (closed < 0)
                    qCWarning(lcFieldsyncSync) << "resolved conflicts not closed:" << m_sync->lastError();
            }
            if (added < 0) {
                qCWarning(lcFieldsyncSync) << "conflicts not stored:" << m_sync->lastError();
            } else {
                m_runsSinceConflictFetch = 0;
                m_conflictFetchDue = false;
                m_runConflicts += added;
                if (added > 0 || closed > 0)
                    emit conflictsChanged(m_sync->openConflictCount());
            }
            maybeAudit();
        });
}

// ---- audit ----------------------------------------------------------------------------------------------

void SyncWorker::maybeAudit()
{
    const qint64 last = m_sync->meta(QStringLiteral("sync_last_audit_at"), QStringLiteral("0")).toLongLong();
    if (!m_auditRequested && now() - last < m_settings.auditIntervalMs) {
        maybeTelemetry();
        return;
    }
    m_auditRequested = false;
    m_audit = AuditResult {};
    m_audit.at = QDateTime::fromMSecsSinceEpoch(now(), Qt::UTC);
    m_auditRan = true;
    auditTable(0);
}

void SyncWorker::auditTable(int tableIndex)
{
    const QList<TableDef>& tables = Schema::instance().tables();
    if (tableIndex >= tables.size()) {
        if (m_audit.mismatchedBuckets == 0)
            finishAudit(QStringLiteral("match"), tr("Local data matches the server."));
        else
            finishAudit(QStringLiteral("repaired"),
                tr("Repaired %n row(s) in %1 bucket(s); %2 row(s) queued for the server.", nullptr,
                    m_audit.rowsRepaired)
                    .arg(m_audit.mismatchedBuckets)
                    .arg(m_audit.rowsRepushed));
        maybeTelemetry();
        return;
    }
    const TableDef* table = &tables.at(tableIndex);
    const protocol::VerifyRequest request = m_sync->verifyRequest(*table);
    send(QNetworkAccessManager::PostOperation, QStringLiteral("/v1/verify"), {}, request.toJson(),
        [this, table, tableIndex](const Http& r) {
            const Failure failure = classify(r);
            if (failure != Failure::None) {
                finishAudit(QStringLiteral("failed"), describe(r));
                if (failure != Failure::Request) {
                    failRun(r, failure);
                    return;
                }
                maybeTelemetry();
                return;
            }
            const auto parsed = protocol::VerifyResponse::fromJson(*r.json);
            if (!parsed) {
                finishAudit(QStringLiteral("failed"), parsed.error.message);
                maybeTelemetry();
                return;
            }
            absorbServerClock(parsed.value->serverHlc);
            if (parsed.value->match) {
                auditTable(tableIndex + 1);
                return;
            }
            m_audit.mismatchedBuckets += parsed.value->mismatchedBuckets.size();
            QList<int> buckets = parsed.value->mismatchedBuckets;
            if (buckets.isEmpty()) {
                // Hash differs but no bucket named: compare every bucket.
                for (int b = 0; b < audit::BucketCount; ++b)
                    buckets << b;
            }
            repairNext(table, buckets);
        });
}

void SyncWorker::repairNext(const TableDef* table, QList<int> buckets)
{
    if (buckets.isEmpty()) {
        const QList<TableDef>& tables = Schema::instance().tables();
        auditTable(int(table - tables.constData()) + 1);
        return;
    }
    const int bucket = buckets.takeFirst();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("table"), table->name);
    query.addQueryItem(QStringLiteral("bucket"), QString::number(bucket));
    send(QNetworkAccessManager::GetOperation, QStringLiteral("/v1/rows"), query, {},
        [this, table, buckets](const Http& r) {
            const Failure failure = classify(r);
            const auto parsed = failure == Failure::None ? protocol::RowsPage::fromJson(*r.json)
                                                         : protocol::Parsed<protocol::RowsPage> {};
            if (!parsed) {
                finishAudit(QStringLiteral("failed"), describe(r));
                if (failure == Failure::Request || failure == Failure::None) {
                    maybeTelemetry();
                    return;
                }
                failRun(r, failure);
                return;
            }
            absorbRowClocks(parsed.value->rows);
            SyncStore::RepairReport report;
            if (!m_sync->repairBucket(*table, *parsed.value, &report)) {
                finishAudit(QStringLiteral("failed"), m_sync->lastError());
                maybeTelemetry();
                return;
            }
            m_audit.rowsRepaired += report.rowsRepaired;
            m_audit.rowsRepushed += report.rowsRepushed;
            if (report.rowsRepushed > 0)
                m_rerun = true;
            if (!report.changedIds.isEmpty())
                emit rowsChanged(table->name, report.changedIds);
            repairNext(table, buckets);
        });
}

void SyncWorker::finishAudit(const QString& result, const QString& message)
{
    if (!m_auditRan)
        return;
    m_auditRan = false;
    m_audit.result = result;
    m_audit.message = message;
    m_sync->setMeta(QStringLiteral("sync_last_audit_at"), QString::number(now()));
    m_sync->setMeta(QStringLiteral("sync_last_audit_result"), result);
    m_sync->setMeta(QStringLiteral("sync_last_audit_message"), message);
    SyncStore::RunLog log;
    log.startedAt = m_audit.at.toMSecsSinceEpoch();
    log.kind = QStringLiteral("audit");
    log.pulled = m_audit.rowsRepaired;
    log.pushed = m_audit.rowsRepushed;
    if (result == u"failed")
        log.error = message;
    m_sync->logRun(log);
    qCInfo(lcFieldsyncSync) << "audit" << result << message;
    emit auditFinished(m_audit);
    emit logChanged();
    m_lastTelemetryMs = 0; // the result goes out with this run's telemetry
}

// ---- telemetry ------------------------------------------------------------------------------------------

void SyncWorker::maybeTelemetry()
{
    const bool due
        = m_wasOffline || m_lastTelemetryMs == 0 || now() - m_lastTelemetryMs >= m_settings.telemetryMinIntervalMs;
    if (!due) {
        finishRun();
        return;
    }
    // The run itself is logged first, so this batch carries it.
    const SyncStore::TelemetryItems items = m_sync->pendingTelemetry(TelemetryMaxItems);
    protocol::TelemetryBatch batch;
    batch.deviceId = m_store->deviceId();
    batch.appVersion = QStringLiteral(FIELDSYNC_VERSION);
    batch.sentAtMs = now();
    batch.pendingChanges = m_sync->pendingRowCount();
    batch.clockSkewMs = m_store->hlc()->lastObservedSkewMs();
    batch.latency = items.latency;
    batch.events = items.events;
    send(QNetworkAccessManager::PostOperation, QStringLiteral("/v1/telemetry"), {}, batch.toJson(),
        [this, items](const Http& r) {
            if (classify(r) == Failure::None) {
                m_sync->markTelemetrySent(items);
                m_lastTelemetryMs = now();
                m_wasOffline = false;
            } else {
                qCInfo(lcFieldsyncSync) << "telemetry not sent:" << describe(r);
            }
            finishRun();
        });
}

// ---- end of run -----------------------------------------------------------------------------------------

void SyncWorker::finishRun()
{
    SyncStore::RunLog log;
    log.startedAt = m_runStartedAt;
    log.kind = QStringLiteral("sync");
    log.pushed = m_runPushed;
    log.pulled = m_runPulled;
    log.conflicts = m_runConflicts;
    m_sync->logRun(log);
    m_sync->setMeta(QStringLiteral("sync_last_success"), QString::number(now()));
    m_running = false;
    m_attempts = 0;
    m_status.progressDone = 0;
    m_status.nextAttempt = {};
    emitStatus(SyncStatus::State::UpToDate);
    emit logChanged();
    emit runFinished(true);
    if (m_rerun) {
        m_rerun = false;
        m_rerunQueued = true;
        QTimer::singleShot(0, this, &SyncWorker::startRun);
    }
}

void SyncWorker::failRun(const Http& r, Failure failure)
{
    abortRequests(); // a prefetched page whose predecessor could not be applied, a push batch still in flight
    if (m_sync && m_sync->bulkLoadPending() && !m_sync->endBulkLoad())
        qCWarning(lcFieldsyncSync) << "rebuilding indexes after a failed pull failed:" << m_sync->lastError();
    const QString message = m_identityError.isEmpty() ? describe(r) : m_identityError;
    SyncStore::RunLog log;
    log.startedAt = m_runStartedAt;
    log.kind = QStringLiteral("sync");
    log.pushed = m_runPushed;
    log.pulled = m_runPulled;
    log.conflicts = m_runConflicts;
    log.error = message.isEmpty() ? tr("Sync failed.") : message;
    m_sync->logRun(log);
    m_running = false;
    m_rerun = false;
    m_resetting = false;
    qCInfo(lcFieldsyncSync) << "sync run failed:" << r.status << message;
    if (failure == Failure::Auth) {
        m_authStopped = true;
        m_retryTimer.stop();
        emitStatus(SyncStatus::State::AuthError, message,
            !m_identityError.isEmpty() ? tr("Enrol this device on the hub again, or use the token made for it.")
                : r.status == 403
                ? tr("This device may not sync with the hub. Ask your administrator to check its role.")
                : tr("The hub does not accept this device's token. Paste a new token in Settings."));
    } else {
        m_wasOffline = m_wasOffline || r.status == 0;
        scheduleRetry();
        if (r.status == 0)
            emitStatus(SyncStatus::State::Offline, message, tr("Changes are kept on this device and sync later."));
        else
            emitStatus(SyncStatus::State::Error, message, tr("FieldSync retries automatically."));
    }
    emit logChanged();
    emit runFinished(false);
}

void SyncWorker::abortRequests()
{
    ++m_pullGeneration; // pages still being parsed are dropped
    m_pagesQueued = 0;
    m_pagesReceived = m_pagesApplied = 0;
    m_parsedPages.clear();
    m_heldFailure.reset();
    if (m_http)
        m_http->abortAll();
    m_pushesInFlight = 0;
    m_rowsInFlight = 0;
    m_pushQueue.clear();
}

void SyncWorker::scheduleRetry()
{
    ++m_attempts;
    const qint64 ceiling = backoffCeilingMs(m_attempts);
    // Jitter: anywhere in the upper half, so a fleet that lost the hub together does not return together.
    m_lastBackoffMs = ceiling / 2 + qint64(QRandomGenerator::global()->bounded(quint32(ceiling / 2 + 1)));
    m_status.nextAttempt = QDateTime::fromMSecsSinceEpoch(now() + m_lastBackoffMs, Qt::UTC);
    m_retryTimer.start(int(m_lastBackoffMs));
}

void SyncWorker::emitStatus(SyncStatus::State state, const QString& error, const QString& hint, bool countPending)
{
    m_status.state = state;
    m_status.error = error;
    m_status.hint = hint;
    if (m_sync) {
        if (countPending)
            m_status.pendingChanges = m_sync->pendingRowCount();
        m_status.openConflicts = m_sync->openConflictCount();
        m_status.quarantined = m_sync->quarantineCount();
        const QString last = m_sync->meta(QStringLiteral("sync_last_success"));
        m_status.lastSuccess
            = last.isEmpty() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(last.toLongLong(), Qt::UTC);
    }
    if (state != SyncStatus::State::Offline && state != SyncStatus::State::Error)
        m_status.nextAttempt = {};
    emit statusChanged(m_status);
}

void SyncWorker::emitChanged(const QMap<QString, QStringList>& changed)
{
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        if (!it.value().isEmpty())
            emit rowsChanged(it.key(), it.value());
    }
}

} // namespace fieldsync
