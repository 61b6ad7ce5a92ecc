#include "AppSettings.h"
#include "LocalStore.h"
#include "MainWindow.h"
#include "Schema.h"
#include "SettingsDialog.h"
#include "Translations.h"
#include "WorkOrderModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace fieldsync;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

constexpr int Timeout = 5000;

} // namespace

// Drives the real MainWindow the way a technician does: keyboard and mouse, no direct model calls for edits.
class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void emptyStoreAndRequiredTitle();
    void technicianWorkflowSurvivesRestart();
    void remoteChangeKeepsWhatIsBeingTyped();
    void rowsFromOtherDevicesAppearAndSelectionStays();
    void switchesToGermanAndBack();
    void settingsDialogValidatesTheHubUrl();

private:
    void openWindow(const QString& path);
    void closeWindow();
    template <typename T> T* child(const char* name) const
    {
        return m_window ? m_window->findChild<T*>(QString::fromLatin1(name)) : nullptr;
    }
    void trigger(const char* actionName);
    QVariantMap storedRow(const QString& id) const;
    int visibleRows() const;

    QTemporaryDir m_dir;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(s("FieldSync"));
    QCoreApplication::setApplicationName(s("FieldSyncTest"));
    QSettings().clear();
    AppSettings settings;
    settings.technicianName = s("Sam Okafor");
    settings.deviceName = s("Test laptop");
    settings.save();
    QCOMPARE(Translations::install(s("en")), s("en"));
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::cleanup()
{
    closeWindow();
}

