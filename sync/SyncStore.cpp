#include "SyncStore.h"

#include "Clock.h"
#include "Hlc.h"
#include "LocalStore.h"
#include "Merge.h"
#include "Schema.h"
#include "SearchIndexBuild.h"
#include "SyncTypes.h"
#include "Ulid.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

namespace fieldsync {

using protocol::Change;
using protocol::FieldChange;
using protocol::Row;

namespace {

QString clocksToJson(const QMap<QString, QString>& clocks)
{
    // The bytes QJsonDocument writes for this shape (keys sorted, compact), built directly: field names and
    // clocks need no escaping; anything else takes the general path.
    QString out;
    out.reserve(2 + clocks.size() * 56);
    out += u'{';
    for (auto it = clocks.cbegin(); it != clocks.cend(); ++it) {
        for (const QString* s : { &it.key(), &it.value() }) {
            for (const QChar c : *s) {
                if (c == u'"' || c == u'\\' || c.unicode() < 0x20 || c.unicode() > 0x7e) {
                    QJsonObject o;
                    for (auto jt = clocks.cbegin(); jt != clocks.cend(); ++jt)
                        o.insert(jt.key(), jt.value());
                    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
                }
            }
        }
        if (it != clocks.cbegin())
            out += u',';
        out += u'"' + it.key() + QStringLiteral("\":\"") + it.value() + u'"';
    }
    out += u'}';
    return out;
}

QMap<QString, QString> clocksFromJson(const QString& text)
{
    QMap<QString, QString> clocks;
    // Fast path for {"field":"clock",…} without escapes; anything else goes through QJsonDocument.
    if (text.size() >= 2 && text.front() == u'{' && text.back() == u'}' && !text.contains(u'\\')) {
        const QStringView body = QStringView(text).mid(1, text.size() - 2);
        bool ok = true;
        qsizetype i = 0;
        while (ok && i < body.size()) {
            // "key":"value" then ',' or end
            const qsizetype k0 = i;
            const qsizetype k1 = body.indexOf(u'"', k0 + 1);
            ok = body.at(k0) == u'"' && k1 > k0 && k1 + 2 < body.size() && body.at(k1 + 1) == u':'
                && body.at(k1 + 2) == u'"';
            if (!ok)
                break;
            const qsizetype v0 = k1 + 2;
            const qsizetype v1 = body.indexOf(u'"', v0 + 1);
            ok = v1 > v0;
            if (!ok)
                break;
            clocks.insert(body.mid(k0 + 1, k1 - k0 - 1).toString(), body.mid(v0 + 1, v1 - v0 - 1).toString());
            i = v1 + 1;
            if (i < body.size()) {
                ok = body.at(i) == u',';
                ++i;
            }
        }
        if (ok)
            return clocks;
        clocks.clear();
    }
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        clocks.insert(it.key(), it.value().toString());
    return clocks;
}

QString maxClock(const QMap<QString, QString>& clocks)
{
    QString max;
    for (const QString& c : clocks) {
        if (c > max)
            max = c;
    }
    return max;
}

QString fieldList(const TableDef& table)
{
    return table.fieldNames().join(QStringLiteral(", "));
}

// Local column value -> canonical JSON value.
QJsonValue toJsonValue(const FieldDef& field, const QVariant& column)
{
    if (field.type == FieldType::Tombstone)
        return column.toLongLong() != 0;
    return column.toString();
}

// Canonical JSON value -> local column value (text columns are NOT NULL; null is stored as '').
QVariant toColumn(const FieldDef& field, const QJsonValue& value)
{
    if (field.type == FieldType::Tombstone)
        return value.toBool() ? 1 : 0;
    return value.isString() ? value.toString() : QString();
}

// A JSON array of strings, the parameter of the "IN (SELECT value FROM json_each(?))" look-ups.
QByteArray jsonArray(const QStringList& strings)
{
    QByteArray out;
    out.reserve(2 + strings.size() * 30);
    out += '[';
    for (const QString& s : strings) {
        if (out.size() > 1)
            out += ',';
        protocol::appendJsonString(out, s);
    }
    out += ']';
    return out;
}

// Binds as '' rather than NULL (the text columns are NOT NULL).
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

void SyncStore::ApplyReport::addChanged(const QString& table, const QString& id)
{
    if (m_seen.contains(table + u'/' + id))
        return;
    m_seen.insert(table + u'/' + id);
    changedIds[table] << id;
}

SyncStore::SyncStore(LocalStore* store)
    : m_store(store)
{ }

SyncStore::~SyncStore() = default; // the raw statements are finalised while the connection is still open

bool SyncStore::prepare()
{
    QString error;
    if (!createPrivateTables(m_store->database(), &error))
        return fail(error);
    // Pulls and push answers touch the table and every index of it per row: with SQLite's default 2 MB page
    // cache the worker re-reads the same index pages from the OS over and over. Only this connection's cache;
    // pages are allocated as they are used.
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("PRAGMA cache_size = -32768")))
        qCWarning(lcFieldsyncSync) << "sync store: page cache not enlarged:" << q.lastError().text();
    return true;
}

QSqlQuery& SyncStore::cached(const QString& sql) const
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        QSqlQuery q(m_store->database());
        q.setForwardOnly(true);
        q.prepare(sql);
        it = m_queries.insert(sql, q);
    }
    return it.value();
}

RawQuery SyncStore::raw(const QByteArray& sql)
{
    if (!m_raw)
        m_raw = std::make_unique<RawStatements>(m_store->database());
    QString error;
    sqlite3_stmt* stmt = m_raw->get(sql, &error);
    return RawQuery(stmt, error);
}

bool SyncStore::fail(const QString& message)
{
    m_error = message;
    qCWarning(lcFieldsyncSync) << "sync store:" << message;
    return false;
}

// BEGIN IMMEDIATE: the UI connection writes too, and a deferred transaction that later upgrades to a write
// lock can fail at once instead of waiting through the busy timeout.
bool SyncStore::begin()
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(q.lastError().text());
    return true;
}

bool SyncStore::commit()
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("COMMIT"))) {
        fail(q.lastError().text());
        rollback();
        return false;
    }
    return true;
}

void SyncStore::rollback()
{
    QSqlQuery q(m_store->database());
    q.exec(QStringLiteral("ROLLBACK"));
}

QString SyncStore::meta(const QString& key, const QString& defaultValue) const
{
    return m_store->meta(key, defaultValue);
}

bool SyncStore::setMeta(const QString& key, const QString& value)
{
    return m_store->setMeta(key, value);
}

QString SyncStore::encodeValue(const QJsonValue& v)
{
    const QByteArray a = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(a.mid(1, a.size() - 2));
}

QJsonValue SyncStore::decodeValue(const QString& text)
{
    // Fast paths for what the store writes: plain strings without escapes, booleans and null.
    if (text.size() >= 2 && text.front() == u'"' && text.back() == u'"' && !text.contains(u'\\')) {
        const QStringView inner = QStringView(text).mid(1, text.size() - 2);
        if (!inner.contains(u'"'))
            return inner.toString();
    }
    if (text == u"true")
        return true;
    if (text == u"false")
        return false;
    if (text == u"null")
        return QJsonValue();
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"));
    return doc.array().isEmpty() ? QJsonValue() : doc.array().first();
}

