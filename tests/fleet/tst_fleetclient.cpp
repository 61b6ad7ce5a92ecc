// fleet_client: FleetClient against a fake network that answers asynchronously (role detection, refresh
// coalescing, bad answers, the resolve request, switching hubs with requests in flight).
#include "FleetClient.h"

#include <QBuffer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace fieldsync;
using namespace fieldsync::protocol;

namespace {

// A reply with a canned status and body, delivered from the event loop like a real one.
class FakeReply : public QNetworkReply
{
public:
    FakeReply(const QNetworkRequest& request, QNetworkAccessManager::Operation op, int status, QByteArray body,
        QObject* parent)
        : QNetworkReply(parent)
        , m_body(std::move(body))
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(op);
        open(QIODevice::ReadOnly);
        if (status == 0) {
            setError(QNetworkReply::ConnectionRefusedError, QStringLiteral("Connection refused"));
        } else {
            setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
            if (status >= 400)
                setError(QNetworkReply::ProtocolInvalidOperationError, QStringLiteral("HTTP %1").arg(status));
        }
        QTimer::singleShot(0, this, [this] {
            if (m_aborted)
                return;
            Q_EMIT readyRead();
            setFinished(true);
            Q_EMIT finished();
        });
    }
    void abort() override
    {
        m_aborted = true;
        setError(QNetworkReply::OperationCanceledError, QStringLiteral("aborted"));
        setFinished(true);
    }
    qint64 bytesAvailable() const override { return m_body.size() - m_pos + QIODevice::bytesAvailable(); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 max) override
    {
        const qint64 n = qMin(max, qint64(m_body.size()) - m_pos);
        memcpy(data, m_body.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }

private:
    QByteArray m_body;
    qint64 m_pos = 0;
    bool m_aborted = false;
};

struct Answer
{
    int status = 200;
    QByteArray body;
};

class FakeNetwork : public QNetworkAccessManager
{
public:
    using Handler = std::function<Answer(const QString& verb, const QUrl& url, const QByteArray& body)>;
    explicit FakeNetwork(QObject* parent = nullptr)
        : QNetworkAccessManager(parent)
    { }
    Handler handler;
    QStringList log; // "GET /v1/fleet"

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* data) override
    {
        const QByteArray body = data ? data->readAll() : QByteArray();
        QString verb = QString::fromLatin1(request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray());
        if (verb.isEmpty())
            verb = op == GetOperation ? QStringLiteral("GET") : QStringLiteral("POST");
        log << verb + QLatin1Char(' ') + request.url().path();
        const Answer a = handler ? handler(verb, request.url(), body) : Answer { 404, {} };
        return new FakeReply(request, op, a.status, a.body, this);
    }
};

QByteArray json(const QJsonObject& o)
{
    return serialize(o);
}

QByteArray me(const QString& role)
{
    return json(
        DeviceInfo { QStringLiteral("01DEV"), QStringLiteral("desk"), QStringLiteral("sam"), role, {} }.toJson());
}

QByteArray fleetBody(int devices)
{
    FleetReport report;
    for (int i = 0; i < devices; ++i) {
        FleetDevice d;
        d.deviceId = QStringLiteral("D%1").arg(i);
        d.name = QStringLiteral("laptop %1").arg(i);
        d.role = QStringLiteral("technician");
        report.devices << d;
    }
    report.generatedAt = QStringLiteral("2026-11-26T08:00:00.000Z");
    return json(report.toJson());
}

ConflictRecord record(const QString& id)
{
    ConflictRecord c;
    c.id = id;
    c.table = QStringLiteral("work_orders");
    c.rowId = QStringLiteral("01ROW");
    c.field = QStringLiteral("title");
    c.winnerValue = QStringLiteral("A");
    c.loserValue = QStringLiteral("B");
    c.rule = QStringLiteral("lww");
    c.createdAt = QStringLiteral("2026-11-26T08:00:00.000Z");
    return c;
}

} // namespace

class TestFleetClient : public QObject
{
    Q_OBJECT

private:
    FakeNetwork* m_network = nullptr;
    std::unique_ptr<FleetClient> m_client;

