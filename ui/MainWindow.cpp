#include "MainWindow.h"

#include "ConflictsDialog.h"
#include "FleetClient.h"
#include "FleetPanel.h"
#include "Icons.h"
#include "LocalStore.h"
#include "Schema.h"
#include "SettingsDialog.h"
#include "SyncController.h"
#include "SyncStatusPanel.h"
#include "Translations.h"
#include "WorkOrderDelegate.h"
#include "WorkOrderForm.h"
#include "WorkOrderModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

Q_LOGGING_CATEGORY(lcWindow, "fieldsync.ui")

namespace fieldsync {

namespace {

const QString GeometryKey = QStringLiteral("ui/geometry");
const QString StateKey = QStringLiteral("ui/windowState");
const QString HeaderKey = QStringLiteral("ui/headerState");
const QString SplitterKey = QStringLiteral("ui/splitterState");
constexpr int UndoVisibleMs = 15'000;

QIcon dotIcon(const QColor& color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

} // namespace

MainWindow::MainWindow(LocalStore* store, QWidget* parent)
    : QMainWindow(parent)
    , m_store(store)
    , m_model(new WorkOrderModel(store, this))
    , m_settings(AppSettings::load())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::appIcon());

    // The list's first screen is read from an index in a few milliseconds even with 100,000 work orders, so
    // results follow every keystroke; the zero-time timer only folds keystrokes that arrive while a query
    // runs into one re-select.
    m_searchDebounce.setSingleShot(true);
    m_searchDebounce.setInterval(0);
    connect(&m_searchDebounce, &QTimer::timeout, this, &MainWindow::applyFilters);
    m_undoTimer.setSingleShot(true);
    m_undoTimer.setInterval(UndoVisibleMs);
    connect(&m_undoTimer, &QTimer::timeout, this, &MainWindow::hideUndoBar);
    m_countsTimer.setSingleShot(true);
    // Counting 100k rows takes tens of milliseconds: do it once typing pauses, not on every keystroke.
    m_countsTimer.setInterval(250);
    connect(&m_countsTimer, &QTimer::timeout, this, [this] {
        updateCounts();
        updateSyncLabel();
        updateEmptyState();
    });

    m_arrivalsTimer.setSingleShot(true);
    m_arrivalsTimer.setInterval(400);
    connect(&m_arrivalsTimer, &QTimer::timeout, this, &MainWindow::showArrivedRows);

    createActions();
    createWidgets();
    createSyncWidgets();
    retranslateUi();
    restoreLayout();
    applyFilters();
    updateSyncLabel();
    if (currentRow() < 0 && m_model->rowCount() > 0 && !m_model->isRowHidden(0))
        selectRow(0);
}

MainWindow::~MainWindow()
{
    // The model is a child and outlives this object's members; stop it from reaching them.
    disconnect(m_model, nullptr, this, nullptr);
}

