#include "FleetSimulator.h"

#include "SyncController.h"
#include "SyncStore.h"
#include "models/Clock.h"
#include "models/DemoData.h"
#include "models/LocalStore.h"
#include "models/Schema.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cmath>

Q_DECLARE_LOGGING_CATEGORY(lcSim)
Q_LOGGING_CATEGORY(lcSim, "fieldsync.sync.sim")

namespace fieldsync {

using namespace protocol;

namespace {

constexpr int TickMs = 200;
constexpr int HotRowCount = 6;
constexpr int MaxSettleRounds = 6;

const char* const TechnicianNames[] = { "alice", "bob", "carla", "deniz", "emil", "fatima", "gustav", "hana", "ivan",
    "jana", "kofi", "lena", "marco", "nora", "oskar", "priya", "quentin", "rosa", "sven", "tomas" };
constexpr int TechnicianNameCount = int(sizeof(TechnicianNames) / sizeof(TechnicianNames[0]));

const char* const NoteLines[] = { "Checked pressure, within range.", "Replaced filter cartridge.",
    "Customer asked for a call before the next visit.", "Waiting for spare part.", "Noise from compressor, logged.",
    "Access code changed, updated on site.", "Thermostat recalibrated.", "Leak sealed, monitoring.",
    "Photo of nameplate taken.", "Safety check passed." };
constexpr int NoteLineCount = int(sizeof(NoteLines) / sizeof(NoteLines[0]));

// A device's network: when the device is offline every request goes to a closed local port, so the
// worker sees a real connection failure, backs off and keeps its edits.
class SimNetworkAccessManager : public QNetworkAccessManager
{
public:
    SimNetworkAccessManager(std::shared_ptr<std::atomic<bool>> offline, QObject* parent)
        : QNetworkAccessManager(parent)
        , m_offline(std::move(offline))
    { }

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* data) override
    {
        if (!m_offline->load())
            return QNetworkAccessManager::createRequest(op, request, data);
        QNetworkRequest dead(request);
        QUrl url = dead.url();
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(1);
        dead.setUrl(url);
        return QNetworkAccessManager::createRequest(op, dead, data);
    }

private:
    std::shared_ptr<std::atomic<bool>> m_offline;
};

qint64 percentile(const std::vector<qint64>& sorted, double q)
{
    if (sorted.empty())
        return -1;
    const auto rank = qint64(std::ceil(q * double(sorted.size())));
    return sorted[size_t(std::clamp<qint64>(rank - 1, 0, qint64(sorted.size()) - 1))];
}

QString formatMs(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 10'000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 120'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1 min").arg(double(ms) / 60'000.0, 0, 'f', 1);
}

} // namespace

struct FleetSimulator::Device
{
    int index = 0;
    QString name;
    QString technician;
    QString token;
    QString id;
    QString path;
    qint64 skewMs = 0;
    std::unique_ptr<SkewedClock> clock;
    std::unique_ptr<LocalStore> store; // the simulator's own connection, like the app's "ui"
    std::unique_ptr<SyncStore> syncStore;
    std::unique_ptr<SyncController> controller; // destroyed first: stops the worker thread
    std::shared_ptr<std::atomic<bool>> offline = std::make_shared<std::atomic<bool>>(false);
    qint64 offlineUntilMs = 0;
    SyncStatus status;
    bool settled = false;
    qint64 settleRequestedAt = 0;
    qint64 lastNudgeMs = 0;
    int verifyMismatches = 0;
    bool audited = false;
    QString auditResult;

    ~Device()
    {
        controller.reset();
        syncStore.reset();
        store.reset();
    }
};

FleetSimulator::FleetSimulator(FleetSimulatorOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_rng(m_options.seed)
{
    m_network = new QNetworkAccessManager(this);
    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, &FleetSimulator::tick);
    m_progressTimer.setInterval(qMax(1, m_options.progressIntervalSec) * 1000);
    connect(&m_progressTimer, &QTimer::timeout, this, &FleetSimulator::reportProgress);
    m_settleTimer.setInterval(500);
    connect(&m_settleTimer, &QTimer::timeout, this, &FleetSimulator::checkSettled);
}

FleetSimulator::~FleetSimulator()
{
    abort();
}

int FleetSimulator::deviceCount() const
{
    return int(m_devices.size());
}

std::optional<QVariantMap> FleetSimulator::deviceRow(int device, const QString& table, const QString& id) const
{
    if (device < 0 || device >= int(m_devices.size()) || !m_devices[size_t(device)]->store)
        return std::nullopt;
    return m_devices[size_t(device)]->store->row(table, id);
}

