#include "AuditHash.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace fieldsync::audit {

namespace {

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

} // namespace

QByteArray canonicalEncoding(const protocol::Row& row)
{
    QJsonObject clocks;
    for (auto it = row.clocks.constBegin(); it != row.clocks.constEnd(); ++it) {
        if (!it.value().isEmpty())
            clocks.insert(it.key(), it.value());
    }
    QJsonObject values;
    for (auto it = row.values.constBegin(); it != row.values.constEnd(); ++it)
        values.insert(it.key(), it->isNull() ? QJsonValue(QString()) : *it);
    const QJsonObject o { { u"clocks"_s, clocks }, { u"id"_s, row.id }, { u"values"_s, values } };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray rowHash(const protocol::Row& row)
{
    return sha256(canonicalEncoding(row));
}

int bucketOf(const QString& id)
{
    return quint8(sha256(id.toUtf8()).at(0));
}

void Accumulator::add(const protocol::Row& row)
{
    QMap<QString, QByteArray>& bucket = m_rows[bucketOf(row.id)];
    if (!bucket.contains(row.id))
        ++m_count;
    bucket.insert(row.id, rowHash(row));
}

QMap<int, QString> Accumulator::bucketHashes() const
{
    QMap<int, QString> out;
    for (auto b = m_rows.constBegin(); b != m_rows.constEnd(); ++b) {
        QByteArray concatenated;
        concatenated.reserve(b->size() * 32);
        for (const QByteArray& h : *b)
            concatenated.append(h);
        out.insert(b.key(), QString::fromLatin1(sha256(concatenated).toHex()));
    }
    return out;
}

QString Accumulator::setHash() const
{
    QByteArray lines;
    const QMap<int, QString> buckets = bucketHashes();
    for (auto it = buckets.constBegin(); it != buckets.constEnd(); ++it)
        lines.append(QByteArray::number(it.key()) + ':' + it.value().toLatin1() + '\n');
    return QString::fromLatin1(sha256(lines).toHex());
}

} // namespace fieldsync::audit