// ---- push -------------------------------------------------------------------------------------------

int SyncStore::pendingRowCount() const
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT DISTINCT tbl, row_id FROM outbox)")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

QList<SyncStore::RowKey> SyncStore::outboxRows()
{
    QList<RowKey> rows;
    QSqlQuery& q = cached(QStringLiteral("SELECT tbl, row_id, MIN(edited_at) AS first_edit FROM outbox GROUP BY tbl, "
                                         "row_id ORDER BY first_edit, tbl, row_id"));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return rows;
    }
    while (q.next())
        rows.append(RowKey { q.value(0).toString(), q.value(1).toString() });
    q.finish();
    return rows;
}

QList<Change> SyncStore::collectOutbox(int maxRows, const QSet<QString>& skip)
{
    QList<RowKey> rows = outboxRows();
    if (!skip.isEmpty())
        rows.removeIf([&](const RowKey& k) { return skip.contains(k.table + u'/' + k.id); });
    return collectOutbox(rows.mid(0, maxRows));
}

QString SyncStore::opIdFor(const QByteArray& deviceId, const QString& table, const QString& rowId, qint64 firstEditMs,
    const QByteArray& content)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(deviceId);
    hash.addData("\x1d");
    hash.addData(table.toUtf8());
    hash.addData("\x1d");
    hash.addData(rowId.toUtf8());
    hash.addData("\x1d");
    hash.addData(content);
    const quint64 ms = quint64(qBound<qint64>(0, firstEditMs, (qint64(1) << 48) - 1));
    return Ulid::encode(ms, hash.result().left(10));
}

QList<Change> SyncStore::collectOutbox(const QList<RowKey>& rows)
{
    QList<Change> changes;
    struct Known
    {
        qint64 firstEdit = std::numeric_limits<qint64>::max();
        QByteArray content; // what the op id is derived from
    };
    QList<Known> known;
    QHash<QString, qsizetype> at; // "tbl/row_id" -> index in changes
    QHash<QString, QStringList> idsByTable;
    for (const RowKey& k : rows) {
        const QString key = k.table + u'/' + k.id;
        if (at.contains(key))
            continue;
        at.insert(key, changes.size());
        Change c;
        c.table = k.table;
        c.rowId = k.id;
        changes << c;
        known << Known {};
        idsByTable[k.table] << k.id;
    }
    for (auto it = idsByTable.cbegin(); it != idsByTable.cend(); ++it) {
        RawQuery q = raw("SELECT row_id, field, value, hlc, base_hlc, base_text, edited_at FROM outbox "
                         "WHERE tbl = ?1 AND row_id IN (SELECT value FROM json_each(?2)) ORDER BY row_id, field");
        q.bind(1, it.key());
        q.bind(2, QByteArrayView(jsonArray(it.value())));
        QByteArray rowId; // the entries come row by row: the row is looked up when it changes
        qsizetype i = -1;
        while (q.next()) {
            if (q.text(0) != rowId) {
                rowId = q.text(0).toByteArray();
                i = at.value(it.key() + u'/' + QString::fromUtf8(rowId), -1);
            }
            if (i < 0)
                continue;
            Known& k = known[i];
            FieldChange f;
            const QByteArrayView field = q.text(1);
            f.value = decodeValue(q.string(2));
            f.hlc = q.string(3);
            f.baseHlc = q.string(4);
            if (!q.isNull(5))
                f.baseText = q.string(5);
            k.firstEdit = qMin(k.firstEdit, q.integer(6));
            // Each edit has its own clock, so field, clock and base identify the content.
            k.content += field;
            k.content += '\x1f';
            k.content += q.text(3);
            k.content += '\x1f';
            k.content += q.text(4);
            k.content += '\x1e';
            changes[i].fields.insert(QString::fromUtf8(field), f);
        }
        if (!q.ok()) {
            fail(q.error());
            return {};
        }
    }
    // Rows whose entries left the outbox since they were listed (acknowledged, quarantined) are dropped.
    for (qsizetype i = changes.size() - 1; i >= 0; --i) {
        if (changes.at(i).fields.isEmpty()) {
            changes.removeAt(i);
            known.removeAt(i);
        }
    }
    const qint64 now = m_store->wallClock()->nowMs();
    for (qsizetype i = 0; i < changes.size(); ++i)
        changes[i].ageMs = qMax<qint64>(0, now - known.at(i).firstEdit);

    // Op ids: derived from the device, the row and the content (each field's clock and base clock), so a retry
    // of the same content carries the same id and the hub answers "duplicate", while new content gets a new id.
    // Nothing has to be stored for that. The id is a ULID whose time is the change's first edit.
    const QByteArray device = m_store->deviceId().toUtf8();
    for (qsizetype i = 0; i < changes.size(); ++i) {
        Change& c = changes[i];
        const Known& k = known.at(i);
        c.opId = opIdFor(device, c.table, c.rowId, k.firstEdit, k.content);
        m_firstEdit.insert(c.opId, k.firstEdit);
    }
    return changes;
}

