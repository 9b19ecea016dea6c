#include "core/io/snapshotio.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

using namespace meshscope::core;
using meshscope::Result;
using meshscope::testing::svc;

namespace {

// A name with every character the formats must escape: quote, backslash-free but dotted and
// dashed, XML specials.
const QString kOddName = QStringLiteral("pay\"ments.v2-<&>");

struct Fixture
{
    TopologyPtr topology;
    HealthScores scores;
    Positions positions;
    NodeIdSet pinned;

    SnapshotView view() const
    {
        SnapshotView v;
        v.topology = topology.get();
        v.scores = &scores;
        v.positions = &positions;
        v.pinned = &pinned;
        v.generatedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);
        return v;
    }
};

// gateway -> frontend -> payments (odd name) and frontend -> cart (no latency known), plus an
// idle node "legacy" seen one refresh earlier.
Fixture fixture()
{
    TopologyBuilder builder;
    TelemetrySample earlier;
    earlier.nodes.push_back(NodeSample{svc(QStringLiteral("legacy"), QStringLiteral("old")),
                                       NodeKind::Database,
                                       QStringLiteral("v0"),
                                       1,
                                       0,
                                       {}});
    (void)builder.build(earlier);

    TelemetrySample s;
    s.timestampMs = 1714566600000;
    s.sourceName = QStringLiteral("demo:shop");
    s.nodes.push_back(NodeSample{
        svc(QStringLiteral("gateway")), NodeKind::Gateway, QStringLiteral("v1"), 2, 2, {}});
    s.nodes.push_back(NodeSample{
        svc(QStringLiteral("frontend")), NodeKind::Service, QStringLiteral("v3"), 3, 2, {}});
    s.nodes.push_back(
        NodeSample{svc(kOddName), NodeKind::Service, QStringLiteral("v2"), -1, -1, {}});
    EdgeSample a;
    a.source = svc(QStringLiteral("gateway"));
    a.destination = svc(QStringLiteral("frontend"));
    a.requestRate = 120.5;
    a.rate4xx = 1.25;
    a.rate5xx = 0.5;
    a.latency = LatencyQuantiles{4.0, 18.5, 40.25};
    a.mtlsShare = 1.0;
    a.tcpOpenedRate = 2.0;
    EdgeSample b;
    b.source = svc(QStringLiteral("frontend"));
    b.destination = svc(kOddName);
    b.protocol = Protocol::Grpc;
    b.requestRate = 30.0;
    b.rateGrpcError = 3.0;
    b.latency = LatencyQuantiles{10.0, 55.0, 99.0};
    EdgeSample c;
    c.source = svc(QStringLiteral("frontend"));
    c.destination = svc(QStringLiteral("cart"));
    c.requestRate = 0.0; // no traffic: error ratio and latency unknown (NaN)
    s.edges = {a, b, c};

    Fixture f;
    f.topology = builder.build(s);
    f.scores.generation = f.topology->generation();
    for (int i = 0; i < f.topology->nodeCount(); ++i) {
        HealthVerdict v;
        v.score = 90.0 - 10.0 * i;
        v.band = i == 0 ? HealthBand::Healthy : HealthBand::Degraded;
        v.factors = FactorScores{95.0, 80.0 + i, kNaN};
        v.driver = HealthFactor::Stability;
        // Each node a different kind of reason, so that every field makes the round trip.
        if (i % 3 == 0) {
            v.reason.code = ReasonCode::LatencyShift;
            v.reason.value = 250.0 + i;
            v.reason.baseline = 120.0;
            v.reason.sigma = 6.5;
            v.reason.samples = 30;
        } else if (i % 3 == 1) {
            v.reason.code = ReasonCode::ErrorTolerance;
            v.reason.errorClass = ErrorClass::GrpcError;
            v.reason.value = 12.5;
            v.reason.threshold = 10.0;
            v.reason.level = HealthBand::Failing;
        } else {
            v.reason.code = ReasonCode::Replicas;
            v.reason.ready = 1;
            v.reason.desired = 3;
        }
        f.scores.nodes.push_back(v);
    }
    for (int e = 0; e < f.topology->edgeCount(); ++e) {
        HealthVerdict v;
        v.score = e == 2 ? kNaN : 70.0 + e;
        v.band = e == 2 ? HealthBand::NoData : HealthBand::Failing;
        v.driver = HealthFactor::Protocol;
        f.scores.edges.push_back(v);
    }
    f.positions.insert(svc(QStringLiteral("gateway")), QPointF(0.0, 0.0));
    f.positions.insert(svc(QStringLiteral("frontend")), QPointF(120.5, -40.0));
    f.positions.insert(svc(kOddName), QPointF(240.0, 80.25));
    f.pinned.insert(svc(QStringLiteral("frontend")));
    return f;
}

