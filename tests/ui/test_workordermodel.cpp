#include "LocalStore.h"
#include "Schema.h"
#include "WorkOrderModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fieldsync;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

// A second writer on the same file, as the sync worker's connection would be.
class OtherConnection
{
public:
    explicit OtherConnection(const QString& path)
    {
        m_db = QSqlDatabase::addDatabase(s("QSQLITE"), s("other-writer"));
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(s("QSQLITE_BUSY_TIMEOUT=5000"));
        m_db.open();
    }
    ~OtherConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(s("other-writer"));
    }
    bool exec(const QString& sql, const QVariantList& values)
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const QVariant& v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            qWarning() << q.lastError().text();
            return false;
        }
        return true;
    }

private:
    QSqlDatabase m_db;
};

// The statement the model runs, for EXPLAIN QUERY PLAN.
class PlanModel : public WorkOrderModel
{
public:
    using WorkOrderModel::WorkOrderModel;
    QString plan() const
    {
        QSqlQuery q(database());
        if (!q.exec(s("EXPLAIN QUERY PLAN ") + selectStatement())) {
            qWarning() << q.lastError().text() << selectStatement();
            return {};
        }
        QStringList steps;
        while (q.next())
            steps << q.value(3).toString();
        return steps.join(s(" | "));
    }
};

} // namespace

class TestWorkOrderModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void passesModelTester();
    void hidesTombstonesAndShowsLabels();
    void filtersByTextStatusAssigneeAndUnsynced();
    void searchTextIsNeverQuerySyntax();
    void sortsInSqlWithHumanOrder();
    void listOrdersComeFromIndexes_data();
    void listOrdersComeFromIndexes();
    void editsGoThroughTheStore();
    void insertsNewRowThroughTheStore();
    void deleteHidesRowAndUndeleteBringsItBack();
    void refreshRowsRereadsOnlyThoseRows();
    void refreshRowsReachesRowsFetchedLater();
    void refreshSyncStatesPicksUpAcknowledgedRows();
    void editsWhileAnotherConnectionWritesDuringLazyFetch();

private:
    QString addOrder(const QVariantMap& values);
    QStringList loadedTitles() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<WorkOrderModel> m_model;
    QString m_path;
};

void TestWorkOrderModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestWorkOrderModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(s("fieldsync.db"));
    m_store = std::make_unique<LocalStore>();
    QVERIFY2(m_store->open(m_path, s("ui")), qPrintable(m_store->lastError().message));
}

void TestWorkOrderModel::cleanup()
{
    m_model.reset();
    m_store.reset();
    QCoreApplication::processEvents(); // lets the model drop its read connection
    m_dir.reset();
}

QString TestWorkOrderModel::addOrder(const QVariantMap& values)
{
    const QString id = m_store->insertRow(Schema::WorkOrders, values);
    if (id.isEmpty())
        qWarning() << m_store->lastError().message;
    return id;
}

QStringList TestWorkOrderModel::loadedTitles() const
{
    QStringList titles;
    const int column = m_model->fieldColumn(u"title");
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (!m_model->isRowHidden(row))
            titles << m_model->index(row, column).data(Qt::EditRole).toString();
    }
    return titles;
}

