#pragma once

#include "FleetClient.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
class QToolButton;
class QValueAxis;
class QGroupBox;
class QFrame;

namespace fieldsync {

class FleetConflictModel;
class FleetDeviceModel;
class FleetEventModel;

// The supervisor's Fleet view: alarm banner, fleet summary, the device table (sortable, coloured by
// health), the fleet-wide latency chart with its threshold, the selected device's recent health-log events
// and the fleet's conflict inbox. Everything comes from the FleetClient's signals; the panel never waits
// for the network. Object names (fleetDeviceView, fleetAlarmBanner, fleetLatencyChart, fleetConflictView,
// fleetEventView, fleetKeepCurrentButton, fleetKeepOtherButton, fleetRefreshButton, fleetStatusLabel) are
// stable for tests. GUI thread only; the client must outlive the panel or be owned by it.
class FleetPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FleetPanel(FleetClient* client, QWidget* parent = nullptr);
    ~FleetPanel() override;

    FleetClient* client() const { return m_client; }
    // Shows work-order titles in the conflict inbox instead of ids (e.g. from the device's local store).
    void setTitleLookup(std::function<QString(const QString& table, const QString& id)> lookup);

    FleetDeviceModel* deviceModel() const { return m_deviceModel; }
    FleetConflictModel* conflictModel() const { return m_conflictModel; }
    FleetEventModel* eventModel() const { return m_eventModel; }
    QLineSeries* latencySeries() const { return m_latencySeries; }
    QLineSeries* thresholdSeries() const { return m_thresholdSeries; }
    bool alarmVisible() const;
    QString alarmText() const;

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override; // starts the client when it is not running yet

private:
    void buildUi();
    QWidget* buildDevicesTab();
    QWidget* buildConflictsTab();
    void retranslateUi();
    void showReport(const protocol::FleetReport& report);
    void showConflicts(const QList<protocol::ConflictRecord>& conflicts);
    void showEvents(const protocol::DeviceEvents& events);
    void showFailure(const QString& endpoint, const protocol::Error& error);
    void updateChart(const protocol::FleetReport& report);
    void updateBanner();
    void updateSummary();
    void updateConflictDetails();
    void updateRole();
    void selectedDeviceChanged();
    void resolveSelected(FleetClient::Keep keep);
    QString selectedDeviceId() const;
    QString selectedConflictId() const;

    QPointer<FleetClient> m_client;
    FleetDeviceModel* m_deviceModel = nullptr;
    FleetConflictModel* m_conflictModel = nullptr;
    FleetEventModel* m_eventModel = nullptr;
    QSortFilterProxyModel* m_deviceProxy = nullptr;
    QSortFilterProxyModel* m_conflictProxy = nullptr;

    QFrame* m_banner = nullptr;
    QLabel* m_bannerLabel = nullptr;
    QLabel* m_roleLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QToolButton* m_refreshButton = nullptr;
    QList<QLabel*> m_statValues;
    QList<QLabel*> m_statCaptions;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_deviceView = nullptr;
    QChartView* m_chartView = nullptr;
    QChart* m_chart = nullptr;
    QLineSeries* m_latencySeries = nullptr;
    QLineSeries* m_thresholdSeries = nullptr;
    QDateTimeAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    QGroupBox* m_eventsBox = nullptr;
    QTableView* m_eventView = nullptr;
    QLabel* m_eventsHint = nullptr;
    QTableView* m_conflictView = nullptr;
    QLabel* m_conflictsEmpty = nullptr;
    QGroupBox* m_keptBox = nullptr;
    QGroupBox* m_otherBox = nullptr;
    QPlainTextEdit* m_keptText = nullptr;
    QPlainTextEdit* m_otherText = nullptr;
    QPushButton* m_keepCurrentButton = nullptr;
    QPushButton* m_keepOtherButton = nullptr;
    QLabel* m_conflictHint = nullptr;
    QTimer m_clockTimer;

    std::optional<protocol::FleetReport> m_report;
    QString m_lastError;
    QString m_resolvingId;
    QString m_lastResolvedText;
};

} // namespace fieldsync
