#pragma once

#include "Protocol.h"

#include <QByteArray>
#include <QMap>
#include <QString>

// Integrity-audit hashing, computed identically on device and server (docs/protocol.md, "Audit hash").
//
// Row encoding: compact JSON of {"clocks":{…},"id":…,"values":{…}} with keys sorted (QJsonDocument
// Compact sorts object keys), UTF-8. Empty clocks (fields never written) are left out of "clocks", a null
// value is encoded as "" (the store keeps text NOT NULL); table, seq and authors are not part of it.
// Strings are written as QJsonDocument writes them: UTF-8, with '"' and '\\' backslash-escaped, \b \f \n \r \t
// by name, other characters below U+0020 and unpaired surrogates as \uxxxx (lower-case hex), everything else
// (U+007F and all non-ASCII characters included) verbatim. No whitespace. Row hash = SHA-256 of that encoding.
// Bucket of a row = first byte of SHA-256(id as UTF-8) (0..255).
// Bucket hash = SHA-256 of the concatenated 32-byte row hashes of the bucket, rows ordered by id (byte order;
// ids are ASCII). The same id added twice counts once, the later row replacing the earlier.
// Whole-set hash = SHA-256 of the concatenated "bucket:hex\n" lines of non-empty buckets in bucket order.
// Tombstoned rows take part (they are synced state too).
namespace fieldsync::audit {

inline constexpr int BucketCount = 256;

QByteArray canonicalEncoding(const protocol::Row& row);
QByteArray rowHash(const protocol::Row& row); // raw 32 bytes
int bucketOf(const QString& id);

// Incremental accumulator: add rows in any order, then read the hashes.
class Accumulator
{
public:
    void add(const protocol::Row& row);
    qint64 count() const { return m_count; }
    QMap<int, QString> bucketHashes() const; // hex
    QString setHash() const; // hex

private:
    QMap<int, QMap<QString, QByteArray>> m_rows; // bucket -> id -> row hash
    qint64 m_count = 0;
};

} // namespace fieldsync::audit
