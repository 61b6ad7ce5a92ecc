#pragma once

#include <QtGlobal>

#include <atomic>

namespace fieldsync {

// Source of wall-clock time in milliseconds since the Unix epoch. Injected everywhere time matters
// (HLC, latency, backoff) so tests can move time by hand. Implementations are thread-safe.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    static const SystemClock* instance();
};

// A clock tests set and move explicitly; starts at the given time and never moves by itself.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000)
        : m_now(startMs)
    { }
    qint64 nowMs() const override { return m_now.load(); }
    void setMs(qint64 ms) { m_now.store(ms); }
    void advanceMs(qint64 deltaMs) { m_now.fetch_add(deltaMs); }

private:
    std::atomic<qint64> m_now;
};

// A real clock shifted by a fixed offset: how tests and the simulator model a laptop whose clock is wrong.
class SkewedClock final : public Clock
{
public:
    SkewedClock(const Clock* base, qint64 skewMs)
        : m_base(base)
        , m_skewMs(skewMs)
    { }
    qint64 nowMs() const override { return m_base->nowMs() + m_skewMs; }

private:
    const Clock* m_base;
    qint64 m_skewMs;
};

} // namespace fieldsync
