// The details panel's cost per refresh: setData with a full history store (720 points, the 1 h
// window) on the small shop mesh, a grab of the whole panel (layout and paint), and setData on
// generated:5000 with the busiest service selected (the two reachability walks grow with the
// graph; the charts do not). Also writes /tmp/details-node.png and /tmp/details-edge.png, a
// realistic node and call for a visual check. Prints "figure <name> <ms> ms" lines.
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_detailspanel

#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"
#include "core/history/historystore.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/shopmesh.h"
#include "widgets/detailspanel.h"
#include "widgets/healthhistoryview.h"

#include <QApplication>
#include <QPixmap>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing::shop;
using meshscope::widgets::DetailsPanel;

namespace {

std::map<std::string, double> g_figures;

// Median of the iterations, in ms.
void recordMedian(const std::string &name, std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    if (!ms.empty())
        g_figures[name] = ms[ms.size() / 2];
}

double elapsedMs(const std::chrono::steady_clock::time_point &start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

// 60 refreshes with a latency spike in the last ten, as the visual check shows them, then
// filled up to the store's 720 points.
struct ShopHistory
{
    TopologyBuilder builder;
    HistoryStore history{720};
    TopologyPtr topology;
    HealthScores scores;
    GraphFacts facts;

    explicit ShopHistory(int points)
    {
        for (int i = 0; i < points; ++i) {
            const bool spike = i >= 50 && i < 60;
            const double p95 =
                spike ? 420.0 + 30.0 * (i % 3) : 80.0 + 6.0 * std::sin(i * 0.7) + (i % 7);
            topology = builder.build(shopSample(kT0 + i * kStepMs, p95));
            scores =
                scoresFor(*topology, 0.0, spike ? latencyShift(p95, 84.0, 5.2) : withinTolerance());
            HealthVerdict &v = scores.nodes[size_t(topology->nodeIndex(svc("checkout")))];
            v.factors.connectivity = 96.0 - (spike ? 8.0 : 0.0);
            v.factors.stability = spike ? 22.0 + (i - 50) * 2.0 : 88.0 + 4.0 * std::sin(i * 0.5);
            v.factors.protocol = i == 20 || i == 21 ? kNaN : 97.0;
            v.score = 0.4 * v.factors.connectivity + 0.35 * v.factors.stability + 0.25 * 97.0;
            history.append(*topology, scores);
        }
        facts = GraphAnalytics::analyze(*topology);
    }
};

void writeVisualCheck()
{
    ShopHistory shop(60);
    DetailsPanel panel;
    panel.resize(360, 820);
    panel.show();
    panel.setData(shop.topology, std::make_shared<const HealthScores>(shop.scores), &shop.history,
                  std::make_shared<const GraphFacts>(shop.facts));
    panel.showNode(svc("checkout"));
    panel.historyView()->setRangeMinutes(5);
    QCoreApplication::processEvents();
    const bool node = panel.grab().save(QStringLiteral("/tmp/details-node.png"));
    panel.showEdge(svc("checkout"), svc("payment"));
    QCoreApplication::processEvents();
    const bool edge = panel.grab().save(QStringLiteral("/tmp/details-edge.png"));
    std::printf("# visual check: /tmp/details-node.png %s, /tmp/details-edge.png %s\n",
                node ? "written" : "NOT written", edge ? "written" : "NOT written");
}

void BM_SetData720Points(benchmark::State &state)
{
    ShopHistory shop(720);
    DetailsPanel panel;
    panel.resize(360, 820);
    panel.show();
    panel.setData(shop.topology, std::make_shared<const HealthScores>(shop.scores), &shop.history,
                  std::make_shared<const GraphFacts>(shop.facts));
    panel.showNode(svc("checkout"));
    panel.historyView()->setRangeMinutes(60);
    std::vector<double> ms;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        panel.setData(shop.topology, std::make_shared<const HealthScores>(shop.scores),
                      &shop.history, std::make_shared<const GraphFacts>(shop.facts));
        ms.push_back(elapsedMs(start));
    }
    recordMedian("details_setdata_720pts_ms", ms);
}

void BM_Render720Points(benchmark::State &state)
{
    ShopHistory shop(720);
    DetailsPanel panel;
    panel.resize(360, 820);
    panel.show();
    panel.setData(shop.topology, std::make_shared<const HealthScores>(shop.scores), &shop.history,
                  std::make_shared<const GraphFacts>(shop.facts));
    panel.showNode(svc("checkout"));
    panel.historyView()->setRangeMinutes(60);
    std::vector<double> ms;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const QPixmap rendered = panel.grab(); // layout and paint of the whole panel
        ms.push_back(elapsedMs(start));
        benchmark::DoNotOptimize(rendered.isNull());
    }
    recordMedian("details_render_720pts_ms", ms);
}

void BM_SetData5000Services(benchmark::State &state)
{
    const MeshSpec mesh = generateLayeredMesh(5000, 7);
    TopologyBuilder builder;
    HistoryStore history(720);
    TopologyPtr topo;
    HealthScores scores;
    for (int i = 0; i < 12; ++i) {
        TelemetrySample sample;
        sample.timestampMs = kT0 + i * kStepMs;
        for (const CallSpec &c : mesh.calls) {
            EdgeSample e;
            e.source = mesh.nodeId(c.from);
            e.destination = mesh.nodeId(c.to);
            e.requestRate = 10.0 * c.callsPerRequest;
            e.latency.p95Ms = 20.0;
            sample.edges.push_back(e);
        }
        topo = builder.build(sample);
        scores.generation = topo->generation();
        scores.nodes.assign(size_t(topo->nodeCount()),
                            verdict(80.0, HealthFactor::Stability, withinTolerance()));
        scores.edges.assign(size_t(topo->edgeCount()),
                            verdict(85.0, HealthFactor::Protocol, withinTolerance()));
        history.append(*topo, scores);
    }
    int busiest = 0; // the most called service: the largest blast radius to walk
    for (int n = 0; n < topo->nodeCount(); ++n) {
        if (topo->inEdges(n).size() > topo->inEdges(busiest).size())
            busiest = n;
    }
    DetailsPanel panel;
    panel.resize(360, 800);
    panel.show();
    panel.setData(topo, std::make_shared<const HealthScores>(scores), &history,
                  nullptr); // the naive facts take too long at this size
    panel.showNode(topo->nodes()[size_t(busiest)].id);
    std::vector<double> ms;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        panel.setData(topo, std::make_shared<const HealthScores>(scores), &history, nullptr);
        ms.push_back(elapsedMs(start));
    }
    recordMedian("details_setdata_5000_ms", ms);
}

} // namespace

BENCHMARK(BM_SetData720Points)->Unit(benchmark::kMillisecond)->Iterations(30);
BENCHMARK(BM_Render720Points)->Unit(benchmark::kMillisecond)->Iterations(30);
BENCHMARK(BM_SetData5000Services)->Unit(benchmark::kMillisecond)->Iterations(20);

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    writeVisualCheck();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    for (const auto &[name, ms] : g_figures)
        std::printf("figure %s %.2f ms\n", name.c_str(), ms);
    return 0;
}
