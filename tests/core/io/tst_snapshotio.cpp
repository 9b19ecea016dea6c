// Snapshots written as JSON and read back (the file `meshscope diff` and the compare dialog
// open): every field makes the round trip, unknown values are null, bad files are refused with
// the field named. DOT, GraphML and files by extension: tst_snapshotio_formats.

#include "core/io/snapshotio.h"
#include "tests/testsupport/snapshotfixture.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::Result;
using meshscope::testing::svc;
using namespace meshscope::testing::snapshot;

namespace {

Result<LoadedSnapshot> readBack(const QByteArray &json)
{
    QBuffer buffer;
    buffer.setData(json);
    buffer.open(QIODevice::ReadOnly);
    return readJson(buffer);
}

bool sameNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

class TestSnapshotIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonRoundTrip()
    {
        const Fixture f = fixture();
        const QByteArray json = written(&writeJson, f.view());
        QVERIFY(!json.isEmpty());
        const Result<LoadedSnapshot> loaded = readBack(json);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        const Topology &in = *f.topology;
        const Topology &out = *loaded->topology;
        QCOMPARE(loaded->sourceName, QStringLiteral("demo:shop"));
        QCOMPARE(loaded->generation, in.generation());
        QCOMPARE(loaded->timestampMs, in.timestampMs());
        QCOMPARE(out.timestampMs(), in.timestampMs());
        QCOMPARE(loaded->generatedAt, f.view().generatedAt);
        QCOMPARE(out.nodeCount(), in.nodeCount());
        QCOMPARE(out.edgeCount(), in.edgeCount());
        QCOMPARE(loaded->scores.generation, out.generation());
        for (int i = 0; i < in.nodeCount(); ++i) {
            const TopologyNode &a = in.nodes()[size_t(i)];
            const int j = out.nodeIndex(a.id);
            QVERIFY2(j >= 0, qPrintable(a.id.key()));
            const TopologyNode &b = out.nodes()[size_t(j)];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.ns, a.ns);
            QVERIFY(b.kind == a.kind);
            QCOMPARE(b.version, a.version);
            QCOMPARE(b.replicasDesired, a.replicasDesired);
            QCOMPARE(b.replicasReady, a.replicasReady);
            QCOMPARE(b.idle, a.idle);
            QVERIFY(sameNumber(b.inRate, a.inRate));
            QVERIFY(sameNumber(b.errorRatio, a.errorRatio));
            const HealthVerdict &va = f.scores.nodes[size_t(i)];
            const HealthVerdict &vb = loaded->scores.nodes[size_t(j)];
            QCOMPARE(vb.score, va.score);
            QVERIFY(vb.band == va.band);
            QVERIFY(vb.driver == va.driver);
            QCOMPARE(vb.reason, va.reason);
            QCOMPARE(vb.factors.connectivity, va.factors.connectivity);
            QCOMPARE(vb.factors.stability, va.factors.stability);
            QVERIFY(std::isnan(vb.factors.protocol));
        }
        QVERIFY(
            out.nodes()[size_t(out.nodeIndex(svc(QStringLiteral("legacy"), QStringLiteral("old"))))]
                .idle);
        for (int e = 0; e < in.edgeCount(); ++e) {
            const TopologyEdge &a = in.edges()[size_t(e)];
            const int k =
                out.edgeIndex(in.nodes()[size_t(a.source)].id, in.nodes()[size_t(a.target)].id);
            QVERIFY(k >= 0);
            const EdgeSample &ma = a.metrics;
            const EdgeSample &mb = out.edges()[size_t(k)].metrics;
            QVERIFY(mb.protocol == ma.protocol);
            QCOMPARE(mb.requestRate, ma.requestRate);
            QCOMPARE(mb.rate4xx, ma.rate4xx);
            QCOMPARE(mb.rate5xx, ma.rate5xx);
            QCOMPARE(mb.rateGrpcError, ma.rateGrpcError);
            QVERIFY(sameNumber(mb.latency.p50Ms, ma.latency.p50Ms));
            QVERIFY(sameNumber(mb.latency.p95Ms, ma.latency.p95Ms));
            QVERIFY(sameNumber(mb.latency.p99Ms, ma.latency.p99Ms));
            QVERIFY(sameNumber(mb.mtlsShare, ma.mtlsShare));
            QCOMPARE(mb.tcpOpenedRate, ma.tcpOpenedRate);
            QVERIFY(
                sameNumber(loaded->scores.edges[size_t(k)].score, f.scores.edges[size_t(e)].score));
            QVERIFY(loaded->scores.edges[size_t(k)].band == f.scores.edges[size_t(e)].band);
        }
        QCOMPARE(loaded->positions, f.positions);
        QCOMPARE(loaded->pinned, f.pinned);
    }

    void nanBecomesNull()
    {
        const Fixture f = fixture();
        const QByteArray json = written(&writeJson, f.view());
        QVERIFY(!json.contains("nan"));
        QVERIFY(!json.contains("inf"));
        const QJsonObject root = QJsonDocument::fromJson(json).object();
        QCOMPARE(root.value(QLatin1String("format")).toString(),
                 QStringLiteral("meshscope-snapshot"));
        QCOMPARE(root.value(QLatin1String("version")).toInt(), 2);
        QCOMPARE(root.value(QLatin1String("generatedAt")).toString(),
                 QStringLiteral("2024-05-01T12:30:15.250Z"));
        QJsonObject cartEdge;
        for (const QJsonValue &e : root.value(QLatin1String("edges")).toArray()) {
            if (e.toObject()
                    .value(QLatin1String("target"))
                    .toString()
                    .endsWith(QLatin1String("/cart")))
                cartEdge = e.toObject();
        }
        QVERIFY(!cartEdge.isEmpty());
        QVERIFY(cartEdge.value(QLatin1String("errorRatio")).isNull());
        QVERIFY(cartEdge.value(QLatin1String("latency"))
                    .toObject()
                    .value(QLatin1String("p95Ms"))
                    .isNull());
        QVERIFY(cartEdge.value(QLatin1String("health"))
                    .toObject()
                    .value(QLatin1String("score"))
                    .isNull());
        QCOMPARE(cartEdge.value(QLatin1String("rps")).toDouble(), 0.0);
        const QJsonObject gateway = root.value(QLatin1String("nodes")).toArray().at(0).toObject();
        QCOMPARE(gateway.value(QLatin1String("rps")).toDouble(), 120.5); // gateways: outbound
        QCOMPARE(gateway.value(QLatin1String("health"))
                     .toObject()
                     .value(QLatin1String("band"))
                     .toString(),
                 QStringLiteral("healthy"));

        // Without scores or positions: null health and position, never invented values.
        SnapshotView bare;
        bare.topology = f.topology.get();
        const QJsonObject bareRoot = QJsonDocument::fromJson(written(&writeJson, bare)).object();
        const QJsonObject first = bareRoot.value(QLatin1String("nodes")).toArray().at(0).toObject();
        QVERIFY(first.value(QLatin1String("health")).isNull());
        QVERIFY(first.value(QLatin1String("position")).isNull());
        QCOMPARE(first.value(QLatin1String("pinned")).toBool(), false);
    }

    // The reason leaves as data: a code a script can match and the figures, no sentence.
    void reasonIsWrittenAsCodeAndNumbers()
    {
        const Fixture f = fixture();
        const QJsonObject root = QJsonDocument::fromJson(written(&writeJson, f.view())).object();
        QJsonObject tolerance;
        for (const QJsonValue &n : root.value(QLatin1String("nodes")).toArray()) {
            const QJsonObject reason = n.toObject()
                                           .value(QLatin1String("health"))
                                           .toObject()
                                           .value(QLatin1String("reason"))
                                           .toObject();
            if (reason.value(QLatin1String("code")).toString() == QLatin1String("errorTolerance"))
                tolerance = reason;
        }
        QCOMPARE(tolerance.value(QLatin1String("errorClass")).toString(), QStringLiteral("grpc"));
        QCOMPARE(tolerance.value(QLatin1String("value")).toDouble(), 12.5);
        QCOMPARE(tolerance.value(QLatin1String("threshold")).toDouble(), 10.0);
        QCOMPARE(tolerance.value(QLatin1String("level")).toString(), QStringLiteral("failing"));
        QVERIFY(!tolerance.contains(QLatin1String("baseline"))); // not a field of this code
    }

    // Files of version 1 (reasons as English sentences) still open; the sentence is dropped.
    void readsVersion1WithoutReasons()
    {
        const Result<LoadedSnapshot> r = readBack(
            R"({"format":"meshscope-snapshot","version":1,"nodes":[{"id":"c/n/a","health":)"
            R"({"score":42,"band":"failing","reason":"5xx 12.0 % ≥ failing tolerance 10 %"}}],)"
            R"("edges":[]})");
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->scores.nodes.at(0).score, 42.0);
        QVERIFY(r->scores.nodes.at(0).reason.code == ReasonCode::None);
    }

    void readJsonErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QByteArray head = R"({"format":"meshscope-snapshot","version":1,)";
        QTest::newRow("not json") << QByteArray("{\"format\":") << "not valid JSON";
        QTest::newRow("other format")
            << QByteArray(R"({"format":"x","version":1})") << "not a Meshscope snapshot";
        QTest::newRow("future version")
            << QByteArray(R"({"format":"meshscope-snapshot","version":3})")
            << "unsupported snapshot version 3";
        QTest::newRow("unknown reason code")
            << QByteArray(
                   R"({"format":"meshscope-snapshot","version":2,"nodes":[{"id":"c/n/a",)"
                   R"("health":{"band":"failing","reason":{"code":"gremlins"}}}],"edges":[]})")
            << "nodes[0].health.reason.code: unknown reason code";
        QTest::newRow("sentence as a reason in version 2")
            << QByteArray(R"({"format":"meshscope-snapshot","version":2,"nodes":[{"id":"c/n/a",)"
                          R"("health":{"band":"failing","reason":"5xx 12 %"}}],"edges":[]})")
            << "nodes[0].health.reason: expected an object or null";
        QTest::newRow("nodes not array") << head + R"("nodes":{},"edges":[]})"
                                         << "\"nodes\" and \"edges\" must be arrays";
        QTest::newRow("node without id")
            << head + R"("nodes":[{"id":"c/n/a"},{"name":"b"}],"edges":[]})"
            << "nodes[1].id: expected a string";
        QTest::newRow("id not a key") << head + R"("nodes":[{"id":"just-a-name"}],"edges":[]})"
                                      << "nodes[0].id: expected \"cluster/namespace/name\"";
        QTest::newRow("bad band")
            << head + R"("nodes":[{"id":"c/n/a","health":{"band":"green"}}],"edges":[]})"
            << "nodes[0].health.band: expected noData";
        QTest::newRow("rps not a number")
            << head + R"("nodes":[],"edges":[{"source":"c/n/a","target":"c/n/b","rps":"9"}]})"
            << "edges[0].rps: expected a number or null";
    }
    void readJsonErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const Result<LoadedSnapshot> r = readBack(json);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(message), qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotIo)
#include "tst_snapshotio.moc"
