#include "Clock.h"
#include "Hlc.h"

#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace fieldsync;

namespace {
constexpr qint64 Hour = 3600 * 1000;
constexpr qint64 Start = 1'700'000'000'000;
} // namespace

class TestHlc : public QObject
{
    Q_OBJECT

private slots:
    void stringForm();
    void parseRejectsMalformed();
    void stringOrderIsClockOrder();
    void nowFollowsWallClock();
    void wallClockJumpsBackwardsByHours();
    void wallClockJumpsForwardByHours();
    void updateWithRemoteAhead();
    void updateWithRemoteBehind();
    void updateWithEqualPhysical();
    void logicalOverflow();
    void updateAtMaxLogical();
    void persistAndRestoreAcrossRestart();
    void restoreNeverGoesBackwards();
    void sharedAcrossThreads();
};

void TestHlc::stringForm()
{
    const HlcTimestamp ts { 0x18bcfe56800, 0x2a, QStringLiteral("01HF3Z8R6Q0000000000000000") };
    QCOMPARE(ts.toString(), QStringLiteral("018bcfe56800-002a-01HF3Z8R6Q0000000000000000"));
    const auto parsed = HlcTimestamp::parse(ts.toString());
    QVERIFY(parsed);
    QCOMPARE(*parsed, ts);
    QCOMPARE(HlcTimestamp {}.toString(), QString());
    QVERIFY(HlcTimestamp {}.isNull());
}

void TestHlc::parseRejectsMalformed()
{
    QVERIFY(!HlcTimestamp::parse(u""));
    QVERIFY(!HlcTimestamp::parse(u"018bcfe56800-002a-")); // no node
    QVERIFY(!HlcTimestamp::parse(u"018BCFE56800-002a-node")); // upper-case hex would break the ordering
    QVERIFY(!HlcTimestamp::parse(u"18bcfe56800-002a-node")); // 11 digits
    QVERIFY(!HlcTimestamp::parse(u"018bcfe56800-02a-node"));
    QVERIFY(!HlcTimestamp::parse(u"018bcfe56800_002a_node"));
    QVERIFY(!HlcTimestamp::parse(u"018bcfe56800-002a-no-de"));
    QVERIFY(!HlcTimestamp::parse(u"018bcfe5680g-002a-node"));
    QVERIFY(HlcTimestamp::parse(u"018bcfe56800-002a-node"));
}

void TestHlc::stringOrderIsClockOrder()
{
    QRandomGenerator rng(42);
    const QStringList nodes { QStringLiteral("01HA"), QStringLiteral("01HB"), QStringLiteral("01HAA"),
        QStringLiteral("7ZZZ") };
    auto randomStamp = [&] {
        HlcTimestamp ts;
        // Mostly close values so physical and logical ties occur often.
        ts.physicalMs
            = rng.bounded(4) == 0 ? qint64(rng.generate64() & ((quint64(1) << 48) - 1)) : Start + rng.bounded(3);
        ts.logical = rng.bounded(3) == 0 ? rng.bounded(0x10000) : rng.bounded(3);
        ts.node = nodes[rng.bounded(int(nodes.size()))];
        return ts;
    };
    for (int i = 0; i < 20'000; ++i) {
        const HlcTimestamp a = randomStamp();
        const HlcTimestamp b = randomStamp();
        const auto clockOrder = a <=> b;
        const int textOrder = a.toString().compare(b.toString());
        QVERIFY2((clockOrder < 0) == (textOrder < 0) && (clockOrder == 0) == (textOrder == 0),
            qPrintable(a.toString() + QStringLiteral(" vs ") + b.toString()));
    }
}

void TestHlc::nowFollowsWallClock()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    const HlcTimestamp a = hlc.now();
    QCOMPARE(a.physicalMs, Start);
    QCOMPARE(a.logical, 0u);
    const HlcTimestamp b = hlc.now(); // same millisecond
    QCOMPARE(b.physicalMs, Start);
    QCOMPARE(b.logical, 1u);
    wall.advanceMs(5);
    const HlcTimestamp c = hlc.now();
    QCOMPARE(c.physicalMs, Start + 5);
    QCOMPARE(c.logical, 0u);
    QCOMPARE(hlc.last(), c);
    QVERIFY(a < b && b < c);
}

