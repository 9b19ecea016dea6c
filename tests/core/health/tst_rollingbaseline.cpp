#include "core/health/rollingbaseline.h"

#include <QStringList>
#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace meshscope::core;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// A series written as the values a refresh offers, in order: "10 20 !500" offers 10 and 20 as
// normal and 500 as anomalous; "nan", "inf" and "-inf" are the non-finite values a quantile
// query can return.
struct Offer
{
    double value = 0.0;
    bool anomalous = false;
};

std::vector<Offer> offersOf(const QString &series)
{
    std::vector<Offer> out;
    for (QString token : series.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        Offer o;
        if (token.startsWith(QLatin1Char('!'))) {
            o.anomalous = true;
            token.remove(0, 1);
        }
        if (token == QLatin1String("nan"))
            o.value = kNan;
        else if (token == QLatin1String("inf"))
            o.value = kInf;
        else if (token == QLatin1String("-inf"))
            o.value = -kInf;
        else
            o.value = token.toDouble();
        out.push_back(o);
    }
    return out;
}

// The statistics a two-pass computation gives for the last `window` values.
RollingBaseline::Stats reference(const std::vector<double> &values, int window)
{
    RollingBaseline::Stats st;
    const size_t first = values.size() > size_t(window) ? values.size() - size_t(window) : 0;
    st.count = int(values.size() - first);
    if (st.count == 0)
        return st;
    for (size_t i = first; i < values.size(); ++i)
        st.mean += double(float(values[i])); // the baseline stores floats
    st.mean /= st.count;
    double var = 0.0;
    for (size_t i = first; i < values.size(); ++i)
        var += (double(float(values[i])) - st.mean) * (double(float(values[i])) - st.mean);
    st.stddev = std::sqrt(var / st.count);
    return st;
}

bool near(double actual, double expected, double relative = 1e-6)
{
    return std::abs(actual - expected) <= relative * std::max(1.0, std::abs(expected));
}

} // namespace

