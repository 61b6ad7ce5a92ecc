#pragma once

#include "Protocol.h"

#include <QString>

#include <functional>
#include <optional>

namespace fieldsync {
struct FieldDef;
struct TableDef;
} // namespace fieldsync

// The one merge rule, used by the server on push and by the device on pull (docs/conflicts.md).
//
// Per field: a change whose base clock equals the current clock fast-forwards. Otherwise the edits were
// concurrent: the larger HLC wins (the HLC string orders ties by node id), and the losing value is returned
// as a ConflictRecord when the values differ. For long text with a base text, a clean three-way merge keeps
// both edits (status Merged, no conflict); an overlapping one falls back to last-write-wins and records the
// loser. Re-applying a change whose clock equals the current clock is a no-op. The resulting row depends
// only on the set of changes, not on their order or repetition.
namespace fieldsync::merge {

struct Writer
{
    QString deviceId;
    QString technician;
};

struct Outcome
{
    protocol::Row row; // the canonical row after the merge
    protocol::ChangeStatus status = protocol::ChangeStatus::Applied; // Applied, Merged, Duplicate or Rejected
    QList<protocol::ConflictRecord> conflicts; // id and createdAt left empty for the caller to fill
    bool changed = false; // row differs from `current`
    QString rejectCode; // ErrorCode when Rejected
    QString rejectReason;
};

// `current` is the canonical row (nullopt for a row never seen). `authorTechnician` maps a device id of
// current.authors to a technician name for conflict records (may return "").
Outcome applyChange(const TableDef& table, const std::optional<protocol::Row>& current, const protocol::Change& change,
    const Writer& writer, const std::function<QString(const QString& deviceId)>& authorTechnician = {});
// The same for a change validate(table, change) has already accepted (the hub validates each change before its
// transaction): the same outcome without validating it a second time.
Outcome applyValidatedChange(const TableDef& table, const std::optional<protocol::Row>& current,
    const protocol::Change& change, const Writer& writer,
    const std::function<QString(const QString& deviceId)>& authorTechnician = {});

// Line-based three-way merge (diff3). Returns the merged text when the edits of `ours` and `theirs`
// relative to `base` do not overlap; nullopt on an overlap. Symmetric: merge(b,x,y) == merge(b,y,x).
std::optional<QString> threeWay(const QString& base, const QString& ours, const QString& theirs);

// Validates a change against the schema: unknown table/field, wrong JSON type, invalid value, bad HLC.
// Returns an Error with status 422 and the matching code, or nullopt. Value rules are TableDef::validate's,
// so the device's store and the server refuse exactly the same values.
std::optional<protocol::Error> validate(const protocol::Change& change);
std::optional<protocol::Error> validate(const TableDef& table, const protocol::Change& change);

// The canonical form of a value for a field: null text becomes "", the tombstone is a bool.
QJsonValue canonicalValue(const FieldDef& field, const QJsonValue& value);
// The value of a field never written (no clock): its schema default.
QJsonValue defaultValue(const FieldDef& field);
// The node (device id) part of an HLC string, "" when malformed.
QString nodeOf(const QString& hlc);

// Conflict rule names (ConflictRecord::rule).
namespace Rule {
inline constexpr char Lww[] = "lww"; // concurrent edits of one field: the later clock won
inline constexpr char LwwTextOverlap[] = "lww_text_overlap"; // long text edits overlapped: the later clock won
inline constexpr char DeleteWins[] = "delete_wins"; // an edit reached a deleted row: the row stays deleted
} // namespace Rule

} // namespace fieldsync::merge
