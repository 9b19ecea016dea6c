#include "tests/core/health/healthfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::testing::svc;

using namespace meshscope::testing::health;

class TestHealthModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // docs/health-model.md, "Example 1: a healthy edge". Keep the numbers in step with the doc.
    void docExample1HealthyEdge()
    {
        TopologyBuilder builder;
        HealthModel model;
        EdgeSpec spec{"productpage", "details", 50.0, 20.0, 0.95, 31.25};
        // 20 refreshes of history: p95 alternating 18 / 22 ms (mean 20, sigma 2), no errors.
        for (int i = 0; i < 20; ++i) {
            spec.p95 = i % 2 == 0 ? 18.0 : 22.0;
            TelemetrySample s;
            s.edges.push_back(makeEdge(spec));
            model.score(*builder.build(s));
        }
        spec.p95 = 23.0;
        TelemetrySample s;
        s.edges.push_back(makeEdge(spec));
        const TopologyPtr t = builder.build(s);
        const HealthScores scores = model.score(*t);
        const HealthVerdict &v = edgeVerdict(*t, scores, "productpage", "details");

        QCOMPARE(v.factors.connectivity, 100.0);
        QCOMPARE(v.factors.stability, 100.0); // z = (23 - 20) / 2 = 1.5 <= 2 tolerated
        QCOMPARE(v.factors.protocol, 95.0);   // min(mTLS 95, failures 100)
        QCOMPARE(shown(v.score, 2), 98.75);
        QVERIFY(v.band == HealthBand::Healthy);
        QVERIFY(v.driver == HealthFactor::Protocol);
        // "mTLS 95 % of traffic < expected 100 %"
        QVERIFY(v.reason.code == ReasonCode::Mtls);
        QCOMPARE(shown(v.reason.value, 1), 95.0);
        QCOMPARE(v.reason.threshold, 100.0);
        QVERIFY(factorOf(v.reason.code) == HealthFactor::Protocol);
    }

    // docs/health-model.md, "Example 2: a service answering 12 % 5xx".
    void docExample2FailingService()
    {
        TopologyBuilder builder;
        HealthModel model; // fresh: no baseline, stability has no data
        TelemetrySample s;
        EdgeSample in = makeEdge({"productpage", "reviews", 100.0, 40.0, 1.0, 1.0});
        in.rate5xx = 12.0;
        s.edges.push_back(in);
        s.edges.push_back(makeEdge({"reviews", "ratings", 50.0, 10.0, 1.0, 0.5}));
        const TopologyPtr t = builder.build(s);
        const HealthScores scores = model.score(*t);
        const HealthVerdict &v = nodeVerdict(*t, scores, "reviews");

        // Inbound 12/100 = 12 % -> 100 (1 - 0.12/0.25) = 52; outbound clean: 100; worse = 52.
        QCOMPARE(shown(v.factors.connectivity, 1), 52.0);
        QCOMPARE(v.factors.stability, 100.0); // only the objective (p95 40 <= 3000 ms) so far
        QCOMPARE(v.factors.protocol, 100.0);
        // Uncapped 0.40*52 + 0.35*100 + 0.25*100 = 80.8; the failing verdict caps it at 49.
        HealthSettings noCaps;
        noCaps.tolerances.clear();
        noCaps.connectivity.replicaVerdict = false;
        QCOMPARE(
            shown(
                HealthModel(noCaps).evaluate(*t).nodes[size_t(t->nodeIndex(svc("reviews")))].score,
                1),
            80.8);
        QCOMPARE(v.score, 49.0);
        QVERIFY(v.band == HealthBand::Failing);
        QVERIFY(v.driver == HealthFactor::Connectivity);
        // "5xx 12.0 % ≥ failing tolerance 10 %"
        QVERIFY(v.reason.code == ReasonCode::ErrorTolerance);
        QVERIFY(v.reason.errorClass == ErrorClass::Http5xx);
        QCOMPARE(shown(v.reason.value, 1), 12.0);
        QCOMPARE(shown(v.reason.bound, 1), 11.2); // Wilson lower bound, 6,000 requests, 95 %
        QCOMPARE(v.reason.threshold, 10.0);
        QVERIFY(v.reason.level == HealthBand::Failing);
        QVERIFY(v.reason.direction == Direction::Inbound);
        QVERIFY(v.reason.peer == svc("productpage"));

        const HealthVerdict &e = edgeVerdict(*t, scores, "productpage", "reviews");
        QCOMPARE(shown(e.factors.connectivity, 1), 52.0);
        QCOMPARE(e.score, 49.0);
        QCOMPARE(e.dependencyStrength, 1.0); // productpage's only call
        QVERIFY(e.band == HealthBand::Failing);
    }

    // docs/health-model.md, "Example 3: p95 jumped, 2/3 replicas ready".
    void docExample3LatencyJumpAndReplicas()
    {
        TopologyBuilder builder;
        HealthModel model;
        // 30 refreshes: p95 alternating 100 / 140 ms (mean 120, sigma 20), 3/3 replicas.
        for (int i = 0; i < 30; ++i) {
            TelemetrySample s;
            s.nodes.push_back(makeNode("ratings", 3, 3));
            s.edges.push_back(
                makeEdge({"reviews", "ratings", 20.0, i % 2 == 0 ? 100.0 : 140.0, 1.0, 0.2}));
            model.score(*builder.build(s));
        }
        TelemetrySample s;
        s.nodes.push_back(makeNode("ratings", 3, 2));
        s.edges.push_back(makeEdge({"reviews", "ratings", 20.0, 250.0, 1.0, 0.2}));
        const TopologyPtr t = builder.build(s);
        const HealthScores scores = model.score(*t);
        const HealthVerdict &v = nodeVerdict(*t, scores, "ratings");

        QCOMPARE(shown(v.factors.connectivity, 1), 66.7); // min(success 100, replicas 2/3)
        QCOMPARE(shown(v.factors.stability, 1), 25.0);    // z = 130/20 = 6.5 -> 100 (1 - 4.5/6)
        QCOMPARE(v.factors.protocol, 100.0);
        QCOMPARE(shown(v.score, 1), 60.4); // 0.40*66.67 + 0.35*25 + 0.25*100; cap 74 not binding
        QVERIFY(v.band == HealthBand::Degraded);
        QVERIFY(v.driver == HealthFactor::Stability); // loses 26.25 points vs 13.33
        // "p95 250 ms is 6.5σ above its baseline 120 ms (30 samples)"
        QVERIFY(v.reason.code == ReasonCode::LatencyShift);
        QCOMPARE(shown(v.reason.value, 1), 250.0);
        QCOMPARE(shown(v.reason.sigma, 1), 6.5);
        QCOMPARE(shown(v.reason.baseline, 1), 120.0);
        QCOMPARE(v.reason.samples, 30);
        QVERIFY(factorOf(v.reason.code) == HealthFactor::Stability);

        const HealthVerdict &e = edgeVerdict(*t, scores, "reviews", "ratings");
        QCOMPARE(shown(e.score, 2), 73.75);
        QVERIFY(e.band == HealthBand::Degraded);
    }

    // docs/health-model.md, "Example 4: the replica cap binds".
    void docExample4ReplicaCapBinds()
    {
        TelemetrySample s;
        s.nodes.push_back(makeNode("ratings", 3, 2));
        s.edges.push_back(makeEdge({"reviews", "ratings", 20.0, 100.0}));
        HealthSettings noVerdict;
        noVerdict.connectivity.replicaVerdict = false;
        const Scored uncapped = scoreOnce(s, noVerdict);
        QCOMPARE(shown(uncapped.node("ratings").score, 1), 86.7); // 0.4*66.67 + 35 + 25
        QVERIFY(uncapped.node("ratings").band == HealthBand::Healthy);
        const Scored r = scoreOnce(s);
        const HealthVerdict &v = r.node("ratings");
        QCOMPARE(v.score, 74.0);
        QVERIFY(v.band == HealthBand::Degraded);
        QVERIFY(v.reason.code == ReasonCode::Replicas);
        QCOMPARE(v.reason.ready, 2);
        QCOMPARE(v.reason.desired, 3);
    }

    void kialiTolerances_data()
    {
        QTest::addColumn<int>("protocol");   // Protocol
        QTest::addColumn<int>("errorClass"); // ErrorClass
        QTest::addColumn<double>("errors");  // per 1000 requests
        QTest::addColumn<int>("band");       // HealthBand expected
        const int http = int(Protocol::Http);
        const int grpc = int(Protocol::Grpc);
        const int c5 = int(ErrorClass::Http5xx), c4 = int(ErrorClass::Http4xx);
        const int cg = int(ErrorClass::GrpcError), cn = int(ErrorClass::NoResponse);
        const int healthy = int(HealthBand::Healthy), degraded = int(HealthBand::Degraded);
        const int failing = int(HealthBand::Failing);
        QTest::newRow("5xx 0 % healthy") << http << c5 << 0.0 << healthy;
        QTest::newRow("5xx 0.1 % degraded") << http << c5 << 1.0 << degraded;
        QTest::newRow("5xx 9.9 % degraded") << http << c5 << 99.0 << degraded;
        QTest::newRow("5xx 10 % failing") << http << c5 << 100.0 << failing;
        QTest::newRow("4xx 9.9 % healthy") << http << c4 << 99.0 << healthy;
        QTest::newRow("4xx 10 % degraded") << http << c4 << 100.0 << degraded;
        QTest::newRow("4xx 19.9 % degraded") << http << c4 << 199.0 << degraded;
        QTest::newRow("4xx 20 % failing") << http << c4 << 200.0 << failing;
        QTest::newRow("grpc 0.1 % degraded") << grpc << cg << 1.0 << degraded;
        QTest::newRow("grpc 9.9 % degraded") << grpc << cg << 99.0 << degraded;
        QTest::newRow("grpc 10 % failing") << grpc << cg << 100.0 << failing;
        QTest::newRow("no-response http 0.1 % degraded") << http << cn << 1.0 << degraded;
        QTest::newRow("no-response http 10 % failing") << http << cn << 100.0 << failing;
        QTest::newRow("no-response grpc 10 % failing") << grpc << cn << 100.0 << failing;
    }

    void kialiTolerances()
    {
        QFETCH(int, protocol);
        QFETCH(int, errorClass);
        QFETCH(double, errors);
        QFETCH(int, band);
        EdgeSample e = makeEdge({"caller", "callee", 1000.0, 20.0, 1.0, 100.0, Protocol(protocol)});
        switch (ErrorClass(errorClass)) {
        case ErrorClass::Http5xx:
            e.rate5xx = errors;
            break;
        case ErrorClass::Http4xx:
            e.rate4xx = errors;
            break;
        case ErrorClass::GrpcError:
            e.rateGrpcError = errors;
            break;
        case ErrorClass::NoResponse:
            e.rateNoResponse = errors;
            break;
        case ErrorClass::TcpFailure:
            break;
        }
        TelemetrySample s;
        s.edges.push_back(e);
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        // Kiali's own thresholds, so Kiali's comparison (no confidence bound).
        HealthSettings kiali;
        kiali.mode = HealthSettings::Mode::KialiExact;
        HealthModel model(kiali);
        const HealthScores scores = model.score(*t);
        for (const HealthVerdict *v :
             {&nodeVerdict(*t, scores, "callee"), &edgeVerdict(*t, scores, "caller", "callee")}) {
            QVERIFY2(v->band == HealthBand(band),
                     qPrintable(toString(v->band) + QStringLiteral(" score ") +
                                QString::number(v->score) + QStringLiteral(": ") +
                                reasonKey(v->reason.code)));
            if (HealthBand(band) == HealthBand::Degraded)
                QVERIFY(v->score <= 74.0);
            if (HealthBand(band) == HealthBand::Failing)
                QVERIFY(v->score <= 49.0);
            // The tolerance is named when it set the colour: a binding cap, or a failing verdict.
            if (v->score == 74.0 || HealthBand(band) == HealthBand::Failing)
                QVERIFY2(v->reason.code == ReasonCode::ErrorTolerance ||
                             v->reason.code == ReasonCode::Replicas,
                         qPrintable(reasonKey(v->reason.code)));
        }
    }

    void bandsFromScore_data()
    {
        QTest::addColumn<int>("ready");
        QTest::addColumn<int>("desired");
        QTest::addColumn<double>("healthyThreshold");
        QTest::addColumn<int>("band");
        // Replica availability alone (no traffic, Kiali replica verdict off): score = 100
        // ready/desired.
        QTest::newRow("75 healthy") << 3 << 4 << 75.0 << int(HealthBand::Healthy);
        QTest::newRow("74 degraded") << 74 << 100 << 75.0 << int(HealthBand::Degraded);
        QTest::newRow("50 degraded") << 1 << 2 << 75.0 << int(HealthBand::Degraded);
        QTest::newRow("49 failing") << 49 << 100 << 75.0 << int(HealthBand::Failing);
        QTest::newRow("75 degraded when healthy is 80")
            << 3 << 4 << 80.0 << int(HealthBand::Degraded);
        QTest::newRow("100 healthy") << 4 << 4 << 75.0 << int(HealthBand::Healthy);
        // The band is decided on the score as shown (74.6 shows "74"), not on the raw value.
        QTest::newRow("74.6 degraded when healthy is 74.5")
            << 746 << 1000 << 74.5 << int(HealthBand::Degraded);
        QTest::newRow("75.0 healthy when healthy is 74.5")
            << 750 << 1000 << 74.5 << int(HealthBand::Healthy);
    }

    void bandsFromScore()
    {
        QFETCH(int, ready);
        QFETCH(int, desired);
        QFETCH(double, healthyThreshold);
        QFETCH(int, band);
        HealthSettings settings;
        settings.connectivity.replicaVerdict = false;
        settings.bands.healthy = healthyThreshold;
        settings.caps.degraded = healthyThreshold - 1.0;
        QVERIFY(settings.validate().isEmpty());
        TelemetrySample s;
        s.nodes.push_back(makeNode("solo", desired, ready));
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        HealthModel model(settings);
        const HealthVerdict v = nodeVerdict(*t, model.score(*t), "solo");
        QCOMPARE(v.score, 100.0 * ready / desired);
        QVERIFY2(v.band == HealthBand(band), qPrintable(toString(v.band)));
    }

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

QTEST_GUILESS_MAIN(TestHealthModel)
#include "tst_healthmodel.moc"
