#include "FleetPanel.h"

#include "FieldLabels.h"
#include "FleetConflictModel.h"
#include "FleetDeviceModel.h"
#include "FleetEventModel.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

namespace fieldsync {

using namespace protocol;

namespace {

enum Stat { StatDevices, StatLatency, StatLatencyP95, StatPending, StatConflicts, StatCount };

QTableView* makeTable(QWidget* parent, const QString& objectName)
{
    auto* view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(false);
    view->setWordWrap(false);
    view->setShowGrid(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return view;
}

double toMinutes(qint64 ms)
{
    return double(ms) / 60'000.0;
}

} // namespace

FleetPanel::FleetPanel(FleetClient* client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("fleetPanel"));
    m_deviceModel = new FleetDeviceModel(nullptr, this);
    m_conflictModel = new FleetConflictModel(this);
    m_eventModel = new FleetEventModel(this);
    buildUi();
    retranslateUi();

    m_clockTimer.setInterval(30'000);
    connect(&m_clockTimer, &QTimer::timeout, this, [this] {
        m_deviceModel->refreshTimes();
        updateSummary();
    });
    m_clockTimer.start();

    if (m_client) {
        connect(m_client, &FleetClient::fleetReceived, this, &FleetPanel::showReport);
        connect(m_client, &FleetClient::conflictsReceived, this, &FleetPanel::showConflicts);
        connect(m_client, &FleetClient::deviceEventsReceived, this, &FleetPanel::showEvents);
        connect(m_client, &FleetClient::requestFailed, this, &FleetPanel::showFailure);
        connect(m_client, &FleetClient::roleChanged, this, &FleetPanel::updateRole);
        connect(m_client, &FleetClient::busyChanged, this, [this](bool busy) { m_refreshButton->setEnabled(!busy); });
        connect(m_client, &FleetClient::conflictResolved, this, [this](const ConflictRecord& c) {
            if (c.id == m_resolvingId)
                m_resolvingId.clear();
            m_lastResolvedText
                = tr("Settled: %1 · %2 is now “%3”.")
                      .arg(m_conflictModel->workOrderLabel(c), fieldLabel(c.field),
                          FleetConflictModel::displayValue(
                              c.field, c.resolution == QLatin1String("kept_winner") ? c.winnerValue : c.loserValue)
                              .simplified());
            const int row = m_conflictModel->rowOf(c.id);
            if (row >= 0) {
                QList<ConflictRecord> rest = m_client->openConflicts();
                m_conflictModel->setConflicts(rest);
            }
            updateConflictDetails();
        });
        if (m_client->lastReport())
            showReport(*m_client->lastReport());
        showConflicts(m_client->openConflicts());
        updateRole();
    }
}

FleetPanel::~FleetPanel() = default;

void FleetPanel::setTitleLookup(std::function<QString(const QString&, const QString&)> lookup)
{
    m_conflictModel->setTitleLookup(std::move(lookup));
}

void FleetPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("fleetAlarmBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setStyleSheet(QStringLiteral("#fleetAlarmBanner { background: #b3261e; border-radius: 4px; }"
                                           "#fleetAlarmBanner QLabel { color: white; font-weight: 600; }"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setObjectName(QStringLiteral("fleetAlarmText"));
    m_bannerLabel->setWordWrap(true);
    m_bannerLabel->setTextFormat(Qt::PlainText);
    bannerLayout->addWidget(m_bannerLabel, 1);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_roleLabel = new QLabel(this);
    m_roleLabel->setObjectName(QStringLiteral("fleetRoleLabel"));
    m_roleLabel->setWordWrap(true);
    m_roleLabel->hide();
    layout->addWidget(m_roleLabel);

    auto* summary = new QHBoxLayout;
    summary->setSpacing(18);
    for (int i = 0; i < StatCount; ++i) {
        auto* box = new QVBoxLayout;
        box->setSpacing(0);
        auto* value = new QLabel(QStringLiteral("—"), this);
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.45);
        big.setBold(true);
        value->setFont(big);
        auto* caption = new QLabel(this);
        caption->setForegroundRole(QPalette::PlaceholderText);
        box->addWidget(value);
        box->addWidget(caption);
        summary->addLayout(box);
        m_statValues.append(value);
        m_statCaptions.append(caption);
    }
    m_statValues.at(StatDevices)->setObjectName(QStringLiteral("fleetDeviceCount"));
    m_statValues.at(StatLatency)->setObjectName(QStringLiteral("fleetAverageLatency"));
    summary->addStretch(1);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("fleetStatusLabel"));
    m_statusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_statusLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    summary->addWidget(m_statusLabel);
    m_refreshButton = new QToolButton(this);
    m_refreshButton->setObjectName(QStringLiteral("fleetRefreshButton"));
    m_refreshButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_refreshButton, &QToolButton::clicked, this, [this] {
        if (m_client)
            m_client->refresh();
    });
    summary->addWidget(m_refreshButton);
    layout->addLayout(summary);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("fleetTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildDevicesTab(), QString());
    m_tabs->addTab(buildConflictsTab(), QString());
    layout->addWidget(m_tabs, 1);
}