bool SyncStore::applyPushResponse(
    const QList<Change>& sent, const protocol::PushResponse& response, ApplyReport* report)
{
    if (!begin())
        return false;
    const qint64 now = m_store->wallClock()->nowMs();
    // The latency samples of the whole batch go in one statement, as a JSON array.
    QByteArray samples = "[";
    const auto tuple = [](QByteArray& out, std::initializer_list<QStringView> strings, QList<qint64> numbers = {}) {
        out += out.size() > 1 ? ",[" : "[";
        bool first = true;
        for (QStringView v : strings) {
            if (!first)
                out += ',';
            first = false;
            protocol::appendJsonString(out, v);
        }
        for (qint64 n : numbers)
            out += ',' + QByteArray::number(n);
        out += ']';
    };
    const int n = qMin(sent.size(), response.results.size());
    RawQuery ack = raw("DELETE FROM outbox WHERE tbl = ?1 AND row_id = ?2 AND hlc <= ?3");
    QList<int> accepted; // changes the server took (applied or duplicate)
    for (int i = 0; i < n; ++i) {
        const Change& change = sent.at(i);
        const protocol::ChangeResult& result = response.results.at(i);
        const TableDef* table = Schema::instance().table(change.table);
        if (result.opId != change.opId || !table) {
            rollback();
            return fail(QStringLiteral("push response does not match the request at %1").arg(i));
        }
        if (result.status == protocol::ChangeStatus::Rejected) {
            if (!quarantineInTransaction(change, result.reasonCode, result.reason)) {
                rollback();
                return false;
            }
            ++report->quarantined;
            continue;
        }
        // The change carried every outbox entry of the row, and an edit made since has a newer clock (the device's
        // clock only moves forward): the entries up to the newest clock sent are exactly the acknowledged ones.
        QStringView newest;
        for (const FieldChange& f : change.fields) {
            if (newest.isEmpty() || QStringView(f.hlc) > newest)
                newest = f.hlc;
        }
        ack.bind(1, change.table);
        ack.bind(2, change.rowId);
        ack.bind(3, newest);
        if (!ack.exec()) {
            rollback();
            return fail(ack.error());
        }
        const qint64 editedAt = m_firstEdit.value(change.opId, now - change.ageMs);
        m_firstEdit.remove(change.opId);
        if (result.status != protocol::ChangeStatus::Duplicate || editedAt > 0)
            tuple(samples, { change.opId, change.rowId }, { editedAt, now, qMax<qint64>(0, now - editedAt) });
        for (const protocol::ConflictRecord& c : result.conflicts) {
            if (!storeConflict(c)) {
                rollback();
                return false;
            }
            ++report->conflicts;
        }
        ++report->acked;
        accepted << i;
    }
    samples += ']';
    RawQuery latency = raw("INSERT OR REPLACE INTO latency_samples(op_id, row_id, edited_at, acked_at, latency_ms, "
                           "uploaded) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, 0 FROM "
                           "json_each(?1)");
    latency.bind(1, QByteArrayView(samples));
    if (!latency.exec()) {
        rollback();
        return fail(latency.error());
    }

    // Rows still in the outbox were edited while the request was in flight: that newer edit was made on top of
    // the acknowledged value. Those rows and the rows as stored are read once for the whole batch.
    QHash<QString, QStringList> idsByTable;
    for (int i : std::as_const(accepted))
        idsByTable[sent.at(i).table] << sent.at(i).rowId;
    QHash<QString, QHash<QString, LocalState>> locals;
    QSet<QString> pendingRows;
    for (auto it = idsByTable.cbegin(); it != idsByTable.cend(); ++it) {
        const TableDef* table = Schema::instance().table(it.key());
        if (!readLocalRows(*table, it.value(), &locals[it.key()])
            || !readPendingRows(it.key(), it.value(), &pendingRows)) {
            rollback();
            return false;
        }
    }
    QSqlQuery& rebase = cached(QStringLiteral("UPDATE outbox SET base_hlc = ?, base_text = CASE WHEN base_text IS "
                                              "NULL THEN NULL ELSE ? END WHERE tbl = ? AND row_id = ? AND field = ?"));
    for (int i : std::as_const(accepted)) {
        const Change& change = sent.at(i);
        if (!pendingRows.contains(change.table + u'/' + change.rowId))
            continue;
        for (auto it = change.fields.cbegin(); it != change.fields.cend(); ++it) {
            rebase.addBindValue(it.value().hlc);
            rebase.addBindValue(text(it.value().value.toString()));
            rebase.addBindValue(change.table);
            rebase.addBindValue(change.rowId);
            rebase.addBindValue(it.key());
            if (!rebase.exec()) {
                rollback();
                return fail(rebase.lastError().text());
            }
            if (rebase.numRowsAffected() > 0)
                ++report->pendingLeft;
        }
    }
    // The canonical rows of the answer, merged with what is still unacknowledged.
    m_pendingRows = &pendingRows;
    const auto forget = qScopeGuard([this] {
        m_pendingRows = nullptr;
        m_statusRefresh.clear();
    });
    for (int i : std::as_const(accepted)) {
        const Change& change = sent.at(i);
        const protocol::ChangeResult& result = response.results.at(i);
        if (!result.row) {
            if (!refreshRowStatus(change.table, change.rowId)) {
                rollback();
                return false;
            }
            continue;
        }
        const LocalState known = locals.value(change.table).value(change.rowId);
        if (!applyRemoteRow(*Schema::instance().table(change.table), *result.row, false, report, nullptr, &known)) {
            rollback();
            return false;
        }
    }
    if (!flushStatusRefresh()) {
        rollback();
        return false;
    }
    // The hub's feed positions after `from` up to `to` hold exactly this answer's rows, now applied: a cursor at
    // `from` moves on to `to`, so the device does not pull its own rows back. With several pushes in flight a later
    // span may come first; it waits until the cursor reaches its start.
    if (!response.feedFrom.isEmpty() && !response.feedTo.isEmpty()) {
        m_feedSpans.insert(response.feedFrom, response.feedTo);
        const QString at = cursor();
        QString moved = at.isEmpty() ? QStringLiteral("0") : at; // "" and "0" both mean the feed's start
        while (m_feedSpans.contains(moved))
            moved = m_feedSpans.take(moved);
        if (moved != at && moved != u"0" && !setCursor(moved)) {
            rollback();
            return fail(QStringLiteral("could not store the sync cursor"));
        }
    }
    return commit();
}

bool SyncStore::readPendingRows(const QString& table, const QStringList& ids, QSet<QString>* out)
{
    RawQuery q
        = raw("SELECT DISTINCT row_id FROM outbox WHERE tbl = ?1 AND row_id IN (SELECT value FROM json_each(?2))");
    q.bind(1, table);
    q.bind(2, QByteArrayView(jsonArray(ids)));
    while (q.next())
        out->insert(table + u'/' + q.string(0));
    if (!q.ok())
        return fail(q.error());
    return true;
}

bool SyncStore::quarantine(const Change& change, const QString& code, const QString& reason)
{
    if (!begin())
        return false;
    if (!quarantineInTransaction(change, code, reason)) {
        rollback();
        return false;
    }
    return commit();
}

bool SyncStore::quarantineInTransaction(const Change& change, const QString& code, const QString& reason)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO quarantine(tbl, row_id, field, value, hlc, reason_code, reason, at) "
                             "VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery del(m_store->database());
    del.prepare(QStringLiteral("DELETE FROM outbox WHERE tbl = ? AND row_id = ? AND field = ? AND hlc = ?"));
    const qint64 now = m_store->wallClock()->nowMs();
    for (auto it = change.fields.cbegin(); it != change.fields.cend(); ++it) {
        q.addBindValue(change.table);
        q.addBindValue(change.rowId);
        q.addBindValue(it.key());
        q.addBindValue(encodeValue(it.value().value));
        q.addBindValue(text(it.value().hlc));
        q.addBindValue(text(code));
        q.addBindValue(text(reason));
        q.addBindValue(now);
        if (!q.exec())
            return fail(q.lastError().text());
        del.addBindValue(change.table);
        del.addBindValue(change.rowId);
        del.addBindValue(it.key());
        del.addBindValue(it.value().hlc);
        if (!del.exec())
            return fail(del.lastError().text());
    }
    m_firstEdit.remove(change.opId);
    return refreshRowStatus(change.table, change.rowId);
}

int SyncStore::quarantineCount() const
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM quarantine")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

// ---- rows -------------------------------------------------------------------------------------------

std::optional<Row> SyncStore::localRow(const TableDef& table, const QString& id) const
{
    QSqlQuery& q
        = cached(QStringLiteral("SELECT %1, field_clocks FROM %2 WHERE id = ?").arg(fieldList(table), table.name));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    Row row;
    row.table = table.name;
    row.id = id;
    for (int i = 0; i < table.fields.size(); ++i)
        row.values.insert(table.fields.at(i).name, toJsonValue(table.fields.at(i), q.value(i)));
    row.clocks = clocksFromJson(q.value(table.fields.size()).toString());
    q.finish();
    return row;
}

