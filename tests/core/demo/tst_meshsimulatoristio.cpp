// The demo simulator behaves like Istio (issue 7 item 8): route timeouts, Envoy's retries, gRPC
// outcomes, client-side DNS failures, TCP counters, the destination reporter's view, and the
// flaky-by-design label. Each test asserts what an SRE reading the mesh's metrics would see.

#include "core/demo/meshsimulator.h"
#include "tests/testsupport/simfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::testing::sim::demo;
using meshscope::testing::sim::edge;
using meshscope::testing::sim::node;
using meshscope::testing::sim::serviceIndex;
using meshscope::testing::sim::tinyMesh;
using meshscope::testing::sim::utc;

namespace {

constexpr qint64 kSettle = 70000; // more than one full rate window

const MeshSimulator::EdgeCounters &counters(const MeshSimulator &sim, const char *from,
                                            const char *to)
{
    const int a = serviceIndex(sim, from);
    const int b = serviceIndex(sim, to);
    for (size_t e = 0; e < sim.spec().calls.size(); ++e)
        if (sim.spec().calls[e].from == a && sim.spec().calls[e].to == b)
            return sim.counters()[e];
    static const MeshSimulator::EdgeCounters none;
    return none;
}

FaultSpec fault(const MeshSimulator &sim, FaultSpec::Kind kind, const char *service)
{
    return meshscope::testing::sim::fault(sim, kind, service, 10 * 60 * 1000);
}

// The two-service mesh after a full rate window: its rates and ratios have settled.
MeshSimulator tiny(double capacity, int retries)
{
    MeshSimulator sim(tinyMesh(capacity, retries), 1, utc(12));
    sim.advance(kSettle);
    return sim;
}

} // namespace

class TestMeshSimulatorIstio : public QObject
{
    Q_OBJECT

private slots:
    void latencyBeyondTheRouteTimeoutBecomes504s()
    {
        // +400 ms on productcatalogservice; the frontend's route to it times out at 250 ms.
        MeshSimulator sim = demo();
        const double entryBefore =
            edge(sim, sim.sample(), "istio-ingressgateway", "frontend").latency.p95Ms;
        FaultSpec f = fault(sim, FaultSpec::Kind::Latency, "productcatalogservice");
        f.latencyMs = 400;
        QVERIFY(sim.injectFault(f).ok());
        sim.advance(kSettle);
        const TelemetrySample s = sim.sample();
        const EdgeSample front = edge(sim, s, "frontend", "productcatalogservice");
        QVERIFY2(front.rateTimeout > 0.95 * front.requestRate,
                 qPrintable(QString::number(front.rateTimeout / front.requestRate)));
        // gRPC: Envoy's 504 is UNAVAILABLE over HTTP 200, so a gRPC error, never a 5xx.
        QCOMPARE(front.rate5xx, 0.0);
        QVERIFY(front.rateGrpcError >= front.rateTimeout);
        QVERIFY(front.latency.p95Ms <= 250.0);
        // The page fails fast instead of taking seconds: the gateway's p95 stays far below
        // the 2.4 s a route without a timeout gives, and its 5xx show the failure.
        const EdgeSample entry = edge(sim, s, "istio-ingressgateway", "frontend");
        QVERIFY2(entry.latency.p95Ms < 1000.0 && entry.latency.p95Ms > entryBefore,
                 qPrintable(QString::number(entry.latency.p95Ms)));
        QVERIFY(entry.rate5xx > 0.5 * entry.requestRate);
        // checkoutservice's route has no timeout: it waits the 400 ms.
        QVERIFY(edge(sim, s, "checkoutservice", "productcatalogservice").latency.p95Ms > 400.0);
        QCOMPARE(edge(sim, s, "checkoutservice", "productcatalogservice").rateTimeout, 0.0);
        // The callee's sidecar saw the requests, reset by the caller (code 0, DC) and its own
        // time is unchanged: the delay is on the network, outside it.
        const MeshSimulator::EdgeCounters &k = counters(sim, "frontend", "productcatalogservice");
        QVERIFY(k.requests[size_t(CallOutcome::Timeout)] > 0.0);
        QVERIFY(k.serverRequests[size_t(ServerOutcome::Cancelled)] > 0.0);
        QVERIFY(front.serverLatency.p95Ms < 50.0);
        const CallModel::Labels ut = CallModel::labels(CallOutcome::Timeout, Protocol::Http);
        QCOMPARE(ut.responseCode, 504);
        QCOMPARE(QString::fromLatin1(ut.flags), QStringLiteral("UT"));
    }

