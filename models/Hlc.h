#pragma once

#include <QMutex>
#include <QString>

#include <compare>
#include <functional>
#include <optional>

namespace fieldsync {

class Clock;

// One hybrid-logical-clock reading (Kulkarni et al., 2014): physical milliseconds, a logical counter and
// the node (device id) that produced it. The string form
//     PPPPPPPPPPPP-LLLL-node      (12 lower-case hex digits, '-', 4 hex digits, '-', node id)
// sorts lexicographically in clock order, ties broken by node id, so it can be stored and compared as text.
struct HlcTimestamp
{
    qint64 physicalMs = 0;
    quint32 logical = 0;
    QString node;

    bool isNull() const { return physicalMs == 0 && logical == 0 && node.isEmpty(); }
    QString toString() const; // "" for a null timestamp ("no clock yet", e.g. the base of a new row)
    // Strict: lower-case hex, exact widths, non-empty node without '-'. nullopt for anything else.
    static std::optional<HlcTimestamp> parse(QStringView text);

    friend bool operator==(const HlcTimestamp&, const HlcTimestamp&) = default;
    friend std::strong_ordering operator<=>(const HlcTimestamp& a, const HlcTimestamp& b);
};

// The device's hybrid logical clock. now() stamps local events, update() absorbs a received stamp.
// Invariant: every value returned is strictly greater than every value returned or absorbed before,
// even when the wall clock jumps backwards. When the logical counter would pass MaxLogical, the physical
// part moves one millisecond ahead of the wall clock instead (so the string form keeps its width).
// A persister callback is told every new reading so the clock survives restarts (restore() on start); it
// runs under the clock's lock, so it must be quick and must not call back into the clock.
// Thread-safe: the UI and the sync worker share one instance.
class HybridLogicalClock
{
public:
    static constexpr quint32 MaxLogical = 0xFFFF;

    HybridLogicalClock(QString node, const Clock* clock);

    QString node() const;
    HlcTimestamp now();
    HlcTimestamp update(const HlcTimestamp& remote);
    HlcTimestamp last() const;
    // Never moves the clock backwards: restoring an older reading is ignored.
    void restore(const HlcTimestamp& persisted);
    // Wall clock minus the latest remote physical time seen through update() (ms); 0 before any.
    qint64 lastObservedSkewMs() const;
    void setPersister(std::function<void(const HlcTimestamp&)> persister);
    const Clock* clock() const { return m_clock; }

private:
    HlcTimestamp advance(qint64 physical, quint32 logical);

    mutable QMutex m_mutex;
    QString m_node;
    const Clock* m_clock;
    qint64 m_physical = 0;
    quint32 m_logical = 0;
    qint64 m_skewMs = 0;
    std::function<void(const HlcTimestamp&)> m_persister;
};

} // namespace fieldsync