std::optional<SyncStore::Pending> SyncStore::pendingFor(const QString& table, const QString& id) const
{
    if (m_pendingRows && !m_pendingRows->contains(table + u'/' + id))
        return std::nullopt;
    QSqlQuery& q = cached(QStringLiteral("SELECT field, value, hlc, base_hlc, base_text, edited_at FROM outbox "
                                         "WHERE tbl = ? AND row_id = ?"));
    q.addBindValue(table);
    q.addBindValue(id);
    if (!q.exec())
        return std::nullopt;
    Pending p;
    p.change.table = table;
    p.change.rowId = id;
    p.firstEditedAt = std::numeric_limits<qint64>::max();
    while (q.next()) {
        FieldChange f;
        f.value = decodeValue(q.value(1).toString());
        f.hlc = q.value(2).toString();
        f.baseHlc = q.value(3).toString();
        if (!q.value(4).isNull())
            f.baseText = q.value(4).toString();
        p.change.fields.insert(q.value(0).toString(), f);
        p.firstEditedAt = qMin(p.firstEditedAt, q.value(5).toLongLong());
    }
    q.finish();
    if (p.change.fields.isEmpty())
        return std::nullopt;
    return p;
}

bool SyncStore::applyRemoteRow(const TableDef& table, const Row& remote, bool authoritative, ApplyReport* report,
    bool* differs, const LocalState* known)
{
    const std::optional<Pending> pending = pendingFor(table.name, remote.id);
    // Most answers and pulled rows are what the device already holds (its own pushed rows coming back): only the
    // status may need a write, batched by the caller when it asked for that.
    if (known && known->exists && !pending && sameAsStored(table, remote, *known)) {
        if (differs)
            *differs = false;
        if (known->status == u"synced")
            return true;
        if (m_pendingRows) {
            m_statusRefresh[table.name] << remote.id;
            return true;
        }
        return refreshRowStatus(table.name, remote.id);
    }
    const std::optional<Row> local = known ? storedRow(table, remote.id, *known) : localRow(table, remote.id);

    // The server's state, except that a stale answer (an older duplicate) never moves a field backwards.
    Row base = remote;
    base.table = table.name;
    base.seq = 0;
    base.authors.clear();
    for (const FieldDef& f : table.fields) {
        if (!base.values.contains(f.name))
            base.values.insert(f.name, local ? local->values.value(f.name) : toJsonValue(f, f.defaultValue));
        if (authoritative || !local || (pending && pending->change.fields.contains(f.name)))
            continue;
        const QString localClock = local->clocks.value(f.name);
        if (!localClock.isEmpty() && localClock > remote.clocks.value(f.name)) {
            base.values.insert(f.name, local->values.value(f.name));
            base.clocks.insert(f.name, localClock);
        }
    }

    Row shown = base;
    if (pending) {
        Change mine = pending->change;
        mine.opId = QStringLiteral("local");
        const merge::Outcome outcome = merge::applyChange(table, base, mine, merge::Writer { m_store->deviceId(), {} });
        if (outcome.status != protocol::ChangeStatus::Rejected) {
            shown = outcome.row;
            shown.seq = 0;
            shown.authors.clear();
        }
        // A clean three-way merge of long text: the outbox entry now continues from the server's text.
        QSqlQuery rebase(m_store->database());
        rebase.prepare(QStringLiteral("UPDATE outbox SET value = ?, base_hlc = ?, base_text = ? "
                                      "WHERE tbl = ? AND row_id = ? AND field = ? AND hlc = ?"));
        for (auto it = mine.fields.cbegin(); it != mine.fields.cend(); ++it) {
            const FieldDef* def = table.field(it.key());
            // The hub refuses a base clock that is not older than the edit's own clock.
            if (!def || !def->isLongText() || base.clocks.value(it.key()).isEmpty()
                || it.value().hlc <= base.clocks.value(it.key()))
                continue;
            const QJsonValue merged = shown.values.value(it.key());
            if (merged == it.value().value || merged == base.values.value(it.key()))
                continue;
            rebase.addBindValue(encodeValue(merged));
            rebase.addBindValue(base.clocks.value(it.key()));
            rebase.addBindValue(text(base.values.value(it.key()).toString()));
            rebase.addBindValue(table.name);
            rebase.addBindValue(remote.id);
            rebase.addBindValue(it.key());
            rebase.addBindValue(it.value().hlc);
            if (!rebase.exec())
                return fail(rebase.lastError().text());
        }
    }

    const bool valuesDiffer = !local || local->values != shown.values;
    const bool anyDiffer = valuesDiffer || local->clocks != shown.clocks;
    if (differs)
        *differs = anyDiffer;
    if (anyDiffer && !writeRow(table, shown, local ? &*local : nullptr, pending.has_value()))
        return false;
    // The status follows the outbox; a row read in this transaction already showing it needs no write.
    const bool statusKnown = known && known->status == (pending ? u"dirty" : u"synced");
    if (!anyDiffer && !statusKnown && !refreshRowStatus(table.name, remote.id))
        return false;
    if (valuesDiffer && report)
        report->addChanged(table.name, remote.id);
    return true;
}

