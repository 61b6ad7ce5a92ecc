#include "Merge.h"

#include "models/Schema.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace fieldsync::merge {

using protocol::ChangeStatus;
using protocol::ConflictRecord;
using protocol::Error;
using protocol::FieldChange;
using protocol::Row;

namespace {

constexpr qsizetype MaxIdLength = 64;

// Columns every synced table has besides its fields; a change can never write them.
bool isReservedName(const QString& name)
{
    static const QStringList reserved { u"id"_s, u"seq"_s, u"last_updated"_s, u"sync_status"_s, u"field_clocks"_s,
        u"authors"_s, u"clocks"_s };
    return reserved.contains(name);
}

bool isIdChar(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'-';
}

bool isWellFormedId(const QString& id)
{
    return !id.isEmpty() && id.size() <= MaxIdLength && std::all_of(id.begin(), id.end(), isIdChar);
}

Error invalid(const QString& message)
{
    return protocol::makeError(422, QString::fromLatin1(protocol::ErrorCode::InvalidValue), message);
}

// Total order on values, used only to break a tie between two different values under one clock.
QByteArray orderKey(const QJsonValue& v)
{
    return QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
}

struct Side
{
    QJsonValue value;
    QString hlc;
    QString device;
    QString technician;
};

ConflictRecord makeConflict(
    const Row& row, const QString& field, const Side& winner, const Side& loser, const char* rule)
{
    ConflictRecord c;
    c.table = row.table;
    c.rowId = row.id;
    c.field = field;
    c.winnerValue = winner.value;
    c.loserValue = loser.value;
    c.winnerHlc = winner.hlc;
    c.loserHlc = loser.hlc;
    c.winnerDevice = winner.device;
    c.loserDevice = loser.device;
    c.winnerTechnician = winner.technician;
    c.loserTechnician = loser.technician;
    c.rule = QString::fromLatin1(rule);
    return c;
}

// Everything about applying one field of a change.
struct FieldStep
{
    bool alreadyApplied = false; // this exact edit is already part of the row
    bool merged = false; // a three-way merge produced a text neither side had
};

class Merger
{
public:
    Merger(Row& row, const protocol::Change& change, const Writer& writer,
        const std::function<QString(const QString&)>& technicianOf, QList<ConflictRecord>& conflicts)
        : m_row(row)
        , m_change(change)
        , m_writer(writer)
        , m_technicianOf(technicianOf)
        , m_conflicts(conflicts)
    { }

    FieldStep apply(const FieldDef& field, const FieldChange& fc)
    {
        FieldStep step;
        const QString& name = field.name;
        const QJsonValue incoming = canonicalValue(field, fc.value);
        const QJsonValue current = m_row.values.value(name);
        const QString currentClock = m_row.clocks.value(name);

        if (currentClock.isEmpty()) { // never written: the default gives way without a conflict
            take(name, incoming, fc.hlc);
            return step;
        }
        if (fc.hlc == currentClock && incoming == current) {
            step.alreadyApplied = true;
            return step;
        }

        if (field.isLongText() && fc.baseText && incoming.isString() && current.isString()) {
            const QString currentText = current.toString();
            const auto merged = threeWay(*fc.baseText, currentText, incoming.toString());
            if (merged) {
                step.alreadyApplied = fc.hlc == currentClock && *merged == currentText;
                step.merged = *merged != currentText && *merged != incoming.toString();
                const bool clockAdvances = fc.hlc > currentClock;
                m_row.values.insert(name, *merged);
                if (clockAdvances) {
                    m_row.clocks.insert(name, fc.hlc);
                    m_row.authors.insert(name, writerDevice(fc.hlc));
                }
                return step;
            }
            resolveByClock(name, incoming, fc.hlc, Rule::LwwTextOverlap);
            return step;
        }

        // Fast-forward: the edit started from the current value (or from a later one), or the current value is
        // this device's own earlier edit (a device's edits are sequential; an outbox entry re-sent after a lost
        // answer still carries the first edit's base): no conflict.
        const bool ownValue = currentDevice(name) == writerDevice(fc.hlc);
        if (((!fc.baseHlc.isEmpty() && fc.baseHlc >= currentClock) || ownValue) && fc.hlc > currentClock) {
            take(name, incoming, fc.hlc);
            return step;
        }
        resolveByClock(name, incoming, fc.hlc, Rule::Lww);
        return step;
    }

