#pragma once

#include "sync/Protocol.h"

#include <QAbstractTableModel>
#include <QList>

namespace fieldsync {

// One device's recent health-log events (GET /v1/devices/{id}/events), newest first: time, level, kind
// and message. Replaced as a whole when another device is chosen. GUI thread only.
class FleetEventModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, KindColumn, MessageColumn, ColumnCount };

    explicit FleetEventModel(QObject* parent = nullptr);

    void setEvents(const protocol::DeviceEvents& events);
    void clear();
    QString deviceId() const { return m_deviceId; }
    const protocol::LogEvent* event(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindLabel(const QString& kind);
    static QString levelLabel(const QString& level);
    // The event's message, followed by what it carries: rows pushed and pulled, conflicts, result, duration.
    static QString describe(const protocol::LogEvent& event);

private:
    QString m_deviceId;
    QList<protocol::LogEvent> m_events;
};

} // namespace fieldsync