void TestMainWindow::openWindow(const QString& path)
{
    m_store = std::make_unique<LocalStore>();
    QVERIFY2(m_store->open(path, s("ui")), qPrintable(m_store->lastError().message));
    m_window = std::make_unique<MainWindow>(m_store.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindow::closeWindow()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_store.reset();
    QCoreApplication::processEvents();
}

void TestMainWindow::trigger(const char* actionName)
{
    auto* action = child<QAction>(actionName);
    QVERIFY2(action, actionName);
    QVERIFY2(action->isEnabled(), actionName);
    action->trigger();
}

QVariantMap TestMainWindow::storedRow(const QString& id) const
{
    return m_store->row(Schema::WorkOrders, id).value_or(QVariantMap());
}

int TestMainWindow::visibleRows() const
{
    auto* view = child<QTableView>("workOrderView");
    int rows = 0;
    for (int row = 0; view && row < view->model()->rowCount(); ++row) {
        if (!view->isRowHidden(row))
            ++rows;
    }
    return rows;
}

void TestMainWindow::emptyStoreAndRequiredTitle()
{
    openWindow(m_dir.filePath(s("empty.db")));
    auto* empty = child<QLabel>("emptyStateLabel");
    QVERIFY(empty);
    QTRY_VERIFY_WITH_TIMEOUT(empty->isVisible(), Timeout);
    QVERIFY(empty->text().contains(s("No work orders yet")));
    QVERIFY(child<QLabel>("syncStateLabel")->text().contains(s("Offline")));

    trigger("actionNew");
    auto* title = child<QLineEdit>("titleLineEdit");
    QTRY_VERIFY_WITH_TIMEOUT(title->hasFocus(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!empty->isVisible(), Timeout);
    QTest::keyClick(title, Qt::Key_Return);
    auto* error = child<QLabel>("titleErrorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), Timeout);
    QCOMPARE(error->text(), s("A title is required."));
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 0);
    QTest::keyClicks(title, s("Check rooftop unit"));
    QVERIFY(!error->isVisible());
    QTest::keyClick(title, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_store->rowCount(Schema::WorkOrders), 1, Timeout);
}

void TestMainWindow::technicianWorkflowSurvivesRestart()
{
    const QString path = m_dir.filePath(s("work.db"));
    {
        LocalStore seed;
        QVERIFY(seed.open(path, s("ui")));
        for (const char* t : { "Quarterly filter replacement", "Leaking pipe", "Emergency lighting test" })
            QVERIFY(!seed.insertRow(Schema::WorkOrders, { { s("title"), s(t) } }).isEmpty());
    }
    openWindow(path);
    auto* view = child<QTableView>("workOrderView");
    auto* model = m_window->model();
    QVERIFY(view && model);
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 3, Timeout);

    // Create by typing into the form.
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    auto* title = child<QLineEdit>("titleLineEdit");
    QTRY_VERIFY_WITH_TIMEOUT(title->hasFocus(), Timeout);
    QTest::keyClicks(title, s("Replace boiler pump"));
    QTest::keyClick(title, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_store->rowCount(Schema::WorkOrders), 4, Timeout);
    const QString id = model->idAt(view->currentIndex().row());
    QVERIFY(!id.isEmpty());
    QCOMPARE(storedRow(id).value(s("title")).toString(), s("Replace boiler pump"));
    QCOMPARE(storedRow(id).value(s("assigned_to")).toString(), s("Sam Okafor"));
    QCOMPARE(storedRow(id).value(s("sync_status")).toString(), s("dirty"));

    // Edit: status by keyboard, notes by typing, then a new title; each saves without a dialog.
    auto* status = child<QComboBox>("statusCombo");
    status->setFocus();
    QTest::keyClick(status, Qt::Key_Down);
    QTest::keyClick(status, Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(storedRow(id).value(s("status")).toString(), s("in_progress"), Timeout);
    auto* notes = child<QPlainTextEdit>("notesEdit");
    notes->setFocus();
    QTest::keyClicks(notes, s("Impeller worn; replaced."));
    QTest::keyClick(notes, Qt::Key_Tab); // leaving the field saves it
    QTRY_COMPARE_WITH_TIMEOUT(storedRow(id).value(s("notes")).toString(), s("Impeller worn; replaced."), Timeout);
    title->setFocus();
    title->selectAll();
    QTest::keyClicks(title, s("Replace boiler circulation pump"));
    QTest::keyClick(title, Qt::Key_Tab);
    QTRY_COMPARE_WITH_TIMEOUT(
        storedRow(id).value(s("title")).toString(), s("Replace boiler circulation pump"), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("syncStateLabel")->text() == s("Offline · 4 unsynced changes"), Timeout);

    // Search for it.
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    auto* search = child<QLineEdit>("searchLineEdit");
    QTRY_VERIFY_WITH_TIMEOUT(search->hasFocus(), Timeout);
    QTest::keyClicks(search, s("circulation"));
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 1, Timeout);
    QCOMPARE(model->idAt(0), id);
    QTest::keyClick(search, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 4, Timeout);

    // Filter by status.
    auto* statusFilter = child<QComboBox>("statusFilterCombo");
    statusFilter->setCurrentIndex(statusFilter->findData(s("in_progress")));
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 1, Timeout);
    QCOMPARE(model->idAt(0), id);
    statusFilter->setCurrentIndex(statusFilter->findData(s("completed")));
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 0, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("emptyStateLabel")->isVisible(), Timeout);
    QVERIFY(child<QLabel>("emptyStateLabel")->text().contains(s("match")));
    statusFilter->setCurrentIndex(0);
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 4, Timeout);

    // Select it with the mouse, Enter edits, Delete deletes, Ctrl+Z brings it back.
    int row = model->rowOfId(id);
    QVERIFY(row >= 0);
    const QModelIndex cell = model->index(row, model->fieldColumn(u"title"));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QTRY_COMPARE_WITH_TIMEOUT(title->text(), s("Replace boiler circulation pump"), Timeout);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(title->hasFocus(), Timeout);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_VERIFY_WITH_TIMEOUT(storedRow(id).value(s("deleted")).toBool(), Timeout);
    QVERIFY(view->isRowHidden(row));
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 3);
    QTRY_VERIFY_WITH_TIMEOUT(child<QWidget>("undoBar")->isVisible(), Timeout);
    QVERIFY(child<QLabel>("undoLabel")->text().contains(s("Replace boiler circulation pump")));
    QVERIFY(child<QAction>("actionUndoDelete")->isEnabled());
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!storedRow(id).value(s("deleted")).toBool(), Timeout);
    row = model->rowOfId(id);
    QVERIFY(row >= 0);
    QVERIFY(!view->isRowHidden(row));
    QVERIFY(!child<QWidget>("undoBar")->isVisible());
    QCOMPARE(m_store->rowCount(Schema::WorkOrders), 4);

    // Column layout is remembered along with the data.
    QHeaderView* header = view->horizontalHeader();
    header->resizeSection(model->fieldColumn(u"title"), 333);

    // Restart on the same database.
    closeWindow();
    openWindow(path);
    model = m_window->model();
    view = child<QTableView>("workOrderView");
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 4, Timeout);
    row = model->findRow(id);
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, model->fieldColumn(u"title")).data().toString(), s("Replace boiler circulation pump"));
    QCOMPARE(model->index(row, model->fieldColumn(u"status")).data(Qt::EditRole).toString(), s("in_progress"));
    QCOMPARE(model->index(row, model->fieldColumn(u"notes")).data().toString(), s("Impeller worn; replaced."));
    QCOMPARE(view->horizontalHeader()->sectionSize(model->fieldColumn(u"title")), 333);
}

