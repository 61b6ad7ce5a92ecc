#include "DemoData.h"

#include <QDateTime>

namespace fieldsync {

namespace {

// One kind of job: its title, the asset it concerns ("%1" becomes a unit number) and what the dispatcher wrote.
struct Job
{
    const char* title;
    const char* asset;
    const char* description;
};

const Job HvacJobs[] = {
    { "No cooling", "HVAC Unit %1",
        "Tenant reports the unit has been blowing warm air since Monday. Check the refrigerant charge and clean the "
        "condenser coil." },
    { "Quarterly filter replacement", "Air Handler AHU-%1",
        "Scheduled preventive maintenance: replace filters, inspect belts, check electrical connections." },
    { "Thermostat not responding", "HVAC Unit %1",
        "Display is blank and the unit does not react to setpoint changes. Check power to the thermostat and the "
        "control wiring." },
    { "Refrigerant leak inspection", "Rooftop Unit RTU-%1",
        "Pressure dropped since the last visit. Leak-check the circuit and document the amount added." },
    { "Compressor noise", "Rooftop Unit RTU-%1",
        "Loud rattling during start-up. Inspect the compressor mounts and the contactor." },
    { "Annual heating service", "Boiler B%1",
        "Annual combustion analysis, clean the burner, test the safety controls and the low-water cut-off." },
    { "Chilled water temperature high", "Chiller CH-%1",
        "Supply water is 3 °C above setpoint in the afternoons. Review trend logs and check the condenser water "
        "flow." },
    { "Condensate drain blocked", "Heat Pump HP-%1",
        "Water pooling under the indoor unit. Clear the condensate line and check the pan and float switch." },
};
const Job PlumbingJobs[] = {
    { "Water heater not heating", "Water Heater WH-%1",
        "No hot water on floors 2–4. Check the burner, the thermocouple and the recirculation pump." },
    { "Backflow preventer test", "Backflow Preventer BP-%1",
        "Annual certified backflow test required by the water utility. Bring the test kit and tags." },
    { "Sump pump inspection", "Sump Pump SP-%1",
        "Quarterly check before the rainy season: float switch, check valve, alarm and discharge line." },
    { "Low water pressure", "Booster Pump %1",
        "Upper floors report weak pressure in the mornings. Check the booster pump controller and the pressure "
        "tank." },
    { "Leaking pipe", "Riser %1",
        "Slow leak at a joint above the ceiling tiles; a bucket is in place. Replace the fitting and check for water "
        "damage." },
    { "Blocked drain", "Floor Drain FD-%1",
        "Kitchen floor drain backs up during peak hours. Snake the line and camera-inspect." },
};
const Job ElectricalJobs[] = {
    { "Breaker keeps tripping", "Panel LP-%1",
        "Breaker 14 trips when the break-room microwave and coffee maker run together. Evaluate the load and the "
        "circuit." },
    { "Panel thermal scan", "Switchboard MDP-%1",
        "Infrared scan of the main distribution board before the insurance audit; report hot spots." },
    { "Generator load test", "Generator GEN-%1",
        "Monthly load test under building load for 30 minutes; log the transfer time and fuel level." },
    { "Transfer switch service", "Transfer Switch ATS-%1",
        "Annual service: clean contacts, torque the terminals, test the transfer and retransfer." },
    { "Emergency lighting test", "Lighting Circuit %1",
        "Monthly 30-second emergency lighting test and log entry; replace failed battery packs." },
    { "Parking lot lights out", "Lighting Circuit %1",
        "Poles 3–7 dark since the storm. Check the photocell, the contactor and the underground feed." },
};
const Job ElevatorJobs[] = {
    { "Door not closing", "Elevator %1",
        "Doors reopen repeatedly on the 3rd floor. Inspect the door edge sensor and the track." },
    { "Monthly elevator maintenance", "Elevator %1",
        "Routine monthly maintenance: lubrication, brake check, controller log review." },
    { "Leveling fault", "Hydraulic Elevator H%1",
        "Car stops about 5 cm below the landing. Adjust the leveling and check the valve." },
    { "Hydraulic oil leak", "Hydraulic Elevator H%1",
        "Oil found in the pit. Locate the leak at the jack or the lines and clean the pit." },
    { "Emergency phone not working", "Freight Elevator F%1",
        "The phone in the car does not connect to the monitoring service. Test the line and the auto-dialer." },
    { "Annual safety inspection", "Escalator E%1",
        "Prepare for the state inspection: step chain, comb plates, handrail speed and emergency stops." },
};

struct Trade
{
    const Job* jobs;
    int count;
};
const Trade Trades[] = {
    { HvacJobs, int(std::size(HvacJobs)) },
    { PlumbingJobs, int(std::size(PlumbingJobs)) },
    { ElectricalJobs, int(std::size(ElectricalJobs)) },
    { ElevatorJobs, int(std::size(ElevatorJobs)) },
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
    const Job& job = trade.jobs[rng.bounded(trade.count)];
    QString unit = QString::number(rng.bounded(1, 12));
    if (rng.bounded(2))
        unit += QChar(char16_t(u'A' + rng.bounded(4)));
    const QString asset = QString::fromUtf8(job.asset).arg(unit);
    const QString title = QString::fromUtf8(job.title) + QStringLiteral(" – ") + asset;
    const QString description = QString::fromUtf8(job.description);
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
        // Finished work was due between creation and today; open work spreads from overdue to six weeks out.
        const bool done = statusIndex == 4 || statusIndex == 5;
        const int offset = done ? int(rng.bounded(0, createdDaysAgo)) : int(rng.bounded(-10, 42));
        due = (done ? createdDate : m_anchor).addDays(offset).toString(QStringLiteral("yyyy-MM-dd"));
    }
    const QString notes = rng.bounded(3) == 0 ? QString() : pick(rng, Notes, int(std::size(Notes)));
    return { title, description, status, priority, QString::fromUtf8(Customers[customer]), site, asset, technician, due,
        notes, created.toString(Qt::ISODateWithMs) };
}

} // namespace fieldsync
