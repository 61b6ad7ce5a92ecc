#include "FleetEventModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace fieldsync {

FleetEventModel::FleetEventModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void FleetEventModel::setEvents(const protocol::DeviceEvents& events)
{
    beginResetModel();
    m_deviceId = events.deviceId;
    m_events = events.events;
    endResetModel();
}

void FleetEventModel::clear()
{
    beginResetModel();
    m_deviceId.clear();
    m_events.clear();
    endResetModel();
}

const protocol::LogEvent* FleetEventModel::event(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events.at(row) : nullptr;
}

int FleetEventModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int FleetEventModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FleetEventModel::kindLabel(const QString& kind)
{
    if (kind == QLatin1String("sync_run"))
        return tr("Sync");
    if (kind == QLatin1String("error"))
        return tr("Error");
    if (kind == QLatin1String("audit"))
        return tr("Audit");
    if (kind == QLatin1String("reset"))
        return tr("Reset");
    if (kind == QLatin1String("quarantine"))
        return tr("Quarantine");
    return kind;
}

QString FleetEventModel::levelLabel(const QString& level)
{
    if (level == QLatin1String("info"))
        return tr("Info");
    if (level == QLatin1String("warning"))
        return tr("Warning");
    if (level == QLatin1String("error"))
        return tr("Error");
    return level;
}

QString FleetEventModel::describe(const protocol::LogEvent& e)
{
    QStringList parts;
    const auto count = [&e](const char* key) { return e.data.value(QLatin1String(key)).toInteger(-1); };
    if (const qint64 pushed = count("pushed"); pushed > 0)
        parts << tr("pushed %1").arg(pushed);
    if (const qint64 pulled = count("pulled"); pulled > 0)
        parts << tr("pulled %1").arg(pulled);
    if (const qint64 conflicts = count("conflicts"); conflicts > 0)
        parts << tr("%n conflict(s)", nullptr, int(conflicts));
    const QString result = e.data.value(QStringLiteral("result")).toString();
    if (!result.isEmpty())
        parts << tr("result: %1").arg(result);
    if (const qint64 ms = count("duration_ms"); ms >= 0 && !parts.isEmpty())
        parts << tr("%1 ms").arg(ms);
    QString text = e.message.simplified();
    if (text.isEmpty() && parts.isEmpty() && e.kind == QLatin1String("sync_run"))
        return tr("nothing to exchange");
    if (text.isEmpty() && parts.isEmpty() && e.kind == QLatin1String("audit"))
        return tr("integrity audit finished");
    if (!parts.isEmpty())
        text = text.isEmpty() ? parts.join(QStringLiteral(" · "))
                              : text + QStringLiteral(" (") + parts.join(QStringLiteral(" · ")) + QLatin1Char(')');
    return text;
}

QVariant FleetEventModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::LogEvent& e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.atMs).toLocalTime(), QStringLiteral("HH:mm:ss"));
        case LevelColumn:
            return levelLabel(e.level);
        case KindColumn:
            return kindLabel(e.kind);
        case MessageColumn:
            return describe(e);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.atMs).toLocalTime(), QLocale::LongFormat);
        if (index.column() == MessageColumn)
            return e.message;
        return {};
    case Qt::ForegroundRole:
        if (e.level == QLatin1String("error"))
            return QBrush(QColor(0xb0, 0x20, 0x30));
        if (e.level == QLatin1String("warning"))
            return QBrush(QColor(0x8a, 0x5a, 0x00));
        return {};
    case Qt::UserRole:
        return e.atMs;
    default:
        return {};
    }
}

QVariant FleetEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case KindColumn:
        return tr("Event");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace fieldsync
