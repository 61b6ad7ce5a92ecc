#pragma once

#include "sync/Protocol.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include <functional>

namespace fieldsync {

// The fleet's open conflicts (GET /v1/conflicts?status=open) as a table: the work order, the field, the
// value the merge kept and the other value, each with its technician and time. setConflicts() updates rows
// in place by conflict id so the selection survives refreshes. GUI thread only.
class FleetConflictModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        WorkOrderColumn,
        FieldColumn,
        KeptValueColumn,
        KeptByColumn,
        OtherValueColumn,
        OtherByColumn,
        RecordedColumn,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int ConflictIdRole = Qt::UserRole + 1;

    // Gives a work order's title for its id ("" when unknown); the panel shows the id otherwise.
    using TitleLookup = std::function<QString(const QString& table, const QString& id)>;

    explicit FleetConflictModel(QObject* parent = nullptr);

    void setConflicts(const QList<protocol::ConflictRecord>& conflicts);
    void setTitleLookup(TitleLookup lookup);
    const protocol::ConflictRecord* conflict(int row) const;
    int rowOf(const QString& conflictId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A field value as shown to people: strings verbatim, null as "(empty)", booleans for the tombstone.
    static QString displayValue(const QString& field, const QJsonValue& value);
    // Local time of an HLC string's physical part, "" when it does not parse.
    static QString hlcTime(const QString& hlc);
    // "08:57:17" today, the locale's short date and time otherwise.
    static QString compactTime(const QDateTime& at);
    QString workOrderLabel(const protocol::ConflictRecord& c) const;

private:
    QList<protocol::ConflictRecord> m_conflicts;
    TitleLookup m_titleLookup;
};

} // namespace fieldsync
