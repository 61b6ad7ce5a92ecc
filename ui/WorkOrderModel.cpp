#include "WorkOrderModel.h"

#include "Icons.h"
#include "LocalStore.h"
#include "Schema.h"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlField>
#include <QTimer>

#include <utility>

Q_LOGGING_CATEGORY(lcModel, "fieldsync.ui")

namespace fieldsync {

namespace {

// The list's WHERE clause holds only the criteria in use, so SQLite can plan each combination well (one
// "(? IS NULL OR …)" for all of them hides the indexes from the planner). Values are never part of the SQL:
// they are bound into temp.filter_params and read back by sub-selects.
QString filterSql(bool status, bool assignee, bool unsynced, bool text)
{
    QString sql = QStringLiteral("deleted = 0");
    if (status)
        sql += QStringLiteral(" AND status = (SELECT v FROM temp.filter_params WHERE k = 'status')");
    if (assignee)
        sql += QStringLiteral(
            " AND assigned_to = (SELECT v FROM temp.filter_params WHERE k = 'assignee') COLLATE NOCASE");
    if (unsynced)
        sql += QStringLiteral(" AND sync_status IN ('dirty', 'conflict')");
    // "+rowid": the matches are a set to test rows against while the list index is read in order. Driving the
    // query from the matches instead would sort all of them, up to the whole table for a one-letter prefix.
    if (text)
        sql += QStringLiteral(" AND +rowid IN (SELECT rowid FROM work_orders_fts WHERE work_orders_fts MATCH"
                              " (SELECT v FROM temp.filter_params WHERE k = 'q'))");
    return sql;
}

const QStringList ReadOnlyFields = { QStringLiteral("id"), QStringLiteral("created_at"), QStringLiteral("last_updated"),
    QStringLiteral("deleted"), QStringLiteral("sync_status"), QStringLiteral("field_clocks") };

QString nextConnectionName()
{
    static int counter = 0;
    return QStringLiteral("ui-view-%1").arg(++counter);
}

QSqlDatabase openReadConnection(const LocalStore* store, const QString& name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(store->path());
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        qCWarning(lcModel) << "Cannot open the read connection:" << db.lastError().text();
    return db;
}

// Each word becomes a quoted prefix term, so user text can never be FTS5 syntax.
QString ftsQuery(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s\"]+"));
    QStringList terms;
    const QStringList words = text.split(separators, Qt::SkipEmptyParts);
    for (const QString& word : words)
        terms << QLatin1Char('"') + word + QStringLiteral("\"*");
    return terms.join(QLatin1Char(' '));
}

} // namespace

WorkOrderModel::WorkOrderModel(LocalStore* store, QObject* parent)
    : WorkOrderModel(store, nextConnectionName(), parent)
{ }

WorkOrderModel::WorkOrderModel(LocalStore* store, const QString& connection, QObject* parent)
    : QSqlTableModel(parent, openReadConnection(store, connection))
    , m_store(store)
    , m_readConnection(connection)
{
    QSqlDatabase db = database();
    QSqlQuery create(db);
    if (!create.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS filter_params (k TEXT PRIMARY KEY, v)")))
        qCWarning(lcModel) << "Cannot create the filter table:" << create.lastError().text();
    m_setParam = QSqlQuery(db);
    m_setParam.prepare(QStringLiteral("INSERT OR REPLACE INTO temp.filter_params (k, v) VALUES (?, ?)"));
    m_clearParam = QSqlQuery(db);
    m_clearParam.prepare(QStringLiteral("DELETE FROM temp.filter_params WHERE k = ?"));

    setEditStrategy(QSqlTableModel::OnFieldChange);
    setTable(Schema::WorkOrders);
    setFilter(filterSql(false, false, false, false));
    m_idColumn = fieldIndex(QStringLiteral("id"));
    m_deletedColumn = fieldIndex(QStringLiteral("deleted"));
    m_statusColumn = fieldIndex(QStringLiteral("status"));
    m_priorityColumn = fieldIndex(QStringLiteral("priority"));
    m_dueColumn = fieldIndex(QStringLiteral("due_at"));
    m_syncColumn = fieldIndex(QStringLiteral("sync_status"));
    m_sortColumn = m_statusColumn;
    QSqlTableModel::setSort(m_statusColumn, Qt::AscendingOrder);

    m_rowQuery = QSqlQuery(m_store->database());
    m_rowQuery.setForwardOnly(true);
    m_rowQuery.prepare(QStringLiteral("SELECT * FROM work_orders WHERE id = ?"));

    connect(this, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex&, int first, int last) { shiftOverlay(first, last, true); });
    connect(this, &QAbstractItemModel::rowsRemoved, this,
        [this](const QModelIndex&, int first, int last) { shiftOverlay(first, last, false); });
}