void MainWindow::createActions()
{
    m_actionNew = new QAction(Icons::icon(u"new"), QString(), this);
    m_actionNew->setObjectName(QStringLiteral("actionNew"));
    m_actionNew->setShortcut(QKeySequence::New);
    connect(m_actionNew, &QAction::triggered, this, &MainWindow::newWorkOrder);

    m_actionDelete = new QAction(Icons::icon(u"delete"), QString(), this);
    m_actionDelete->setObjectName(QStringLiteral("actionDelete"));
    m_actionDelete->setEnabled(false);
    connect(m_actionDelete, &QAction::triggered, this, &MainWindow::deleteCurrent);

    m_actionUndoDelete = new QAction(Icons::icon(u"undo"), QString(), this);
    m_actionUndoDelete->setObjectName(QStringLiteral("actionUndoDelete"));
    m_actionUndoDelete->setShortcut(QKeySequence::Undo);
    m_actionUndoDelete->setEnabled(false);
    connect(m_actionUndoDelete, &QAction::triggered, this, &MainWindow::undoDelete);

    m_actionSyncNow = new QAction(Icons::icon(u"sync"), QString(), this);
    m_actionSyncNow->setObjectName(QStringLiteral("actionSyncNow"));
    m_actionSyncNow->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_actionSyncNow, &QAction::triggered, this, [this] {
        m_form->commit();
        if (!m_sync || !m_sync->settings().enabled)
            statusBar()->showMessage(tr("Sync is not set up: add a hub URL in Settings."), 6000);
        Q_EMIT syncNowRequested();
    });

    m_actionFind = new QAction(Icons::icon(u"search"), QString(), this);
    m_actionFind->setObjectName(QStringLiteral("actionFind"));
    m_actionFind->setShortcut(QKeySequence::Find);
    connect(m_actionFind, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    m_actionClearFilters = new QAction(Icons::icon(u"clear"), QString(), this);
    m_actionClearFilters->setObjectName(QStringLiteral("actionClearFilters"));
    connect(m_actionClearFilters, &QAction::triggered, this, [this] {
        m_search->clear();
        m_statusFilter->setCurrentIndex(0);
        m_assignedToMe->setChecked(false);
        m_unsyncedOnly->setChecked(false);
        applyFilters();
    });

    m_actionSettings = new QAction(Icons::icon(u"settings"), QString(), this);
    m_actionSettings->setObjectName(QStringLiteral("actionSettings"));
    m_actionSettings->setShortcut(QKeySequence::Preferences);
    m_actionSettings->setMenuRole(QAction::PreferencesRole);
    connect(m_actionSettings, &QAction::triggered, this, &MainWindow::openSettings);

    m_actionQuit = new QAction(this);
    m_actionQuit->setObjectName(QStringLiteral("actionQuit"));
    m_actionQuit->setShortcut(QKeySequence::Quit);
    m_actionQuit->setMenuRole(QAction::QuitRole);
    connect(m_actionQuit, &QAction::triggered, this, &QWidget::close);

    m_actionAbout = new QAction(Icons::appIcon(), QString(), this);
    m_actionAbout->setObjectName(QStringLiteral("actionAbout"));
    m_actionAbout->setMenuRole(QAction::AboutRole);
    connect(m_actionAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About FieldSync"),
            tr("<h3>FieldSync %1</h3><p>Work orders that keep working without a network. Every edit is "
               "saved on this device at once and synchronised with the hub when a connection is available.</p>")
                .arg(QStringLiteral(FIELDSYNC_VERSION)));
    });

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_actionNew);
    m_fileMenu->addAction(m_actionDelete);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_actionSettings);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_actionQuit);
    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->addAction(m_actionUndoDelete);
    m_editMenu->addSeparator();
    m_editMenu->addAction(m_actionFind);
    m_editMenu->addAction(m_actionClearFilters);
    m_syncMenu = menuBar()->addMenu(QString());
    m_syncMenu->setObjectName(QStringLiteral("syncMenu"));
    m_syncMenu->addAction(m_actionSyncNow);

    m_actionSyncStatus = new QAction(Icons::icon(u"synced"), QString(), this);
    m_actionSyncStatus->setObjectName(QStringLiteral("actionSyncStatus"));
    m_actionSyncStatus->setCheckable(true);
    m_actionSyncStatus->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_actionConflicts = new QAction(Icons::icon(u"conflict"), QString(), this);
    m_actionConflicts->setObjectName(QStringLiteral("actionConflicts"));
    connect(m_actionConflicts, &QAction::triggered, this, &MainWindow::openConflicts);
    connect(this, &MainWindow::conflictsRequested, this, &MainWindow::openConflicts);
    m_actionAudit = new QAction(Icons::icon(u"audit"), QString(), this);
    m_actionAudit->setObjectName(QStringLiteral("actionRunAudit"));
    m_actionAudit->setEnabled(false);
    m_actionFleet = new QAction(Icons::icon(u"fleet"), QString(), this);
    m_actionFleet->setObjectName(QStringLiteral("actionFleet"));
    connect(m_actionFleet, &QAction::triggered, this, &MainWindow::openFleet);
    m_actionFleet->setVisible(false); // supervisors only, once the hub confirms the token's role
    m_syncMenu->addAction(m_actionSyncStatus);
    m_syncMenu->addAction(m_actionConflicts);
    m_syncMenu->addAction(m_actionAudit);
    m_syncMenu->addSeparator();
    m_syncMenu->addAction(m_actionFleet);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_actionAbout);
}

