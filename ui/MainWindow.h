#pragma once

#include "AppSettings.h"
#include "SyncTypes.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QTabWidget;
class QTableView;
class QToolBar;
class QToolButton;

namespace fieldsync {

class ConflictsDialog;
class FleetClient;
class FleetPanel;
class LocalStore;
class SyncController;
class SyncStatusPanel;
class WorkOrderForm;
class WorkOrderModel;

// The technician's main window: the filterable work-order list, the detail form and the status bar.
// It edits only through WorkOrderModel (and so LocalStore) on the GUI thread and never waits for the
// network. Sync is wired from outside through the slots and signals below (the SyncController lives
// in sync/); without them the window works as a purely local app.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(LocalStore* store, QWidget* parent = nullptr);
    ~MainWindow() override;

    WorkOrderModel* model() const { return m_model; }
    QMenu* syncMenu() const { return m_syncMenu; }
    // Places a sync-related widget (status panel, conflicts badge) in the status bar's permanent area.
    void addStatusWidget(QWidget* widget);
    // Wires the sync engine: status bar, row refreshes, conflicts, "Sync now", settings and the status panel.
    // The controller must outlive the window.
    void attachSync(SyncController* controller);
    static SyncSettings syncSettingsFor(const AppSettings& settings, const SyncSettings& base = {});
    SyncStatusPanel* syncStatusPanel() const { return m_syncPanel; }
    FleetPanel* fleetPanel() const { return m_fleetPanel; }

public Q_SLOTS:
    void newWorkOrder();
    void deleteCurrent();
    void undoDelete();
    void openSettings();
    void openConflicts();
    void openFleet();
    // From the sync engine (queued from SyncController).
    void showSyncStatus(const fieldsync::SyncStatus& status);
    void refreshRows(const QString& table, const QStringList& ids);
    void setOpenConflicts(int count);

Q_SIGNALS:
    void syncNowRequested(); // F5 / toolbar
    void localEditMade(); // a local edit was committed: the worker debounces a push
    void settingsChanged(const fieldsync::AppSettings& settings);
    void conflictsRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createActions();
    void createWidgets();
    void retranslateUi();
    void applyFilters();
    void restoreLayout();
    void saveLayout();
    void applyDefaultColumns();
    void currentRowChanged(int row, int previousRow);
    void selectRow(int row);
    int currentRow() const;
    void syncHiddenRows(int first, int last);
    void updateEmptyState();
    void updateCounts();
    void updateSyncLabel();
    void localEditCommitted();
    void hideUndoBar();
    void createSyncWidgets();
    void updateFleetClient();
    void fleetRoleChanged();

    LocalStore* m_store;
    WorkOrderModel* m_model;
    AppSettings m_settings;
    SyncStatus m_syncStatus;
    bool m_haveSyncStatus = false;
    int m_openConflicts = 0;
    QString m_lastDeletedId;
    QString m_lastDeletedTitle;
    QTimer m_searchDebounce;
    QTimer m_undoTimer;
    QTimer m_countsTimer;
    QTimer m_arrivalsTimer; // rows new to this device arrived: re-select once the form is idle
    void showArrivedRows();

    QAction* m_actionNew = nullptr;
    QAction* m_actionDelete = nullptr;
    QAction* m_actionUndoDelete = nullptr;
    QAction* m_actionSyncNow = nullptr;
    QAction* m_actionFind = nullptr;
    QAction* m_actionSettings = nullptr;
    QAction* m_actionQuit = nullptr;
    QAction* m_actionAbout = nullptr;
    QAction* m_actionClearFilters = nullptr;
    QAction* m_actionSyncStatus = nullptr;
    QAction* m_actionConflicts = nullptr;
    QAction* m_actionAudit = nullptr;
    QAction* m_actionFleet = nullptr;
    QDockWidget* m_syncDock = nullptr;
    SyncStatusPanel* m_syncPanel = nullptr;
    QPointer<ConflictsDialog> m_conflictsDialog;
    FleetClient* m_fleetClient = nullptr;
    FleetPanel* m_fleetPanel = nullptr;
    QTabWidget* m_tabs = nullptr;
    SyncController* m_sync = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_syncMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QToolBar* m_toolBar = nullptr;

    QLineEdit* m_search = nullptr;
    QLabel* m_statusFilterLabel = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QCheckBox* m_assignedToMe = nullptr;
    QCheckBox* m_unsyncedOnly = nullptr;
    QLabel* m_countLabel = nullptr;
    QSplitter* m_splitter = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_emptyLabel = nullptr;
    WorkOrderForm* m_form = nullptr;

    QWidget* m_undoBar = nullptr;
    QLabel* m_undoLabel = nullptr;
    QToolButton* m_undoButton = nullptr;
    QLabel* m_syncIcon = nullptr;
    QLabel* m_syncLabel = nullptr;
    QProgressBar* m_syncProgress = nullptr;
    QToolButton* m_conflictsBadge = nullptr;
};

} // namespace fieldsync
