// The demo mesh exposed as Istio's sidecars would be after a Prometheus scrape (IstioExporter):
// the families, labels and reporters a real Prometheus reads from meshscope-sim, checked by
// promtool. Faults as each reporter sees them: tst_istioexporter_faults.

#include "core/demo/demomeshes.h"
#include "core/demo/istioexporter.h"
#include "core/demo/meshsimulator.h"
#include "tests/testsupport/istioexposition.h"

#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <set>

using namespace meshscope::core;
using namespace meshscope::testing::istio;

namespace {

const QStringList kIstioLabels = {
    QStringLiteral("reporter"),
    QStringLiteral("source_workload"),
    QStringLiteral("source_workload_namespace"),
    QStringLiteral("source_canonical_service"),
    QStringLiteral("source_cluster"),
    QStringLiteral("destination_service"),
    QStringLiteral("destination_service_name"),
    QStringLiteral("destination_service_namespace"),
    QStringLiteral("destination_workload"),
    QStringLiteral("destination_workload_namespace"),
    QStringLiteral("destination_canonical_service"),
    QStringLiteral("destination_cluster"),
    QStringLiteral("request_protocol"),
    QStringLiteral("response_flags"),
    QStringLiteral("connection_security_policy"),
};

} // namespace

// The demo mesh exposed as Istio's sidecars would be after a Prometheus scrape: what a real
// Prometheus (and so Meshscope's Prometheus source) reads from meshscope-sim.
class TstIstioExporter : public QObject
{
    Q_OBJECT

private slots:
    void families_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QStringList>("labels");
        QStringList requestLabels = kIstioLabels;
        requestLabels << QStringLiteral("response_code") << QStringLiteral("grpc_response_status");
        QStringList bucketLabels = requestLabels;
        bucketLabels << QStringLiteral("le");
        const QString hist = QStringLiteral("istio_request_duration_milliseconds");
        const QString counter = QStringLiteral("counter");
        QTest::newRow("requests") << "istio_requests_total"
                                  << "istio_requests_total" << counter << requestLabels;
        QTest::newRow("buckets") << hist + "_bucket" << hist << "histogram" << bucketLabels;
        QTest::newRow("sum") << hist + "_sum" << hist << "histogram" << requestLabels;
        QTest::newRow("count") << hist + "_count" << hist << "histogram" << requestLabels;
        for (const char *tcp :
             {"istio_tcp_connections_opened_total", "istio_tcp_connections_closed_total",
              "istio_tcp_sent_bytes_total", "istio_tcp_received_bytes_total"})
            QTest::newRow(tcp) << tcp << tcp << counter << kIstioLabels;
        const QStringList kube = {QStringLiteral("namespace"), QStringLiteral("deployment")};
        QTest::newRow("replicas") << "kube_deployment_status_replicas"
                                  << "kube_deployment_status_replicas"
                                  << "gauge" << kube;
        QTest::newRow("available") << "kube_deployment_status_replicas_available"
                                   << "kube_deployment_status_replicas_available"
                                   << "gauge" << kube;
    }

    void families()
    {
        QFETCH(QString, name);
        QFETCH(QString, family);
        QFETCH(QString, type);
        QFETCH(QStringList, labels);
        Shop shop;
        shop.sim.advance(60'000);
        const Exposition e = shop.now();
        QVERIFY2(e.errors.isEmpty(), qPrintable(e.errors.join('\n')));
        QCOMPARE(e.types.value(family), type);
        const auto samples = e.family(name);
        QVERIFY2(!samples.empty(), qPrintable(name));
        for (const Sample &s : samples)
            for (const QString &l : labels)
                QVERIFY2(s.labels.contains(l), qPrintable(s.key() + " lacks " + l));
    }

    void everyCallFromBothReporters()
    {
        Shop shop;
        shop.sim.advance(30'000);
        const Exposition e = shop.now();
        using Pair = std::pair<QString, QString>;
        std::set<Pair> expected, source, destination;
        const MeshSpec &spec = shop.sim.spec();
        for (const CallSpec &c : spec.calls)
            expected.insert({spec.services[size_t(c.from)].name, spec.services[size_t(c.to)].name});
        const QStringList families = {QStringLiteral("istio_requests_total"),
                                      QStringLiteral("istio_tcp_sent_bytes_total")};
        for (const QString &f : families) {
            for (const Sample &s : e.family(f)) {
                const Pair p{s.labels["source_workload"], s.labels["destination_service_name"]};
                const bool fromSource = s.labels["reporter"] == QLatin1String("source");
                (fromSource ? source : destination).insert(p);
                // The client's proxy cannot know the server's TLS policy; shop is all mTLS.
                QCOMPARE(s.labels["connection_security_policy"],
                         fromSource ? QStringLiteral("unknown") : QStringLiteral("mutual_tls"));
                QCOMPARE(s.labels["destination_service"],
                         s.labels["destination_service_name"] + "." +
                             s.labels["destination_service_namespace"] + ".svc.cluster.local");
                QCOMPARE(s.labels["source_cluster"], QStringLiteral("demo"));
            }
        }
        QCOMPARE(source, expected);
        QCOMPARE(destination, expected);
        // gRPC calls: HTTP/2 status 200 with the gRPC status; HTTP calls: no gRPC status.
        for (const Sample &s : e.family(QStringLiteral("istio_requests_total"))) {
            const bool grpc = s.labels["request_protocol"] == QLatin1String("grpc");
            QCOMPARE(s.labels["grpc_response_status"].isEmpty(), !grpc);
            if (s.labels["destination_service_name"] == QLatin1String("frontend"))
                QCOMPARE(s.labels["request_protocol"], QStringLiteral("http"));
            if (s.labels["destination_service_name"] == QLatin1String("cartservice"))
                QVERIFY(grpc);
        }
    }

    void countersOnlyGrow()
    {
        Shop shop;
        shop.sim.advance(10'000);
        const Exposition before = shop.now();
        shop.sim.advance(30'000);
        const Exposition after = shop.now();
        int grew = 0;
        for (const Sample &s : before.samples) {
            if (s.name.startsWith(QLatin1String("kube_")))
                continue; // gauges
            QVERIFY2(after.byKey.contains(s.key()), qPrintable("vanished: " + s.key()));
            const double later = after.byKey.value(s.key());
            QVERIFY2(
                later >= s.value,
                qPrintable(
                    QStringLiteral("%1 went from %2 to %3").arg(s.key()).arg(s.value).arg(later)));
            grew += later > s.value;
        }
        // Every series of the success traffic moved in 30 s of a living mesh.
        QVERIFY2(grew > int(before.samples.size()) / 2, qPrintable(QString::number(grew)));
    }

    void bucketsAreCumulativeAndEndInInfEqualToCount()
    {
        Shop shop;
        shop.sim.advance(45'000);
        const Exposition e = shop.now();
        QMap<QString, std::vector<std::pair<double, double>>> buckets; // series -> (le, value)
        for (Sample s : e.family(QStringLiteral("istio_request_duration_milliseconds_bucket"))) {
            const QString le = s.labels.take(QStringLiteral("le"));
            s.name = QStringLiteral("istio_request_duration_milliseconds_count");
            buckets[s.key()].push_back(
                {le == QLatin1String("+Inf") ? qInf() : le.toDouble(), s.value});
        }
        QVERIFY(!buckets.isEmpty());
        for (auto it = buckets.begin(); it != buckets.end(); ++it) {
            const auto &b = it.value();
            QCOMPARE(int(b.size()), 20); // Istio's 19 bounds and +Inf
            for (size_t i = 1; i < b.size(); ++i) {
                QVERIFY(b[i].first > b[i - 1].first);
                QVERIFY2(b[i].second >= b[i - 1].second, qPrintable(it.key()));
            }
            QVERIFY(std::isinf(b.back().first));
            QVERIFY2(e.byKey.contains(it.key()), qPrintable("no _count for " + it.key()));
            QCOMPARE(b.back().second, e.byKey.value(it.key()));
            QVERIFY(b.back().second > 0);
        }
    }

    void externalServicesHaveNoDestinationReporter()
    {
        // tickets calls a payment gateway outside the mesh: only the caller's sidecar reports,
        // and it speaks plain TLS-less HTTP to it.
        MeshSimulator sim(loadDemoMesh(QStringLiteral("tickets"), 3).value(), 3, kStart);
        IstioExporter exporter(sim.spec());
        sim.advance(20'000);
        const Exposition e = parse(exporter.format(sim));
        QVERIFY2(e.errors.isEmpty(), qPrintable(e.errors.join('\n')));
        int external = 0;
        for (const Sample &s : e.family(QStringLiteral("istio_requests_total"))) {
            if (s.labels["destination_service_name"] != QLatin1String("paygateway.example.com"))
                continue;
            ++external;
            QCOMPARE(s.labels["reporter"], QStringLiteral("source"));
            QCOMPARE(s.labels["destination_service"], QStringLiteral("paygateway.example.com"));
            QCOMPARE(s.labels["destination_workload"], QStringLiteral("unknown"));
        }
        QVERIFY(external > 0);
    }

    void promtoolAcceptsTheOutput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        Shop shop;
        shop.sim.advance(60'000);
        QTest::newRow("shop") << shop.exporter.format(shop.sim) << true;
        MeshSimulator tickets(loadDemoMesh(QStringLiteral("tickets"), 3).value(), 3, kStart);
        QTest::newRow("tickets") << IstioExporter(tickets.spec()).format(tickets) << true;
        // Proves promtool really reads what it is given.
        QTest::newRow("broken") << QByteArray("# TYPE x counter\nx{a=\"1\" 1\n") << false;
    }

    void promtoolAcceptsTheOutput()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        QVERIFY2(!promtool.isEmpty(), "promtool not found: install the Debian package prometheus");
        QProcess p;
        p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(p.waitForStarted());
        p.write(text);
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60'000));
        const QString output =
            QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        // Istio's own histogram is in milliseconds, which promtool's naming lint (exit 3)
        // always flags, on real Istio output too. Anything else is a problem.
        QStringList problems = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        problems.removeAll(QStringLiteral(
            "istio_request_duration_milliseconds use base unit \"seconds\" instead of "
            "\"milliseconds\""));
        if (valid) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
            QVERIFY2(p.exitCode() == 0 || p.exitCode() == 3, qPrintable(output));
        } else {
            QVERIFY2(!problems.isEmpty() && p.exitCode() != 0, qPrintable(output));
        }
    }
};

QTEST_GUILESS_MAIN(TstIstioExporter)
#include "tst_istioexporter.moc"
