#include "FleetClient.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcFleet)
Q_LOGGING_CATEGORY(lcFleet, "fieldsync.sync.fleet")

namespace fieldsync {

using namespace protocol;

namespace {

Error networkError(QNetworkReply* reply)
{
    return makeError(0, QStringLiteral("network"), reply->errorString());
}

} // namespace

FleetClient::FleetClient(NetworkFactory networkFactory, QObject* parent)
    : QObject(parent)
    , m_networkFactory(std::move(networkFactory))
{
    m_timer.setInterval(15'000);
    // While the role is unknown (hub unreachable, token not accepted yet) the timer asks for it again.
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_role == Role::Unknown)
            detectRole();
        else
            refresh();
    });
}

FleetClient::~FleetClient()
{
    abortAll();
}

QString FleetClient::roleName(Role role)
{
    switch (role) {
    case Role::Technician:
        return QStringLiteral("technician");
    case Role::Supervisor:
        return QStringLiteral("supervisor");
    case Role::Admin:
        return QStringLiteral("admin");
    case Role::Unknown:
        break;
    }
    return {};
}

FleetClient::Role FleetClient::roleFromString(const QString& text)
{
    if (text == QLatin1String("technician"))
        return Role::Technician;
    if (text == QLatin1String("supervisor"))
        return Role::Supervisor;
    if (text == QLatin1String("admin"))
        return Role::Admin;
    return Role::Unknown;
}

void FleetClient::setServer(const QUrl& serverUrl, const QString& token)
{
    if (serverUrl == m_serverUrl && token == m_token)
        return;
    abortAll();
    m_serverUrl = serverUrl;
    m_token = token;
    m_identity.reset();
    m_report.reset();
    m_conflicts.clear();
    setRole(Role::Unknown);
    if (m_started)
        detectRole();
}

void FleetClient::setRefreshInterval(int ms)
{
    m_timer.setInterval(qMax(250, ms));
}

void FleetClient::start()
{
    m_started = true;
    m_timer.start();
    detectRole();
}

void FleetClient::stop()
{
    m_started = false;
    m_timer.stop();
    abortAll();
}

QNetworkAccessManager* FleetClient::network()
{
    if (!m_network) {
        m_network = m_networkFactory ? m_networkFactory(this) : new QNetworkAccessManager(this);
        if (m_network->parent() != this)
            m_network->setParent(this);
    }
    return m_network;
}

QNetworkReply* FleetClient::send(Kind kind, const QString& path, const QByteArray& verb, const QByteArray& body)
{
    if (!m_serverUrl.isValid() || m_token.isEmpty()) {
        Q_EMIT requestFailed(path, makeError(0, QStringLiteral("not_configured"), tr("No hub configured.")));
        return nullptr;
    }
    QUrl url = m_serverUrl;
    const int query = path.indexOf(QLatin1Char('?'));
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + (query < 0 ? path : path.left(query)));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_timeoutMs);
    if (!body.isEmpty() || verb == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = network()->sendCustomRequest(request, verb, body);
    const bool wasBusy = isBusy();
    m_inFlight.insert(reply, kind);
    connect(reply, &QNetworkReply::finished, this, [this, reply, kind, path] { finished(reply, kind, path); });
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    return reply;
}