class TestRollingBaseline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // push(): count, mean and population standard deviation of the last `window` values.
    void statsOfLastWindow_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("series");
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("stddev");
        QTest::newRow("nothing yet") << 4 << "" << 0 << 0.0 << 0.0;
        QTest::newRow("warming up: divides by the values seen") << 4 << "2 4" << 2 << 3.0 << 1.0;
        QTest::newRow("population, not sample, deviation")
            << 3 << "1 2 3" << 3 << 2.0 << std::sqrt(2.0 / 3.0);
        QTest::newRow("oldest value falls out")
            << 3 << "100 1 2 3" << 3 << 2.0 << std::sqrt(2.0 / 3.0);
        QTest::newRow("several laps round the ring")
            << 3 << "9 9 9 1 1 1 50 60 70 4 6 10" << 3 << 20.0 / 3.0 << std::sqrt(56.0 / 9.0);
        QTest::newRow("window of one keeps only the newest") << 1 << "3 7" << 1 << 7.0 << 0.0;
        QTest::newRow("window 0 means 1") << 0 << "3 7" << 1 << 7.0 << 0.0;
        QTest::newRow("negative window means 1") << -5 << "3 7" << 1 << 7.0 << 0.0;
        // sumSq/n - mean² rounds slightly below zero here; the spread must be 0, not NaN.
        QTest::newRow("constant series has no spread")
            << 3 << "1 0.1 0.1 0.1" << 3 << double(0.1f) << 0.0;
        // A spike leaving the window must leave no residue in the running sums.
        QTest::newRow("huge value gone after a lap")
            << 3 << "1e9 1e9 1e9 5 5 5 5 6" << 3 << 16.0 / 3.0 << std::sqrt(2.0 / 9.0);
    }
    void statsOfLastWindow()
    {
        QFETCH(int, window);
        QFETCH(QString, series);
        QFETCH(int, count);
        QFETCH(double, mean);
        QFETCH(double, stddev);
        RollingBaseline b(window);
        QCOMPARE(b.window(), std::max(1, window));
        const int slot = b.allocate();
        for (const Offer &o : offersOf(series))
            b.push(slot, o.value);
        const RollingBaseline::Stats st = b.stats(slot);
        QCOMPARE(st.count, count);
        QVERIFY2(near(st.mean, mean), qPrintable(QString::number(st.mean, 'g', 17)));
        QVERIFY2(!std::isnan(st.stddev) && std::abs(st.stddev - stddev) < 1e-6,
                 qPrintable(QString::number(st.stddev, 'g', 17)));
    }

    // The running sums are refreshed once per lap; long, noisy series must still agree with a
    // two-pass computation at every step, not only at lap boundaries.
    void longSeriesMatchesTwoPass_data()
    {
        QTest::addColumn<int>("window");
        QTest::newRow("one") << 1;
        QTest::newRow("seven") << 7;
        QTest::newRow("default sixty") << 60;
    }
    void longSeriesMatchesTwoPass()
    {
        QFETCH(int, window);
        RollingBaseline b(window);
        const int slot = b.allocate();
        std::vector<double> pushed;
        quint32 state = 12345;
        for (int i = 0; i < 2000; ++i) {
            state = state * 1664525u + 1013904223u; // LCG: deterministic latency-like values
            const double v = 5.0 + double(state >> 8) / double(1u << 24) * 4000.0;
            b.push(slot, v);
            pushed.push_back(v);
            const RollingBaseline::Stats got = b.stats(slot);
            const RollingBaseline::Stats want = reference(pushed, window);
            QCOMPARE(got.count, want.count);
            QVERIFY2(near(got.mean, want.mean), qPrintable(QStringLiteral("step %1 mean %2 want %3")
                                                               .arg(i)
                                                               .arg(got.mean, 0, 'g', 17)
                                                               .arg(want.mean, 0, 'g', 17)));
            // The one-pass variance loses some digits to cancellation, far fewer than these.
            QVERIFY2(std::abs(got.stddev - want.stddev) <= 1e-6 * want.mean,
                     qPrintable(QStringLiteral("step %1 stddev %2 want %3")
                                    .arg(i)
                                    .arg(got.stddev, 0, 'g', 17)
                                    .arg(want.stddev, 0, 'g', 17)));
        }
    }

    // offer(): an anomalous value is held back, for at most one window in a row; then the
    // shift is the new normal. A normal value restarts the count.
    void anomaliesHeldOut_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("series");
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("mean");
        QTest::newRow("normal values are taken in") << 4 << "10 20" << 2 << 15.0;
        QTest::newRow("one spike is held back") << 4 << "10 10 !500" << 2 << 10.0;
        QTest::newRow("held values do not push old ones out") << 2 << "1 2 !99 3" << 2 << 2.5;
        QTest::newRow("a full window of anomalies is still held")
            << 3 << "10 10 10 !500 !500 !500" << 3 << 10.0;
        QTest::newRow("past one window the shift is taken in")
            << 3 << "10 10 10 !500 !500 !500 !500" << 3 << 520.0 / 3.0;
        QTest::newRow("and stays taken in while it lasts")
            << 3 << "10 10 10 !500 !500 !500 !500 !500 !500" << 3 << 500.0;
        QTest::newRow("a normal value restarts the hold")
            << 3 << "10 10 10 !500 !500 !500 20 !500 !500 !500" << 3 << 40.0 / 3.0;
        QTest::newRow("a fresh series holds too") << 2 << "!7 !7 !7" << 1 << 7.0;
        QTest::newRow("window of one holds one") << 1 << "4 !9 !9" << 1 << 9.0;
    }
    void anomaliesHeldOut()
    {
        QFETCH(int, window);
        QFETCH(QString, series);
        QFETCH(int, count);
        QFETCH(double, mean);
        RollingBaseline b(window);
        const int slot = b.allocate();
        for (const Offer &o : offersOf(series))
            b.offer(slot, o.value, o.anomalous);
        const RollingBaseline::Stats st = b.stats(slot);
        QCOMPARE(st.count, count);
        QVERIFY2(near(st.mean, mean), qPrintable(QString::number(st.mean, 'g', 17)));
    }

    // A p95 of +Inf (histogram_quantile when the quantile lands in the +Inf bucket) or a NaN
    // must not turn a baseline into NaN for the next two windows: such values are not samples.
    void nonFiniteValuesIgnored_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("series");
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("stddev");
        QTest::newRow("NaN pushed") << 4 << "10 nan 20" << 2 << 15.0 << 5.0;
        QTest::newRow("+Inf pushed") << 4 << "10 inf 20" << 2 << 15.0 << 5.0;
        QTest::newRow("-Inf pushed") << 4 << "10 -inf 20" << 2 << 15.0 << 5.0;
        QTest::newRow("only NaN") << 4 << "nan nan" << 0 << 0.0 << 0.0;
        QTest::newRow("Inf in a full, wrapping window")
            << 3 << "1 2 3 inf 4 5 6 7" << 3 << 6.0 << std::sqrt(2.0 / 3.0);
        QTest::newRow("finite beyond float range")
            << 3 << "1e300 2 3 4" << 3 << 3.0 << std::sqrt(2.0 / 3.0);
        QTest::newRow("NaN offered") << 4 << "!nan 10 nan 20" << 2 << 15.0 << 5.0;
        // Non-finite anomalies are not evidence of a shift: they use up none of the hold.
        QTest::newRow("Inf anomalies do not use up the hold")
            << 2 << "10 10 !inf !inf !inf !500 !500" << 2 << 10.0 << 0.0;
    }
    void nonFiniteValuesIgnored()
    {
        QFETCH(int, window);
        QFETCH(QString, series);
        QFETCH(int, count);
        QFETCH(double, mean);
        QFETCH(double, stddev);
        RollingBaseline b(window);
        const int slot = b.allocate();
        for (const Offer &o : offersOf(series)) {
            if (series.contains(QLatin1Char('!')))
                b.offer(slot, o.value, o.anomalous);
            else
                b.push(slot, o.value);
        }
        const RollingBaseline::Stats st = b.stats(slot);
        QCOMPARE(st.count, count);
        QVERIFY2(std::isfinite(st.mean) && near(st.mean, mean),
                 qPrintable(QString::number(st.mean, 'g', 17)));
        QVERIFY2(std::isfinite(st.stddev) && std::abs(st.stddev - stddev) < 1e-6,
                 qPrintable(QString::number(st.stddev, 'g', 17)));
    }

    void slotsAreIndependent()
    {
        RollingBaseline b(3);
        const int a = b.allocate();
        const int c = b.allocate();
        QVERIFY(a != c);
        QCOMPARE(b.slotCount(), 2);
        for (double v : {1.0, 2.0, 3.0, 4.0})
            b.push(a, v);
        b.push(c, 100.0);
        // Three anomalies on `a` use up its hold; `c` still holds its first one back.
        for (int i = 0; i < 3; ++i)
            b.offer(a, 900.0, true);
        b.offer(c, 900.0, true);
        QCOMPARE(b.stats(a).count, 3);
        QCOMPARE(b.stats(a).mean, 3.0);
        QCOMPARE(b.stats(c).count, 1);
        QCOMPARE(b.stats(c).mean, 100.0);
    }

    void releasedSlotComesBackEmpty()
    {
        RollingBaseline b(2);
        const int a = b.allocate();
        const int keep = b.allocate();
        b.push(keep, 42.0);
        b.push(a, 5.0);
        b.push(a, 6.0);
        b.offer(a, 900.0, true);
        b.offer(a, 900.0, true); // a's hold is now used up
        b.release(a);
        const int reused = b.allocate();
        QCOMPARE(reused, a);
        QCOMPARE(b.slotCount(), 2); // reused, not grown
        QCOMPARE(b.stats(reused).count, 0);
        QCOMPARE(b.stats(reused).mean, 0.0);
        // The hold count of the previous owner is gone too: the first anomaly is held again.
        b.offer(reused, 900.0, true);
        QCOMPARE(b.stats(reused).count, 0);
        b.push(reused, 8.0);
        QCOMPARE(b.stats(reused).mean, 8.0);
        QCOMPARE(b.stats(keep).count, 1);
        QCOMPARE(b.stats(keep).mean, 42.0);
        // Out-of-range slots are ignored, not freed or read past the end.
        b.release(-1);
        b.release(99);
        QCOMPARE(b.allocate(), 2);
        QCOMPARE(b.slotCount(), 3);
        QCOMPARE(b.stats(-1).count, 0);
        QCOMPARE(b.stats(99).count, 0);
    }

    // reset(): the model calls it when stability.windowSamples changes.
    void resetForgetsEverything_data()
    {
        QTest::addColumn<int>("newWindow");
        QTest::addColumn<int>("expectedWindow");
        QTest::newRow("longer") << 5 << 5;
        QTest::newRow("shorter") << 2 << 2;
        QTest::newRow("same") << 3 << 3;
        QTest::newRow("zero means one") << 0 << 1;
    }
    void resetForgetsEverything()
    {
        QFETCH(int, newWindow);
        QFETCH(int, expectedWindow);
        RollingBaseline b(3);
        const int a = b.allocate();
        const int c = b.allocate();
        for (double v : {1.0, 2.0, 3.0})
            b.push(a, v);
        b.release(c);
        for (int i = 0; i < 3; ++i)
            b.offer(a, 900.0, true);
        b.reset(newWindow);
        QCOMPARE(b.window(), expectedWindow);
        QCOMPARE(b.slotCount(), 0);
        QCOMPARE(b.stats(a).count, 0);
        const int fresh = b.allocate();
        QCOMPARE(fresh, 0); // the free list went too
        QCOMPARE(b.stats(fresh).count, 0);
        b.offer(fresh, 900.0, true); // held: the old hold count went too
        QCOMPARE(b.stats(fresh).count, 0);
        for (int i = 1; i <= expectedWindow + 2; ++i)
            b.push(fresh, double(i));
        QCOMPARE(b.stats(fresh).count, expectedWindow);
        QCOMPARE(b.stats(fresh).mean, (expectedWindow + 2) - (expectedWindow - 1) / 2.0);
    }
};

QTEST_GUILESS_MAIN(TestRollingBaseline)
#include "tst_rollingbaseline.moc"
