// Faults in the demo mesh as Istio's sidecars would report them (IstioExporter): each reporter
// shows what its own proxy saw (local failures only at the caller, timeouts and resets at both
// ends), and killed replicas show as unavailable. The exposition's shape: tst_istioexporter.

#include "core/demo/istioexporter.h"
#include "core/demo/meshsimulator.h"
#include "tests/testsupport/istioexposition.h"

#include <QTest>

using namespace meshscope::core;
using namespace meshscope::testing::istio;

class TstIstioExporterFaults : public QObject
{
    Q_OBJECT

private slots:
    void localFailuresAreSeenOnlyByTheCaller()
    {
        // A DNS failure of cartservice fails calls in the callers before any request leaves
        // them (response code 0, flag DF, no gRPC status): the callee's sidecar never sees them.
        Shop shop;
        FaultSpec dns;
        dns.kind = FaultSpec::Kind::DnsFailure;
        dns.service = shop.id("cartservice");
        dns.durationMs = 60'000;
        QVERIFY(shop.sim.injectFault(dns).ok());
        shop.sim.advance(30'000);
        const Exposition e = shop.now();
        int sourceDf = 0, destinationDf = 0;
        for (const Sample &s : e.family(QStringLiteral("istio_requests_total"))) {
            if (s.labels["response_flags"] != QLatin1String("DF"))
                continue;
            QCOMPARE(s.labels["destination_service_name"], QStringLiteral("cartservice"));
            QCOMPARE(s.labels["response_code"], QStringLiteral("0"));
            QCOMPARE(s.labels["grpc_response_status"], QString());
            (s.labels["reporter"] == QLatin1String("source") ? sourceDf : destinationDf) += 1;
        }
        QCOMPARE(sourceDf, 2); // frontend and checkoutservice call it
        QCOMPARE(destinationDf, 0);
    }

    void eachReporterShowsWhatItsProxySaw()
    {
        // +400 ms on productcatalogservice; the frontend's route times out at 250 ms. The
        // frontend's sidecar reports UT (gRPC: HTTP 200, status 14); the catalogue's reports
        // the same requests as reset by the caller (code 0, DC), and only it knows the policy.
        Shop shop;
        FaultSpec slow;
        slow.kind = FaultSpec::Kind::Latency;
        slow.service = shop.id("productcatalogservice");
        slow.latencyMs = 400;
        slow.durationMs = 120'000;
        QVERIFY(shop.sim.injectFault(slow).ok());
        shop.sim.advance(60'000);
        const Exposition e = shop.now();
        double ut = 0, dc = 0;
        for (const Sample &s : e.family(QStringLiteral("istio_requests_total"))) {
            if (s.labels["source_workload"] != QLatin1String("frontend") ||
                s.labels["destination_service_name"] != QLatin1String("productcatalogservice"))
                continue;
            const bool source = s.labels["reporter"] == QLatin1String("source");
            QCOMPARE(s.labels["connection_security_policy"],
                     source ? QStringLiteral("unknown") : QStringLiteral("mutual_tls"));
            if (s.labels["response_flags"] == QLatin1String("UT")) {
                QVERIFY(source);
                QCOMPARE(s.labels["response_code"], QStringLiteral("200"));
                QCOMPARE(s.labels["grpc_response_status"], QStringLiteral("14"));
                ut += s.value;
            }
            if (s.labels["response_flags"] == QLatin1String("DC")) {
                QVERIFY(!source);
                QCOMPARE(s.labels["response_code"], QStringLiteral("0"));
                dc += s.value;
            }
            QVERIFY2(!s.labels["response_code"].startsWith(QLatin1Char('5')),
                     "a gRPC edge never shows a 5xx");
        }
        QVERIFY(ut > 0.0);
        QCOMPARE(dc, ut); // the same requests, seen from both ends
        // The callee's histogram is its own time: almost all of it under 50 ms, while the
        // caller waited up to its timeout.
        const auto below50 = [&](const char *reporter) {
            QString key = QStringLiteral("istio_request_duration_milliseconds_bucket");
            double under = 0, all = 0;
            for (const Sample &s : e.family(key)) {
                if (s.labels["reporter"] != QLatin1String(reporter) ||
                    s.labels["source_workload"] != QLatin1String("frontend") ||
                    s.labels["destination_service_name"] != QLatin1String("productcatalogservice"))
                    continue;
                if (s.labels["le"] == QLatin1String("50"))
                    under = s.value;
                if (s.labels["le"] == QLatin1String("+Inf"))
                    all = s.value;
            }
            return all > 0 ? under / all : -1.0;
        };
        QVERIFY2(below50("destination") > 0.9, qPrintable(QString::number(below50("destination"))));
        QVERIFY2(below50("source") < 0.8, qPrintable(QString::number(below50("source"))));
    }

    void killedReplicasShowAsUnavailable()
    {
        Shop shop;
        const QString available = QStringLiteral("kube_deployment_status_replicas_available");
        const QString key = available + "|deployment=frontend|namespace=shop";
        QCOMPARE(shop.now().byKey.value(key, -1), 3.0);
        FaultSpec kill;
        kill.kind = FaultSpec::Kind::KillReplicas;
        kill.service = shop.id("frontend");
        kill.replicas = 2;
        QVERIFY(shop.sim.injectFault(kill).ok());
        shop.sim.advance(10'000);
        const Exposition e = shop.now();
        QCOMPARE(e.byKey.value(key, -1), 1.0);
        QCOMPARE(
            e.byKey.value("kube_deployment_status_replicas|deployment=frontend|namespace=shop", -1),
            3.0);
        // The gateway is a Deployment too; nothing else of the mesh is missing.
        QCOMPARE(int(e.family(available).size()), int(shop.sim.spec().services.size()));
    }
};

QTEST_GUILESS_MAIN(TstIstioExporterFaults)
#include "tst_istioexporter_faults.moc"
