#include "core/jaeger/jaegersource.h"
#include "core/topology/topologybuilder.h"
#include "tests/servers/jaegertestserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

namespace {

QJsonArray recordedDependencies()
{
    QFile f(QStringLiteral(MESHSCOPE_SHARED_DIR
                           "/reference/jaeger/fixtures/jaeger-ui/dependencies_small.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).array();
}

constexpr qint64 kNowMs = 1'800'000'000'000;
constexpr qint64 kHourMs = 3600'000;

} // namespace

// A graph from Jaeger alone: the JaegerSource against our Jaeger test server serving the
// recorded dependency graph yields a topology with every link as an edge, its call count, and
// the edge marked as known from traces only.
class TstJaegerSource : public QObject
{
    Q_OBJECT

private slots:
    void graphFromRecordedDependencies()
    {
        JaegerTestServer server;
        server.addDependencies(recordedDependencies(), kNowMs - 10 * 60'000);
        JaegerSource::Options options;
        options.lookbackMs = kHourMs;
        options.cluster = QStringLiteral("prod");
        options.nowMs = [] { return kNowMs; };
        JaegerSource source(std::make_shared<JaegerClient>(JaegerEndpoint{server.url(), {}, {}}),
                            options);
        QCOMPARE(source.name(), QStringLiteral("jaeger:") + server.url().toString());

        const auto sample = source.fetch();
        QVERIFY2(sample.ok(), qPrintable(sample.error()));
        QCOMPARE(sample->timestampMs, kNowMs);
        TopologyBuilder builder;
        const TopologyPtr topology = builder.build(*sample);
        QCOMPARE(topology->nodeCount(), 8);
        QCOMPARE(topology->edgeCount(), 7);

        const NodeId s2("prod", "default", "Service2");
        const NodeId s4("prod", "default", "Service4");
        const int e = topology->edgeIndex(s2, s4);
        QVERIFY(e >= 0);
        const EdgeSample &m = topology->edges()[size_t(e)].metrics;
        QCOMPARE(m.traceCallCount, 129216.0);
        QCOMPARE(m.evidence, std::uint8_t(EdgeSample::FromTraces));
        QCOMPARE(m.requestRate, 129216.0 / 3600.0);
        QCOMPARE(topology
                     ->edges()[size_t(topology->edgeIndex(NodeId("prod", "default", "Service1"),
                                                          NodeId("prod", "default", "Service5")))]
                     .metrics.traceCallCount,
                 8560.0);
        // Service8 -> Service6 -> Service1: the chain's direction is kept.
        QVERIFY(topology->edgeIndex(NodeId("prod", "default", "Service8"),
                                    NodeId("prod", "default", "Service6")) >= 0);
        QCOMPARE(topology->edgeIndex(NodeId("prod", "default", "Service6"),
                                     NodeId("prod", "default", "Service8")),
                 -1);
    }

    void oldLinksLeaveTheWindow()
    {
        JaegerTestServer server;
        server.addDependencies(recordedDependencies(), kNowMs - 2 * kHourMs);
        JaegerSource::Options options;
        options.lookbackMs = kHourMs;
        options.nowMs = [] { return kNowMs; };
        JaegerSource source(std::make_shared<JaegerClient>(JaegerEndpoint{server.url(), {}, {}}),
                            options);
        const auto sample = source.fetch();
        QVERIFY2(sample.ok(), qPrintable(sample.error()));
        QVERIFY(sample->edges.empty());
    }

    void istioServiceNamesCarryTheNamespace()
    {
        JaegerSource::Options options;
        options.cluster = QStringLiteral("c");
        JaegerSource source(std::make_shared<JaegerClient>(JaegerEndpoint{}), options);
        QCOMPARE(source.nodeIdFor("reviews.bookinfo"), NodeId("c", "bookinfo", "reviews"));
        QCOMPARE(source.nodeIdFor("frontend"), NodeId("c", "default", "frontend"));
        // Two Jaeger names for one node add up on one edge.
        const auto sample = source.sampleFrom({{"a.ns", "b.ns", 3}, {"a.ns", "b.ns", 4}}, 1);
        QCOMPARE(sample.edges.size(), size_t(1));
        QCOMPARE(sample.edges.front().traceCallCount, 7.0);
    }

    void serverDownKeepsAnError()
    {
        const QUrl down(QStringLiteral("http://127.0.0.1:%1").arg(MisbehavingServer::closedPort()));
        JaegerSource source(std::make_shared<JaegerClient>(JaegerEndpoint{down, {}, {}}), {});
        const auto sample = source.fetch();
        QVERIFY(!sample.ok());
        QVERIFY2(sample.error().contains(down.toString() + QStringLiteral("/api/dependencies")),
                 qPrintable(sample.error()));
    }
};

QTEST_GUILESS_MAIN(TstJaegerSource)
#include "tst_jaegersource.moc"
