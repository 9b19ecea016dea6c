// How long a fault injected from the menu (GUI thread) waits while the first refresh of
// generated:5000 backfills on a worker (replay + build + score, seconds at that size). The
// brief's bar: under 50 ms. Prints "figure <name> <value> <unit>" lines.
//
//   build/tests/bench/bench_faultinject

#include "core/demo/demosource.h"
#include "core/session/refreshengine.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace meshscope;

namespace {
constexpr qint64 kStartMs = 1'795'000'000'000;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    auto source = core::DemoSource::create(QStringLiteral("generated:5000"), 1, [] {
                      return kStartMs;
                  }).value();
    const core::MeshSpec &spec = source->spec();
    core::RefreshEngine engine(source);
    std::atomic<bool> done{false};
    QElapsedTimer total;
    total.start();
    std::thread worker([&] {
        core::RefreshRequest request;
        request.analytics = false;
        (void)engine.refresh(request); // the first refresh: backfill, then the live sample
        done = true;
    });
    // Inject (and clear) repeatedly while the worker runs, as an impatient user would.
    std::vector<double> waits;
    for (size_t i = 0; !done; ++i) {
        core::FaultSpec fault;
        fault.kind = core::FaultSpec::Kind::Latency;
        fault.latencyMs = 400;
        fault.durationMs = 60'000;
        fault.service = spec.nodeId(int(i % spec.services.size()));
        QElapsedTimer t;
        t.start();
        const Result<int> id = source->injectFault(fault);
        waits.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!id) {
            std::fprintf(stderr, "inject failed: %s\n", qPrintable(id.error()));
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // a bench, not a test
    }
    worker.join();
    std::sort(waits.begin(), waits.end());
    if (waits.empty())
        return 1;
    std::printf("injections during the first refresh (%.0f ms): %zu\n",
                double(total.nsecsElapsed()) / 1e6, waits.size());
    // The lock is held for one simulator tick (~15 ms) or one sample (~25 ms) at this size; a
    // maximum above that is the scheduler of a busy machine, not the source.
    const auto at = [&waits](double q) { return waits[size_t(q * double(waits.size() - 1))]; };
    std::printf("figure inject_during_backfill_5000_median_ms %.3f ms\n", at(0.5));
    std::printf("figure inject_during_backfill_5000_p95_ms %.3f ms\n", at(0.95));
    std::printf("figure inject_during_backfill_5000_max_ms %.3f ms\n", waits.back());
    std::printf(
        "figure inject_during_backfill_5000_over_50ms %zu count\n",
        size_t(std::count_if(waits.begin(), waits.end(), [](double w) { return w >= 50; })));
    return 0;
}
