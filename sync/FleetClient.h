#pragma once

#include "Protocol.h"
#include "SyncTypes.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace fieldsync {

// The supervisor's view of the fleet, fetched from fieldsync-server on its own requests: GET /v1/me (role),
// GET /v1/fleet, GET /v1/conflicts?status=open, GET /v1/devices/{id}/events and
// POST /v1/conflicts/{id}/resolve. It never goes through the technician's sync queue.
//
// Thread rules: lives on the GUI thread. Everything is asynchronous: slots start requests and return at
// once; results arrive as value-type signals, failures as requestFailed(). At most one request per kind is
// in flight; a refresh asked for while one runs is coalesced into it. Its QNetworkAccessManager comes from
// the factory (tests may pass a fake) and is owned by this object.
class FleetClient : public QObject
{
    Q_OBJECT
public:
    enum class Role { Unknown, Technician, Supervisor, Admin };
    Q_ENUM(Role)

    enum class Keep { Winner, Loser };

    explicit FleetClient(NetworkFactory networkFactory = {}, QObject* parent = nullptr);
    ~FleetClient() override;

    // Points the client at a hub; clears what it knew about the previous one and asks for the role again.
    void setServer(const QUrl& serverUrl, const QString& token);
    QUrl serverUrl() const { return m_serverUrl; }

    // Periodic refresh of the fleet and the conflict inbox while the role allows it (default 15 s).
    void setRefreshInterval(int ms);
    int refreshInterval() const { return m_timer.interval(); }
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }

    bool isStarted() const { return m_started; }
    Role role() const { return m_role; }
    bool isSupervisor() const { return m_role == Role::Supervisor || m_role == Role::Admin; }
    std::optional<protocol::DeviceInfo> identity() const { return m_identity; }
    std::optional<protocol::FleetReport> lastReport() const { return m_report; }
    QList<protocol::ConflictRecord> openConflicts() const { return m_conflicts; }
    bool isBusy() const { return !m_inFlight.isEmpty(); }

    static QString roleName(Role role);
    static Role roleFromString(const QString& text);

public Q_SLOTS:
    // Asks for the role (again every refresh interval until the hub answers); the periodic refresh runs
    // while the role is supervisor or admin.
    void start();
    void stop();
    void detectRole(); // GET /v1/me
    void refresh(); // GET /v1/fleet and GET /v1/conflicts?status=open
    void fetchDeviceEvents(const QString& deviceId, int limit = 100);
    // Settles an open conflict: Winner keeps the value the merge chose, Loser brings the other one back as a
    // new edit on the server, which every device then pulls like any other change.
    void resolveConflict(const QString& conflictId, fieldsync::FleetClient::Keep keep);

Q_SIGNALS:
    void roleChanged(fieldsync::FleetClient::Role role);
    void identityReceived(const fieldsync::protocol::DeviceInfo& info);
    void fleetReceived(const fieldsync::protocol::FleetReport& report);
    void conflictsReceived(const QList<fieldsync::protocol::ConflictRecord>& conflicts);
    void deviceEventsReceived(const fieldsync::protocol::DeviceEvents& events);
    void conflictResolved(const fieldsync::protocol::ConflictRecord& conflict);
    // endpoint is the request's path ("/v1/fleet"); the error carries the HTTP status (0: no connection).
    void requestFailed(const QString& endpoint, const fieldsync::protocol::Error& error);
    void busyChanged(bool busy);

private:
    enum class Kind { Me, Fleet, Conflicts, Events, Resolve };
    QNetworkAccessManager* network();
    QNetworkReply* send(Kind kind, const QString& path, const QByteArray& verb, const QByteArray& body = {});
    void finished(QNetworkReply* reply, Kind kind, const QString& path);
    void handleMe(const QJsonObject& body);
    void handleFleet(const QJsonObject& body, const QString& path);
    void handleConflicts(const QJsonObject& body, const QString& path);
    void handleEvents(const QJsonObject& body, const QString& path);
    void handleResolve(const QJsonObject& body, const QString& path);
    void setRole(Role role);
    void abortAll();

    NetworkFactory m_networkFactory;
    QNetworkAccessManager* m_network = nullptr;
    QUrl m_serverUrl;
    QString m_token;
    QTimer m_timer;
    int m_timeoutMs = 20'000;
    bool m_started = false;
    Role m_role = Role::Unknown;
    std::optional<protocol::DeviceInfo> m_identity;
    std::optional<protocol::FleetReport> m_report;
    QList<protocol::ConflictRecord> m_conflicts;
    QHash<QNetworkReply*, Kind> m_inFlight;
    bool m_refreshAgain = false;
};

} // namespace fieldsync
