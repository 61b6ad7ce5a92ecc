#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace fieldsync::bench {

struct HttpResult
{
    int status = 0; // 0: no HTTP answer (connection error)
    QByteArray body;
    double ms = 0; // request sent -> last byte received
    QString error;
    bool ok() const { return status >= 200 && status < 300; }
};

// One simulated device speaking protocol v1 directly: its own QNetworkAccessManager (so each device has
// its own connections; one manager caps connections per host), one request in flight at a time when
// driven by the load loops. Async calls report through a callback on the owning thread; the *Sync
// variants spin a local event loop and exist for fixture setup and for the seed article's blocking
// baseline, never on a measured GUI thread.
class RawClient : public QObject
{
    Q_OBJECT
public:
    RawClient(QUrl baseUrl, QString token, QObject* parent = nullptr);
    ~RawClient() override;

    using Done = std::function<void(const HttpResult&)>;
    void post(const QString& path, const QByteArray& body, Done done);
    void get(const QString& pathAndQuery, Done done);

    HttpResult postSync(const QString& path, const QByteArray& body);
    HttpResult getSync(const QString& pathAndQuery);

    QString token() const { return m_token; }

private:
    void send(bool isPost, const QString& path, const QByteArray& body, Done done);

    QUrl m_base;
    QString m_token;
    QNetworkAccessManager* m_nam;
};

// The parts of a /v1/changes page the load loops need, read without decoding every row.
struct PageSummary
{
    bool valid = false;
    int rows = 0;
    QString nextCursor;
    bool hasMore = false;
    QString error;
};
PageSummary summarizePage(const QByteArray& body);

QString changesPath(const QString& cursor, int limit);

} // namespace fieldsync::bench
