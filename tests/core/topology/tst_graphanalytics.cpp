#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/meshfixtures.h"
#include "tests/common/samplebuilder.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTest>

#include <algorithm>

using namespace meshscope::core;
using meshscope::testing::svc;

namespace {

// "a>b b>c" : one directed call per token.
TopologyPtr graphOf(const QString &calls)
{
    TopologyBuilder builder;
    return builder.build(meshscope::testing::sampleFromCalls(calls));
}

// Names of the marked nodes, sorted, joined by spaces.
QString markedNodes(const Topology &t, const std::vector<bool> &marks)
{
    QStringList names;
    for (int i = 0; i < t.nodeCount(); ++i) {
        if (marks[size_t(i)])
            names << t.nodes()[size_t(i)].name;
    }
    names.sort();
    return names.join(QLatin1Char(' '));
}

QString markedEdges(const Topology &t, const std::vector<bool> &marks)
{
    QStringList names;
    for (int e = 0; e < t.edgeCount(); ++e) {
        if (!marks[size_t(e)])
            continue;
        const TopologyEdge &edge = t.edges()[size_t(e)];
        names << t.nodes()[size_t(edge.source)].name + QLatin1Char('>') +
                     t.nodes()[size_t(edge.target)].name;
    }
    names.sort();
    return names.join(QLatin1Char(' '));
}

QString namesOf(const Topology &t, const std::vector<int> &nodes)
{
    QStringList names;
    for (int v : nodes)
        names << t.nodes()[size_t(v)].name;
    names.sort();
    return names.join(QLatin1Char(' '));
}

TopologyPtr generatedTopology(int n)
{
    TopologyBuilder builder;
    return builder.build(
        meshscope::testing::flatSample(generateLayeredMesh(n, 7), 10.0, kNaN, 1000));
}

} // namespace

