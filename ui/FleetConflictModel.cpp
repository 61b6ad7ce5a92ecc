#include "FleetConflictModel.h"

#include "FieldLabels.h"
#include "models/Hlc.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QSet>

namespace fieldsync {

using protocol::ConflictRecord;

FleetConflictModel::FleetConflictModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void FleetConflictModel::setConflicts(const QList<ConflictRecord>& conflicts)
{
    QSet<QString> incoming;
    for (const ConflictRecord& c : conflicts)
        incoming.insert(c.id);
    for (int row = int(m_conflicts.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_conflicts.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_conflicts.removeAt(row);
            endRemoveRows();
        }
    }
    QHash<QString, int> rows;
    for (int row = 0; row < m_conflicts.size(); ++row)
        rows.insert(m_conflicts.at(row).id, row);
    QList<ConflictRecord> added;
    for (const ConflictRecord& c : conflicts) {
        const auto it = rows.constFind(c.id);
        if (it == rows.constEnd()) {
            added.append(c);
        } else if (!(m_conflicts.at(*it) == c)) {
            m_conflicts[*it] = c;
            Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_conflicts.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_conflicts.append(added);
        endInsertRows();
    }
}

void FleetConflictModel::setTitleLookup(TitleLookup lookup)
{
    m_titleLookup = std::move(lookup);
    if (!m_conflicts.isEmpty())
        Q_EMIT dataChanged(index(0, WorkOrderColumn), index(int(m_conflicts.size()) - 1, WorkOrderColumn));
}

const ConflictRecord* FleetConflictModel::conflict(int row) const
{
    return row >= 0 && row < m_conflicts.size() ? &m_conflicts.at(row) : nullptr;
}

int FleetConflictModel::rowOf(const QString& conflictId) const
{
    for (int row = 0; row < m_conflicts.size(); ++row) {
        if (m_conflicts.at(row).id == conflictId)
            return row;
    }
    return -1;
}

int FleetConflictModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_conflicts.size());
}

int FleetConflictModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FleetConflictModel::displayValue(const QString& field, const QJsonValue& value)
{
    if (field == QLatin1String("deleted"))
        return value.toBool() ? tr("deleted") : tr("not deleted");
    if (value.isNull() || value.isUndefined() || (value.isString() && value.toString().isEmpty()))
        return tr("(empty)");
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? tr("yes") : tr("no");
    return QString::fromUtf8(protocol::serialize(QJsonObject { { QStringLiteral("v"), value } })).mid(5).chopped(1);
}

QString FleetConflictModel::compactTime(const QDateTime& at)
{
    if (!at.isValid())
        return {};
    const QDateTime local = at.toLocalTime();
    if (local.date() == QDate::currentDate())
        return local.time().toString(QStringLiteral("HH:mm:ss"));
    return QLocale().toString(local, QLocale::ShortFormat);
}

QString FleetConflictModel::hlcTime(const QString& hlc)
{
    const std::optional<HlcTimestamp> ts = HlcTimestamp::parse(hlc);
    if (!ts)
        return {};
    return compactTime(QDateTime::fromMSecsSinceEpoch(ts->physicalMs));
}

QString FleetConflictModel::workOrderLabel(const ConflictRecord& c) const
{
    const QString title = m_titleLookup ? m_titleLookup(c.table, c.rowId) : QString();
    if (!title.isEmpty())
        return title;
    return tr("Work order …%1").arg(c.rowId.right(6));
}

QVariant FleetConflictModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConflictRecord& c = m_conflicts.at(index.row());
    const auto who = [](const QString& technician, const QString& hlc) {
        const QString at = hlcTime(hlc);
        const QString name = technician.isEmpty() ? tr("unknown") : technician;
        return at.isEmpty() ? name : tr("%1, %2").arg(name, at);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WorkOrderColumn:
            return workOrderLabel(c);
        case FieldColumn:
            return fieldLabel(c.field);
        case KeptValueColumn:
            return displayValue(c.field, c.winnerValue).simplified();
        case KeptByColumn:
            return who(c.winnerTechnician, c.winnerHlc);
        case OtherValueColumn:
            return displayValue(c.field, c.loserValue).simplified();
        case OtherByColumn:
            return who(c.loserTechnician, c.loserHlc);
        case RecordedColumn: {
            const QDateTime at = QDateTime::fromString(c.createdAt, Qt::ISODateWithMs);
            return at.isValid() ? compactTime(at) : c.createdAt;
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case WorkOrderColumn:
            return c.rowId;
        case KeptValueColumn:
            return displayValue(c.field, c.winnerValue);
        case OtherValueColumn:
            return displayValue(c.field, c.loserValue);
        default:
            return {};
        }
    case SortRole:
        switch (index.column()) {
        case WorkOrderColumn:
            return workOrderLabel(c).toLower();
        case FieldColumn:
            return c.field;
        case KeptValueColumn:
            return displayValue(c.field, c.winnerValue).toLower();
        case KeptByColumn:
            return c.winnerTechnician.toLower();
        case OtherValueColumn:
            return displayValue(c.field, c.loserValue).toLower();
        case OtherByColumn:
            return c.loserTechnician.toLower();
        case RecordedColumn:
            return c.createdAt;
        default:
            return {};
        }
    case ConflictIdRole:
        return c.id;
    default:
        return {};
    }
}

QVariant FleetConflictModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WorkOrderColumn:
        return tr("Work order");
    case FieldColumn:
        return tr("Field");
    case KeptValueColumn:
        return tr("Current value");
    case KeptByColumn:
        return tr("Written by");
    case OtherValueColumn:
        return tr("Other value");
    case OtherByColumn:
        return tr("Written by");
    case RecordedColumn:
        return tr("Recorded");
    default:
        return {};
    }
}

} // namespace fieldsync
