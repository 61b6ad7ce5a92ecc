#include "ApiServer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstdio>
#include <functional>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcServer)

namespace fieldsync::server {

namespace {

// A listener that counts the connections it hands to QHttpServer (for /metrics) and lets the ApiServer look
// at each socket before QHttpServer does (its readyRead slot runs first).
template <typename Base> class CountingServer final : public Base
{
public:
    CountingServer(Metrics& metrics, std::function<void(QTcpSocket*)> inspect, QObject* parent)
        : Base(parent)
        , m_metrics(metrics)
        , m_inspect(std::move(inspect))
    { }

    QTcpSocket* nextPendingConnection() override
    {
        QTcpSocket* socket = Base::nextPendingConnection();
        if (socket) {
            m_metrics.connectionOpened();
            Metrics* metrics = &m_metrics;
            QObject::connect(socket, &QObject::destroyed, this, [metrics] { metrics->connectionClosed(); });
            m_inspect(socket);
        }
        return socket;
    }

private:
    Metrics& m_metrics;
    std::function<void(QTcpSocket*)> m_inspect;
};

QMutex s_logMutex;

// Acknowledges the bytes read so far at once instead of after the delayed-ACK timeout. A client that writes a
// request's headers and its body separately with Nagle's algorithm on (Qt's QNetworkAccessManager does) holds
// the body back until the headers are acknowledged, and on a connection the kernel treats as interactive that
// acknowledgement is delayed by up to 40 ms: every small POST took 40+ ms while the server worked 1 ms on it.
// Linux does not keep the setting, so it is renewed on every read.
void acknowledgeNow(QTcpSocket* socket)
{
#if defined(Q_OS_LINUX) && defined(TCP_QUICKACK)
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        const int one = 1;
        ::setsockopt(int(fd), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
#else
    Q_UNUSED(socket);
#endif
}

constexpr int IdleTimeoutMs = 120'000;

QByteArray header(const QHttpServerRequest& request, const char* name)
{
    for (const auto& [key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const char* level = "info";
    switch (type) {
    case QtDebugMsg:
        level = "debug";
        break;
    case QtWarningMsg:
        level = "warning";
        break;
    case QtCriticalMsg:
    case QtFatalMsg:
        level = "error";
        break;
    default:
        break;
    }
    writeLogLine(QJsonObject { { QStringLiteral("level"), QLatin1String(level) },
        { QStringLiteral("category"), QLatin1String(context.category ? context.category : "default") },
        { QStringLiteral("message"), message } });
}

} // namespace

void writeLogLine(const QJsonObject& line)
{
    QJsonObject full = line;
    full.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QByteArray text = QJsonDocument(full).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&s_logMutex);
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

void installJsonMessageHandler()
{
    qInstallMessageHandler(messageHandler);
}

ApiServer::ApiServer(const ServerConfig& config, Storage& storage, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_storage(storage)
    , m_service(storage, config, m_metrics)
{
    const int threads = config.threads > 0 ? config.threads : qMax(4, 2 * QThread::idealThreadCount());
    m_pool.setMaxThreadCount(threads);
    m_pool.setExpiryTimeout(-1); // keep threads, and with them their database connections

    struct Endpoint
    {
        const char* path; // QHttpServer pattern
        const char* name; // SyncService endpoint
    };
    static const Endpoint plain[] = {
        { "/v1/health", "/v1/health" },
        { "/v1/me", "/v1/me" },
        { "/v1/push", "/v1/push" },
        { "/v1/changes", "/v1/changes" },
        { "/v1/verify", "/v1/verify" },
        { "/v1/rows", "/v1/rows" },
        { "/v1/telemetry", "/v1/telemetry" },
        { "/v1/fleet", "/v1/fleet" },
        { "/v1/conflicts", "/v1/conflicts" },
        { "/v1/devices", "/v1/devices" },
    };
    for (const Endpoint& e : plain) {
        const QString name = QLatin1String(e.name);
        m_http.route(QLatin1String(e.path), QHttpServerRequest::Method::AnyKnown,
            [this, name](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                dispatch(name, QString(), request, std::move(responder));
            });
    }
    m_http.route(QStringLiteral("/v1/devices/<arg>/events"), QHttpServerRequest::Method::AnyKnown,
        [this](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            dispatch(QStringLiteral("/v1/devices/{id}/events"), id, request, std::move(responder));
        });
    m_http.route(QStringLiteral("/v1/conflicts/<arg>/resolve"), QHttpServerRequest::Method::AnyKnown,
        [this](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            dispatch(QStringLiteral("/v1/conflicts/{id}/resolve"), id, request, std::move(responder));
        });
    m_http.route(QStringLiteral("/metrics"), QHttpServerRequest::Method::AnyKnown,
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            QElapsedTimer timer;
            timer.start();
            ApiResponse response;
            if (request.method() == QHttpServerRequest::Method::Get) {
                response.body = m_metrics.render();
                response.contentType = "text/plain; version=0.0.4";
            } else {
                response.status = 405;
                response.body = R"({"error":{"code":"method_not_allowed","message":"/metrics needs GET"}})";
            }
            responder.write(
                response.body, response.contentType, static_cast<QHttpServerResponder::StatusCode>(response.status));
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            m_metrics.recordRequest(QStringLiteral("/metrics"), response.status, ms / 1000);
            logRequest(methodName(request.method()), QStringLiteral("/metrics"), response, ms);
        });
    m_http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        ApiResponse response;
        response.status = 404;
        response.errorCode = QStringLiteral("not_found");
        response.body = R"({"error":{"code":"not_found","message":"no such endpoint"}})";
        responder.write(response.body, response.contentType, QHttpServerResponder::StatusCode::NotFound);
        m_metrics.recordRequest(QStringLiteral("other"), 404, 0);
        logRequest(methodName(request.method()), request.url().path(), response, 0);
    });

    m_purgeTimer.setInterval(qMax<qint64>(1000, qint64(config.purgeIntervalMinutes * 60'000)));
    connect(&m_purgeTimer, &QTimer::timeout, this, &ApiServer::purge);
}

ApiServer::~ApiServer()
{
    shutdown();
}

QString ApiServer::start()
{
    const QHostAddress address(
        m_config.listenHost == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : m_config.listenHost);
    if (address.isNull())
        return QStringLiteral("cannot listen on \"%1\": not an IP address").arg(m_config.listenHost);
    const bool tls = !m_config.tlsCertFile.isEmpty();
    if (tls) {
        QFile certFile(m_config.tlsCertFile);
        QFile keyFile(m_config.tlsKeyFile);
        if (!certFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read TLS certificate %1").arg(m_config.tlsCertFile);
        if (!keyFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read TLS key %1").arg(m_config.tlsKeyFile);
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyData = keyFile.readAll();
        QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || key.isNull())
            return QStringLiteral("the TLS certificate or key is not valid PEM");
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificateChain(chain);
        ssl.setPrivateKey(key);
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        auto* server = new CountingServer<QSslServer>(
            m_metrics, [this](QTcpSocket* s) { guardBodyLimit(s); }, this);
        server->setSslConfiguration(ssl);
        m_listener = server;
    } else {
        m_listener = new CountingServer<QTcpServer>(
            m_metrics, [this](QTcpSocket* s) { guardBodyLimit(s); }, this);
    }
    if (!m_listener->listen(address, m_config.listenPort))
        return QStringLiteral("cannot listen on %1:%2: %3")
            .arg(m_config.listenHost)
            .arg(m_config.listenPort)
            .arg(m_listener->errorString());
    m_http.bind(m_listener);
    m_port = m_listener->serverPort();
    m_purgeTimer.start();
    writeLogLine(QJsonObject { { QStringLiteral("event"), QStringLiteral("listening") },
        { QStringLiteral("host"), m_config.listenHost }, { QStringLiteral("port"), int(m_port) },
        { QStringLiteral("tls"), tls }, { QStringLiteral("backend"), m_storage.backendName() },
        { QStringLiteral("threads"), m_pool.maxThreadCount() } });
    return {};
}

void ApiServer::shutdown()
{
    if (m_stopping.exchange(true))
        return;
    m_purgeTimer.stop();
    if (m_listener)
        m_listener->close();
    // Requests already taken finish (a push commits whole or not at all) and are answered: their answers are
    // posted to this thread, so events are processed until none is in flight. Requests arriving meanwhile on
    // open connections get 503 (see dispatch).
    QDeadlineTimer deadline(30'000);
    while (m_inFlight.load() > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (m_inFlight.load() > 0)
            QThread::msleep(2);
    }
    m_pool.waitForDone(int(qMax<qint64>(0, deadline.remainingTime())));
    QCoreApplication::sendPostedEvents(this);
    // A last pass lets the sockets write the answers out before the process ends.
    QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
}

void ApiServer::dispatch(
    const QString& endpoint, const QString& arg, const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    ApiRequest api;
    api.method = methodName(request.method());
    api.endpoint = endpoint;
    api.pathArg = arg;
    api.query = request.query();
    api.authorization = header(request, "authorization");

    auto respond = [this, api](QHttpServerResponder& r, const ApiResponse& response, double ms) {
        r.write(response.body, response.contentType, static_cast<QHttpServerResponder::StatusCode>(response.status));
        m_metrics.recordRequest(api.endpoint, response.status, ms / 1000);
        logRequest(api.method, api.endpoint, response, ms);
    };

    // The body limit is checked before any work: from Content-Length when given, else from the body read.
    bool lengthOk = false;
    const qint64 declared = header(request, "content-length").trimmed().toLongLong(&lengthOk);
    if ((lengthOk && declared > m_config.bodyLimitBytes) || request.body().size() > m_config.bodyLimitBytes) {
        ApiResponse response;
        response.status = 413;
        response.errorCode = QStringLiteral("payload_too_large");
        response.body = protocol::serialize(protocol::makeError(413, response.errorCode,
            QStringLiteral("request body over the limit of %1 bytes").arg(m_config.bodyLimitBytes))
                                                .toJson());
        respond(responder, response, double(timer->nsecsElapsed()) / 1e6);
        return;
    }
    if (m_stopping.load() || m_inFlight.load() >= m_config.maxQueuedRequests) {
        ApiResponse response;
        response.status = 503;
        response.errorCode = QStringLiteral("unavailable");
        response.body = protocol::serialize(protocol::makeError(503, response.errorCode,
            m_stopping.load() ? QStringLiteral("the server is stopping, retry later")
                              : QStringLiteral("the server is busy, retry later"))
                                                .toJson());
        respond(responder, response, double(timer->nsecsElapsed()) / 1e6);
        return;
    }
    api.body = request.body();

    ++m_inFlight;
    QPointer<QTcpSocket> socket(responder.socket());
    auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
    SyncService* service = &m_service;
    // A plain runnable posting its answer back, not QtConcurrent::run(…).then(this, …): Qt 6.4's context
    // continuation could run twice under load and then reported on a moved-from promise (SIGSEGV in
    // QFutureInterfaceBase::reportStarted on the main thread). Everything the answer needs moves into the posted
    // call, so the responder is destroyed on this thread.
    m_pool.start([this, service, api = std::move(api), socket, shared, timer, respond]() mutable {
        ApiResponse response = service->handle(api);
        QMetaObject::invokeMethod(
            this,
            [this, socket = std::move(socket), shared = std::move(shared), timer = std::move(timer),
                respond = std::move(respond), response = std::move(response)] {
                --m_inFlight;
                const double ms = double(timer->nsecsElapsed()) / 1e6;
                if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
                    // The client went away; the work is done (a push is committed) and the retry will be
                    // answered from the op log.
                    ApiResponse gone = response;
                    gone.errorCode = QStringLiteral("client_gone");
                    m_metrics.recordRequest(QStringLiteral("client_gone"), response.status, ms / 1000);
                    logRequest("-", QStringLiteral("client_gone"), gone, ms);
                    return;
                }
                respond(*shared, response, ms);
            },
            Qt::QueuedConnection);
    });
}

void ApiServer::guardBodyLimit(QTcpSocket* socket)
{
    // When a request's headers announce a body over the limit, its bytes are read and discarded here, before
    // QHttpServer would buffer them; the client gets 413 once the body has arrived (clients read answers only
    // after sending), then the connection closes. Chunked bodies (no Content-Length) are refused with 411.
    auto toDiscard = std::make_shared<qint64>(-1);
    // Connections idle for two minutes are closed, so dead or stalled clients do not hold sockets forever.
    auto* idle = new QTimer(socket);
    idle->setSingleShot(true);
    idle->setInterval(IdleTimeoutMs);
    connect(idle, &QTimer::timeout, socket, [socket] { socket->disconnectFromHost(); });
    connect(socket, &QIODevice::bytesWritten, idle, qOverload<>(&QTimer::start));
    connect(socket, &QIODevice::readyRead, idle, qOverload<>(&QTimer::start));
    idle->start();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, toDiscard] {
        acknowledgeNow(socket);
        constexpr qint64 Refused = -2; // the connection was answered 411 and is closing
        if (*toDiscard == Refused)
            return;
        if (*toDiscard < 0) {
            const QByteArray head = socket->peek(qMin<qint64>(socket->bytesAvailable(), 16 * 1024));
            static const QByteArrayList methods { "POST ", "PUT ", "PATCH ", "GET ", "DELETE " };
            if (std::none_of(
                    methods.begin(), methods.end(), [&head](const QByteArray& m) { return head.startsWith(m); }))
                return;
            const qsizetype end = head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qint64 length = -1;
            bool chunked = false;
            for (const QByteArray& line : head.left(end).split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed();
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    length = line.mid(colon + 1).trimmed().toLongLong();
                else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
                    chunked = chunked || line.mid(colon + 1).toLower().contains("chunked");
            }
            if (chunked) {
                // QHttpServer would buffer a chunked body of any size before a handler could look at it, so
                // such bodies are refused at their headers: every request body must announce its length.
                *toDiscard = Refused;
                refuseChunked(socket);
                return;
            }
            if (length <= m_config.bodyLimitBytes)
                return;
            *toDiscard = end + 4 + length;
            // From here on this connection is ours: QHttpServer stops reading it (and must not keep the bytes
            // in a read transaction).
            QObject::disconnect(socket, &QIODevice::readyRead, &m_http, nullptr);
            if (socket->isTransactionStarted())
                socket->commitTransaction();
        }
        const QByteArray chunk = socket->read(qMin(socket->bytesAvailable(), *toDiscard));
        *toDiscard -= chunk.size();
        if (*toDiscard > 0)
            return;
        answerAndClose(socket, 413, "Payload Too Large", QStringLiteral("payload_too_large"),
            QStringLiteral("request body over the limit of %1 bytes").arg(m_config.bodyLimitBytes));
    });
}

void ApiServer::refuseChunked(QTcpSocket* socket)
{
    QObject::disconnect(socket, &QIODevice::readyRead, &m_http, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    // The rest of the body is read and dropped until the connection has closed.
    connect(socket, &QIODevice::readyRead, socket, [socket] { socket->readAll(); });
    socket->readAll();
    answerAndClose(socket, 411, "Length Required", QLatin1String(protocol::ErrorCode::BadRequest),
        QStringLiteral("a request body needs a Content-Length header; chunked bodies are not accepted"));
}

// An error answer written straight to a connection QHttpServer no longer reads, then closed.
void ApiServer::answerAndClose(
    QTcpSocket* socket, int status, const char* reason, const QString& code, const QString& message)
{
    ApiResponse response;
    response.status = status;
    response.errorCode = code;
    response.body = protocol::serialize(protocol::makeError(status, code, message).toJson());
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(response.body.size()) + "\r\n\r\n" + response.body);
    socket->disconnectFromHost();
    m_metrics.recordRequest(QStringLiteral("body_limit"), status, 0);
    logRequest("-", QStringLiteral("body_limit"), response, 0);
}

void ApiServer::logRequest(const QByteArray& method, const QString& endpoint, const ApiResponse& response, double ms)
{
    QJsonObject line { { QStringLiteral("event"), QStringLiteral("request") },
        { QStringLiteral("method"), QString::fromLatin1(method) }, { QStringLiteral("endpoint"), endpoint },
        { QStringLiteral("status"), response.status }, { QStringLiteral("device"), response.deviceId },
        { QStringLiteral("rows"), response.rows }, { QStringLiteral("duration_ms"), qRound64(ms * 1000) / 1000.0 } };
    if (!response.errorCode.isEmpty())
        line.insert(QStringLiteral("error"), response.errorCode);
    writeLogLine(line);
}

void ApiServer::purge()
{
    SyncService* service = &m_service;
    [[maybe_unused]] QFuture<void> done = QtConcurrent::run(&m_pool, [service] {
        try {
            const qint64 purged = service->purgeExpired();
            if (purged > 0)
                writeLogLine(QJsonObject {
                    { QStringLiteral("event"), QStringLiteral("purge") }, { QStringLiteral("rows"), purged } });
        } catch (const StorageError& e) {
            qCWarning(lcServer) << "tombstone purge failed:" << e.what();
        }
    });
}

} // namespace fieldsync::server