void TestWorkOrderModel::passesModelTester()
{
    QCOMPARE(m_store->seedDemoData(600), 600);
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    QAbstractItemModelTester tester(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setFilterCriteria({});
    QVERIFY(m_model->rowCount() > 0);
    while (m_model->canFetchMore())
        m_model->fetchMore();
    QCOMPARE(m_model->rowCount(), 600);
    m_model->sort(m_model->fieldColumn(u"priority"), Qt::DescendingOrder);
    m_model->setFilterCriteria({ s("pump"), {}, {}, false });
    const QString id = m_model->idAt(0);
    QVERIFY(m_model->setData(m_model->index(0, m_model->fieldColumn(u"notes")), s("Checked the seals.")));
    m_model->refreshRows({ id });
    QVERIFY(m_model->insertRow(0));
    m_model->revertRow(0);
    QVERIFY(m_model->removeRow(1));
    m_model->setFilterCriteria({});
}

void TestWorkOrderModel::hidesTombstonesAndShowsLabels()
{
    const QString a = addOrder(
        { { s("title"), s("Leaking pipe") }, { s("status"), s("in_progress") }, { s("priority"), s("urgent") } });
    const QString b = addOrder({ { s("title"), s("Old job") } });
    QVERIFY(m_store->deleteRow(Schema::WorkOrders, b));
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->idAt(0), a);
    const QModelIndex status = m_model->index(0, m_model->fieldColumn(u"status"));
    QCOMPARE(status.data(Qt::EditRole).toString(), s("in_progress"));
    QCOMPARE(status.data(Qt::DisplayRole).toString(), s("In progress"));
    QVERIFY(status.data(WorkOrderModel::ColorRole).value<QColor>().isValid());
    const QModelIndex priority = m_model->index(0, m_model->fieldColumn(u"priority"));
    QCOMPARE(priority.data().toString(), s("Urgent"));
    const QModelIndex sync = m_model->index(0, m_model->fieldColumn(u"sync_status"));
    QVERIFY(sync.data(Qt::DisplayRole).toString().isEmpty());
    QVERIFY(!sync.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(sync.data(Qt::ToolTipRole).toString(), WorkOrderModel::syncStateLabel(s("dirty")));
    QVERIFY(!(m_model->flags(sync) & Qt::ItemIsEditable));
    QVERIFY(m_model->flags(m_model->index(0, m_model->fieldColumn(u"title"))) & Qt::ItemIsEditable);
    QCOMPARE(m_model->headerData(m_model->fieldColumn(u"assigned_to"), Qt::Horizontal).toString(), s("Assigned to"));
}

void TestWorkOrderModel::filtersByTextStatusAssigneeAndUnsynced()
{
    addOrder({ { s("title"), s("Boiler pressure low") }, { s("status"), s("pending") },
        { s("assigned_to"), s("Sam Okafor") }, { s("site"), s("12 Harbour Road") } });
    const QString elevator = addOrder({ { s("title"), s("Door not closing") }, { s("status"), s("in_progress") },
        { s("assigned_to"), s("Priya Shah") }, { s("asset"), s("Freight Elevator F2") } });
    addOrder({ { s("title"), s("Replace filter") }, { s("status"), s("in_progress") },
        { s("assigned_to"), s("sam okafor") }, { s("customer"), s("Harbour View Apartments") },
        { s("description"), s("Rooftop unit filter is clogged") } });
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QCOMPARE(m_model->rowCount(), 3);

    m_model->setFilterCriteria({ s("harbour"), {}, {}, false }); // site of one, customer of another
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->matchingRowCount(), 2);
    m_model->setFilterCriteria({ s("clog"), {}, {}, false }); // prefix match in the description
    QCOMPARE(loadedTitles(), QStringList { s("Replace filter") });
    m_model->setFilterCriteria({ s("elevator f2"), {}, {}, false });
    QCOMPARE(loadedTitles(), QStringList { s("Door not closing") });
    m_model->setFilterCriteria({ {}, s("in_progress"), {}, false });
    QCOMPARE(m_model->rowCount(), 2);
    m_model->setFilterCriteria({ {}, s("in_progress"), s("Sam Okafor"), false });
    QCOMPARE(loadedTitles(), QStringList { s("Replace filter") });
    m_model->setFilterCriteria({ {}, {}, s("SAM OKAFOR"), false });
    QCOMPARE(m_model->rowCount(), 2);

    // Everything is unsynced until the worker acknowledges it.
    m_model->setFilterCriteria({ {}, {}, {}, true });
    QCOMPARE(m_model->rowCount(), 3);
    {
        OtherConnection worker(m_path);
        QVERIFY(worker.exec(s("UPDATE work_orders SET sync_status = 'synced' WHERE id <> ?"), { elevator }));
    }
    m_model->select();
    QCOMPARE(loadedTitles(), QStringList { s("Door not closing") });
    m_model->setFilterCriteria({ s("nothing-matches-this"), {}, {}, false });
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->visibleRowCount(), 0);
}