WorkOrderModel::~WorkOrderModel()
{
    m_setParam = QSqlQuery();
    m_clearParam = QSqlQuery();
    m_rowQuery = QSqlQuery();
    {
        // Views are told by destroyed(); a reset announced from a half-destroyed model would reach them first.
        const QSignalBlocker blocker(this);
        clear();
    }
    // The base class still holds the connection handle until it is destroyed.
    if (QCoreApplication* app = QCoreApplication::instance()) {
        QTimer::singleShot(0, app, [name = m_readConnection] { QSqlDatabase::removeDatabase(name); });
    }
}

void WorkOrderModel::setFilterCriteria(const Filter& filter)
{
    const bool changed = !(filter == m_filter);
    m_filter = filter;
    const QString fts = ftsQuery(filter.text);
    bool ok = writeParam(QStringLiteral("q"), fts.isEmpty() ? QVariant() : QVariant(fts));
    ok = writeParam(QStringLiteral("status"), filter.status.isEmpty() ? QVariant() : QVariant(filter.status)) && ok;
    ok = writeParam(QStringLiteral("assignee"),
             filter.assignee.trimmed().isEmpty() ? QVariant() : QVariant(filter.assignee.trimmed()))
        && ok;
    ok = writeParam(QStringLiteral("unsynced"), filter.unsyncedOnly ? QVariant(1) : QVariant()) && ok;
    if (!ok)
        qCWarning(lcModel) << "Cannot store the filter parameters";
    const QString where = filterSql(
        !filter.status.isEmpty(), !filter.assignee.trimmed().isEmpty(), filter.unsyncedOnly, !fts.isEmpty());
    const bool whereChanged = where != QSqlTableModel::filter();
    if (whereChanged)
        QSqlTableModel::setFilter(where); // re-selects when the model is populated
    if (!query().isActive() || (changed && !whereChanged))
        select();
}

bool WorkOrderModel::writeParam(const QString& key, const QVariant& value)
{
    QSqlQuery& q = value.isNull() ? m_clearParam : m_setParam;
    q.addBindValue(key);
    if (!value.isNull())
        q.addBindValue(value);
    const bool ok = q.exec();
    if (!ok)
        qCWarning(lcModel) << "Filter parameter" << key << q.lastError().text();
    q.finish();
    return ok;
}

int WorkOrderModel::matchingRowCount() const
{
    QSqlQuery count(database());
    count.setForwardOnly(true);
    if (!count.exec(QStringLiteral("SELECT COUNT(*) FROM work_orders WHERE ") + filter()) || !count.next())
        return 0;
    return count.value(0).toInt();
}

bool WorkOrderModel::submit()
{
    // A new row is written once it has a title (the form calls submitAll() then); views and the mapper call
    // submit() on every focus change, which must not try to store an empty draft.
    const int titleColumn = fieldIndex(QStringLiteral("title"));
    for (int row = 0; row < rowCount(); ++row) {
        if (isPendingInsert(row) && QSqlTableModel::data(index(row, titleColumn)).toString().trimmed().isEmpty())
            return true;
    }
    return QSqlTableModel::submit();
}