    void retriesLoadTheCalleeAndEndInUrx_data()
    {
        QTest::addColumn<int>("retries");
        QTest::newRow("Istio's default: 2 retries") << 2;
        QTest::newRow("no retry policy") << 0;
    }
    void retriesLoadTheCalleeAndEndInUrx()
    {
        // ~125 req/s into a service that takes 100: it rejects the excess with 503.
        QFETCH(int, retries);
        const MeshSimulator sim = tiny(100.0, retries);
        const EdgeSample e = sim.sample().edges.front();
        const MeshSimulator::EdgeCounters &k = sim.counters().front();
        QVERIFY(e.rate5xx > 0.0);
        if (retries > 0) {
            // Envoy retries the 503s: the callee's sidecar counts more attempts than the caller
            // made requests, and what still fails after the last retry carries URX.
            QVERIFY2(e.serverRequestRate > 1.1 * e.requestRate,
                     qPrintable(QString::number(e.serverRequestRate / e.requestRate)));
            QVERIFY(k.requests[size_t(CallOutcome::RetriesExhausted)] > 0.0);
            QCOMPARE(k.requests[size_t(CallOutcome::Overloaded)], 0.0);
            QVERIFY(k.serverRequests[size_t(ServerOutcome::Overloaded)] >
                    k.requests[size_t(CallOutcome::RetriesExhausted)]);
        } else {
            QVERIFY(std::abs(e.serverRequestRate - e.requestRate) < 1e-6 * e.requestRate);
            QCOMPARE(k.requests[size_t(CallOutcome::RetriesExhausted)], 0.0);
            QVERIFY(k.requests[size_t(CallOutcome::Overloaded)] > 0.0);
        }
    }

    void grpcErrorsAreGrpcStatusesNeverHttp5xx()
    {
        MeshSimulator sim = demo();
        FaultSpec grpc = fault(sim, FaultSpec::Kind::Errors, "cartservice");
        grpc.errorRatio = 0.2;
        QVERIFY(sim.injectFault(grpc).ok());
        sim.advance(kSettle);
        const TelemetrySample s = sim.sample();
        const EdgeSample cart = edge(sim, s, "frontend", "cartservice");
        QCOMPARE(cart.rate5xx, 0.0);
        const double ratio = cart.rateGrpcError / cart.requestRate;
        QVERIFY2(ratio > 0.17 && ratio < 0.23, qPrintable(QString::number(ratio)));
        // The HTTP frontend turns a share of them into its own 500s.
        const EdgeSample entry = edge(sim, s, "istio-ingressgateway", "frontend");
        QVERIFY(entry.rate5xx > 0.05 * entry.requestRate);
        QCOMPARE(entry.rateGrpcError, 0.0);
        // Labels: HTTP 200 with grpc-status 13 on gRPC, 500 on HTTP.
        const CallModel::Labels g = CallModel::labels(CallOutcome::ServerError, Protocol::Grpc);
        QCOMPARE(g.responseCode, 200);
        QCOMPARE(g.grpcStatus, 13);
        const CallModel::Labels uh =
            CallModel::labels(CallOutcome::NoHealthyUpstream, Protocol::Grpc);
        QCOMPARE(uh.responseCode, 200);
        QCOMPARE(uh.grpcStatus, 14);
        QCOMPARE(CallModel::labels(CallOutcome::ServerError, Protocol::Http).responseCode, 500);
    }

    void dnsFailureNeverReachesTheCallee()
    {
        MeshSimulator sim = demo();
        FaultSpec dns = fault(sim, FaultSpec::Kind::DnsFailure, "currencyservice");
        dns.dnsFailureRatio = 0.15;
        QVERIFY(sim.injectFault(dns).ok());
        sim.advance(kSettle);
        const EdgeSample e = edge(sim, sim.sample(), "frontend", "currencyservice");
        const double share = e.rateNoResponse / e.requestRate;
        QVERIFY2(share > 0.12 && share < 0.18, qPrintable(QString::number(share)));
        QCOMPARE(e.rateGrpcError, 0.0); // code 0 is Kiali's "-", not a gRPC status
        // The callee's sidecar saw only the lookups that worked.
        const double seen = e.serverRequestRate / e.requestRate;
        QVERIFY2(std::abs(seen - (1.0 - share)) < 0.01, qPrintable(QString::number(seen)));
    }

