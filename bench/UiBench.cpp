// UI suite (issue 2): the real MainWindow over a store of 100,000 work orders. The measurements run in a
// fresh child process so that "start to first paint" counts from process start and peak memory is the
// window's alone; the parent only prepares the store.
#include "Suites.h"

#include "models/LocalStore.h"
#include "models/Schema.h"
#include "ui/MainWindow.h"
#include "ui/WorkOrderModel.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonObject>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>

namespace fieldsync::bench {

namespace {

// Counts paint events of one widget and ends a wait after a paint has been fully processed.
class PaintWatcher : public QObject
{
public:
    explicit PaintWatcher(QWidget* target)
        : m_target(target)
    {
        target->installEventFilter(this);
    }
    bool armed = false; // a paint quits the loop only when armed
    QEventLoop* loop = nullptr;

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_target && event->type() == QEvent::Paint && armed && loop) {
            armed = false;
            // Queued: the loop ends once this paint has been handled.
            QMetaObject::invokeMethod(loop, &QEventLoop::quit, Qt::QueuedConnection);
        }
        return false;
    }

private:
    QPointer<QWidget> m_target;
};

// Runs `action`, then waits until the model has been reset (re-selected) and the view has painted after
// it. Returns {total ms from the action, ms from the model's reset start}, or {-1,-1} on timeout.
struct ViewUpdate
{
    double totalMs = -1;
    double queryMs = -1; // from the model starting its select() to the painted view
};