bool WorkOrderModel::select()
{
    m_overlay.clear();
    m_staleIds.clear();
    m_lastInsertedId.clear();
    m_selecting = true;
    const bool ok = QSqlTableModel::select();
    m_selecting = false;
    if (!ok)
        qCWarning(lcModel) << "select failed:" << lastError().text();
    return ok;
}

void WorkOrderModel::setSort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    QSqlTableModel::setSort(column, order);
}

QString WorkOrderModel::orderByClause() const
{
    // Each order matches one of the work_orders_list_* indexes (schema v4, v5) term by term, so the first screen
    // comes straight from the index; test_workordermodel checks every column and direction with EXPLAIN.
    if (m_sortColumn < 0 || m_sortColumn >= columnCount())
        return QStringLiteral("ORDER BY id");
    const bool ascending = m_sortOrder == Qt::AscendingOrder;
    const QString dir = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    const QString field = record().fieldName(m_sortColumn);
    if (m_sortColumn == m_dueColumn) // no due date sorts last either way
        return QStringLiteral("ORDER BY due_at = '' ASC, due_at") + dir + QStringLiteral(", id") + dir;
    if (m_sortColumn == m_idColumn)
        return QStringLiteral("ORDER BY id") + dir;
    if (m_sortColumn == m_syncColumn) // work_orders_list_sync (schema v5): ties by id
        return QStringLiteral("ORDER BY sync_status") + dir + QStringLiteral(", id") + dir;
    auto caseOf = [](const QString& name, const QStringList& values) -> QString {
        QString sql = QStringLiteral("CASE ") + name;
        for (int i = 0; i < values.size(); ++i)
            sql += QStringLiteral(" WHEN '%1' THEN %2").arg(values.at(i)).arg(i);
        return sql + QStringLiteral(" ELSE 99 END");
    };
    QString key;
    if (m_sortColumn == m_statusColumn && !m_filter.status.isEmpty()) // one status: work_orders_list_by_status
        return QStringLiteral("ORDER BY due_at = ''") + dir + QStringLiteral(", due_at") + dir + QStringLiteral(", id")
            + dir;
    if (m_sortColumn == m_statusColumn) // active work first, closed work last
        key = caseOf(field,
            { QStringLiteral("in_progress"), QStringLiteral("scheduled"), QStringLiteral("pending"),
                QStringLiteral("on_hold"), QStringLiteral("completed"), QStringLiteral("cancelled") });
    else if (m_sortColumn == m_priorityColumn)
        key = caseOf(field, WorkOrder::priorities());
    else
        key = field + QStringLiteral(" COLLATE NOCASE");
    // Ties by due date, then id, in the same direction: the index is then read backwards for descending order.
    return QStringLiteral("ORDER BY ") + key + dir + QStringLiteral(", due_at = ''") + dir + QStringLiteral(", due_at")
        + dir + QStringLiteral(", id") + dir;
}

QString WorkOrderModel::idAt(int row) const
{
    return valueAt(row, m_idColumn).toString();
}

int WorkOrderModel::rowOfId(const QString& id) const
{
    if (id.isEmpty())
        return -1;
    const int rows = rowCount();
    for (int row = 0; row < rows; ++row) {
        if (idAt(row) == id)
            return row;
    }
    return -1;
}

int WorkOrderModel::findRow(const QString& id, int maxRows)
{
    int row = rowOfId(id);
    while (row < 0 && canFetchMore() && rowCount() < maxRows) {
        const int before = rowCount();
        fetchMore();
        for (int r = before; r < rowCount(); ++r) {
            if (idAt(r) == id)
                return r;
        }
    }
    return row;
}

bool WorkOrderModel::isRowHidden(int row) const
{
    return valueAt(row, m_deletedColumn).toInt() != 0;
}