void MainWindow::createWidgets()
{
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(20, 20));
    m_toolBar->addAction(m_actionNew);
    m_toolBar->addAction(m_actionDelete);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_actionSyncNow);
    auto* spacer = new QWidget(m_toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_search = new QLineEdit(m_toolBar);
    m_search->setObjectName(QStringLiteral("searchLineEdit"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(u"search"), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(320);
    m_search->setMaximumWidth(420);
    m_toolBar->addWidget(m_search);
    auto* gap = new QWidget(m_toolBar);
    gap->setFixedWidth(6);
    m_toolBar->addWidget(gap);
    m_toolBar->addAction(m_actionSettings);
    if (auto* settingsButton = qobject_cast<QToolButton*>(m_toolBar->widgetForAction(m_actionSettings)))
        settingsButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDebounce.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDebounce.stop();
        applyFilters();
        m_view->setFocus();
    });
    m_search->installEventFilter(this);

    // Filter bar
    auto* filterBar = new QWidget(this);
    filterBar->setObjectName(QStringLiteral("filterBar"));
    m_statusFilterLabel = new QLabel(filterBar);
    m_statusFilter = new QComboBox(filterBar);
    m_statusFilter->setObjectName(QStringLiteral("statusFilterCombo"));
    m_statusFilter->addItem(QString(), QString());
    for (const QString& status : WorkOrder::statuses())
        m_statusFilter->addItem(dotIcon(WorkOrderModel::statusColor(status)), QString(), status);
    m_statusFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_statusFilterLabel->setBuddy(m_statusFilter);
    m_assignedToMe = new QCheckBox(filterBar);
    m_assignedToMe->setObjectName(QStringLiteral("assignedToMeCheckBox"));
    m_unsyncedOnly = new QCheckBox(filterBar);
    m_unsyncedOnly->setObjectName(QStringLiteral("unsyncedOnlyCheckBox"));
    m_countLabel = new QLabel(filterBar);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_countLabel->setForegroundRole(QPalette::PlaceholderText);
    auto* clearFilters = new QToolButton(filterBar);
    clearFilters->setDefaultAction(m_actionClearFilters);
    clearFilters->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    clearFilters->setAutoRaise(true);
    auto* filterLayout = new QHBoxLayout(filterBar);
    filterLayout->setContentsMargins(10, 6, 10, 6);
    filterLayout->setSpacing(10);
    filterLayout->addWidget(m_statusFilterLabel);
    filterLayout->addWidget(m_statusFilter);
    filterLayout->addSpacing(8);
    filterLayout->addWidget(m_assignedToMe);
    filterLayout->addWidget(m_unsyncedOnly);
    filterLayout->addWidget(clearFilters);
    filterLayout->addStretch();
    filterLayout->addWidget(m_countLabel);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
    connect(m_assignedToMe, &QCheckBox::toggled, this, &MainWindow::applyFilters);
    connect(m_unsyncedOnly, &QCheckBox::toggled, this, &MainWindow::applyFilters);

    // List
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("workOrderView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new WorkOrderDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(qMax(30, fontMetrics().height() + 14));
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setMinimumSectionSize(30);
    m_view->setStyleSheet(
        QStringLiteral("QTableView#workOrderView { selection-background-color: #1E63B8; selection-color: white; }"
                       "QHeaderView::section { padding: 4px 6px; }"));
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    m_view->addAction(m_actionDelete);
    m_actionDelete->setShortcut(QKeySequence::Delete);
    m_actionDelete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    // The toolbar must not make the view-scoped Delete shortcut ambiguous.
    connect(m_view, &QAbstractItemView::activated, this, [this] { m_form->focusTitle(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current, const QModelIndex& previous) {
            currentRowChanged(current.isValid() ? current.row() : -1, previous.isValid() ? previous.row() : -1);
        });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
            syncHiddenRows(topLeft.row(), bottomRight.row());
            m_countsTimer.start();
        });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_countsTimer.start();
        m_actionDelete->setEnabled(false);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { m_countsTimer.start(); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] { m_countsTimer.start(); });
    connect(m_model, &WorkOrderModel::editFailed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Could not save the change: %1").arg(message), 10'000);
    });

    m_emptyLabel = new QLabel(m_view->viewport());
    m_emptyLabel->setObjectName(QStringLiteral("emptyStateLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont emptyFont = m_emptyLabel->font();
    emptyFont.setPointSizeF(emptyFont.pointSizeF() * 1.15);
    m_emptyLabel->setFont(emptyFont);
    m_emptyLabel->hide();

    m_form = new WorkOrderForm(m_model, this);
    connect(m_form, &WorkOrderForm::saved, this, &MainWindow::localEditCommitted);
    connect(m_form, &WorkOrderForm::leaveRequested, this, [this] { m_view->setFocus(Qt::OtherFocusReason); });

    auto* listPane = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    listLayout->addWidget(filterBar);
    auto* line = new QFrame(listPane);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    listLayout->addWidget(line);
    listLayout->addWidget(m_view, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(listPane);
    m_splitter->addWidget(m_form);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    // Work orders, plus the Fleet tab when this device's token has the supervisor role.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabBarAutoHide(true);
    m_tabs->addTab(m_splitter, Icons::icon(u"new"), QString());
    setCentralWidget(m_tabs);

    // Status bar: undo notice on the left, sync state on the right.
    m_undoBar = new QWidget(this);
    m_undoBar->setObjectName(QStringLiteral("undoBar"));
    m_undoLabel = new QLabel(m_undoBar);
    m_undoLabel->setObjectName(QStringLiteral("undoLabel"));
    m_undoButton = new QToolButton(m_undoBar);
    m_undoButton->setObjectName(QStringLiteral("undoDeleteButton"));
    m_undoButton->setDefaultAction(m_actionUndoDelete);
    m_undoButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_undoButton->setAutoRaise(true);
    auto* undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(4, 0, 4, 0);
    undoLayout->addWidget(m_undoLabel);
    undoLayout->addWidget(m_undoButton);
    m_undoBar->hide();
    statusBar()->addWidget(m_undoBar);

    m_syncProgress = new QProgressBar(this);
    m_syncProgress->setObjectName(QStringLiteral("syncProgress"));
    m_syncProgress->setMaximumWidth(140);
    m_syncProgress->setMaximumHeight(14);
    m_syncProgress->setTextVisible(false);
    m_syncProgress->hide();
    m_conflictsBadge = new QToolButton(this);
    m_conflictsBadge->setObjectName(QStringLiteral("conflictsBadge"));
    m_conflictsBadge->setIcon(Icons::icon(u"conflict"));
    m_conflictsBadge->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_conflictsBadge->setAutoRaise(true);
    m_conflictsBadge->hide();
    connect(m_conflictsBadge, &QToolButton::clicked, this, &MainWindow::conflictsRequested);
    m_syncIcon = new QLabel(this);
    m_syncIcon->setObjectName(QStringLiteral("syncStateIcon"));
    m_syncLabel = new QLabel(this);
    m_syncLabel->setObjectName(QStringLiteral("syncStateLabel"));
    statusBar()->addPermanentWidget(m_syncProgress);
    statusBar()->addPermanentWidget(m_conflictsBadge);
    statusBar()->addPermanentWidget(m_syncIcon);
    statusBar()->addPermanentWidget(m_syncLabel);

    setTabOrder(m_search, m_statusFilter);
    setTabOrder(m_statusFilter, m_assignedToMe);
    setTabOrder(m_assignedToMe, m_unsyncedOnly);
    setTabOrder(m_unsyncedOnly, m_view);
    setTabOrder(m_view, m_form->firstField());
}

void MainWindow::createSyncWidgets()
{
    m_syncPanel = new SyncStatusPanel(m_store, this);
    m_syncDock = new QDockWidget(this);
    m_syncDock->setObjectName(QStringLiteral("syncStatusDock"));
    m_syncDock->setWidget(m_syncPanel);
    m_syncDock->setAllowedAreas(Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, m_syncDock);
    m_syncDock->hide();
    connect(m_actionSyncStatus, &QAction::toggled, this, [this](bool on) {
        m_syncDock->setVisible(on);
        if (on)
            m_syncPanel->refresh();
    });
    connect(m_syncDock, &QDockWidget::visibilityChanged, m_actionSyncStatus, [this](bool visible) {
        if (!isMinimized())
            m_actionSyncStatus->setChecked(visible);
    });
    connect(m_syncPanel, &SyncStatusPanel::syncNowRequested, m_actionSyncNow, &QAction::trigger);
    connect(this, &MainWindow::localEditMade, m_syncPanel, [this] {
        if (m_syncDock->isVisible())
            m_syncPanel->refresh();
    });
    setOpenConflicts(m_store->openConflictCount());
    updateFleetClient();
}

SyncSettings MainWindow::syncSettingsFor(const AppSettings& settings, const SyncSettings& base)
{
    SyncSettings sync = base;
    sync.serverUrl = settings.serverUrl;
    sync.token = settings.deviceToken;
    sync.enabled = settings.serverUrl.isValid() && !settings.serverUrl.host().isEmpty();
    return sync;
}

void MainWindow::attachSync(SyncController* controller)
{
    m_sync = controller;
    connect(controller, &SyncController::statusChanged, this, &MainWindow::showSyncStatus);
    connect(controller, &SyncController::rowsChanged, this, &MainWindow::refreshRows);
    connect(controller, &SyncController::conflictsChanged, this, &MainWindow::setOpenConflicts);
    connect(controller, &SyncController::statusChanged, m_syncPanel, &SyncStatusPanel::setStatus);
    connect(controller, &SyncController::auditFinished, m_syncPanel, &SyncStatusPanel::setAuditResult);
    connect(controller, &SyncController::logChanged, m_syncPanel, [this] {
        if (m_syncDock->isVisible())
            m_syncPanel->refresh();
    });
    connect(controller, &SyncController::auditFinished, this, [this](const AuditResult& result) {
        statusBar()->showMessage(
            result.message.isEmpty() ? tr("Integrity audit finished: %1").arg(result.result) : result.message, 8000);
    });
    connect(this, &MainWindow::syncNowRequested, controller, &SyncController::syncNow);
    connect(this, &MainWindow::localEditMade, controller, &SyncController::notifyLocalEdit);
    connect(m_syncPanel, &SyncStatusPanel::auditRequested, controller, &SyncController::runAudit);
    m_actionAudit->setEnabled(true);
    connect(m_actionAudit, &QAction::triggered, controller, &SyncController::runAudit);
    connect(this, &MainWindow::settingsChanged, controller, [controller](const AppSettings& settings) {
        controller->applySettings(syncSettingsFor(settings, controller->settings()));
    });
    if (controller->settings().enabled)
        showSyncStatus(controller->lastStatus());
}

void MainWindow::openConflicts()
{
    m_form->commit();
    if (!m_conflictsDialog) {
        m_conflictsDialog = new ConflictsDialog(m_store, this);
        m_conflictsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_conflictsDialog, &ConflictsDialog::rowsEdited, this, &MainWindow::refreshRows);
        connect(m_conflictsDialog, &ConflictsDialog::localEditMade, this, &MainWindow::localEditCommitted);
        connect(m_conflictsDialog, &ConflictsDialog::conflictsChanged, this, &MainWindow::setOpenConflicts);
    }
    m_conflictsDialog->reload();
    m_conflictsDialog->show();
    m_conflictsDialog->raise();
    m_conflictsDialog->activateWindow();
}

void MainWindow::openFleet()
{
    if (m_fleetPanel) {
        m_tabs->setCurrentWidget(m_fleetPanel);
        return;
    }
    statusBar()->showMessage(m_settings.serverUrl.isValid()
            ? tr("The fleet overview needs a device token with the supervisor role.")
            : tr("Sync is not set up: add a hub URL in Settings."),
        6000);
}

void MainWindow::updateFleetClient()
{
    const bool configured = m_settings.serverUrl.isValid() && !m_settings.serverUrl.host().isEmpty();
    if (!configured) {
        if (m_fleetClient)
            m_fleetClient->setServer(QUrl(), QString());
        fleetRoleChanged();
        return;
    }
    if (!m_fleetClient) {
        m_fleetClient = new FleetClient({}, this);
        connect(m_fleetClient, &FleetClient::roleChanged, this, &MainWindow::fleetRoleChanged);
    }
    m_fleetClient->setServer(m_settings.serverUrl, m_settings.deviceToken);
    if (!m_fleetClient->isStarted())
        m_fleetClient->start();
}

void MainWindow::fleetRoleChanged()
{
    const bool supervisor = m_fleetClient && m_fleetClient->isSupervisor();
    m_actionFleet->setVisible(supervisor);
    if (supervisor && !m_fleetPanel) {
        m_fleetPanel = new FleetPanel(m_fleetClient, m_tabs);
        m_fleetPanel->setTitleLookup([this](const QString& table, const QString& id) {
            const auto row = m_store->row(table, id);
            return row ? row->value(QStringLiteral("title")).toString() : QString();
        });
        m_tabs->addTab(m_fleetPanel, Icons::icon(u"fleet"), tr("Fleet"));
    } else if (!supervisor && m_fleetPanel) {
        m_tabs->removeTab(m_tabs->indexOf(m_fleetPanel));
        delete m_fleetPanel;
        m_fleetPanel = nullptr;
    }
}

void MainWindow::addStatusWidget(QWidget* widget)
{
    statusBar()->insertPermanentWidget(0, widget);
}

void MainWindow::applyDefaultColumns()
{
    QHeaderView* header = m_view->horizontalHeader();
    const QStringList hidden = { QStringLiteral("id"), QStringLiteral("description"), QStringLiteral("notes"),
        QStringLiteral("site"), QStringLiteral("created_at"), QStringLiteral("last_updated"), QStringLiteral("deleted"),
        QStringLiteral("field_clocks") };
    for (const QString& field : hidden) {
        const int column = m_model->fieldColumn(field);
        if (column >= 0)
            header->setSectionHidden(column, true);
    }
    const QList<QPair<QString, int>> order = { { QStringLiteral("sync_status"), 30 }, { QStringLiteral("title"), 234 },
        { QStringLiteral("status"), 124 }, { QStringLiteral("priority"), 92 }, { QStringLiteral("due_at"), 104 },
        { QStringLiteral("assigned_to"), 112 }, { QStringLiteral("customer"), 232 }, { QStringLiteral("asset"), 150 },
        { QStringLiteral("site"), 200 } };
    for (int visual = 0; visual < order.size(); ++visual) {
        const int column = m_model->fieldColumn(order.at(visual).first);
        if (column < 0)
            continue;
        header->moveSection(header->visualIndex(column), visual);
        header->resizeSection(column, order.at(visual).second);
    }
    header->setSortIndicator(m_model->fieldColumn(u"status"), Qt::AscendingOrder);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray()))
        resize(1360, 820);
    restoreState(settings.value(StateKey).toByteArray());
    QHeaderView* header = m_view->horizontalHeader();
    if (!header->restoreState(settings.value(HeaderKey).toByteArray()))
        applyDefaultColumns();
    if (!m_splitter->restoreState(settings.value(SplitterKey).toByteArray()))
        m_splitter->setSizes({ 975, 385 });
    const int syncColumn = m_model->fieldColumn(u"sync_status");
    header->setSectionResizeMode(syncColumn, QHeaderView::Fixed);
    header->resizeSection(syncColumn, 30);
    m_model->setSort(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(HeaderKey, m_view->horizontalHeader()->saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
}

void MainWindow::applyFilters()
{
    m_form->commit();
    const QString keepId = m_model->idAt(currentRow());
    WorkOrderModel::Filter filter;
    filter.text = m_search->text();
    filter.status = m_statusFilter->currentData().toString();
    filter.assignee = m_assignedToMe->isChecked() ? m_settings.technicianName : QString();
    filter.unsyncedOnly = m_unsyncedOnly->isChecked();
    m_model->setFilterCriteria(filter);
    m_actionClearFilters->setEnabled(!filter.text.trimmed().isEmpty() || !filter.status.isEmpty()
        || m_assignedToMe->isChecked() || filter.unsyncedOnly);
    const int row = keepId.isEmpty() ? -1 : m_model->rowOfId(keepId);
    if (row >= 0)
        selectRow(row);
    else
        m_form->setCurrentRow(-1);
    updateEmptyState();
    m_countsTimer.start();
}

int MainWindow::currentRow() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void MainWindow::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
        return;
    }
    int column = m_view->horizontalHeader()->logicalIndex(0); // the leftmost column: never scrolls sideways
    if (column < 0)
        column = m_model->fieldColumn(u"title");
    const QModelIndex index = m_model->index(row, column);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int horizontal = m_view->horizontalScrollBar()->value();
    m_view->scrollTo(index);
    m_view->horizontalScrollBar()->setValue(horizontal); // only ever scroll vertically to a row
}