void TestWorkOrderModel::searchTextIsNeverQuerySyntax()
{
    addOrder({ { s("title"), s("Breaker \"14\" trips (kitchen)") } });
    addOrder({ { s("title"), s("Other") } });
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    for (const QString& text : { s("\"14"), s("trips OR"), s("(kitchen"), s("NEAR(a b)"), s("*"), s("'; DROP TABLE x"),
             s("kitchen)\" OR \"other") }) {
        m_model->setFilterCriteria({ text, {}, {}, false });
        QVERIFY2(!m_model->lastError().isValid(), qPrintable(text + s(": ") + m_model->lastError().text()));
    }
    m_model->setFilterCriteria({ s("\"kitchen\""), {}, {}, false });
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 2);
}

void TestWorkOrderModel::sortsInSqlWithHumanOrder()
{
    addOrder({ { s("title"), s("banana") }, { s("priority"), s("urgent") }, { s("status"), s("completed") },
        { s("due_at"), s("2026-03-01") } });
    addOrder({ { s("title"), s("Apple") }, { s("priority"), s("low") }, { s("status"), s("pending") } });
    addOrder({ { s("title"), s("cherry") }, { s("priority"), s("high") }, { s("status"), s("in_progress") },
        { s("due_at"), s("2026-01-15") } });
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});

    m_model->sort(m_model->fieldColumn(u"title"), Qt::AscendingOrder);
    QCOMPARE(loadedTitles(), (QStringList { s("Apple"), s("banana"), s("cherry") }));
    m_model->sort(m_model->fieldColumn(u"priority"), Qt::DescendingOrder);
    QCOMPARE(loadedTitles(), (QStringList { s("banana"), s("cherry"), s("Apple") }));
    m_model->sort(m_model->fieldColumn(u"status"), Qt::AscendingOrder); // active work first
    QCOMPARE(loadedTitles(), (QStringList { s("cherry"), s("Apple"), s("banana") }));
    // No due date sorts last in both directions.
    m_model->sort(m_model->fieldColumn(u"due_at"), Qt::AscendingOrder);
    QCOMPARE(loadedTitles(), (QStringList { s("cherry"), s("banana"), s("Apple") }));
    m_model->sort(m_model->fieldColumn(u"due_at"), Qt::DescendingOrder);
    QCOMPARE(loadedTitles(), (QStringList { s("banana"), s("cherry"), s("Apple") }));
}

void TestWorkOrderModel::listOrdersComeFromIndexes_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("status");
    // Every column the list shows, both directions, with and without a search; the status filter in the
    // default (status) order.
    const char* const fields[]
        = { "title", "status", "priority", "customer", "asset", "assigned_to", "due_at", "sync_status" };
    for (const char* field : fields) {
        for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            const char* dir = order == Qt::AscendingOrder ? "asc" : "desc";
            QTest::addRow("%s %s", field, dir) << s(field) << int(order) << QString() << QString();
            QTest::addRow("%s %s, search", field, dir) << s(field) << int(order) << s("b") << QString();
        }
    }
    for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
        const char* dir = order == Qt::AscendingOrder ? "asc" : "desc";
        QTest::addRow("status %s, one status", dir) << s("status") << int(order) << QString() << s("completed");
        QTest::addRow("status %s, one status, search", dir)
            << s("status") << int(order) << s("boiler") << s("completed");
    }
}