int WorkOrderModel::visibleRowCount() const
{
    int hidden = 0;
    for (auto it = m_overlay.cbegin(); it != m_overlay.cend(); ++it) {
        if (it.value().value(m_deletedColumn).toInt() != 0)
            ++hidden;
    }
    return rowCount() - hidden;
}

bool WorkOrderModel::isPendingInsert(int row) const
{
    return QSqlTableModel::isDirty(index(row, 0));
}

QVariant WorkOrderModel::valueAt(int row, int column) const
{
    if (row < 0 || row >= rowCount() || column < 0)
        return {};
    auto it = m_overlay.constFind(row);
    if (it != m_overlay.cend() && !isPendingInsert(row))
        return it.value().value(column);
    return QSqlTableModel::data(index(row, column), Qt::EditRole);
}

void WorkOrderModel::shiftOverlay(int first, int last, bool inserted)
{
    if (m_overlay.isEmpty())
        return;
    const int count = last - first + 1;
    QHash<int, QSqlRecord> shifted;
    for (auto it = m_overlay.cbegin(); it != m_overlay.cend(); ++it) {
        const int row = it.key();
        if (row < first)
            shifted.insert(row, it.value());
        else if (inserted)
            shifted.insert(row + count, it.value());
        else if (row > last)
            shifted.insert(row - count, it.value());
    }
    m_overlay = shifted;
}

void WorkOrderModel::refreshRows(const QStringList& ids)
{
    QSet<QString> wanted(ids.cbegin(), ids.cend());
    QStringList refreshed;
    const int rows = rowCount();
    for (int row = 0; row < rows && !wanted.isEmpty(); ++row) {
        const QString id = idAt(row);
        if (wanted.remove(id) && selectRow(row))
            refreshed << id;
    }
    if (canFetchMore())
        m_staleIds.unite(wanted);
    if (!refreshed.isEmpty())
        Q_EMIT rowsRefreshed(refreshed);
}

void WorkOrderModel::refreshSyncStates()
{
    QStringList candidates;
    for (int row = 0; row < rowCount(); ++row) {
        if (!isPendingInsert(row) && valueAt(row, m_syncColumn).toString() != QLatin1String("synced"))
            candidates << idAt(row);
    }
    constexpr int Chunk = 200;
    QStringList acknowledged;
    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);
    for (int first = 0; first < candidates.size(); first += Chunk) {
        const int n = qMin(Chunk, int(candidates.size()) - first);
        QStringList marks(n, QStringLiteral("?"));
        q.prepare(QStringLiteral("SELECT id FROM work_orders WHERE sync_status = 'synced' AND id IN (")
            + marks.join(QLatin1Char(',')) + QLatin1Char(')'));
        for (int i = 0; i < n; ++i)
            q.addBindValue(candidates.at(first + i));
        if (!q.exec()) {
            qCWarning(lcModel) << "Cannot read sync states:" << q.lastError().text();
            return;
        }
        while (q.next())
            acknowledged << q.value(0).toString();
    }
    if (!acknowledged.isEmpty())
        refreshRows(acknowledged);
}

void WorkOrderModel::fetchMore(const QModelIndex& parent)
{
    if (m_selecting) {
        // QSqlQueryModel fetches the first rows inside its model reset; row insertions announced in the middle
        // of a reset would confuse views and proxies, and the reset covers them anyway.
        const QSignalBlocker blocker(this);
        QSqlTableModel::fetchMore(parent);
        return;
    }
    const int before = rowCount();
    QSqlTableModel::fetchMore(parent);
    if (m_staleIds.isEmpty())
        return;
    for (int row = before; row < rowCount(); ++row) {
        if (m_staleIds.remove(idAt(row)))
            selectRow(row);
    }
}

