#include "Ulid.h"

#include "Clock.h"

#include <QMutexLocker>
#include <QRandomGenerator>

#include <algorithm>
#include <cstring>

namespace fieldsync {

namespace {

constexpr char Alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int TimeChars = 10;
constexpr int Length = 26;
constexpr int RandomBytes = 10;
constexpr quint64 MaxTimestamp = (quint64(1) << 48) - 1;

int decodeChar(QChar c)
{
    const char16_t u = c.toUpper().unicode();
    for (int i = 0; i < 32; ++i) {
        if (Alphabet[i] == u)
            return i;
    }
    return -1;
}

QString encodeRaw(quint64 timestampMs, const quint8* random)
{
    QString out(Length, Qt::Uninitialized);
    QChar* d = out.data();
    quint64 t = timestampMs & MaxTimestamp;
    for (int i = TimeChars - 1; i >= 0; --i) {
        d[i] = QLatin1Char(Alphabet[t & 31]);
        t >>= 5;
    }
    // 80 random bits = 16 characters of 5 bits, taken most significant first.
    int bitPos = 0;
    for (int i = 0; i < 16; ++i) {
        int value = 0;
        for (int b = 0; b < 5; ++b, ++bitPos) {
            const int bit = (random[bitPos / 8] >> (7 - bitPos % 8)) & 1;
            value = (value << 1) | bit;
        }
        d[TimeChars + i] = QLatin1Char(Alphabet[value]);
    }
    return out;
}

// Adds one to a big-endian 80-bit number; false when it wrapped around.
bool increment(quint8* bytes)
{
    for (int i = RandomBytes - 1; i >= 0; --i) {
        if (++bytes[i] != 0)
            return true;
    }
    return false;
}

void systemRandom(quint8* out, int size)
{
    quint32 words[3];
    QRandomGenerator::system()->fillRange(words, 3);
    std::memcpy(out, words, size_t(std::min(size, int(sizeof words))));
}

} // namespace

UlidGenerator::UlidGenerator(const Clock* clock, RandomSource random)
    : m_clock(clock ? clock : SystemClock::instance())
    , m_random(random ? std::move(random) : RandomSource(systemRandom))
{ }

QString UlidGenerator::next()
{
    QMutexLocker lock(&m_mutex);
    qint64 ms = m_clock->nowMs();
    if (ms <= m_lastMs) {
        ms = m_lastMs;
        if (!increment(m_lastRandom)) {
            ++ms;
            m_random(m_lastRandom, RandomBytes);
        }
    } else {
        m_random(m_lastRandom, RandomBytes);
    }
    m_lastMs = ms;
    return encodeRaw(quint64(ms), m_lastRandom);
}

namespace Ulid {

QString generate()
{
    static UlidGenerator generator;
    return generator.next();
}

QString encode(quint64 timestampMs, const QByteArray& random80)
{
    quint8 bytes[RandomBytes] = {};
    std::memcpy(bytes, random80.constData(), size_t(std::min<qsizetype>(random80.size(), RandomBytes)));
    return encodeRaw(timestampMs, bytes);
}

bool isValid(QStringView text)
{
    if (text.size() != Length)
        return false;
    // 26 characters carry 130 bits; the first one may only use the low 3.
    if (decodeChar(text[0]) > 7)
        return false;
    for (QChar c : text) {
        if (decodeChar(c) < 0)
            return false;
    }
    return true;
}

qint64 timestampMs(QStringView text)
{
    if (!isValid(text))
        return -1;
    quint64 t = 0;
    for (int i = 0; i < TimeChars; ++i)
        t = (t << 5) | quint64(decodeChar(text[i]));
    return qint64(t);
}

} // namespace Ulid

} // namespace fieldsync