    // An edit without a tombstone reached a row that stays deleted: tell its author (restorable).
    void noteDeleteWins()
    {
        const QString deletedName = Schema::DeletedField;
        if (m_change.fields.contains(deletedName) || !m_row.values.value(deletedName).toBool())
            return;
        const Side deleter = currentSide(deletedName, true);
        QString latest;
        for (const FieldChange& fc : m_change.fields)
            latest = std::max(latest, fc.hlc);
        if (deleter.device == writerDevice(latest))
            return; // a device's later edit of a row it deleted itself is not a conflict with itself
        m_conflicts.append(makeConflict(m_row, deletedName, deleter, writerSide(false, latest), Rule::DeleteWins));
    }

private:
    QString writerDevice(const QString& hlc) const
    {
        return m_writer.deviceId.isEmpty() ? nodeOf(hlc) : m_writer.deviceId;
    }

    Side writerSide(const QJsonValue& value, const QString& hlc) const
    {
        return Side { value, hlc, writerDevice(hlc), m_writer.technician };
    }

    QString currentDevice(const QString& name) const
    {
        const QString device = m_row.authors.value(name);
        return device.isEmpty() ? nodeOf(m_row.clocks.value(name)) : device;
    }

    Side currentSide(const QString& name, const QJsonValue& value) const
    {
        const QString hlc = m_row.clocks.value(name);
        const QString device = currentDevice(name);
        const QString technician = m_technicianOf && !device.isEmpty() ? m_technicianOf(device) : QString();
        return Side { value, hlc, device, technician };
    }

    void take(const QString& name, const QJsonValue& value, const QString& hlc)
    {
        m_row.values.insert(name, value);
        m_row.clocks.insert(name, hlc);
        m_row.authors.insert(name, writerDevice(hlc));
    }

    // Concurrent edits: the larger clock wins; equal clocks (never produced by two honest devices) fall back
    // to an order on the values so that every replica still picks the same one.
    void resolveByClock(const QString& name, const QJsonValue& incoming, const QString& hlc, const char* rule)
    {
        const QJsonValue current = m_row.values.value(name);
        const QString currentClock = m_row.clocks.value(name);
        const bool incomingWins = hlc > currentClock || (hlc == currentClock && orderKey(incoming) > orderKey(current));
        const Side mine = writerSide(incoming, hlc);
        const Side theirs = currentSide(name, current);
        if (incomingWins) {
            if (incoming != current)
                m_conflicts.append(makeConflict(m_row, name, mine, theirs, rule));
            take(name, incoming, hlc);
        } else if (incoming != current) {
            m_conflicts.append(makeConflict(m_row, name, theirs, mine, rule));
        }
    }

    Row& m_row;
    const protocol::Change& m_change;
    const Writer& m_writer;
    const std::function<QString(const QString&)>& m_technicianOf;
    QList<ConflictRecord>& m_conflicts;
};

} // namespace

QString nodeOf(const QString& hlc)
{
    return protocol::isWellFormedHlc(hlc) ? hlc.mid(18) : QString();
}

QJsonValue defaultValue(const FieldDef& field)
{
    if (field.type == FieldType::Tombstone)
        return field.defaultValue == u"1" || field.defaultValue == u"true";
    return field.defaultValue;
}

QJsonValue canonicalValue(const FieldDef& field, const QJsonValue& value)
{
    if (field.type == FieldType::Tombstone)
        return value.toBool();
    if (value.isNull() || value.isUndefined())
        return QString();
    return value;
}

std::optional<Error> validate(const protocol::Change& change)
{
    const TableDef* table = Schema::instance().table(change.table);
    if (!table) {
        return protocol::makeError(
            422, QString::fromLatin1(protocol::ErrorCode::UnknownTable), u"unknown table \""_s % change.table % u'"');
    }
    return validate(*table, change);
}

