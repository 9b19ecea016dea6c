// The JSON snapshot's telemetry fields: evidence per call and alerts per service survive a
// write and a read (the window's "open snapshot" and `meshscope diff` read them back).

#include "core/alerts/alertsnapshot.h"
#include "core/io/jsonsnapshot.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QBuffer>
#include <QTest>

using namespace meshscope::core;
using meshscope::Result;
using meshscope::testing::svc;

namespace {

NodeSample node(const QString &name)
{
    return NodeSample{svc(name), NodeKind::Service, QStringLiteral("v1"), 1, 1, {}};
}

EdgeSample call(const QString &from, const QString &to, std::uint8_t evidence, double traceCalls)
{
    EdgeSample e;
    e.source = svc(from);
    e.destination = svc(to);
    e.requestRate = evidence & EdgeSample::FromMesh ? 10.0 : traceCalls / 3600.0;
    e.evidence = evidence;
    e.traceCallCount = traceCalls;
    return e;
}

// frontend -> orders (both), orders -> payments (traces only), frontend -> cart (mesh only).
TopologyPtr topology()
{
    TelemetrySample s;
    s.timestampMs = 1714566600000;
    s.sourceName = QStringLiteral("prometheus+jaeger");
    for (const char *n : {"frontend", "orders", "payments", "cart"})
        s.nodes.push_back(node(QLatin1String(n)));
    s.edges = {
        call(QStringLiteral("frontend"), QStringLiteral("orders"),
             EdgeSample::FromMesh | EdgeSample::FromTraces, 420.0),
        call(QStringLiteral("orders"), QStringLiteral("payments"), EdgeSample::FromTraces, 36.0),
        call(QStringLiteral("frontend"), QStringLiteral("cart"), EdgeSample::FromMesh, 0.0)};
    TopologyBuilder builder;
    return builder.build(s);
}

Alert alert(const QString &name, const QString &service)
{
    Alert a;
    a.name = name;
    a.severity = QStringLiteral("critical");
    a.summary = name + QStringLiteral(" on ") + service;
    a.labels = {{QStringLiteral("alertname"), name},
                {QStringLiteral("service"), service},
                {QStringLiteral("namespace"), QStringLiteral("default")}};
    a.startsAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 5), Qt::UTC);
    a.fingerprint = QStringLiteral("fp-") + name;
    a.generatorUrl = QStringLiteral("http://prometheus:9090/graph?g0.expr=up");
    return a;
}

// orders: one firing and one silenced alert; payments: one inhibited; one namespace-wide alert
// on no node (not written: the JSON has alerts per node only).
AlertSnapshot alerts()
{
    AlertSnapshot s;
    s.alerts.push_back(alert(QStringLiteral("HighErrorRate"), QStringLiteral("orders")));
    Alert silenced = alert(QStringLiteral("SlowResponses"), QStringLiteral("orders"));
    silenced.state = Alert::State::Suppressed;
    silenced.silencedBy = {QStringLiteral("6b1f0c3e-silence")};
    s.alerts.push_back(silenced);
    Alert inhibited = alert(QStringLiteral("PaymentsLatency"), QStringLiteral("payments"));
    inhibited.severity = QStringLiteral("warning");
    inhibited.state = Alert::State::Suppressed;
    inhibited.inhibitedBy = {QStringLiteral("fp-NamespaceDown")};
    s.alerts.push_back(inhibited);
    s.alerts.push_back(alert(QStringLiteral("NamespaceDown"), QString()));
    s.byNode.insert(svc(QStringLiteral("orders")), {0, 1});
    s.byNode.insert(svc(QStringLiteral("payments")), {2});
    return s;
}

Result<LoadedSnapshot> roundTrip(const SnapshotView &view)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (const Result<void> w = writeJson(view, buffer); !w)
        return Result<LoadedSnapshot>::failure(w.error());
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    return readJson(buffer);
}

Result<LoadedSnapshot> read(const QByteArray &json)
{
    QBuffer buffer;
    buffer.setData(json);
    buffer.open(QIODevice::ReadOnly);
    return readJson(buffer);
}

const EdgeSample &edge(const Topology &t, const QString &from, const QString &to)
{
    return t.edges()[size_t(t.edgeIndex(svc(from), svc(to)))].metrics;
}

} // namespace