void MainWindow::currentRowChanged(int row, int previousRow)
{
    if (previousRow >= 0 && previousRow != row && previousRow < m_model->rowCount()
        && m_model->isPendingInsert(previousRow)) {
        // A new work order left without a title is discarded, not saved.
        QMetaObject::invokeMethod(
            this,
            [this] {
                for (int r = 0; r < m_model->rowCount(); ++r) {
                    if (m_model->isPendingInsert(r) && r != currentRow()) {
                        m_model->revertRow(r);
                        break;
                    }
                }
            },
            Qt::QueuedConnection);
    }
    const bool valid = row >= 0 && !m_model->isRowHidden(row);
    m_form->setCurrentRow(valid ? row : -1);
    m_actionDelete->setEnabled(valid);
}

void MainWindow::syncHiddenRows(int first, int last)
{
    bool currentHidden = false;
    for (int row = first; row <= last && row < m_model->rowCount(); ++row) {
        const bool hidden = m_model->isRowHidden(row);
        if (m_view->isRowHidden(row) != hidden)
            m_view->setRowHidden(row, hidden);
        if (hidden && row == currentRow())
            currentHidden = true;
    }
    if (currentHidden) {
        m_form->setCurrentRow(-1);
        m_actionDelete->setEnabled(false);
    }
}