// An existing row gets only its changed columns set: the search index's trigger fires only when one of its
// text columns is among them (a remote status change does not re-index the description).
bool SyncStore::writeRow(const TableDef& table, const Row& row, const Row* stored, bool dirty)
{
    QList<const FieldDef*> fields;
    for (const FieldDef& f : table.fields) {
        if (!stored || stored->values.value(f.name) != row.values.value(f.name))
            fields << &f;
    }
    QString sql;
    if (stored) {
        QString sets;
        for (const FieldDef* f : std::as_const(fields))
            sets += f->name + QStringLiteral(" = ?, ");
        sql = QStringLiteral("UPDATE %1 SET %2field_clocks = ?, last_updated = ?, sync_status = ? WHERE id = ?")
                  .arg(table.name, sets);
    } else {
        const QStringList names = table.fieldNames();
        QStringList marks;
        for (int i = 0; i < names.size() + 4; ++i)
            marks << QStringLiteral("?");
        sql = QStringLiteral("INSERT INTO %1(%2, field_clocks, last_updated, sync_status, id) VALUES(%3)")
                  .arg(table.name, names.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")));
    }
    QSqlQuery& q = cached(sql);
    for (const FieldDef* f : std::as_const(fields))
        q.addBindValue(toColumn(*f, row.values.value(f->name)));
    q.addBindValue(clocksToJson(row.clocks));
    q.addBindValue(maxClock(row.clocks));
    q.addBindValue(dirty ? QStringLiteral("dirty") : QStringLiteral("synced"));
    q.addBindValue(row.id);
    if (!q.exec())
        return fail(q.lastError().text());
    return true;
}

bool SyncStore::refreshRowStatus(const QString& table, const QString& id)
{
    if (!Schema::instance().table(table))
        return true;
    QSqlQuery& q
        = cached(QStringLiteral("UPDATE %1 SET sync_status = CASE WHEN EXISTS(SELECT 1 FROM outbox WHERE tbl = ? AND "
                                "row_id = ?) THEN 'dirty' ELSE 'synced' END WHERE id = ?")
                     .arg(table));
    q.addBindValue(table);
    q.addBindValue(id);
    q.addBindValue(id);
    if (!q.exec())
        return fail(q.lastError().text());
    return true;
}

// ---- pull -------------------------------------------------------------------------------------------

QString SyncStore::cursor() const
{
    return meta(QStringLiteral("sync_cursor"));
}

bool SyncStore::setCursor(const QString& cursor)
{
    if (cursor.isEmpty())
        m_feedSpans.clear();
    return setMeta(QStringLiteral("sync_cursor"), text(cursor));
}

bool SyncStore::readLocalRows(const TableDef& table, const QStringList& ids, QHash<QString, LocalState>* out)
{
    RawQuery q = raw(QStringLiteral("SELECT id, %1, field_clocks, sync_status FROM %2 WHERE id IN "
                                    "(SELECT value FROM json_each(?1))")
                         .arg(fieldList(table), table.name)
                         .toUtf8());
    q.bind(1, jsonArray(ids));
    const int n = int(table.fields.size());
    while (q.next()) {
        LocalState& state = (*out)[q.string(0)];
        state.exists = true;
        state.columns.reserve(n);
        for (int i = 0; i < n; ++i) {
            if (table.fields.at(i).type == FieldType::Tombstone)
                state.columns << QVariant(q.integer(i + 1));
            else
                state.columns << QVariant(q.string(i + 1));
        }
        state.clocks = q.string(n + 1);
        state.status = q.string(n + 2);
    }
    if (!q.ok())
        return fail(q.error());
    return true;
}

std::optional<Row> SyncStore::storedRow(const TableDef& table, const QString& id, const LocalState& state)
{
    if (!state.exists)
        return std::nullopt;
    Row row;
    row.table = table.name;
    row.id = id;
    for (int i = 0; i < table.fields.size(); ++i)
        row.values.insert(table.fields.at(i).name, toJsonValue(table.fields.at(i), state.columns.value(i)));
    row.clocks = clocksFromJson(state.clocks);
    return row;
}

bool SyncStore::sameAsStored(const TableDef& table, const Row& remote, const LocalState& state)
{
    for (int i = 0; i < table.fields.size(); ++i) {
        const FieldDef& f = table.fields.at(i);
        const auto it = remote.values.constFind(f.name);
        if (it == remote.values.constEnd())
            return false;
        const QVariant& column = state.columns.at(i);
        if (f.type == FieldType::Tombstone) {
            if (!it->isBool() || it->toBool() != (column.toLongLong() != 0))
                return false;
        } else if (!it->isString() || it->toString() != column.toString()) {
            return false;
        }
    }
    return clocksToJson(remote.clocks) == state.clocks;
}

bool SyncStore::flushStatusRefresh()
{
    for (auto it = m_statusRefresh.cbegin(); it != m_statusRefresh.cend(); ++it) {
        if (!Schema::instance().table(it.key()))
            continue;
        RawQuery q = raw(QStringLiteral("UPDATE %1 SET sync_status = CASE WHEN EXISTS(SELECT 1 FROM outbox WHERE "
                                        "tbl = ?1 AND row_id = %1.id) THEN 'dirty' ELSE 'synced' END WHERE id IN "
                                        "(SELECT value FROM json_each(?2))")
                             .arg(it.key())
                             .toUtf8());
        q.bind(1, it.key());
        q.bind(2, jsonArray(it.value()));
        if (!q.exec())
            return fail(q.error());
    }
    m_statusRefresh.clear();
    return true;
}

// New rows without local edits; fields the row does not carry get their default (the search triggers fire per
// row as usual).
bool SyncStore::insertRows(const TableDef& table, const QList<const Row*>& rows)
{
    const QStringList names = table.fieldNames();
    const QByteArray sql = QStringLiteral("INSERT INTO %1(%2, field_clocks, last_updated, sync_status, id) VALUES(%3)")
                               .arg(table.name, names.join(QStringLiteral(", ")),
                                   QStringList(names.size() + 4, QStringLiteral("?")).join(u','))
                               .toUtf8();
    RawQuery q = raw(sql);
    for (const Row* row : rows) {
        int n = 0;
        for (const FieldDef& f : table.fields) {
            const auto it = row->values.constFind(f.name);
            const QJsonValue value = it != row->values.constEnd() ? *it : toJsonValue(f, f.defaultValue);
            if (f.type == FieldType::Tombstone)
                q.bind(++n, qint64(value.toBool() ? 1 : 0));
            else
                q.bind(++n, value.isString() ? value.toString() : QString());
        }
        q.bind(++n, clocksToJson(row->clocks));
        q.bind(++n, maxClock(row->clocks));
        q.bind(++n, QByteArrayView("synced"));
        q.bind(++n, row->id);
        if (!q.exec())
            return fail(q.error());
    }
    return true;
}

bool SyncStore::applyPage(const protocol::ChangesPage& page, ApplyReport* report)
{
    if (!begin())
        return false;
    // Rows with local edits, read once per page (the write lock keeps the UI from adding any meanwhile).
    QSet<QString> pendingRows;
    {
        QSqlQuery& q = cached(QStringLiteral("SELECT DISTINCT tbl, row_id FROM outbox"));
        if (q.exec()) {
            while (q.next())
                pendingRows.insert(q.value(0).toString() + u'/' + q.value(1).toString());
        }
        q.finish();
    }
    m_pendingRows = &pendingRows;
    const auto forget = qScopeGuard([this] {
        m_pendingRows = nullptr;
        m_statusRefresh.clear();
    });
    // The page's rows as stored now, one statement per table; new rows without local edits are inserted
    // several per statement, the others go through the merge with local edits.
    QHash<QString, QStringList> idsByTable;
    for (const Row& row : page.rows)
        idsByTable[row.table] << row.id;
    QHash<QString, QHash<QString, LocalState>> locals;
    for (auto it = idsByTable.cbegin(); it != idsByTable.cend(); ++it) {
        const TableDef* table = Schema::instance().table(it.key());
        if (table && !readLocalRows(*table, it.value(), &locals[it.key()])) {
            rollback();
            return false;
        }
    }
    QHash<QString, QList<const Row*>> inserts;
    QSet<QString> seen;
    ApplyReport local;
    for (const Row& row : page.rows) {
        const TableDef* table = Schema::instance().table(row.table);
        if (!table) {
            qCWarning(lcFieldsyncSync) << "pulled a row of an unknown table" << row.table;
            continue;
        }
        const QString key = row.table + u'/' + row.id;
        const bool again = seen.contains(key); // a row twice in one page: the second sees the first
        seen.insert(key);
        if (again) {
            if (!insertRows(*table, inserts.take(row.table)) || !applyRemoteRow(*table, row, false, &local, nullptr)) {
                rollback();
                return false;
            }
            continue;
        }
        const LocalState known = locals.value(row.table).value(row.id);
        if (!known.exists && !pendingRows.contains(key)) {
            inserts[row.table] << &row;
            local.addChanged(row.table, row.id);
            continue;
        }
        if (!applyRemoteRow(*table, row, false, &local, nullptr, &known)) {
            rollback();
            return false;
        }
    }
    for (auto it = inserts.cbegin(); it != inserts.cend(); ++it) {
        if (!insertRows(*Schema::instance().table(it.key()), it.value())) {
            rollback();
            return false;
        }
    }
    if (!flushStatusRefresh()) {
        rollback();
        return false;
    }
    if (!setCursor(page.nextCursor)) {
        rollback();
        return fail(QStringLiteral("could not store the sync cursor"));
    }
    if (!commit())
        return false;
    for (auto it = local.changedIds.cbegin(); it != local.changedIds.cend(); ++it) {
        for (const QString& id : it.value())
            report->addChanged(it.key(), id);
    }
    return true;
}

// ---- bulk load ---------------------------------------------------------------------------------------

int SyncStore::localRowCount(const TableDef& table) const
{
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table.name)) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool SyncStore::bulkLoadPending() const
{
    return !meta(QStringLiteral("sync_bulk_rebuild")).isEmpty();
}

