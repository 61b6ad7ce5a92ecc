#pragma once

#include "sync/Protocol.h"

#include <QAbstractTableModel>
#include <QList>

namespace fieldsync {

class Clock;

// The fleet's devices as a table, one row per device of the latest GET /v1/fleet report.
// setReport() updates rows in place by device id (inserts, removes, dataChanged), so the view keeps its
// selection and scroll position across refreshes. Qt::UserRole gives raw sortable values, HealthRole the
// device's Health. "Last seen" is relative to the injected clock. GUI thread only.
class FleetDeviceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        DeviceColumn,
        TechnicianColumn,
        LastSeenColumn,
        PendingColumn,
        LatencyP50Column,
        LatencyP95Column,
        ConflictsColumn,
        AuditColumn,
        SkewColumn,
        VersionColumn,
        ColumnCount
    };
    enum Health { Healthy, NeverSeen, Stale, HighLatency, AuditMismatch, Revoked };
    Q_ENUM(Health)
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int HealthRole = Qt::UserRole + 1;
    static constexpr int DeviceIdRole = Qt::UserRole + 2;

    explicit FleetDeviceModel(const Clock* clock = nullptr, QObject* parent = nullptr);

    void setReport(const protocol::FleetReport& report);
    void setStaleAfterMs(qint64 ms) { m_staleAfterMs = ms; }
    // Re-evaluates the relative times (the view calls this once a minute).
    void refreshTimes();

    const protocol::FleetDevice* device(int row) const;
    int rowOf(const QString& deviceId) const;
    Health health(const protocol::FleetDevice& device) const;
    QString healthText(Health health) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "just now", "12 min ago", "3 h ago", "2 days ago"; "never" for an empty timestamp.
    static QString relativeTime(const QString& isoUtc, qint64 nowMs);
    // "850 ms", "42 s", "12 min", "2.5 h"; "—" for -1.
    static QString formatDuration(qint64 ms);

private:
    QVariant display(const protocol::FleetDevice& d, int column) const;
    QVariant sortValue(const protocol::FleetDevice& d, int column) const;
    qint64 nowMs() const;

    const Clock* m_clock;
    QList<protocol::FleetDevice> m_devices;
    qint64 m_thresholdMs = 30 * 60 * 1000;
    qint64 m_staleAfterMs = 60 * 60 * 1000;
};

} // namespace fieldsync
