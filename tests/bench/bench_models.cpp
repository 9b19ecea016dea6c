// The Services dock at scale: sorting, filtering and a score tick over generated:5000, with the
// real panel (table view + proxy + model) on the offscreen platform. Prints Google Benchmark's
// table and one line per figure, the median of the runs: "figure <name> <value> <unit>".
// Painting is not included (it happens later, for the visible rows only).
//
//   build/tests/bench/bench_models

#include "core/demo/layeredmesh.h"
#include "core/layout/layoutrandom.h"
#include "core/models/servicestablemodel.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/meshfixtures.h"
#include "widgets/servicespanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QTableView>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace meshscope;

namespace {

constexpr int kServices = 5000;
constexpr quint64 kSeed = 7;

std::map<std::string, std::vector<double>> g_samples;

double median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Scores spread over every band, a few services without data, as a busy mesh shows them.
core::HealthScores randomScores(const core::Topology &t, core::LayoutRandom &rng)
{
    core::HealthScores s;
    s.generation = t.generation();
    for (int i = 0; i < t.nodeCount(); ++i) {
        core::HealthVerdict v;
        v.score = rng.uniform() < 0.02 ? core::kNaN : 100.0 * rng.uniform();
        v.band = std::isnan(v.score) ? core::HealthBand::NoData
                 : v.score >= 75.0   ? core::HealthBand::Healthy
                 : v.score >= 50.0   ? core::HealthBand::Degraded
                                     : core::HealthBand::Failing;
        v.driver = core::HealthFactor(rng.below(3));
        s.nodes.push_back(v);
    }
    s.edges.resize(size_t(t.edgeCount()));
    return s;
}

struct Fixture
{
    core::MeshSpec spec = core::generateLayeredMesh(kServices, kSeed);
    core::TelemetrySample sample = testing::flatSample(spec, 10.0, 40.0, 1000);
    core::TopologyBuilder builder;
    core::LayoutRandom rng{kSeed};
    core::ServicesTableModel model;
    std::unique_ptr<widgets::ServicesPanel> panel;

    Fixture()
    {
        panel = std::make_unique<widgets::ServicesPanel>(&model);
        panel->resize(900, 600);
        panel->show();
        tick();
    }
    // One refresh: same services, new scores.
    void tick()
    {
        core::TopologyPtr t = builder.build(sample);
        const core::GraphFacts facts = core::GraphAnalytics::analyze(*t);
        model.setSnapshot(t, randomScores(*t, rng), &facts);
    }
};

// Created on first use, destroyed by main() while the QApplication still exists.
std::unique_ptr<Fixture> g_fixture;

Fixture &fixture()
{
    if (!g_fixture)
        g_fixture = std::make_unique<Fixture>();
    return *g_fixture;
}

// Wall time is what the user waits; on a loaded machine (shared cores) the thread's CPU time
// is the steadier figure, so both are kept.
struct Stopwatch
{
    QElapsedTimer wall;
    double cpuStartMs = cpuMs();
    Stopwatch() { wall.start(); }
    static double cpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
    // Records "<name>" (wall) and "<cpuName>" (CPU); returns the wall time in ms.
    double stop(const std::string &name, const std::string &cpuName)
    {
        const double ms = double(wall.nsecsElapsed()) / 1e6;
        g_samples[name].push_back(ms);
        g_samples[cpuName].push_back(cpuMs() - cpuStartMs);
        return ms;
    }
};

void sortByScore(benchmark::State &state)
{
    Fixture &f = fixture();
    QTableView *table = f.panel->table();
    for (auto _ : state) {
        table->sortByColumn(core::ServicesTableModel::NameColumn, Qt::AscendingOrder);
        Stopwatch watch;
        table->sortByColumn(core::ServicesTableModel::ScoreColumn, Qt::AscendingOrder);
        state.SetIterationTime(watch.stop("services_sort_ms_5000", "services_sort_cpu_ms_5000") /
                               1e3);
    }
}

void filterBySubstring(benchmark::State &state)
{
    Fixture &f = fixture();
    f.panel->table()->sortByColumn(core::ServicesTableModel::ScoreColumn, Qt::AscendingOrder);
    for (auto _ : state) {
        Stopwatch watch;
        f.panel->filterField()->setText(QStringLiteral("team-01")); // namespaces team-010..019
        const double ms = watch.stop("services_filter_ms_5000", "services_filter_cpu_ms_5000");
        const int shown = f.panel->table()->model()->rowCount();
        f.panel->filterField()->clear();
        state.SetIterationTime(ms / 1e3);
        state.counters["rows_shown"] = shown;
    }
}

void scoreTick(benchmark::State &state)
{
    Fixture &f = fixture();
    f.panel->table()->sortByColumn(core::ServicesTableModel::ScoreColumn, Qt::AscendingOrder);
    for (auto _ : state) {
        state.PauseTiming();
        core::TopologyPtr t = f.builder.build(f.sample);
        const core::GraphFacts facts = core::GraphAnalytics::analyze(*t);
        const core::HealthScores scores = randomScores(*t, f.rng);
        state.ResumeTiming();
        Stopwatch watch;
        f.model.setSnapshot(t, scores, &facts);
        state.SetIterationTime(
            watch.stop("services_update_ms_5000", "services_update_cpu_ms_5000") / 1e3);
    }
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen")
                                                                    : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("meshscope.*.debug=false"));
    for (auto [name, fn] : {std::pair{"services/sort_by_score", &sortByScore},
                            std::pair{"services/filter_substring", &filterBySubstring},
                            std::pair{"services/score_tick", &scoreTick}}) {
        benchmark::RegisterBenchmark(name, fn)->Iterations(15)->UseManualTime()->Unit(
            benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    g_fixture.reset();
    for (const auto &[name, values] : g_samples)
        std::printf("figure %s %.1f ms\n", name.c_str(), median(values));
    return 0;
}
