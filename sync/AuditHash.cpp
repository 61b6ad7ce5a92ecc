#include "AuditHash.h"

#include <QCryptographicHash>
#include <QJsonArray>
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
    QByteArray out;
    out.reserve(256 + row.id.size() + 80 * row.clocks.size() + 64 * row.values.size());
    out.append(R"({"clocks":{)");
    bool first = true;
    for (auto it = row.clocks.constBegin(); it != row.clocks.constEnd(); ++it) {
        if (it.value().isEmpty())
            continue;
        if (!first)
            out.append(',');
        first = false;
        protocol::appendJsonString(out, it.key());
        out.append(':');
        protocol::appendJsonString(out, it.value());
    }
    out.append(R"(},"id":)");
    protocol::appendJsonString(out, row.id);
    out.append(R"(,"values":{)");
    first = true;
    for (auto it = row.values.constBegin(); it != row.values.constEnd(); ++it) { // keys in sorted order
        if (!first)
            out.append(',');
        first = false;
        protocol::appendJsonString(out, it.key());
        out.append(':');
        const QJsonValue v = it.value();
        if (v.isString())
            protocol::appendJsonString(out, v.toString());
        else if (v.isBool())
            out.append(v.toBool() ? "true" : "false");
        else if (v.isNull() || v.isUndefined())
            out.append(R"("")");
        else // not a synced type; encoded as Qt writes it so the rule stays "compact JSON"
            out.append(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).chopped(1).sliced(1));
    }
    out.append("}}");
    return out;
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
