#include "Clock.h"
#include "Ulid.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <array>
#include <vector>

using namespace fieldsync;

class TestUlid : public QObject
{
    Q_OBJECT

private slots:
    void specVectors();
    void validation();
    void orderedByTime();
    void monotonicWithinMillisecond();
    void incrementCarries();
    void overflowMovesToNextMillisecond();
    void clockGoingBackwardsStaysMonotonic();
    void independentGeneratorsDiffer();
    void millionIdsWithoutCollision();
};

void TestUlid::specVectors()
{
    // The example of the ULID specification: 01ARYZ6S41TSV4RRFFQ69G5FAV.
    const QByteArray random = QByteArray::fromHex("d6764c61efb99302bd5b");
    const QString id = Ulid::encode(1469918176385, random);
    QCOMPARE(id, QStringLiteral("01ARYZ6S41TSV4RRFFQ69G5FAV"));
    QVERIFY(id.startsWith(QStringLiteral("01ARYZ6S41")));
    QCOMPARE(Ulid::timestampMs(id), 1469918176385);

    QCOMPARE(Ulid::encode(0, QByteArray(10, '\0')), QStringLiteral("00000000000000000000000000"));
    QCOMPARE(
        Ulid::encode((quint64(1) << 48) - 1, QByteArray(10, '\xff')), QStringLiteral("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
    QCOMPARE(Ulid::timestampMs(QStringLiteral("7ZZZZZZZZZZZZZZZZZZZZZZZZZ")), (qint64(1) << 48) - 1);
    // Bits land where the spec puts them: the lowest random bit is the last character's lowest bit.
    QCOMPARE(
        Ulid::encode(1, QByteArray::fromHex("00000000000000000001")), QStringLiteral("00000000010000000000000001"));
    QCOMPARE(
        Ulid::encode(1, QByteArray::fromHex("80000000000000000000")), QStringLiteral("0000000001G000000000000000"));
}

void TestUlid::validation()
{
    QVERIFY(Ulid::isValid(u"01ARYZ6S41TSV4RRFFQ69G5FAV"));
    QVERIFY(Ulid::isValid(u"01aryz6s41tsv4rrffq69g5fav")); // decoding is case-insensitive
    QVERIFY(!Ulid::isValid(u"01ARYZ6S41TSV4RRFFQ69G5FA")); // 25 characters
    QVERIFY(!Ulid::isValid(u"01ARYZ6S41TSV4RRFFQ69G5FAVV"));
    QVERIFY(!Ulid::isValid(u"01ARYZ6S41TSV4RRFFQ69G5FAU")); // U is not in the alphabet
    QVERIFY(!Ulid::isValid(u"01ARYZ6S41TSV4RRFFQ69G5FA-"));
    QVERIFY(!Ulid::isValid(u"81ARYZ6S41TSV4RRFFQ69G5FAV")); // more than 128 bits
    QCOMPARE(Ulid::timestampMs(u"not a ulid"), -1);
    QVERIFY(Ulid::isValid(Ulid::generate()));
}

void TestUlid::orderedByTime()
{
    ManualClock clock(1'700'000'000'000);
    UlidGenerator generator(&clock);
    QStringList ids;
    for (int i = 0; i < 200; ++i) {
        ids << generator.next();
        clock.advanceMs(i % 3 == 0 ? 1 : 997);
    }
    QStringList sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, ids);
    QCOMPARE(Ulid::timestampMs(ids.first()), 1'700'000'000'000);
    // Across generators too: a later millisecond sorts later whatever the random bits.
    UlidGenerator other(&clock);
    const QString later = other.next();
    QVERIFY(later > ids.last());
}

void TestUlid::monotonicWithinMillisecond()
{
    ManualClock clock(1'700'000'000'000);
    UlidGenerator generator(&clock);
    QString previous = generator.next();
    for (int i = 0; i < 10'000; ++i) {
        const QString id = generator.next();
        QVERIFY2(id > previous, qPrintable(previous + QStringLiteral(" !< ") + id));
        QCOMPARE(Ulid::timestampMs(id), 1'700'000'000'000);
        previous = id;
    }
}

void TestUlid::incrementCarries()
{
    ManualClock clock(1'469'918'176'385);
    UlidGenerator generator(&clock, [](quint8* out, int size) {
        const QByteArray bytes = QByteArray::fromHex("0000000000000000ffff");
        std::copy_n(bytes.constData(), size, out);
    });
    QCOMPARE(generator.next(), Ulid::encode(1'469'918'176'385, QByteArray::fromHex("0000000000000000ffff")));
    QCOMPARE(generator.next(), Ulid::encode(1'469'918'176'385, QByteArray::fromHex("00000000000000010000")));
    QCOMPARE(generator.next(), Ulid::encode(1'469'918'176'385, QByteArray::fromHex("00000000000000010001")));
    // A new millisecond draws fresh random bits.
    clock.advanceMs(1);
    QCOMPARE(generator.next(), Ulid::encode(1'469'918'176'386, QByteArray::fromHex("0000000000000000ffff")));
}

void TestUlid::overflowMovesToNextMillisecond()
{
    ManualClock clock(1'000);
    UlidGenerator generator(&clock, [](quint8* out, int size) { std::fill_n(out, size, quint8(0xff)); });
    const QString first = generator.next();
    QCOMPARE(first, Ulid::encode(1'000, QByteArray(10, '\xff')));
    const QString second = generator.next();
    QVERIFY(second > first);
    QCOMPARE(Ulid::timestampMs(second), 1'001);
}

void TestUlid::clockGoingBackwardsStaysMonotonic()
{
    ManualClock clock(1'700'000'000'000);
    UlidGenerator generator(&clock);
    const QString before = generator.next();
    clock.advanceMs(-3 * 3600 * 1000);
    const QString after = generator.next();
    QVERIFY(after > before);
    QCOMPARE(Ulid::timestampMs(after), 1'700'000'000'000);
}

void TestUlid::independentGeneratorsDiffer()
{
    // Devices that create ids in the same millisecond rely on the 80 random bits.
    ManualClock clock(1'700'000'000'000);
    QSet<QString> ids;
    for (int i = 0; i < 1000; ++i) {
        UlidGenerator generator(&clock);
        ids.insert(generator.next());
    }
    QCOMPARE(ids.size(), 1000);
}

void TestUlid::millionIdsWithoutCollision()
{
    // Four threads share the process-wide generator (system clock, system random), 250,000 ids each.
    constexpr int PerThread = 250'000;
    constexpr int Threads = 4;
    std::vector<std::vector<std::array<char16_t, 26>>> perThread(Threads);
    std::vector<int> outOfOrder(Threads, 0);
    QList<QThread*> threads;
    for (int t = 0; t < Threads; ++t) {
        threads << QThread::create([&perThread, &outOfOrder, t] {
            auto& out = perThread[size_t(t)];
            out.reserve(PerThread);
            for (int i = 0; i < PerThread; ++i) {
                const QString id = Ulid::generate();
                std::array<char16_t, 26> raw;
                std::copy_n(id.utf16(), 26, raw.begin());
                if (!out.empty() && !(out.back() < raw))
                    ++outOfOrder[size_t(t)];
                out.push_back(raw);
            }
        });
        threads.last()->start();
    }
    for (QThread* thread : threads) {
        QVERIFY(thread->wait(60'000));
        delete thread;
    }
    std::vector<std::array<char16_t, 26>> all;
    all.reserve(size_t(PerThread) * Threads);
    for (int t = 0; t < Threads; ++t) {
        QCOMPARE(outOfOrder[size_t(t)], 0); // each thread sees strictly increasing ids
        all.insert(all.end(), perThread[size_t(t)].begin(), perThread[size_t(t)].end());
    }
    QCOMPARE(all.size(), size_t(1'000'000));
    std::sort(all.begin(), all.end());
    QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());
}

QTEST_GUILESS_MAIN(TestUlid)
#include "test_ulid.moc"
