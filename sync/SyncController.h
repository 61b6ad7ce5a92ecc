#pragma once

#include "SyncTypes.h"

#include <QObject>
#include <QStringList>
#include <QThread>

#include <memory>

namespace fieldsync {

class Clock;
class HybridLogicalClock;
class SyncWorker;

// GUI-thread façade for the sync engine. Owns the worker thread: the SyncWorker is created here, moved to
// the thread, and builds its own SQLite connection ("sync") and QNetworkAccessManager (through the factory)
// in its start slot. All traffic in both directions is queued signals carrying value types.
// The destructor stops the worker and does quit(); wait().
class SyncController : public QObject
{
    Q_OBJECT
public:
    SyncController(const QString& databasePath, std::shared_ptr<HybridLogicalClock> hlc, const Clock* wallClock,
        SyncSettings settings, NetworkFactory networkFactory = {}, QObject* parent = nullptr);
    ~SyncController() override;

    void start();
    SyncSettings settings() const { return m_settings; }
    SyncStatus lastStatus() const { return m_lastStatus; }

public Q_SLOTS:
    void syncNow(); // F5
    void notifyLocalEdit(); // debounced sync after a local edit
    void runAudit(); // integrity audit on demand
    void applySettings(const fieldsync::SyncSettings& settings);

Q_SIGNALS:
    void statusChanged(const fieldsync::SyncStatus& status);
    // Rows the worker wrote (pulled, merged, repaired): the UI re-reads just these.
    void rowsChanged(const QString& table, const QStringList& ids);
    void conflictsChanged(int openConflicts);
    void auditFinished(const fieldsync::AuditResult& result);
    void logChanged(); // the local sync log has new entries

    // internal, queued into the worker
    void requestSync(bool immediate);
    void requestLocalEdit();
    void requestAudit();
    void requestSettings(const fieldsync::SyncSettings& settings);
    void requestStop();

private:
    QThread m_thread;
    SyncWorker* m_worker = nullptr;
    SyncSettings m_settings;
    SyncStatus m_lastStatus;
};

} // namespace fieldsync
