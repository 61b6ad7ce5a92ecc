// Convergence with the real fieldsync-server: several device stores, each with its SyncController (worker
// thread, own connection, real network), random offline periods, concurrent edits of the same and of
// different fields, devices whose clocks are two hours off, deletes, and the hub killed during a push and
// during a pull. At the end every device holds exactly the hub's data (equal audit hashes, confirmed by the
// hub's /v1/verify) and every edit either survives, was knowingly overwritten, or is a recorded conflict.
//
// The hub's database comes from FIELDSYNC_TEST_DATABASE (SQLite when unset; tests/server/pg_env.sh sets a
// PostgreSQL one). Seeds: FIELDSYNC_CONVERGENCE_SEEDS="1,2,3" or a count N (seeds 1…N); one fixed seed by
// default, so a failure replays exactly.
#include "HubProcess.h"
#include "server/ServerHarness.h"

#include "AuditHash.h"
#include "Clock.h"
#include "LocalStore.h"
#include "Protocol.h"
#include "Schema.h"
#include "SyncController.h"
#include "SyncStore.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace fieldsync;
namespace th = fieldsync::test;

namespace {

constexpr qint64 Hour = 3600 * 1000;
const QStringList EditableFields { QStringLiteral("title"), QStringLiteral("status"), QStringLiteral("priority"),
    QStringLiteral("customer"), QStringLiteral("site"), QStringLiteral("asset"), QStringLiteral("assigned_to") };

struct Edit
{
    int device = 0;
    QString rowId;
    QString field;
    QJsonValue value;
    QString hlc; // the edit's clock
    QString base; // the field's clock the edit replaced
};

class Device
{
public:
    Device(int index, const QString& path, const th::Device& enrolled, const Clock* clock, const QUrl& hub)
        : index(index)
        , m_path(path)
        , m_clock(clock)
    {
        {
            LocalStore first(clock);
            if (!first.open(path, QStringLiteral("first-%1").arg(index)))
                return;
        }
        QString error;
        if (!SyncStore::adoptDeviceId(path, enrolled.id, &error)) {
            qWarning("adoptDeviceId: %s", qPrintable(error));
            return;
        }
        ui = std::make_unique<LocalStore>(clock);
        if (!ui->open(path, QStringLiteral("ui-%1").arg(index)))
            return;
        settings.serverUrl = hub;
        settings.token = QString::fromLatin1(enrolled.token);
        settings.intervalMs = 1500;
        settings.debounceMs = 100;
        settings.batchSize = 40; // several pages and push batches per run
        settings.requestTimeoutMs = 5000;
        settings.telemetryMinIntervalMs = 2000;
        settings.connectionName = QStringLiteral("sync-%1").arg(index);
        controller = std::make_unique<SyncController>(path, ui->hlc(), clock, settings);
        QObject::connect(
            controller.get(), &SyncController::statusChanged, controller.get(), [this](const SyncStatus& s) {
                if (s.state == SyncStatus::State::Syncing)
                    ++syncingSeen;
                last = s;
                if (onStatus)
                    onStatus(s);
            });
        controller->start();
    }
    ~Device()
    {
        controller.reset();
        ui.reset();
    }

    bool ready() const { return ui && controller; }

    void setOnline(bool on)
    {
        if (online == on)
            return;
        online = on;
        SyncSettings s = settings;
        s.enabled = on;
        controller->applySettings(s);
    }

    int outbox() const
    {
        QSqlQuery q(ui->database());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox")) && q.next() ? q.value(0).toInt() : -1;
    }
    int quarantined() const
    {
        QSqlQuery q(ui->database());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM quarantine")) && q.next() ? q.value(0).toInt() : -1;
    }
    audit::Accumulator accumulate() const
    {
        SyncStore s(ui.get());
        return s.accumulate(*Schema::instance().table(Schema::WorkOrders));
    }
    QStringList rowIds() const
    {
        QStringList ids;
        QSqlQuery q(ui->database());
        q.exec(QStringLiteral("SELECT id FROM work_orders ORDER BY id"));
        while (q.next())
            ids << q.value(0).toString();
        return ids;
    }