void TestWorkOrderModel::listOrdersComeFromIndexes()
{
    // The first screen must come straight from an index (schema v4's work_orders_list_*): a sort step would
    // read and order every matching row on each keystroke, which is what made filtering 100,000 rows slow.
    QFETCH(QString, field);
    QFETCH(int, order);
    QFETCH(QString, text);
    QFETCH(QString, status);
    addOrder({ { s("title"), s("Boiler service") }, { s("status"), s("completed") } });
    auto model = std::make_unique<PlanModel>(m_store.get());
    WorkOrderModel::Filter filter;
    filter.text = text;
    filter.status = status;
    model->setFilterCriteria(filter);
    model->sort(model->fieldColumn(field), Qt::SortOrder(order));
    const QString plan = model->plan();
    QVERIFY2(!plan.isEmpty(), "no plan");
    QVERIFY2(!plan.contains(s("TEMP B-TREE")), qPrintable(plan));
    QVERIFY2(plan.contains(s("work_orders_list_")), qPrintable(plan));
    QCOMPARE(model->visibleRowCount(), 1);
}

void TestWorkOrderModel::editsGoThroughTheStore()
{
    const QString id = addOrder({ { s("title"), s("Blocked drain") } });
    {
        OtherConnection worker(m_path);
        QVERIFY(worker.exec(s("UPDATE work_orders SET sync_status = 'synced' WHERE id = ?"), { id }));
        QVERIFY(worker.exec(s("DELETE FROM outbox WHERE row_id = ?"), { id }));
    }
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const QModelIndex title = m_model->index(0, m_model->fieldColumn(u"title"));
    const QVariantMap clocksBefore = m_store->fieldClocks(Schema::WorkOrders, id);

    QVERIFY(m_model->setData(title, s("Blocked floor drain")));
    QCOMPARE(resets.count(), 0);
    QVERIFY(changed.count() >= 1);
    const auto row = m_store->row(Schema::WorkOrders, id);
    QVERIFY(row);
    QCOMPARE(row->value(s("title")).toString(), s("Blocked floor drain"));
    QCOMPARE(row->value(s("sync_status")).toString(), s("dirty"));
    QVERIFY(m_store->fieldClocks(Schema::WorkOrders, id).value(s("title")).toString()
        > clocksBefore.value(s("title")).toString());
    QCOMPARE(title.data(Qt::EditRole).toString(), s("Blocked floor drain"));
    QCOMPARE(m_model->index(0, m_model->fieldColumn(u"sync_status")).data(Qt::EditRole).toString(), s("dirty"));

    // An unchanged value writes nothing; an invalid one is refused with a reason and changes nothing.
    const QString stamp = m_store->fieldClocks(Schema::WorkOrders, id).value(s("title")).toString();
    QVERIFY(m_model->setData(title, s("Blocked floor drain")));
    QCOMPARE(m_store->fieldClocks(Schema::WorkOrders, id).value(s("title")).toString(), stamp);
    QSignalSpy failed(m_model.get(), &WorkOrderModel::editFailed);
    QVERIFY(!m_model->setData(m_model->index(0, m_model->fieldColumn(u"status")), s("exploded")));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(m_store->row(Schema::WorkOrders, id)->value(s("status")).toString(), s("pending"));
    QVERIFY(!m_model->setData(m_model->index(0, m_model->fieldColumn(u"sync_status")), s("synced")));
    QVERIFY(m_model->setData(m_model->index(0, m_model->fieldColumn(u"due_at")), QDate(2026, 5, 4)));
    QCOMPARE(m_store->row(Schema::WorkOrders, id)->value(s("due_at")).toString(), s("2026-05-04"));
}

