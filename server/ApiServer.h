#pragma once

#include "Metrics.h"
#include "ServerConfig.h"
#include "Storage.h"
#include "SyncService.h"

#include <QHttpServer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

class QTcpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace fieldsync::server {

// The HTTP front of fieldsync-server: QHttpServer on the GUI-less main thread accepts connections and parses
// requests; every request runs SyncService::handle on a bounded thread pool (so database work never blocks
// accepting) and its answer is written back on the main thread, unless the client has gone meanwhile.
// Writes one JSON log line per request to stderr and feeds Metrics.
class ApiServer : public QObject
{
    Q_OBJECT

public:
    ApiServer(const ServerConfig& config, Storage& storage, QObject* parent = nullptr);
    ~ApiServer() override;

    // Binds the listening socket (TLS when configured) and starts the retention timer. Returns an error
    // message, or an empty string on success.
    QString start();
    quint16 port() const { return m_port; }
    Metrics& metrics() { return m_metrics; }
    SyncService& service() { return m_service; }
    // Stops accepting, answers the requests in flight (new ones on open connections get 503) and waits for
    // the request threads to end, with their database connections closed. Idempotent; the destructor calls it.
    void shutdown();

private:
    void dispatch(const QString& endpoint, const QString& arg, const QHttpServerRequest& request,
        QHttpServerResponder&& responder);
    void guardBodyLimit(QTcpSocket* socket);
    void refuseChunked(QTcpSocket* socket); // answers 411 and closes: QHttpServer cannot bound such bodies
    void answerAndClose(
        QTcpSocket* socket, int status, const char* reason, const QString& code, const QString& message);
    void logRequest(const QByteArray& method, const QString& endpoint, const ApiResponse& response, double ms);
    void purge();

    const ServerConfig& m_config;
    Storage& m_storage;
    Metrics m_metrics;
    SyncService m_service;
    QHttpServer m_http;
    QThreadPool m_pool;
    QTimer m_purgeTimer;
    QTcpServer* m_listener = nullptr;
    quint16 m_port = 0;
    std::atomic<int> m_inFlight { 0 };
    std::atomic<bool> m_stopping { false };
};

// Formats Qt's own messages (warnings, the fieldsync.server category) as JSON lines on stderr.
void installJsonMessageHandler();
// One JSON object per line on stderr, flushed; safe from any thread.
void writeLogLine(const QJsonObject& line);

} // namespace fieldsync::server
