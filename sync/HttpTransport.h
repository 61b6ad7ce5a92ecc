#pragma once

#include "SyncTypes.h"

#include <QByteArray>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <optional>

namespace fieldsync {

// The sync worker's HTTP client. Qt streams a request body to its HTTP thread from the thread that owns the
// reply, one 16 KB piece per event: with the replies on the worker's thread, a push batch of 800 KB moved only
// between the worker's database transactions, and the hub sat idle while the worker applied answers. Here the
// network manager and its replies live on a thread of their own that does nothing else; the worker posts
// requests and receives whole answers on its own thread.
//
// With a NetworkFactory (tests' fake servers) the manager it makes lives on the caller's thread instead and no
// thread is started; requests and answers still pass through the event loop, as with the real one.
//
// Create, use and destroy on one thread (the worker's). Callbacks run on that thread, never after abortAll() or
// the destructor.
class HttpTransport : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        int status = 0; // HTTP status, 0 when no answer
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QString errorText;
        QByteArray body;
        bool succeeded() const { return succeeded(status, error); }
        static bool succeeded(int status, QNetworkReply::NetworkError error)
        {
            return status >= 200 && status < 300 && error == QNetworkReply::NoError;
        }
    };
    using Done = std::function<void(const Result&)>;
    // A chain of GETs where each answer names the next request near its start (the pull's cursor). The function
    // runs on the transport's thread with the first bytes of each 2xx answer, again as more arrive until it
    // returns true, at the latest with the whole body. It returns false while it cannot tell yet, and true with the
    // next request or none (the last page, or an answer it does not understand: the chain then ends there).
    using Follow = std::function<bool(const QByteArray& start, std::optional<QNetworkRequest>* next)>;

    explicit HttpTransport(const NetworkFactory& factory = {}, QObject* parent = nullptr);
    ~HttpTransport() override; // aborts what is in flight and stops the thread

    // GET, or POST with a JSON body. Returns the request's id.
    quint64 send(
        QNetworkAccessManager::Operation op, const QNetworkRequest& request, const QByteArray& body, Done done);
    // Sends `first`, then whatever `follow` names as soon as it is named, while at most `ahead` answers of the chain
    // are unconsumed (sent and not yet passed to consumed()); the rest wait in the chain. Answers reach `done` in
    // the order their requests were sent; the chain ends at its first failed answer (nothing after it is handed
    // over). Returns the chain's id.
    quint64 sendChain(const QNetworkRequest& first, Follow follow, int ahead, Done done);
    // The worker finished with one answer of the chain: the next request may go out.
    void consumed(quint64 chain);
    // Aborts one request or chain (what it still has in flight); its callback is dropped.
    void abort(quint64 id);
    // Aborts every request and chain in flight; their callbacks are dropped.
    void abortAll();
    int inFlight() const { return int(m_pending.size()); }

private:
    class Context;
    void deliver(quint64 id, const Result& result, bool last); // last: nothing more comes for id

    QThread m_thread; // not started with a factory
    Context* m_context = nullptr; // on m_thread (or this thread): owns the manager and the replies
    QHash<quint64, Done> m_pending; // this thread only: requests and chains in flight
    quint64 m_nextId = 0;
};

} // namespace fieldsync