QString FleetSimulator::deviceName(int device) const
{
    return device >= 0 && device < int(m_devices.size()) ? m_devices[size_t(device)]->name : QString();
}

qint64 FleetSimulator::nowMs() const
{
    return m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
}

void FleetSimulator::request(
    const QByteArray& verb, const QString& path, const QString& token, const QJsonObject& body, Callback callback)
{
    QUrl url = m_options.serverUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const int q = path.indexOf(QLatin1Char('?'));
    url.setPath(base + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    req.setTransferTimeout(30'000);
    QByteArray data;
    if (verb == "POST") {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        data = serialize(body);
    }
    QNetworkReply* reply = m_network->sendCustomRequest(req, verb, data);
    connect(reply, &QNetworkReply::finished, this, [reply, callback = std::move(callback)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const Parsed<QJsonObject> parsed = parseObject(reply->readAll());
        QJsonObject object = parsed ? *parsed.value : QJsonObject();
        QString error;
        if (status == 0)
            error = reply->errorString();
        else if (status >= 300)
            error = Error::fromJson(object, status).value_or(makeError(status, {}, reply->errorString())).message;
        callback(status, object, error);
    });
}

void FleetSimulator::start()
{
    if (m_phase != Phase::Idle)
        return;
    m_elapsed.start();
    if (!m_options.serverUrl.isValid() || m_options.serverUrl.host().isEmpty()) {
        fail(QStringLiteral("invalid server URL"));
        return;
    }
    if (m_options.adminToken.isEmpty()) {
        fail(QStringLiteral("an admin token is required to enrol the simulated devices"));
        return;
    }
    if (m_options.devices < 1) {
        fail(QStringLiteral("--devices must be at least 1"));
        return;
    }
    if (m_options.dataDir.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/fieldsync-sim-XXXXXX"));
        if (!m_tempDir->isValid()) {
            fail(QStringLiteral("cannot create a temporary directory: %1").arg(m_tempDir->errorString()));
            return;
        }
        m_dataDir = m_tempDir->path();
    } else {
        m_dataDir = QDir(m_options.dataDir).absolutePath();
        if (!QDir().mkpath(m_dataDir)) {
            fail(QStringLiteral("cannot create the data directory %1").arg(m_dataDir));
            return;
        }
    }
    m_summary = {};
    m_summary.devices = m_options.devices;
    m_phase = Phase::Enrolling;
    Q_EMIT progress(QStringLiteral("enrolling %1 devices at %2 (stores in %3)")
                        .arg(m_options.devices)
                        .arg(m_options.serverUrl.toString(), m_dataDir));

    loadFleetFile();
    if (!m_saved.isEmpty()) {
        // Devices enrolled by an earlier run with this data directory: reuse them when the hub still knows
        // them, so that a fleet restarted every day does not grow by N devices each time.
        request("GET", QStringLiteral("/v1/me"), m_saved.first().info.token, {},
            [this](int status, const QJsonObject& body, const QString&) {
                if (m_phase != Phase::Enrolling)
                    return;
                const Parsed<DeviceInfo> me = DeviceInfo::fromJson(body);
                m_reuse = status == 200 && me && me.value->deviceId == m_saved.first().info.deviceId;
                if (m_reuse)
                    Q_EMIT progress(QStringLiteral("reusing the %1 devices enrolled earlier").arg(m_options.devices));
                enrolSupervisor();
            });
        return;
    }
    enrolSupervisor();
}

void FleetSimulator::loadFleetFile()
{
    m_saved.clear();
    if (m_tempDir)
        return;
    QFile file(QDir(m_dataDir).filePath(QStringLiteral("fleet.json")));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    if (root.value(QStringLiteral("server")).toString() != m_options.serverUrl.toString())
        return;
    QList<SavedDevice> saved;
    for (const QJsonValue& v : root.value(QStringLiteral("devices")).toArray()) {
        const Parsed<DeviceInfo> info = DeviceInfo::fromJson(v.toObject());
        if (!info || info.value->token.isEmpty())
            return;
        saved.append(SavedDevice { *info.value, v.toObject().value(QStringLiteral("skew_ms")).toInteger() });
    }
    if (saved.size() < m_options.devices)
        return;
    saved.resize(m_options.devices);
    m_saved = saved;
    for (const QJsonValue& v : root.value(QStringLiteral("hot_rows")).toArray())
        m_savedHotRows.append(v.toString());
}

void FleetSimulator::saveFleetFile()
{
    if (m_tempDir)
        return;
    QJsonArray devices;
    for (const auto& d : m_devices) {
        QJsonObject o = DeviceInfo { d->id, d->name, d->technician, QStringLiteral("technician"), d->token }.toJson();
        o.insert(QStringLiteral("skew_ms"), d->skewMs);
        devices.append(o);
    }
    const QJsonObject root { { QStringLiteral("server"), m_options.serverUrl.toString() },
        { QStringLiteral("devices"), devices }, { QStringLiteral("hot_rows"), QJsonArray::fromStringList(m_hotRows) } };
    QFile file(QDir(m_dataDir).filePath(QStringLiteral("fleet.json")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(QJsonDocument(root).toJson()) < 0)
        qCWarning(lcSim) << "cannot write" << file.fileName() << file.errorString();
}

void FleetSimulator::enrolSupervisor()
{
    if (m_options.supervisorTokenFile.isEmpty()) {
        enrolNext();
        return;
    }
    if (m_reuse) {
        QFile existing(m_options.supervisorTokenFile);
        if (existing.open(QIODevice::ReadOnly)) {
            m_supervisorToken = QString::fromUtf8(existing.readAll()).trimmed();
            if (!m_supervisorToken.isEmpty()) {
                enrolNext();
                return;
            }
        }
    }
    const DeviceInfo supervisor { {}, QStringLiteral("%1-supervisor").arg(m_options.namePrefix),
        QStringLiteral("supervisor"), QStringLiteral("supervisor"), {} };
    request("POST", QStringLiteral("/v1/devices"), m_options.adminToken, supervisor.toJson(),
        [this](int status, const QJsonObject& body, const QString& error) {
            if (m_phase != Phase::Enrolling)
                return;
            const Parsed<DeviceInfo> info = DeviceInfo::fromJson(body);
            if (status != 201 && status != 200) {
                fail(QStringLiteral("enrolling the supervisor failed: %1 %2").arg(status).arg(error));
                return;
            }
            if (!info || info.value->token.isEmpty()) {
                fail(QStringLiteral("enrolling the supervisor: the answer carries no token"));
                return;
            }
            m_supervisorToken = info.value->token;
            QFile file(m_options.supervisorTokenFile);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
                || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                || file.write(m_supervisorToken.toUtf8() + '\n') < 0) {
                fail(QStringLiteral("cannot write %1: %2").arg(m_options.supervisorTokenFile, file.errorString()));
                return;
            }
            file.close();
            enrolNext();
        });
}

void FleetSimulator::enrolNext()
{
    const int index = int(m_devices.size());
    if (index >= m_options.devices) {
        beginEditing();
        return;
    }
    if (m_reuse) {
        const SavedDevice& saved = m_saved.at(index);
        if (createDevice(index, saved.info, saved.skewMs))
            enrolNext();
        return;
    }
    const QString technician = index < TechnicianNameCount
        ? QString::fromLatin1(TechnicianNames[index])
        : QStringLiteral("%1%2")
              .arg(QLatin1String(TechnicianNames[index % TechnicianNameCount]))
              .arg(index / TechnicianNameCount + 1);
    const DeviceInfo wanted { {},
        QStringLiteral("%1-%2").arg(m_options.namePrefix).arg(index + 1, 2, 10, QLatin1Char('0')), technician,
        QStringLiteral("technician"), {} };
    request("POST", QStringLiteral("/v1/devices"), m_options.adminToken, wanted.toJson(),
        [this, index](int status, const QJsonObject& body, const QString& error) {
            if (m_phase != Phase::Enrolling)
                return;
            if (status != 201 && status != 200) {
                fail(QStringLiteral("enrolling device %1 failed: %2 %3").arg(index + 1).arg(status).arg(error));
                return;
            }
            const Parsed<DeviceInfo> info = DeviceInfo::fromJson(body);
            if (!info || info.value->token.isEmpty() || info.value->deviceId.isEmpty()) {
                fail(QStringLiteral("enrolling device %1: the answer carries no device id or token").arg(index + 1));
                return;
            }
            if (!createDevice(index, *info.value))
                return;
            enrolNext();
        });
}

bool FleetSimulator::createDevice(int index, const DeviceInfo& info, std::optional<qint64> savedSkewMs)
{
    auto d = std::make_unique<Device>();
    d->index = index;
    d->name = info.name;
    d->technician = info.technician;
    d->token = info.token;
    d->id = info.deviceId;
    d->path = QDir(m_dataDir).filePath(QStringLiteral("device-%1.db").arg(index + 1, 3, 10, QLatin1Char('0')));
    if (!savedSkewMs)
        LocalStore::removeFiles(d->path);

    const int skewed = m_options.skewDevices < 0 ? m_options.devices / 5 : m_options.skewDevices;
    if (savedSkewMs) {
        d->skewMs = *savedSkewMs;
    } else if (index < skewed) {
        const qint64 magnitude = 30 * 60'000 + qint64(m_rng.bounded(90 * 60'000));
        d->skewMs = (m_rng.bounded(2) == 0 ? -1 : 1) * magnitude;
    }
    d->clock = std::make_unique<SkewedClock>(SystemClock::instance(), d->skewMs);

    // The store makes its own device id on first open; this device is the one the hub enrolled, so the
    // fresh store adopts that id before anything is stamped with a clock.
    {
        LocalStore first(d->clock.get());
        if (!first.open(d->path, QStringLiteral("sim-init-%1").arg(index + 1))) {
            fail(QStringLiteral("cannot create %1: %2").arg(d->path, first.lastError().message));
            return false;
        }
        QSqlQuery q(first.database());
        if (first.deviceId() == d->id)
            q.prepare(QStringLiteral("SELECT ?"));
        else
            q.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'device_id'"));
        q.addBindValue(d->id);
        const bool ok
            = q.exec() && (first.deviceId() == d->id || q.exec(QStringLiteral("DELETE FROM meta WHERE key = 'hlc'")));
        q.finish();
        if (!ok) {
            fail(QStringLiteral("cannot set the device id in %1").arg(d->path));
            return false;
        }
    }
    d->store = std::make_unique<LocalStore>(d->clock.get());
    if (!d->store->open(d->path, QStringLiteral("sim-%1").arg(index + 1)) || d->store->deviceId() != d->id) {
        fail(QStringLiteral("cannot open %1: %2").arg(d->path, d->store->lastError().message));
        return false;
    }
    d->syncStore = std::make_unique<SyncStore>(d->store.get());
    if (!d->syncStore->prepare()) {
        fail(QStringLiteral("cannot prepare %1: %2").arg(d->path, d->syncStore->lastError()));
        return false;
    }

    SyncSettings settings;
    settings.serverUrl = m_options.serverUrl;
    settings.token = d->token;
    const int jitter = m_options.syncIntervalMs / 5;
    settings.intervalMs = qMax(500, m_options.syncIntervalMs - jitter + int(m_rng.bounded(2 * jitter + 1)));
    settings.debounceMs = 1'500;
    settings.batchSize = 200;
    settings.telemetryMinIntervalMs = m_options.telemetryIntervalMs;
    settings.requestTimeoutMs = 20'000;
    settings.connectionName = QStringLiteral("sync-sim-%1").arg(index + 1);
    const std::shared_ptr<std::atomic<bool>> offline = d->offline;
    NetworkFactory factory
        = [offline](QObject* parent) -> QNetworkAccessManager* { return new SimNetworkAccessManager(offline, parent); };
    d->controller
        = std::make_unique<SyncController>(d->path, d->store->hlc(), d->clock.get(), settings, std::move(factory));
    Device* raw = d.get();
    connect(d->controller.get(), &SyncController::statusChanged, this, [this, raw](const SyncStatus& status) {
        raw->status = status;
        if (m_phase == Phase::Settling && !raw->settled && status.state == SyncStatus::State::UpToDate
            && status.pendingChanges == 0 && status.lastSuccess.isValid()
            && status.lastSuccess.toMSecsSinceEpoch() >= raw->settleRequestedAt) {
            raw->settled = true;
            QTimer::singleShot(0, this, &FleetSimulator::checkSettled);
        }
    });
    connect(d->controller.get(), &SyncController::auditFinished, this, [this, raw](const AuditResult& result) {
        raw->auditResult = result.result;
        if (m_phase == Phase::Auditing && !raw->audited) {
            raw->audited = true;
            if (--m_auditPending == 0)
                collectSummary();
        }
    });
    m_devices.push_back(std::move(d));
    return true;
}