void FleetClient::abortAll()
{
    const auto replies = m_inFlight.keys();
    m_inFlight.clear();
    for (QNetworkReply* reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void FleetClient::finished(QNetworkReply* reply, Kind kind, const QString& path)
{
    reply->deleteLater();
    if (!m_inFlight.remove(reply))
        return; // aborted after a server change
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->readAll();
    const bool networkFailed = reply->error() != QNetworkReply::NoError && status == 0;

    if (networkFailed) {
        qCInfo(lcFleet) << "request failed" << path << reply->errorString();
        Q_EMIT requestFailed(path, networkError(reply));
    } else {
        Parsed<QJsonObject> body = parseObject(data);
        if (status < 200 || status >= 300) {
            std::optional<Error> error = body ? Error::fromJson(*body.value, status) : std::nullopt;
            if (!error)
                error = makeError(status, QStringLiteral("http"), reply->errorString());
            if (status == 401 || status == 403) {
                if (kind == Kind::Me || kind == Kind::Fleet) {
                    m_timer.stop();
                    setRole(status == 401 ? Role::Unknown : (kind == Kind::Fleet ? Role::Technician : m_role));
                }
            }
            Q_EMIT requestFailed(path, *error);
        } else if (!body) {
            Q_EMIT requestFailed(path, body.error);
        } else {
            switch (kind) {
            case Kind::Me:
                handleMe(*body.value);
                break;
            case Kind::Fleet:
                handleFleet(*body.value, path);
                break;
            case Kind::Conflicts:
                handleConflicts(*body.value, path);
                break;
            case Kind::Events:
                handleEvents(*body.value, path);
                break;
            case Kind::Resolve:
                handleResolve(*body.value, path);
                break;
            }
        }
    }
    if ((kind == Kind::Fleet || kind == Kind::Conflicts) && m_refreshAgain) {
        bool refreshing = false;
        for (Kind k : std::as_const(m_inFlight))
            refreshing = refreshing || k == Kind::Fleet || k == Kind::Conflicts;
        if (!refreshing) {
            m_refreshAgain = false;
            refresh();
        }
    }
    if (!isBusy())
        Q_EMIT busyChanged(false);
}

void FleetClient::setRole(Role role)
{
    if (role == m_role)
        return;
    m_role = role;
    if (isSupervisor() && m_started) {
        m_timer.start();
        refresh();
    } else if (m_role == Role::Unknown && m_started) {
        m_timer.start();
    } else {
        m_timer.stop();
    }
    Q_EMIT roleChanged(role);
}

void FleetClient::detectRole()
{
    for (Kind k : std::as_const(m_inFlight)) {
        if (k == Kind::Me)
            return;
    }
    send(Kind::Me, QStringLiteral("/v1/me"), "GET");
}

void FleetClient::handleMe(const QJsonObject& body)
{
    Parsed<DeviceInfo> info = DeviceInfo::fromJson(body);
    if (!info) {
        Q_EMIT requestFailed(QStringLiteral("/v1/me"), info.error);
        return;
    }
    m_identity = *info.value;
    Q_EMIT identityReceived(*info.value);
    setRole(roleFromString(info.value->role));
}

void FleetClient::refresh()
{
    if (!isSupervisor())
        return;
    for (Kind k : std::as_const(m_inFlight)) {
        if (k == Kind::Fleet || k == Kind::Conflicts) {
            m_refreshAgain = true;
            return;
        }
    }
    send(Kind::Fleet, QStringLiteral("/v1/fleet"), "GET");
    send(Kind::Conflicts, QStringLiteral("/v1/conflicts?status=open"), "GET");
}

void FleetClient::handleFleet(const QJsonObject& body, const QString& path)
{
    Parsed<FleetReport> report = FleetReport::fromJson(body);
    if (!report) {
        Q_EMIT requestFailed(path, report.error);
        return;
    }
    m_report = *report.value;
    Q_EMIT fleetReceived(*report.value);
}

void FleetClient::handleConflicts(const QJsonObject& body, const QString& path)
{
    const QJsonValue list = body.value(QStringLiteral("conflicts"));
    if (!list.isArray()) {
        Q_EMIT requestFailed(path,
            makeError(422, QString::fromLatin1(ErrorCode::WrongType), QStringLiteral("conflicts must be an array")));
        return;
    }
    QList<ConflictRecord> conflicts;
    const QJsonArray array = list.toArray();
    conflicts.reserve(array.size());
    for (const QJsonValue& item : array) {
        Parsed<ConflictRecord> record = ConflictRecord::fromJson(item.toObject());
        if (!record) {
            Q_EMIT requestFailed(path, record.error);
            return;
        }
        if (record.value->resolution.isEmpty())
            conflicts.append(*record.value);
    }
    m_conflicts = conflicts;
    Q_EMIT conflictsReceived(conflicts);
}

void FleetClient::fetchDeviceEvents(const QString& deviceId, int limit)
{
    if (deviceId.isEmpty())
        return;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    send(Kind::Events,
        QStringLiteral("/v1/devices/") + QString::fromLatin1(QUrl::toPercentEncoding(deviceId))
            + QStringLiteral("/events?") + query.toString(QUrl::FullyEncoded),
        "GET");
}

void FleetClient::handleEvents(const QJsonObject& body, const QString& path)
{
    Parsed<DeviceEvents> events = DeviceEvents::fromJson(body);
    if (!events) {
        Q_EMIT requestFailed(path, events.error);
        return;
    }
    Q_EMIT deviceEventsReceived(*events.value);
}

void FleetClient::resolveConflict(const QString& conflictId, Keep keep)
{
    if (conflictId.isEmpty())
        return;
    QJsonObject body;
    body.insert(QStringLiteral("resolution"),
        keep == Keep::Winner ? QStringLiteral("kept_winner") : QStringLiteral("picked_loser"));
    send(Kind::Resolve,
        QStringLiteral("/v1/conflicts/") + QString::fromLatin1(QUrl::toPercentEncoding(conflictId))
            + QStringLiteral("/resolve"),
        "POST", serialize(body));
}

void FleetClient::handleResolve(const QJsonObject& body, const QString& path)
{
    const QJsonObject object
        = body.value(QStringLiteral("conflict")).isObject() ? body.value(QStringLiteral("conflict")).toObject() : body;
    Parsed<ConflictRecord> record = ConflictRecord::fromJson(object);
    if (!record) {
        Q_EMIT requestFailed(path, record.error);
        return;
    }
    for (qsizetype i = 0; i < m_conflicts.size(); ++i) {
        if (m_conflicts.at(i).id == record.value->id) {
            m_conflicts.removeAt(i);
            break;
        }
    }
    Q_EMIT conflictResolved(*record.value);
    refresh();
}

} // namespace fieldsync
