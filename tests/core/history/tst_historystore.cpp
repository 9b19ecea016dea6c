#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"
#include "core/history/historystore.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/meshfixtures.h"
#include "tests/common/samplebuilder.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTest>

#include <cmath>

using namespace meshscope::core;
using meshscope::testing::svc;

namespace {

// One refresh: the given calls ("a>b b>c"), each at `rps`, with p95 `p95`; every node and edge
// scored `score` (NaN = no data).
struct Refresh
{
    TopologyPtr topology;
    HealthScores scores;
};

Refresh refresh(TopologyBuilder &builder, qint64 ts, const QString &calls, double score,
                double rps = 10.0, double p95 = 20.0)
{
    TelemetrySample s = meshscope::testing::sampleFromCalls(calls, rps, p95, ts);
    for (EdgeSample &e : s.edges)
        e.rate5xx = rps / 10.0;
    Refresh r;
    r.topology = builder.build(s);
    r.scores.generation = r.topology->generation();
    HealthVerdict v;
    v.score = score;
    v.factors = FactorScores{score, std::isnan(score) ? kNaN : score / 2.0, kNaN};
    r.scores.nodes.assign(size_t(r.topology->nodeCount()), v);
    r.scores.edges.assign(size_t(r.topology->edgeCount()), v);
    return r;
}

std::vector<qint64> timesOf(const std::vector<HistoryPoint> &series)
{
    std::vector<qint64> out;
    for (const HistoryPoint &p : series)
        out.push_back(p.timestampMs);
    return out;
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wrapKeepsNewest_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("appends");
        QTest::newRow("not full") << 5 << 3;
        QTest::newRow("exactly full") << 5 << 5;
        QTest::newRow("wrapped") << 5 << 12;
        QTest::newRow("capacity one") << 1 << 4;
    }
    void wrapKeepsNewest()
    {
        QFETCH(int, capacity);
        QFETCH(int, appends);
        HistoryStore store(capacity);
        TopologyBuilder builder;
        for (int i = 0; i < appends; ++i) {
            const Refresh r = refresh(builder, 1000 * (i + 1), QStringLiteral("a>b"), double(i));
            store.append(*r.topology, r.scores);
        }
        const int held = std::min(capacity, appends);
        std::vector<qint64> expected;
        for (int i = appends - held; i < appends; ++i)
            expected.push_back(1000 * (i + 1));
        QCOMPARE(store.pointCount(), held);
        QCOMPARE(store.timestamps(), expected);
        const std::vector<HistoryPoint> a = store.nodeSeries(svc(QStringLiteral("a")));
        QCOMPARE(timesOf(a), expected);
        QCOMPARE(a.back().score, float(appends - 1)); // the newest value, exactly (half points)
        QCOMPARE(timesOf(store.edgeSeries(svc(QStringLiteral("a")), svc(QStringLiteral("b")))),
                 expected);
        QVERIFY(store.edgeSeries(svc(QStringLiteral("b")), svc(QStringLiteral("a"))).empty());
    }

