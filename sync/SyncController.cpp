#include "SyncController.h"

#include "SyncWorker.h"

#include <atomic>

namespace fieldsync {

namespace {

void registerTypes()
{
    qRegisterMetaType<SyncSettings>();
    qRegisterMetaType<SyncStatus>();
    qRegisterMetaType<AuditResult>();
}

} // namespace

SyncController::SyncController(const QString& databasePath, std::shared_ptr<HybridLogicalClock> hlc,
    const Clock* wallClock, SyncSettings settings, NetworkFactory networkFactory, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
{
    registerTypes();
    m_thread.setObjectName(QStringLiteral("FieldSyncWorker"));
    // Connection names are process-wide: the first controller's worker uses "sync", others get a suffix.
    static std::atomic<int> instances { 0 };
    if (const int n = instances.fetch_add(1); n > 0 && settings.connectionName == u"sync")
        settings.connectionName = QStringLiteral("sync-%1").arg(n + 1);
    m_settings = settings;
    m_worker = new SyncWorker(databasePath, std::move(hlc), wallClock, settings, std::move(networkFactory));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(this, &SyncController::requestSync, m_worker, &SyncWorker::requestSync);
    connect(this, &SyncController::requestLocalEdit, m_worker, &SyncWorker::localEdit);
    connect(this, &SyncController::requestAudit, m_worker, &SyncWorker::runAudit);
    connect(this, &SyncController::requestSettings, m_worker, &SyncWorker::applySettings);
    connect(this, &SyncController::requestStop, m_worker, &SyncWorker::stop);

    connect(m_worker, &SyncWorker::statusChanged, this, [this](const SyncStatus& status) {
        m_lastStatus = status;
        emit statusChanged(status);
    });
    connect(m_worker, &SyncWorker::rowsChanged, this, &SyncController::rowsChanged);
    connect(m_worker, &SyncWorker::conflictsChanged, this, &SyncController::conflictsChanged);
    connect(m_worker, &SyncWorker::auditFinished, this, &SyncController::auditFinished);
    connect(m_worker, &SyncWorker::logChanged, this, &SyncController::logChanged);
}

SyncController::~SyncController()
{
    if (m_thread.isRunning()) {
        emit requestStop();
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_worker;
    }
    m_worker = nullptr;
}

void SyncController::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::start, Qt::QueuedConnection);
}

void SyncController::syncNow()
{
    emit requestSync(true);
}

void SyncController::notifyLocalEdit()
{
    emit requestLocalEdit();
}

void SyncController::runAudit()
{
    emit requestAudit();
}

void SyncController::applySettings(const SyncSettings& settings)
{
    m_settings = settings;
    emit requestSettings(settings);
}

} // namespace fieldsync
