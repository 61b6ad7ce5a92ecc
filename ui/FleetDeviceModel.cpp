#include "FleetDeviceModel.h"

#include "models/Clock.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QSet>

namespace fieldsync {

using protocol::FleetDevice;

namespace {

qint64 parseIsoMs(const QString& iso)
{
    if (iso.isEmpty())
        return 0;
    const QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

} // namespace

FleetDeviceModel::FleetDeviceModel(const Clock* clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock ? clock : SystemClock::instance())
{ }

qint64 FleetDeviceModel::nowMs() const
{
    return m_clock->nowMs();
}

void FleetDeviceModel::setReport(const protocol::FleetReport& report)
{
    const bool thresholdChanged = report.thresholdMs != m_thresholdMs;
    m_thresholdMs = report.thresholdMs;

    QSet<QString> incoming;
    for (const FleetDevice& d : report.devices)
        incoming.insert(d.deviceId);
    for (int row = int(m_devices.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_devices.at(row).deviceId)) {
            beginRemoveRows({}, row, row);
            m_devices.removeAt(row);
            endRemoveRows();
        }
    }
    QHash<QString, int> rows;
    for (int row = 0; row < m_devices.size(); ++row)
        rows.insert(m_devices.at(row).deviceId, row);
    QList<FleetDevice> added;
    for (const FleetDevice& d : report.devices) {
        const auto it = rows.constFind(d.deviceId);
        if (it == rows.constEnd()) {
            added.append(d);
            continue;
        }
        if (!(m_devices.at(*it) == d) || thresholdChanged) {
            m_devices[*it] = d;
            Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_devices.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_devices.append(added);
        endInsertRows();
    }
}

void FleetDeviceModel::refreshTimes()
{
    if (!m_devices.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_devices.size()) - 1, ColumnCount - 1));
}

const FleetDevice* FleetDeviceModel::device(int row) const
{
    return row >= 0 && row < m_devices.size() ? &m_devices.at(row) : nullptr;
}

int FleetDeviceModel::rowOf(const QString& deviceId) const
{
    for (int row = 0; row < m_devices.size(); ++row) {
        if (m_devices.at(row).deviceId == deviceId)
            return row;
    }
    return -1;
}

FleetDeviceModel::Health FleetDeviceModel::health(const FleetDevice& d) const
{
    if (d.revoked)
        return Revoked;
    if (d.lastAuditResult == QLatin1String("mismatch") || d.lastAuditResult == QLatin1String("failed"))
        return AuditMismatch;
    if (d.latencyP95Ms >= 0 && d.latencyP95Ms > m_thresholdMs)
        return HighLatency;
    const qint64 seen = parseIsoMs(d.lastSeen);
    if (seen == 0)
        return NeverSeen;
    if (nowMs() - seen > m_staleAfterMs)
        return Stale;
    return Healthy;
}

QString FleetDeviceModel::healthText(Health h) const
{
    switch (h) {
    case Healthy:
        return tr("Healthy");
    case NeverSeen:
        return tr("Never synced");
    case Stale:
        return tr("Stale: not seen for over %1").arg(formatDuration(m_staleAfterMs));
    case HighLatency:
        return tr("High sync latency: p95 above %1").arg(formatDuration(m_thresholdMs));
    case AuditMismatch:
        return tr("Integrity audit failed");
    case Revoked:
        return tr("Revoked");
    }
    return {};
}

int FleetDeviceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_devices.size());
}

int FleetDeviceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FleetDeviceModel::relativeTime(const QString& isoUtc, qint64 now)
{
    const qint64 at = parseIsoMs(isoUtc);
    if (at == 0)
        return tr("never");
    const qint64 minutes = qMax<qint64>(0, now - at) / 60'000;
    if (minutes < 1)
        return tr("just now");
    if (minutes < 60)
        return tr("%n min ago", nullptr, int(minutes));
    if (minutes < 48 * 60)
        return tr("%n h ago", nullptr, int(minutes / 60));
    return tr("%n days ago", nullptr, int(minutes / (24 * 60)));
}

QString FleetDeviceModel::formatDuration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("—");
    const QLocale locale;
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', ms < 10'000 ? 1 : 0));
    if (ms < 3'600'000)
        return tr("%1 min").arg(locale.toString(double(ms) / 60'000.0, 'f', ms < 600'000 ? 1 : 0));
    return tr("%1 h").arg(locale.toString(double(ms) / 3'600'000.0, 'f', 1));
}

