#include "tests/core/health/healthfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::testing::svc;

using namespace meshscope::testing::health;

// How the health model's factors react over refreshes: warming up, weights, no traffic and
// replicas, latency and error spikes against the baseline, mTLS, which factor drives the colour.

class TestHealthModelFactors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stabilityCountsAsNeutralWhileWarmingUp()
    {
        // mTLS at 60 % gives protocol 60; no baseline yet: stability counts as 100, so the score
        // does not jump when the baseline arrives.
        // No latency reported, so no objective either: stability has no data at all.
        TelemetrySample s;
        s.edges.push_back(makeEdge({"a", "b", 100.0, kNaN, 0.6, 1.0}));
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        HealthModel model;
        const HealthVerdict v = edgeVerdict(*t, model.evaluate(*t), "a", "b");
        QVERIFY(std::isnan(v.factors.stability));
        QCOMPARE(v.factors.protocol, 60.0);
        QCOMPARE(v.score, 0.40 * 100.0 + 0.35 * 100.0 + 0.25 * 60.0); // 90
        QVERIFY(v.band == HealthBand::Healthy);
        QVERIFY(v.driver == HealthFactor::Protocol);
        QVERIFY(v.reason.code == ReasonCode::Mtls); // "mTLS 60 % of traffic < expected 100 %"
        QCOMPARE(shown(v.reason.value, 1), 60.0);
        QCOMPARE(v.reason.threshold, 100.0);
    }

    void changingWeightsChangesScores()
    {
        TelemetrySample s;
        s.edges.push_back(makeEdge({"a", "b", 100.0, 20.0, 0.6, 1.0}));
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        HealthModel model;
        const double before = edgeVerdict(*t, model.evaluate(*t), "a", "b").score;
        HealthSettings heavy;
        heavy.weights = {0.1, 0.35, 0.9};
        QVERIFY(model.setSettings(heavy).ok());
        const double after = edgeVerdict(*t, model.evaluate(*t), "a", "b").score;
        QCOMPARE(after, (0.1 * 100.0 + 0.35 * 100.0 + 0.9 * 60.0) / 1.35);
        QVERIFY(after < before);
        HealthSettings protocolOff;
        protocolOff.weights.protocol = 0.0;
        QVERIFY(model.setSettings(protocolOff).ok());
        QCOMPARE(edgeVerdict(*t, model.evaluate(*t), "a", "b").score, 100.0);
    }

    void noTrafficIsNoData()
    {
        TelemetrySample s;
        s.nodes.push_back(makeNode("lonely"));
        s.edges.push_back(makeEdge({"a", "b", 0.0, kNaN, kNaN, 0.0}));
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        HealthModel model;
        const HealthScores scores = model.score(*t);
        for (const HealthVerdict *v :
             {&nodeVerdict(*t, scores, "lonely"), &nodeVerdict(*t, scores, "b"),
              &edgeVerdict(*t, scores, "a", "b")}) {
            QVERIFY(std::isnan(v->score));
            QVERIFY(v->band == HealthBand::NoData);
            QVERIFY(v->reason.code != ReasonCode::None);
        }
        QCOMPARE(scores.generation, t->generation());
    }

    void idleNodeIsNoDataUnlessReplicasKnown()
    {
        TopologyBuilder builder;
        HealthModel model;
        TelemetrySample first;
        first.nodes.push_back(makeNode("withReplicas", 2, 2));
        first.edges.push_back(makeEdge({"a", "withReplicas", 10.0}));
        first.edges.push_back(makeEdge({"a", "plain", 10.0}));
        model.score(*builder.build(first));
        TelemetrySample second; // no traffic at all: both stay on the graph as idle
        const TopologyPtr t = builder.build(second);
        QVERIFY(t->nodes()[size_t(t->nodeIndex(svc("plain")))].idle);
        const HealthScores scores = model.score(*t);
        const HealthVerdict &plain = nodeVerdict(*t, scores, "plain");
        QVERIFY(plain.band == HealthBand::NoData);
        QVERIFY(plain.reason.code == ReasonCode::Idle);
        const HealthVerdict &known = nodeVerdict(*t, scores, "withReplicas");
        QCOMPARE(known.score, 100.0);
        QVERIFY(known.band == HealthBand::Healthy);
    }

    void zeroReadyReplicasFail()
    {
        TelemetrySample s;
        s.nodes.push_back(makeNode("cart", 3, 0));
        s.edges.push_back(makeEdge({"frontend", "cart", 50.0}));
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        HealthModel model;
        const HealthVerdict v = nodeVerdict(*t, model.score(*t), "cart");
        QCOMPARE(v.factors.connectivity, 0.0);
        QVERIFY(v.band == HealthBand::Failing);
        QVERIFY(v.score <= 49.0);
        QVERIFY(v.reason.code == ReasonCode::Replicas); // "0/3 replicas ready"
        QCOMPARE(v.reason.ready, 0);
        QCOMPARE(v.reason.desired, 3);
    }

    void latencySpikeAgainstBaseline()
    {
        TopologyBuilder builder;
        HealthModel model;
        auto sample = [](double p95) {
            TelemetrySample s;
            s.edges.push_back(makeEdge({"web", "api", 200.0, p95}));
            return s;
        };
        // Warm-up: fewer than minSamples (10) samples give no baseline terms; only the latency
        // objective (3000 ms, met) judges stability.
        for (int i = 0; i < 5; ++i)
            model.score(*builder.build(sample(i % 2 == 0 ? 95.0 : 105.0)));
        {
            const TopologyPtr t = builder.build(sample(400.0));
            const HealthVerdict w = nodeVerdict(*t, model.evaluate(*t), "api");
            QCOMPARE(w.factors.stability, 100.0);
            QVERIFY(w.reason.code == ReasonCode::WithinTolerance);
        }
        for (int i = 0; i < 20; ++i)
            model.score(*builder.build(sample(i % 2 == 0 ? 95.0 : 105.0)));

        const TopologyPtr steady = builder.build(sample(100.0));
        const HealthVerdict calm = nodeVerdict(*steady, model.evaluate(*steady), "api");
        QCOMPARE(calm.factors.stability, 100.0);
        QVERIFY(calm.band == HealthBand::Healthy);

        const TopologyPtr spike = builder.build(sample(300.0));
        const HealthScores first = model.evaluate(*spike);
        const HealthVerdict &v = nodeVerdict(*spike, first, "api");
        QCOMPARE(v.factors.stability, 0.0); // (300 - 100) / 10 = 20 sigma, past 2 + 6
        QVERIFY(v.score < calm.score);
        QVERIFY(v.driver == HealthFactor::Stability);
        QVERIFY(v.reason.code == ReasonCode::LatencyShift);
        QCOMPARE(v.reason.value, 300.0);
        // evaluate() leaves the baselines alone: the same call gives the same answer.
        QCOMPARE(nodeVerdict(*spike, model.evaluate(*spike), "api").score, v.score);
        QCOMPARE(edgeVerdict(*spike, first, "web", "api").factors.stability, 0.0);

        // resetBaselines() forgets the history: only the objective judges again.
        model.resetBaselines();
        QCOMPARE(nodeVerdict(*spike, model.evaluate(*spike), "api").factors.stability, 100.0);
    }

    void sustainedSpikeStaysVisibleThenBecomesTheNewNormal()
    {
        TopologyBuilder builder;
        HealthSettings settings;
        settings.stability.windowSamples = 30;
        HealthModel model(settings);
        auto sample = [](double p95) {
            TelemetrySample s;
            s.edges.push_back(makeEdge({"web", "api", 200.0, p95}));
            return s;
        };
        for (int i = 0; i < 30; ++i)
            model.score(*builder.build(sample(i % 2 == 0 ? 95.0 : 105.0)));
        // A fault that lasts: 20 refreshes at 800 ms. The anomaly is held out of the baseline, so
        // the last refresh is judged against the calm past, not against the fault itself.
        HealthVerdict verdict;
        for (int i = 0; i < 20; ++i) {
            const TopologyPtr t = builder.build(sample(800.0));
            verdict = nodeVerdict(*t, model.score(*t), "api");
        }
        QCOMPARE(verdict.factors.stability, 0.0);
        // 70σ says little: the reason carries the baseline so that the wording can give the
        // ratio to it instead ("p95 800 ms is 8.0× its baseline 100 ms").
        QVERIFY(verdict.reason.code == ReasonCode::LatencyShift);
        QCOMPARE(verdict.reason.value, 800.0);
        QCOMPARE(shown(verdict.reason.baseline, 1), 100.0);
        QVERIFY(verdict.reason.sigma > 20.0);
        // Past one window of anomalies in a row the shift is taken in and stops counting against
        // it.
        for (int i = 0; i < 70; ++i)
            model.score(*builder.build(sample(800.0)));
        const TopologyPtr t = builder.build(sample(800.0));
        QCOMPARE(nodeVerdict(*t, model.evaluate(*t), "api").factors.stability, 100.0);
    }

    void callsLeavingTheMeshAreNotExpectedToUseMtls()
    {
        TelemetrySample s;
        s.edges.push_back(makeEdge({"web", "api", 100.0, 20.0, 0.0}));
        s.edges.push_back(makeEdge({"web", "payments.example.com", 100.0, 20.0, 0.0}));
        NodeSample external = makeNode("payments.example.com");
        external.kind = NodeKind::External;
        s.nodes.push_back(external);
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        const HealthScores scores = HealthModel().evaluate(*t);
        QCOMPARE(nodeVerdict(*t, scores, "api").factors.protocol, 0.0); // plaintext inside the mesh
        QCOMPARE(edgeVerdict(*t, scores, "web", "payments.example.com").factors.protocol, 100.0);
        QCOMPARE(nodeVerdict(*t, scores, "payments.example.com").factors.protocol, 100.0);
    }

    void errorRatioShiftLowersStability()
    {
        TopologyBuilder builder;
        HealthModel model;
        auto sample = [](double r4xxIgnored, double noResponse) {
            TelemetrySample s;
            EdgeSample e = makeEdge({"web", "api", 100.0, 20.0});
            e.rate4xx = r4xxIgnored;
            e.rateNoResponse = noResponse;
            s.edges.push_back(e);
            return s;
        };
        for (int i = 0; i < 12; ++i)
            model.score(*builder.build(sample(5.0, 0.0)));
        const TopologyPtr t = builder.build(sample(5.0, 6.0));
        const HealthVerdict v = edgeVerdict(*t, model.evaluate(*t), "web", "api");
        // 6 % vs baseline 0 with sigma floored at 1 point: z = 6 -> 100 (1 - 4/6) = 33.3
        QCOMPARE(shown(v.factors.stability, 1), 33.3);
    }

    void mtlsDropLowersProtocol()
    {
        auto score = [](double mtls) {
            TelemetrySample s;
            s.edges.push_back(makeEdge({"web", "api", 100.0, 20.0, mtls, 10.0}));
            TopologyBuilder builder;
            const TopologyPtr t = builder.build(s);
            HealthModel model;
            return edgeVerdict(*t, model.evaluate(*t), "web", "api");
        };
        const HealthVerdict full = score(1.0);
        const HealthVerdict half = score(0.5);
        QCOMPARE(full.factors.protocol, 100.0);
        QCOMPARE(half.factors.protocol, 50.0);
        QVERIFY(half.score < full.score);
        QVERIFY(half.driver == HealthFactor::Protocol);
        QVERIFY(half.reason.code == ReasonCode::Mtls);
        QCOMPARE(shown(half.reason.value, 1), 50.0);
    }

    void driverIsFactorWithMostLostPoints_data()
    {
        QTest::addColumn<double>("mtls");
        QTest::addColumn<double>("errors"); // 5xx per 100 requests
        QTest::addColumn<int>("driver");
        // Connectivity loses 0.615 * 100 e/0.25 points, protocol 0.385 * (100 - 100 mtls).
        QTest::newRow("protocol worse") << 0.5 << 1.0 << int(HealthFactor::Protocol);
        QTest::newRow("connectivity worse") << 0.9 << 5.0 << int(HealthFactor::Connectivity);
    }

    void driverIsFactorWithMostLostPoints()
    {
        QFETCH(double, mtls);
        QFETCH(double, errors);
        QFETCH(int, driver);
        EdgeSample e = makeEdge({"web", "api", 100.0, 20.0, mtls, 1.0});
        e.rate5xx = errors;
        TelemetrySample s;
        s.edges.push_back(e);
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        HealthModel model;
        const HealthVerdict v = edgeVerdict(*t, model.evaluate(*t), "web", "api");
        QVERIFY2(v.driver == HealthFactor(driver), qPrintable(toString(v.driver)));
    }

    void windowChangeResetsBaselines()
    {
        TopologyBuilder builder;
        HealthModel model;
        TelemetrySample s;
        s.edges.push_back(makeEdge({"web", "api"}));
        model.score(*builder.build(s));
        QCOMPARE(model.baselineNodeCount(), 2);
        QCOMPARE(model.baselineEdgeCount(), 1);
        HealthSettings other;
        other.weights.protocol = 0.5;
        QVERIFY(model.setSettings(other).ok());
        QCOMPARE(model.baselineEdgeCount(), 1); // weights only: history kept
        other.stability.windowSamples = 30;
        QVERIFY(model.setSettings(other).ok());
        QCOMPARE(model.baselineEdgeCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHealthModelFactors)
#include "tst_healthmodelfactors.moc"