    void makeClient(FakeNetwork::Handler handler)
    {
        m_client = std::make_unique<FleetClient>([this, handler](QObject* parent) {
            m_network = new FakeNetwork(parent);
            m_network->handler = handler;
            return m_network;
        });
        m_client->setRefreshInterval(60'000); // refreshes only when the test asks
        m_client->setServer(QUrl(QStringLiteral("http://hub.test")), QStringLiteral("token"));
    }

    static Answer standard(const QString& verb, const QUrl& url, const QByteArray&)
    {
        if (url.path() == QLatin1String("/v1/me"))
            return { 200, me(QStringLiteral("supervisor")) };
        if (url.path() == QLatin1String("/v1/fleet"))
            return { 200, fleetBody(3) };
        if (url.path() == QLatin1String("/v1/conflicts") && verb == QLatin1String("GET"))
            return { 200,
                json(QJsonObject { { QStringLiteral("conflicts"),
                    QJsonArray { record(QStringLiteral("c1")).toJson(), record(QStringLiteral("c2")).toJson() } } }) };
        return { 404, json(makeError(404, QStringLiteral("not_found"), QStringLiteral("no such endpoint")).toJson()) };
    }

private Q_SLOTS:
    void cleanup()
    {
        m_client.reset();
        m_network = nullptr;
    }

    void supervisorGetsFleetAndConflicts()
    {
        makeClient(&TestFleetClient::standard);
        QSignalSpy role(m_client.get(), &FleetClient::roleChanged);
        QSignalSpy fleet(m_client.get(), &FleetClient::fleetReceived);
        QSignalSpy conflicts(m_client.get(), &FleetClient::conflictsReceived);
        m_client->start();
        QVERIFY(m_client->isBusy()); // asynchronous: nothing answered yet
        QCOMPARE(fleet.size(), 0);
        QTRY_COMPARE(fleet.size(), 1);
        QTRY_COMPARE(conflicts.size(), 1);
        QCOMPARE(role.size(), 1);
        QCOMPARE(m_client->role(), FleetClient::Role::Supervisor);
        QCOMPARE(m_client->lastReport()->devices.size(), 3);
        QCOMPARE(m_client->openConflicts().size(), 2);
        QCOMPARE(m_network->log,
            QStringList({ QStringLiteral("GET /v1/me"), QStringLiteral("GET /v1/fleet"),
                QStringLiteral("GET /v1/conflicts") }));
        QTRY_VERIFY(!m_client->isBusy());
    }

    void refreshesAreCoalesced()
    {
        makeClient(&TestFleetClient::standard);
        QSignalSpy fleet(m_client.get(), &FleetClient::fleetReceived);
        m_client->start();
        QTRY_COMPARE(fleet.size(), 1);
        QTRY_VERIFY(!m_client->isBusy());
        m_network->log.clear();
        for (int i = 0; i < 5; ++i)
            m_client->refresh();
        QTRY_COMPARE(fleet.size(), 3); // the one sent at once and one more for the four asked meanwhile
        QTRY_VERIFY(!m_client->isBusy());
        QTest::qWait(50);
        QCOMPARE(m_network->log.count(QStringLiteral("GET /v1/fleet")), 2);
        QCOMPARE(fleet.size(), 3);
    }

    void technicianIsNotPolled()
    {
        makeClient([](const QString&, const QUrl& url, const QByteArray&) -> Answer {
            if (url.path() == QLatin1String("/v1/me"))
                return { 200, me(QStringLiteral("technician")) };
            return { 403,
                json(makeError(403, QStringLiteral("forbidden"), QStringLiteral("supervisors only")).toJson()) };
        });
        m_client->start();
        QTRY_COMPARE(m_client->role(), FleetClient::Role::Technician);
        m_client->refresh();
        QTRY_VERIFY(!m_client->isBusy());
        QCOMPARE(m_network->log, QStringList { QStringLiteral("GET /v1/me") });
    }

    void forbiddenFleetMeansTechnician()
    {
        makeClient([](const QString&, const QUrl& url, const QByteArray&) -> Answer {
            if (url.path() == QLatin1String("/v1/me"))
                return { 200, me(QStringLiteral("supervisor")) };
            return { 403,
                json(makeError(403, QStringLiteral("forbidden"), QStringLiteral("supervisors only")).toJson()) };
        });
        QSignalSpy failed(m_client.get(), &FleetClient::requestFailed);
        m_client->start();
        QTRY_COMPARE(m_client->role(), FleetClient::Role::Technician);
        QTRY_VERIFY(failed.size() >= 1);
        QCOMPARE(failed.first().at(1).value<Error>().httpStatus, 403);
        QCOMPARE(failed.first().at(1).value<Error>().code, QStringLiteral("forbidden"));
    }

    void badAnswersAreReportedAndKeepTheLastReport()
    {
        int fleetCalls = 0;
        makeClient([&fleetCalls](const QString& verb, const QUrl& url, const QByteArray& body) -> Answer {
            if (url.path() == QLatin1String("/v1/fleet") && ++fleetCalls > 1)
                return { 200, QByteArrayLiteral("{\"devices\": [tru") };
            if (url.path() == QLatin1String("/v1/conflicts") && fleetCalls > 1)
                return { 200, QByteArrayLiteral("{\"conflicts\": {}}") };
            return standard(verb, url, body);
        });
        QSignalSpy fleet(m_client.get(), &FleetClient::fleetReceived);
        QSignalSpy failed(m_client.get(), &FleetClient::requestFailed);
        m_client->start();
        QTRY_COMPARE(fleet.size(), 1);
        QTRY_VERIFY(!m_client->isBusy());
        m_client->refresh();
        QTRY_COMPARE(failed.size(), 2);
        QStringList endpoints;
        for (const QList<QVariant>& f : failed)
            endpoints << f.at(0).toString();
        endpoints.sort();
        QCOMPARE(endpoints, QStringList({ QStringLiteral("/v1/conflicts?status=open"), QStringLiteral("/v1/fleet") }));
        QCOMPARE(fleet.size(), 1);
        QCOMPARE(m_client->lastReport()->devices.size(), 3);
        QCOMPARE(m_client->openConflicts().size(), 2);
    }

    void resolveSendsTheChoice()
    {
        QByteArray sent;
        QString path;
        makeClient([&](const QString& verb, const QUrl& url, const QByteArray& body) -> Answer {
            if (verb == QLatin1String("POST")) {
                sent = body;
                path = url.path();
                ConflictRecord c = record(QStringLiteral("c1"));
                c.resolution = QStringLiteral("picked_loser");
                return { 200, json(c.toJson()) };
            }
            return standard(verb, url, body);
        });
        QSignalSpy conflicts(m_client.get(), &FleetClient::conflictsReceived);
        QSignalSpy resolved(m_client.get(), &FleetClient::conflictResolved);
        m_client->start();
        QTRY_COMPARE(conflicts.size(), 1);
        m_client->resolveConflict(QStringLiteral("c1"), FleetClient::Keep::Loser);
        QTRY_COMPARE(resolved.size(), 1);
        QCOMPARE(path, QStringLiteral("/v1/conflicts/c1/resolve"));
        QCOMPARE(
            parseObject(sent).value->value(QStringLiteral("resolution")).toString(), QStringLiteral("picked_loser"));
        QCOMPARE(resolved.first().first().value<ConflictRecord>().resolution, QStringLiteral("picked_loser"));
        m_client->resolveConflict(QStringLiteral("c2"), FleetClient::Keep::Winner);
        QTRY_COMPARE(resolved.size(), 2);
        QCOMPARE(
            parseObject(sent).value->value(QStringLiteral("resolution")).toString(), QStringLiteral("kept_winner"));
    }

    void unreachableHubRetriesTheRole()
    {
        bool online = false;
        makeClient([&online](const QString& verb, const QUrl& url, const QByteArray& body) -> Answer {
            if (!online)
                return { 0, {} };
            return standard(verb, url, body);
        });
        m_client->setRefreshInterval(300);
        QSignalSpy failed(m_client.get(), &FleetClient::requestFailed);
        m_client->start();
        QTRY_VERIFY(failed.size() >= 1);
        QCOMPARE(failed.first().at(1).value<Error>().httpStatus, 0);
        QCOMPARE(m_client->role(), FleetClient::Role::Unknown);
        online = true;
        QTRY_COMPARE(m_client->role(), FleetClient::Role::Supervisor);
        QTRY_VERIFY(m_client->lastReport().has_value());
    }

    void switchingHubsDropsAnswersInFlight()
    {
        makeClient(&TestFleetClient::standard);
        QSignalSpy identity(m_client.get(), &FleetClient::identityReceived);
        QSignalSpy role(m_client.get(), &FleetClient::roleChanged);
        m_client->start(); // GET /v1/me in flight
        m_client->setServer(QUrl(QStringLiteral("http://other.test")), QStringLiteral("token2"));
        QTRY_COMPARE(identity.size(), 1); // only the new hub's answer
        QTRY_COMPARE(m_client->role(), FleetClient::Role::Supervisor);
        QCOMPARE(m_network->log.count(QStringLiteral("GET /v1/me")), 2);
    }
};

QTEST_GUILESS_MAIN(TestFleetClient)
#include "tst_fleetclient.moc"
