#pragma once

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <functional>

namespace fieldsync {

class Clock;

// ULID (https://github.com/ulid/spec): 48-bit millisecond timestamp + 80 random bits, Crockford base32,
// 26 characters, lexicographically sortable by time. Within one millisecond a generator increments the
// random part so ids stay strictly increasing (monotonic). Random bits come from QRandomGenerator::system().
// If the wall clock goes backwards, the generator keeps the last timestamp and keeps incrementing; when the
// 80-bit random part would overflow, it moves to the next millisecond. Thread-safe.
class UlidGenerator
{
public:
    // Fills `size` bytes with random data. The default draws from QRandomGenerator::system().
    using RandomSource = std::function<void(quint8* out, int size)>;

    explicit UlidGenerator(const Clock* clock = nullptr, RandomSource random = {});
    QString next();

private:
    const Clock* m_clock;
    RandomSource m_random;
    QMutex m_mutex;
    qint64 m_lastMs = -1;
    quint8 m_lastRandom[10] = {};
};

namespace Ulid {
// A new id from the process-wide generator (system clock).
QString generate();
// Encodes a timestamp and 10 random bytes; the spec's vectors are tested through this.
QString encode(quint64 timestampMs, const QByteArray& random80);
bool isValid(QStringView text);
// Milliseconds since the epoch encoded in a valid ULID, or -1.
qint64 timestampMs(QStringView text);
} // namespace Ulid

} // namespace fieldsync
