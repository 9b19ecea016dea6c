// The Prometheus source at scale, against real servers: meshscope-sim serving generated:N, a
// real Prometheus scraping it, and one refresh as the window runs it (the profile's queries
// over HTTP, parsing, building the sample and the topology, scoring; the layout is not part of
// it). Prints per N:
//   figure prom_queries_per_refresh_N   (target: at most 8, whatever N)
//   figure prom_bytes_per_refresh_N     (on the wire)
//   figure prom_refresh_ms_N            (median of 5; target at 5,000: at most 1,000 ms)
//
//   build/tests/bench/bench_prometheus [--sizes 1000,5000,10000]
//
// Needs the Debian package prometheus and a few GB of memory at 10,000 (the exposition is
// ~900 MB per scrape: docs/demo-exporter.md).

#include "core/prometheus/prometheussource.h"
#include "core/session/refreshengine.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace meshscope;

namespace {

using Sim = meshscope::testing::SimProcess;

int benchOne(int n)
{
    Sim sim;
    const auto address = sim.start(QStringLiteral(MESHSCOPE_SIM_BINARY),
                                   QStringLiteral("generated:%1").arg(n), 300'000);
    if (!address) {
        std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(address.error()));
        return 1;
    }
    tests::PrometheusServer prometheus;
    tests::PrometheusServer::Options options;
    // A big exposition takes seconds to scrape (and longer on a busy machine); a scrape that
    // times out marks every series stale, so the interval and timeout grow with the mesh.
    options.scrapeIntervalMs = n <= 1000 ? 15000 : 30000;
    options.scrapeTimeoutMs = options.scrapeIntervalMs;
    options.targets = {*address};
    if (auto started = prometheus.start(options); !started) {
        std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(started.error()));
        return 1;
    }
    core::PrometheusSourceOptions o;
    o.endpoint.baseUrl = prometheus.url();
    o.endpoint.http.totalTimeoutMs = 120'000;
    o.profile = core::MetricProfile::find(QStringLiteral("istio")).value();
    o.profile.window = QStringLiteral("2m"); // at least four scrapes in every rate window

    // Wait until two scrapes with traffic are in: the edge count stops growing.
    QElapsedTimer waited;
    waited.start();
    size_t edges = 0;
    for (;;) {
        auto source = core::PrometheusSource::create(o).value();
        const auto sample = source->fetch();
        if (sample && sample->edges.size() > 0 && sample->edges.size() == edges)
            break;
        if (sample)
            edges = sample->edges.size();
        if (waited.elapsed() > 15 * 60 * 1000) {
            std::fprintf(stderr, "bench_prometheus: no stable data after 15 min (%s)\n",
                         sample ? "" : qPrintable(sample.error()));
            return 1;
        }
        // Polling a real server for readiness: a benchmark, not a unit test.
        QThread::msleep(std::max(1000, options.scrapeIntervalMs));
    }

    auto source = core::PrometheusSource::create(o).value();
    core::RefreshEngine engine(source);
    core::RefreshRequest request;
    request.analytics = false;
    request.historyCapacity = 0;
    std::vector<double> ms;
    core::PrometheusRefreshStats stats;
    size_t nodes = 0;
    for (int i = 0; i < 6; ++i) {
        auto result = engine.refresh(request);
        if (!result) {
            std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(result.error()));
            return 1;
        }
        request.previous = *result->positions;
        stats = source->lastStats();
        nodes = size_t(result->topology->nodeCount());
        edges = size_t(result->topology->edgeCount());
        if (i > 0) // the first one connects and replays the backfill
            ms.push_back(result->timings.fetchMs + result->timings.buildMs +
                         result->timings.scoreMs);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("generated:%d: %zu services, %zu calls; refresh %.0f..%.0f ms\n", n, nodes, edges,
                ms.front(), ms.back());
    std::printf("figure prom_queries_per_refresh_%d %d queries\n", n, stats.queries);
    std::printf("figure prom_bytes_per_refresh_%d %lld bytes\n", n, (long long)stats.bytes);
    std::printf("figure prom_refresh_ms_%d %.0f ms\n", n, ms[ms.size() / 2]);
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QList<int> sizes{1000, 5000, 10000};
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--sizes"));
    if (at > 0 && at + 1 < args.size()) {
        sizes.clear();
        for (const QString &s : args[at + 1].split(QLatin1Char(',')))
            sizes << s.toInt();
    }
    int status = 0;
    for (int n : sizes)
        status |= benchOne(n);
    return status;
}
