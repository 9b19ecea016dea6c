// One refresh at scale: build + score + incremental layout + scene update, on generated:N meshes,
// and the peak memory with one hour of history. Prints Google Benchmark's table and one line per
// figure: "figure <name> <value> <unit>".
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_refresh

#include "core/demo/demosource.h"
#include "core/history/historystore.h"
#include "core/session/refreshengine.h"
#include "widgets/topologyscene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

using namespace meshscope;

namespace {

constexpr qint64 kStartMs = 1'795'000'000'000; // a fixed simulated time: runs are comparable
constexpr qint64 kIntervalMs = 5'000;

struct Fixture
{
    std::shared_ptr<qint64> clock = std::make_shared<qint64>(kStartMs);
    std::shared_ptr<core::DemoSource> source;
    std::unique_ptr<core::RefreshEngine> engine;
    std::unique_ptr<widgets::TopologyScene> scene;
    core::RefreshRequest request;
    std::shared_ptr<const core::HistoryStore>
        backfill; // the replayed past, as the session adopts it
};

Fixture makeFixture(int n)
{
    Fixture f;
    auto clock = f.clock;
    f.source = core::DemoSource::create(QStringLiteral("generated:%1").arg(n), 7, [clock] {
                   return *clock;
               }).value();
    f.engine = std::make_unique<core::RefreshEngine>(f.source);
    f.scene = std::make_unique<widgets::TopologyScene>();
    f.request.seed = 7;
    f.request.analytics = false;
    core::RefreshResult first = f.engine->refresh(f.request).value();
    f.scene->setSnapshot(first.topology, first.scores, *first.positions);
    f.request.previous = *first.positions;
    f.backfill = first.backfill;
    return f;
}

std::map<std::string, std::vector<double>> g_samples;

double median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void refresh(benchmark::State &state)
{
    const int n = int(state.range(0));
    Fixture f = makeFixture(n);
    std::vector<double> &totals = g_samples["refresh_ms_" + std::to_string(n)];
    std::vector<double> &fetches = g_samples["sim_fetch_ms_" + std::to_string(n)];
    for (auto _ : state) {
        *f.clock += kIntervalMs;
        QElapsedTimer fetchTimer;
        fetchTimer.start();
        core::TelemetrySample sample = f.source->fetch().value();
        fetches.push_back(double(fetchTimer.nsecsElapsed()) / 1e6);

        QElapsedTimer timer;
        timer.start();
        core::RefreshResult result = f.engine->process(sample, f.request);
        f.scene->setSnapshot(result.topology, result.scores, *result.positions);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        state.SetIterationTime(ms / 1000.0);
        totals.push_back(ms);
        f.request.previous = *result.positions;
        g_samples["build_ms_" + std::to_string(n)].push_back(result.timings.buildMs);
        g_samples["score_ms_" + std::to_string(n)].push_back(result.timings.scoreMs);
        g_samples["layout_incremental_ms_" + std::to_string(n)].push_back(result.timings.layoutMs);
        g_samples["scene_update_ms_" + std::to_string(n)].push_back(
            ms - result.timings.buildMs - result.timings.scoreMs - result.timings.layoutMs -
            result.timings.analyticsMs);
    }
}

long peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

// The whole app's working set at 5,000 services with one hour of history (720 refreshes at 5 s):
// the scene, the engine with its baselines, the simulator, and a full HistoryStore.
void memoryWithHistory(int n)
{
    const long before = peakRssKb();
    Fixture f = makeFixture(n);
    std::printf("figure rss_mb_%d_after_first_refresh %.1f MB\n", n, double(peakRssKb()) / 1024.0);
    std::printf("(process before the mesh: %.1f MB)\n", double(before) / 1024.0);
    // Like the window: the history starts as the backfill of the first refresh.
    core::HistoryStore history(720);
    if (f.backfill) {
        history = f.backfill->copy();
        history.setCapacity(720);
        f.backfill.reset();
    }
    core::RefreshResult last;
    QElapsedTimer appendTimer;
    double appendMs = 0.0;
    for (int i = history.pointCount(); i < 720; ++i) {
        *f.clock += kIntervalMs;
        // Refresh fully every 24th step (2 min), otherwise re-score the same topology: the history
        // holds 720 distinct points either way, and the run stays short.
        if (i % 24 == 0 || !last.topology) {
            last = f.engine->refresh(f.request).value();
            f.scene->setSnapshot(last.topology, last.scores, *last.positions);
            f.request.previous = *last.positions;
        }
        appendTimer.start();
        history.append(*last.topology, *last.scores);
        appendMs += double(appendTimer.nsecsElapsed()) / 1e6;
    }
    std::printf("figure history_mb_%d_1h %.1f MB\n", n,
                double(history.memoryBytes()) / (1024.0 * 1024.0));
    std::printf("figure history_append_ms_%d %.2f ms\n", n, appendMs / std::max(1, 720 - 20));
    std::printf("figure peak_rss_mb_%d_1h %.1f MB\n", n, double(peakRssKb()) / 1024.0);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen")
                                                                    : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    bool memoryOnly = false;
    for (int i = 1; i < argc; ++i)
        memoryOnly |= QByteArray(argv[i]) == "--memory";
    if (memoryOnly) {
        // Run alone (fresh process) so that the peak RSS is this scenario's.
        memoryWithHistory(5000);
        return 0;
    }
    benchmark::RegisterBenchmark("refresh/generated", refresh)
        ->Arg(1000)
        ->Arg(5000)
        ->Arg(10000)
        ->Iterations(15)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    for (const auto &[name, values] : g_samples)
        std::printf("figure %s %.1f ms\n", name.c_str(), median(values));
    std::printf("(run with --memory for the peak RSS with one hour of history)\n");
    return 0;
}