void MainWindow::newWorkOrder()
{
    m_form->commit();
    int row = -1;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (m_model->isPendingInsert(r)) {
            row = r;
            break;
        }
    }
    if (row < 0) {
        if (!m_model->insertRow(0)) {
            statusBar()->showMessage(tr("Could not start a new work order."), 6000);
            return;
        }
        row = 0;
        auto set = [this, row](QStringView field, const QString& value) {
            m_model->QSqlTableModel::setData(m_model->index(row, m_model->fieldColumn(field)), value);
        };
        set(u"status", QStringLiteral("pending"));
        set(u"priority", QStringLiteral("normal"));
        set(u"assigned_to", m_settings.technicianName);
    }
    updateEmptyState();
    selectRow(row);
    m_form->setCurrentRow(row);
    m_form->focusTitle();
}

void MainWindow::deleteCurrent()
{
    const int row = currentRow();
    if (row < 0 || m_model->isRowHidden(row))
        return;
    if (m_model->isPendingInsert(row)) {
        m_model->revertRow(row);
        return;
    }
    m_form->commit();
    const QString id = m_model->idAt(row);
    const QString title = m_model->index(row, m_model->fieldColumn(u"title")).data(Qt::EditRole).toString();
    if (!m_model->removeRow(row))
        return;
    int next = -1;
    for (int r = row + 1; r < m_model->rowCount() && next < 0; ++r) {
        if (!m_model->isRowHidden(r))
            next = r;
    }
    for (int r = row - 1; r >= 0 && next < 0; --r) {
        if (!m_model->isRowHidden(r))
            next = r;
    }
    selectRow(next);
    m_lastDeletedId = id;
    m_lastDeletedTitle = title;
    m_undoLabel->setText(
        tr("Deleted “%1”.").arg(QFontMetrics(m_undoLabel->font()).elidedText(title, Qt::ElideMiddle, 360)));
    m_undoBar->show();
    m_actionUndoDelete->setEnabled(true);
    m_undoTimer.start();
    localEditCommitted();
}