bool SyncStore::beginBulkLoad(const TableDef& table)
{
    if (bulkLoadPending())
        return true;
    if (!begin())
        return false;
    QSqlQuery ddl(m_store->database());
    // The secondary indexes and the triggers that keep the search index: one sorted build of each at the end
    // instead of a random insert into every b-tree per row (whose pages each page's commit writes again). Read
    // from sqlite_master, so whatever the latest migration defined is handled; the primary key stays.
    if (!ddl.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = '%1' AND type IN "
                                 "('index', 'trigger') AND sql IS NOT NULL ORDER BY type")
                      .arg(table.name))) {
        rollback();
        return fail(ddl.lastError().text());
    }
    QStringList drops;
    QJsonArray rebuild;
    while (ddl.next()) {
        drops << QStringLiteral("DROP %1 %2").arg(ddl.value(0).toString(), ddl.value(1).toString());
        rebuild.append(ddl.value(2).toString());
    }
    // The external-content search index is rebuilt from the table afterwards (on a thread of its own, see
    // endBulkLoad(); these statements are its way back), with a 16 MB buffer of pending terms
    // instead of FTS5's 1 MB (fewer segments to merge: 100,000 work orders 1.7 s -> 0.65 s, about 20 MB more
    // memory meanwhile); the table's own setting is put back in the same transaction.
    if (ddl.exec(
            QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '%1_fts'").arg(table.name))
        && ddl.next()) {
        qint64 hashSize = 1024 * 1024; // FTS5's default
        if (ddl.exec(QStringLiteral("SELECT v FROM %1_fts_config WHERE k = 'hashsize'").arg(table.name)) && ddl.next())
            hashSize = ddl.value(0).toLongLong();
        const QString setHashSize = QStringLiteral("INSERT INTO %1_fts (%1_fts, rank) VALUES ('hashsize', %2)");
        rebuild.append(setHashSize.arg(table.name).arg(16 * 1024 * 1024));
        rebuild.append(QStringLiteral("INSERT INTO %1_fts (%1_fts) VALUES ('rebuild')").arg(table.name));
        rebuild.append(setHashSize.arg(table.name).arg(hashSize));
    }
    for (const QString& sql : std::as_const(drops)) {
        if (!ddl.exec(sql)) {
            rollback();
            return fail(ddl.lastError().text());
        }
    }
    if (!setMeta(QStringLiteral("sync_bulk_rebuild"),
            QString::fromUtf8(QJsonDocument(rebuild).toJson(QJsonDocument::Compact)))) {
        rollback();
        return fail(QStringLiteral("could not record the bulk load"));
    }
    m_queries.clear(); // statements prepared against the old schema
    if (m_raw)
        m_raw->clear();
    return commit();
}

