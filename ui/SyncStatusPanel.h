#pragma once

#include "SyncTypes.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace fieldsync {

class LocalStore;

// "Sync status" for the technician's own device: unsynced changes, last successful sync, last integrity
// audit and its result, changes the hub refused, the recent sync log and the latency of the last changes.
// Reads the local database through the UI's store (GUI thread only) when refresh() is called; the owner
// connects it to the SyncController's statusChanged/logChanged/auditFinished signals. Never resets on a
// timer and never touches the network itself: the buttons only emit requests.
class SyncStatusPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SyncStatusPanel(LocalStore* store, QWidget* parent = nullptr);

public Q_SLOTS:
    void refresh();
    void setStatus(const fieldsync::SyncStatus& status);
    void setAuditResult(const fieldsync::AuditResult& result);

Q_SIGNALS:
    void syncNowRequested();
    void auditRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateStateLabel();
    QString formatTime(qint64 ms) const;

    LocalStore* m_store;
    SyncStatus m_status;
    bool m_haveStatus = false;

    QLabel* m_stateLabel = nullptr;
    QLabel* m_unsyncedCaption = nullptr;
    QLabel* m_unsyncedLabel = nullptr;
    QLabel* m_lastSyncCaption = nullptr;
    QLabel* m_lastSyncLabel = nullptr;
    QLabel* m_auditCaption = nullptr;
    QLabel* m_auditLabel = nullptr;
    QLabel* m_quarantineCaption = nullptr;
    QLabel* m_quarantineLabel = nullptr;
    QLabel* m_logCaption = nullptr;
    QTableWidget* m_logTable = nullptr;
    QLabel* m_latencyCaption = nullptr;
    QTableWidget* m_latencyTable = nullptr;
    QPushButton* m_syncNowButton = nullptr;
    QPushButton* m_auditButton = nullptr;
};

} // namespace fieldsync
