#include "core/demo/meshsimulator.h"
#include "tests/testsupport/simfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope::core;
using namespace meshscope::testing::sim;

// Faults in the demo simulator (latency, edge faults, killed replicas, overload, DNS, packet
// loss) act as real ones do, upstream too, only for their duration; bad ones are refused with
// a message.

class TestMeshSimulatorFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void latencyFaultSlowsTheServiceAndItsCallers()
    {
        MeshSimulator sim = shop();
        const TelemetrySample before = sim.sample();
        FaultSpec f = fault(sim, FaultSpec::Kind::Latency, "productcatalogservice");
        f.latencyMs = 200;
        f.jitterMs = 20;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(kSettle);
        const TelemetrySample after = sim.sample();
        // The edges into the service...
        for (const char *caller : {"frontend", "checkoutservice", "recommendationservice"}) {
            const double p95Before =
                edge(sim, before, caller, "productcatalogservice").latency.p95Ms;
            const double p95After = edge(sim, after, caller, "productcatalogservice").latency.p95Ms;
            QVERIFY2(p95After > p95Before + 150.0,
                     qPrintable(
                         QStringLiteral("%1: %2 -> %3").arg(caller).arg(p95Before).arg(p95After)));
        }
        // ...and the edges into its callers.
        for (auto [from, to] : {std::pair{"istio-ingressgateway", "frontend"},
                                std::pair{"frontend", "recommendationservice"}}) {
            const double p95Before = edge(sim, before, from, to).latency.p95Ms;
            const double p95After = edge(sim, after, from, to).latency.p95Ms;
            QVERIFY2(
                p95After > p95Before + 150.0,
                qPrintable(
                    QStringLiteral("%1->%2: %3 -> %4").arg(from, to).arg(p95Before).arg(p95After)));
        }
        // A service that does not call it is unaffected.
        const double adBefore = edge(sim, before, "frontend", "adservice").latency.p95Ms;
        const double adAfter = edge(sim, after, "frontend", "adservice").latency.p95Ms;
        QVERIFY(std::abs(adAfter - adBefore) < 0.3 * adBefore);
    }

    void edgeFaultAffectsOnlyThatEdgeAndUpstream()
    {
        MeshSimulator sim = shop();
        const TelemetrySample before = sim.sample();
        FaultSpec f = fault(sim, FaultSpec::Kind::Latency, "productcatalogservice");
        f.caller = node(sim, "recommendationservice");
        f.latencyMs = 300;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(kSettle);
        const TelemetrySample after = sim.sample();
        const auto p95 = [&](const TelemetrySample &s, const char *from, const char *to) {
            return edge(sim, s, from, to).latency.p95Ms;
        };
        QVERIFY(p95(after, "recommendationservice", "productcatalogservice") >
                p95(before, "recommendationservice", "productcatalogservice") + 250);
        // The frontend's route to it has a 250 ms timeout: it waits no longer, it gets 504s.
        const EdgeSample front = edge(sim, after, "frontend", "recommendationservice");
        QVERIFY(front.latency.p95Ms <= 250.0);
        QVERIFY2(front.rateTimeout > 0.5 * front.requestRate,
                 qPrintable(QString::number(front.rateTimeout / front.requestRate)));
        // Other callers of the same service see nothing.
        for (const char *caller : {"frontend", "checkoutservice"}) {
            const double b = p95(before, caller, "productcatalogservice");
            const double a = p95(after, caller, "productcatalogservice");
            QVERIFY2(std::abs(a - b) < 0.3 * b,
                     qPrintable(QStringLiteral("%1: %2 -> %3").arg(caller).arg(b).arg(a)));
        }
    }

    void killedReplicasFailThenRecover()
    {
        MeshSimulator sim = shop();
        FaultSpec f = fault(sim, FaultSpec::Kind::KillReplicas, "cartservice", 20000);
        f.replicas = 2;
        f.restartDelaySeconds = 30;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(15000);
        TelemetrySample s = sim.sample(10000);
        QCOMPARE(nodeSample(sim, s, "cartservice")->replicasReady, 0);
        const EdgeSample down = edge(sim, s, "frontend", "cartservice");
        // Envoy's own "no healthy upstream": gRPC UNAVAILABLE over HTTP 200, not "no response".
        QVERIFY2(down.rateGrpcError > 0.95 * down.requestRate,
                 qPrintable(QString::number(down.rateGrpcError / down.requestRate)));
        QCOMPARE(down.rateNoResponse, 0.0);
        QCOMPARE(down.rate5xx, 0.0);
        // Nothing reaches the dead service, so it makes no calls of its own.
        QCOMPARE(edge(sim, s, "cartservice", "redis-cart").tcpOpenedRate, 0.0);
        const EdgeSample entry = edge(sim, s, "istio-ingressgateway", "frontend");
        QVERIFY(entry.rate5xx > 0.2 * entry.requestRate);
        QVERIFY(entry.rate5xx < 0.95 * entry.requestRate);

        // Still down after the fault ended: the pods take their restart delay.
        sim.advance(20000); // t = 35 s
        QVERIFY(sim.activeFaults().empty());
        QCOMPARE(nodeSample(sim, sim.sample(), "cartservice")->replicasReady, 0);
        sim.advance(15000 + kSettle); // t = 50 s + window: ready again and a clean window
        s = sim.sample();
        QCOMPARE(nodeSample(sim, s, "cartservice")->replicasReady, 2);
        QCOMPARE(edge(sim, s, "frontend", "cartservice").rateGrpcError, 0.0);
        QVERIFY(edge(sim, s, "istio-ingressgateway", "frontend").errorRatio() < 0.01);
    }

    void partialKillRaisesLoadOnTheRest()
    {
        MeshSimulator sim = shop();
        const double before =
            edge(sim, sim.sample(), "istio-ingressgateway", "frontend").latency.p95Ms;
        FaultSpec f = fault(sim, FaultSpec::Kind::KillReplicas, "frontend");
        f.replicas = 2; // of 3: one replica left for ~150 req/s
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(kSettle);
        const TelemetrySample s = sim.sample();
        QCOMPARE(nodeSample(sim, s, "frontend")->replicasReady, 1);
        const EdgeSample entry = edge(sim, s, "istio-ingressgateway", "frontend");
        QVERIFY2(entry.latency.p95Ms > 1.5 * before || entry.rate5xx > 0.01 * entry.requestRate,
                 qPrintable(QStringLiteral("p95 %1 -> %2, 5xx %3")
                                .arg(before)
                                .arg(entry.latency.p95Ms)
                                .arg(entry.rate5xx)));
    }

    void loadBeyondCapacityRaisesLatencyAndErrors_data()
    {
        QTest::addColumn<double>("capacity"); // req/s per replica of the single "api" replica
        QTest::addColumn<bool>("overloaded");
        QTest::newRow("ample capacity") << 1000.0 << false;
        QTest::newRow("twice the load it can take") << 60.0 << true;
    }
    void loadBeyondCapacityRaisesLatencyAndErrors()
    {
        QFETCH(double, capacity);
        QFETCH(bool, overloaded);
        MeshSpec spec = tinyMesh(capacity);
        spec.services[1].baseLatencyMs = 5; // the latency bounds below are set from it
        MeshSimulator sim(spec, 1, utc(12));
        const EdgeSample e = sim.sample().edges.front();
        QCOMPARE(e.requestRate > 100.0, true);
        if (overloaded) {
            QVERIFY2(e.rate5xx > 0.1 * e.requestRate,
                     qPrintable(QString::number(e.rate5xx / e.requestRate)));
            QVERIFY2(e.latency.p99Ms > 50.0,
                     qPrintable(QString::number(e.latency.p99Ms))); // queueing
            QCOMPARE(e.rateNoResponse, 0.0); // the service answers 503 itself: no Envoy flag
        } else {
            QVERIFY(e.rate5xx == 0.0);
            QVERIFY(e.latency.p99Ms < 25.0);
        }
    }

    void dnsFailureFailsEveryCallerFast()
    {
        MeshSimulator sim = shop();
        QVERIFY(sim.injectFault(fault(sim, FaultSpec::Kind::DnsFailure, "currencyservice")).ok());
        sim.advance(kSettle);
        const TelemetrySample s = sim.sample();
        for (const char *caller : {"frontend", "checkoutservice"}) {
            const EdgeSample e = edge(sim, s, caller, "currencyservice");
            QVERIFY(e.requestRate > 0.0);
            QVERIFY2(std::abs(e.rateNoResponse - e.requestRate) < 1e-3 * e.requestRate, caller);
            QVERIFY(e.latency.p95Ms <= 5.0); // fails fast
        }
        const EdgeSample entry = edge(sim, s, "istio-ingressgateway", "frontend");
        QVERIFY2(entry.errorRatio() > 0.2 && entry.errorRatio() < 0.95,
                 qPrintable(QString::number(entry.errorRatio())));
        // A client-side failure: response code 0 (Kiali's "-"), flag DF, and the callee's
        // sidecar saw none of it.
        const int e = callIndex(sim, "frontend", "currencyservice");
        QVERIFY(sim.counters()[size_t(e)].requests[size_t(MeshSimulator::Outcome::DnsFailure)] >
                0.0);
        const CallModel::Labels l =
            CallModel::labels(MeshSimulator::Outcome::DnsFailure, Protocol::Grpc);
        QCOMPARE(QString::fromLatin1(l.flags), QStringLiteral("DF"));
        QCOMPARE(l.responseCode, 0);
        QCOMPARE(edge(sim, s, "frontend", "currencyservice").serverRequestRate, 0.0);
    }

    void faultExpiresAfterItsDuration()
    {
        MeshSimulator sim = shop();
        const double before =
            edge(sim, sim.sample(), "checkoutservice", "cartservice").latency.p95Ms;
        FaultSpec f = fault(sim, FaultSpec::Kind::Latency, "cartservice", 30000);
        f.latencyMs = 400;
        const int id = sim.injectFault(f).value();
        QCOMPARE(int(sim.activeFaults().size()), 1);
        QCOMPARE(sim.activeFaults().front().first, id);
        sim.advance(25000);
        QVERIFY(edge(sim, sim.sample(20000), "checkoutservice", "cartservice").latency.p95Ms >
                before + 300);
        sim.advance(5000);
        QVERIFY(sim.activeFaults().empty());
        QVERIFY(!sim.clearFault(id));
        sim.advance(kSettle);
        const double after =
            edge(sim, sim.sample(), "checkoutservice", "cartservice").latency.p95Ms;
        QVERIFY2(std::abs(after - before) < 0.3 * before,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    }

    void clearedFaultStopsActing()
    {
        MeshSimulator sim = shop();
        FaultSpec f = fault(sim, FaultSpec::Kind::DnsFailure, "adservice");
        const int id = sim.injectFault(f).value();
        sim.advance(10000);
        QVERIFY(edge(sim, sim.sample(10000), "frontend", "adservice").rateNoResponse > 0.0);
        QVERIFY(sim.clearFault(id));
        QVERIFY(sim.activeFaults().empty());
        sim.advance(kSettle);
        QCOMPARE(edge(sim, sim.sample(), "frontend", "adservice").rateNoResponse, 0.0);
    }

    void scheduledFaultWaitsForItsStart()
    {
        MeshSimulator sim = shop();
        FaultSpec f = fault(sim, FaultSpec::Kind::DnsFailure, "adservice", 60000);
        f.startMs = sim.nowMs() + 90000;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(80000);
        QCOMPARE(edge(sim, sim.sample(), "frontend", "adservice").rateNoResponse, 0.0);
        sim.advance(30000);
        QVERIFY(edge(sim, sim.sample(), "frontend", "adservice").rateNoResponse > 0.0);

        // A scheduled fault cleared before its start never acts and is gone at once.
        const qint64 later = sim.nowMs() + 30000;
        FaultSpec g = fault(sim, FaultSpec::Kind::DnsFailure, "cartservice", 60000);
        g.startMs = later;
        const int id = sim.injectFault(g).value();
        QVERIFY(sim.clearFault(id));
        QCOMPARE(int(sim.activeFaults().size()), 1);
        sim.advance(60000);
        QCOMPARE(edge(sim, sim.sample(), "frontend", "cartservice").rateNoResponse, 0.0);
    }

    void packetLossRaisesLatencyAndRetries()
    {
        // 5 % loss: a third of the requests lose a packet and wait a retransmission timeout;
        // the connections it resets are retried by Envoy (a reset attempt never reached the
        // callee's sidecar), so almost none fail.
        MeshSimulator sim = shop();
        const EdgeSample before = edge(sim, sim.sample(), "checkoutservice", "cartservice");
        QVERIFY(before.serverRequestRate <= before.requestRate * 1.0001);
        FaultSpec f = fault(sim, FaultSpec::Kind::PacketLoss, "cartservice");
        f.lossRatio = 0.05;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(kSettle);
        const EdgeSample after = edge(sim, sim.sample(), "checkoutservice", "cartservice");
        QVERIFY2(after.latency.p95Ms > before.latency.p95Ms + 150,
                 qPrintable(QString::number(after.latency.p95Ms)));
        QVERIFY2(after.errorRatio() < 0.01, qPrintable(QString::number(after.errorRatio())));
        QVERIFY2(after.serverRequestRate <= after.requestRate * 1.0001,
                 qPrintable(QString::number(after.serverRequestRate / after.requestRate)));
    }

    void packetLossOnATcpServiceFailsConnections()
    {
        MeshSimulator sim = shop();
        const EdgeSample before = edge(sim, sim.sample(), "cartservice", "redis-cart");
        QCOMPARE(before.tcpFailedRate, 0.0);
        FaultSpec f = fault(sim, FaultSpec::Kind::PacketLoss, "redis-cart");
        f.lossRatio = 0.3;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(kSettle);
        const EdgeSample after = edge(sim, sim.sample(), "cartservice", "redis-cart");
        // Connection units on the TCP edge, never requests.
        QVERIFY(after.tcpFailedRate > 0.0);
        QVERIFY(after.tcpOpenedRate > 2 * before.tcpOpenedRate); // reconnects after resets
        QCOMPARE(after.requestRate, 0.0);
        QCOMPARE(after.rateNoResponse, 0.0);
    }

    void invalidFaultsAreRejected_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("caller");
        QTest::addColumn<double>("number");
        QTest::addColumn<qint64>("duration");
        QTest::addColumn<QString>("expected");
        const int latency = int(FaultSpec::Kind::Latency);
        const int loss = int(FaultSpec::Kind::PacketLoss);
        const int kill = int(FaultSpec::Kind::KillReplicas);
        const int dns = int(FaultSpec::Kind::DnsFailure);
        QTest::newRow("unknown service") << dns << "nosuch"
                                         << "" << 0.0 << qint64(1000) << "no such service";
        QTest::newRow("unknown caller") << latency << "cartservice"
                                        << "nosuch" << 10.0 << qint64(1000) << "unknown caller";
        QTest::newRow("caller does not call")
            << latency << "cartservice"
            << "adservice" << 10.0 << qint64(1000) << "does not call";
        QTest::newRow("caller on kill") << kill << "cartservice"
                                        << "frontend" << 1.0 << qint64(1000) << "caller can only";
        QTest::newRow("zero duration") << dns << "cartservice"
                                       << "" << 0.0 << qint64(0) << "duration";
        QTest::newRow("negative latency") << latency << "cartservice"
                                          << "" << -5.0 << qint64(1000) << "latency";
        QTest::newRow("no latency") << latency << "cartservice"
                                    << "" << 0.0 << qint64(1000) << "> 0 ms";
        QTest::newRow("nan latency") << latency << "cartservice"
                                     << "" << double(NAN) << qint64(1000) << "latency";
        QTest::newRow("zero loss") << loss << "cartservice"
                                   << "" << 0.0 << qint64(1000) << "loss ratio";
        QTest::newRow("loss above 1") << loss << "cartservice"
                                      << "" << 1.5 << qint64(1000) << "loss ratio";
        QTest::newRow("kill none") << kill << "cartservice"
                                   << "" << 0.0 << qint64(1000) << "replicas must be 1..2";
        QTest::newRow("kill too many") << kill << "cartservice"
                                       << "" << 3.0 << qint64(1000) << "replicas must be 1..2";
    }
    void invalidFaultsAreRejected()
    {
        QFETCH(int, kind);
        QFETCH(QString, service);
        QFETCH(QString, caller);
        QFETCH(double, number);
        QFETCH(qint64, duration);
        QFETCH(QString, expected);
        MeshSimulator sim = shop();
        FaultSpec f;
        f.kind = FaultSpec::Kind(kind);
        f.service = NodeId(QStringLiteral("demo"), QStringLiteral("shop"), service);
        if (!caller.isEmpty())
            f.caller = NodeId(QStringLiteral("demo"), QStringLiteral("shop"), caller);
        f.latencyMs = number;
        f.lossRatio = number;
        f.replicas = int(number);
        f.durationMs = duration;
        const auto r = sim.injectFault(f);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(expected), qPrintable(r.error()));
        QVERIFY2(r.error().contains(service), qPrintable(r.error()));
        QVERIFY(sim.activeFaults().empty());
    }

    void externalServicesCannotBeKilled()
    {
        MeshSimulator sim(loadDemoMesh(QStringLiteral("tickets"), 1).value(), 1, utc(12));
        FaultSpec f = fault(sim, FaultSpec::Kind::KillReplicas, "paygateway.example.com");
        const auto r = sim.injectFault(f);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(QLatin1String("no replicas")), qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestMeshSimulatorFaults)
#include "tst_meshsimulatorfaults.moc"
