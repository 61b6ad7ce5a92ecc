#include "WorkOrderGen.h"

#include "models/Schema.h"
#include "models/Ulid.h"

#include <QDateTime>
#include <QStringList>

namespace fieldsync::bench {

namespace {

// SplitMix64: a fixed, portable sequence, so row `index` has the same content on every machine.
quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

template <size_t N> QString pick(const char* const (&words)[N], quint64& state)
{
    state = mix(state);
    return QString::fromUtf8(words[state % N]);
}

const char* const kJobs[] = { "Repair HVAC system", "Replace condenser fan motor", "Inspect backflow preventer",
    "Service elevator door operator", "Replace circuit breaker panel", "Descale boiler heat exchanger",
    "Fix leaking water heater", "Annual fire alarm test", "Recalibrate thermostat", "Replace rooftop unit belt",
    "Clear blocked drain line", "Install emergency lighting", "Investigate tripping RCD", "Lubricate hoist cables" };
const char* const kCustomers[] = { "Northwind Property Group", "Harbor View Hospital", "Lakeside Schools District",
    "Meridian Office Park", "Cedar Ridge Apartments", "Bluewater Logistics", "St. Anne's Care Home",
    "Granite City Council", "Orchard Mall", "Pinecrest Hotel" };
const char* const kStreets[] = { "Industrial Way", "Harbor Road", "Maple Avenue", "Station Street", "Elm Court",
    "Riverside Drive", "Market Square", "Foundry Lane" };
const char* const kCities[] = { "Springfield", "Riverton", "Oakdale", "Fairview", "Kingsport", "Milton" };
const char* const kAssets[] = { "HVAC Unit 4B", "Boiler 2", "Elevator A", "Chiller C-1", "Panel DB-3",
    "Water Heater WH-7", "Fire Panel FP-1", "Pump P-12", "Rooftop Unit RTU-5", "Escalator E2" };
const char* const kTechs[] = { "alice", "bob", "carmen", "dmitri", "erin", "farid", "grace", "hiro" };
const char* const kSentences[] = { "Customer reports intermittent noise from the unit during start-up.",
    "Check refrigerant pressures and record readings on the service sheet.",
    "Access is through the loading dock; ask security for the plant room key.",
    "Previous visit replaced the contactor; verify it is not overheating.",
    "Isolate the supply before opening the panel and tag out the breaker.",
    "Bring a 10 mm socket set, a multimeter and spare fuses rated 16 A.",
    "Building manager wants a written summary before the end of the day.",
    "The fault appears only when the outside temperature drops below 5 degrees.",
    "Parts on order: fan motor 230 V, capacitor 5 uF, drive belt A42.",
    "Site contact is available weekdays between 08:00 and 16:00." };

QString paragraph(quint64& state, int targetChars)
{
    QString text;
    text.reserve(targetChars + 80);
    while (text.size() < targetChars) {
        if (!text.isEmpty())
            text += u' ';
        text += pick(kSentences, state);
    }
    return text;
}

} // namespace

QVariantMap WorkOrderGen::values(qint64 index, int revision)
{
    quint64 state = mix(quint64(index) * 7919u + quint64(revision) * 104729u + 1u);
    const QStringList statuses = WorkOrder::statuses();
    const QStringList priorities = WorkOrder::priorities();
    QVariantMap v;
    v.insert(QStringLiteral("title"), QString(pick(kJobs, state) + QStringLiteral(" #") + QString::number(index)));
    v.insert(QStringLiteral("description"), paragraph(state, 520));
    state = mix(state);
    v.insert(QStringLiteral("status"), statuses.at(int(state % quint64(statuses.size()))));
    state = mix(state);
    v.insert(QStringLiteral("priority"), priorities.at(int(state % quint64(priorities.size()))));
    v.insert(QStringLiteral("customer"), pick(kCustomers, state));
    state = mix(state);
    const QString street = pick(kStreets, state);
    const QString city = pick(kCities, state);
    v.insert(QStringLiteral("site"),
        QString(QString::number(1 + state % 999) + u' ' + street + QStringLiteral(", ") + city));
    v.insert(QStringLiteral("asset"), pick(kAssets, state));
    v.insert(QStringLiteral("assigned_to"), pick(kTechs, state));
    state = mix(state);
    const QDate due = QDate(2026, 1, 1).addDays(qint64(state % 365));
    v.insert(QStringLiteral("due_at"), due.toString(QStringLiteral("yyyy-MM-dd")));
    v.insert(QStringLiteral("notes"), paragraph(state, 260));
    const QDateTime created = QDateTime(QDate(2025, 6, 1), QTime(8, 0), Qt::UTC).addSecs(index * 37);
    v.insert(QStringLiteral("created_at"), created.toString(Qt::ISODateWithMs));
    return v;
}

QJsonObject WorkOrderGen::json(qint64 index, int revision)
{
    QJsonObject o = QJsonObject::fromVariantMap(values(index, revision));
    o.insert(QStringLiteral("deleted"), false);
    return o;
}

int WorkOrderGen::payloadBytes(qint64 index)
{
    int bytes = 0;
    const QVariantMap v = values(index);
    for (auto it = v.begin(); it != v.end(); ++it)
        bytes += int(it.value().toString().toUtf8().size());
    return bytes;
}

ChangeFactory::ChangeFactory(QString deviceId)
    : m_deviceId(std::move(deviceId))
{ }

QString ChangeFactory::nextHlc()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now > m_lastMs) {
        m_lastMs = now;
        m_logical = 0;
    } else if (++m_logical > 0xFFFF) {
        ++m_lastMs;
        m_logical = 0;
    }
    return QStringLiteral("%1-%2-%3")
        .arg(m_lastMs, 12, 16, QLatin1Char('0'))
        .arg(m_logical, 4, 16, QLatin1Char('0'))
        .arg(m_deviceId);
}

QString ChangeFactory::nextUlid()
{
    return Ulid::generate();
}

protocol::Change ChangeFactory::newRow(const QString& rowId, const QJsonObject& values)
{
    protocol::Change c;
    c.opId = nextUlid();
    c.table = Schema::WorkOrders;
    c.rowId = rowId;
    for (auto it = values.begin(); it != values.end(); ++it) {
        protocol::FieldChange f;
        f.value = it.value();
        f.hlc = nextHlc();
        c.fields.insert(it.key(), f);
    }
    return c;
}

protocol::Change ChangeFactory::edit(const QString& rowId, const QJsonObject& changed,
    const QMap<QString, QString>& baseClocks, const QJsonObject& baseValues)
{
    protocol::Change c;
    c.opId = nextUlid();
    c.table = Schema::WorkOrders;
    c.rowId = rowId;
    const TableDef* table = Schema::instance().table(Schema::WorkOrders);
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        protocol::FieldChange f;
        f.value = it.value();
        f.hlc = nextHlc();
        f.baseHlc = baseClocks.value(it.key());
        const FieldDef* def = table ? table->field(it.key()) : nullptr;
        if (def && def->isLongText() && baseValues.contains(it.key()))
            f.baseText = baseValues.value(it.key()).toString();
        c.fields.insert(it.key(), f);
    }
    return c;
}

} // namespace fieldsync::bench
