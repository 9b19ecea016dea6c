#include "core/demo/meshsimulator.h"
#include "tests/testsupport/simfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope::core;
using namespace meshscope::testing::sim;

// The simulator on its own: deterministic, plausible when healthy, counters and quantiles as
// Prometheus reads them. Faults are in tst_meshsimulatorfaults.cpp, Istio's behaviour in
// tst_meshsimulatoristio.cpp.

namespace {

bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

bool sameSample(const TelemetrySample &a, const TelemetrySample &b)
{
    if (a.timestampMs != b.timestampMs || a.edges.size() != b.edges.size() ||
        a.nodes.size() != b.nodes.size())
        return false;
    for (size_t i = 0; i < a.edges.size(); ++i) {
        const EdgeSample &x = a.edges[i];
        const EdgeSample &y = b.edges[i];
        if (x.source != y.source || x.destination != y.destination ||
            !same(x.requestRate, y.requestRate) || !same(x.rate4xx, y.rate4xx) ||
            !same(x.rate5xx, y.rate5xx) || !same(x.rateGrpcError, y.rateGrpcError) ||
            !same(x.rateNoResponse, y.rateNoResponse) || !same(x.latency.p50Ms, y.latency.p50Ms) ||
            !same(x.latency.p95Ms, y.latency.p95Ms) || !same(x.latency.p99Ms, y.latency.p99Ms) ||
            !same(x.tcpOpenedRate, y.tcpOpenedRate) || !same(x.bytesSentRate, y.bytesSentRate) ||
            !same(x.bytesReceivedRate, y.bytesReceivedRate) || !same(x.mtlsShare, y.mtlsShare))
            return false;
    }
    for (size_t i = 0; i < a.nodes.size(); ++i)
        if (a.nodes[i].id != b.nodes[i].id || a.nodes[i].replicasReady != b.nodes[i].replicasReady)
            return false;
    return true;
}

} // namespace

class TestMeshSimulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameSamples()
    {
        MeshSimulator a = shop(5);
        MeshSimulator b = shop(5);
        a.advance(300000);
        b.advance(300000);
        QVERIFY(sameSample(a.sample(), b.sample()));
        MeshSimulator c = shop(6);
        c.advance(300000);
        QVERIFY(!sameSample(a.sample(), c.sample()));
    }

    void chunkedAdvanceEqualsOneAdvance()
    {
        // Start off the tick grid and with a fault, so both the tick boundaries and the fault's
        // window are exercised.
        MeshSimulator once2 = shop(9, utc(12, 0) + 1234);
        MeshSimulator chunked = shop(9, utc(12, 0) + 1234);
        FaultSpec f = fault(once2, FaultSpec::Kind::Latency, "cartservice", 50000);
        f.latencyMs = 80;
        f.jitterMs = 10;
        QVERIFY(once2.injectFault(f).ok());
        QVERIFY(chunked.injectFault(f).ok());
        once2.advance(120000);
        for (int i = 0; i < 120; ++i)
            chunked.advance(1000);
        QCOMPARE(chunked.nowMs(), once2.nowMs());
        QVERIFY(sameSample(once2.sample(), chunked.sample()));
        QVERIFY(sameSample(once2.sample(20000), chunked.sample(20000)));
        const auto &ca = once2.counters();
        const auto &cb = chunked.counters();
        for (size_t e = 0; e < ca.size(); ++e) {
            QCOMPARE(ca[e].requests, cb[e].requests);
            QCOMPARE(ca[e].durationLe, cb[e].durationLe);
        }
    }

    void healthyShopHasFewErrorsAndPlausibleLatency()
    {
        MeshSimulator sim = shop();
        sim.advance(120000);
        const TelemetrySample s = sim.sample();
        QCOMPARE(int(s.edges.size()), int(sim.spec().calls.size()));
        QCOMPARE(int(s.nodes.size()), 12);
        for (const EdgeSample &e : s.edges) {
            if (e.protocol == Protocol::Tcp) {
                QCOMPARE(e.requestRate, 0.0);
                QVERIFY(e.tcpOpenedRate > 0.0);
                QCOMPARE(e.rateNoResponse, 0.0);
                continue;
            }
            QVERIFY2(e.requestRate > 0.0, qPrintable(e.destination.key()));
            QVERIFY2(e.errorRatio() < 0.01, qPrintable(e.destination.key()));
            QCOMPARE(e.rateNoResponse, 0.0);
            QVERIFY(e.latency.p50Ms <= e.latency.p95Ms && e.latency.p95Ms <= e.latency.p99Ms);
            QCOMPARE(e.mtlsShare, 1.0);
        }
        const EdgeSample entry = edge(sim, s, "istio-ingressgateway", "frontend");
        QVERIFY2(entry.latency.p95Ms >= 10.0 && entry.latency.p95Ms <= 150.0,
                 qPrintable(QString::number(entry.latency.p95Ms)));
        QVERIFY(entry.rate4xx > 0.0); // a steady small share of client errors
        QVERIFY(entry.rate4xx < 0.03 * entry.requestRate);
        QVERIFY(entry.requestRate > 80.0 && entry.requestRate < 200.0);
        // Callers are slower than what they call: their latency includes the calls.
        QVERIFY(entry.latency.p50Ms >
                edge(sim, s, "frontend", "productcatalogservice").latency.p50Ms);
        const NodeSample *cart = nodeSample(sim, s, "cartservice");
        QVERIFY(cart && cart->replicasDesired == 2 && cart->replicasReady == 2);
    }

    void healthyGeneratedMeshIsMostlyHealthy()
    {
        // At the daily peak, no edge of a provisioned generated mesh should be failing.
        MeshSimulator sim(loadDemoMesh(QStringLiteral("generated:800"), 4).value(), 4, utc(15));
        const TelemetrySample s = sim.sample();
        int failing = 0;
        for (const EdgeSample &e : s.edges)
            failing += e.requestRate > 0.0 && e.errorRatio() > 0.01 ? 1 : 0;
        QVERIFY2(failing == 0, qPrintable(QString::number(failing)));
    }

    void dailySwing()
    {
        MeshSimulator peak = shop(1, utc(15));
        MeshSimulator trough = shop(1, utc(3));
        const double atPeak =
            edge(peak, peak.sample(), "istio-ingressgateway", "frontend").requestRate;
        const double atTrough =
            edge(trough, trough.sample(), "istio-ingressgateway", "frontend").requestRate;
        QVERIFY2(atPeak > 1.6 * atTrough,
                 qPrintable(QStringLiteral("%1 vs %2").arg(atPeak).arg(atTrough)));
        // The swing runs on simulated time: twelve simulated hours later the roles swap.
        trough.advance(12 * 3600 * 1000LL);
        const double later =
            edge(trough, trough.sample(), "istio-ingressgateway", "frontend").requestRate;
        QVERIFY(later > 1.6 * atTrough);
    }

    void countersAreMonotone()
    {
        MeshSimulator sim = shop();
        FaultSpec f = fault(sim, FaultSpec::Kind::KillReplicas, "cartservice", 20000);
        f.replicas = 2;
        QVERIFY(sim.injectFault(f).ok());
        for (int step = 0; step < 30; ++step) {
            const std::vector<MeshSimulator::EdgeCounters> before = sim.counters();
            sim.advance(5000);
            const auto &after = sim.counters();
            for (size_t e = 0; e < after.size(); ++e) {
                for (int o = 0; o < MeshSimulator::kOutcomeCount; ++o)
                    QVERIFY(after[e].requests[size_t(o)] >= before[e].requests[size_t(o)]);
                for (size_t b = 0; b < kIstioBucketCount; ++b) {
                    QVERIFY(after[e].durationLe[b] >= before[e].durationLe[b]);
                    if (b > 0)
                        QVERIFY(after[e].durationLe[b] >=
                                after[e].durationLe[b - 1]); // "le" is cumulative
                }
                QVERIFY(after[e].durationSumMs >= before[e].durationSumMs);
                QVERIFY(after[e].tcpOpened >= before[e].tcpOpened);
                QVERIFY(after[e].bytesSent >= before[e].bytesSent);
                QVERIFY(after[e].mtlsRequests + after[e].plaintextRequests >=
                        before[e].mtlsRequests + before[e].plaintextRequests);
            }
        }
    }

    void quantilesComeFromTheWindowedBuckets()
    {
        MeshSimulator sim = shop();
        FaultSpec f = fault(sim, FaultSpec::Kind::Latency, "productcatalogservice");
        f.latencyMs = 40;
        f.jitterMs = 30;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(30000);
        const std::vector<MeshSimulator::EdgeCounters> start = sim.counters();
        sim.advance(kWindow);
        const TelemetrySample s = sim.sample(kWindow);
        for (size_t e = 0; e < s.edges.size(); ++e) {
            const EdgeSample &es = s.edges[e];
            if (es.protocol == Protocol::Tcp) {
                QVERIFY(std::isnan(es.latency.p95Ms));
                continue;
            }
            // histogram_quantile over the increase of the cumulative counters in the window.
            double perBucket[kIstioBucketCount];
            double previous = 0.0;
            for (size_t b = 0; b < kIstioBucketCount; ++b) {
                const double le = sim.counters()[e].durationLe[b] - start[e].durationLe[b];
                perBucket[b] = le - previous;
                previous = le;
            }
            const double expected = histogramQuantile(0.95, perBucket);
            QVERIFY2(std::abs(es.latency.p95Ms - expected) <= 1e-3 * expected,
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg(es.destination.key())
                                    .arg(es.latency.p95Ms)
                                    .arg(expected)));
            // And it lies inside the bucket that holds the 95th percentile.
            const auto upper = std::lower_bound(kIstioDurationBucketsMs.begin(),
                                                kIstioDurationBucketsMs.end(), es.latency.p95Ms);
            QVERIFY(upper != kIstioDurationBucketsMs.end());
            const double lower = upper == kIstioDurationBucketsMs.begin() ? 0.0 : *(upper - 1);
            QVERIFY(es.latency.p95Ms >= lower && es.latency.p95Ms <= *upper);
            const double rate =
                (sim.counters()[e].durationCount - start[e].durationCount) / (kWindow / 1000.0);
            QVERIFY(std::abs(rate - es.requestRate) <= 1e-3 * es.requestRate);
        }
    }

    void histogramQuantileMatchesPrometheus_data()
    {
        QTest::addColumn<double>("q");
        QTest::addColumn<QVector<double>>("counts"); // per bucket, from the first one
        QTest::addColumn<double>("expected");
        // 10 in (0,0.5], 30 in (0.5,1], 60 in (1,5]: rank 95 lies 55/60 into (1,5].
        QTest::newRow("interpolates")
            << 0.95 << QVector<double>{10, 30, 60} << 1.0 + 4.0 * 55.0 / 60.0;
        QTest::newRow("first bucket from 0") << 0.5 << QVector<double>{10, 0, 0} << 0.25;
        QVector<double> inf(int(kIstioBucketCount), 0.0);
        inf.back() = 5;
        QTest::newRow("+Inf gives the top bound") << 0.5 << inf << 3600000.0;
        QTest::newRow("empty") << 0.5 << QVector<double>{} << double(NAN);
    }
    void histogramQuantileMatchesPrometheus()
    {
        QFETCH(double, q);
        QFETCH(QVector<double>, counts);
        QFETCH(double, expected);
        double perBucket[kIstioBucketCount] = {};
        for (int i = 0; i < counts.size(); ++i)
            perBucket[i] = counts[i];
        const double got = histogramQuantile(q, perBucket);
        QVERIFY2(same(got, expected) || std::abs(got - expected) < 1e-9,
                 qPrintable(QString::number(got)));
    }
};

QTEST_GUILESS_MAIN(TestMeshSimulator)
#include "tst_meshsimulator.moc"
