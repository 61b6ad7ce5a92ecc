#pragma once

#include "Storage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

// Helpers both back ends use to store rows and records as JSON text, so they read back the same values.
namespace fieldsync::server::codec {

// Compact JSON text, byte for byte what QJsonDocument::toJson(Compact) writes (members in QJsonObject's sorted
// order, protocol::appendJsonString escaping), written directly: row values and clocks are stored in this form
// and the SQLite change feed splices them into pages unchanged.
QByteArray toJsonText(const QJsonObject& o);
QByteArray toJsonText(const QMap<QString, QString>& map);
void appendJsonText(QByteArray& out, const QJsonObject& o);
void appendJsonText(QByteArray& out, const QMap<QString, QString>& map);
// A row's values, clocks and authors in that form, as both back ends store them.
EncodedRow encodeRow(const protocol::Row& row);
QJsonObject objectFromText(const QByteArray& text); // {} for anything that is not an object
QMap<QString, QString> stringMapFromText(const QByteArray& text);
// A JSON string of UTF-8 text as protocol::appendJsonString writes it: verbatim between quotes when nothing
// needs escaping (ids, table names), else through the protocol's writer.
void appendJsonStringUtf8(QByteArray& out, QByteArrayView text);
// Rewrites a flat JSON object as PostgreSQL prints jsonb (members ordered by key length, ", " and ": "
// separators) into the compact form protocol::serialize writes (members in key order, no spaces), appending it
// to `out`. Member values are copied as printed: jsonb escapes strings exactly as the protocol does. Returns
// false, leaving `out` as it was, for anything else (nested values, numbers, non-ASCII or escaped keys,
// malformed text); the caller then decodes the row. With `maxValue`, also the largest string member value, as
// maxClockOfText() finds it (the same pass over the text).
bool appendCompactFlatObject(QByteArray& out, QByteArrayView jsonbText, QByteArrayView* maxValue = nullptr);
// The largest member value (byte order, unescaped text between the quotes) of a flat JSON object of strings,
// such as stored field clocks; empty when there is none.
QByteArrayView maxClockOfText(QByteArrayView clocksJson);
// Largest field clock of a row ("" for none).
QString maxClock(const protocol::Row& row);
QString isoUtc(qint64 ms);
// Row id bucket used by the audit (first byte of SHA-256 of the id).
int bucketOf(const QString& id);
// Stable 32-bit lock key for a row (first 4 bytes of SHA-256 of "table/id"), the same in every process.
qint32 rowLockKey(const RowKey& key);

} // namespace fieldsync::server::codec
