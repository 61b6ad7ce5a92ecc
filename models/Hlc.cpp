#include "Hlc.h"

#include "Clock.h"

#include <QMutexLocker>

#include <algorithm>

namespace fieldsync {

namespace {

constexpr int PhysicalDigits = 12;
constexpr int LogicalDigits = 4;
constexpr qint64 MaxPhysical = (qint64(1) << 48) - 1;

std::optional<quint64> parseHex(QStringView digits)
{
    quint64 value = 0;
    for (QChar c : digits) {
        const char16_t u = c.unicode();
        int d;
        if (u >= u'0' && u <= u'9')
            d = u - u'0';
        else if (u >= u'a' && u <= u'f')
            d = u - u'a' + 10;
        else
            return std::nullopt;
        value = (value << 4) | quint64(d);
    }
    return value;
}

} // namespace

QString HlcTimestamp::toString() const
{
    if (isNull())
        return {};
    return QString::number(qBound<qint64>(0, physicalMs, MaxPhysical), 16).rightJustified(PhysicalDigits, u'0') + u'-'
        + QString::number(qMin<quint32>(logical, HybridLogicalClock::MaxLogical), 16)
              .rightJustified(LogicalDigits, u'0')
        + u'-' + node;
}

std::optional<HlcTimestamp> HlcTimestamp::parse(QStringView text)
{
    constexpr int nodeStart = PhysicalDigits + 1 + LogicalDigits + 1;
    if (text.size() <= nodeStart || text[PhysicalDigits] != u'-' || text[PhysicalDigits + 1 + LogicalDigits] != u'-')
        return std::nullopt;
    const auto physical = parseHex(text.first(PhysicalDigits));
    const auto logical = parseHex(text.mid(PhysicalDigits + 1, LogicalDigits));
    const QStringView node = text.mid(nodeStart);
    if (!physical || !logical || node.contains(u'-'))
        return std::nullopt;
    HlcTimestamp ts;
    ts.physicalMs = qint64(*physical);
    ts.logical = quint32(*logical);
    ts.node = node.toString();
    return ts;
}

std::strong_ordering operator<=>(const HlcTimestamp& a, const HlcTimestamp& b)
{
    if (auto c = a.physicalMs <=> b.physicalMs; c != 0)
        return c;
    if (auto c = a.logical <=> b.logical; c != 0)
        return c;
    const int n = a.node.compare(b.node);
    return n < 0 ? std::strong_ordering::less : n > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

HybridLogicalClock::HybridLogicalClock(QString node, const Clock* clock)
    : m_node(std::move(node))
    , m_clock(clock ? clock : SystemClock::instance())
{ }

QString HybridLogicalClock::node() const
{
    QMutexLocker lock(&m_mutex);
    return m_node;
}

HlcTimestamp HybridLogicalClock::now()
{
    QMutexLocker lock(&m_mutex);
    const qint64 wall = m_clock->nowMs();
    if (wall > m_physical)
        return advance(wall, 0);
    return advance(m_physical, m_logical + 1);
}

HlcTimestamp HybridLogicalClock::update(const HlcTimestamp& remote)
{
    QMutexLocker lock(&m_mutex);
    const qint64 wall = m_clock->nowMs();
    m_skewMs = wall - remote.physicalMs;
    const qint64 physical = std::max({ m_physical, remote.physicalMs, wall });
    const quint32 remoteLogical = qMin<quint32>(remote.logical, MaxLogical);
    quint32 logical = 0;
    if (physical == m_physical && physical == remote.physicalMs)
        logical = std::max(m_logical, remoteLogical) + 1;
    else if (physical == m_physical)
        logical = m_logical + 1;
    else if (physical == remote.physicalMs)
        logical = remoteLogical + 1;
    return advance(physical, logical);
}

HlcTimestamp HybridLogicalClock::advance(qint64 physical, quint32 logical)
{
    if (logical > MaxLogical) {
        // The counter is exhausted for this millisecond: step the physical part instead. It runs ahead of the
        // wall clock by at most the burst size / 65536 ms and the wall clock catches up.
        ++physical;
        logical = 0;
    }
    m_physical = physical;
    m_logical = logical;
    HlcTimestamp ts { m_physical, m_logical, m_node };
    if (m_persister)
        m_persister(ts);
    return ts;
}

HlcTimestamp HybridLogicalClock::last() const
{
    QMutexLocker lock(&m_mutex);
    if (m_physical == 0 && m_logical == 0)
        return {};
    return { m_physical, m_logical, m_node };
}

void HybridLogicalClock::restore(const HlcTimestamp& persisted)
{
    QMutexLocker lock(&m_mutex);
    if (persisted.physicalMs > m_physical || (persisted.physicalMs == m_physical && persisted.logical > m_logical)) {
        m_physical = persisted.physicalMs;
        m_logical = qMin<quint32>(persisted.logical, MaxLogical);
    }
}

qint64 HybridLogicalClock::lastObservedSkewMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_skewMs;
}

void HybridLogicalClock::setPersister(std::function<void(const HlcTimestamp&)> persister)
{
    QMutexLocker lock(&m_mutex);
    m_persister = std::move(persister);
}

} // namespace fieldsync