void MainWindow::undoDelete()
{
    if (m_lastDeletedId.isEmpty())
        return;
    const QString id = m_lastDeletedId;
    const QString title = m_lastDeletedTitle;
    hideUndoBar();
    m_lastDeletedId.clear();
    m_actionUndoDelete->setEnabled(false);
    if (!m_model->undeleteRow(id))
        return;
    int row = m_model->rowOfId(id);
    if (row < 0 || m_model->isRowHidden(row)) {
        m_model->select();
        row = m_model->findRow(id);
    }
    if (row >= 0) {
        m_view->setRowHidden(row, false);
        selectRow(row);
    }
    statusBar()->showMessage(tr("Restored “%1”.").arg(title), 4000);
    localEditCommitted();
}

void MainWindow::hideUndoBar()
{
    m_undoTimer.stop();
    m_undoBar->hide();
}

void MainWindow::localEditCommitted()
{
    m_countsTimer.start();
    Q_EMIT localEditMade();
}

void MainWindow::openSettings()
{
    m_form->commit();
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings updated = dialog.settings();
    const bool languageChanged = updated.language != m_settings.language;
    m_settings = updated;
    m_settings.save();
    if (languageChanged)
        Translations::install(m_settings.language);
    if (m_assignedToMe->isChecked())
        applyFilters();
    retranslateUi();
    updateFleetClient();
    Q_EMIT settingsChanged(m_settings);
}

