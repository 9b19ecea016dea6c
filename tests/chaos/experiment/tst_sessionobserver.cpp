#include "chaos/experiment/sessionobserver.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;

class TestSessionObserver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A step without a refresh handed over is an error a user can read, never a stale graph.
    void aStepWithoutARefreshIsAnError()
    {
        SessionObserver observer([] { return qint64(1000); });
        QVERIFY(!observer.hasPending());
        const auto o = observer.next(5000);
        QVERIFY(!o);
        QVERIFY2(o.error().contains(QStringLiteral("no refresh")), qPrintable(o.error()));
    }

    // Each refresh is read once; the run's time is the refresh's, so transitions line up with
    // samples even when the clock has moved on.
    void eachRefreshIsReadOnceAtItsOwnTime()
    {
        qint64 clock = 50'000;
        SessionObserver observer([&clock] { return clock; });
        QCOMPARE(observer.nowMs(), qint64(50'000));
        MeshObservation first;
        first.timestampMs = 40'000;
        observer.push(first);
        QCOMPARE(observer.nowMs(), qint64(40'000)); // the refresh about to be read
        QCOMPARE(observer.next(5000)->timestampMs, qint64(40'000));
        clock = 90'000;
        QCOMPARE(observer.nowMs(), qint64(40'000));
        QVERIFY(!observer.next(5000)); // not read twice
        MeshObservation second;
        second.timestampMs = 45'000;
        MeshObservation third;
        third.timestampMs = 50'000;
        observer.push(second);
        observer.push(third); // the newer replaces one nobody read
        QCOMPARE(observer.next(5000)->timestampMs, qint64(50'000));
    }
};

QTEST_GUILESS_MAIN(TestSessionObserver)
#include "tst_sessionobserver.moc"
