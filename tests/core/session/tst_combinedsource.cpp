#include "core/session/combinedsource.h"
#include "core/session/refreshengine.h"
#include "tests/servers/jaegertestserver.h"
#include "tests/servers/misbehavingserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <memory>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

namespace {

// A mesh source the test controls: frontend -> cart in namespace shop, cluster c1.
class FakeMesh : public TelemetrySource
{
public:
    QString name() const override { return QStringLiteral("fake:mesh"); }
    Result<TelemetrySample> fetch() override
    {
        if (!failure.isEmpty())
            return Error{failure};
        TelemetrySample s;
        s.timestampMs = 1'000;
        s.sourceName = name();
        EdgeSample e;
        e.source = NodeId("c1", "shop", "frontend");
        e.destination = NodeId("c1", "shop", "cart");
        e.requestRate = 10.0;
        s.edges.push_back(e);
        return s;
    }
    QString failure;
};

std::shared_ptr<JaegerSource> jaegerAt(const QUrl &url)
{
    JaegerEndpoint endpoint;
    endpoint.baseUrl = url;
    endpoint.http.connectTimeoutMs = 2'000;
    endpoint.http.totalTimeoutMs = 5'000;
    return std::make_shared<JaegerSource>(std::make_shared<JaegerClient>(endpoint),
                                          JaegerSource::Options{});
}

QByteArray alertsBody()
{
    return R"([{"labels":{"alertname":"CartDown","severity":"critical","namespace":"shop",)"
           R"("service":"cart"},"annotations":{"summary":"cart is down"},)"
           R"("startsAt":"2026-11-30T01:00:00.000Z","fingerprint":"f1",)"
           R"("status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},)"
           R"({"labels":{"alertname":"CartSlow","severity":"warning","service":"cart"},)"
           R"("startsAt":"2026-11-30T01:00:00.000Z","fingerprint":"f2",)"
           R"("status":{"state":"suppressed","silencedBy":["s1"],"inhibitedBy":[]}}])";
}

} // namespace