void TestWorkOrderModel::insertsNewRowThroughTheStore()
{
    addOrder({ { s("title"), s("Existing") } });
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QVERIFY(m_model->insertRow(0));
    QVERIFY(m_model->isPendingInsert(0));
    QVERIFY(m_model->setData(m_model->index(0, m_model->fieldColumn(u"status")), s("scheduled")));
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 1); // nothing written before the title
    QVERIFY(m_model->setData(m_model->index(0, m_model->fieldColumn(u"title")), s("Install dedicated circuit")));
    QVERIFY2(m_model->submitAll(), qPrintable(m_model->lastError().text()));
    QVERIFY(!m_model->isPendingInsert(0));
    const QString id = m_model->idAt(0);
    QVERIFY(!id.isEmpty());
    const auto row = m_store->row(Schema::WorkOrders, id);
    QVERIFY(row);
    QCOMPARE(row->value(s("title")).toString(), s("Install dedicated circuit"));
    QCOMPARE(row->value(s("status")).toString(), s("scheduled"));
    QCOMPARE(row->value(s("sync_status")).toString(), s("dirty"));
    QCOMPARE(m_model->rowCount(), 2);
    // Later edits of the new row are ordinary updates.
    QVERIFY(m_model->setData(m_model->index(0, m_model->fieldColumn(u"notes")), s("Bring 20 A breaker")));
    QCOMPARE(m_store->row(Schema::WorkOrders, id)->value(s("notes")).toString(), s("Bring 20 A breaker"));
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 2);
}

void TestWorkOrderModel::deleteHidesRowAndUndeleteBringsItBack()
{
    const QString a = addOrder({ { s("title"), s("A") }, { s("status"), s("pending") } });
    addOrder({ { s("title"), s("B") }, { s("status"), s("scheduled") } });
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    const int row = m_model->rowOfId(a);
    QVERIFY(row >= 0);
    QVERIFY(m_model->removeRow(row));
    QCOMPARE(resets.count(), 0);
    QVERIFY(m_model->isRowHidden(row));
    QVERIFY(m_model->index(row, 0).data(WorkOrderModel::HiddenRole).toBool());
    QCOMPARE(m_model->visibleRowCount(), 1);
    QCOMPARE(m_store->row(Schema::WorkOrders, a)->value(s("deleted")).toBool(), true);
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 1);

    QVERIFY(m_model->undeleteRow(a));
    QVERIFY(!m_model->isRowHidden(row));
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 2);
    m_model->select();
    QCOMPARE(m_model->rowCount(), 2);
}

void TestWorkOrderModel::refreshRowsRereadsOnlyThoseRows()
{
    QCOMPARE(m_store->seedDemoData(50), 50);
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    const int titleColumn = m_model->fieldColumn(u"title");
    const QString id = m_model->idAt(7);
    const QString untouched = m_model->idAt(8);
    const QString untouchedTitle = m_model->index(8, titleColumn).data(Qt::EditRole).toString();
    {
        OtherConnection worker(m_path);
        QVERIFY(worker.exec(s("UPDATE work_orders SET title = 'Pulled from the hub', sync_status = 'synced' "
                              "WHERE id IN (?, ?)"),
            { id, untouched }));
    }
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(m_model.get(), &WorkOrderModel::rowsRefreshed);
    m_model->refreshRows({ id, s("01NOTLOADED0000000000000000") });
    QCOMPARE(resets.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 7);
    QCOMPARE(refreshed.count(), 1);
    QCOMPARE(refreshed.first().at(0).toStringList(), QStringList { id });
    QCOMPARE(m_model->index(7, titleColumn).data().toString(), s("Pulled from the hub"));
    QCOMPARE(m_model->index(7, m_model->fieldColumn(u"sync_status")).data(Qt::EditRole).toString(), s("synced"));
    QCOMPARE(m_model->index(8, titleColumn).data(Qt::EditRole).toString(), untouchedTitle); // not asked for

    // A remote tombstone hides the row in place.
    {
        OtherConnection worker(m_path);
        QVERIFY(worker.exec(s("UPDATE work_orders SET deleted = 1 WHERE id = ?"), { id }));
    }
    m_model->refreshRows({ id });
    QVERIFY(m_model->isRowHidden(7));
    QCOMPARE(resets.count(), 0);
}

