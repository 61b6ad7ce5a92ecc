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

// A JSON string exactly as QJsonDocument writes it: UTF-8; '"', '\\', \b, \f, \n, \r, \t escaped by name,
// other characters below U+0020 as \u00xx (lower-case hex); everything else verbatim.
void appendString(QByteArray& out, QStringView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    qsizetype run = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s.at(i).unicode();
        if (u >= 0x20 && u != u'"' && u != u'\\')
            continue;
        out.append(s.sliced(run, i - run).toUtf8());
        run = i + 1;
        out.append('\\');
        switch (u) {
        case u'"':
            out.append('"');
            break;
        case u'\\':
            out.append('\\');
            break;
        case u'\b':
            out.append('b');
            break;
        case u'\f':
            out.append('f');
            break;
        case u'\n':
            out.append('n');
            break;
        case u'\r':
            out.append('r');
            break;
        case u'\t':
            out.append('t');
            break;
        default:
            out.append("u00");
            out.append(hex[u >> 4]);
            out.append(hex[u & 0xf]);
        }
    }
    out.append(s.sliced(run).toUtf8());
    out.append('"');
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
        appendString(out, it.key());
        out.append(':');
        appendString(out, it.value());
    }
    out.append(R"(},"id":)");
    appendString(out, row.id);
    out.append(R"(,"values":{)");
    first = true;
    for (auto it = row.values.constBegin(); it != row.values.constEnd(); ++it) { // keys in sorted order
        if (!first)
            out.append(',');
        first = false;
        appendString(out, it.key());
        out.append(':');
        const QJsonValue v = it.value();
        if (v.isString())
            appendString(out, v.toString());
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