void TestHlc::wallClockJumpsBackwardsByHours()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    HlcTimestamp previous = hlc.now();
    wall.advanceMs(-5 * Hour);
    for (int i = 0; i < 1000; ++i) {
        const HlcTimestamp next = hlc.now();
        QVERIFY(next > previous);
        QVERIFY(next.toString() > previous.toString());
        QCOMPARE(next.physicalMs, Start); // holds the high-water mark, counts logically
        previous = next;
        wall.advanceMs(Hour / 1000);
    }
    // Once the wall clock passes the old reading again, physical time takes over.
    wall.setMs(Start + 10);
    const HlcTimestamp caughtUp = hlc.now();
    QCOMPARE(caughtUp.physicalMs, Start + 10);
    QCOMPARE(caughtUp.logical, 0u);
}

void TestHlc::wallClockJumpsForwardByHours()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    const HlcTimestamp before = hlc.now();
    wall.advanceMs(7 * Hour);
    const HlcTimestamp after = hlc.now();
    QCOMPARE(after.physicalMs, Start + 7 * Hour);
    QCOMPARE(after.logical, 0u);
    // The wall clock is corrected back: the clock keeps its reading and never returns below it.
    wall.advanceMs(-7 * Hour);
    const HlcTimestamp corrected = hlc.now();
    QVERIFY(corrected > after);
    QCOMPARE(corrected.physicalMs, Start + 7 * Hour);
    QVERIFY(before < after);
}

void TestHlc::updateWithRemoteAhead()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    hlc.now();
    const HlcTimestamp remote { Start + 2 * Hour, 7, QStringLiteral("B") };
    const HlcTimestamp merged = hlc.update(remote);
    QCOMPARE(merged.physicalMs, remote.physicalMs);
    QCOMPARE(merged.logical, 8u);
    QCOMPARE(merged.node, QStringLiteral("A"));
    QVERIFY(merged > remote);
    QCOMPARE(hlc.lastObservedSkewMs(), -2 * Hour);
    const HlcTimestamp next = hlc.now();
    QVERIFY(next > merged);
    QCOMPARE(next.physicalMs, remote.physicalMs);
    QCOMPARE(next.logical, 9u);
}

void TestHlc::updateWithRemoteBehind()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    QCOMPARE(hlc.lastObservedSkewMs(), 0);
    const HlcTimestamp local = hlc.now();
    wall.advanceMs(100);
    const HlcTimestamp remote { Start - 3 * Hour, 40, QStringLiteral("B") };
    const HlcTimestamp merged = hlc.update(remote);
    QCOMPARE(merged.physicalMs, Start + 100);
    QCOMPARE(merged.logical, 0u);
    QVERIFY(merged > local);
    QCOMPARE(hlc.lastObservedSkewMs(), 3 * Hour + 100);

    // Behind the wall clock but the local reading is ahead of the wall: local counter continues.
    wall.advanceMs(-2 * Hour);
    const HlcTimestamp again = hlc.update(remote);
    QCOMPARE(again.physicalMs, Start + 100);
    QCOMPARE(again.logical, 1u);
}

void TestHlc::updateWithEqualPhysical()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    hlc.now(); // Start, 0
    hlc.now(); // Start, 1
    const HlcTimestamp merged = hlc.update({ Start, 5, QStringLiteral("B") });
    QCOMPARE(merged.physicalMs, Start);
    QCOMPARE(merged.logical, 6u);
    const HlcTimestamp lower = hlc.update({ Start, 2, QStringLiteral("B") });
    QCOMPARE(lower.logical, 7u);
}