bool SyncStore::endBulkLoad()
{
    const QString pending = meta(QStringLiteral("sync_bulk_rebuild"));
    if (pending.isEmpty())
        return true;
    // A schema migration that ran between the interrupted load and now may already have created an index or
    // trigger of the same name: the recorded definitions are only created where nothing is there yet.
    static const QRegularExpression create(QStringLiteral("^CREATE (UNIQUE INDEX|INDEX|TRIGGER) (?!IF NOT EXISTS)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression searchRebuild(
        QStringLiteral("^INSERT INTO (\\w+) \\(\\1\\) VALUES \\('rebuild'\\)$"));
    QStringList statements;
    QString searchTable;
    for (const QJsonValue& value : QJsonDocument::fromJson(pending.toUtf8()).array()) {
        QString sql = value.toString();
        sql.replace(create, QStringLiteral("CREATE \\1 IF NOT EXISTS "));
        if (const QRegularExpressionMatch m = searchRebuild.match(sql); m.hasMatch() && searchTable.isEmpty())
            searchTable = m.captured(1);
        statements << sql;
    }
    // The search index is built on a thread of its own while this one builds the other indexes; its in-place
    // rebuild statements (and their pending-terms buffer settings) are kept as the way back.
    QStringList searchStatements;
    std::unique_ptr<SearchIndexBuild> search;
    if (!searchTable.isEmpty()) {
        const QString prefix = QStringLiteral("INSERT INTO %1 (%1").arg(searchTable);
        for (const QString& sql : std::as_const(statements)) {
            if (sql.startsWith(prefix))
                searchStatements << sql;
        }
        if (sqlite3* db = RawStatements::handle(m_store->database())) {
            search = std::make_unique<SearchIndexBuild>(db, m_store->path(), searchTable);
            QString error;
            if (!search->attach(&error)) {
                qCWarning(lcFieldsyncSync) << "search index rebuilt in place:" << error;
                search.reset();
            }
        }
    }
    if (search) {
        QString error;
        if (!search->begin(&error))
            return fail(error);
    } else if (!begin()) {
        return false;
    }
    QSqlQuery ddl(m_store->database());
    const auto run = [&](const QString& sql) {
        if (ddl.exec(sql))
            return true;
        rollback();
        return fail(ddl.lastError().text());
    };
    for (const QString& sql : std::as_const(statements)) {
        if (search && searchStatements.contains(sql))
            continue;
        if (!run(sql))
            return false;
    }
    if (search) {
        QString error;
        if (!search->install(&error)) {
            qCWarning(lcFieldsyncSync) << "search index rebuilt in place:" << error;
            for (const QString& sql : std::as_const(searchStatements)) {
                if (!run(sql))
                    return false;
            }
        }
    }
    if (!setMeta(QStringLiteral("sync_bulk_rebuild"), QStringLiteral(""))) {
        rollback();
        return fail(QStringLiteral("could not finish the bulk load"));
    }
    m_queries.clear();
    return commit();
}

// ---- audit ------------------------------------------------------------------------------------------

audit::Accumulator SyncStore::accumulate(const TableDef& table) const
{
    audit::Accumulator acc;
    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, %1, field_clocks FROM %2").arg(fieldList(table), table.name)))
        return acc;
    while (q.next()) {
        Row row;
        row.table = table.name;
        row.id = q.value(0).toString();
        for (int i = 0; i < table.fields.size(); ++i)
            row.values.insert(table.fields.at(i).name, toJsonValue(table.fields.at(i), q.value(i + 1)));
        row.clocks = clocksFromJson(q.value(table.fields.size() + 1).toString());
        acc.add(row);
    }
    return acc;
}

protocol::VerifyRequest SyncStore::verifyRequest(const TableDef& table) const
{
    const audit::Accumulator acc = accumulate(table);
    protocol::VerifyRequest r;
    r.table = table.name;
    r.count = acc.count();
    r.hash = acc.setHash();
    r.buckets = acc.bucketHashes();
    return r;
}

bool SyncStore::repairBucket(const TableDef& table, const protocol::RowsPage& page, RepairReport* report)
{
    if (!begin())
        return false;
    QSet<QString> serverIds;
    ApplyReport changes;
    for (const Row& row : page.rows) {
        serverIds.insert(row.id);
        bool differs = false;
        if (!applyRemoteRow(table, row, true, &changes, &differs)) {
            rollback();
            return false;
        }
        if (differs)
            ++report->rowsRepaired;
    }
    QSqlQuery ids(m_store->database());
    ids.setForwardOnly(true);
    if (!ids.exec(QStringLiteral("SELECT id FROM %1").arg(table.name))) {
        rollback();
        return fail(ids.lastError().text());
    }
    QStringList missing;
    while (ids.next()) {
        const QString id = ids.value(0).toString();
        if (audit::bucketOf(id) == page.bucket && !serverIds.contains(id))
            missing << id;
    }
    ids.finish();
    for (const QString& id : missing) {
        const std::optional<Row> row = localRow(table, id);
        if (row && !requeueRow(table, *row)) {
            rollback();
            return false;
        }
        ++report->rowsRepushed;
    }
    if (!commit())
        return false;
    report->changedIds << changes.changedIds.value(table.name);
    return true;
}

// The server lacks the row: queue it again as a fresh local edit. The server accepts only clocks of the
// pushing device, so every field is stamped anew.
bool SyncStore::requeueRow(const TableDef& table, const Row& row)
{
    const QString stamp = m_store->hlc()->now().toString();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO outbox(tbl, row_id, field, value, hlc, base_hlc, base_text, "
                             "edited_at) VALUES(?, ?, ?, ?, ?, '', NULL, ?)"));
    const qint64 now = m_store->wallClock()->nowMs();
    QMap<QString, QString> clocks;
    for (const FieldDef& f : table.fields) {
        clocks.insert(f.name, stamp);
        q.addBindValue(table.name);
        q.addBindValue(row.id);
        q.addBindValue(f.name);
        q.addBindValue(encodeValue(row.values.value(f.name)));
        q.addBindValue(stamp);
        q.addBindValue(now);
        if (!q.exec())
            return fail(q.lastError().text());
    }
    QSqlQuery u(m_store->database());
    u.prepare(QStringLiteral("UPDATE %1 SET field_clocks = ?, last_updated = ?, sync_status = 'dirty' WHERE id = ?")
                  .arg(table.name));
    u.addBindValue(clocksToJson(clocks));
    u.addBindValue(stamp);
    u.addBindValue(row.id);
    if (!u.exec())
        return fail(u.lastError().text());
    return true;
}

// ---- logs, telemetry, conflicts ---------------------------------------------------------------------

void SyncStore::logRun(const RunLog& run)
{
    const qint64 now = m_store->wallClock()->nowMs();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("INSERT INTO sync_log(started_at, finished_at, kind, pushed, pulled, conflicts, error, "
                             "duration_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(run.startedAt);
    q.addBindValue(now);
    q.addBindValue(text(run.kind));
    q.addBindValue(run.pushed);
    q.addBindValue(run.pulled);
    q.addBindValue(run.conflicts);
    q.addBindValue(text(run.error));
    q.addBindValue(qMax<qint64>(0, now - run.startedAt));
    if (!q.exec())
        fail(q.lastError().text());
}

SyncStore::TelemetryItems SyncStore::pendingTelemetry(int maxItems) const
{
    TelemetryItems items;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT op_id, row_id, edited_at, latency_ms FROM latency_samples WHERE uploaded = 0 "
                             "ORDER BY acked_at LIMIT ?"));
    q.addBindValue(maxItems);
    if (q.exec()) {
        while (q.next()) {
            items.latencyOpIds << q.value(0).toString();
            items.latency << protocol::LatencySample { q.value(0).toString(), q.value(1).toString(),
                q.value(2).toLongLong(), q.value(3).toLongLong() };
        }
    }
    QSqlQuery l(m_store->database());
    l.prepare(QStringLiteral("SELECT id, started_at, kind, pushed, pulled, conflicts, error, duration_ms FROM sync_log "
                             "WHERE uploaded = 0 ORDER BY id LIMIT ?"));
    l.addBindValue(maxItems);
    if (l.exec()) {
        while (l.next()) {
            items.logIds << l.value(0).toLongLong();
            protocol::LogEvent e;
            e.atMs = l.value(1).toLongLong();
            const QString kind = l.value(2).toString();
            e.kind = kind == u"sync" ? QStringLiteral("sync_run") : kind;
            const QString error = l.value(6).toString();
            e.level = error.isEmpty() ? QStringLiteral("info") : QStringLiteral("error");
            e.message = error;
            e.data = QJsonObject { { QStringLiteral("pushed"), l.value(3).toLongLong() },
                { QStringLiteral("pulled"), l.value(4).toLongLong() },
                { QStringLiteral("conflicts"), l.value(5).toLongLong() },
                { QStringLiteral("duration_ms"), l.value(7).toLongLong() } };
            items.events << e;
        }
    }
    return items;
}

bool SyncStore::markTelemetrySent(const TelemetryItems& items)
{
    if (!begin())
        return false;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("UPDATE latency_samples SET uploaded = 1 WHERE op_id = ?"));
    for (const QString& id : items.latencyOpIds) {
        q.addBindValue(id);
        if (!q.exec()) {
            rollback();
            return fail(q.lastError().text());
        }
    }
    QSqlQuery l(m_store->database());
    l.prepare(QStringLiteral("UPDATE sync_log SET uploaded = 1 WHERE id = ?"));
    for (qint64 id : items.logIds) {
        l.addBindValue(id);
        if (!l.exec()) {
            rollback();
            return fail(l.lastError().text());
        }
    }
    return commit();
}