std::optional<Error> validate(const TableDef& table, const protocol::Change& change)
{
    if (change.table != table.name) {
        return protocol::makeError(
            422, QString::fromLatin1(protocol::ErrorCode::UnknownTable), u"unknown table \""_s % change.table % u'"');
    }
    if (!isWellFormedId(change.opId))
        return invalid(u"op_id must be 1 to 64 characters from [0-9A-Za-z_-]"_s);
    if (!isWellFormedId(change.rowId))
        return invalid(u"row_id must be 1 to 64 characters from [0-9A-Za-z_-]"_s);
    if (change.fields.isEmpty())
        return invalid(u"a change must carry at least one field"_s);

    for (auto it = change.fields.constBegin(); it != change.fields.constEnd(); ++it) {
        const QString path = u"fields."_s % it.key();
        const FieldDef* field = isReservedName(it.key()) ? nullptr : table.field(it.key());
        if (!field) {
            return protocol::makeError(422, QString::fromLatin1(protocol::ErrorCode::UnknownField),
                isReservedName(it.key()) ? QString(u'"' % it.key() % u"\" cannot be written by a change"_s)
                                         : QString(u"unknown field \""_s % it.key() % u"\" in table "_s % table.name));
        }
        const FieldChange& fc = it.value();
        if (field->type == FieldType::Tombstone ? !fc.value.isBool() : !(fc.value.isString() || fc.value.isNull())) {
            return protocol::makeError(422, QString::fromLatin1(protocol::ErrorCode::WrongType),
                QString(path % u".value must be "_s
                    % (field->type == FieldType::Tombstone ? u"a boolean"_s : u"a string or null"_s)));
        }
        if (fc.value.isString() && fc.value.toString().contains(QChar(0)))
            return invalid(path % u".value must not contain NUL characters"_s);
        const QJsonValue value = canonicalValue(*field, fc.value);
        const QString reason = table.validate(*field, value.toVariant());
        if (!reason.isEmpty())
            return invalid(path % u".value: "_s % reason);
        if (!protocol::isWellFormedHlc(fc.hlc))
            return invalid(path % u".hlc is not a valid hybrid logical clock: \""_s % fc.hlc.left(100) % u'"');
        if (!fc.baseHlc.isEmpty()) {
            if (!protocol::isWellFormedHlc(fc.baseHlc)) {
                return invalid(
                    path % u".base_hlc is not a valid hybrid logical clock: \""_s % fc.baseHlc.left(100) % u'"');
            }
            if (fc.hlc <= fc.baseHlc)
                return invalid(path % u".hlc must be later than its base_hlc"_s);
        }
        if (field->isLongText() && fc.baseText && fc.baseText->contains(QChar(0)))
            return invalid(path % u".base_text must not contain NUL characters"_s);
    }
    return std::nullopt;
}

namespace {

Outcome rejectedOutcome(const Error& error, const std::optional<Row>& current)
{
    Outcome out;
    out.status = ChangeStatus::Rejected;
    out.rejectCode = error.code;
    out.rejectReason = error.message;
    if (current)
        out.row = *current;
    return out;
}

} // namespace

Outcome applyChange(const TableDef& table, const std::optional<Row>& current, const protocol::Change& change,
    const Writer& writer, const std::function<QString(const QString& deviceId)>& authorTechnician)
{
    if (const std::optional<Error> error = validate(table, change))
        return rejectedOutcome(*error, current);
    return applyValidatedChange(table, current, change, writer, authorTechnician);
}

Outcome applyValidatedChange(const TableDef& table, const std::optional<Row>& current, const protocol::Change& change,
    const Writer& writer, const std::function<QString(const QString& deviceId)>& authorTechnician)
{
    if (current && (current->id != change.rowId || current->table != table.name))
        return rejectedOutcome(
            invalid(u"the change is for row "_s % change.rowId % u", not "_s % current->id), current);

    Outcome out;
    Row row = current.value_or(Row {});
    row.table = table.name;
    row.id = change.rowId;
    for (const FieldDef& field : table.fields) {
        const auto it = row.values.constFind(field.name);
        if (it == row.values.constEnd())
            row.values.insert(field.name, defaultValue(field));
        else if (field.type == FieldType::Tombstone ? !it->isBool() : it->isNull())
            row.values.insert(field.name, canonicalValue(field, *it));
    }

    Merger merger(row, change, writer, authorTechnician, out.conflicts);
    bool allApplied = current.has_value();
    bool anyMerged = false;
    for (auto it = change.fields.constBegin(); it != change.fields.constEnd(); ++it) {
        const FieldStep step = merger.apply(*table.field(it.key()), it.value());
        allApplied = allApplied && step.alreadyApplied;
        anyMerged = anyMerged || step.merged;
    }
    if (!allApplied)
        merger.noteDeleteWins();

    out.changed = !current || row != *current;
    out.status = allApplied ? ChangeStatus::Duplicate : anyMerged ? ChangeStatus::Merged : ChangeStatus::Applied;
    out.row = std::move(row);
    return out;
}

} // namespace fieldsync::merge