void MainWindow::showSyncStatus(const SyncStatus& status)
{
    // Acknowledged pushes change no values, so the worker does not list them as changed rows.
    const bool runEnded = m_haveSyncStatus && m_syncStatus.state == SyncStatus::State::Syncing
        && status.state != SyncStatus::State::Syncing;
    if (runEnded || (m_haveSyncStatus && status.pendingChanges < m_syncStatus.pendingChanges))
        m_model->refreshSyncStates();
    m_syncStatus = status;
    m_haveSyncStatus = true;
    m_openConflicts = status.openConflicts;
    updateSyncLabel();
    setOpenConflicts(status.openConflicts);
}

void MainWindow::refreshRows(const QString& table, const QStringList& ids)
{
    if (table != Schema::WorkOrders || ids.isEmpty())
        return;
    m_model->refreshRows(ids);
    m_countsTimer.start();
    // Rows this list has never loaded (work orders created on other devices) only appear through a new
    // select; batch them, whatever the number of pulled pages, into one re-select.
    const bool arrivals
        = std::any_of(ids.cbegin(), ids.cend(), [this](const QString& id) { return m_model->rowOfId(id) < 0; });
    if (arrivals && !m_arrivalsTimer.isActive())
        m_arrivalsTimer.start();
}

void MainWindow::showArrivedRows()
{
    // Never pull the rug from under a technician who is typing: try again once the form is left alone.
    // A long pull delivers many pages: re-select once it is over rather than after every page, so the list
    // does not re-sort 100k rows again and again while the technician works.
    QWidget* focus = QApplication::focusWidget();
    const bool pulling = m_haveSyncStatus && m_syncStatus.state == SyncStatus::State::Syncing;
    if (pulling || (focus && m_form->isAncestorOf(focus) && m_form->isVisible())) {
        m_arrivalsTimer.start();
        return;
    }
    const QString currentId = m_model->idAt(currentRow());
    const int topRow = m_view->rowAt(0);
    const QString topId = topRow >= 0 ? m_model->idAt(topRow) : QString();
    m_model->select();
    if (!topId.isEmpty()) {
        const int row = m_model->findRow(topId);
        if (row >= 0)
            m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
    }
    const int row = currentId.isEmpty() ? -1 : m_model->findRow(currentId);
    if (row >= 0)
        selectRow(row);
    updateEmptyState();
    m_countsTimer.start();
}

void MainWindow::setOpenConflicts(int count)
{
    m_openConflicts = count;
    m_conflictsBadge->setText(tr("%Ln conflict(s)", "", count));
    m_conflictsBadge->setToolTip(tr("Show the values that lost a concurrent edit"));
    m_conflictsBadge->setVisible(count > 0);
}

void MainWindow::updateSyncLabel()
{
    const int unsynced = m_store->unsyncedRowCount();
    const QString pending = unsynced == 0 ? tr("all changes synced") : tr("%Ln unsynced change(s)", "", unsynced);
    QString icon = QStringLiteral("offline");
    QString text;
    QString tip;
    m_syncProgress->hide();
    using State = SyncStatus::State;
    const State state = m_haveSyncStatus ? m_syncStatus.state : State::Offline;
    switch (state) {
    case State::Disabled:
    case State::Offline:
        text = unsynced == 0 ? tr("Offline · no unsynced changes") : tr("Offline · %1").arg(pending);
        tip = m_haveSyncStatus && !m_syncStatus.error.isEmpty()
            ? m_syncStatus.error
            : tr("Every change is saved on this device and will sync when the hub is reachable.");
        break;
    case State::Idle:
    case State::UpToDate: {
        icon = unsynced == 0 ? QStringLiteral("synced") : QStringLiteral("dirty");
        const QString when = m_syncStatus.lastSuccess.isValid()
            ? QLocale().toString(m_syncStatus.lastSuccess.toLocalTime().time(), QLocale::ShortFormat)
            : QString();
        if (unsynced > 0)
            text = tr("%1 · last sync %2").arg(pending, when.isEmpty() ? tr("never") : when);
        else
            text = when.isEmpty() ? tr("Up to date") : tr("Up to date · last sync %1").arg(when);
        break;
    }
    case State::Syncing:
        icon = QStringLiteral("sync");
        text = tr("Syncing…");
        if (m_syncStatus.progressTotal > 0) {
            m_syncProgress->setRange(0, 1000);
            m_syncProgress->setValue(int(1000 * m_syncStatus.progressDone / m_syncStatus.progressTotal));
            m_syncProgress->show();
        }
        break;
    case State::Error:
    case State::AuthError:
        icon = QStringLiteral("error");
        text = m_syncStatus.error.isEmpty() ? tr("Sync failed") : m_syncStatus.error;
        if (!m_syncStatus.hint.isEmpty())
            text += QStringLiteral(" · ") + m_syncStatus.hint;
        if (unsynced > 0)
            text += QStringLiteral(" · ") + pending;
        break;
    }
    m_syncLabel->setText(text);
    m_syncLabel->setToolTip(tip);
    m_syncIcon->setPixmap(Icons::icon(icon).pixmap(16, 16));
}

