// HealthModel in its default (Meshscope) mode against every case issue 7 measured on main
// ("What we measured"), each asserting the fixed verdict; and the worked examples of
// docs/health-model.md that are about evidence, volatility, TCP and inputs.

#include "core/health/healthterms_p.h"
#include "tests/core/health/healthfixture.h"

#include <QTest>

#include <limits>

using namespace meshscope::core;
using namespace meshscope::testing::health;
using meshscope::testing::svc;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TelemetrySample one(const EdgeSample &e)
{
    TelemetrySample s;
    s.edges.push_back(e);
    return s;
}

EdgeSample tcp(const char *from, const char *to, double opened, double failed)
{
    EdgeSample e = makeEdge({from, to, 0.0, kNaN, 1.0, opened, Protocol::Tcp});
    e.tcpClosedRate = opened - failed;
    e.tcpFailedRate = failed;
    return e;
}

} // namespace

class TestHealthRegressions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // "5xx 0.0041 % > degraded tolerance 0 %" on the gateway, and 3 errors in 70,000 requests:
    // noise, not news. docs/health-model.md "Example 6".
    void rareErrorsOnBusyTrafficStayHealthy_data()
    {
        QTest::addColumn<double>("rps");
        QTest::addColumn<double>("errorsPerSecond");
        QTest::newRow("3 in 70,000 over the minute") << 70000.0 / 60.0 << 3.0 / 60.0;
        QTest::newRow("0.0041 % at 1,000 req/s") << 1000.0 << 0.041;
    }
    void rareErrorsOnBusyTrafficStayHealthy()
    {
        QFETCH(double, rps);
        QFETCH(double, errorsPerSecond);
        EdgeSample e = makeEdge({"istio-ingressgateway", "frontend", rps});
        e.rate5xx = errorsPerSecond;
        const Scored s = scoreOnce(one(e));
        for (const HealthVerdict *v : {&s.node("istio-ingressgateway"), &s.node("frontend"),
                                       &s.edge("istio-ingressgateway", "frontend")})
            QVERIFY2(v->band == HealthBand::Healthy, qPrintable(QString::number(v->score)));
        QVERIFY(!s.edge("istio-ingressgateway", "frontend").lowConfidence);
    }

    // A real 1 % error rate at ordinary traffic trips within one refresh (a fresh model).
    void onePercentAtTenRequestsPerSecondDegradesAtOnce()
    {
        EdgeSample e = makeEdge({"frontend", "cart", 10.0});
        e.rate5xx = 0.1;
        const Scored s = scoreOnce(one(e));
        const HealthVerdict &v = s.node("cart");
        QVERIFY(v.band == HealthBand::Degraded);
        QVERIFY(v.reason.code == ReasonCode::ErrorTolerance);
        // Wilson lower bound of 6 in 600 at z 1.96: 0.46 % >= 0.1 % (the "any error" tolerance).
        QCOMPARE(shown(v.reason.bound, 2), 0.46);
        QCOMPARE(shown(healthterms::wilsonLower(6.0, 600.0, 1.96) * 100.0, 2), 0.46);
        QCOMPARE(shown(healthterms::wilsonLower(3.0, 70000.0, 1.96) * 100.0, 4), 0.0015);
    }

    // Envoy's own 503s are 5xx: 6 % app 500s + 6 % UH 503s is 12 % 5xx, Failing (was 61).
    void envoyLocal503sAre5xx()
    {
        EdgeSample e = makeEdge({"frontend", "cart", 100.0});
        e.rate5xx = 6.0 + 6.0; // the source classifies UH 503 as 5xx (telemetrytypes.h)
        const Scored s = scoreOnce(one(e));
        QVERIFY(s.edge("frontend", "cart").band == HealthBand::Failing);
        QVERIFY(s.node("cart").band == HealthBand::Failing);
        QVERIFY(s.node("cart").reason.errorClass == ErrorClass::Http5xx);
    }

    // "A frontend with 5 % 5xx on an outbound call shows Healthy 93.8."
    void outboundErrorsCountAndNameTheCall()
    {
        TelemetrySample s;
        s.edges.push_back(makeEdge({"istio-ingressgateway", "frontend", 100.0}));
        EdgeSample out = makeEdge({"frontend", "productcatalog", 100.0});
        out.rate5xx = 5.0;
        s.edges.push_back(out);
        s.edges.push_back(makeEdge({"frontend", "currency", 50.0}));
        const Scored r = scoreOnce(s);
        const HealthVerdict &v = r.node("frontend");
        QVERIFY(v.band == HealthBand::Degraded);
        QVERIFY(v.reason.code == ReasonCode::ErrorTolerance);
        QVERIFY(v.reason.direction == Direction::Outbound);
        QVERIFY(v.reason.peer == svc("productcatalog"));
        // 5 of the 150 outbound req/s: 3.3 %.
        QCOMPARE(shown(v.reason.value, 1), 3.3);
        // A gateway nobody calls is judged on its outbound calls, clean here.
        QVERIFY(r.node("istio-ingressgateway").band == HealthBand::Healthy);
    }

    // DNS fault on redis-cart: 247 failed operations/s left redis and its edge Healthy 100.
    void tcpFailuresAreSeenOnTcpEdges()
    {
        TelemetrySample s;
        s.edges.push_back(makeEdge({"frontend", "cartservice", 100.0}));
        s.edges.push_back(tcp("cartservice", "redis-cart", 300.0, 247.0));
        const Scored r = scoreOnce(s);
        const HealthVerdict &edge = r.edge("cartservice", "redis-cart");
        QVERIFY(edge.band == HealthBand::Failing);
        QVERIFY(edge.reason.code == ReasonCode::ErrorTolerance);
        QVERIFY(edge.reason.errorClass == ErrorClass::TcpFailure);
        QCOMPARE(shown(edge.reason.value, 1), 82.3); // 247 / 300 connections
        QVERIFY(r.node("redis-cart").band == HealthBand::Failing);
        QVERIFY(r.node("redis-cart").reason.peer == svc("cartservice"));
        QVERIFY(r.node("cartservice").band == HealthBand::Failing);
    }

    // Units never mix: 2 failed of 4 connections is 50 %, not 2 / 1,000 requests.
    void tcpFailuresAreConnectionsNotRequests()
    {
        TelemetrySample s;
        s.edges.push_back(makeEdge({"frontend", "cartservice", 1000.0}));
        s.edges.push_back(tcp("cartservice", "redis-cart", 4.0, 2.0));
        const Scored r = scoreOnce(s);
        const HealthVerdict &v = r.node("cartservice");
        QCOMPARE(v.factors.connectivity, 0.0); // TCP term: 50 % >= 25 % at zero
        QVERIFY(v.band != HealthBand::Healthy);
        // Its inbound requests are clean: the HTTP success term is untouched by connections.
        QCOMPARE(r.edge("frontend", "cartservice").factors.connectivity, 100.0);
    }

    // "An HTTP/gRPC edge with connections but no completed requests scores 0 Failing."
    void longStreamWithoutCompletedRequestsIsNotFailing()
    {
        const Scored r =
            scoreOnce(one(makeEdge({"checkout", "events", 0.0, kNaN, 1.0, 0.5, Protocol::Grpc})));
        const HealthVerdict &v = r.edge("checkout", "events");
        QVERIFY(v.band == HealthBand::Healthy);
        QCOMPARE(v.score, 100.0);
    }

    // "A service whose p95 is 8 s from the start scores 100."
    void slowFromTheStartFailsItsObjective()
    {
        TopologyBuilder builder;
        HealthModel model;
        HealthVerdict v;
        for (int i = 0; i < 15; ++i) { // before and after the baseline warms up
            const TopologyPtr t = builder.build(one(makeEdge({"web", "reports", 10.0, 8000.0})));
            v = nodeVerdict(*t, model.score(*t), "reports");
            QVERIFY2(v.band == HealthBand::Failing, qPrintable(QString::number(i)));
        }
        QVERIFY(v.reason.code == ReasonCode::LatencyObjective);
        QCOMPARE(v.reason.value, 8000.0);
        QCOMPARE(v.reason.threshold, HealthSettings().objectives.p95Ms);
        QVERIFY(v.reason.level == HealthBand::Failing);
        // A per-service override (glob) lets a batch service be slow.
        HealthSettings relaxed;
        relaxed.objectives.overrides.push_back(
            {QStringLiteral("sh*"), QStringLiteral("rep?rts"), 10000.0, kNaN});
        const Scored r = scoreOnce(one(makeEdge({"web", "reports", 10.0, 8000.0})), relaxed);
        QVERIFY(r.node("reports").band == HealthBand::Healthy);
        QVERIFY(r.node("web").band == HealthBand::Failing); // its call still takes 8 s
    }

    // A steady 200 ms service whose p95 shifts by +100 ms: 5 sigma of the 20 ms floor, which the
    // stability term alone prices at 82.5 (Healthy); the shift verdict makes it Degraded and
    // names the shift. +30 ms (1.5 sigma) stays Healthy.
    void aLargeLatencyShiftIsDegraded_data()
    {
        QTest::addColumn<double>("now");
        QTest::addColumn<bool>("degraded");
        QTest::newRow("+100 ms: 5 sigma") << 300.0 << true;
        QTest::newRow("+30 ms: 1.5 sigma") << 230.0 << false;
    }
    void aLargeLatencyShiftIsDegraded()
    {
        QFETCH(double, now);
        QFETCH(bool, degraded);
        TopologyBuilder builder;
        HealthModel model;
        for (int i = 0; i < 20; ++i)
            model.score(*builder.build(one(makeEdge({"web", "api", 100.0, 200.0}))));
        const TopologyPtr t = builder.build(one(makeEdge({"web", "api", 100.0, now})));
        const HealthVerdict v = nodeVerdict(*t, model.evaluate(*t), "api");
        QCOMPARE(v.band == HealthBand::Degraded, degraded);
        QCOMPARE(v.reason.code == ReasonCode::LatencyShift, degraded);
        if (degraded) {
            QCOMPARE(v.reason.value, now);
            QCOMPARE(v.reason.baseline, 200.0);
            QCOMPARE(v.reason.sigma, 5.0);
        }
        if (degraded)
            QVERIFY(v.score <= HealthSettings().caps.degraded);
        else
            QVERIFY(v.band == HealthBand::Healthy);
        // Kiali has no such rule.
        HealthSettings kiali;
        kiali.mode = HealthSettings::Mode::KialiExact;
        HealthModel k;
        QVERIFY(k.setSettings(kiali));
        for (int i = 0; i < 20; ++i)
            k.score(*builder.build(one(makeEdge({"web", "api", 100.0, 200.0}))));
        const TopologyPtr t2 = builder.build(one(makeEdge({"web", "api", 100.0, now})));
        QVERIFY(nodeVerdict(*t2, k.evaluate(*t2), "api").band == HealthBand::Healthy);
    }

    // "A p95 flipping between 50 and 400 ms every refresh scores 100." docs "Example 5".
    void volatility()
    {
        const auto run = [](double low, double high) {
            TopologyBuilder builder;
            HealthModel model;
            for (int i = 0; i < 20; ++i)
                model.score(
                    *builder.build(one(makeEdge({"web", "api", 100.0, i % 2 == 0 ? low : high}))));
            const TopologyPtr t = builder.build(one(makeEdge({"web", "api", 100.0, 100.0})));
            return nodeVerdict(*t, model.evaluate(*t), "api");
        };
        // 60 / 140: mean 100, sigma 40, swing 40 % -> 100 (1 - (0.40 - 0.20) / 0.50) = 60.
        const HealthVerdict mild = run(60.0, 140.0);
        QCOMPARE(shown(mild.factors.stability, 1), 60.0);
        QCOMPARE(shown(mild.score, 1), 86.0); // 0.40*100 + 0.35*60 + 0.25*100
        QVERIFY(mild.band == HealthBand::Healthy);
        QVERIFY(mild.reason.code == ReasonCode::LatencySwing);
        QCOMPARE(shown(mild.reason.value, 1), 40.0);
        QCOMPARE(shown(mild.reason.baseline, 1), 100.0);
        // 50 / 400: swing 78 % -> 0; stability alone makes it Degraded (65).
        const HealthVerdict wild = run(50.0, 400.0);
        QCOMPARE(wild.factors.stability, 0.0);
        QCOMPARE(shown(wild.score, 1), 65.0);
        QVERIFY(wild.band == HealthBand::Degraded);
    }

    // "During warm-up the weights renormalise and a plaintext edge goes from Degraded 61.5 to
    // Healthy 75.0 with nothing changed."
    void noBandFlipWhenTheBaselineArrives()
    {
        TopologyBuilder builder;
        HealthModel model;
        QList<double> scores;
        for (int i = 0; i < 15; ++i) {
            const TopologyPtr t = builder.build(one(makeEdge({"web", "legacy", 100.0, kNaN, 0.0})));
            scores << edgeVerdict(*t, model.score(*t), "web", "legacy").score;
        }
        for (double score : scores)
            QCOMPARE(score, scores.first());
        // And with latency (the objective term), before and after minSamples.
        TopologyBuilder b2;
        HealthModel m2;
        QList<HealthBand> bands;
        for (int i = 0; i < 15; ++i) {
            const TopologyPtr t = b2.build(one(makeEdge({"web", "legacy", 100.0, 20.0, 0.0})));
            bands << edgeVerdict(*t, m2.score(*t), "web", "legacy").band;
        }
        QCOMPARE(bands.count(bands.first()), bands.size());
    }

    // "A NaN request rate hides errors; an Inf p95 poisons the baseline for two windows."
    void unsoundInputsAreSanitisedAndCounted()
    {
        TopologyBuilder builder;
        HealthModel model;
        EdgeSample nanRate = makeEdge({"web", "api", kNaN});
        nanRate.rate5xx = 5.0;
        const TopologyPtr t = builder.build(one(nanRate));
        QCOMPARE(t->badValueCount(), 1);
        QCOMPARE(t->edges()[0].metrics.requestRate, 5.0); // at least the counted outcomes
        QVERIFY(nodeVerdict(*t, model.score(*t), "api").band == HealthBand::Failing);

        TopologyBuilder b2;
        HealthModel m2;
        for (int i = 0; i < 12; ++i)
            m2.score(*b2.build(one(makeEdge({"web", "api", 100.0, i % 2 ? 95.0 : 105.0}))));
        const TopologyPtr inf = b2.build(one(makeEdge({"web", "api", 100.0, kInf, -1.0})));
        QCOMPARE(inf->badValueCount(), 2); // the p95 and the mTLS share
        QVERIFY(std::isnan(inf->edges()[0].metrics.latency.p95Ms));
        m2.score(*inf);
        const TopologyPtr after = b2.build(one(makeEdge({"web", "api", 100.0, 100.0})));
        QCOMPARE(after->badValueCount(), 0);
        const HealthVerdict v = nodeVerdict(*after, m2.score(*after), "api");
        QCOMPARE(v.factors.stability, 100.0); // the baseline is still 95/105
    }

    // "HealthModel::setSettings accepts out-of-order thresholds."
    void outOfOrderSettingsAreRefused()
    {
        HealthModel model;
        HealthSettings bad;
        bad.bands.degraded = 80.0; // above healthy 75
        const auto r = model.setSettings(bad);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(QStringLiteral("bands.degraded")), qPrintable(r.error()));
        QVERIFY(model.settings() == HealthSettings{});
        HealthModel fromBad(bad); // a constructor cannot refuse: it falls back to the defaults
        QVERIFY(fromBad.settings() == HealthSettings{});
    }

    // Seed 000 §2.5 / §4.3: a failing 1 % dependency costs less than a failing 90 % one.
    void dependencyStrengthWeighsTheCaller()
    {
        const auto run = [](double failingShare) {
            TelemetrySample s;
            EdgeSample bad = makeEdge({"web", "flaky", 100.0 * failingShare});
            bad.rate5xx = bad.requestRate; // every call fails
            s.edges.push_back(bad);
            s.edges.push_back(makeEdge({"web", "solid", 100.0 * (1.0 - failingShare)}));
            return scoreOnce(s);
        };
        const Scored small = run(0.01);
        const Scored large = run(0.90);
        QCOMPARE(shown(small.edge("web", "flaky").dependencyStrength, 2), 0.01);
        QCOMPARE(shown(small.edge("web", "solid").dependencyStrength, 2), 0.99);
        QCOMPARE(shown(large.edge("web", "flaky").dependencyStrength, 2), 0.90);
        QCOMPARE(shown(small.node("web").factors.connectivity, 1), 96.0); // 1 - 0.01 / 0.25
        QCOMPARE(large.node("web").factors.connectivity, 0.0);
        QVERIFY(small.node("web").score > large.node("web").score);
        QVERIFY(std::isnan(small.node("web").dependencyStrength));
    }

    void lowTrafficIsFlaggedLowConfidence()
    {
        EdgeSample e = makeEdge({"cron", "api", 0.5}); // 30 requests in the window < 100
        e.rate5xx = 0.05;
        const Scored s = scoreOnce(one(e));
        QVERIFY(s.edge("cron", "api").lowConfidence);
        QVERIFY(s.node("api").lowConfidence);
        // 3 errors in 30 requests: the bound (3.5 %) passes the 0.1 % tolerance, not 10 %.
        QVERIFY(s.node("api").band == HealthBand::Degraded);
        const Scored busy = scoreOnce(one(makeEdge({"web", "api", 100.0})));
        QVERIFY(!busy.edge("web", "api").lowConfidence);
    }

    // mTLS is the destination's report (EdgeSample::mtlsShare): a TCP edge weighs it by
    // connections, requests do on HTTP.
    void mtlsOnTcpWeighsConnections()
    {
        EdgeSample e = tcp("cart", "redis", 10.0, 0.0);
        e.mtlsShare = 0.5;
        const Scored s = scoreOnce(one(e));
        QCOMPARE(s.edge("cart", "redis").factors.protocol, 50.0);
    }
};

QTEST_GUILESS_MAIN(TestHealthRegressions)
#include "tst_healthregressions.moc"
