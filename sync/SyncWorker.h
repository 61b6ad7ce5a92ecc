#pragma once

#include "HttpTransport.h"
#include "Protocol.h"
#include "SyncStore.h"
#include "SyncTypes.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace fieldsync {

class Clock;
class HybridLogicalClock;
class LocalStore;
class SyncStore;
class WalCheckpointer;
struct TableDef;

// The sync engine's worker. Lives in the sync thread (SyncController moves it there) or, in tests, in the
// test's thread. start() opens the worker's own LocalStore connection ("sync") on the thread the worker runs in,
// and its HttpTransport: the network manager on a thread of its own, or the NetworkFactory's on the worker's.
//
// One run = push the outbox in batches, send conflict resolutions, pull pages by cursor, fetch the device's open
// conflicts from the hub (after a run that pulled rows, and every few runs), audit when due, upload telemetry
// when due. Everything is asynchronous (three push batches in flight, the next page prefetched while a pulled
// page is applied; no nested event loops, no waiting). Runs never overlap: a request during a
// run schedules one more run after it.
// Offline, timeouts, truncated answers and 5xx back off exponentially with jitter (1 s … 5 min);
// 401/403 stop syncing until the settings change or the user asks again.
class SyncWorker : public QObject
{
    Q_OBJECT
public:
    SyncWorker(QString databasePath, std::shared_ptr<HybridLogicalClock> hlc, const Clock* wallClock,
        SyncSettings settings, NetworkFactory networkFactory = {}, QObject* parent = nullptr);
    ~SyncWorker() override;

    // Test and diagnostic accessors (call on the worker's thread).
    LocalStore* store() const { return m_store.get(); }
    SyncStore* syncStore() const { return m_sync.get(); }
    bool isRunning() const { return m_running; }
    bool isIdle() const { return !m_running && !m_rerunQueued; } // no run in progress or queued
    int failedAttempts() const { return m_attempts; }
    qint64 lastBackoffMs() const { return m_lastBackoffMs; }
    bool isBackingOff() const { return m_retryTimer.isActive(); }
    SyncStatus status() const { return m_status; }
    // Backoff before the given attempt (1-based) without jitter: 1 s doubling up to 5 min.
    static qint64 backoffCeilingMs(int attempt);

public Q_SLOTS:
    void start();
    void stop();
    void requestSync(bool immediate); // immediate: the user asked (F5); also ends an auth stop and backoff
    void localEdit(); // debounced run
    void runAudit();
    void applySettings(const fieldsync::SyncSettings& settings);

Q_SIGNALS:
    void statusChanged(const fieldsync::SyncStatus& status);
    void rowsChanged(const QString& table, const QStringList& ids);
    void conflictsChanged(int openConflicts);
    void auditFinished(const fieldsync::AuditResult& result);
    void logChanged();
    void runFinished(bool ok); // after every run, for tests and diagnostics

private:
    // The transport's answer (status, error, body) and what the worker reads from it.
    struct Http : HttpTransport::Result
    {
        std::optional<QJsonObject> json; // parsed body when it is a JSON object
        bool raw = false; // a 2xx body left unparsed for the handler's own parser (parse failures are its to report)
    };
    enum class Failure { None, Transient, Auth, Request, Reset };
    using Handler = std::function<void(const Http&)>;

    void send(QNetworkAccessManager::Operation op, const QString& path, const QUrlQuery& query, const QJsonObject& body,
        Handler handler, bool rawSuccess = false);
    void sendBody(QNetworkAccessManager::Operation op, const QString& path, const QUrlQuery& query,
        const QByteArray& body, Handler handler, bool rawSuccess = false);
    static QNetworkRequest makeRequest(const SyncSettings& settings, const QString& path, const QUrlQuery& query);
    static Http toHttp(const HttpTransport::Result& res, bool rawSuccess);
    static Failure classify(const Http& r);
    QString describe(const Http& r) const;
    void absorbServerClock(const QString& serverHlc);
    void absorbRowClocks(const QList<protocol::Row>& rows);

