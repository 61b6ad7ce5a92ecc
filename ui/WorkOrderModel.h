#pragma once

#include <QColor>
#include <QHash>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStringList>

namespace fieldsync {

class LocalStore;

// The work-order list: a QSqlTableModel over work_orders that fetches lazily and filters and sorts in SQL.
//
// Reads run on the model's own read-only connection to the store file; every edit goes through
// LocalStore (updateRowInTable/insertRowIntoTable/deleteRowFromTable → HLC stamps, outbox, dirty flag) on
// the store's "ui" connection. The split matters in WAL mode: a lazily fetched result keeps its read
// snapshot open, and a connection holding a stale snapshot can neither write nor see the sync worker's
// commits. Rows re-read after an edit or a sync (selectRow, refreshRows) therefore come from the store's
// connection and are kept in an overlay that takes precedence over the snapshot, keyed by row.
//
// The filter SQL is constant; its parameters live in temp.filter_params and are written with prepared
// statements. Tombstoned rows are excluded by select(); a row deleted after it was loaded stays in the
// model with isRowHidden() true until the next select(), so selection and scroll position survive.
// GUI thread only.
class WorkOrderModel : public QSqlTableModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the row's ULID
        ColorRole, // status or priority accent colour (QColor)
        HiddenRole, // bool: tombstoned since the last select()
        SecondaryTextRole, // shown dimmed after the display text (the site, beside the customer)
    };

    struct Filter
    {
        QString text; // full-text search over title, description, site, asset and customer
        QString status; // one of WorkOrder::statuses(), or empty for all
        QString assignee; // exact technician name (case-insensitive), or empty for everyone
        bool unsyncedOnly = false;
        friend bool operator==(const Filter&, const Filter&) = default;
    };

    explicit WorkOrderModel(LocalStore* store, QObject* parent = nullptr);
    ~WorkOrderModel() override;

    int fieldColumn(QStringView field) const { return fieldIndex(field.toString()); }

    void setFilterCriteria(const Filter& filter); // re-selects when the criteria change
    Filter filterCriteria() const { return m_filter; }

    QString idAt(int row) const;
    int rowOfId(const QString& id) const; // among fetched rows, -1 if not loaded
    int findRow(const QString& id, int maxRows = 20'000); // fetches more rows as needed, -1 if absent
    bool isRowHidden(int row) const;
    int visibleRowCount() const; // fetched rows that are not hidden
    bool isPendingInsert(int row) const; // a new row not yet written to the store

    // Re-reads just these rows in place (after a sync); keeps selection, scroll and open editors.
    void refreshRows(const QStringList& ids);
    // After a sync run: re-reads the loaded rows shown as unsynced that the hub has acknowledged since.
    void refreshSyncStates();
    bool undeleteRow(const QString& id);
    // Total matching rows (COUNT over the same filter), for the status line.
    int matchingRowCount() const;
    // Re-emit header and display data after a language change.
    void retranslate();

    static QString statusLabel(const QString& status);
    static QString priorityLabel(const QString& priority);
    static QString syncStateLabel(const QString& syncStatus);
    static QColor statusColor(const QString& status);
    static QColor priorityColor(const QString& priority);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool removeRows(int row, int count, const QModelIndex& parent = QModelIndex()) override;
    bool select() override;
    bool submit() override;
    bool selectRow(int row) override;
    void setSort(int column, Qt::SortOrder order) override;
    void fetchMore(const QModelIndex& parent = QModelIndex()) override;

Q_SIGNALS:
    void rowsRefreshed(const QStringList& ids);
    void editFailed(const QString& message);

protected:
    bool updateRowInTable(int row, const QSqlRecord& values) override;
    bool insertRowIntoTable(const QSqlRecord& values) override;
    bool deleteRowFromTable(int row) override;
    QString orderByClause() const override;

private:
    WorkOrderModel(LocalStore* store, const QString& connection, QObject* parent);
    QVariant valueAt(int row, int column) const;
    bool isEditableColumn(int column) const;
    bool writeParam(const QString& key, const QVariant& value);
    void shiftOverlay(int first, int last, bool inserted);
    QVariantMap editableValues(const QSqlRecord& values, bool generatedOnly) const;
    bool reportStoreError();

    LocalStore* m_store;
    QString m_readConnection;
    QHash<int, QSqlRecord> m_overlay; // fresh values for rows re-read since the last select()
    QSet<QString> m_staleIds; // changed rows not fetched yet: re-read when they arrive
    QString m_lastInsertedId;
    Filter m_filter;
    bool m_selecting = false;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_idColumn = -1;
    int m_deletedColumn = -1;
    int m_statusColumn = -1;
    int m_priorityColumn = -1;
    int m_dueColumn = -1;
    int m_syncColumn = -1;
    mutable QSqlQuery m_rowQuery; // on the store's connection
    QSqlQuery m_setParam; // on the read connection
    QSqlQuery m_clearParam;
};

} // namespace fieldsync