ViewUpdate measureViewUpdate(WorkOrderModel* model, PaintWatcher& watcher, const std::function<void()>& action)
{
    QEventLoop loop;
    double resetStart = -1;
    watcher.loop = &loop;
    watcher.armed = false;
    const auto c1
        = QObject::connect(model, &QAbstractItemModel::modelAboutToBeReset, &loop, [&] { resetStart = monotonicMs(); });
    const auto c2 = QObject::connect(model, &QAbstractItemModel::modelReset, &loop, [&] { watcher.armed = true; });
    bool timedOut = false;
    QTimer::singleShot(30'000, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    const double t0 = monotonicMs();
    action();
    loop.exec();
    const double t1 = monotonicMs();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    watcher.loop = nullptr;
    watcher.armed = false;
    if (timedOut || resetStart < 0)
        return {};
    return { t1 - t0, t1 - resetStart };
}

QJsonObject line(const char* test, int rows)
{
    return { { QStringLiteral("test"), QLatin1String(test) }, { QStringLiteral("suite"), QStringLiteral("ui") },
        { QStringLiteral("backend"), QStringLiteral("local") }, { QStringLiteral("n"), rows } };
}

// A device that has synced 100,000 work orders: demo rows seeded as if pulled from a hub (synced, empty
// outbox), so the window opens on a realistic, clean store.
bool prepareStore(const QString& path, int rows, QString* error)
{
    LocalStore store;
    if (!store.open(path, QStringLiteral("bench-seed"))) {
        *error = store.lastError().message;
        return false;
    }
    if (store.rowCount(Schema::WorkOrders, true) == rows)
        return true;
    if (store.seedDemoData(rows, QDate(2026, 3, 2), LocalStore::SeedMode::Synced) != rows) {
        *error = QStringLiteral("seeding failed: ") + store.lastError().message;
        return false;
    }
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"))) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

bool runUiSuite(const Options& o)
{
    const QString path = QDir(o.workDir).filePath(QStringLiteral("ui-%1.db").arg(o.uiRows));
    Reporter::note(QStringLiteral("ui: preparing a store with %1 work orders").arg(o.uiRows));
    QString error;
    if (!prepareStore(path, o.uiRows, &error)) {
        Reporter::note(QStringLiteral("ui suite skipped: ") + error);
        Reporter::emitLine({ { QStringLiteral("test"), QStringLiteral("ui_setup") },
            { QStringLiteral("suite"), QStringLiteral("ui") }, { QStringLiteral("error"), error } });
        return false;
    }
    QStringList args { QStringLiteral("--ui-child"), path, QStringLiteral("--work-dir"), o.workDir,
        QStringLiteral("--ui-keystrokes"), QString::number(o.uiKeystrokes), QStringLiteral("--ui-edits"),
        QString::number(o.uiEdits) };
    args << QStringLiteral("--ui-start-ms") << QString::number(monotonicMs(), 'f', 3);
    const bool ok = runSelf(args, 900'000) == 0;
    // The next suites run without this store in the page cache (see Backends::discard).
    if (!LocalStore::removeFiles(path, &error))
        Reporter::note(QStringLiteral("ui: ") + error);
    return ok;
}

int runUiChild(const Options& o, const QString& databasePath)
{
    LocalStore store;
    if (!store.open(databasePath, QStringLiteral("ui"))) {
        Reporter::note(QStringLiteral("ui: ") + store.lastError().message);
        return 1;
    }
    MainWindow window(&store);
    auto* view = window.findChild<QTableView*>(QStringLiteral("workOrderView"));
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
    WorkOrderModel* model = window.model();
    if (!view || !search || !model) {
        Reporter::note(QStringLiteral("ui: the main window has no workOrderView or searchLineEdit"));
        return 1;
    }
    PaintWatcher watcher(view->viewport());
    window.resize(1280, 800);
    {
        QEventLoop loop;
        watcher.loop = &loop;
        watcher.armed = true;
        QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
        window.show();
        loop.exec();
        watcher.loop = nullptr;
    }
    const double firstPaint = monotonicMs() - o.uiStartMs;
    const int rows = store.rowCount(Schema::WorkOrders);
    QJsonObject paint = line("ui_first_paint", rows);
    paint.insert(QStringLiteral("ms"), round3(firstPaint));
    paint.insert(QStringLiteral("rss_mb"), round3(currentRssMb()));
    paint.insert(QStringLiteral("note"),
        QStringLiteral("process start (exec) to the work-order list's first painted frame, store opened and "
                       "window built in between"));
    Reporter::emitLine(paint);

    // Filter keystrokes: one character at a time into the search field, as a technician types.
    const QStringList words { QStringLiteral("boiler"), QStringLiteral("leak"), QStringLiteral("pump"),
        QStringLiteral("breaker"), QStringLiteral("chiller"), QStringLiteral("elevator") };
    QStringList texts;
    for (const QString& w : words) {
        for (int i = 1; i <= w.size(); ++i)
            texts << w.left(i);
        texts << QString();
    }
    texts = texts.mid(0, o.uiKeystrokes);
    QList<double> totals, queries;
    int timeouts = 0;
    for (const QString& text : std::as_const(texts)) {
        const ViewUpdate u = measureViewUpdate(model, watcher, [&] { search->setText(text); });
        if (u.totalMs < 0) {
            ++timeouts;
            continue;
        }
        totals << u.totalMs;
        queries << u.queryMs;
    }
    const Stats total = summarize(totals);
    const Stats query = summarize(queries);
    QJsonObject filter = line("ui_filter_keystroke", rows);
    filter.insert(QStringLiteral("keystrokes"), total.count);
    filter.insert(QStringLiteral("median_ms"), round3(total.median));
    filter.insert(QStringLiteral("p99_ms"), round3(total.p99));
    filter.insert(QStringLiteral("query_median_ms"), round3(query.median));
    filter.insert(QStringLiteral("query_p99_ms"), round3(query.p99));
    filter.insert(QStringLiteral("timeouts"), timeouts);
    filter.insert(QStringLiteral("note"),
        QStringLiteral("median_ms: keystroke in the search field to the list painted with the new result, "
                       "including whatever the window waits before it re-selects (no typing delay since schema "
                       "v4's list indexes); query_ms: from the model's re-select to the painted list"));
    Reporter::emitLine(filter);

    // Sorting by a column header: SQL ORDER BY on an index, lazily fetched.
    QList<double> sorts;
    const QStringList sortFields { QStringLiteral("title"), QStringLiteral("priority"), QStringLiteral("due_at"),
        QStringLiteral("status"), QStringLiteral("customer"), QStringLiteral("assigned_to") };
    for (const QString& f : sortFields) {
        const int column = model->fieldColumn(f);
        if (column < 0)
            continue;
        for (Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            const ViewUpdate u = measureViewUpdate(model, watcher, [&] { view->sortByColumn(column, order); });
            if (u.totalMs >= 0)
                sorts << u.totalMs;
        }
    }
    const Stats sort = summarize(sorts);
    QJsonObject sortLine = line("ui_sort", rows);
    sortLine.insert(QStringLiteral("sorts"), sort.count);
    sortLine.insert(QStringLiteral("median_ms"), round3(sort.median));
    sortLine.insert(QStringLiteral("p99_ms"), round3(sort.p99));
    Reporter::emitLine(sortLine);

    // Edit -> committed transaction: LocalStore::updateRow (stamps, outbox, dirty flag) on the UI connection.
    QStringList ids;
    {
        QSqlQuery q(store.database());
        q.prepare(QStringLiteral("SELECT id FROM work_orders WHERE deleted = 0 ORDER BY id LIMIT ?"));
        q.addBindValue(rows);
        q.exec();
        int i = 0;
        const int step = std::max(1, rows / std::max(1, o.uiEdits));
        while (q.next() && ids.size() < o.uiEdits) {
            if (i++ % step == 0)
                ids << q.value(0).toString();
        }
    }
    QList<double> edits;
    const QStringList statuses = WorkOrder::statuses();
    for (int i = 0; i < ids.size(); ++i) {
        const QVariantMap changes { { QStringLiteral("status"), statuses.at(i % statuses.size()) },
            { QStringLiteral("notes"), QStringLiteral("Checked the unit, replaced the filter. Visit %1.").arg(i) } };
        const double t0 = monotonicMs();
        const bool ok = store.updateRow(Schema::WorkOrders, ids.at(i), changes);
        const double t1 = monotonicMs();
        if (!ok) {
            Reporter::note(QStringLiteral("ui: edit failed: ") + store.lastError().message);
            return 1;
        }
        edits << t1 - t0;
        QCoreApplication::processEvents(); // the window stays live between edits, as when typing
    }
    const Stats edit = summarize(edits);
    QJsonObject editLine = line("ui_edit_commit", rows);
    editLine.insert(QStringLiteral("edits"), edit.count);
    editLine.insert(QStringLiteral("median_ms"), round3(edit.median));
    editLine.insert(QStringLiteral("p99_ms"), round3(edit.p99));
    editLine.insert(
        QStringLiteral("note"), QStringLiteral("LocalStore::updateRow of two fields, one committed transaction each"));
    Reporter::emitLine(editLine);

    QJsonObject memory = line("ui_peak_rss", rows);
    memory.insert(QStringLiteral("mb"), round3(peakRssMb()));
    memory.insert(QStringLiteral("note"), QStringLiteral("VmHWM of the UI process after all the above"));
    Reporter::emitLine(memory);
    return timeouts == 0 ? 0 : 1;
}

} // namespace fieldsync::bench