void FleetSimulator::beginEditing()
{
    m_phase = Phase::Editing;
    // A few shared work orders that many technicians edit at the same time.
    Device& first = *m_devices.front();
    DemoData demo(QDate::currentDate());
    const TableDef* table = Schema::instance().table(Schema::WorkOrders);
    const auto demoRow = [&demo, table] {
        const QStringList values = demo.next();
        QVariantMap row;
        int i = 0;
        for (const FieldDef& f : table->fields) {
            if (f.type == FieldType::Tombstone || f.name == QLatin1String("created_at") || i >= values.size())
                continue;
            row.insert(f.name, values.at(i++));
        }
        return row;
    };
    if (m_reuse && m_savedHotRows.size() == HotRowCount)
        m_hotRows = m_savedHotRows;
    for (int i = int(m_hotRows.size()); i < HotRowCount; ++i) {
        const QString id = first.store->insertRow(Schema::WorkOrders, demoRow());
        if (id.isEmpty()) {
            fail(QStringLiteral("seeding failed: %1").arg(first.store->lastError().message));
            return;
        }
        m_hotRows.append(id);
        ++m_summary.inserts;
    }
    saveFleetFile();
    for (auto& d : m_devices) {
        for (int i = 0; i < 2; ++i) {
            if (!d->store->insertRow(Schema::WorkOrders, demoRow()).isEmpty())
                ++m_summary.inserts;
        }
        d->controller->start();
    }
    m_editEndsAtMs = m_options.durationSec > 0 ? nowMs() + qint64(m_options.durationSec) * 1000 : 0;
    Q_EMIT progress(
        QStringLiteral("%1 devices syncing (%2 with skewed clocks); editing for %3")
            .arg(m_devices.size())
            .arg(std::count_if(m_devices.begin(), m_devices.end(), [](const auto& d) { return d->skewMs != 0; }))
            .arg(m_options.durationSec > 0 ? QStringLiteral("%1 s").arg(m_options.durationSec)
                                           : QStringLiteral("ever (Ctrl+C ends)")));
    m_tick.start();
    m_progressTimer.start();
}

