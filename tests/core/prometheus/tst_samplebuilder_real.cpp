#include "core/prometheus/prometheusclient.h"
#include "core/prometheus/querybuilder.h"
#include "core/prometheus/samplebuilder.h"
#include "core/telemetry/latencyhistogram.h"
#include "tests/servers/prometheusserver.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <cmath>
#include <map>
#include <random>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

namespace {

constexpr qint64 kStepS = 15;
constexpr int kSteps = 41; // ten minutes of history, so a 2m rate window is full

// Buckets as Istio prints them ("0.5", "3600000", "+Inf").
QString bound(size_t i)
{
    return i < kIstioDurationBucketsMs.size() ? QString::number(kIstioDurationBucketsMs[i], 'g', 10)
                                              : QStringLiteral("+Inf");
}

// One call's latency histogram over time, per bucket (not cumulative) increments per step.
struct Call
{
    QString from;
    QString to;
    QString code = QStringLiteral("200");
    std::vector<double> weights; // per bucket, of the increments
    double perStep = 0;          // observations per step; 0 = idle
};

} // namespace

// SampleBuilder's p50/p95/p99, computed from one bucket query, against Prometheus' own
// histogram_quantile over the same data in a real Prometheus (history written with promtool
// tsdb create-blocks-from openmetrics, so the data is fixed): they must agree to 1e-9 relative
// (the same float arithmetic on the same bucket rates; observed: equal to the last bit).
class TstSampleBuilderReal : public QObject
{
    Q_OBJECT

private:
    std::vector<Call> calls()
    {
        std::mt19937 random(20261130);
        std::vector<Call> out;
        auto weights = [&](double centre, double spread) {
            std::vector<double> w(kIstioBucketCount);
            for (size_t i = 0; i < w.size(); ++i)
                w[i] = std::exp(-std::pow((double(i) - centre) / spread, 2));
            return w;
        };
        std::uniform_real_distribution<double> centre(0, 19), spread(0.3, 3), rate(1, 500);
        for (int i = 0; i < 40; ++i)
            out.push_back({QStringLiteral("svc-%1").arg(i), QStringLiteral("svc-%1").arg(i + 1),
                           QStringLiteral("200"), weights(centre(random), spread(random)),
                           rate(random)});
        // Edge cases of the algorithm: everything in the first bucket (lower bound 0), everything
        // above the highest finite bound (the rank falls in +Inf), an idle call (no
        // observations in the window: NaN, not shown), and one call's two response codes that
        // the query sums.
        std::vector<double> first(kIstioBucketCount, 0.0), last(kIstioBucketCount, 0.0);
        first[0] = 1;
        last.back() = 1;
        out.push_back({"first", "bucket", "200", first, 10});
        out.push_back({"beyond", "bounds", "200", last, 10});
        out.push_back({"idle", "call", "200", weights(8, 1), 0});
        out.push_back({"two", "codes", "200", weights(6, 1), 100});
        out.push_back({"two", "codes", "503", weights(12, 0.5), 7});
        return out;
    }