void TestMainWindow::remoteChangeKeepsWhatIsBeingTyped()
{
    const QString path = m_dir.filePath(s("remote.db"));
    QString id;
    {
        LocalStore seed;
        QVERIFY(seed.open(path, s("ui")));
        id = seed.insertRow(
            Schema::WorkOrders, { { s("title"), s("Hydraulic oil leak") }, { s("asset"), s("Elevator 2") } });
        QVERIFY(!id.isEmpty());
    }
    openWindow(path);
    auto* model = m_window->model();
    auto* view = child<QTableView>("workOrderView");
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>("titleLineEdit")->text(), s("Hydraulic oil leak"), Timeout);
    const int row = model->rowOfId(id);
    const QRect before = view->visualRect(model->index(row, model->fieldColumn(u"title")));

    auto* notes = child<QPlainTextEdit>("notesEdit");
    notes->setFocus();
    QTRY_VERIFY_WITH_TIMEOUT(notes->hasFocus(), Timeout);
    QTest::keyClicks(notes, s("Seal kit ordered"));

    // Another device changed the asset and the notes; the worker wrote them on its own connection.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("worker"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.prepare(s("UPDATE work_orders SET asset = 'Elevator 2B', notes = 'Remote note', "
                            "sync_status = 'synced' WHERE id = ?")));
        q.addBindValue(id);
        QVERIFY(q.exec());
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(s("worker"));
    m_window->refreshRows(Schema::WorkOrders, { id });

    QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>("assetLineEdit")->text(), s("Elevator 2B"), Timeout);
    QCOMPARE(notes->toPlainText(), s("Seal kit ordered")); // what the technician is typing stays
    QVERIFY(notes->hasFocus());
    QVERIFY(child<QWidget>("remoteChangeBanner")->isVisible());
    QCOMPARE(view->currentIndex().row(), row);
    QCOMPARE(view->visualRect(model->index(row, model->fieldColumn(u"title"))), before);

    QTest::keyClick(notes, Qt::Key_Tab);
    QTRY_COMPARE_WITH_TIMEOUT(storedRow(id).value(s("notes")).toString(), s("Seal kit ordered"), Timeout);
    QCOMPARE(storedRow(id).value(s("asset")).toString(), s("Elevator 2B")); // merged field by field
}