// One refresh from a mesh, Jaeger and Alertmanager: trace-only calls join the mesh's graph on
// the mesh's own nodes, alerts land on nodes, and a side backend's failure is a warning (the
// graph from the others stays current) while the graph's own source failing is an error.
class TstCombinedSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void traceNamesMeetMeshNodes()
    {
        TelemetrySample mesh;
        EdgeSample m;
        m.source = NodeId("c1", "shop", "frontend");
        m.destination = NodeId("c1", "shop", "cart");
        mesh.edges.push_back(m);
        JaegerSource names(std::make_shared<JaegerClient>(JaegerEndpoint{}), {});
        // "frontend" (no namespace) and "cart.shop" (Istio's naming) are the mesh's nodes;
        // "payments" is new and keeps the default namespace; two names of one node add up.
        const TelemetrySample traces = names.sampleFrom(
            {{"frontend", "cart.shop", 5}, {"frontend.shop", "cart", 2}, {"cart", "payments", 3}},
            1'000);
        const TelemetrySample aligned = CombinedSource::alignTraceNodes(traces, mesh);
        QCOMPARE(aligned.edges.size(), size_t(2));
        QCOMPARE(aligned.edges[0].source, m.source);
        QCOMPARE(aligned.edges[0].destination, m.destination);
        QCOMPARE(aligned.edges[0].traceCallCount, 7.0);
        QCOMPARE(aligned.edges[1].source, m.destination);
        QCOMPARE(aligned.edges[1].destination, NodeId("", "default", "payments"));
    }

    void mergesTracesAndPlacesAlerts()
    {
        JaegerTestServer jaeger;
        jaeger.addDependencies(
            QJsonArray{QJsonObject{{"parent", "frontend"}, {"child", "cart"}, {"callCount", 5}},
                       QJsonObject{{"parent", "cart"}, {"child", "payments"}, {"callCount", 3}}},
            QDateTime::currentMSecsSinceEpoch() - 60'000);
        MisbehavingServer alertmanager;
        std::atomic<bool> alertsBroken{false};
        alertmanager.setRoute("/api/v2/alerts", [&](const MisbehavingServer::Request &) {
            if (alertsBroken)
                return MisbehavingServer::Reply{503, "text/plain", {}, "unavailable", false};
            return MisbehavingServer::Reply{200, "application/json", {}, alertsBody(), false};
        });
        auto mesh = std::make_shared<FakeMesh>();
        CombinedSource::Parts parts;
        parts.mesh = mesh;
        parts.traces = jaegerAt(jaeger.url());
        parts.alerts = std::make_shared<AlertmanagerClient>(
            AlertmanagerEndpoint{alertmanager.url(QStringLiteral("/")), {}});
        auto source = std::make_shared<CombinedSource>(parts);
        QCOMPARE(source->name(), QStringLiteral("fake:mesh + jaeger"));

        RefreshEngine engine(source);
        RefreshRequest request;
        request.analytics = false;
        auto result = engine.refresh(request);
        QVERIFY2(result.ok(), qPrintable(result.error()));
        QVERIFY(result->warnings.isEmpty());
        const Topology &t = *result->topology;
        QCOMPARE(t.edgeCount(), 2);
        const NodeId frontend("c1", "shop", "frontend");
        const NodeId cart("c1", "shop", "cart");
        const int both = t.edgeIndex(frontend, cart);
        QVERIFY(both >= 0);
        QCOMPARE(int(t.edges()[size_t(both)].metrics.evidence),
                 int(EdgeSample::FromMesh | EdgeSample::FromTraces));
        QCOMPARE(t.edges()[size_t(both)].metrics.requestRate, 10.0); // the mesh's figures win
        const int tracesOnly = t.edgeIndex(cart, NodeId("", "default", "payments"));
        QVERIFY(tracesOnly >= 0);
        QCOMPARE(int(t.edges()[size_t(tracesOnly)].metrics.evidence), int(EdgeSample::FromTraces));

        QVERIFY(result->alerts);
        QCOMPARE(result->alerts->firingCount(), 1);
        QCOMPARE(result->alerts->firingCountOf(cart), 1);
        QCOMPARE(result->alerts->mutedCountOf(cart), 1);
        QCOMPARE(result->alerts->firingCountOf(frontend), 0);
        QCOMPARE(result->alerts->toJson(cart).size(), 2);

        // Alertmanager fails: a warning naming it; its last alerts stay on the graph.
        alertsBroken = true;
        result = engine.refresh(request);
        QVERIFY2(result.ok(), qPrintable(result.error()));
        QCOMPARE(result->warnings.size(), 1);
        QVERIFY2(result->warnings.first().startsWith(QLatin1String("Alertmanager: ")) &&
                     result->warnings.first().contains(QLatin1String("503")),
                 qPrintable(result->warnings.first()));
        QCOMPARE(result->alerts->firingCountOf(cart), 1);
        QVERIFY(!result->alerts->error.isEmpty());
        alertsBroken = false;

        // Jaeger goes away: the mesh's graph alone, and a warning naming Jaeger's address.
        parts.traces = jaegerAt(QUrl(QStringLiteral("http://127.0.0.1:1")));
        RefreshEngine alone(std::make_shared<CombinedSource>(parts));
        result = alone.refresh(request);
        QVERIFY2(result.ok(), qPrintable(result.error()));
        QCOMPARE(result->topology->edgeCount(), 1);
        QCOMPARE(int(result->topology->edges()[0].metrics.evidence), int(EdgeSample::FromMesh));
        QCOMPARE(result->warnings.size(), 1);
        QVERIFY2(result->warnings.first().startsWith(QLatin1String("Jaeger: ")) &&
                     result->warnings.first().contains(QLatin1String("127.0.0.1:1")),
                 qPrintable(result->warnings.first()));

        // The mesh fails: the refresh fails (the session keeps the last graph, stale).
        mesh->failure = QStringLiteral("HTTP 502 from http://prometheus:9090");
        QVERIFY(!engine.refresh(request).ok());
    }

    void jaegerAloneIsTheGraph()
    {
        JaegerTestServer jaeger;
        jaeger.addDependencies(
            QJsonArray{QJsonObject{{"parent", "frontend"}, {"child", "cart"}, {"callCount", 5}}},
            QDateTime::currentMSecsSinceEpoch() - 60'000);
        CombinedSource::Parts parts;
        parts.traces = jaegerAt(jaeger.url());
        CombinedSource source(parts);
        auto sample = source.fetch();
        QVERIFY2(sample.ok(), qPrintable(sample.error()));
        QCOMPARE(sample->edges.size(), size_t(1));
        QCOMPARE(int(sample->edges[0].evidence), int(EdgeSample::FromTraces));

        CombinedSource::Parts deadParts;
        deadParts.traces = jaegerAt(QUrl(QStringLiteral("http://127.0.0.1:1")));
        CombinedSource dead(deadParts);
        auto failed = dead.fetch();
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().startsWith(QLatin1String("Jaeger: ")), qPrintable(failed.error()));
    }
};

QTEST_GUILESS_MAIN(TstCombinedSource)
#include "tst_combinedsource.moc"
