#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringView>

#include <optional>

// Protocol v1 between devices and fieldsync-server: value types and their one JSON codec.
// Both sides use exactly these types; neither hand-builds the other's JSON. docs/protocol.md is the
// normative description of every field below.
namespace fieldsync::protocol {

inline constexpr int Version = 1;

// ---- errors -------------------------------------------------------------------------------------
namespace ErrorCode {
inline constexpr char MalformedJson[] = "malformed_json"; // 400
inline constexpr char BadRequest[] = "bad_request"; // 400 (bad query parameter, bad cursor)
inline constexpr char Unauthorized[] = "unauthorized"; // 401
inline constexpr char Forbidden[] = "forbidden"; // 403
inline constexpr char NotFound[] = "not_found"; // 404
inline constexpr char MethodNotAllowed[] = "method_not_allowed"; // 405
inline constexpr char Conflict[] = "conflict"; // 409
inline constexpr char ResetRequired[] = "reset_required"; // 410 cursor older than tombstone retention
inline constexpr char PayloadTooLarge[] = "payload_too_large"; // 413
inline constexpr char UnknownTable[] = "unknown_table"; // 422
inline constexpr char UnknownField[] = "unknown_field"; // 422
inline constexpr char WrongType[] = "wrong_type"; // 422
inline constexpr char InvalidValue[] = "invalid_value"; // 422
inline constexpr char Unavailable[] = "unavailable"; // 503 storage down
inline constexpr char Internal[] = "internal"; // 500
} // namespace ErrorCode

struct Error
{
    int httpStatus = 0;
    QString code;
    QString message;
    QJsonObject toJson() const; // {"error":{"code":…,"message":…}}
    static std::optional<Error> fromJson(const QJsonObject& body, int httpStatus);
    friend bool operator==(const Error&, const Error&) = default;
};

Error makeError(int httpStatus, const QString& code, const QString& message);

// Codec result: either a value or the 400/422 error that explains why the input was refused.
// Decoding is strict about what it reads: a member of the wrong JSON type is 422 wrong_type naming its path
// ("changes[3].fields.title.hlc must be a string"; a required member sent as null too), a missing required
// member is 422 invalid_value. Optional members may be absent or null. Unknown members are ignored so that a
// newer peer can add members without breaking an older one; table and field names inside a change are
// checked by merge::validate().
template <typename T> struct Parsed
{
    std::optional<T> value;
    Error error;
    explicit operator bool() const { return value.has_value(); }
};

// A request or response body: must be a JSON object, else 400 malformed_json with the parser's reason.
Parsed<QJsonObject> parseObject(const QByteArray& body);
QByteArray serialize(const QJsonObject& o); // compact UTF-8

// A JSON string as QJsonDocument writes it: '"' and '\\' escaped, \b \f \n \r \t by name, other characters
// below U+0020 and unpaired surrogates as \uxxxx (lower-case hex), everything else verbatim UTF-8. Shared
// with the audit encoding.
void appendJsonString(QByteArray& out, QStringView s);
// Compact JSON text of a value, an object (members in key order) or a string map, byte for byte what
// QJsonDocument::toJson(Compact) writes; used by the codec below and by the hub's stored-row text.
void appendJsonValue(QByteArray& out, const QJsonValue& v);
void appendJsonObject(QByteArray& out, const QJsonObject& o);
void appendJsonStringMap(QByteArray& out, const QMap<QString, QString>& map);

// True for "PPPPPPPPPPPP-LLLL-node": 12 lower-case hex digits, '-', 4 lower-case hex digits, '-', and a
// node id of 1..64 characters from [0-9A-Za-z_] (device ids are ULIDs).
bool isWellFormedHlc(QStringView text);

// ---- rows ---------------------------------------------------------------------------------------
// A canonical row: every synced field's value (strings or null; "deleted" is a bool) and its HLC.
struct Row
{
    QString table;
    QString id;
    QJsonObject values;
    QMap<QString, QString> clocks; // field -> HLC string
    QMap<QString, QString> authors; // field -> device id that wrote the winning value (server side)
    qint64 seq = 0; // server change sequence, 0 on the device