void TestWorkOrderModel::refreshRowsReachesRowsFetchedLater()
{
    QCOMPARE(m_store->seedDemoData(700), 700);
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QVERIFY(m_model->canFetchMore());
    const int loaded = m_model->rowCount();
    QVERIFY(loaded < 700);
    // The id of a row that is not loaded yet, in the model's own order.
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(s("SELECT id FROM work_orders WHERE deleted = 0 ORDER BY CASE status WHEN 'in_progress' THEN 0 "
                     "WHEN 'scheduled' THEN 1 WHEN 'pending' THEN 2 WHEN 'on_hold' THEN 3 WHEN 'completed' "
                     "THEN 4 WHEN 'cancelled' THEN 5 ELSE 99 END, due_at = '' ASC, due_at ASC, id ASC")));
    QString later;
    for (int i = 0; q.next(); ++i) {
        if (i == 650)
            later = q.value(0).toString();
    }
    QVERIFY(!later.isEmpty());
    QCOMPARE(m_model->rowOfId(later), -1);
    {
        OtherConnection worker(m_path);
        QVERIFY(worker.exec(s("UPDATE work_orders SET title = 'Changed while not loaded' WHERE id = ?"), { later }));
    }
    m_model->refreshRows({ later });
    const int row = m_model->findRow(later);
    QCOMPARE(row, 650);
    QCOMPARE(m_model->index(row, m_model->fieldColumn(u"title")).data().toString(), s("Changed while not loaded"));
}

void TestWorkOrderModel::refreshSyncStatesPicksUpAcknowledgedRows()
{
    QCOMPARE(m_store->seedDemoData(450), 450);
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    const int syncColumn = m_model->fieldColumn(u"sync_status");
    const QString first = m_model->idAt(0);
    const QString other = m_model->idAt(m_model->rowCount() - 1);
    const QString stillDirty = m_model->idAt(1);
    {
        OtherConnection worker(m_path);
        QVERIFY(worker.exec(s("UPDATE work_orders SET sync_status = 'synced' WHERE id <> ?"), { stillDirty }));
    }
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy refreshed(m_model.get(), &WorkOrderModel::rowsRefreshed);
    m_model->refreshSyncStates();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(refreshed.count(), 1);
    QCOMPARE(refreshed.first().at(0).toStringList().size(), m_model->rowCount() - 1);
    QCOMPARE(m_model->index(0, syncColumn).data(Qt::EditRole).toString(), s("synced"));
    QCOMPARE(m_model->index(m_model->rowOfId(other), syncColumn).data(Qt::EditRole).toString(), s("synced"));
    QCOMPARE(m_model->index(1, syncColumn).data(Qt::EditRole).toString(), s("dirty"));
    QVERIFY(!first.isEmpty());
}

void TestWorkOrderModel::editsWhileAnotherConnectionWritesDuringLazyFetch()
{
    // The list keeps a half-read result open. Another connection commits after that; the UI's edit must
    // still commit and the refreshed row must show the other connection's change too.
    QCOMPARE(m_store->seedDemoData(600), 600);
    m_model = std::make_unique<WorkOrderModel>(m_store.get());
    m_model->setFilterCriteria({});
    QVERIFY(m_model->canFetchMore());
    const QString id = m_model->idAt(3);
    {
        OtherConnection worker(m_path);
        QVERIFY(
            worker.exec(s("UPDATE work_orders SET asset = 'Boiler B9', sync_status = 'synced' WHERE id = ?"), { id }));
    }
    QVERIFY2(m_model->setData(m_model->index(3, m_model->fieldColumn(u"notes")), s("Gauge replaced")),
        qPrintable(m_model->lastError().text()));
    const auto row = m_store->row(Schema::WorkOrders, id);
    QCOMPARE(row->value(s("notes")).toString(), s("Gauge replaced"));
    QCOMPARE(m_model->index(3, m_model->fieldColumn(u"asset")).data().toString(), s("Boiler B9"));
    QCOMPARE(m_model->index(3, m_model->fieldColumn(u"sync_status")).data(Qt::EditRole).toString(), s("dirty"));
    while (m_model->canFetchMore())
        m_model->fetchMore();
    QCOMPARE(m_model->rowCount(), 600);
}

QTEST_MAIN(TestWorkOrderModel)
#include "test_workordermodel.moc"
