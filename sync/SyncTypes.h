#pragma once

#include <QDateTime>
#include <QLoggingCategory>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QObject;

Q_DECLARE_LOGGING_CATEGORY(lcFieldsyncSync) // "fieldsync.sync"

namespace fieldsync {

// Settings the worker runs with; copied into the worker thread by value.
struct SyncSettings
{
    QUrl serverUrl; // e.g. http://127.0.0.1:8787
    QString token; // bearer token; never logged
    int intervalMs = 30'000; // periodic sync
    int debounceMs = 3'000; // after a local edit
    int batchSize = 500; // changes per push, rows per pull page
    qint64 auditIntervalMs = 7LL * 24 * 3600 * 1000; // weekly integrity audit
    int telemetryMinIntervalMs = 3 * 60 * 1000; // at most this often, plus after coming back online
    int requestTimeoutMs = 30'000;
    bool enabled = true; // false: local-only, the worker stays idle
    // The worker's QSqlDatabase connection name; unique per worker in a process (the fleet simulator runs many).
    QString connectionName = QStringLiteral("sync");
};

// What the status bar and the sync panel show. Sent from the worker as a value.
struct SyncStatus
{
    enum class State { Disabled, Idle, Offline, Syncing, UpToDate, Error, AuthError };
    State state = State::Idle;
    int pendingChanges = 0; // rows not yet acknowledged by the server
    int openConflicts = 0;
    int quarantined = 0; // changes the server refused, with a reason
    QDateTime lastSuccess; // UTC
    QString error; // human-readable, for Error/AuthError/Offline
    QString hint; // what the user can do
    qint64 progressDone = 0; // rows pulled so far in this run
    qint64 progressTotal = 0; // 0 = unknown
    QDateTime nextAttempt; // UTC, when backing off
};

// Result of an integrity audit, for the panel and the log.
struct AuditResult
{
    QDateTime at; // UTC
    QString result; // "match", "repaired", "mismatch", "failed"
    int mismatchedBuckets = 0;
    int rowsRepaired = 0;
    int rowsRepushed = 0;
    QString message;
};

// Makes the worker's QNetworkAccessManager inside the worker thread; tests pass a fake.
using NetworkFactory = std::function<QNetworkAccessManager*(QObject* parent)>;

} // namespace fieldsync

Q_DECLARE_METATYPE(fieldsync::SyncSettings)
Q_DECLARE_METATYPE(fieldsync::SyncStatus)
Q_DECLARE_METATYPE(fieldsync::AuditResult)