bool WorkOrderModel::selectRow(int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    QString id = idAt(row);
    if (id.isEmpty())
        id = std::exchange(m_lastInsertedId, QString()); // the row submitAll() just inserted
    if (id.isEmpty())
        return false;
    m_rowQuery.addBindValue(id);
    if (!m_rowQuery.exec()) {
        qCWarning(lcModel) << "Cannot re-read a row:" << m_rowQuery.lastError().text();
        return false;
    }
    QSqlRecord fresh = record();
    if (m_rowQuery.next()) {
        const QSqlRecord got = m_rowQuery.record();
        for (int i = 0; i < got.count(); ++i) {
            const int column = fresh.indexOf(got.fieldName(i));
            if (column >= 0)
                fresh.setValue(column, got.value(i));
        }
    } else { // gone entirely (purged): keep what we showed, hidden
        for (int column = 0; column < fresh.count(); ++column)
            fresh.setValue(column, valueAt(row, column));
        fresh.setValue(m_idColumn, id);
        fresh.setValue(m_deletedColumn, 1);
    }
    m_rowQuery.finish();
    m_overlay.insert(row, fresh);
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    return true;
}

bool WorkOrderModel::isEditableColumn(int column) const
{
    const QString name = record().fieldName(column);
    return !name.isEmpty() && !ReadOnlyFields.contains(name);
}

Qt::ItemFlags WorkOrderModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QSqlTableModel::flags(index);
    if (!index.isValid())
        return f;
    if (!isEditableColumn(index.column()))
        f &= ~Qt::ItemIsEditable;
    return f;
}

bool WorkOrderModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.row() >= rowCount())
        return false;
    if (!(flags(index) & Qt::ItemIsEditable))
        return false;
    QVariant v = value;
    if (value.typeId() == QMetaType::QDate)
        v = value.toDate().isValid() ? value.toDate().toString(Qt::ISODate) : QString();
    else
        v = value.toString();
    if (isPendingInsert(index.row()))
        return QSqlTableModel::setData(index, v, role);
    if (valueAt(index.row(), index.column()).toString() == v.toString())
        return true;
    QSqlRecord change = record();
    for (int i = 0; i < change.count(); ++i)
        change.setGenerated(i, false);
    change.setValue(index.column(), v);
    change.setGenerated(index.column(), true);
    if (!updateRowInTable(index.row(), change))
        return false;
    return selectRow(index.row());
}

QVariantMap WorkOrderModel::editableValues(const QSqlRecord& values, bool generatedOnly) const
{
    QVariantMap map;
    for (int i = 0; i < values.count(); ++i) {
        const QString name = values.fieldName(i);
        if (ReadOnlyFields.contains(name) || (generatedOnly && !values.isGenerated(i)))
            continue;
        if (values.isNull(i) && !values.isGenerated(i))
            continue;
        map.insert(name, values.value(i).toString());
    }
    return map;
}

bool WorkOrderModel::reportStoreError()
{
    const QString message = m_store->lastError().message;
    setLastError(QSqlError(message, QString(), QSqlError::StatementError));
    qCWarning(lcModel) << "Edit refused:" << message;
    Q_EMIT editFailed(message);
    return false;
}

bool WorkOrderModel::updateRowInTable(int row, const QSqlRecord& values)
{
    const QString id = idAt(row);
    const QVariantMap changes = editableValues(values, true);
    if (id.isEmpty())
        return false;
    if (changes.isEmpty())
        return true;
    if (!m_store->updateRow(Schema::WorkOrders, id, changes))
        return reportStoreError();
    return true;
}

bool WorkOrderModel::insertRowIntoTable(const QSqlRecord& values)
{
    QVariantMap fields = editableValues(values, false);
    for (auto it = fields.begin(); it != fields.end();) {
        if (it.value().toString().isEmpty())
            it = fields.erase(it);
        else
            ++it;
    }
    const QString id = m_store->insertRow(Schema::WorkOrders, fields);
    if (id.isEmpty())
        return reportStoreError();
    m_lastInsertedId = id;
    return true;
}

