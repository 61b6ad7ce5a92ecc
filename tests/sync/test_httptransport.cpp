// HttpTransport on its own thread with the real QNetworkAccessManager, against a small HTTP server on 127.0.0.1
// that answers page requests in two parts: the head ("next_cursor", "has_more") at once, the rest later. Checks
// the chain asks for the next page while one is still arriving, hands answers over in request order, keeps to
// its limit of unconsumed answers, and stops when aborted.

#include "HttpTransport.h"
#include "Protocol.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

using namespace fieldsync;

namespace {

// GET /page?cursor=N: pages 1..last, the head written at once and the rest after delayMs(N).
class PageServer : public QObject
{
public:
    explicit PageServer(int last)
        : m_last(last)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(int cursor) const
    {
        QUrl u(QStringLiteral("http://127.0.0.1:%1/page").arg(m_server.serverPort()));
        u.setQuery(QStringLiteral("cursor=%1").arg(cursor));
        return u;
    }
    std::function<int(int cursor)> delayMs = [](int) { return 0; };
    int dropCursor = 0; // this page's connection closes after its head
    QStringList events; // "request N" and "done N", in the order they happened

private:
    void serve(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
        buffer.remove(0, end + 4);
        const QUrl target(QString::fromLatin1(requestLine.split(' ').value(1)));
        const int cursor = QUrlQuery(target).queryItemValue(QStringLiteral("cursor")).toInt();
        events << QStringLiteral("request %1").arg(cursor);
        const QByteArray head = "{\"next_cursor\":\"" + QByteArray::number(cursor + 1)
            + "\",\"has_more\":" + (cursor < m_last ? "true" : "false") + ",";
        const QByteArray rest = "\"rows\":[],\"pad\":\"" + QByteArray(64 * 1024, 'x') + "\"}";
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(head.size() + rest.size()) + "\r\n\r\n" + head);
        QTimer::singleShot(delayMs(cursor), socket, [this, socket, rest, cursor] {
            if (cursor == dropCursor) {
                socket->abort();
                events << QStringLiteral("dropped %1").arg(cursor);
                return;
            }
            socket->write(rest);
            events << QStringLiteral("done %1").arg(cursor);
        });
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    int m_last;
};

HttpTransport::Follow follower(const PageServer& server)
{
    return [&server](const QByteArray& start, std::optional<QNetworkRequest>* next) {
        const std::optional<protocol::PageHead> head = protocol::peekChangesPage(start);
        if (!head)
            return false;
        if (head->hasMore)
            *next = QNetworkRequest(server.url(head->nextCursor.toInt()));
        return true;
    };
}

int cursorOf(const HttpTransport::Result& r)
{
    const auto head = protocol::peekChangesPage(r.body);
    return head ? head->nextCursor.toInt() - 1 : -1;
}

} // namespace

class TestHttpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Page 1 is slow to finish, pages 2 and 3 are quick: they are asked for and answered while page 1 still
    // arrives, and handed over after it.
    void chainAsksEarlyAndDeliversInOrder()
    {
        PageServer server(3);
        QVERIFY(server.listen());
        server.delayMs = [](int cursor) { return cursor == 1 ? 400 : 0; };
        HttpTransport http;
        QList<int> delivered;
        QList<int> statuses;
        http.sendChain(QNetworkRequest(server.url(1)), follower(server), 3, [&](const HttpTransport::Result& r) {
            delivered << cursorOf(r);
            statuses << r.status;
        });
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 3, 5000);
        QCOMPARE(delivered, (QList<int> { 1, 2, 3 }));
        QCOMPARE(statuses, (QList<int> { 200, 200, 200 }));
        // The later pages were asked for and finished before page 1 was complete.
        QVERIFY2(server.events.indexOf(QStringLiteral("done 3")) < server.events.indexOf(QStringLiteral("done 1")),
            qPrintable(server.events.join(u", ")));
        QCOMPARE(http.inFlight(), 0);
    }

    // Page 1 breaks off after its head, when page 2 was already asked for (and answered): the chain ends with
    // page 1's failure, and page 2 is never handed over, or the pull would skip page 1's rows.
    void chainEndsAtAFailedAnswer()
    {
        PageServer server(3);
        QVERIFY(server.listen());
        server.delayMs = [](int cursor) { return cursor == 1 ? 400 : 0; };
        server.dropCursor = 1;
        HttpTransport http;
        QList<bool> failed;
        http.sendChain(QNetworkRequest(server.url(1)), follower(server), 3,
            [&](const HttpTransport::Result& r) { failed << (r.error != QNetworkReply::NoError); });
        QTRY_VERIFY_WITH_TIMEOUT(server.events.contains(QStringLiteral("dropped 1")), 5000);
        QTest::qWait(300);
        QVERIFY2(server.events.contains(QStringLiteral("done 2")), qPrintable(server.events.join(u", ")));
        QCOMPARE(failed, QList<bool> { true });
        QCOMPARE(http.inFlight(), 0);
    }

    // With one answer allowed unconsumed, the next page waits until the worker is done with the previous one.
    void chainKeepsToItsLimit()
    {
        PageServer server(2);
        QVERIFY(server.listen());
        HttpTransport http;
        QList<int> delivered;
        const quint64 chain = http.sendChain(QNetworkRequest(server.url(1)), follower(server), 1,
            [&](const HttpTransport::Result& r) { delivered << cursorOf(r); });
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 5000);
        QTest::qWait(200);
        QCOMPARE(server.events.count(QStringLiteral("request 2")), 0);
        http.consumed(chain);
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, 5000);
        QCOMPARE(delivered, (QList<int> { 1, 2 }));
    }

    // An aborted chain delivers nothing more and asks for nothing more.
    void abortedChainStops()
    {
        PageServer server(5);
        QVERIFY(server.listen());
        server.delayMs = [](int) { return 300; };
        HttpTransport http;
        QList<int> delivered;
        const quint64 chain = http.sendChain(QNetworkRequest(server.url(1)), follower(server), 1,
            [&](const HttpTransport::Result& r) { delivered << cursorOf(r); });
        QTRY_VERIFY_WITH_TIMEOUT(server.events.contains(QStringLiteral("request 1")), 5000);
        http.abort(chain);
        QTest::qWait(600);
        QVERIFY(delivered.isEmpty());
        QCOMPARE(server.events.count(QStringLiteral("request 2")), 0);
        QCOMPARE(http.inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "test_httptransport.moc"