QString FleetSimulator::randomRowId(Device& d, bool hotOnly)
{
    if (hotOnly) {
        QStringList known;
        for (const QString& id : std::as_const(m_hotRows)) {
            const auto row = d.store->row(Schema::WorkOrders, id);
            if (row && !row->value(QStringLiteral("deleted")).toBool())
                known.append(id);
        }
        return known.isEmpty() ? QString() : known.at(int(m_rng.bounded(int(known.size()))));
    }
    QSqlQuery q(d.store->database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM work_orders WHERE deleted = 0")) || !q.next())
        return {};
    const int count = q.value(0).toInt();
    if (count == 0)
        return {};
    q.prepare(QStringLiteral("SELECT id FROM work_orders WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET ?"));
    q.addBindValue(int(m_rng.bounded(count)));
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

void FleetSimulator::setOffline(Device& d, bool offline)
{
    if (d.offline->load() == offline)
        return;
    d.offline->store(offline);
    if (offline) {
        ++m_summary.offlinePeriods;
        const qint64 mean = std::clamp<qint64>(qint64(m_options.durationSec) * 1000 / 6, 4'000, 45'000);
        d.offlineUntilMs = nowMs() + mean / 2 + qint64(m_rng.bounded(quint32(mean)));
    } else {
        d.offlineUntilMs = 0;
        d.controller->syncNow(); // back online: the worker stops backing off
    }
}

void FleetSimulator::tick()
{
    if (m_phase != Phase::Editing)
        return;
    if (m_editEndsAtMs > 0 && nowMs() >= m_editEndsAtMs) {
        finishEditing();
        return;
    }
    const double editChance = m_options.editsPerDeviceMinute * TickMs / 60'000.0;
    const double meanOfflineMs = double(std::clamp<qint64>(qint64(m_options.durationSec) * 1000 / 6, 4'000, 45'000));
    const double share = std::clamp(m_options.offlineShare, 0.0, 0.9);
    const double offlineChance = share / (1.0 - share) * TickMs / meanOfflineMs;
    for (auto& d : m_devices) {
        if (d->offline->load()) {
            if (nowMs() >= d->offlineUntilMs)
                setOffline(*d, false);
        } else if (m_rng.generateDouble() < offlineChance) {
            setOffline(*d, true);
        }
        if (m_rng.generateDouble() < editChance)
            act(*d);
    }
}

void FleetSimulator::act(Device& d)
{
    LocalStore& store = *d.store;
    const int roll = int(m_rng.bounded(100));
    const bool hot = roll < 30;
    if (roll >= 85) {
        DemoData demo(QDate::currentDate().addDays(int(m_rng.bounded(30))));
        const QStringList values = demo.next();
        QVariantMap row;
        const TableDef* table = Schema::instance().table(Schema::WorkOrders);
        int i = 0;
        for (const FieldDef& f : table->fields) {
            if (f.type == FieldType::Tombstone || f.name == QLatin1String("created_at") || i >= values.size())
                continue;
            row.insert(f.name, values.at(i++));
        }
        row.insert(QStringLiteral("assigned_to"), d.technician);
        if (!store.insertRow(Schema::WorkOrders, row).isEmpty())
            ++m_summary.inserts;
    } else if (roll >= 80) {
        const QString id = randomRowId(d, false);
        if (!id.isEmpty() && !m_hotRows.contains(id) && store.deleteRow(Schema::WorkOrders, id))
            ++m_summary.deletes;
    } else {
        const QString id = randomRowId(d, hot);
        if (id.isEmpty())
            return;
        const std::optional<QVariantMap> current = store.row(Schema::WorkOrders, id);
        if (!current)
            return;
        QVariantMap change;
        const QTime now = QTime::currentTime();
        const QString line = QStringLiteral("%1 %2: %3")
                                 .arg(now.toString(QStringLiteral("HH:mm:ss")), d.technician,
                                     QLatin1String(NoteLines[m_rng.bounded(NoteLineCount)]));
        switch (m_rng.bounded(6)) {
        case 0: {
            const QStringList statuses = WorkOrder::statuses();
            change.insert(QStringLiteral("status"), statuses.at(int(m_rng.bounded(int(statuses.size())))));
            break;
        }
        case 1: {
            const QStringList priorities = WorkOrder::priorities();
            change.insert(QStringLiteral("priority"), priorities.at(int(m_rng.bounded(int(priorities.size())))));
            break;
        }
        case 2: {
            QString notes = current->value(QStringLiteral("notes")).toString();
            notes = notes.isEmpty() ? line : notes + QLatin1Char('\n') + line;
            change.insert(QStringLiteral("notes"), notes.right(4000));
            break;
        }
        case 3: {
            QString title = current->value(QStringLiteral("title")).toString().section(QStringLiteral(" · "), 0, 0);
            change.insert(QStringLiteral("title"), QStringLiteral("%1 · %2").arg(title.left(120), d.technician));
            break;
        }
        case 4: {
            QString description = current->value(QStringLiteral("description")).toString();
            description = description.isEmpty() ? line : line + QLatin1Char('\n') + description;
            change.insert(QStringLiteral("description"), description.left(4000));
            break;
        }
        default:
            change.insert(QStringLiteral("assigned_to"), d.technician);
            change.insert(
                QStringLiteral("due_at"), QDate::currentDate().addDays(int(m_rng.bounded(21))).toString(Qt::ISODate));
            break;
        }
        if (!store.updateRow(Schema::WorkOrders, id, change)) {
            qCInfo(lcSim) << d.name << "edit refused:" << store.lastError().message;
            return;
        }
        ++(hot ? m_summary.hotUpdates : m_summary.updates);
    }
    d.controller->notifyLocalEdit();
}

void FleetSimulator::reportProgress()
{
    int online = 0;
    qint64 pending = 0;
    qint64 conflicts = 0;
    int errors = 0;
    for (const auto& d : m_devices) {
        online += d->offline->load() ? 0 : 1;
        pending += d->status.pendingChanges;
        conflicts += d->status.openConflicts;
        errors += d->status.state == SyncStatus::State::Error || d->status.state == SyncStatus::State::AuthError;
    }
    const qint64 edits = m_summary.inserts + m_summary.updates + m_summary.hotUpdates + m_summary.deletes;
    QString phase;
    switch (m_phase) {
    case Phase::Editing:
        phase = QStringLiteral("editing");
        break;
    case Phase::Settling:
        phase = QStringLiteral("settling, round %1").arg(m_settleRound);
        break;
    case Phase::Verifying:
        phase = QStringLiteral("verifying");
        break;
    case Phase::Auditing:
        phase = QStringLiteral("auditing");
        break;
    default:
        phase = QStringLiteral("starting");
        break;
    }
    Q_EMIT progress(QStringLiteral("[%1 s] %2 · online %3/%4 · edits %5 (new %6, hot %7, deleted %8) · unsynced rows "
                                   "%9 · open conflicts %10 · errors %11")
                        .arg(nowMs() / 1000, 4)
                        .arg(phase)
                        .arg(online)
                        .arg(m_devices.size())
                        .arg(edits)
                        .arg(m_summary.inserts)
                        .arg(m_summary.hotUpdates)
                        .arg(m_summary.deletes)
                        .arg(pending)
                        .arg(conflicts)
                        .arg(errors));
}

void FleetSimulator::finishEditing()
{
    if (m_phase == Phase::Enrolling || m_phase == Phase::Idle) {
        fail(QStringLiteral("stopped before the fleet was enrolled"));
        return;
    }
    if (m_phase == Phase::Editing)
        beginSettling();
}

void FleetSimulator::beginSettling()
{
    m_tick.stop();
    m_phase = Phase::Settling;
    for (auto& d : m_devices)
        setOffline(*d, false);
    m_settleDeadlineMs = nowMs() + qint64(m_options.settleTimeoutSec) * 1000;
    m_settleRound = 0;
    Q_EMIT progress(QStringLiteral("edit phase over after %1 s; every device back online, syncing until quiet")
                        .arg(nowMs() / 1000));
    settleRound();
}

void FleetSimulator::settleRound()
{
    m_phase = Phase::Settling;
    ++m_settleRound;
    for (auto& d : m_devices) {
        d->settled = false;
        d->settleRequestedAt = d->clock->nowMs();
        d->lastNudgeMs = nowMs();
        d->controller->syncNow();
    }
    m_settleTimer.start();
}

void FleetSimulator::checkSettled()
{
    if (m_phase != Phase::Settling)
        return;
    int settled = 0;
    for (auto& d : m_devices) {
        if (d->settled) {
            ++settled;
            continue;
        }
        // A failed or refused run backs off; in this phase ask again every few seconds.
        const bool failing = d->status.state == SyncStatus::State::Error
            || d->status.state == SyncStatus::State::Offline || d->status.state == SyncStatus::State::AuthError;
        if (failing && nowMs() - d->lastNudgeMs > 3'000) {
            d->lastNudgeMs = nowMs();
            d->controller->syncNow();
        }
    }
    const bool timedOut = nowMs() > m_settleDeadlineMs;
    if (settled < int(m_devices.size()) && !timedOut)
        return;
    m_settleTimer.stop();
    if (timedOut && settled < int(m_devices.size()))
        Q_EMIT progress(QStringLiteral("settle timeout: %1 of %2 devices quiet").arg(settled).arg(m_devices.size()));
    // Round 1 pushes everything; round 2 pulls what the others pushed after this device's pull.
    if (m_settleRound < 2 && !timedOut) {
        settleRound();
        return;
    }
    verifyAll();
}

void FleetSimulator::verifyAll()
{
    m_phase = Phase::Verifying;
    const QList<TableDef>& tables = Schema::instance().tables();
    m_verifyPending = int(m_devices.size() * tables.size());
    for (auto& d : m_devices)
        d->verifyMismatches = 0;
    for (auto& d : m_devices) {
        Device* raw = d.get();
        for (const TableDef& table : tables) {
            const VerifyRequest req = d->syncStore->verifyRequest(table);
            request("POST", QStringLiteral("/v1/verify"), d->token, req.toJson(),
                [this, raw, req](int status, const QJsonObject& body, const QString& error) {
                    const Parsed<VerifyResponse> response = VerifyResponse::fromJson(body);
                    if (status != 200 || !response) {
                        qCWarning(lcSim) << raw->name << "verify failed:" << status << error;
                        ++raw->verifyMismatches;
                    } else {
                        if (!response.value->match)
                            ++raw->verifyMismatches;
                        m_summary.serverRows = response.value->serverCount;
                    }
                    if (--m_verifyPending > 0)
                        return;
                    QStringList divergent;
                    for (const auto& dev : m_devices) {
                        if (dev->verifyMismatches > 0)
                            divergent.append(dev->name);
                    }
                    if (!divergent.isEmpty() && m_settleRound < MaxSettleRounds && nowMs() < m_settleDeadlineMs) {
                        Q_EMIT progress(QStringLiteral("%1 device(s) not yet equal to the server; another round")
                                            .arg(divergent.size()));
                        settleRound();
                        return;
                    }
                    m_summary.divergent = divergent;
                    m_summary.converged = divergent.isEmpty();
                    if (m_summary.converged)
                        runAudits();
                    else
                        collectSummary();
                });
        }
    }
}

void FleetSimulator::runAudits()
{
    m_phase = Phase::Auditing;
    m_auditPending = int(m_devices.size());
    for (auto& d : m_devices) {
        d->audited = false;
        d->controller->runAudit();
    }
    QTimer::singleShot(60'000, this, [this] {
        if (m_phase == Phase::Auditing) {
            Q_EMIT progress(QStringLiteral("audit timeout: %1 device(s) did not report").arg(m_auditPending));
            collectSummary();
        }
    });
}

void FleetSimulator::collectSummary()
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_summary.elapsedMs = nowMs();
    std::vector<qint64> latency;
    for (auto& d : m_devices) {
        QSqlQuery q(d->store->database());
        if (q.exec(QStringLiteral("SELECT COALESCE(SUM(pushed), 0), COALESCE(SUM(pulled), 0) FROM sync_log "
                                  "WHERE kind = 'sync'"))
            && q.next()) {
            m_summary.rowsPushed += q.value(0).toLongLong();
            m_summary.rowsPulled += q.value(1).toLongLong();
        }
        if (q.exec(QStringLiteral("SELECT latency_ms FROM latency_samples"))) {
            while (q.next())
                latency.push_back(q.value(0).toLongLong());
        }
        m_summary.audits[d->auditResult.isEmpty() ? QStringLiteral("none") : d->auditResult] += 1;
    }
    std::sort(latency.begin(), latency.end());
    m_summary.latencySamples = qint64(latency.size());
    m_summary.latencyP50Ms = percentile(latency, 0.50);
    m_summary.latencyP95Ms = percentile(latency, 0.95);
    m_summary.latencyP99Ms = percentile(latency, 0.99);
    m_summary.latencyMaxMs = latency.empty() ? -1 : latency.back();

    request("GET", QStringLiteral("/v1/conflicts?status=all&limit=1000"), m_options.adminToken, {},
        [this](int status, const QJsonObject& body, const QString&) {
            if (status == 200) {
                const QJsonArray list = body.value(QStringLiteral("conflicts")).toArray();
                m_summary.conflictsTotal = list.size();
                m_summary.conflictsOpen = 0;
                for (const QJsonValue& v : list) {
                    const Parsed<ConflictRecord> c = ConflictRecord::fromJson(v.toObject());
                    if (c && c.value->resolution.isEmpty())
                        ++m_summary.conflictsOpen;
                }
            }
            finish(m_summary.converged);
        });
}

