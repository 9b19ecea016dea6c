// What one scrape of meshscope-sim costs: formatting the simulator's state in the Prometheus
// text format (core/demo/istioexporter) on generated:N meshes. Prints Google Benchmark's table
// and "figure <name> <value> <unit>" lines.
//
//   build/tests/bench/bench_istioexporter

#include "core/demo/demomeshes.h"
#include "core/demo/istioexporter.h"
#include "core/demo/meshsimulator.h"

#include <QElapsedTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>

using namespace meshscope;

namespace {

constexpr qint64 kStartMs = 1'795'000'000'000; // a fixed simulated time: runs are comparable

void BM_Format(benchmark::State &state)
{
    const int n = int(state.range(0));
    core::MeshSimulator sim(core::loadDemoMesh(QStringLiteral("generated:%1").arg(n), 7).value(), 7,
                            kStartMs);
    const core::IstioExporter exporter(sim.spec());
    qint64 bytes = 0;
    for (auto _ : state) {
        const QByteArray text = exporter.format(sim);
        bytes = text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.counters["bytes"] = double(bytes);
}
BENCHMARK(BM_Format)->Arg(1000)->Arg(5000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The figures: best of five scrapes (the first one also sizes the buffer).
void printFigures()
{
    for (const int n : {1000, 5000, 10000}) {
        core::MeshSimulator sim(
            core::loadDemoMesh(QStringLiteral("generated:%1").arg(n), 7).value(), 7, kStartMs);
        const core::IstioExporter exporter(sim.spec());
        qint64 best = -1;
        qint64 bytes = 0;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            const QByteArray text = exporter.format(sim);
            const qint64 ns = t.nsecsElapsed();
            best = best < 0 ? ns : std::min(best, ns);
            bytes = text.size();
        }
        std::printf("figure sim_format_ms_%d %.1f ms\n", n, double(best) / 1e6);
        std::printf("figure sim_exposition_bytes_%d %lld bytes\n", n,
                    static_cast<long long>(bytes));
    }
}

} // namespace

int main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    printFigures();
    return 0;
}
