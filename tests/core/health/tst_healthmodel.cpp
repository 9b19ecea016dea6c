#include "tests/core/health/healthfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::testing::svc;

using namespace meshscope::testing::health;

// The health model against docs/health-model.md: its worked examples, Kiali's tolerances and
// the bands. How each factor reacts over time is in tst_healthmodelfactors.cpp.

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
};

QTEST_GUILESS_MAIN(TestHealthModel)
#include "tst_healthmodel.moc"
