#include "HttpTransport.h"

#include <QPointer>

namespace fieldsync {

// Lives on the transport's thread: the manager, the replies in flight, and where their answers go.
class HttpTransport::Context : public QObject
{
public:
    explicit Context(HttpTransport* owner)
        : m_owner(owner)
    { }

    void start(QNetworkAccessManager::Operation op, const QNetworkRequest& request, const QByteArray& body, quint64 id)
    {
        QNetworkReply* reply
            = op == QNetworkAccessManager::PostOperation ? manager->post(request, body) : manager->get(request);
        m_replies.insert(id, reply);
        connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
            m_replies.remove(id);
            reply->deleteLater();
            Result r;
            r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            r.error = reply->error();
            r.errorText = reply->errorString();
            r.body = reply->readAll();
            // The owner outlives this thread's work (its destructor stops the thread first).
            QMetaObject::invokeMethod(
                m_owner, [owner = m_owner, id, r] { owner->deliver(id, r); }, Qt::QueuedConnection);
        });
    }

    void abortAll()
    {
        const QHash<quint64, QPointer<QNetworkReply>> replies = std::exchange(m_replies, {});
        for (const QPointer<QNetworkReply>& reply : replies) {
            if (!reply)
                continue;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }

    QNetworkAccessManager* manager = nullptr;

private:
    HttpTransport* m_owner;
    QHash<quint64, QPointer<QNetworkReply>> m_replies;
};

HttpTransport::HttpTransport(const NetworkFactory& factory, QObject* parent)
    : QObject(parent)
{
    m_context = new Context(this);
    if (factory) {
        m_context->manager = factory(m_context);
        return;
    }
    m_thread.setObjectName(QStringLiteral("FieldSyncHttp"));
    m_context->moveToThread(&m_thread);
    m_thread.start();
    // The manager is made on its own thread, so everything it creates belongs there.
    QMetaObject::invokeMethod(
        m_context, [context = m_context] { context->manager = new QNetworkAccessManager(context); },
        Qt::BlockingQueuedConnection);
}

HttpTransport::~HttpTransport()
{
    m_pending.clear();
    if (!m_thread.isRunning()) {
        m_context->abortAll();
        delete m_context;
        return;
    }
    QMetaObject::invokeMethod(
        m_context,
        [context = m_context] {
            context->abortAll();
            delete context; // the manager and the replies with it, on their thread
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void HttpTransport::send(
    QNetworkAccessManager::Operation op, const QNetworkRequest& request, const QByteArray& body, Done done)
{
    const quint64 id = ++m_nextId;
    m_pending.insert(id, std::move(done));
    QMetaObject::invokeMethod(
        m_context, [context = m_context, op, request, body, id] { context->start(op, request, body, id); },
        Qt::QueuedConnection);
}

void HttpTransport::abortAll()
{
    m_pending.clear(); // answers already on their way are dropped in deliver()
    QMetaObject::invokeMethod(
        m_context, [context = m_context] { context->abortAll(); }, Qt::QueuedConnection);
}

void HttpTransport::deliver(quint64 id, const Result& result)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // aborted
    const Done done = std::move(it.value());
    m_pending.erase(it);
    done(result);
}

} // namespace fieldsync