    // The field's outbox entry (clock, base clock), if any.
    std::optional<QPair<QString, QString>> pending(const QString& rowId, const QString& field) const
    {
        QSqlQuery q(ui->database());
        q.prepare(
            QStringLiteral("SELECT hlc, base_hlc FROM outbox WHERE tbl = 'work_orders' AND row_id = ? AND field = ?"));
        q.addBindValue(rowId);
        q.addBindValue(field);
        if (q.exec() && q.next())
            return qMakePair(q.value(0).toString(), q.value(1).toString());
        return std::nullopt;
    }

    // Edits a field and records the edit's own clock and the clock of the value it replaced. The worker thread
    // writes the same rows meanwhile, so both come from the outbox, which the edit transaction itself filled.
    bool edit(const QString& rowId, const QString& field, const QJsonValue& value, QList<Edit>* log)
    {
        const QString shownClock = ui->fieldClocks(Schema::WorkOrders, rowId).value(field).toString();
        const auto before = ui->row(Schema::WorkOrders, rowId);
        if (!before)
            return false;
        if (before->value(field) == value.toVariant())
            return true; // not an edit
        const auto earlier = pending(rowId, field);
        if (!ui->updateRow(Schema::WorkOrders, rowId, { { field, value.toVariant() } }))
            return false;
        QString hlc;
        QString base = shownClock;
        if (const auto after = pending(rowId, field)) {
            hlc = after->first;
            // A fresh outbox entry carries exactly the replaced clock; an existing one keeps its first base,
            // and this edit replaced the earlier unacknowledged edit.
            base = earlier && earlier->second == after->second ? earlier->first : after->second;
        } else {
            hlc = ui->fieldClocks(Schema::WorkOrders, rowId).value(field).toString();
        }
        log->append(Edit { index, rowId, field, value, hlc, base });
        controller->notifyLocalEdit();
        return true;
    }

    int index;
    std::unique_ptr<LocalStore> ui;
    std::unique_ptr<SyncController> controller;
    SyncSettings settings;
    SyncStatus last;
    std::function<void(const SyncStatus&)> onStatus;
    int syncingSeen = 0;
    bool online = true;

private:
    QString m_path;
    const Clock* m_clock;
};

QList<quint32> seeds()
{
    const QString text = qEnvironmentVariable("FIELDSYNC_CONVERGENCE_SEEDS").trimmed();
    QList<quint32> list;
    if (text.isEmpty())
        return { 20261126u };
    if (!text.contains(u',')) {
        bool ok = false;
        const int n = text.toInt(&ok);
        if (ok && n > 0 && n < 10'000) {
            for (int i = 1; i <= n; ++i)
                list << quint32(i);
            return list;
        }
    }
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts))
        list << part.trimmed().toUInt();
    return list;
}

} // namespace