QWidget* FleetPanel::buildDevicesTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 6, 0, 0);

    auto* splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(QStringLiteral("fleetSplitter"));
    splitter->setChildrenCollapsible(false);

    m_deviceProxy = new QSortFilterProxyModel(this);
    m_deviceProxy->setSourceModel(m_deviceModel);
    m_deviceProxy->setSortRole(FleetDeviceModel::SortRole);
    m_deviceView = makeTable(splitter, QStringLiteral("fleetDeviceView"));
    m_deviceView->setModel(m_deviceProxy);
    m_deviceView->setSortingEnabled(true);
    m_deviceView->sortByColumn(FleetDeviceModel::DeviceColumn, Qt::AscendingOrder);
    QHeaderView* header = m_deviceView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setStretchLastSection(true);
    connect(m_deviceView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &FleetPanel::selectedDeviceChanged);
    splitter->addWidget(m_deviceView);

    auto* lower = new QSplitter(Qt::Horizontal, splitter);
    lower->setChildrenCollapsible(false);

    m_chart = new QChart;
    m_chart->setObjectName(QStringLiteral("fleetLatencyChartModel"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_latencySeries = new QLineSeries(m_chart);
    m_latencySeries->setObjectName(QStringLiteral("fleetLatencySeries"));
    m_latencySeries->setPointsVisible(true);
    QPen linePen(QColor(0x1f, 0x6f, 0xb5));
    linePen.setWidthF(2.0);
    m_latencySeries->setPen(linePen);
    m_thresholdSeries = new QLineSeries(m_chart);
    m_thresholdSeries->setObjectName(QStringLiteral("fleetThresholdSeries"));
    QPen thresholdPen(QColor(0xb3, 0x26, 0x1e));
    thresholdPen.setStyle(Qt::DashLine);
    thresholdPen.setWidthF(1.5);
    m_thresholdSeries->setPen(thresholdPen);
    m_chart->addSeries(m_latencySeries);
    m_chart->addSeries(m_thresholdSeries);
    m_axisX = new QDateTimeAxis(m_chart);
    m_axisX->setFormat(QStringLiteral("HH:mm"));
    m_axisX->setTickCount(6);
    m_axisY = new QValueAxis(m_chart);
    m_axisY->setLabelFormat(QStringLiteral("%.0f"));
    m_axisY->setMin(0);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QLineSeries* s : { m_latencySeries, m_thresholdSeries }) {
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }
    const QDateTime now = QDateTime::currentDateTime();
    m_axisX->setRange(now.addSecs(-3600), now);
    m_axisY->setRange(0, 35);
    m_chartView = new QChartView(m_chart, lower);
    m_chartView->setObjectName(QStringLiteral("fleetLatencyChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(320, 220);
    lower->addWidget(m_chartView);

    m_eventsBox = new QGroupBox(lower);
    m_eventsBox->setObjectName(QStringLiteral("fleetEventsBox"));
    auto* eventsLayout = new QVBoxLayout(m_eventsBox);
    eventsLayout->setContentsMargins(6, 6, 6, 6);
    m_eventsHint = new QLabel(m_eventsBox);
    m_eventsHint->setWordWrap(true);
    m_eventsHint->setForegroundRole(QPalette::PlaceholderText);
    eventsLayout->addWidget(m_eventsHint);
    m_eventView = makeTable(m_eventsBox, QStringLiteral("fleetEventView"));
    m_eventView->setModel(m_eventModel);
    m_eventView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_eventView->horizontalHeader()->setStretchLastSection(true);
    eventsLayout->addWidget(m_eventView, 1);
    lower->addWidget(m_eventsBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    lower->setSizes({ 600, 400 });

    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 500, 340 });
    layout->addWidget(splitter);
    return page;
}

QWidget* FleetPanel::buildConflictsTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 6, 0, 0);

    m_conflictsEmpty = new QLabel(page);
    m_conflictsEmpty->setObjectName(QStringLiteral("fleetConflictsEmpty"));
    m_conflictsEmpty->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_conflictsEmpty);

    m_conflictProxy = new QSortFilterProxyModel(this);
    m_conflictProxy->setSourceModel(m_conflictModel);
    m_conflictProxy->setSortRole(FleetConflictModel::SortRole);
    m_conflictView = makeTable(page, QStringLiteral("fleetConflictView"));
    m_conflictView->setModel(m_conflictProxy);
    m_conflictView->setSortingEnabled(true);
    m_conflictView->sortByColumn(FleetConflictModel::RecordedColumn, Qt::DescendingOrder);
    QHeaderView* header = m_conflictView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->resizeSection(FleetConflictModel::WorkOrderColumn, 220);
    header->resizeSection(FleetConflictModel::FieldColumn, 110);
    header->resizeSection(FleetConflictModel::KeptValueColumn, 180);
    header->resizeSection(FleetConflictModel::KeptByColumn, 170);
    header->resizeSection(FleetConflictModel::OtherValueColumn, 180);
    header->resizeSection(FleetConflictModel::OtherByColumn, 170);
    connect(m_conflictView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &FleetPanel::updateConflictDetails);
    layout->addWidget(m_conflictView, 3);

    auto* details = new QHBoxLayout;
    m_keptBox = new QGroupBox(page);
    auto* keptLayout = new QVBoxLayout(m_keptBox);
    m_keptText = new QPlainTextEdit(m_keptBox);
    m_keptText->setObjectName(QStringLiteral("fleetKeptValueText"));
    m_keptText->setReadOnly(true);
    keptLayout->addWidget(m_keptText);
    m_keepCurrentButton = new QPushButton(m_keptBox);
    m_keepCurrentButton->setObjectName(QStringLiteral("fleetKeepCurrentButton"));
    keptLayout->addWidget(m_keepCurrentButton, 0, Qt::AlignRight);
    details->addWidget(m_keptBox);

    m_otherBox = new QGroupBox(page);
    auto* otherLayout = new QVBoxLayout(m_otherBox);
    m_otherText = new QPlainTextEdit(m_otherBox);
    m_otherText->setObjectName(QStringLiteral("fleetOtherValueText"));
    m_otherText->setReadOnly(true);
    otherLayout->addWidget(m_otherText);
    m_keepOtherButton = new QPushButton(m_otherBox);
    m_keepOtherButton->setObjectName(QStringLiteral("fleetKeepOtherButton"));
    otherLayout->addWidget(m_keepOtherButton, 0, Qt::AlignRight);
    details->addWidget(m_otherBox);
    layout->addLayout(details, 2);

    m_conflictHint = new QLabel(page);
    m_conflictHint->setObjectName(QStringLiteral("fleetConflictHint"));
    m_conflictHint->setWordWrap(true);
    m_conflictHint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_conflictHint);

    connect(m_keepCurrentButton, &QPushButton::clicked, this, [this] { resolveSelected(FleetClient::Keep::Winner); });
    connect(m_keepOtherButton, &QPushButton::clicked, this, [this] { resolveSelected(FleetClient::Keep::Loser); });
    return page;
}