class TestGraphAnalytics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cutsAndBridges_data()
    {
        QTest::addColumn<QString>("calls");
        QTest::addColumn<QString>("articulation");
        QTest::addColumn<QString>("bridges");
        QTest::newRow("chain") << "a>b b>c"
                               << "b"
                               << "a>b b>c";
        QTest::newRow("cycle") << "a>b b>c c>a"
                               << ""
                               << "";
        QTest::newRow("star") << "hub>x hub>y z>hub"
                              << "hub"
                              << "hub>x hub>y z>hub";
        QTest::newRow("two triangles joined by one edge") << "a>b b>c c>a c>d d>e e>f f>d"
                                                          << "c d"
                                                          << "c>d";
        // Calls both ways on one link: still one link of the undirected graph, still a bridge,
        // and both directed edges say so.
        QTest::newRow("reciprocal link is one bridge") << "a>b b>a b>c"
                                                       << "b"
                                                       << "a>b b>a b>c";
        QTest::newRow("reciprocal link inside a cycle") << "a>b b>a b>c c>a"
                                                        << ""
                                                        << "";
        QTest::newRow("self call ignored") << "a>a a>b"
                                           << ""
                                           << "a>b";
        QTest::newRow("two components") << "a>b c>d d>e"
                                        << "d"
                                        << "a>b c>d d>e";
    }
    void cutsAndBridges()
    {
        QFETCH(QString, calls);
        QFETCH(QString, articulation);
        QFETCH(QString, bridges);
        const TopologyPtr t = graphOf(calls);
        const GraphFacts facts = GraphAnalytics::analyze(*t);
        QCOMPARE(facts.generation, t->generation());
        QCOMPARE(markedNodes(*t, facts.articulationPoint), articulation);
        QCOMPARE(markedEdges(*t, facts.bridge), bridges);
    }

    void betweenness_data()
    {
        QTest::addColumn<QString>("calls");
        QTest::addColumn<QString>("node");
        QTest::addColumn<double>("expected");
        // Directed path a>b>c>d>e: b lies on a>c, a>d, a>e (3 of (n-1)(n-2) = 12 ordered pairs).
        const QString path = QStringLiteral("a>b b>c c>d d>e");
        QTest::newRow("path end a") << path << "a" << 0.0;
        QTest::newRow("path b") << path << "b" << 3.0 / 12.0;
        QTest::newRow("path centre c") << path << "c" << 4.0 / 12.0;
        QTest::newRow("path d") << path << "d" << 3.0 / 12.0;
        QTest::newRow("path end e") << path << "e" << 0.0;
        // Diamond a>b>d, a>c>d: the one a>d pair splits over two shortest paths.
        QTest::newRow("diamond b") << "a>b a>c b>d c>d"
                                   << "b" << 0.5 / 6.0;
        // Directed cycle of 3: each node lies on exactly one of the 6 ordered pairs' paths.
        QTest::newRow("cycle") << "a>b b>c c>a"
                               << "a" << 1.0 / 2.0;
    }
    void betweenness()
    {
        QFETCH(QString, calls);
        QFETCH(QString, node);
        QFETCH(double, expected);
        const TopologyPtr t = graphOf(calls);
        const GraphFacts facts = GraphAnalytics::analyze(*t);
        QVERIFY(facts.betweennessExact);
        QCOMPARE(facts.betweenness[size_t(t->nodeIndex(svc(node)))] + 1.0, expected + 1.0);
    }

    void sampledBetweennessEstimatesExact()
    {
        const TopologyPtr t = generatedTopology(400);
        const GraphFacts exact = GraphAnalytics::analyze(*t);
        QVERIFY(exact.betweennessExact);

        AnalyticsOptions all;
        all.exactBetweennessMaxNodes = 10; // force the sampled path, but with every source
        all.betweennessSampleSources = t->nodeCount() - 1;
        const GraphFacts nearlyAll = GraphAnalytics::analyze(*t, all);
        QVERIFY(!nearlyAll.betweennessExact);

        AnalyticsOptions sampled = all;
        sampled.betweennessSampleSources = 200;
        const GraphFacts a = GraphAnalytics::analyze(*t, sampled);
        const GraphFacts b = GraphAnalytics::analyze(*t, sampled);
        QVERIFY(!a.betweennessExact);
        QCOMPARE(a.betweenness, b.betweenness); // seeded: deterministic

        // The most central node of the exact ranking stays among the top few of the estimate.
        const auto top =
            size_t(std::max_element(exact.betweenness.begin(), exact.betweenness.end()) -
                   exact.betweenness.begin());
        std::vector<double> sorted = a.betweenness;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        QVERIFY2(a.betweenness[top] >= sorted[std::min<size_t>(4, sorted.size() - 1)],
                 "exact top node not among the estimate's top 5");
        double maxError = 0.0;
        for (size_t i = 0; i < exact.betweenness.size(); ++i)
            maxError =
                std::max(maxError, std::abs(nearlyAll.betweenness[i] - exact.betweenness[i]));
        QVERIFY2(maxError < 0.02, qPrintable(QString::number(maxError)));
    }

    void upstreamAndDownstream_data()
    {
        QTest::addColumn<QString>("calls");
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("upstream");
        QTest::addColumn<QString>("downstream");
        const QString diamond = QStringLiteral("gw>b gw>c b>db c>db x>c");
        QTest::newRow("diamond leaf") << diamond << "db"
                                      << "b c gw x"
                                      << "";
        QTest::newRow("diamond side") << diamond << "c"
                                      << "gw x"
                                      << "db";
        QTest::newRow("diamond root") << diamond << "gw"
                                      << ""
                                      << "b c db";
        QTest::newRow("cycle excludes self") << "a>b b>c c>a"
                                             << "a"
                                             << "b c"
                                             << "b c";
    }
    void upstreamAndDownstream()
    {
        QFETCH(QString, calls);
        QFETCH(QString, node);
        QFETCH(QString, upstream);
        QFETCH(QString, downstream);
        const TopologyPtr t = graphOf(calls);
        const int v = t->nodeIndex(svc(node));
        QCOMPARE(namesOf(*t, GraphAnalytics::upstreamOf(*t, v)), upstream);
        QCOMPARE(namesOf(*t, GraphAnalytics::downstreamOf(*t, v)), downstream);
        QVERIFY(GraphAnalytics::upstreamOf(*t, -1).empty());
        QVERIFY(GraphAnalytics::downstreamOf(*t, t->nodeCount()).empty());
    }

    void neighbourhood_data()
    {
        QTest::addColumn<QString>("seeds");
        QTest::addColumn<int>("hops");
        QTest::addColumn<QString>("expected");
        // Chain a>b>c>d>e plus x>c: hops ignore direction.
        QTest::newRow("zero hops is the seed") << "c" << 0 << "c";
        QTest::newRow("one hop both directions") << "c" << 1 << "b c d x";
        QTest::newRow("two hops") << "c" << 2 << "a b c d e x";
        QTest::newRow("two seeds one hop") << "a e" << 1 << "a b d e";
        QTest::newRow("negative hops like zero") << "a" << -3 << "a";
    }
    void neighbourhood()
    {
        QFETCH(QString, seeds);
        QFETCH(int, hops);
        QFETCH(QString, expected);
        const TopologyPtr t = graphOf(QStringLiteral("a>b b>c c>d d>e x>c"));
        std::vector<int> seedIndices;
        for (const QString &s : seeds.split(QLatin1Char(' ')))
            seedIndices.push_back(t->nodeIndex(svc(s)));
        seedIndices.push_back(-1); // invalid seeds are skipped
        QCOMPARE(namesOf(*t, GraphAnalytics::neighbourhood(*t, seedIndices, hops)), expected);
    }

    void emptyTopology()
    {
        Topology empty;
        const GraphFacts facts = GraphAnalytics::analyze(empty);
        QVERIFY(facts.articulationPoint.empty());
        QVERIFY(facts.betweenness.empty());
        QVERIFY(GraphAnalytics::neighbourhood(empty, {0}, 2).empty());
    }

    // Timings for the report; bounds are loose on purpose (shared CI cores, sanitizer builds).
    void largeGeneratedMesh_data()
    {
        QTest::addColumn<int>("n");
        QTest::newRow("generated:2000") << 2000;
        QTest::newRow("generated:5000") << 5000;
        QTest::newRow("generated:10000") << 10000;
    }
    void largeGeneratedMesh()
    {
        QFETCH(int, n);
        const TopologyPtr t = generatedTopology(n);
        QElapsedTimer timer;
        timer.start();
        const GraphFacts facts = GraphAnalytics::analyze(*t);
        const qint64 ms = timer.elapsed();
        qInfo("analyze() generated:%d (%d nodes, %d edges): %lld ms, betweenness %s", n,
              t->nodeCount(), t->edgeCount(), ms, facts.betweennessExact ? "exact" : "sampled");
        QCOMPARE(facts.betweennessExact, n <= 2000);
        QCOMPARE(int(facts.betweenness.size()), t->nodeCount());
        for (double b : facts.betweenness)
            QVERIFY(b >= 0.0 && b <= 1.0);
        QVERIFY(std::any_of(facts.betweenness.begin(), facts.betweenness.end(),
                            [](double b) { return b > 0.0; }));
        QVERIFY2(ms < 20000, "analyze() far too slow");
    }
};

QTEST_GUILESS_MAIN(TestGraphAnalytics)
#include "tst_graphanalytics.moc"