    void tcpCountersOnlyOnTcpEdges_data()
    {
        QTest::addColumn<QString>("mesh");
        QTest::newRow("shop") << QStringLiteral("shop");
        QTest::newRow("tickets") << QStringLiteral("tickets");
    }
    void tcpCountersOnlyOnTcpEdges()
    {
        QFETCH(QString, mesh);
        MeshSimulator sim(loadDemoMesh(mesh, 1).value(), 1, utc(12));
        for (const EdgeSample &e : sim.sample().edges) {
            const QString what = e.source.name() + QLatin1String(" -> ") + e.destination.name();
            if (e.protocol == Protocol::Tcp) {
                QVERIFY2(e.tcpOpenedRate > 0.0 && e.bytesSentRate > 0.0, qPrintable(what));
                QCOMPARE(e.requestRate, 0.0);
                QVERIFY(std::isnan(e.serverRequestRate));
            } else {
                QVERIFY2(e.tcpOpenedRate == 0.0 && e.tcpClosedRate == 0.0 &&
                             e.bytesSentRate == 0.0 && e.bytesReceivedRate == 0.0,
                         qPrintable(what));
                QVERIFY2(e.requestRate > 0.0, qPrintable(what));
            }
        }
    }

    void destinationViewAlongsideTheSource()
    {
        MeshSimulator sim = demo("tickets");
        const TelemetrySample s = sim.sample();
        const EdgeSample inside = edge(sim, s, "ts-ui-dashboard", "ts-travel");
        QVERIFY(std::abs(inside.serverRequestRate - inside.requestRate) <
                0.001 * inside.requestRate);
        QCOMPARE(inside.mtlsShare, 1.0);
        // The server's own time is shorter than what the caller waited.
        QVERIFY(inside.serverLatency.p50Ms <= inside.latency.p50Ms);
        QVERIFY(inside.serverLatency.p95Ms > 0.0);
        // The payment gateway is outside the mesh: no destination reporter, no mTLS policy.
        const EdgeSample external = edge(sim, s, "ts-payment", "paygateway.example.com");
        QVERIFY(external.requestRate > 0.0);
        QVERIFY(std::isnan(external.serverRequestRate));
        QVERIFY(std::isnan(external.mtlsShare));
    }

    void flakyByDesignServicesAreLabelled_data()
    {
        QTest::addColumn<QString>("mesh");
        QTest::addColumn<QString>("flaky");
        QTest::newRow("shop") << QStringLiteral("shop") << QStringLiteral("paymentservice");
        QTest::newRow("tickets") << QStringLiteral("tickets")
                                 << QStringLiteral("paygateway.example.com");
        QTest::newRow("generated:1000") << QStringLiteral("generated:1000") << QString();
    }
    void flakyByDesignServicesAreLabelled()
    {
        QFETCH(QString, mesh);
        QFETCH(QString, flaky);
        MeshSimulator sim(loadDemoMesh(mesh, 7).value(), 7, utc(12));
        int labelled = 0;
        for (const NodeSample &n : sim.sample().nodes) {
            const QString value = n.labels.value(QString::fromLatin1(kDemoFlakyLabel));
            if (value.isEmpty())
                continue;
            QCOMPARE(value, QStringLiteral("true"));
            ++labelled;
            const ServiceSpec &s = sim.spec().services[size_t(sim.serviceIndex(n.id))];
            QVERIFY2(s.baseErrorRatio > 0.0, qPrintable(s.name)); // occasional errors, real
            QVERIFY2(s.baseErrorRatio < 0.01, qPrintable(s.name));
        }
        QVERIFY(labelled >= 1);
        QVERIFY(labelled <= int(sim.spec().services.size()) / 20 + 2); // a few, not many
        if (!flaky.isEmpty())
            QVERIFY(sim.spec().services[size_t(serviceIndex(sim, qPrintable(flaky)))].flaky);
    }
};

QTEST_GUILESS_MAIN(TestMeshSimulatorIstio)
#include "tst_meshsimulatoristio.moc"
