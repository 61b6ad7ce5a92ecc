#include "RawClient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <memory>

namespace fieldsync::bench {

RawClient::RawClient(QUrl baseUrl, QString token, QObject* parent)
    : QObject(parent)
    , m_base(std::move(baseUrl))
    , m_token(std::move(token))
    , m_nam(new QNetworkAccessManager(this))
{
    m_nam->setAutoDeleteReplies(true);
}

RawClient::~RawClient() = default;

void RawClient::send(bool isPost, const QString& path, const QByteArray& body, Done done)
{
    QUrl url = m_base;
    const qsizetype q = path.indexOf(u'?');
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(120'000);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply* reply;
    if (isPost) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        reply = m_nam->post(request, body);
    } else {
        reply = m_nam->get(request);
    }
    connect(reply, &QNetworkReply::finished, this, [reply, timer, done = std::move(done)] {
        HttpResult r;
        r.body = reply->readAll();
        r.ms = double(timer->nsecsElapsed()) / 1e6;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && r.status == 0)
            r.error = reply->errorString();
        done(r);
    });
}

void RawClient::post(const QString& path, const QByteArray& body, Done done)
{
    send(true, path, body, std::move(done));
}

void RawClient::get(const QString& pathAndQuery, Done done)
{
    send(false, pathAndQuery, {}, std::move(done));
}

HttpResult RawClient::postSync(const QString& path, const QByteArray& body)
{
    QEventLoop loop;
    HttpResult out;
    post(path, body, [&](const HttpResult& r) {
        out = r;
        loop.quit();
    });
    loop.exec();
    return out;
}

HttpResult RawClient::getSync(const QString& pathAndQuery)
{
    QEventLoop loop;
    HttpResult out;
    get(pathAndQuery, [&](const HttpResult& r) {
        out = r;
        loop.quit();
    });
    loop.exec();
    return out;
}

PageSummary summarizePage(const QByteArray& body)
{
    // A structural scan, not a decode: the top-level members has_more, next_cursor and rows (counted by its
    // elements), so the simulated devices spend next to nothing of the shared CPU on reading pages.
    PageSummary s;
    const char* p = body.constData();
    const char* const end = p + body.size();
    int depth = 0;
    QByteArray key; // the last top-level member name
    bool rowsSeen = false;
    bool expectKey = false;
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            const char* start = ++p;
            while (p < end && *p != '"')
                p += *p == '\\' ? 2 : 1;
            if (p >= end)
                break;
            const QByteArrayView text(start, p - start);
            ++p;
            if (depth == 1 && expectKey) {
                key = text.toByteArray();
                expectKey = false;
            } else if (depth == 1 && key == "next_cursor") {
                s.nextCursor = QString::fromUtf8(text);
            }
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth == 2 && c == '{' && key == "rows")
                ++s.rows;
            if (depth == 1 && c == '[' && key == "rows")
                rowsSeen = true;
            ++depth;
            expectKey = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        } else if (depth == 1 && key == "has_more" && c == 't') {
            s.hasMore = true;
        }
        ++p;
    }
    s.valid = rowsSeen && depth == 0;
    if (!s.valid)
        s.error
            = rowsSeen ? QStringLiteral("the page is not complete JSON") : QStringLiteral("no rows member in the page");
    return s;
}

QString changesPath(const QString& cursor, int limit)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("cursor"), cursor);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return QStringLiteral("/v1/changes?") + query.toString(QUrl::FullyEncoded);
}

} // namespace fieldsync::bench