QVariant FleetDeviceModel::display(const FleetDevice& d, int column) const
{
    const QLocale locale;
    switch (column) {
    case DeviceColumn:
        return d.name.isEmpty() ? d.deviceId : d.name;
    case TechnicianColumn:
        return d.technician;
    case LastSeenColumn:
        return relativeTime(d.lastSeen, nowMs());
    case PendingColumn:
        return locale.toString(d.pendingChanges);
    case LatencyP50Column:
        return formatDuration(d.latencyP50Ms);
    case LatencyP95Column:
        return formatDuration(d.latencyP95Ms);
    case ConflictsColumn:
        return locale.toString(d.conflictsOpen);
    case AuditColumn: {
        if (d.lastAuditAt.isEmpty())
            return tr("never");
        QString result;
        if (d.lastAuditResult == QLatin1String("match"))
            result = tr("match");
        else if (d.lastAuditResult == QLatin1String("repaired"))
            result = tr("repaired");
        else if (d.lastAuditResult == QLatin1String("mismatch"))
            result = tr("mismatch");
        else if (d.lastAuditResult == QLatin1String("failed"))
            result = tr("failed");
        else
            result = d.lastAuditResult;
        return tr("%1 · %2").arg(relativeTime(d.lastAuditAt, nowMs()), result);
    }
    case SkewColumn: {
        if (qAbs(d.clockSkewMs) < 1000)
            return tr("0 s");
        const QString amount = formatDuration(qAbs(d.clockSkewMs));
        return d.clockSkewMs > 0 ? tr("+%1").arg(amount) : tr("−%1").arg(amount);
    }
    case VersionColumn:
        return d.appVersion;
    default:
        return {};
    }
}

QVariant FleetDeviceModel::sortValue(const FleetDevice& d, int column) const
{
    switch (column) {
    case DeviceColumn:
        return (d.name.isEmpty() ? d.deviceId : d.name).toLower();
    case TechnicianColumn:
        return d.technician.toLower();
    case LastSeenColumn:
        return parseIsoMs(d.lastSeen);
    case PendingColumn:
        return d.pendingChanges;
    case LatencyP50Column:
        return d.latencyP50Ms;
    case LatencyP95Column:
        return d.latencyP95Ms;
    case ConflictsColumn:
        return d.conflictsOpen;
    case AuditColumn:
        return parseIsoMs(d.lastAuditAt);
    case SkewColumn:
        return qAbs(d.clockSkewMs);
    case VersionColumn:
        return d.appVersion;
    default:
        return {};
    }
}

QVariant FleetDeviceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FleetDevice& d = m_devices.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(d, index.column());
    case SortRole:
        return sortValue(d, index.column());
    case HealthRole:
        return int(health(d));
    case DeviceIdRole:
        return d.deviceId;
    case Qt::ToolTipRole: {
        const Health h = health(d);
        QString tip = healthText(h);
        if (index.column() == DeviceColumn)
            tip = d.deviceId + QLatin1Char('\n') + tip;
        if (index.column() == LastSeenColumn && !d.lastSeen.isEmpty())
            tip = QLocale().toString(
                      QDateTime::fromString(d.lastSeen, Qt::ISODateWithMs).toLocalTime(), QLocale::ShortFormat)
                + QLatin1Char('\n') + tip;
        return tip;
    }
    case Qt::BackgroundRole:
        switch (health(d)) {
        case AuditMismatch:
            return QBrush(QColor(0xf8, 0xd7, 0xda));
        case HighLatency:
            return QBrush(QColor(0xff, 0xec, 0xb3));
        case Stale:
        case NeverSeen:
        case Revoked:
            return QBrush(QColor(0xe4, 0xe6, 0xea));
        case Healthy:
            break;
        }
        return {};
    case Qt::ForegroundRole:
        switch (health(d)) {
        case AuditMismatch:
            return QBrush(QColor(0x72, 0x1c, 0x24));
        case HighLatency:
            return QBrush(QColor(0x66, 0x4d, 0x03));
        case Stale:
        case NeverSeen:
        case Revoked:
            return QBrush(QColor(0x49, 0x50, 0x57));
        case Healthy:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case PendingColumn:
        case LatencyP50Column:
        case LatencyP95Column:
        case ConflictsColumn:
        case SkewColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    default:
        return {};
    }
}

QVariant FleetDeviceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DeviceColumn:
        return tr("Device");
    case TechnicianColumn:
        return tr("Technician");
    case LastSeenColumn:
        return tr("Last seen");
    case PendingColumn:
        return tr("Unsynced");
    case LatencyP50Column:
        return tr("Latency p50");
    case LatencyP95Column:
        return tr("Latency p95");
    case ConflictsColumn:
        return tr("Conflicts");
    case AuditColumn:
        return tr("Last audit");
    case SkewColumn:
        return tr("Clock skew");
    case VersionColumn:
        return tr("App version");
    default:
        return {};
    }
}

} // namespace fieldsync
