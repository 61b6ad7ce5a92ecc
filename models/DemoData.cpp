#include "DemoData.h"

#include <QDateTime>

namespace fieldsync {

namespace {

struct Trade
{
    const char* const* jobs;
    int jobCount;
    const char* const* assets; // "%1" is replaced by a unit number
    int assetCount;
    const char* const* problems;
    int problemCount;
};

const char* const HvacJobs[] = { "No cooling", "Quarterly filter replacement", "Thermostat not responding",
    "Refrigerant leak inspection", "Compressor noise", "Replace condenser fan motor", "Annual heating service",
    "Airflow balancing", "Condensate drain blocked", "Belt replacement" };
const char* const HvacAssets[]
    = { "HVAC Unit %1", "Rooftop Unit RTU-%1", "Boiler B%1", "Chiller CH-%1", "Air Handler AHU-%1", "Heat Pump HP-%1" };
const char* const HvacProblems[] = {
    "Tenant reports the unit is blowing warm air since Monday. Check refrigerant charge and clean the condenser coil.",
    "Scheduled preventive maintenance: replace filters, inspect belts, check electrical connections.",
    "Unit short-cycles every few minutes. Suspect a faulty thermostat or a low charge.",
    "Loud rattling from the compressor during start-up. Inspect mounts and contactor.",
    "Water pooling under the indoor unit. Clear the condensate line and check the pan.",
};

const char* const PlumbingJobs[]
    = { "Leaking pipe", "Water heater not heating", "Blocked drain", "Replace pressure reducing valve",
          "Backflow preventer test", "Low water pressure", "Toilet running constantly", "Sump pump inspection" };
const char* const PlumbingAssets[]
    = { "Water Heater WH-%1", "Backflow Preventer BP-%1", "Sump Pump SP-%1", "Booster Pump %1", "Riser %1" };
const char* const PlumbingProblems[] = {
    "Slow leak at the joint above the ceiling tile; bucket in place. Replace the fitting and check for damage.",
    "No hot water on floors 2–4. Check the burner, thermocouple and recirculation pump.",
    "Kitchen floor drain backs up during peak hours. Snake the line and camera-inspect.",
    "Annual certified backflow test required by the water utility. Bring test kit and tags.",
};

const char* const ElectricalJobs[]
    = { "Breaker keeps tripping", "Emergency lighting test", "Replace ballast", "Install dedicated circuit",
          "Generator load test", "Panel thermal scan", "Outdoor lighting out", "GFCI outlet failure" };
const char* const ElectricalAssets[]
    = { "Panel LP-%1", "Generator GEN-%1", "Switchboard MDP-%1", "Lighting Circuit %1", "Transfer Switch ATS-%1" };
const char* const ElectricalProblems[] = {
    "Breaker 14 trips when the break room microwave and coffee maker run together. Evaluate load and circuit.",
    "Monthly 30-second emergency lighting test and log entry; replace failed battery packs.",
    "Parking lot poles 3–7 dark since the storm. Check photocell, contactor and underground feed.",
    "Infrared scan of the main distribution panel before the insurance audit.",
};

const char* const ElevatorJobs[] = { "Door not closing", "Monthly elevator maintenance", "Leveling fault",
    "Emergency phone not working", "Annual safety inspection", "Hydraulic oil leak", "Car stuck between floors" };
const char* const ElevatorAssets[]
    = { "Elevator %1", "Freight Elevator F%1", "Escalator E%1", "Hydraulic Elevator H%1" };
const char* const ElevatorProblems[] = {
    "Doors reopen repeatedly on the 3rd floor. Inspect the door edge sensor and track.",
    "Routine monthly maintenance: lubrication, brake check, controller log review.",
    "Car stops about 5 cm below the landing. Adjust leveling and check the valve.",
    "Emergency phone in the car does not connect to the monitoring service.",
};

const Trade Trades[] = {
    { HvacJobs, int(std::size(HvacJobs)), HvacAssets, int(std::size(HvacAssets)), HvacProblems,
        int(std::size(HvacProblems)) },
    { PlumbingJobs, int(std::size(PlumbingJobs)), PlumbingAssets, int(std::size(PlumbingAssets)), PlumbingProblems,
        int(std::size(PlumbingProblems)) },
    { ElectricalJobs, int(std::size(ElectricalJobs)), ElectricalAssets, int(std::size(ElectricalAssets)),
        ElectricalProblems, int(std::size(ElectricalProblems)) },
    { ElevatorJobs, int(std::size(ElevatorJobs)), ElevatorAssets, int(std::size(ElevatorAssets)), ElevatorProblems,
        int(std::size(ElevatorProblems)) },
};
const int TradeWeights[] = { 40, 25, 20, 15 };

const char* const Customers[] = { "Northwind Property Group", "Riverside Medical Center", "Harbor View Apartments",
    "Greenfield Elementary School", "Summit Office Park", "Lakeside Hotel & Suites", "Oakridge Shopping Mall",
    "Metro Transit Authority", "St. Anne's Hospital", "Bluebird Bakery", "Cedar Heights Condominiums",
    "Pinecrest Senior Living", "Union Street Lofts", "Maple Leaf Logistics", "City Public Library",
    "Westgate Fitness Club", "Bayside Data Center", "Old Mill Brewery", "Crescent Dental Clinic",
    "Ironwood Manufacturing" };
const char* const Streets[] = { "Main Street", "Oak Avenue", "Harbor Road", "Elm Street", "Industrial Parkway",
    "Maple Drive", "Riverside Boulevard", "Park Lane", "Commerce Way", "Hillcrest Road", "Station Square",
    "Bridge Street", "Lincoln Avenue", "Mill Road", "Cedar Court" };
const char* const Cities[] = { "Springfield", "Riverton", "Lakewood", "Fairview", "Brookside", "Greenville" };
const char* const Technicians[] = { "Alex Morgan", "Priya Shah", "Marco Rossi", "Jordan Lee", "Sam Okafor",
    "Elena García", "Chris Novak", "Taylor Brooks" };
const char* const Notes[] = { "Access via the loading dock; ask for the facilities manager.",
    "Customer requests arrival before 9:00.", "Parts ordered, ETA two days.",
    "Key box code is with dispatch.\nBring a ladder for the ceiling access panel.",
    "Follow-up visit needed to confirm the repair.", "Warranty job — photograph the serial plate.",
    "Tenant works nights; call ahead.", "Replaced fuse as a temporary fix; permanent repair pending." };
const int StatusWeights[] = { 20, 25, 15, 8, 25, 7 }; // pending, scheduled, in_progress, on_hold, completed, cancelled
const char* const Statuses[] = { "pending", "scheduled", "in_progress", "on_hold", "completed", "cancelled" };
const int PriorityWeights[] = { 20, 50, 22, 8 };
const char* const Priorities[] = { "low", "normal", "high", "urgent" };

template <size_t N> int weighted(QRandomGenerator& rng, const int (&weights)[N])
{
    int total = 0;
    for (int w : weights)
        total += w;
    int pick = int(rng.bounded(total));
    for (size_t i = 0; i < N; ++i) {
        if (pick < weights[i])
            return int(i);
        pick -= weights[i];
    }
    return int(N - 1);
}

QString pick(QRandomGenerator& rng, const char* const* list, int count)
{
    return QString::fromUtf8(list[rng.bounded(count)]);
}

// Each draw is its own statement: the order of evaluation of function arguments is unspecified.
QString address(QRandomGenerator& rng)
{
    const int number = int(rng.bounded(1, 2400));
    const QString street = pick(rng, Streets, int(std::size(Streets)));
    const QString city = pick(rng, Cities, int(std::size(Cities)));
    return QStringLiteral("%1 %2, %3").arg(number).arg(street, city);
}

constexpr quint32 Seed = 0x46534431; // fixed: the same orders on every machine

} // namespace

DemoData::DemoData(QDate anchor)
    : m_anchor(anchor.isValid() ? anchor : QDate(2025, 6, 2))
    , m_rng(Seed)
{
    for (int i = 0; i < int(std::size(Customers)); ++i)
        m_customerSites << address(m_rng);
}

QStringList DemoData::next()
{
    QRandomGenerator& rng = m_rng;
    const Trade& trade = Trades[weighted(rng, TradeWeights)];
    const int customer = int(rng.bounded(int(std::size(Customers))));
    // Most orders are at the customer's main address; some at a second building.
    QString site = m_customerSites[customer];
    if (rng.bounded(5) == 0)
        site = address(rng);
    QString unit = QString::number(rng.bounded(1, 12));
    if (rng.bounded(2))
        unit += QChar(char16_t(u'A' + rng.bounded(4)));
    const QString asset = pick(rng, trade.assets, trade.assetCount).arg(unit);
    const QString title = pick(rng, trade.jobs, trade.jobCount) + QStringLiteral(" – ") + asset;
    const QString description = pick(rng, trade.problems, trade.problemCount);
    const int statusIndex = weighted(rng, StatusWeights);
    const QString status = QString::fromLatin1(Statuses[statusIndex]);
    const QString priority = QString::fromLatin1(Priorities[weighted(rng, PriorityWeights)]);
    const QString technician = rng.bounded(10) == 0 ? QString() : pick(rng, Technicians, int(std::size(Technicians)));

    const int createdDaysAgo = int(rng.bounded(1, 60));
    const QDate createdDate = m_anchor.addDays(-createdDaysAgo);
    const int hour = int(rng.bounded(7, 18));
    const int minute = int(rng.bounded(60));
    const int second = int(rng.bounded(60));
    const int ms = int(rng.bounded(1000));
    const QDateTime created(createdDate, QTime(hour, minute, second, ms), Qt::UTC);
    QString due;
    if (rng.bounded(12) != 0) {
        // Finished work was due in the past; open work spreads from overdue to six weeks out.
        const bool done = statusIndex == 4 || statusIndex == 5;
        const int offset = done ? -int(rng.bounded(1, 30)) : int(rng.bounded(-10, 42));
        due = m_anchor.addDays(offset).toString(QStringLiteral("yyyy-MM-dd"));
    }
    const QString notes = rng.bounded(3) == 0 ? QString() : pick(rng, Notes, int(std::size(Notes)));
    return { title, description, status, priority, QString::fromUtf8(Customers[customer]), site, asset, technician, due,
        notes, created.toString(Qt::ISODateWithMs) };
}

} // namespace fieldsync