bool WorkOrderModel::deleteRowFromTable(int row)
{
    const QString id = idAt(row);
    if (id.isEmpty())
        return false;
    if (!m_store->deleteRow(Schema::WorkOrders, id))
        return reportStoreError();
    return true;
}

bool WorkOrderModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    for (int r = row + count - 1; r >= row; --r) {
        if (isPendingInsert(r)) {
            revertRow(r);
            continue;
        }
        if (isRowHidden(r))
            continue;
        if (!deleteRowFromTable(r))
            return false;
        selectRow(r);
    }
    return true;
}

bool WorkOrderModel::undeleteRow(const QString& id)
{
    if (!m_store->undeleteRow(Schema::WorkOrders, id))
        return reportStoreError();
    const int row = rowOfId(id);
    if (row >= 0)
        selectRow(row);
    return true;
}

QVariant WorkOrderModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int column = index.column();
    const int row = index.row();
    switch (role) {
    case Qt::EditRole:
        return valueAt(row, column);
    case IdRole:
        return idAt(row);
    case HiddenRole:
        return isRowHidden(row);
    case SecondaryTextRole:
        if (record().fieldName(column) == QLatin1String("customer"))
            return valueAt(row, fieldIndex(QStringLiteral("site")));
        return {};
    case Qt::DisplayRole: {
        const QVariant value = valueAt(row, column);
        if (column == m_statusColumn)
            return statusLabel(value.toString());
        if (column == m_priorityColumn)
            return priorityLabel(value.toString());
        if (column == m_syncColumn)
            return {};
        if (column == m_dueColumn) {
            const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
            return date.isValid() ? QLocale().toString(date, QStringLiteral("d MMM yyyy")) : QString();
        }
        return value;
    }
    case Qt::ToolTipRole: {
        const QVariant value = valueAt(row, column);
        if (column == m_syncColumn)
            return syncStateLabel(value.toString());
        if (column == m_dueColumn) {
            const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
            if (!date.isValid())
                return tr("No due date");
            return date < QDate::currentDate() ? tr("Overdue since %1").arg(QLocale().toString(date))
                                               : QLocale().toString(date);
        }
        if (column == m_statusColumn || column == m_priorityColumn)
            return data(index, Qt::DisplayRole);
        if (record().fieldName(column) == QLatin1String("customer"))
            return QStringList { value.toString(), valueAt(row, fieldIndex(QStringLiteral("site"))).toString() }.join(
                QLatin1Char('\n'));
        const QString text = value.toString();
        return text.size() > 40 ? QVariant(text) : QVariant();
    }
    case Qt::DecorationRole:
        if (column == m_syncColumn) {
            const QString state = valueAt(row, column).toString();
            if (state == QLatin1String("synced"))
                return Icons::icon(u"synced");
            if (state == QLatin1String("conflict"))
                return Icons::icon(u"conflict");
            return Icons::icon(u"dirty");
        }
        return {};
    case ColorRole:
        if (column == m_statusColumn)
            return statusColor(valueAt(row, column).toString());
        if (column == m_priorityColumn)
            return priorityColor(valueAt(row, column).toString());
        return {};
    case Qt::ForegroundRole:
        if (column == m_dueColumn) {
            const QDate date = QDate::fromString(valueAt(row, column).toString(), Qt::ISODate);
            const QString status = valueAt(row, m_statusColumn).toString();
            if (date.isValid() && date < QDate::currentDate() && status != QLatin1String("completed")
                && status != QLatin1String("cancelled"))
                return QColor(0xC6, 0x28, 0x28);
        }
        if (column == m_statusColumn)
            return statusColor(valueAt(row, column).toString());
        if (column == m_priorityColumn)
            return priorityColor(valueAt(row, column).toString());
        return {};
    case Qt::TextAlignmentRole:
        if (column == m_syncColumn)
            return int(Qt::AlignCenter);
        return {};
    default:
        return {};
    }
}