class TestJsonSnapshot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void evidenceRoundTrip()
    {
        const TopologyPtr t = topology();
        SnapshotView view;
        view.topology = t.get();
        view.evidence = true;
        const Result<LoadedSnapshot> loaded = roundTrip(view);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QVERIFY(loaded->evidence);
        const Topology &out = *loaded->topology;
        const EdgeSample &both = edge(out, QStringLiteral("frontend"), QStringLiteral("orders"));
        QCOMPARE(int(both.evidence), int(EdgeSample::FromMesh | EdgeSample::FromTraces));
        QCOMPARE(both.traceCallCount, 420.0);
        const EdgeSample &traces = edge(out, QStringLiteral("orders"), QStringLiteral("payments"));
        QCOMPARE(int(traces.evidence), int(EdgeSample::FromTraces));
        QCOMPARE(traces.traceCallCount, 36.0);
        const EdgeSample &mesh = edge(out, QStringLiteral("frontend"), QStringLiteral("cart"));
        QCOMPARE(int(mesh.evidence), int(EdgeSample::FromMesh));
        QCOMPARE(mesh.traceCallCount, 0.0);
        QVERIFY(!loaded->alerts);
    }

    void withoutEvidenceEverythingIsMesh()
    {
        const TopologyPtr t = topology();
        SnapshotView view;
        view.topology = t.get();
        const Result<LoadedSnapshot> loaded = roundTrip(view);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QVERIFY(!loaded->evidence);
        for (const TopologyEdge &e : loaded->topology->edges())
            QCOMPARE(int(e.metrics.evidence), int(EdgeSample::FromMesh));
    }

    void alertsRoundTrip()
    {
        const TopologyPtr t = topology();
        const AlertSnapshot in = alerts();
        SnapshotView view;
        view.topology = t.get();
        view.alerts = &in;
        const Result<LoadedSnapshot> loaded = roundTrip(view);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QVERIFY(loaded->alerts);
        const AlertSnapshot &out = *loaded->alerts;
        // What the badge and the status bar read.
        QCOMPARE(out.firingCountOf(svc(QStringLiteral("orders"))), 1);
        QCOMPARE(out.mutedCountOf(svc(QStringLiteral("orders"))), 1);
        QCOMPARE(out.firingCountOf(svc(QStringLiteral("payments"))), 0);
        QCOMPARE(out.mutedCountOf(svc(QStringLiteral("payments"))), 1);
        QCOMPARE(out.alertsOf(svc(QStringLiteral("frontend"))).size(), size_t(0));
        QCOMPARE(out.firingCount(), 1); // the node-less alert is not in a per-node file
        // Every field of every alert, in the node's order.
        for (const QString &service : {QStringLiteral("orders"), QStringLiteral("payments")}) {
            const std::vector<Alert> a = in.alertsOf(svc(service));
            const std::vector<Alert> b = out.alertsOf(svc(service));
            QCOMPARE(b.size(), a.size());
            for (size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(b[i].name, a[i].name);
                QCOMPARE(b[i].severity, a[i].severity);
                QCOMPARE(b[i].summary, a[i].summary);
                QCOMPARE(b[i].labels, a[i].labels);
                QVERIFY(b[i].state == a[i].state);
                QCOMPARE(b[i].silencedBy, a[i].silencedBy);
                QCOMPARE(b[i].inhibitedBy, a[i].inhibitedBy);
                QCOMPARE(b[i].startsAt, a[i].startsAt);
                QCOMPARE(b[i].fingerprint, a[i].fingerprint);
                QCOMPARE(b[i].generatorUrl, a[i].generatorUrl);
            }
        }
    }

    // A file from before silencedBy/inhibitedBy were written still reads its alerts as muted.
    void olderAlertFieldsReadMuted()
    {
        const Result<LoadedSnapshot> loaded =
            read(R"({"format":"meshscope-snapshot","version":2,"nodes":[{"id":"c/n/a","alerts":[)"
                 R"({"name":"A","state":"silenced","firing":false},)"
                 R"({"name":"B","state":"inhibited","firing":false},)"
                 R"({"name":"C","state":"active","firing":true}]}],"edges":[]})");
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        const NodeId a = NodeId::fromKey(QStringLiteral("c/n/a"));
        QCOMPARE(loaded->alerts->firingCountOf(a), 1);
        QCOMPARE(loaded->alerts->mutedCountOf(a), 2);
        const std::vector<Alert> list = loaded->alerts->alertsOf(a);
        QVERIFY(list[0].silenced());
        QVERIFY(list[1].inhibited());
    }

    void badFieldsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QByteArray head =
            R"({"format":"meshscope-snapshot","version":2,"nodes":[{"id":"c/n/a"},{"id":"c/n/b")";
        QTest::newRow("evidence word") << head + R"(}],"edges":[{"source":"c/n/a","target":)"
                                                 R"("c/n/b","evidence":"gossip"}]})"
                                       << "edges[0].evidence: expected mesh, traces or both";
        QTest::newRow("traceCalls text")
            << head + R"(}],"edges":[{"source":"c/n/a","target":)"
                      R"("c/n/b","evidence":"both","traceCalls":"x"}]})"
            << "edges[0].traceCalls: expected a number or null";
        QTest::newRow("alerts not array") << head + R"(,"alerts":{}}],"edges":[]})"
                                          << "nodes[1].alerts: expected an array";
        QTest::newRow("alert state") << head + R"(,"alerts":[{"name":"X","state":"loud"}]}],)"
                                               R"("edges":[]})"
                                     << "nodes[1].alerts[0].state: expected active";
        QTest::newRow("alert without name") << head + R"(,"alerts":[{"state":"active"}]}],)"
                                                      R"("edges":[]})"
                                            << "nodes[1].alerts[0].name: expected a string";
        QTest::newRow("silencedBy numbers")
            << head + R"(,"alerts":[{"name":"X","state":"silenced","silencedBy":[1]}]}],)"
                      R"("edges":[]})"
            << "nodes[1].alerts[0].silencedBy: expected an array of strings";
    }
    void badFieldsAreNamed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const Result<LoadedSnapshot> r = read(json);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(message), qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestJsonSnapshot)
#include "tst_jsonsnapshot.moc"
