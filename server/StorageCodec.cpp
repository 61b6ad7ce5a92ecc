#include "StorageCodec.h"

#include "sync/AuditHash.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

namespace fieldsync::server::codec {

namespace {

void appendValue(QByteArray& out, const QJsonValue& v);

void appendArray(QByteArray& out, const QJsonArray& a)
{
    out.append('[');
    bool first = true;
    for (const QJsonValue& v : a) {
        if (!first)
            out.append(',');
        first = false;
        appendValue(out, v);
    }
    out.append(']');
}

void appendValue(QByteArray& out, const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        protocol::appendJsonString(out, v.toString());
        break;
    case QJsonValue::Bool:
        out.append(v.toBool() ? "true" : "false");
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Object:
        appendJsonText(out, v.toObject());
        break;
    case QJsonValue::Array:
        appendArray(out, v.toArray());
        break;
    default: // numbers: Qt's own formatting
        out.append(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).chopped(1).sliced(1));
        break;
    }
}

} // namespace

void appendJsonText(QByteArray& out, const QJsonObject& o)
{
    out.append('{');
    bool first = true;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        protocol::appendJsonString(out, it.key());
        out.append(':');
        appendValue(out, it.value());
    }
    out.append('}');
}

void appendJsonText(QByteArray& out, const QMap<QString, QString>& map)
{
    out.append('{');
    bool first = true;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        protocol::appendJsonString(out, it.key());
        out.append(':');
        protocol::appendJsonString(out, it.value());
    }
    out.append('}');
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

QByteArrayView maxClockOfText(QByteArrayView text)
{
    QByteArrayView best;
    bool value = false; // the next string is a member value (it follows ':')
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':') {
            value = true;
        } else if (c == ',' || c == '{') {
            value = false;
        } else if (c == '"') {
            const qsizetype start = ++i;
            while (i < text.size() && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            const QByteArrayView s = text.sliced(start, qMin(i, text.size()) - start);
            if (value && best < s)
                best = s;
        }
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