void TestMainWindow::switchesToGermanAndBack()
{
    openWindow(m_dir.filePath(s("german.db")));
    auto* newAction = child<QAction>("actionNew");
    QCOMPARE(newAction->text(), s("&New"));
    QCOMPARE(Translations::install(s("de")), s("de"));
    QTRY_COMPARE_WITH_TIMEOUT(newAction->text(), s("&Neu"), Timeout);
    QCOMPARE(m_window->windowTitle(), s("FieldSync — Arbeitsaufträge"));
    QCOMPARE(child<QComboBox>("statusFilterCombo")->itemText(0), s("Alle Status"));
    QCOMPARE(
        m_window->model()->headerData(m_window->model()->fieldColumn(u"title"), Qt::Horizontal).toString(), s("Titel"));
    QCOMPARE(child<QCheckBox>("unsyncedOnlyCheckBox")->text(), s("Nur &nicht synchronisierte"));
    QVERIFY(child<QLabel>("syncStateLabel")->text().startsWith(s("Offline")));
    QCOMPARE(Translations::install(s("en")), s("en"));
    QTRY_COMPARE_WITH_TIMEOUT(newAction->text(), s("&New"), Timeout);
}

void TestMainWindow::settingsDialogValidatesTheHubUrl()
{
    AppSettings original;
    original.technicianName = s("Sam Okafor");
    original.deviceToken = s("fs_secret");
    SettingsDialog dialog(original);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* token = dialog.findChild<QLineEdit*>(s("tokenLineEdit"));
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    auto* url = dialog.findChild<QLineEdit*>(s("serverUrlLineEdit"));
    auto* error = dialog.findChild<QLabel*>(s("settingsErrorLabel"));
    QTest::keyClicks(url, s("ftp://nowhere"));
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), Timeout);
    dialog.accept();
    QVERIFY(dialog.isVisible()); // refused
    url->clear();
    QTest::keyClicks(url, s("127.0.0.1:8787"));
    QTRY_VERIFY_WITH_TIMEOUT(!error->isVisible(), Timeout);
    auto* name = dialog.findChild<QLineEdit*>(s("technicianLineEdit"));
    name->selectAll();
    QTest::keyClicks(name, s("Priya Shah "));
    const AppSettings edited = dialog.settings();
    QCOMPARE(edited.technicianName, s("Priya Shah"));
    QCOMPARE(edited.serverUrl, QUrl(s("http://127.0.0.1:8787")));
    QCOMPARE(edited.deviceToken, s("fs_secret"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"

void TestMainWindow::rowsFromOtherDevicesAppearAndSelectionStays()
{
    const QString path = m_dir.filePath(s("arrivals.db"));
    QString localId;
    {
        LocalStore seed;
        QVERIFY(seed.open(path, s("ui")));
        localId = seed.insertRow(Schema::WorkOrders, { { s("title"), s("Boiler pressure low") } });
        QVERIFY(!localId.isEmpty());
    }
    openWindow(path);
    auto* model = m_window->model();
    auto* view = child<QTableView>("workOrderView");
    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 1, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>("titleLineEdit")->text(), s("Boiler pressure low"), Timeout);
    view->setFocus();

    // The worker, on its own connection, stores two work orders another technician created.
    QStringList arrived;
    {
        LocalStore worker;
        worker.shareClock(m_store->hlc());
        QVERIFY(worker.open(path, s("worker")));
        for (const char* title : { "Sump pump alarm", "Rooftop unit RTU-2 short cycling" })
            arrived << worker.insertRow(Schema::WorkOrders, { { s("title"), s(title) } });
    }
    m_window->refreshRows(Schema::WorkOrders, arrived);

    QTRY_COMPARE_WITH_TIMEOUT(visibleRows(), 3, Timeout);
    for (const QString& id : std::as_const(arrived))
        QVERIFY(model->rowOfId(id) >= 0);
    QCOMPARE(model->idAt(view->currentIndex().row()), localId); // the selection followed its work order
    QCOMPARE(child<QLineEdit>("titleLineEdit")->text(), s("Boiler pressure low"));
}
