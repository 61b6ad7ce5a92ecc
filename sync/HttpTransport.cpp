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
            post(id, take(reply), true);
        });
    }

    void startChain(quint64 id, const QNetworkRequest& first, const Follow& follow, int ahead)
    {
        Chain& chain = m_chains[id];
        chain.follow = follow;
        chain.ahead = qMax(1, ahead);
        issue(id, first);
    }

    void consumed(quint64 id)
    {
        const auto it = m_chains.find(id);
        if (it == m_chains.end())
            return;
        --it->unconsumed;
        if (it->parked && it->unconsumed < it->ahead)
            issue(id, *std::exchange(it->parked, std::nullopt));
    }

    void abort(quint64 id)
    {
        QList<QPointer<QNetworkReply>> replies;
        if (const QPointer<QNetworkReply> reply = m_replies.take(id))
            replies << reply;
        replies += m_chains.take(id).replies;
        abort(replies);
    }

    void abortAll()
    {
        QList<QPointer<QNetworkReply>> replies = std::exchange(m_replies, {}).values();
        for (const Chain& chain : std::as_const(m_chains))
            replies += chain.replies;
        m_chains.clear();
        abort(replies);
    }

    QNetworkAccessManager* manager = nullptr;

private:
    struct Chain
    {
        Follow follow;
        int ahead = 1;
        int unconsumed = 0; // sent, and the worker has not finished with the answer
        int issued = 0; // index of the next request
        int delivered = 0; // index of the next answer to hand over
        int outstanding = 0; // sent, no answer yet
        bool ended = false; // no further request will be named
        std::optional<QNetworkRequest> parked; // named while `ahead` answers were unconsumed
        QMap<int, Result> ready; // answers waiting for the ones before them
        QList<QPointer<QNetworkReply>> replies;
    };

    void abort(const QList<QPointer<QNetworkReply>>& replies)
    {
        for (const QPointer<QNetworkReply>& reply : replies) {
            if (!reply)
                continue;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }

    static bool succeeded(QNetworkReply* reply)
    {
        return Result::succeeded(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->error());
    }

    Result take(QNetworkReply* reply)
    {
        reply->deleteLater();
        Result r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        r.errorText = reply->errorString();
        r.body = reply->readAll();
        return r;
    }

    // The owner outlives this thread's work (its destructor stops the thread first).
    void post(quint64 id, const Result& r, bool last)
    {
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, id, r, last] { owner->deliver(id, r, last); }, Qt::QueuedConnection);
    }

    void issue(quint64 id, const QNetworkRequest& request)
    {
        Chain& chain = m_chains[id];
        const int index = chain.issued++;
        ++chain.unconsumed;
        ++chain.outstanding;
        QNetworkReply* reply = manager->get(request);
        chain.replies << reply;
        auto asked = std::make_shared<bool>(false); // the answer's start was read for the next request
        connect(reply, &QNetworkReply::readyRead, this, [this, reply, id, asked] {
            // The start of the page, while the rest is still arriving: the next request goes out now. A start
            // that long without an answer is not a page the follower understands; the whole body decides then.
            constexpr qint64 StartBytes = 4096;
            if (*asked || !succeeded(reply))
                return;
            const QByteArray start = reply->peek(StartBytes);
            if (!follow(id, start, false))
                return;
            *asked = true;
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, id, index, asked] {
            if (!m_chains.contains(id))
                return;
            const Result r = take(reply);
            if (!*asked) {
                if (r.succeeded())
                    follow(id, r.body, true);
                else
                    m_chains[id].ended = true; // a failed answer names nothing
            }
            Chain& chain = m_chains[id];
            chain.replies.removeAll(reply);
            --chain.outstanding;
            chain.ready.insert(index, r);
            flush(id);
        });
    }

    // Asks the chain's follower about an answer's start; true when it decided (`final`: it has to).
    bool follow(quint64 id, const QByteArray& start, bool final)
    {
        const auto it = m_chains.find(id);
        if (it == m_chains.end())
            return true;
        std::optional<QNetworkRequest> next;
        if (!it->follow(start, &next)) {
            if (final)
                it->ended = true;
            return final;
        }
        if (!next)
            it->ended = true;
        else if (it->unconsumed < it->ahead)
            issue(id, *next);
        else
            it->parked = next;
        return true;
    }

    void flush(quint64 id)
    {
        const auto it = m_chains.find(id);
        if (it == m_chains.end())
            return;
        while (it->ready.contains(it->delivered)) {
            const Result r = it->ready.take(it->delivered++);
            // A chain ends at its first failed answer: a later page asked for from that answer's head must not be
            // applied in place of the rows the failed one did not bring.
            const bool last
                = !r.succeeded() || (it->ended && it->outstanding == 0 && !it->parked && it->ready.isEmpty());
            post(id, r, last);
            if (last) {
                abort(it->replies);
                m_chains.erase(it);
                return;
            }
        }
    }

    HttpTransport* m_owner;
    QHash<quint64, QPointer<QNetworkReply>> m_replies;
    QHash<quint64, Chain> m_chains;
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

quint64 HttpTransport::send(
    QNetworkAccessManager::Operation op, const QNetworkRequest& request, const QByteArray& body, Done done)
{
    const quint64 id = ++m_nextId;
    m_pending.insert(id, std::move(done));
    QMetaObject::invokeMethod(
        m_context, [context = m_context, op, request, body, id] { context->start(op, request, body, id); },
        Qt::QueuedConnection);
    return id;
}

quint64 HttpTransport::sendChain(const QNetworkRequest& first, Follow follow, int ahead, Done done)
{
    const quint64 id = ++m_nextId;
    m_pending.insert(id, std::move(done));
    QMetaObject::invokeMethod(
        m_context,
        [context = m_context, first, follow = std::move(follow), ahead, id] {
            context->startChain(id, first, follow, ahead);
        },
        Qt::QueuedConnection);
    return id;
}

void HttpTransport::consumed(quint64 chain)
{
    QMetaObject::invokeMethod(
        m_context, [context = m_context, chain] { context->consumed(chain); }, Qt::QueuedConnection);
}

void HttpTransport::abort(quint64 id)
{
    m_pending.remove(id);
    QMetaObject::invokeMethod(
        m_context, [context = m_context, id] { context->abort(id); }, Qt::QueuedConnection);
}

void HttpTransport::abortAll()
{
    m_pending.clear(); // answers already on their way are dropped in deliver()
    QMetaObject::invokeMethod(
        m_context, [context = m_context] { context->abortAll(); }, Qt::QueuedConnection);
}

void HttpTransport::deliver(quint64 id, const Result& result, bool last)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // aborted
    Done done = it.value();
    if (last)
        m_pending.erase(it);
    done(result); // may abort everything, or send more
}

} // namespace fieldsync