bool SyncStore::storeConflict(const protocol::ConflictRecord& c, int* inserted)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO conflicts(id, tbl, row_id, field, winner_value, loser_value, winner_hlc, loser_hlc, "
        "winner_device, loser_device, winner_technician, loser_technician, rule, created_at, resolution) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')"));
    q.addBindValue(c.id.isEmpty() ? Ulid::generate() : c.id);
    q.addBindValue(text(c.table));
    q.addBindValue(text(c.rowId));
    q.addBindValue(text(c.field));
    q.addBindValue(encodeValue(c.winnerValue));
    q.addBindValue(encodeValue(c.loserValue));
    q.addBindValue(text(c.winnerHlc));
    q.addBindValue(text(c.loserHlc));
    q.addBindValue(text(c.winnerDevice));
    q.addBindValue(text(c.loserDevice));
    q.addBindValue(text(c.winnerTechnician));
    q.addBindValue(text(c.loserTechnician));
    q.addBindValue(text(c.rule));
    q.addBindValue(text(c.createdAt));
    if (!q.exec())
        return fail(q.lastError().text());
    if (inserted)
        *inserted = q.numRowsAffected();
    return true;
}

int SyncStore::storeConflicts(const QList<protocol::ConflictRecord>& records)
{
    if (records.isEmpty())
        return 0;
    if (!begin())
        return -1;
    int added = 0;
    for (const protocol::ConflictRecord& c : records) {
        // Only records with an id: one without could not be recognised when the hub lists it again.
        if (c.id.isEmpty())
            continue;
        int inserted = 0;
        if (!storeConflict(c, &inserted)) {
            rollback();
            return -1;
        }
        added += inserted;
    }
    return commit() ? added : -1;
}

QStringList SyncStore::openConflictIds() const
{
    QStringList ids;
    QSqlQuery q(m_store->database());
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("SELECT id FROM conflicts WHERE resolved = 0"))) {
        while (q.next())
            ids << q.value(0).toString();
    }
    return ids;
}

int SyncStore::closeConflictsResolvedElsewhere(const QStringList& ids)
{
    if (ids.isEmpty())
        return 0;
    if (!begin())
        return -1;
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("UPDATE conflicts SET resolved = 1, resolution = 'resolved_elsewhere' "
                             "WHERE id = ? AND resolved = 0"));
    int closed = 0;
    for (const QString& id : ids) {
        q.addBindValue(id);
        if (!q.exec()) {
            const QString error = q.lastError().text();
            rollback();
            fail(error);
            return -1;
        }
        closed += q.numRowsAffected();
    }
    return commit() ? closed : -1;
}

int SyncStore::openConflictCount() const
{
    return m_store->openConflictCount();
}

QList<QPair<QString, QString>> SyncStore::pendingResolutions() const
{
    QList<QPair<QString, QString>> list;
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT conflict_id, resolution FROM sync_pending_resolutions ORDER BY at")))
        return list;
    while (q.next())
        list << qMakePair(q.value(0).toString(), q.value(1).toString());
    return list;
}

bool SyncStore::markResolutionSynced(const QString& conflictId)
{
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("DELETE FROM sync_pending_resolutions WHERE conflict_id = ?"));
    q.addBindValue(conflictId);
    if (!q.exec())
        return fail(q.lastError().text());
    return true;
}

bool SyncStore::createPrivateTables(const QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    const QStringList ddl {
        // Op ids used to be stored here; they are derived from the content now (opIdFor).
        QStringLiteral("DROP TABLE IF EXISTS sync_pending_ops"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS sync_pending_resolutions(conflict_id TEXT PRIMARY KEY NOT NULL, "
                       "resolution TEXT NOT NULL, at INTEGER NOT NULL)"),
    };
    for (const QString& sql : ddl) {
        if (!q.exec(sql)) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool SyncStore::adoptDeviceId(const QString& path, const QString& deviceId, QString* error)
{
    auto failed = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (!protocol::isWellFormedHlc(QString(QStringLiteral("000000000000-0000-") + deviceId)))
        return failed(QStringLiteral("not a device id: %1").arg(deviceId));
    const QString name = QStringLiteral("adopt-device-id");
    {
        // Creates the file and its schema when it does not exist yet.
        LocalStore create;
        if (!create.open(path, name))
            return failed(create.lastError().message);
    }
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            const QString message = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return failed(message);
        }
        QSqlQuery q(db);
        QString old;
        if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'device_id'")) && q.next())
            old = q.value(0).toString();
        QString synced;
        if (q.exec(QStringLiteral(
                "SELECT value FROM meta WHERE key IN ('sync_cursor', 'sync_last_success') AND value <> ''"))
            && q.next())
            synced = q.value(0).toString();
        if (old == deviceId) {
            ok = true;
        } else if (old.isEmpty()) {
            ok = failed(QStringLiteral("the database has no device id"));
        } else if (!synced.isEmpty()) {
            ok = failed(QStringLiteral("the database already synced as device %1").arg(old));
        } else {
            // Never synced: no one has seen this device's clocks, so they may be renamed.
            const QString node = QStringLiteral("substr(%1, 1, 18) || ? WHERE substr(%1, 19) = ?");
            const QString quote = QStringLiteral("\"");
            const QList<QPair<QString, QStringList>> statements {
                { QStringLiteral("BEGIN IMMEDIATE"), {} },
                { QStringLiteral("UPDATE outbox SET hlc = ") + node.arg(QStringLiteral("hlc")), { deviceId, old } },
                { QStringLiteral("UPDATE outbox SET base_hlc = ") + node.arg(QStringLiteral("base_hlc")),
                    { deviceId, old } },
                { QStringLiteral("UPDATE work_orders SET last_updated = ") + node.arg(QStringLiteral("last_updated")),
                    { deviceId, old } },
                { QStringLiteral("UPDATE work_orders SET field_clocks = replace(field_clocks, ?, ?)"),
                    { u'-' + old + quote, u'-' + deviceId + quote } },
                { QStringLiteral("UPDATE meta SET value = ") + node.arg(QStringLiteral("value"))
                        + QStringLiteral(" AND key = 'hlc'"),
                    { deviceId, old } },
                { QStringLiteral("UPDATE meta SET value = ? WHERE key = 'device_id'"), { deviceId } },
                { QStringLiteral("COMMIT"), {} },
            };
            ok = true;
            for (const auto& [sql, binds] : statements) {
                q.prepare(sql);
                for (const QString& b : binds)
                    q.addBindValue(b);
                if (!q.exec()) {
                    ok = failed(q.lastError().text());
                    QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                    break;
                }
            }
        }
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool SyncStore::resolveConflict(LocalStore* store, const QString& conflictId, const QString& resolution, QString* error)
{
    QSqlDatabase db = store->database();
    if (!createPrivateTables(db, error))
        return false;
    QSqlQuery q(db);
    auto failed = [&](const QSqlQuery& query) {
        if (error)
            *error = query.lastError().text();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    q.prepare(QStringLiteral("UPDATE conflicts SET resolution = ?, resolved_by = ?, resolved = 1 WHERE id = ?"));
    q.addBindValue(resolution);
    q.addBindValue(store->deviceId());
    q.addBindValue(conflictId);
    if (!q.exec())
        return failed(q);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_pending_resolutions(conflict_id, resolution, at) "
                             "VALUES(?, ?, ?)"));
    q.addBindValue(conflictId);
    q.addBindValue(resolution);
    q.addBindValue(store->wallClock()->nowMs());
    if (!q.exec() || !q.exec(QStringLiteral("COMMIT")))
        return failed(q);
    return true;
}

} // namespace fieldsync