    bool deleted() const { return values.value(QStringLiteral("deleted")).toBool(); }
    QJsonObject toJson() const;
    static Parsed<Row> fromJson(const QJsonObject& o);
    friend bool operator==(const Row&, const Row&) = default;
};

// ---- push ---------------------------------------------------------------------------------------
struct FieldChange
{
    QJsonValue value;
    QString hlc; // clock of this edit
    QString baseHlc; // clock of the value the edit replaced ("" for a new row)
    std::optional<QString> baseText; // long text only: the text the edit started from
    friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

struct Change
{
    QString opId; // ULID, idempotency key
    QString table;
    QString rowId;
    QMap<QString, FieldChange> fields;
    qint64 ageMs = 0; // device-measured time since the first unsynced edit; the server derives latency from it
    QJsonObject toJson() const;
    static Parsed<Change> fromJson(const QJsonObject& o);
    friend bool operator==(const Change&, const Change&) = default;
};

struct PushRequest
{
    QString deviceId;
    QString hlc; // device clock when sent
    QList<Change> changes;
    QJsonObject toJson() const;
    static Parsed<PushRequest> fromJson(const QJsonObject& o);
    friend bool operator==(const PushRequest&, const PushRequest&) = default;
};

enum class ChangeStatus { Applied, Merged, Duplicate, Rejected };
QString toString(ChangeStatus s);
std::optional<ChangeStatus> changeStatusFromString(QStringView s);

struct ConflictRecord
{
    QString id; // ULID
    QString table;
    QString rowId;
    QString field;
    QJsonValue winnerValue;
    QJsonValue loserValue;
    QString winnerHlc;
    QString loserHlc;
    QString winnerDevice;
    QString loserDevice;
    QString winnerTechnician;
    QString loserTechnician;
    QString rule; // "lww", "lww_text_overlap", "delete_wins", ...
    QString createdAt; // ISO 8601 UTC, server time
    QString resolution; // "" while open; "kept_winner", "restored", "picked_loser"
    QString resolvedBy; // device id
    QJsonObject toJson() const;
    static Parsed<ConflictRecord> fromJson(const QJsonObject& o);
    friend bool operator==(const ConflictRecord&, const ConflictRecord&) = default;
};

struct ChangeResult
{
    QString opId;
    ChangeStatus status = ChangeStatus::Applied;
    QString reasonCode; // for Rejected: an ErrorCode
    QString reason; // for Rejected: human-readable
    std::optional<Row> row; // canonical row after the merge (absent when rejected)
    QList<ConflictRecord> conflicts;
    QJsonObject toJson() const;
    static Parsed<ChangeResult> fromJson(const QJsonObject& o);
    friend bool operator==(const ChangeResult&, const ChangeResult&) = default;
};

struct PushResponse
{
    QList<ChangeResult> results; // same order as the request's changes
    QString serverHlc;
    // The change-feed span of this push ("feed"): the seqs after feedFrom up to and including feedTo were assigned
    // in this push's commit to the rows of these results and to nothing else, so a device whose cursor equals
    // feedFrom may take feedTo once it has applied them. Cursor strings as next_cursor; both empty (member absent)
    // when the push wrote no row.
    QString feedFrom;
    QString feedTo;
    QJsonObject toJson() const;
    static Parsed<PushResponse> fromJson(const QJsonObject& o);
    friend bool operator==(const PushResponse&, const PushResponse&) = default;
};

// ---- pull ---------------------------------------------------------------------------------------
struct ChangesPage
{
    QList<Row> rows; // ascending seq
    QString nextCursor; // opaque; pass back verbatim
    bool hasMore = false;
    QString serverHlc;
    QJsonObject toJson() const;
    static Parsed<ChangesPage> fromJson(const QJsonObject& o);
    friend bool operator==(const ChangesPage&, const ChangesPage&) = default;
};

// ---- audit --------------------------------------------------------------------------------------
struct VerifyRequest
{
    QString table;
    qint64 count = 0;
    QString hash; // hex SHA-256, see AuditHash.h
    QMap<int, QString> buckets; // bucket -> hex SHA-256; empty buckets omitted
    QJsonObject toJson() const;
    static Parsed<VerifyRequest> fromJson(const QJsonObject& o);
    friend bool operator==(const VerifyRequest&, const VerifyRequest&) = default;
};

struct VerifyResponse
{
    bool match = false;
    qint64 serverCount = 0;
    QString serverHash;
    QList<int> mismatchedBuckets;
    QString serverHlc;
    QJsonObject toJson() const;
    static Parsed<VerifyResponse> fromJson(const QJsonObject& o);
    friend bool operator==(const VerifyResponse&, const VerifyResponse&) = default;
};

struct RowsPage
{
    QString table;
    int bucket = 0;
    QList<Row> rows;
    QJsonObject toJson() const;
    static Parsed<RowsPage> fromJson(const QJsonObject& o);
    friend bool operator==(const RowsPage&, const RowsPage&) = default;
};

// ---- telemetry ----------------------------------------------------------------------------------
struct LatencySample
{
    QString opId;
    QString rowId;
    qint64 editedAtMs = 0; // device wall clock
    qint64 latencyMs = 0; // edit -> server acknowledgement, measured on the device
    QJsonObject toJson() const;
    static Parsed<LatencySample> fromJson(const QJsonObject& o);
    friend bool operator==(const LatencySample&, const LatencySample&) = default;
};

struct LogEvent
{
    qint64 atMs = 0; // device wall clock
    QString kind; // "sync_run", "error", "audit", "reset", "quarantine"
    QString level; // "info", "warning", "error"
    QString message;
    QJsonObject data; // kind-specific: pushed, pulled, conflicts, duration_ms, result, ...
    QJsonObject toJson() const;
    static Parsed<LogEvent> fromJson(const QJsonObject& o);
    friend bool operator==(const LogEvent&, const LogEvent&) = default;
};

struct TelemetryBatch
{
    QString deviceId;
    QString appVersion;
    qint64 sentAtMs = 0; // device wall clock at send (server derives skew)
    qint64 pendingChanges = 0;
    qint64 clockSkewMs = 0; // device wall clock minus server HLC physical time, last measured
    QList<LatencySample> latency;
    QList<LogEvent> events;
    QJsonObject toJson() const;
    static Parsed<TelemetryBatch> fromJson(const QJsonObject& o);
    friend bool operator==(const TelemetryBatch&, const TelemetryBatch&) = default;
};

// ---- fleet --------------------------------------------------------------------------------------
struct FleetDevice
{
    QString deviceId;
    QString name;
    QString technician;
    QString role;
    QString lastSeen; // ISO 8601 UTC, "" never
    qint64 pendingChanges = 0;
    qint64 latencyP50Ms = -1; // -1 no samples
    qint64 latencyP95Ms = -1;
    qint64 conflictsOpen = 0;
    QString lastAuditAt;
    QString lastAuditResult; // "match", "mismatch", "repaired", ""
    qint64 clockSkewMs = 0;
    QString appVersion;
    bool revoked = false;
    QJsonObject toJson() const;
    static Parsed<FleetDevice> fromJson(const QJsonObject& o);
    friend bool operator==(const FleetDevice&, const FleetDevice&) = default;
};

struct LatencyPoint
{
    QString at; // ISO 8601 UTC, start of the bucket
    qint64 avgMs = 0;
    qint64 samples = 0;
    QJsonObject toJson() const;
    static Parsed<LatencyPoint> fromJson(const QJsonObject& o);
    friend bool operator==(const LatencyPoint&, const LatencyPoint&) = default;
};

struct FleetReport
{
    QList<FleetDevice> devices;
    qint64 avgLatencyLastHourMs = -1;
    qint64 p95LatencyLastHourMs = -1;
    qint64 thresholdMs = 30 * 60 * 1000;
    bool alarm = false; // average over the last hour above threshold
    bool auditAlarm = false; // a device's latest audit failed
    qint64 conflictsOpen = 0;
    qint64 pendingChanges = 0;
    QList<LatencyPoint> latencySeries; // fleet average per bucket over the last 24 h
    QString generatedAt;
    QJsonObject toJson() const;
    static Parsed<FleetReport> fromJson(const QJsonObject& o);
    friend bool operator==(const FleetReport&, const FleetReport&) = default;
};

struct DeviceEvents
{
    QString deviceId;
    QList<LogEvent> events; // newest first
    QJsonObject toJson() const;
    static Parsed<DeviceEvents> fromJson(const QJsonObject& o);
    friend bool operator==(const DeviceEvents&, const DeviceEvents&) = default;
};

// ---- identity -----------------------------------------------------------------------------------
struct DeviceInfo
{
    QString deviceId;
    QString name;
    QString technician;
    QString role; // "technician", "supervisor", "admin"
    QString token; // only in the answer that created it
    QJsonObject toJson() const;
    static Parsed<DeviceInfo> fromJson(const QJsonObject& o);
    friend bool operator==(const DeviceInfo&, const DeviceInfo&) = default;
};

// ---- fast paths for the largest bodies ----------------------------------------------------------
// Exactly the bytes of serialize(x.toJson()), written directly without building QJsonObjects (several times
// faster): for the change feed, audit repair pages and push answers.
QByteArray serialize(const ChangesPage& page);
QByteArray serialize(const RowsPage& page);
QByteArray serialize(const PushResponse& response);
QByteArray serialize(const PushRequest& request);

// parseObject(body) + X::fromJson in one step: the same value or the same error. A plain well-formed body is
// read directly, anything else through the general codec. Measured: about 1.6x faster for change pages and
// push answers (row values still become a QJsonObject), 2.4x for push bodies.
Parsed<ChangesPage> parseChangesPage(const QByteArray& body);
// The same, with every row's authors left empty (the device never uses them; the member is still checked).
Parsed<ChangesPage> parseChangesPageForDevice(const QByteArray& body);
// has_more and next_cursor of a change page when they come before its rows (as serialize() writes them), read
// without parsing the rows, so a device can ask for the next page while it parses this one. nullopt otherwise;
// parseChangesPage() remains the judge of the whole body.
struct PageHead
{
    bool hasMore = false;
    QString nextCursor;
};
std::optional<PageHead> peekChangesPage(const QByteArray& body);
Parsed<PushRequest> parsePushRequest(const QByteArray& body);
Parsed<PushResponse> parsePushResponse(const QByteArray& body);

} // namespace fieldsync::protocol