void MainWindow::updateCounts()
{
    const int matching = m_model->matchingRowCount();
    const int total = m_store->rowCount(Schema::WorkOrders);
    if (matching == total)
        m_countLabel->setText(tr("%Ln work order(s)", "", total));
    else
        m_countLabel->setText(tr("%1 of %2 work orders").arg(QLocale().toString(matching), QLocale().toString(total)));
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_model->visibleRowCount() == 0;
    if (empty) {
        const bool filtered = m_actionClearFilters->isEnabled();
        m_emptyLabel->setText(filtered
                ? tr("No work orders match your search or filters.\nPress Escape in the search field or "
                     "use “Clear filters” to see all.")
                : tr("No work orders yet.\nPress Ctrl+N to create your first one."));
        m_emptyLabel->setGeometry(m_view->viewport()->rect().adjusted(24, 24, -24, -24));
    }
    m_emptyLabel->setVisible(empty);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_emptyLabel->setGeometry(m_view->viewport()->rect().adjusted(24, 24, -24, -24));
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape) {
            m_search->clear();
            m_searchDebounce.stop();
            applyFilters();
            return true;
        }
        if (key->key() == Qt::Key_Down) {
            m_view->setFocus(Qt::TabFocusReason);
            if (currentRow() < 0)
                selectRow(0);
            return true;
        }
    }
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && currentRow() >= 0) {
            m_form->focusTitle();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_form->commit();
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        m_model->retranslate();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("FieldSync — Work orders"));
    m_fileMenu->setTitle(tr("&File"));
    m_editMenu->setTitle(tr("&Edit"));
    m_syncMenu->setTitle(tr("&Sync"));
    m_helpMenu->setTitle(tr("&Help"));
    m_toolBar->setWindowTitle(tr("Main toolbar"));
    m_actionNew->setText(tr("&New"));
    m_actionNew->setToolTip(tr("Create a work order (Ctrl+N)"));
    m_actionDelete->setText(tr("&Delete"));
    m_actionDelete->setToolTip(tr("Delete the selected work order (Del); you can undo it"));
    m_actionUndoDelete->setText(tr("&Undo delete"));
    m_actionSyncNow->setText(tr("Sync &now"));
    m_actionSyncNow->setToolTip(tr("Synchronise with the hub now (F5)"));
    m_actionFind->setText(tr("&Find…"));
    m_actionClearFilters->setText(tr("Clear filters"));
    m_actionSettings->setText(tr("&Settings…"));
    m_actionSettings->setToolTip(tr("Settings"));
    m_actionQuit->setText(tr("&Quit"));
    m_actionAbout->setText(tr("&About FieldSync"));
    m_actionSyncStatus->setText(tr("Sync &status"));
    m_actionConflicts->setText(tr("&Conflicts…"));
    m_actionAudit->setText(tr("Run integrity &audit"));
    m_actionFleet->setText(tr("&Fleet overview"));
    m_syncDock->setWindowTitle(tr("Sync status"));
    m_tabs->setTabText(0, tr("Work orders"));
    if (m_fleetPanel)
        m_tabs->setTabText(m_tabs->indexOf(m_fleetPanel), tr("Fleet"));
    m_search->setPlaceholderText(tr("Search title, description, site, asset, customer (Ctrl+F)"));
    m_statusFilterLabel->setText(tr("S&tatus:"));
    m_statusFilter->setItemText(0, tr("All statuses"));
    for (int i = 1; i < m_statusFilter->count(); ++i)
        m_statusFilter->setItemText(i, WorkOrderModel::statusLabel(m_statusFilter->itemData(i).toString()));
    m_assignedToMe->setText(tr("Assigned to &me"));
    m_assignedToMe->setEnabled(!m_settings.technicianName.isEmpty());
    m_assignedToMe->setToolTip(m_settings.technicianName.isEmpty()
            ? tr("Set your name in Settings to use this filter")
            : tr("Only work orders assigned to %1").arg(m_settings.technicianName));
    m_unsyncedOnly->setText(tr("&Unsynced only"));
    m_unsyncedOnly->setToolTip(tr("Only work orders with changes not yet on the hub"));
    m_countsTimer.start();
    updateSyncLabel();
    updateEmptyState();
    if (m_openConflicts > 0)
        setOpenConflicts(m_openConflicts);
}

} // namespace fieldsync