    void valuesSurviveCompaction_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<double>("rps");
        QTest::addColumn<double>("p95");
        QTest::newRow("typical") << 87.3 << 123.4 << 45.6;
        QTest::newRow("zero") << 0.0 << 0.0 << 0.0;
        QTest::newRow("hundred, tiny rate, slow") << 100.0 << 0.0123 << 30000.0;
        QTest::newRow("huge rate") << 55.55 << 2.5e6 << 1.0;
    }
    void valuesSurviveCompaction()
    {
        QFETCH(double, score);
        QFETCH(double, rps);
        QFETCH(double, p95);
        HistoryStore store(4);
        TopologyBuilder builder;
        const Refresh r = refresh(builder, 5000, QStringLiteral("a>b"), score, rps, p95);
        store.append(*r.topology, r.scores);
        const std::vector<HistoryPoint> e =
            store.edgeSeries(svc(QStringLiteral("a")), svc(QStringLiteral("b")));
        QCOMPARE(e.size(), size_t(1));
        QVERIFY(std::abs(e[0].score - score) <= 0.25 + 1e-9);
        QVERIFY(std::abs(e[0].connectivity - score) <= 0.25 + 1e-9);
        QVERIFY(std::abs(e[0].stability - score / 2.0) <= 0.25 + 1e-9);
        QVERIFY(std::isnan(e[0].protocol));
        QVERIFY(std::abs(e[0].requestRate - rps) <= 0.002 * rps);
        QVERIFY(std::abs(e[0].p95Ms - p95) <= 0.002 * p95);
        if (rps > 0.0)
            QVERIFY(std::abs(e[0].errorRatio - 0.1) <= 0.0002);
        else
            QVERIFY(std::isnan(e[0].errorRatio)); // no traffic: no ratio
        // Node b: inbound traffic of the edge; gateway-like a (no callers): its outbound.
        QVERIFY(std::abs(store.nodeSeries(svc(QStringLiteral("a")))[0].requestRate - rps) <=
                0.002 * rps);
    }

    void seriesOnlyWhereEntityExisted()
    {
        HistoryStore store(10);
        TopologyBuilder builder;
        builder.setIdleGraceRefreshes(0); // a node without traffic leaves the topology at once
        const QStringList calls = {QStringLiteral("a>b"), QStringLiteral("a>b b>c"),
                                   QStringLiteral("a>b"), QStringLiteral("a>b b>c"),
                                   QStringLiteral("a>b")};
        for (int i = 0; i < calls.size(); ++i) {
            const Refresh r = refresh(builder, 100 * (i + 1), calls[i], 50.0);
            store.append(*r.topology, r.scores);
        }
        // c appears later (point 2) and vanishes twice: only its own points, none invented.
        QCOMPARE(timesOf(store.nodeSeries(svc(QStringLiteral("c")))),
                 (std::vector<qint64>{200, 400}));
        QCOMPARE(timesOf(store.edgeSeries(svc(QStringLiteral("b")), svc(QStringLiteral("c")))),
                 (std::vector<qint64>{200, 400}));
        QCOMPARE(store.nodeSeries(svc(QStringLiteral("a"))).size(), size_t(5));
        QVERIFY(store.nodeSeries(svc(QStringLiteral("nobody"))).empty());
    }

    // The session adopts a source's backfill by copying it once: the copy holds the same
    // series, and appending to it leaves the backfill (shared, immutable) as it was.
    void copyIsEqualAndIndependent()
    {
        HistoryStore store(4);
        TopologyBuilder builder;
        builder.setIdleGraceRefreshes(0);
        const QStringList calls = {QStringLiteral("a>b"), QStringLiteral("a>b b>c"),
                                   QStringLiteral("a>b"), QStringLiteral("a>b b>c"),
                                   QStringLiteral("a>b b>c")}; // 5 points in 4: wrapped
        for (int i = 0; i < calls.size(); ++i) {
            const Refresh r = refresh(builder, 100 * (i + 1), calls[i], 10.0 * (i + 1));
            store.append(*r.topology, r.scores);
        }
        HistoryStore copy = store.copy();
        QCOMPARE(copy.capacity(), 4);
        QCOMPARE(copy.timestamps(), store.timestamps());
        QCOMPARE(copy.nodeSlotCount(), store.nodeSlotCount());
        for (const char *n : {"a", "b", "c"}) {
            const auto a = store.nodeSeries(svc(QString::fromLatin1(n)));
            const auto b = copy.nodeSeries(svc(QString::fromLatin1(n)));
            QCOMPARE(timesOf(b), timesOf(a));
            for (size_t i = 0; i < a.size(); ++i)
                QCOMPARE(b[i].score, a[i].score);
        }
        QCOMPARE(timesOf(copy.edgeSeries(svc(QStringLiteral("b")), svc(QStringLiteral("c")))),
                 (std::vector<qint64>{200, 400, 500}));
        const Refresh more = refresh(builder, 600, QStringLiteral("a>b"), 99.0);
        copy.append(*more.topology, more.scores);
        QCOMPARE(copy.timestamps().back(), qint64(600));
        QCOMPARE(store.timestamps().back(), qint64(500));
    }

    void nanScoreIsPreserved()
    {
        HistoryStore store(8);
        TopologyBuilder builder;
        const double scores[] = {90.0, kNaN, 40.0};
        for (int i = 0; i < 3; ++i) {
            const Refresh r = refresh(builder, i, QStringLiteral("a>b"), scores[i]);
            store.append(*r.topology, r.scores);
        }
        const std::vector<HistoryPoint> a = store.nodeSeries(svc(QStringLiteral("a")));
        QCOMPARE(a.size(), size_t(3)); // the no-data point is a point, not a gap
        QCOMPARE(a[0].score, 90.0f);
        QVERIFY(std::isnan(a[1].score));
        QVERIFY(std::isnan(a[1].stability));
        QCOMPARE(a[2].score, 40.0f);
    }

    void vanishedEntityKeptWhilePointsExist()
    {
        HistoryStore store(3);
        TopologyBuilder builder;
        builder.setIdleGraceRefreshes(0);
        const QStringList calls = {QStringLiteral("a>b x>a"), QStringLiteral("a>b"),
                                   QStringLiteral("a>b"), QStringLiteral("a>b")};
        std::vector<int> slotCounts;
        for (int i = 0; i < calls.size(); ++i) {
            const Refresh r = refresh(builder, i, calls[i], 70.0);
            store.append(*r.topology, r.scores);
            slotCounts.push_back(store.nodeSlotCount());
            if (i == 2)
                QCOMPARE(store.nodeSeries(svc(QStringLiteral("x"))).size(),
                         size_t(1)); // still in the ring
        }
        QVERIFY(store.nodeSeries(svc(QStringLiteral("x"))).empty()); // its only point fell out
        QCOMPARE(slotCounts, (std::vector<int>{3, 3, 3, 2}));
        QCOMPARE(store.edgeSlotCount(), 1);
        // A new entity reuses the freed slot without inheriting x's past.
        const Refresh r = refresh(builder, 10, QStringLiteral("a>b y>a"), 60.0);
        store.append(*r.topology, r.scores);
        QCOMPARE(timesOf(store.nodeSeries(svc(QStringLiteral("y")))), (std::vector<qint64>{10}));
        QCOMPARE(timesOf(store.edgeSeries(svc(QStringLiteral("y")), svc(QStringLiteral("a")))),
                 (std::vector<qint64>{10}));
        QVERIFY(store.edgeSeries(svc(QStringLiteral("x")), svc(QStringLiteral("a"))).empty());
    }

    void setCapacityKeepsNewest()
    {
        HistoryStore store(6);
        TopologyBuilder builder;
        for (int i = 0; i < 6; ++i) {
            const Refresh r = refresh(builder, i, QStringLiteral("a>b"), double(10 * i));
            store.append(*r.topology, r.scores);
        }
        store.setCapacity(3);
        QCOMPARE(store.timestamps(), (std::vector<qint64>{3, 4, 5}));
        QCOMPARE(store.nodeSeries(svc(QStringLiteral("a"))).front().score, 30.0f);
        store.setCapacity(5); // growing does not bring dropped points back
        QCOMPARE(store.timestamps(), (std::vector<qint64>{3, 4, 5}));
        for (int i = 6; i < 9; ++i) {
            const Refresh r = refresh(builder, i, QStringLiteral("a>b"), double(10 * i));
            store.append(*r.topology, r.scores);
        }
        QCOMPARE(store.timestamps(), (std::vector<qint64>{4, 5, 6, 7, 8}));
        QCOMPARE(timesOf(store.nodeSeries(svc(QStringLiteral("b")))),
                 (std::vector<qint64>{4, 5, 6, 7, 8}));
        QCOMPARE(store.nodeSeries(svc(QStringLiteral("b"))).back().score, 80.0f);
        store.clear();
        QCOMPARE(store.pointCount(), 0);
        QCOMPARE(store.capacity(), 5);
        QVERIFY(store.nodeSeries(svc(QStringLiteral("a"))).empty());
    }

    void mismatchedScoresKeepMetrics()
    {
        HistoryStore store(4);
        TopologyBuilder builder;
        Refresh r = refresh(builder, 1, QStringLiteral("a>b"), 80.0, 5.0);
        r.scores.nodes.clear(); // scores of another snapshot
        store.append(*r.topology, r.scores);
        const std::vector<HistoryPoint> b = store.nodeSeries(svc(QStringLiteral("b")));
        QCOMPARE(b.size(), size_t(1));
        QVERIFY(std::isnan(b[0].score));
        QCOMPARE(b[0].requestRate, 5.0f);
    }

    // The budget: 5,000 services and their ~18,500 calls, 720 points (1 h at 5 s).
    void generatedMeshBudget()
    {
        const MeshSpec spec = generateLayeredMesh(5000, 3);
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(meshscope::testing::flatSample(spec, 12.5, 30.0));
        HealthScores scores;
        HealthVerdict v;
        v.score = 88.0;
        scores.nodes.assign(size_t(t->nodeCount()), v);
        scores.edges.assign(size_t(t->edgeCount()), v);

        constexpr int kPoints = 720;
        HistoryStore store(kPoints);
        QElapsedTimer timer;
        timer.start();
        store.append(*t, scores); // first append allocates every slot
        const qint64 firstNs = timer.nsecsElapsed();
        constexpr int kTimed = 20;
        timer.restart();
        for (int i = 0; i < kTimed; ++i)
            store.append(*t, scores);
        const double steadyMs = double(timer.nsecsElapsed()) / kTimed / 1e6;
        const size_t entities = size_t(t->nodeCount() + t->edgeCount());
        const double bytesPerEntityPoint = double(store.memoryBytes()) / double(entities) / kPoints;
        qInfo("HistoryStore %d nodes + %d edges: first append %.2f ms, append %.2f ms, memoryBytes "
              "%.1f MB at %d "
              "points (%.2f bytes per entity per point)",
              t->nodeCount(), t->edgeCount(), double(firstNs) / 1e6, steadyMs,
              double(store.memoryBytes()) / 1e6, kPoints, bytesPerEntityPoint);
        QVERIFY2(bytesPerEntityPoint <= 16.0, "over the per-point budget");
        QVERIFY2(bytesPerEntityPoint >= 10.0, "memoryBytes() does not count the points");
        QCOMPARE(store.nodeSeries(spec.nodeId(0)).size(), size_t(kTimed + 1));
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