void TestHlc::logicalOverflow()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    HlcTimestamp previous = hlc.now();
    // The wall clock stands still for more events than the counter holds.
    for (quint32 i = 0; i < HybridLogicalClock::MaxLogical + 10; ++i) {
        const HlcTimestamp next = hlc.now();
        if (!(next > previous))
            QFAIL(qPrintable(next.toString() + QStringLiteral(" not after ") + previous.toString()));
        previous = next;
    }
    QCOMPARE(previous.physicalMs, Start + 1);
    QCOMPARE(previous.logical, 9u);
    QCOMPARE(previous.toString().size(), 12 + 1 + 4 + 1 + 1);
}

void TestHlc::updateAtMaxLogical()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    const HlcTimestamp remote { Start + Hour, HybridLogicalClock::MaxLogical, QStringLiteral("B") };
    const HlcTimestamp merged = hlc.update(remote);
    QVERIFY(merged > remote);
    QCOMPARE(merged.physicalMs, Start + Hour + 1);
    QCOMPARE(merged.logical, 0u);
    QVERIFY(merged.toString() > remote.toString());
}

void TestHlc::persistAndRestoreAcrossRestart()
{
    QString persisted;
    int persistCount = 0;
    HlcTimestamp lastIssued;
    {
        ManualClock wall(Start + 6 * Hour);
        HybridLogicalClock hlc(QStringLiteral("A"), &wall);
        hlc.setPersister([&](const HlcTimestamp& ts) {
            persisted = ts.toString();
            ++persistCount;
        });
        hlc.now();
        hlc.update({ Start + 8 * Hour, 3, QStringLiteral("B") });
        lastIssued = hlc.now();
        QCOMPARE(persistCount, 3);
        QCOMPARE(persisted, lastIssued.toString());
    }
    // "Restart" with the wall clock six hours behind the clock's last reading.
    ManualClock wall(Start);
    HybridLogicalClock restarted(QStringLiteral("A"), &wall);
    const auto restored = HlcTimestamp::parse(persisted);
    QVERIFY(restored);
    restarted.restore(*restored);
    QCOMPARE(restarted.last(), lastIssued);
    const HlcTimestamp next = restarted.now();
    QVERIFY(next > lastIssued);
    QVERIFY(next.toString() > persisted);
}

void TestHlc::restoreNeverGoesBackwards()
{
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    const HlcTimestamp current = hlc.now();
    hlc.restore({ Start - Hour, 99, QStringLiteral("A") });
    QCOMPARE(hlc.last(), current);
    hlc.restore({ Start, 0, QStringLiteral("A") });
    QCOMPARE(hlc.last(), current);
    hlc.restore({ Start, 4, QStringLiteral("A") });
    QCOMPARE(hlc.last().logical, 4u);
    QVERIFY(hlc.now() > HlcTimestamp({ Start, 4, QStringLiteral("A") }));
}

void TestHlc::sharedAcrossThreads()
{
    // The UI and the sync worker stamp through one clock: every reading is unique and each thread's increase.
    ManualClock wall(Start);
    HybridLogicalClock hlc(QStringLiteral("A"), &wall);
    constexpr int PerThread = 20'000;
    QList<QList<HlcTimestamp>> seen(2);
    QList<QThread*> threads;
    for (int t = 0; t < 2; ++t) {
        threads << QThread::create([&, t] {
            for (int i = 0; i < PerThread; ++i) {
                seen[t] << (t == 0 ? hlc.now() : hlc.update({ Start + i / 100, 1, QStringLiteral("B") }));
                if (i % 500 == 0)
                    wall.advanceMs(t == 0 ? 3 : -2);
            }
        });
        threads.last()->start();
    }
    for (QThread* thread : threads) {
        QVERIFY(thread->wait(60'000));
        delete thread;
    }
    QList<HlcTimestamp> all;
    for (const auto& list : seen) {
        for (int i = 1; i < list.size(); ++i)
            QVERIFY(list[i] > list[i - 1]);
        all += list;
    }
    std::sort(all.begin(), all.end());
    QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());
}

QTEST_GUILESS_MAIN(TestHlc)
#include "test_hlc.moc"