class TestSyncConvergence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void converge_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed : seeds())
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }

    void converge()
    {
        QFETCH(quint32, seed);
        QRandomGenerator rng(seed);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString database = th::freshDatabase(dir);
        qInfo("hub database: %s (%s)", qPrintable(database), th::usingPostgres() ? "postgresql" : "sqlite");

        const th::Device supervisor
            = th::enrol(database, QStringLiteral("Supervisor"), QStringLiteral("sue"), QStringLiteral("supervisor"));
        QVERIFY(!supervisor.id.isEmpty());
        th::HubProcess hub(database, dir.filePath(QStringLiteral("hub.log")));
        QVERIFY2(hub.start(), qPrintable(hub.log()));

        // Three devices: one on time, one two hours ahead, one two hours behind.
        SkewedClock ahead(SystemClock::instance(), 2 * Hour);
        SkewedClock behind(SystemClock::instance(), -2 * Hour);
        const QList<const Clock*> clocks { SystemClock::instance(), &ahead, &behind };
        std::vector<std::unique_ptr<Device>> devices;
        for (int i = 0; i < clocks.size(); ++i) {
            const th::Device enrolled = th::enrol(database, QStringLiteral("Laptop %1").arg(i + 1),
                QStringLiteral("tech%1").arg(i + 1), QStringLiteral("technician"));
            QVERIFY(!enrolled.id.isEmpty());
            devices.push_back(std::make_unique<Device>(
                i, dir.filePath(QStringLiteral("device-%1.db").arg(i)), enrolled, clocks.at(i), hub.url()));
            QVERIFY(devices.back()->ready());
        }

        QList<Edit> edits;
        // Shared starting point: device 0 creates work orders, everyone receives them.
        for (int i = 0; i < 30; ++i) {
            const QString id = devices[0]->ui->insertRow(Schema::WorkOrders,
                { { QStringLiteral("title"), QStringLiteral("Order %1").arg(i) },
                    { QStringLiteral("site"), QStringLiteral("Site %1").arg(i % 7) } });
            QVERIFY(!id.isEmpty());
        }
        QVERIFY2(settle(devices, hub), qPrintable(hub.log()));

        const int rounds = 14;
        for (int round = 0; round < rounds; ++round) {
            for (auto& d : devices) {
                // Random offline periods (never all at once, so the hub keeps getting work).
                if (rng.bounded(100) < 25)
                    d->setOnline(!d->online);
                const QStringList ids = d->rowIds();
                const int n = 1 + int(rng.bounded(3));
                for (int k = 0; k < n; ++k) {
                    const int what = int(rng.bounded(100));
                    if (what < 8) {
                        const QString id = d->ui->insertRow(Schema::WorkOrders,
                            { { QStringLiteral("title"),
                                QStringLiteral("New d%1 r%2 k%3").arg(d->index).arg(round).arg(k) } });
                        QVERIFY(!id.isEmpty());
                        d->controller->notifyLocalEdit();
                        continue;
                    }
                    // Hot rows (the first five) make same-field conflicts likely; the rest spread out.
                    const QString rowId
                        = what < 55 ? ids.at(int(rng.bounded(5))) : ids.at(int(rng.bounded(ids.size())));
                    if (what < 12) {
                        QVERIFY(d->edit(rowId, Schema::DeletedField, true, &edits));
                        continue;
                    }
                    const QString field = EditableFields.at(int(rng.bounded(EditableFields.size())));
                    QJsonValue value;
                    if (field == u"status")
                        value = WorkOrder::statuses().at(int(rng.bounded(WorkOrder::statuses().size())));
                    else if (field == u"priority")
                        value = WorkOrder::priorities().at(int(rng.bounded(WorkOrder::priorities().size())));
                    else
                        value = QStringLiteral("%1 by d%2 r%3 k%4").arg(field).arg(d->index).arg(round).arg(k);
                    QVERIFY2(d->edit(rowId, field, value, &edits), qPrintable(d->ui->lastError().message));
                }
            }
            QTest::qWait(100 + int(rng.bounded(300)));

            if (round == 5) {
                // Kill the hub while a large push is in flight, then bring it back on the same port.
                Device& pusher = *devices[0];
                pusher.setOnline(true);
                for (int i = 0; i < 150; ++i)
                    pusher.ui->insertRow(
                        Schema::WorkOrders, { { QStringLiteral("title"), QStringLiteral("Bulk %1").arg(i) } });
                // Killed when the first batch's answer arrives: more batches are still to be pushed.
                bool killed = false;
                const int pending = pusher.ui->unsyncedRowCount();
                pusher.onStatus = [&](const SyncStatus& status) {
                    if (!killed && status.state == SyncStatus::State::Syncing && status.pendingChanges > 0
                        && status.pendingChanges < pending) {
                        killed = true;
                        hub.kill();
                    }
                };
                pusher.controller->syncNow();
                QTRY_VERIFY_WITH_TIMEOUT(killed, 30'000);
                pusher.onStatus = {};
                QTest::qWait(300);
                QVERIFY2(hub.start(), qPrintable(hub.log()));
            }
            if (round == 9) {
                // Kill the hub while a device pulls a long backlog page by page.
                Device& puller = *devices[2];
                puller.setOnline(false);
                QTest::qWait(200);
                for (int i = 0; i < 200; ++i)
                    devices[1]->ui->insertRow(
                        Schema::WorkOrders, { { QStringLiteral("title"), QStringLiteral("Backlog %1").arg(i) } });
                devices[1]->setOnline(true);
                devices[1]->controller->syncNow();
                QTRY_VERIFY_WITH_TIMEOUT(devices[1]->outbox() == 0, 30'000);
                // Killed from the status signal of the first page: more pages are due (one already requested).
                bool killed = false;
                puller.onStatus = [&](const SyncStatus& status) {
                    if (!killed && status.state == SyncStatus::State::Syncing && status.progressDone > 0) {
                        killed = true;
                        hub.kill();
                    }
                };
                puller.setOnline(true);
                QTRY_VERIFY_WITH_TIMEOUT(killed, 30'000);
                puller.onStatus = {};
                QTest::qWait(300);
                QVERIFY2(hub.start(), qPrintable(hub.log()));
            }
        }

        for (auto& d : devices)
            d->setOnline(true);
        QVERIFY2(settle(devices, hub), qPrintable(hub.log()));

        // Every device equals the hub: equal audit hashes, and the hub agrees through /v1/verify.
        const QString reference = devices[0]->accumulate().setHash();
        for (auto& d : devices) {
            QCOMPARE(d->outbox(), 0);
            QCOMPARE(d->quarantined(), 0);
            QCOMPARE(d->accumulate().setHash(), reference);
            SyncStore store(d->ui.get());
            const protocol::VerifyRequest request = store.verifyRequest(*Schema::instance().table(Schema::WorkOrders));
            th::Http http(hub.url().toString());
            const th::HttpReply reply = http.post(
                QStringLiteral("/v1/verify"), protocol::serialize(request.toJson()), d->settings.token.toLatin1());
            QCOMPARE(reply.status, 200);
            const auto verified = protocol::VerifyResponse::fromJson(reply.json);
            QVERIFY(verified);
            QVERIFY2(verified.value->match, qPrintable(QStringLiteral("device %1 differs from the hub").arg(d->index)));
        }

        // No edit lost: each one is the final value, was overwritten by an edit made on top of it, or lost a
        // conflict the hub recorded.
        th::Http http(hub.url().toString());
        const th::HttpReply listed = http.get(QStringLiteral("/v1/conflicts?status=all&limit=1000"), supervisor.token);
        QCOMPARE(listed.status, 200);
        QMultiHash<QString, QJsonValue> recordedLosers; // row/field -> losing value
        QSet<QString> recordedLoserClocks;
        for (const QJsonValue& v : listed.json.value(QStringLiteral("conflicts")).toArray()) {
            const auto c = protocol::ConflictRecord::fromJson(v.toObject());
            QVERIFY(c);
            recordedLosers.insert(c.value->rowId + u'/' + c.value->field, c.value->loserValue);
            recordedLoserClocks.insert(c.value->loserHlc);
        }
        // Each recorded conflict is on the device whose value lost (from its push answer, or fetched from the
        // hub's list when the other device's push won), so its Conflicts dialog shows it.
        for (const QJsonValue& v : listed.json.value(QStringLiteral("conflicts")).toArray()) {
            const auto c = protocol::ConflictRecord::fromJson(v.toObject());
            for (auto& d : devices) {
                if (d->ui->deviceId() != c.value->loserDevice)
                    continue;
                QSqlQuery q(d->ui->database());
                q.prepare(QStringLiteral("SELECT COUNT(*) FROM conflicts WHERE id = ?"));
                q.addBindValue(c.value->id);
                QVERIFY(q.exec() && q.next());
                QVERIFY2(q.value(0).toInt() == 1,
                    qPrintable(QStringLiteral("device %1 lacks conflict %2").arg(d->index).arg(c.value->id)));
            }
        }
        QSet<QString> overwrittenClocks;
        for (const Edit& e : edits)
            overwrittenClocks.insert(e.base);
        // Two concurrent edits writing the same value are one value: no conflict is recorded between them, so
        // such an edit is accounted for when an equal edit of the same field is.
        QMultiHash<QString, QJsonValue> accountedValues;
        for (const Edit& e : edits) {
            if (overwrittenClocks.contains(e.hlc) || recordedLoserClocks.contains(e.hlc))
                accountedValues.insert(e.rowId + u'/' + e.field, e.value);
        }
        int survived = 0;
        int overwritten = 0;
        int conflicted = 0;
        for (const Edit& e : edits) {
            const auto row = devices[0]->ui->row(Schema::WorkOrders, e.rowId);
            QVERIFY(row);
            const QJsonValue final = QJsonValue::fromVariant(row->value(e.field));
            const QString key = e.rowId + u'/' + e.field;
            if (final == e.value) {
                ++survived;
            } else if (overwrittenClocks.contains(e.hlc)) {
                ++overwritten;
            } else if (recordedLoserClocks.contains(e.hlc) || recordedLosers.contains(key, e.value)) {
                ++conflicted;
            } else if (accountedValues.contains(key, e.value)) {
                ++overwritten;
            } else {
                for (const Edit& other : edits) {
                    if (other.rowId == e.rowId && other.field == e.field)
                        qWarning("  edit d%d %s hlc %s base %s", other.device,
                            qPrintable(other.value.toVariant().toString()), qPrintable(other.hlc),
                            qPrintable(other.base));
                }
                for (const QJsonValue& v : listed.json.value(QStringLiteral("conflicts")).toArray()) {
                    const QJsonObject c = v.toObject();
                    if (c.value(QStringLiteral("row_id")).toString() == e.rowId)
                        qWarning("  conflict %s", QJsonDocument(c).toJson(QJsonDocument::Compact).constData());
                }
                qWarning("  final clock %s",
                    qPrintable(devices[0]->ui->fieldClocks(Schema::WorkOrders, e.rowId).value(e.field).toString()));
                for (auto& d : devices)
                    qWarning("  device %d is %s", d->index, qPrintable(d->ui->deviceId()));
                QFAIL(qPrintable(
                    QStringLiteral("edit lost: device %1 set %2.%3 = %4 at %5 (now %6)")
                        .arg(e.device)
                        .arg(e.rowId, e.field, e.value.toVariant().toString(), e.hlc, final.toVariant().toString())));
            }
        }
        qInfo("seed %u: %lld edits: %d survived, %d overwritten on purpose, %d recorded as conflicts; %lld rows", seed,
            qlonglong(edits.size()), survived, overwritten, conflicted, qlonglong(devices[0]->rowIds().size()));
        QVERIFY(conflicted + overwritten > 0); // the scenario really produced concurrency
    }

private:
    // Runs sync everywhere until every device is up to date with an empty outbox and all hold the same data.
    bool settle(std::vector<std::unique_ptr<Device>>& devices, th::HubProcess& hub)
    {
        Q_UNUSED(hub);
        QDeadlineTimer deadline(120'000);
        while (!deadline.hasExpired()) {
            std::vector<int> before;
            for (auto& d : devices) {
                before.push_back(d->syncingSeen);
                d->controller->syncNow();
            }
            QDeadlineTimer round(30'000);
            bool done = false;
            while (!round.hasExpired()) {
                QTest::qWait(50);
                done = true;
                for (size_t i = 0; i < devices.size(); ++i) {
                    const Device& d = *devices[i];
                    done = done && d.syncingSeen > before[i] && d.last.state == SyncStatus::State::UpToDate;
                }
                if (done)
                    break;
            }
            if (!done)
                continue;
            bool equal = true;
            const QString reference = devices[0]->accumulate().setHash();
            for (auto& d : devices)
                equal = equal && d->outbox() == 0 && d->accumulate().setHash() == reference;
            if (equal)
                return true;
        }
        for (auto& d : devices) {
            qWarning("device %d: state %d error \"%s\" pending %d outbox %d quarantined %d rows %lld hash %s", d->index,
                int(d->last.state), qPrintable(d->last.error), d->last.pendingChanges, d->outbox(), d->quarantined(),
                qlonglong(d->rowIds().size()), qPrintable(d->accumulate().setHash().left(12)));
            QSqlQuery q(d->ui->database());
            q.exec(QStringLiteral("SELECT row_id, field, value, hlc, reason FROM quarantine"));
            while (q.next())
                qWarning("  quarantined %s.%s = %s at %s: %s", qPrintable(q.value(0).toString()),
                    qPrintable(q.value(1).toString()), qPrintable(q.value(2).toString()),
                    qPrintable(q.value(3).toString()), qPrintable(q.value(4).toString()));
        }
        return false;
    }
};

QTEST_GUILESS_MAIN(TestSyncConvergence)
#include "test_sync_convergence.moc"