void FleetPanel::retranslateUi()
{
    m_statCaptions.at(StatDevices)->setText(tr("devices"));
    m_statCaptions.at(StatLatency)->setText(tr("average latency, last hour"));
    m_statCaptions.at(StatLatencyP95)->setText(tr("p95 latency, last hour"));
    m_statCaptions.at(StatPending)->setText(tr("unsynced changes"));
    m_statCaptions.at(StatConflicts)->setText(tr("open conflicts"));
    m_refreshButton->setText(tr("Refresh"));
    m_refreshButton->setToolTip(tr("Fetch the fleet's state now"));
    m_tabs->setTabText(0, tr("Devices"));
    m_chart->setTitle(tr("Fleet sync latency"));
    m_latencySeries->setName(tr("Average latency (min)"));
    m_axisY->setTitleText(tr("minutes"));
    m_keptBox->setTitle(tr("Current value"));
    m_otherBox->setTitle(tr("Other value"));
    m_keepCurrentButton->setText(tr("Keep current value"));
    m_keepOtherButton->setText(tr("Keep other value"));
    m_conflictsEmpty->setText(tr("No open conflicts in the fleet."));
    Q_EMIT m_deviceModel->headerDataChanged(Qt::Horizontal, 0, FleetDeviceModel::ColumnCount - 1);
    Q_EMIT m_conflictModel->headerDataChanged(Qt::Horizontal, 0, FleetConflictModel::ColumnCount - 1);
    Q_EMIT m_eventModel->headerDataChanged(Qt::Horizontal, 0, FleetEventModel::ColumnCount - 1);
    m_deviceModel->refreshTimes();
    if (m_report)
        updateChart(*m_report);
    else
        m_thresholdSeries->setName(tr("Threshold"));
    updateSummary();
    updateBanner();
    updateRole();
    updateConflictDetails();
    selectedDeviceChanged();
}

void FleetPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void FleetPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_client && !m_client->isStarted())
        m_client->start();
}

bool FleetPanel::alarmVisible() const
{
    return !m_banner->isHidden();
}

QString FleetPanel::alarmText() const
{
    return m_banner->isHidden() ? QString() : m_bannerLabel->text();
}

void FleetPanel::showReport(const FleetReport& report)
{
    m_report = report;
    m_lastError.clear();
    const QString selected = selectedDeviceId();
    m_deviceModel->setReport(report);
    updateChart(report);
    updateSummary();
    updateBanner();
    if (!selected.isEmpty() && m_client)
        m_client->fetchDeviceEvents(selected, 50);
}

void FleetPanel::updateChart(const FleetReport& report)
{
    QList<QPointF> points;
    qint64 first = 0;
    qint64 last = 0;
    double maxY = toMinutes(report.thresholdMs);
    for (const LatencyPoint& p : report.latencySeries) {
        const QDateTime at = QDateTime::fromString(p.at, Qt::ISODateWithMs);
        if (!at.isValid() || p.samples <= 0)
            continue;
        const qint64 ms = at.toMSecsSinceEpoch();
        points.append(QPointF(double(ms), toMinutes(p.avgMs)));
        first = first == 0 ? ms : qMin(first, ms);
        last = qMax(last, ms);
        maxY = qMax(maxY, toMinutes(p.avgMs));
    }
    const QDateTime generated = QDateTime::fromString(report.generatedAt, Qt::ISODateWithMs);
    const qint64 end
        = qMax(last, generated.isValid() ? generated.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch());
    const qint64 start = first == 0 ? end - 3'600'000 : qMin(first, end - 10 * 60'000);
    m_latencySeries->replace(points);
    m_thresholdSeries->replace(
        { QPointF(double(start), toMinutes(report.thresholdMs)), QPointF(double(end), toMinutes(report.thresholdMs)) });
    m_thresholdSeries->setName(tr("Alarm threshold (%1)").arg(FleetDeviceModel::formatDuration(report.thresholdMs)));
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(end));
    m_axisX->setFormat(end - start > 36LL * 3'600'000 ? QStringLiteral("dd.MM HH:mm") : QStringLiteral("HH:mm"));
    const double top = maxY <= 0 ? 1.0 : maxY * 1.15;
    m_axisY->setRange(0, top);
    m_axisY->applyNiceNumbers();
    m_axisY->setLabelFormat(m_axisY->max() < 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
}

void FleetPanel::updateSummary()
{
    const QLocale locale;
    if (!m_report) {
        for (QLabel* value : std::as_const(m_statValues))
            value->setText(QStringLiteral("—"));
    } else {
        m_statValues.at(StatDevices)->setText(locale.toString(m_report->devices.size()));
        m_statValues.at(StatLatency)->setText(FleetDeviceModel::formatDuration(m_report->avgLatencyLastHourMs));
        m_statValues.at(StatLatencyP95)->setText(FleetDeviceModel::formatDuration(m_report->p95LatencyLastHourMs));
        m_statValues.at(StatPending)->setText(locale.toString(m_report->pendingChanges));
        m_statValues.at(StatConflicts)->setText(locale.toString(m_report->conflictsOpen));
        const QColor alarm(0xb3, 0x26, 0x1e);
        m_statValues.at(StatLatency)
            ->setStyleSheet(m_report->alarm ? QStringLiteral("color: %1;").arg(alarm.name()) : QString());
    }
    if (!m_lastError.isEmpty()) {
        m_statusLabel->setText(m_lastError);
    } else if (m_report) {
        const QDateTime generated = QDateTime::fromString(m_report->generatedAt, Qt::ISODateWithMs);
        m_statusLabel->setText(
            tr("Updated %1")
                .arg(locale.toString(
                    (generated.isValid() ? generated : QDateTime::currentDateTimeUtc()).toLocalTime().time(),
                    QLocale::ShortFormat)));
    } else {
        m_statusLabel->setText(tr("Waiting for the hub…"));
    }
}

void FleetPanel::updateBanner()
{
    QStringList lines;
    if (m_report && m_report->alarm) {
        lines.append(tr("Sync latency alarm: the fleet's average over the last hour is %1, above the %2 threshold.")
                         .arg(FleetDeviceModel::formatDuration(m_report->avgLatencyLastHourMs),
                             FleetDeviceModel::formatDuration(m_report->thresholdMs)));
    }
    if (m_report) {
        QStringList failed;
        for (const FleetDevice& d : m_report->devices) {
            if (d.lastAuditResult == QLatin1String("mismatch") || d.lastAuditResult == QLatin1String("failed"))
                failed.append(d.name.isEmpty() ? d.deviceId : d.name);
        }
        if (m_report->auditAlarm || !failed.isEmpty()) {
            if (failed.isEmpty())
                lines.append(tr("Integrity audit failed on a device."));
            else
                lines.append(tr("Integrity audit failed on %n device(s): %1.", nullptr, int(failed.size()))
                                 .arg(failed.join(QStringLiteral(", "))));
        }
    }
    m_bannerLabel->setText(lines.join(QLatin1Char('\n')));
    m_banner->setVisible(!lines.isEmpty());
}

void FleetPanel::updateRole()
{
    if (!m_client) {
        m_roleLabel->setText(tr("No hub connection."));
        m_roleLabel->show();
        return;
    }
    switch (m_client->role()) {
    case FleetClient::Role::Supervisor:
    case FleetClient::Role::Admin:
        m_roleLabel->hide();
        break;
    case FleetClient::Role::Technician:
        m_roleLabel->setText(tr("This device's token does not have the supervisor role, so the fleet is not shown."));
        m_roleLabel->show();
        break;
    case FleetClient::Role::Unknown:
        m_roleLabel->setText(tr("Checking this device's role with the hub…"));
        m_roleLabel->setVisible(!m_report);
        break;
    }
}

void FleetPanel::showConflicts(const QList<ConflictRecord>& conflicts)
{
    m_conflictModel->setConflicts(conflicts);
    m_tabs->setTabText(1, conflicts.isEmpty() ? tr("Conflicts") : tr("Conflicts (%1)").arg(conflicts.size()));
    m_conflictsEmpty->setVisible(conflicts.isEmpty());
    updateConflictDetails();
}

QString FleetPanel::selectedDeviceId() const
{
    const QModelIndexList rows = m_deviceView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(FleetDeviceModel::DeviceIdRole).toString();
}

QString FleetPanel::selectedConflictId() const
{
    const QModelIndexList rows = m_conflictView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(FleetConflictModel::ConflictIdRole).toString();
}

void FleetPanel::selectedDeviceChanged()
{
    const QString id = selectedDeviceId();
    if (id.isEmpty()) {
        m_eventModel->clear();
        m_eventsBox->setTitle(tr("Recent events"));
        m_eventsHint->setText(tr("Select a device to see its recent sync runs, errors and audits."));
        m_eventsHint->show();
        return;
    }
    const int row = m_deviceModel->rowOf(id);
    const FleetDevice* d = m_deviceModel->device(row);
    m_eventsBox->setTitle(tr("Recent events — %1").arg(d ? (d->name.isEmpty() ? d->deviceId : d->name) : id));
    if (m_eventModel->deviceId() != id) {
        m_eventModel->clear();
        m_eventsHint->setText(tr("Loading…"));
        m_eventsHint->show();
        if (m_client)
            m_client->fetchDeviceEvents(id, 50);
    }
}

void FleetPanel::showEvents(const DeviceEvents& events)
{
    if (events.deviceId != selectedDeviceId())
        return;
    m_eventModel->setEvents(events);
    m_eventsHint->setText(tr("No events reported yet."));
    m_eventsHint->setVisible(events.events.isEmpty());
}

void FleetPanel::showFailure(const QString& endpoint, const Error& error)
{
    const QString reason = error.message.isEmpty() ? error.code : error.message;
    if (endpoint.startsWith(QLatin1String("/v1/conflicts/"))) {
        m_resolvingId.clear();
        m_conflictHint->setText(tr("Could not settle the conflict: %1").arg(reason));
        updateConflictDetails();
        return;
    }
    if (endpoint.startsWith(QLatin1String("/v1/devices/"))) {
        m_eventsHint->setText(tr("Could not load the events: %1").arg(reason));
        m_eventsHint->show();
        return;
    }
    m_lastError = error.httpStatus == 0 ? tr("Hub unreachable: %1").arg(reason)
                                        : tr("Hub error %1: %2").arg(error.httpStatus).arg(reason);
    updateSummary();
    updateRole();
}

void FleetPanel::updateConflictDetails()
{
    const QString id = selectedConflictId();
    const ConflictRecord* c = m_conflictModel->conflict(m_conflictModel->rowOf(id));
    const bool busy = !m_resolvingId.isEmpty();
    m_keepCurrentButton->setEnabled(c && !busy);
    m_keepOtherButton->setEnabled(c && !busy);
    if (!c) {
        m_keptText->clear();
        m_otherText->clear();
        m_keptBox->setTitle(tr("Current value"));
        m_otherBox->setTitle(tr("Other value"));
        if (!busy)
            m_conflictHint->setText(m_lastResolvedText.isEmpty()
                    ? tr("Pick a conflict, then the value to keep. The choice reaches every device with its next sync.")
                    : m_lastResolvedText);
        return;
    }
    m_keptText->setPlainText(FleetConflictModel::displayValue(c->field, c->winnerValue));
    m_otherText->setPlainText(FleetConflictModel::displayValue(c->field, c->loserValue));
    const auto by = [](const QString& technician, const QString& hlc) {
        const QString at = FleetConflictModel::hlcTime(hlc);
        const QString name = technician.isEmpty() ? tr("unknown") : technician;
        return at.isEmpty() ? name : tr("%1, edited %2").arg(name, at);
    };
    m_keptBox->setTitle(tr("Current value — %1").arg(by(c->winnerTechnician, c->winnerHlc)));
    m_otherBox->setTitle(tr("Other value — %1").arg(by(c->loserTechnician, c->loserHlc)));
    QString why;
    if (c->rule == QLatin1String("lww"))
        why = tr("both edited the field at the same time; the later edit won");
    else if (c->rule == QLatin1String("lww_text_overlap"))
        why = tr("the text edits overlapped; the later edit won");
    else if (c->rule == QLatin1String("delete_wins"))
        why = tr("the work order was deleted while it was being edited");
    else
        why = c->rule;
    m_conflictHint->setText(busy ? tr("Settling…")
                                 : tr("%1 · %2: %3. Keep either value; the choice reaches every device.")
                                       .arg(m_conflictModel->workOrderLabel(*c), fieldLabel(c->field), why));
}

void FleetPanel::resolveSelected(FleetClient::Keep keep)
{
    const QString id = selectedConflictId();
    if (id.isEmpty() || !m_client || !m_resolvingId.isEmpty())
        return;
    m_resolvingId = id;
    updateConflictDetails();
    m_client->resolveConflict(id, keep);
}

} // namespace fieldsync
