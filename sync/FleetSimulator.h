#pragma once

#include "Protocol.h"
#include "SyncTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTemporaryDir;

namespace fieldsync {

struct FleetSimulatorOptions
{
    QUrl serverUrl;
    QString adminToken;
    int devices = 50;
    int durationSec = 120; // edit phase; 0 = until stop()
    quint32 seed = 1;
    // One SQLite store per device; empty: a temporary directory removed at the end. A given directory keeps
    // fleet.json (device ids, tokens, mode 0600) so the next run reuses the same enrolled devices.
    QString dataDir;
    int skewDevices = -1; // devices with a wrong wall clock (±30 min … ±2 h); -1: a fifth of the fleet
    QString supervisorTokenFile; // when set, a supervisor device is enrolled and its token written here
    double editsPerDeviceMinute = 6.0;
    double offlineShare = 0.2; // share of the edit phase a device spends offline, on average
    int syncIntervalMs = 5'000;
    int telemetryIntervalMs = 10'000;
    int settleTimeoutSec = 90;
    int progressIntervalSec = 5;
    QString namePrefix = QStringLiteral("sim"); // devices are named sim-01, sim-02, …
};

// Runs N virtual devices against a fieldsync-server: each has its own SQLite store (LocalStore) and the
// real sync engine (SyncController/SyncWorker on its own thread), enrolled through the admin-only
// POST /v1/devices. During the edit phase devices insert, edit and delete work orders, edit a few shared
// ("hot") work orders concurrently, go offline for random periods (their network manager then reaches a
// closed port) and some run on skewed wall clocks. Then every device comes back online and syncs until it
// is quiet, and the convergence check compares each device's audit hashes with the server's
// (POST /v1/verify); the real workers then run their own integrity audit for the summary.
//
// Thread rules: lives on the thread that runs the event loop (the program's main thread); device stores
// opened here use one connection per device ("sim-<n>"), the workers their own ("sync-sim-<n>").
// Everything is asynchronous; results are reported through progress() lines and finished().
class FleetSimulator : public QObject
{
    Q_OBJECT
public:
    struct Summary
    {
        int devices = 0;
        qint64 elapsedMs = 0;
        qint64 inserts = 0;
        qint64 updates = 0;
        qint64 hotUpdates = 0;
        qint64 deletes = 0;
        qint64 offlinePeriods = 0;
        qint64 rowsPushed = 0;
        qint64 rowsPulled = 0;
        qint64 serverRows = -1;
        qint64 conflictsTotal = -1;
        qint64 conflictsOpen = -1;
        qint64 latencySamples = 0;
        qint64 latencyP50Ms = -1;
        qint64 latencyP95Ms = -1;
        qint64 latencyP99Ms = -1;
        qint64 latencyMaxMs = -1;
        QHash<QString, int> audits; // result -> devices
        bool converged = false;
        QStringList divergent; // device names whose hashes differ from the server's
        QString error; // set when the run could not complete (enrolment failed, …)
    };

    explicit FleetSimulator(FleetSimulatorOptions options, QObject* parent = nullptr);
    ~FleetSimulator() override;

    void start();
    // Ends the edit phase now and goes on with the convergence check (the program's SIGINT in --forever).
    void finishEditing();
    // Stops everything without a check.
    void abort();

    const Summary& summary() const { return m_summary; }
    QStringList summaryLines() const;
    int deviceCount() const;
    // A device's current row as its own store holds it (the simulator's connection), or nullopt.
    std::optional<QVariantMap> deviceRow(int device, const QString& table, const QString& id) const;
    QString deviceName(int device) const;
    QString supervisorToken() const { return m_supervisorToken; }

Q_SIGNALS:
    void progress(const QString& line);
    void finished(bool converged);

private:
    struct Device;
    using Callback = std::function<void(int status, const QJsonObject& body, const QString& error)>;

    void request(
        const QByteArray& verb, const QString& path, const QString& token, const QJsonObject& body, Callback callback);
    struct SavedDevice
    {
        protocol::DeviceInfo info;
        qint64 skewMs = 0;
    };
    void loadFleetFile();
    void saveFleetFile();
    void enrolSupervisor();
    void enrolNext();
    bool createDevice(int index, const protocol::DeviceInfo& info, std::optional<qint64> savedSkewMs = std::nullopt);
    void beginEditing();
    void tick();
    void act(Device& d);
    void setOffline(Device& d, bool offline);
    void reportProgress();
    void beginSettling();
    void settleRound();
    void checkSettled();
    void verifyAll();
    void runAudits();
    void collectSummary();
    void finish(bool converged);
    void fail(const QString& message);
    QString randomRowId(Device& d, bool hotOnly);
    qint64 nowMs() const;

    FleetSimulatorOptions m_options;
    QRandomGenerator m_rng;
    QNetworkAccessManager* m_network = nullptr;
    QString m_dataDir;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_supervisorToken;
    std::vector<std::unique_ptr<Device>> m_devices;
    QStringList m_hotRows;
    QList<SavedDevice> m_saved; // from <data dir>/fleet.json
    QStringList m_savedHotRows;
    bool m_reuse = false;
    QTimer m_tick;
    QTimer m_progressTimer;
    QTimer m_settleTimer;
    QElapsedTimer m_elapsed;
    qint64 m_editEndsAtMs = 0;
    qint64 m_settleDeadlineMs = 0;
    int m_settleRound = 0;
    int m_verifyPending = 0;
    int m_auditPending = 0;
    enum class Phase { Idle, Enrolling, Editing, Settling, Verifying, Auditing, Done } m_phase = Phase::Idle;
    Summary m_summary;
};

} // namespace fieldsync
