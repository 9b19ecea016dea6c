#include "widgets/metricformat.h"

#include <QTest>

#include <cmath>
#include <limits>

using meshscope::widgets::MetricFormat;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QString kDash = QStringLiteral("\u2014");
} // namespace

class TestMetricFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rate_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0 req/s");
        QTest::newRow("tiny") << 0.001 << QStringLiteral("<0.01 req/s");
        QTest::newRow("fraction") << 0.35 << QStringLiteral("0.35 req/s");
        QTest::newRow("one decimal") << 5.25 << QStringLiteral("5.3 req/s");
        QTest::newRow("whole") << 5.0 << QStringLiteral("5 req/s");
        QTest::newRow("hundreds") << 120.4 << QStringLiteral("120 req/s");
        QTest::newRow("just below 1k") << 999.4 << QStringLiteral("999 req/s");
        QTest::newRow("rounds to 1k") << 999.6 << QStringLiteral("1k req/s");
        QTest::newRow("thousands") << 1234.0 << QStringLiteral("1.2k req/s");
        QTest::newRow("tens of thousands") << 45'678.0 << QStringLiteral("45.7k req/s");
        QTest::newRow("millions") << 2'500'000.0 << QStringLiteral("2.5M req/s");
        QTest::newRow("unknown") << kNaN << kDash;
        QTest::newRow("negative") << -1.0 << kDash;
    }
    void rate()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(MetricFormat::rate(value), expected);
    }

    void percent_data()
    {
        QTest::addColumn<double>("ratio");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << 0.0 << QStringLiteral("0 %");
        QTest::newRow("below 0.01 %") << 0.00005 << QStringLiteral("<0.01 %");
        QTest::newRow("below 1 %") << 0.0035 << QStringLiteral("0.35 %");
        QTest::newRow("a few %") << 0.02 << QStringLiteral("2.0 %");
        QTest::newRow("failing") << 0.123 << QStringLiteral("12.3 %");
        QTest::newRow("all") << 1.0 << QStringLiteral("100 %");
        QTest::newRow("no traffic") << kNaN << kDash;
    }
    void percent()
    {
        QFETCH(double, ratio);
        QFETCH(QString, expected);
        QCOMPARE(MetricFormat::percent(ratio), expected);
    }

    void latency_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("expected");
        QTest::newRow("sub-ms") << 0.42 << QStringLiteral("0.4 ms");
        QTest::newRow("single digit") << 4.2 << QStringLiteral("4.2 ms");
        QTest::newRow("tens") << 84.3 << QStringLiteral("84 ms");
        QTest::newRow("hundreds") << 480.0 << QStringLiteral("480 ms");
        QTest::newRow("seconds") << 1240.0 << QStringLiteral("1.24 s");
        QTest::newRow("long") << 12'400.0 << QStringLiteral("12.4 s");
        QTest::newRow("unknown") << kNaN << kDash;
    }
    void latency()
    {
        QFETCH(double, ms);
        QFETCH(QString, expected);
        QCOMPARE(MetricFormat::latency(ms), expected);
    }

    void replicasAndScore()
    {
        QCOMPARE(MetricFormat::replicas(2, 3), QStringLiteral("2 / 3"));
        QCOMPARE(MetricFormat::replicas(-1, 3), QStringLiteral("? / 3"));
        QCOMPARE(MetricFormat::replicas(-1, -1), kDash);
        // The one rounding rule: the whole number below, so a 74.6 (Degraded) never reads "75".
        QCOMPARE(MetricFormat::score(42.5), QStringLiteral("42"));
        QCOMPARE(MetricFormat::score(74.6), QStringLiteral("74"));
        QCOMPARE(MetricFormat::score(100.0), QStringLiteral("100"));
        QCOMPARE(MetricFormat::score(kNaN), kDash);
    }
};

QTEST_MAIN(TestMetricFormat)
#include "tst_metricformat.moc"