QVariant WorkOrderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    const QString field = record().fieldName(section);
    if (role == Qt::ToolTipRole && field == QLatin1String("sync_status"))
        return tr("Sync state");
    if (role == Qt::DecorationRole && field == QLatin1String("sync_status"))
        return Icons::icon(u"sync");
    if (role != Qt::DisplayRole)
        return QSqlTableModel::headerData(section, orientation, role);
    if (field == QLatin1String("title"))
        return tr("Title");
    if (field == QLatin1String("description"))
        return tr("Description");
    if (field == QLatin1String("status"))
        return tr("Status");
    if (field == QLatin1String("priority"))
        return tr("Priority");
    if (field == QLatin1String("customer"))
        return tr("Customer / site");
    if (field == QLatin1String("site"))
        return tr("Site");
    if (field == QLatin1String("asset"))
        return tr("Asset");
    if (field == QLatin1String("assigned_to"))
        return tr("Assigned to");
    if (field == QLatin1String("due_at"))
        return tr("Due");
    if (field == QLatin1String("notes"))
        return tr("Notes");
    if (field == QLatin1String("created_at"))
        return tr("Created");
    if (field == QLatin1String("last_updated"))
        return tr("Last updated");
    if (field == QLatin1String("sync_status"))
        return QString();
    return field;
}

void WorkOrderModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QString WorkOrderModel::statusLabel(const QString& status)
{
    if (status == QLatin1String("pending"))
        return tr("Pending");
    if (status == QLatin1String("scheduled"))
        return tr("Scheduled");
    if (status == QLatin1String("in_progress"))
        return tr("In progress");
    if (status == QLatin1String("on_hold"))
        return tr("On hold");
    if (status == QLatin1String("completed"))
        return tr("Completed");
    if (status == QLatin1String("cancelled"))
        return tr("Cancelled");
    return status;
}

QString WorkOrderModel::priorityLabel(const QString& priority)
{
    if (priority == QLatin1String("low"))
        return tr("Low");
    if (priority == QLatin1String("normal"))
        return tr("Normal");
    if (priority == QLatin1String("high"))
        return tr("High");
    if (priority == QLatin1String("urgent"))
        return tr("Urgent");
    return priority;
}

QString WorkOrderModel::syncStateLabel(const QString& syncStatus)
{
    if (syncStatus == QLatin1String("synced"))
        return tr("Synced");
    if (syncStatus == QLatin1String("conflict"))
        return tr("Synced with a conflict: see Conflicts");
    return tr("Changed on this device, not yet synced");
}

QColor WorkOrderModel::statusColor(const QString& status)
{
    if (status == QLatin1String("pending"))
        return QColor(0x54, 0x6E, 0x7A);
    if (status == QLatin1String("scheduled"))
        return QColor(0x15, 0x65, 0xC0);
    if (status == QLatin1String("in_progress"))
        return QColor(0xE6, 0x5C, 0x00);
    if (status == QLatin1String("on_hold"))
        return QColor(0x7B, 0x1F, 0xA2);
    if (status == QLatin1String("completed"))
        return QColor(0x2E, 0x7D, 0x32);
    if (status == QLatin1String("cancelled"))
        return QColor(0x75, 0x75, 0x75);
    return QColor(0x54, 0x6E, 0x7A);
}

QColor WorkOrderModel::priorityColor(const QString& priority)
{
    if (priority == QLatin1String("low"))
        return QColor(0x78, 0x90, 0x9C);
    if (priority == QLatin1String("high"))
        return QColor(0xE6, 0x5C, 0x00);
    if (priority == QLatin1String("urgent"))
        return QColor(0xC6, 0x28, 0x28);
    return QColor(0x45, 0x5A, 0x64);
}

} // namespace fieldsync
