#include "StorageCodec.h"

#include "sync/AuditHash.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QtEndian>

namespace fieldsync::server::codec {

QByteArray toJsonText(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray toJsonText(const QMap<QString, QString>& map)
{
    QJsonObject o;
    for (auto it = map.begin(); it != map.end(); ++it)
        o.insert(it.key(), it.value());
    return toJsonText(o);
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
