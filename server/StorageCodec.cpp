#include "StorageCodec.h"

#include "sync/AuditHash.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QVarLengthArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace fieldsync::server::codec {

void appendJsonText(QByteArray& out, const QJsonObject& o)
{
    protocol::appendJsonObject(out, o);
}

void appendJsonText(QByteArray& out, const QMap<QString, QString>& map)
{
    protocol::appendJsonStringMap(out, map);
}

EncodedRow encodeRow(const protocol::Row& row)
{
    EncodedRow text;
    text.values.reserve(1400);
    appendJsonText(text.values, row.values);
    text.clocks.reserve(32 + row.clocks.size() * 48);
    appendJsonText(text.clocks, row.clocks);
    text.authors.reserve(32 + row.authors.size() * 40);
    appendJsonText(text.authors, row.authors);
    return text;
}

QByteArray toJsonText(const QJsonObject& o)
{
    QByteArray out;
    out.reserve(256);
    appendJsonText(out, o);
    return out;
}

QByteArray toJsonText(const QMap<QString, QString>& map)
{
    QByteArray out;
    out.reserve(32 + map.size() * 48);
    appendJsonText(out, map);
    return out;
}

QJsonObject objectFromText(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

QMap<QString, QString> stringMapFromText(const QByteArray& text)
{
    QMap<QString, QString> map;
    const QJsonObject o = objectFromText(text);
    for (auto it = o.begin(); it != o.end(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

void appendJsonStringUtf8(QByteArray& out, QByteArrayView text)
{
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
            protocol::appendJsonString(out, QString::fromUtf8(text));
            return;
        }
    }
    out.append('"');
    out.append(text);
    out.append('"');
}

namespace {

// One past the closing quote of the JSON string token starting at text[start] == '"', or -1. The next quote is
// found with memchr; it ends the string unless an odd number of backslashes precede it. Long values (a work
// order's description) were most of the hub's time serving pages from PostgreSQL when this went byte by byte.
qsizetype stringEnd(QByteArrayView text, qsizetype start)
{
    const char* data = text.data();
    const qsizetype n = text.size();
    qsizetype from = start + 1;
    while (from < n) {
        const auto* quote = static_cast<const char*>(std::memchr(data + from, '"', size_t(n - from)));
        if (!quote)
            return -1;
        const qsizetype at = quote - data;
        qsizetype backslashes = 0;
        while (at - backslashes - 1 > start && data[at - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return at + 1;
        from = at + 1;
    }
    return -1;
}

} // namespace

bool appendCompactFlatObject(QByteArray& out, QByteArrayView text, QByteArrayView* maxValue)
{
    struct Member
    {
        QByteArrayView key; // without the quotes
        QByteArrayView value; // as printed, quotes included for strings
    };
    QVarLengthArray<Member, 24> members;
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto skipSpace = [&] {
        while (i < n && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'))
            ++i;
    };
    QByteArrayView best;
    skipSpace();
    if (i >= n || text[i] != '{')
        return false;
    ++i;
    skipSpace();
    if (i < n && text[i] == '}') {
        ++i;
    } else {
        for (;;) {
            if (i >= n || text[i] != '"')
                return false;
            const qsizetype keyEnd = stringEnd(text, i);
            if (keyEnd < 0)
                return false;
            const QByteArrayView key = text.sliced(i + 1, keyEnd - i - 2);
            for (char ch : key) {
                const auto c = static_cast<unsigned char>(ch);
                if (c == '\\' || c >= 0x80)
                    return false;
            }
            i = keyEnd;
            skipSpace();
            if (i >= n || text[i] != ':')
                return false;
            ++i;
            skipSpace();
            qsizetype valueEnd = -1;
            if (i < n && text[i] == '"') {
                valueEnd = stringEnd(text, i);
                if (valueEnd >= 0) {
                    const QByteArrayView content = text.sliced(i + 1, valueEnd - i - 2);
                    if (best < content)
                        best = content;
                }
            } else {
                for (const QByteArrayView literal :
                    { QByteArrayView("null"), QByteArrayView("true"), QByteArrayView("false") }) {
                    if (text.sliced(i).startsWith(literal)) {
                        valueEnd = i + literal.size();
                        break;
                    }
                }
            }
            if (valueEnd < 0)
                return false;
            members.append(Member { key, text.sliced(i, valueEnd - i) });
            i = valueEnd;
            skipSpace();
            if (i < n && text[i] == ',') {
                ++i;
                skipSpace();
                continue;
            }
            if (i < n && text[i] == '}') {
                ++i;
                break;
            }
            return false;
        }
    }
    skipSpace();
    if (i != n)
        return false;
    std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.key < b.key; });
    out.append('{');
    for (qsizetype m = 0; m < members.size(); ++m) {
        if (m > 0)
            out.append(',');
        out.append('"');
        out.append(members[m].key);
        out.append("\":");
        out.append(members[m].value);
    }
    out.append('}');
    if (maxValue)
        *maxValue = best;
    return true;
}

QByteArrayView maxClockOfText(QByteArrayView text)
{
    QByteArrayView best;
    const char* data = text.data();
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const auto* quote = static_cast<const char*>(std::memchr(data + i, '"', size_t(n - i)));
        if (!quote)
            break;
        const qsizetype start = quote - data;
        // A member value follows ':' (spaces aside); a key follows '{' or ','.
        qsizetype before = start;
        while (before > 0
            && (data[before - 1] == ' ' || data[before - 1] == '\n' || data[before - 1] == '\t'
                || data[before - 1] == '\r'))
            --before;
        const qsizetype end = stringEnd(text, start);
        const qsizetype stop = end < 0 ? n : end - 1; // an unterminated string runs to the end
        if (before > 0 && data[before - 1] == ':') {
            const QByteArrayView s = text.sliced(start + 1, stop - start - 1);
            if (best < s)
                best = s;
        }
        if (end < 0)
            break;
        i = end;
    }
    return best;
}

QString maxClock(const protocol::Row& row)
{
    QString best;
    for (const QString& c : row.clocks)
        best = qMax(best, c);
    return best;
}

QString isoUtc(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

int bucketOf(const QString& id)
{
    return audit::bucketOf(id);
}

qint32 rowLockKey(const RowKey& key)
{
    const QByteArray digest
        = QCryptographicHash::hash(QByteArray(key.table.toUtf8() + '/' + key.id.toUtf8()), QCryptographicHash::Sha256);
    return qFromBigEndian<qint32>(digest.constData());
}

} // namespace fieldsync::server::codec
