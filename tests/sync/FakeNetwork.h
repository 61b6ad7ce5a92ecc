#pragma once

#include "Clock.h"
#include "Hlc.h"
#include "Protocol.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>

namespace fieldsync::test {

// An in-memory protocol v1 hub for sync unit tests (the FakeQNAM pattern of Nextcloud's test suite).
// It merges pushes with the real merge::applyChange, keeps a gap-free change feed by sequence number,
// answers verify/rows/telemetry/conflict resolutions, and injects faults per endpoint. Requests are handled
// when they arrive (like a server that commits before answering); the answer is delivered later through the
// event loop, never synchronously.
class FakeServer : public QObject
{
    Q_OBJECT
public:
    enum class Fault {
        Pass, // answer normally (to place a fault after some good answers)
        Status500, // 500 internal, nothing applied
        Drop, // connection closed before the request was handled
        DropAfterApply, // handled (pushed changes committed), then the connection closed: the answer is lost
        Hang, // never answers: the client's transfer timeout must end it
        Truncate, // 200 with half of the body
        Status401,
        Status403,
        Status410, // reset_required
        Status422 // the whole request refused
    };

    explicit FakeServer(const Clock* clock, QObject* parent = nullptr);

    QString addDevice(const QString& deviceId, const QString& technician = {}); // returns a token
    void revoke(const QString& token);

    // Faults and delays per endpoint ("/v1/push", "/v1/changes", …), consumed in order.
    void injectFault(const QString& endpoint, Fault fault, int times = 1);
    void setDelay(const QString& endpoint, int ms) { m_delays.insert(endpoint, ms); }
    // Changes to these rows are answered "rejected" (422 invalid_value).
    QSet<QString> rejectRows;
    // Cursors older than this sequence number get 410 reset_required.
    qint64 purgeWatermark = 0;
    // Push answers carry the feed span of the push, as the hub's do.
    bool feedSpans = true;

    // State.
    QMap<QString, protocol::Row> rows; // id -> canonical row (with seq)
    qint64 seq = 0;
    QList<protocol::ConflictRecord> conflicts;
    QList<protocol::TelemetryBatch> telemetry;
    QMap<QString, QString> resolutions; // conflict id -> resolution
    QStringList requests; // "POST /v1/push", in arrival order
    QStringList pullCursors; // cursor parameter of every /v1/changes request
    int pushedChanges = 0; // changes applied (not duplicates)
    int duplicates = 0;
    int conflictListings = 0; // GET /v1/conflicts answered

    // Writes a row on the server as if another device had pushed it; an empty row if the merge refused it.
    protocol::Row writeRemote(const QString& id, const QJsonObject& values,
        const QString& deviceId = QStringLiteral("OTHERDEVICE"), qint64 skewMs = 0);
    // A hub whose answers carry its wall clock only (as after a restart), not the latest clock it stored.
    bool lagClock = false;
    HybridLogicalClock& hlc() { return m_hlc; }
    const Clock* clock() const { return m_clock; }

    struct Answer
    {
        int status = 200;
        QByteArray body;
        bool drop = false;
        bool hang = false;
    };
    Answer handle(QNetworkAccessManager::Operation op, const QNetworkRequest& request, const QByteArray& body);
    int delayFor(const QString& endpoint) const { return m_delays.value(endpoint, 0); }

Q_SIGNALS:
    void requestArrived(const QString& endpoint);

private:
    Answer error(int status, const char* code, const QString& message) const;
    Answer push(const QByteArray& body, const QString& deviceId, const QString& technician);
    Answer changes(const QUrlQuery& query);
    Answer conflictList(const QUrlQuery& query, const QString& deviceId);
    Answer verify(const QByteArray& body);
    Answer rowsOfBucket(const QUrlQuery& query);

    const Clock* m_clock;
    HybridLogicalClock m_hlc;
    QHash<QString, QPair<QString, QString>> m_tokens; // token -> (device id, technician)
    QSet<QString> m_revoked;
    QHash<QString, protocol::ChangeResult> m_ops; // op id -> first answer
    QMap<QString, QList<Fault>> m_faults;
    QHash<QString, int> m_delays;
    int m_tokenCounter = 0;
};

// A reply the fake network fills from the event loop.
class FakeReply : public QNetworkReply
{
    Q_OBJECT
public:
    FakeReply(const QNetworkRequest& request, QNetworkAccessManager::Operation op, QObject* parent);
    void respond(int status, const QByteArray& body);
    void fail(QNetworkReply::NetworkError error, const QString& text);
    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

// QNetworkAccessManager whose requests go to a FakeServer.
class FakeQNAM : public QNetworkAccessManager
{
    Q_OBJECT
public:
    FakeQNAM(FakeServer* server, QObject* parent);

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* outgoingData) override;

private:
    FakeServer* m_server;
};

} // namespace fieldsync::test