QStringList FleetSimulator::summaryLines() const
{
    const Summary& s = m_summary;
    QStringList lines;
    if (!s.error.isEmpty()) {
        lines << QStringLiteral("error: %1").arg(s.error);
    } else {
        QStringList audits;
        for (auto it = s.audits.cbegin(); it != s.audits.cend(); ++it)
            audits << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        audits.sort();
        lines << QStringLiteral("summary: %1 devices, %2 s").arg(s.devices).arg(double(s.elapsedMs) / 1000.0, 0, 'f', 1)
              << QStringLiteral("  edits: %1 new, %2 edited, %3 concurrent edits of %4 shared work orders, %5 deleted")
                     .arg(s.inserts)
                     .arg(s.updates)
                     .arg(s.hotUpdates)
                     .arg(HotRowCount)
                     .arg(s.deletes)
              << QStringLiteral("  offline periods: %1").arg(s.offlinePeriods)
              << QStringLiteral("  rows synced: %1 pushed, %2 pulled; %3 rows on the server")
                     .arg(s.rowsPushed)
                     .arg(s.rowsPulled)
                     .arg(s.serverRows)
              << QStringLiteral("  conflicts: %1 recorded, %2 open").arg(s.conflictsTotal).arg(s.conflictsOpen)
              << QStringLiteral("  sync latency (%1 samples): p50 %2, p95 %3, p99 %4, max %5")
                     .arg(s.latencySamples)
                     .arg(formatMs(s.latencyP50Ms), formatMs(s.latencyP95Ms), formatMs(s.latencyP99Ms),
                         formatMs(s.latencyMaxMs))
              << QStringLiteral("  audits: %1")
                     .arg(audits.isEmpty() ? QStringLiteral("none") : audits.join(QStringLiteral(", ")));
    }
    lines << (s.converged
            ? QStringLiteral("converged: yes")
            : QStringLiteral("converged: no %1")
                  .arg(s.divergent.isEmpty() ? QStringLiteral("(not checked)") : s.divergent.join(QLatin1Char(' '))));
    return lines;
}

void FleetSimulator::finish(bool converged)
{
    m_phase = Phase::Done;
    m_tick.stop();
    m_progressTimer.stop();
    m_settleTimer.stop();
    Q_EMIT finished(converged);
}

void FleetSimulator::fail(const QString& message)
{
    m_summary.error = message;
    m_summary.converged = false;
    finish(false);
}

void FleetSimulator::abort()
{
    m_tick.stop();
    m_progressTimer.stop();
    m_settleTimer.stop();
    m_phase = Phase::Done;
    m_devices.clear();
}

} // namespace fieldsync