    void startRun();
    void pushNext();
    void onPushed(const QList<protocol::Change>& sent, const Http& r);
    void applyPushAnswer(
        const QList<protocol::Change>& sent, const Http& r, const protocol::Parsed<protocol::PushResponse>& parsed);
    QThreadPool* parser();
    void sendResolutions();
    void pullNext();
    void requestPages(const QString& cursor, int limit); // a chain of page requests from the cursor
    void onPulled(const Http& r);
    void onPageParsed(const Http& r, const protocol::Parsed<protocol::ChangesPage>& page,
        const std::optional<protocol::PageHead>& head);
    void applyParsedPages(); // the parsed pages that are next in line, in order
    void fetchConflicts();
    void maybeAudit();
    void auditTable(int tableIndex);
    void repairNext(const TableDef* table, QList<int> buckets);
    void finishAudit(const QString& result, const QString& message);
    void maybeTelemetry();
    void finishRun();
    void failRun(const Http& r, Failure failure);
    void scheduleRetry();
    void abortRequests();
    // Counts the unsynced rows again unless the caller just set m_status.pendingChanges (countPending false).
    void emitStatus(
        SyncStatus::State state, const QString& error = {}, const QString& hint = {}, bool countPending = true);
    void emitChanged(const QMap<QString, QStringList>& changed);
    bool configured() const;
    qint64 now() const;

    QString m_databasePath;
    std::shared_ptr<HybridLogicalClock> m_hlc;
    const Clock* m_wallClock;
    SyncSettings m_settings;
    NetworkFactory m_networkFactory;

    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncStore> m_sync;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // attached to m_store's connection
    std::unique_ptr<HttpTransport> m_http; // requests and answers on a thread of their own

    QTimer m_intervalTimer;
    QTimer m_debounceTimer;
    QTimer m_retryTimer;

    bool m_started = false;
    bool m_running = false;
    bool m_rerun = false;
    bool m_rerunQueued = false;
    bool m_authStopped = false;
    bool m_auditRequested = false;
    bool m_resetting = false;
    bool m_wasOffline = false;
    bool m_identityChecked = false;
    QString m_identityError; // the token is another device's
    int m_attempts = 0;
    qint64 m_lastBackoffMs = 0;
    qint64 m_lastTelemetryMs = 0;
    int m_runsSinceConflictFetch = -1; // -1: not fetched since start
    bool m_conflictFetchDue = false; // rows were pulled since the last successful fetch
    int m_pushLimit = 500;
    quint64 m_pullChain = 0; // the transport's chain of page requests
    int m_pullGeneration = 0; // bumped when a pull starts or ends and when transfers are abandoned: older
                              // answers and parses are ignored
    int m_pagesQueued = 0; // pages received and not yet applied
    struct ParsedPage
    {
        Http http;
        protocol::Parsed<protocol::ChangesPage> page;
        std::optional<protocol::PageHead> head;
    };
    int m_pagesReceived = 0; // sequence number of the next page received in this pull
    int m_pagesApplied = 0; // sequence number of the next page to apply
    QMap<int, ParsedPage> m_parsedPages; // parsed, waiting for the pages before them
    bool m_applyingPages = false;
    std::optional<Http> m_heldFailure; // a failed page request, handled once the pages before it are applied
    std::unique_ptr<QThreadPool> m_parser; // one thread: parses received pages off the worker's thread
    int m_pushesInFlight = 0;
    int m_rowsInFlight = 0; // changes in the push batches in flight
    QList<SyncStore::RowKey> m_pushQueue; // rows of this run not yet sent, oldest first edit first

    // The run in progress.
    qint64 m_runStartedAt = 0;
    int m_runPushed = 0;
    int m_runPulled = 0;
    int m_runConflicts = 0;
    AuditResult m_audit;
    bool m_auditRan = false;
    SyncStatus m_status;
};

} // namespace fieldsync