    QByteArray openMetrics(qint64 endS)
    {
        QByteArray text = "# TYPE istio_request_duration_milliseconds_bucket unknown\n";
        std::mt19937 random(7);
        std::uniform_real_distribution<double> jitter(0.5, 1.5);
        for (const Call &c : calls()) {
            const QByteArray labels =
                QStringLiteral(
                    "reporter=\"source\",source_cluster=\"demo\","
                    "source_workload_namespace=\"shop\",source_canonical_service=\"%1\","
                    "destination_cluster=\"demo\",destination_service_namespace=\"shop\","
                    "destination_service_name=\"%2\",response_code=\"%3\"")
                    .arg(c.from, c.to, c.code)
                    .toUtf8();
            std::vector<std::vector<double>> cumulative(kIstioBucketCount);
            std::vector<double> perBucket(kIstioBucketCount, 100.0); // counts before the window
            for (int step = 0; step < kSteps; ++step) {
                double sum = 0;
                for (size_t b = 0; b < kIstioBucketCount; ++b) {
                    perBucket[b] += std::round(c.perStep * c.weights[b] * jitter(random));
                    sum += perBucket[b];
                    cumulative[b].push_back(sum);
                }
            }
            for (size_t b = 0; b < kIstioBucketCount; ++b)
                for (int step = 0; step < kSteps; ++step)
                    text += "istio_request_duration_milliseconds_bucket{" + labels + ",le=\"" +
                            bound(b).toUtf8() + "\"} " +
                            QByteArray::number(cumulative[b][size_t(step)], 'f', 0) + ' ' +
                            QByteArray::number(endS - (kSteps - 1 - step) * kStepS) + '\n';
        }
        return text + "# EOF\n";
    }

private slots:
    void localQuantilesEqualHistogramQuantile()
    {
        const qint64 endS = QDateTime::currentSecsSinceEpoch() / kStepS * kStepS - 60;
        PrometheusServer prometheus;
        const QString input = prometheus.process().dir() + QStringLiteral("/history.om");
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(openMetrics(endS));
        file.close();
        QProcess promtool;
        promtool.start(QStringLiteral("promtool"),
                       {"tsdb", "create-blocks-from", "openmetrics", input,
                        prometheus.process().dir() + QStringLiteral("/data")});
        QVERIFY2(promtool.waitForFinished(120'000) && promtool.exitCode() == 0,
                 qPrintable("promtool (Debian package prometheus): " +
                            promtool.readAllStandardError() + promtool.errorString()));
        const auto started = prometheus.start();
        QVERIFY2(started.ok(), qPrintable(started.error()));

        MetricProfile profile = MetricProfile::find(QStringLiteral("istio")).value();
        profile.window = QStringLiteral("2m");
        const auto queries = QueryBuilder::create(profile, Granularity::Service);
        QVERIFY2(queries.ok(), qPrintable(queries.error()));
        qsizetype latency = -1;
        for (size_t i = 0; i < profile.queries.size(); ++i)
            if (profile.queries[i].role == MetricProfile::Role::Latency)
                latency = qsizetype(i);
        QVERIFY(latency >= 0);
        const QString bucketQuery = queries->queries().at(latency);
        QVERIFY2(!bucketQuery.contains(QLatin1String("histogram_quantile")),
                 qPrintable(bucketQuery));

        const PrometheusClient client({prometheus.url(), {}, {}, {}, {}});
        const qint64 atMs = endS * 1000;
        const auto buckets = client.instantQuery(bucketQuery, atMs);
        QVERIFY2(buckets.ok(), qPrintable(buckets.error()));
        QCOMPARE(buckets->series.size(), size_t(44 * kIstioBucketCount)); // "two codes" summed
        std::vector<const PromQueryResult *> results(profile.queries.size(), nullptr);
        results[size_t(latency)] = &*buckets;
        const SampleBuilder builder(profile, Granularity::Service);
        const TelemetrySample sample = builder.build(results, atMs);

        std::map<QString, LatencyQuantiles> ours;
        for (const EdgeSample &e : sample.edges)
            ours[e.source.name() + QStringLiteral("->") + e.destination.name()] = e.latency;
        double worst = 0;
        int compared = 0;
        const QString groupBy = queries->groupByLabels().join(QStringLiteral(", "));
        for (const char *q : {"0.5", "0.95", "0.99"}) {
            const auto reference = client.instantQuery(
                QStringLiteral(
                    "histogram_quantile(%1, sum by (le, %2) "
                    "(rate(istio_request_duration_milliseconds_bucket{reporter=\"source\"}"
                    "[2m])))")
                    .arg(QLatin1String(q), groupBy),
                atMs);
            QVERIFY2(reference.ok(), qPrintable(reference.error()));
            QCOMPARE(reference->series.size(), size_t(44));
            for (const PromSeries &s : reference->series) {
                const QString edge = s.labels.value("source_canonical_service") +
                                     QStringLiteral("->") +
                                     s.labels.value("destination_service_name");
                const double want = s.samples.at(0).value;
                const auto it = ours.find(edge);
                if (std::isnan(want)) {
                    // Idle: no latency is shown rather than a made-up one.
                    QVERIFY2(it == ours.end() || std::isnan(it->second.p95Ms), qPrintable(edge));
                    continue;
                }
                QVERIFY2(it != ours.end(), qPrintable("no latency for " + edge));
                const LatencyQuantiles &l = it->second;
                const double got = QByteArray(q) == "0.5"    ? l.p50Ms
                                   : QByteArray(q) == "0.95" ? l.p95Ms
                                                             : l.p99Ms;
                const double difference = std::fabs(got - want) / std::max(1.0, std::fabs(want));
                worst = std::max(worst, difference);
                ++compared;
                QVERIFY2(difference <= 1e-9, qPrintable(QStringLiteral("%1 p%2: ours %3, "
                                                                       "Prometheus %4")
                                                            .arg(edge, QLatin1String(q))
                                                            .arg(got, 0, 'g', 17)
                                                            .arg(want, 0, 'g', 17)));
            }
        }
        QCOMPARE(compared, 3 * 43); // every call but the idle one, three quantiles each
        qInfo("worst relative difference to histogram_quantile: %g over %d quantiles", worst,
              compared);
        // The edge cases came out as Prometheus' algorithm says, not by accident.
        QCOMPARE(ours.at("beyond->bounds").p99Ms, kIstioDurationBucketsMs.back());
        QVERIFY(ours.at("first->bucket").p50Ms < 0.5);
    }
};

QTEST_GUILESS_MAIN(TstSampleBuilderReal)
#include "tst_samplebuilder_real.moc"