QByteArray written(Result<void> (*writer)(const SnapshotView &, QIODevice &),
                   const SnapshotView &view)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Result<void> r = writer(view, buffer);
    if (!r)
        qWarning("writer failed: %s", qPrintable(r.error()));
    return r ? buffer.data() : QByteArray();
}

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

    void dotCountsAndEscaping()
    {
        const Fixture f = fixture();
        const QByteArray dot = written(&writeDot, f.view());
        const QString text = QString::fromUtf8(dot);
        QVERIFY(text.startsWith(QLatin1String("digraph G {")));
        // Statements: "<index> [..." for nodes, "<index>-><index> [..." for edges.
        const QRegularExpression nodeLine(QStringLiteral("^(\\d+) \\[label="),
                                          QRegularExpression::MultilineOption);
        const QRegularExpression edgeLine(QStringLiteral("^(\\d+)->(\\d+) \\[rps="),
                                          QRegularExpression::MultilineOption);
        int nodes = 0;
        for (auto it = nodeLine.globalMatch(text); it.hasNext(); it.next())
            ++nodes;
        int edges = 0;
        for (auto it = edgeLine.globalMatch(text); it.hasNext(); it.next())
            ++edges;
        QCOMPARE(nodes, f.topology->nodeCount());
        QCOMPARE(edges, f.topology->edgeCount());
        QVERIFY2(text.contains(QStringLiteral("label=\"pay\\\"ments.v2-<&>\\nshop\"")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("pos=\"120.5,40!\""))); // y flipped for Graphviz
        QVERIFY(text.contains(QStringLiteral("band=\"healthy\", fillcolor=\"#2e9e44\"")));
        QVERIFY(!text.contains(QLatin1String("nan")));

        // The real parser, where Graphviz is installed: it must read every node and edge back.
        const QString dotTool = QStandardPaths::findExecutable(QStringLiteral("dot"));
        if (dotTool.isEmpty())
            QSKIP("Graphviz 'dot' not installed: parsed with the line patterns only");
        QProcess process;
        process.start(dotTool, {QStringLiteral("-Tplain")});
        QVERIFY(process.waitForStarted());
        process.write(dot);
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\n'));
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^node "))).size(),
                 f.topology->nodeCount());
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^edge "))).size(),
                 f.topology->edgeCount());
        QVERIFY(lines.filter(QStringLiteral("pay\"ments.v2-<&>\\nshop")).size() == 1 ||
                lines.filter(QStringLiteral("\"pay\\\"ments.v2-<&>\\nshop\"")).size() == 1);
    }

    void graphMlWellFormed()
    {
        const Fixture f = fixture();
        const QByteArray xml = written(&writeGraphMl, f.view());
        QXmlStreamReader reader(xml);
        int nodes = 0;
        int edges = 0;
        QHash<QString, QString> keyName; // key id -> "node:name" / "edge:name"
        QString currentKey;
        QStringList oddNames;
        QStringList edgeScores;
        while (!reader.atEnd()) {
            reader.readNext();
            if (!reader.isStartElement())
                continue;
            const auto name = reader.name();
            if (name == QLatin1String("key")) {
                keyName.insert(
                    reader.attributes().value(QLatin1String("id")).toString(),
                    reader.attributes().value(QLatin1String("for")).toString() + QLatin1Char(':') +
                        reader.attributes().value(QLatin1String("attr.name")).toString());
            } else if (name == QLatin1String("node")) {
                ++nodes;
            } else if (name == QLatin1String("edge")) {
                ++edges;
            } else if (name == QLatin1String("data")) {
                const QString key =
                    keyName.value(reader.attributes().value(QLatin1String("key")).toString());
                const QString value = reader.readElementText();
                if (key == QLatin1String("node:name") && value.startsWith(QLatin1String("pay")))
                    oddNames << value;
                if (key == QLatin1String("edge:score"))
                    edgeScores << value;
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(nodes, f.topology->nodeCount());
        QCOMPARE(edges, f.topology->edgeCount());
        QStringList keys = keyName.values();
        keys.sort();
        QCOMPARE(
            keys.join(QLatin1Char(' ')),
            QStringLiteral(
                "edge:errorRatio edge:p95Ms edge:protocol edge:rps edge:score node:band node:kind "
                "node:name node:namespace node:nodeId node:score node:x node:y"));
        QCOMPARE(oddNames, QStringList{kOddName});
        edgeScores.sort();
        QCOMPARE(edgeScores,
                 (QStringList{QStringLiteral("70"), QStringLiteral("71"), QStringLiteral("NaN")}));
        QVERIFY(!xml.contains(">nan<"));
    }

    void writeSnapshotFileByExtension_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("start");
        QTest::newRow("json") << "snap.json" << QByteArray("{");
        QTest::newRow("dot") << "snap.dot" << QByteArray("digraph G {");
        QTest::newRow("gv upper case") << "snap.GV" << QByteArray("digraph G {");
        QTest::newRow("graphml") << "snap.graphml" << QByteArray("<?xml");
    }
    void writeSnapshotFileByExtension()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, start);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        dir.setAutoRemove(false);
        const Fixture f = fixture();
        const QString path = dir.filePath(fileName);
        const Result<void> r = writeSnapshotFile(f.view(), path);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().startsWith(start));
        if (start == "{") {
            const Result<LoadedSnapshot> back = readSnapshotFile(path);
            QVERIFY2(back.ok(), qPrintable(back.error()));
            QCOMPARE(back->topology->nodeCount(), f.topology->nodeCount());
        }
    }

    void writeSnapshotFileErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("unknown extension")
            << "/tmp/snap.png"
            << QStringList{QStringLiteral("'/tmp/snap.png'"), QStringLiteral("'.png'"),
                           QStringLiteral(".graphml")};
        QTest::newRow("no extension") << "/tmp/snap" << QStringList{QStringLiteral("no extension")};
        QTest::newRow("missing directory")
            << "/nonexistent-meshscope-dir/snap.json"
            << QStringList{QStringLiteral("'/nonexistent-meshscope-dir/snap.json'"),
                           QStringLiteral("No such file")};
    }
    void writeSnapshotFileErrors()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, mentions);
        const Fixture f = fixture();
        const Result<void> r = writeSnapshotFile(f.view(), path);
        QVERIFY(!r.ok());
        for (const QString &m : mentions)
            QVERIFY2(r.error().contains(m), qPrintable(r.error()));
        QVERIFY(!QFile::exists(path));
    }

    void writersRefuseWithoutTopologyOrDevice()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const Result<void> r = writeJson(SnapshotView{}, buffer);
        QVERIFY(!r.ok());
        QVERIFY(r.error().contains(QLatin1String("no topology")));
        const Fixture f = fixture();
        QBuffer closed;
        const Result<void> c = writeGraphMl(f.view(), closed);
        QVERIFY(!c.ok());
        QVERIFY(c.error().contains(QLatin1String("not open for writing")));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotIo)
#include "tst_snapshotio.moc"
