// The Prometheus source at scale, against real servers: meshscope-sim serving generated:N, a
// real Prometheus scraping it, and one refresh as the window runs it (the profile's queries
// over HTTP, parsing, building the sample and the topology, scoring; the layout is not part of
// it). Prints per N:
//   figure prom_queries_per_refresh_N   (target: at most 8, whatever N)
//   figure prom_bytes_per_refresh_N     (on the wire)
//   figure prom_refresh_ms_N            (median of 5; target at 5,000: at most 1,000 ms)
//   figure prom_fetch_cpu_ms_N          (median CPU time of this process in the fetch: HTTP
//                                        client, parsing, building the sample; the servers are
//                                        other processes, so a loaded machine inflates it less)
//   figure prom_server_ms_N_<role>      (each query alone with stats=all: Prometheus' own
//                                        evalTotalTime, and the answer's series and bytes)
// with the load average before each size, since the build machine is shared.
//
//   build/tests/bench/bench_prometheus [--sizes 1000,5000,10000] [--interval S] [--window S]
//
// Needs the Debian package prometheus and memory: Prometheus keeps ~1.9 MB per service (9.3 GB
// at 5,000); a size that does not fit in MemAvailable is skipped with a message (exit 1).
// Figures and what they mean: docs/query-profiles.md.

#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/prometheussource.h"
#include "core/prometheus/querybuilder.h"
#include "core/prometheus/vectorparser.h"
#include "core/session/refreshengine.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace meshscope;

namespace {

using Sim = meshscope::testing::SimProcess;

double processCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray("?");
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Each query of the refresh alone, with Prometheus' own timing of its evaluation, so that the
// server's share is known apart from the network, our parsing and the machine's load. Also the
// latency as three server-side histogram_quantile (the shape before the bucket query) to compare.
void serverTimes(int n, const core::PrometheusSourceOptions &o, qint64 atMs)
{
    const auto queries = core::QueryBuilder::create(o.profile, o.granularity, o.namespaces).value();
    auto http = core::HttpClient::shared();
    core::PrometheusEndpoint endpoint = o.endpoint;
    endpoint.extraParams.append({QStringLiteral("stats"), QStringLiteral("all")});
    const core::PrometheusClient client(endpoint, http);
    auto one = [&](const QString &role, const QString &query) {
        const auto r = http->fetch(client.instantQueryRequest(query, atMs));
        if (!r) {
            std::printf("  %s: %s\n", qPrintable(role), qPrintable(r.error()));
            return;
        }
        const QJsonObject data = QJsonDocument::fromJson(r->body).object().value("data").toObject();
        const QJsonObject timings = data.value("stats").toObject().value("timings").toObject();
        std::printf("figure prom_server_ms_%d_%s %.0f ms (%lld series, %lld bytes, %lld on the "
                    "wire)\n",
                    n, qPrintable(role), timings.value("evalTotalTime").toDouble() * 1e3,
                    (long long)data.value("result").toArray().size(), (long long)r->body.size(),
                    (long long)r->wireBytes);
        // Our parse of the same answer, both ways (CPU: the parse is single-threaded).
        double cpu = processCpuMs();
        const bool fast = core::VectorParser::parse(*r).has_value();
        const double fastMs = processCpuMs() - cpu;
        cpu = processCpuMs();
        const bool general = core::PrometheusParser::parseQueryGeneric(*r).ok();
        const double generalMs = processCpuMs() - cpu;
        std::printf("figure prom_parse_cpu_ms_%d_%s %.0f ms (QJsonDocument: %.0f ms%s)\n", n,
                    qPrintable(role), fastMs, generalMs,
                    fast && general ? "" : "; the fast path declined");
    };
    for (qsizetype i = 0; i < queries.queries().size(); ++i) {
        const QString role = core::MetricProfile::roleName(o.profile.queries[size_t(i)].role);
        one(role, queries.queries()[i]);
        if (queries.rangeQueries()[i] != queries.queries()[i])
            one(role + QStringLiteral("_as_quantiles"), queries.rangeQueries()[i]);
    }
}

// MemAvailable in MB, 0 when unknown.
qint64 availableMemoryMb()
{
    QFile f(QStringLiteral("/proc/meminfo"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("MemAvailable:"))
            return line.mid(13).trimmed().split(' ').value(0).toLongLong() / 1024;
    return 0;
}

// Overrides from the command line for a machine that cannot keep up (0: the defaults below).
int g_scrapeIntervalS = 0;
int g_windowS = 0;

int benchOne(int n)
{
    // Prometheus holds every series of the exposition in memory: measured 9.3 GB RSS at
    // generated:5000 (930,000 series) after a few scrapes, plus the simulator's exposition
    // buffer. Starting a size that cannot fit would take the shared machine down with it.
    const qint64 neededMb = qint64(n) * 2200 / 1000;
    const qint64 availableMb = availableMemoryMb();
    if (availableMb > 0 && availableMb < neededMb) {
        std::printf("generated:%d: skipped: needs about %lld MB (Prometheus ~1.9 MB per service), "
                    "MemAvailable is %lld MB\n",
                    n, (long long)neededMb, (long long)availableMb);
        std::fflush(stdout);
        return 1;
    }
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
    options.scrapeIntervalMs = g_scrapeIntervalS > 0 ? g_scrapeIntervalS * 1000
                               : n <= 1000           ? 15000
                               : n <= 5000           ? 60000
                                                     : 120000;
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
    // At least four scrapes in every rate window: a scrape that fails on a loaded machine
    // still leaves enough points for rate().
    o.profile.window = QStringLiteral("%1s").arg(
        g_windowS > 0 ? g_windowS : std::max(120, 4 * options.scrapeIntervalMs / 1000));

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
    std::printf("generated:%d: load average %s\n", n, loadAverage().constData());
    // The first refresh connects and replays the backfill: not timed.
    auto first = engine.refresh(request);
    for (int attempt = 1; !first && attempt <= 5; ++attempt) {
        std::printf("  first refresh failed: %s\n", qPrintable(first.error()));
        QThread::msleep(10'000);
        first = engine.refresh(request);
    }
    if (!first) {
        std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(first.error()));
        return 1;
    }
    request.previous = *first->positions;
    std::vector<double> ms, cpu;
    core::PrometheusRefreshStats stats;
    size_t nodes = 0;
    int failures = 0;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer wall;
        wall.start();
        const double cpuStart = processCpuMs();
        auto sample = source->fetch();
        const double fetchMs = double(wall.nsecsElapsed()) / 1e6;
        if (!sample) {
            // A scrape that timed out on a loaded machine: say so and try again, up to 5 times.
            std::printf("  refresh %d failed: %s\n", i, qPrintable(sample.error()));
            if (++failures > 5)
                return 1;
            --i;
            QThread::msleep(10'000);
            continue;
        }
        cpu.push_back(processCpuMs() - cpuStart);
        const core::RefreshResult result = engine.process(*sample, request, fetchMs);
        request.previous = *result.positions;
        stats = source->lastStats();
        nodes = size_t(result.topology->nodeCount());
        edges = size_t(result.topology->edgeCount());
        ms.push_back(fetchMs + result.timings.buildMs + result.timings.scoreMs);
        std::printf("  refresh %d: fetch %.0f ms (CPU %.0f ms), build %.0f ms, score %.0f ms\n", i,
                    fetchMs, cpu.back(), result.timings.buildMs, result.timings.scoreMs);
    }
    std::printf("generated:%d: %zu services, %zu calls; refresh %.0f..%.0f ms; load average %s\n",
                n, nodes, edges, *std::min_element(ms.begin(), ms.end()),
                *std::max_element(ms.begin(), ms.end()), loadAverage().constData());
    std::printf("figure prom_queries_per_refresh_%d %d queries\n", n, stats.queries);
    std::printf("figure prom_bytes_per_refresh_%d %lld bytes\n", n, (long long)stats.bytes);
    std::printf("figure prom_refresh_ms_%d %.0f ms\n", n, median(ms));
    std::printf("figure prom_fetch_cpu_ms_%d %.0f ms\n", n, median(cpu));
    serverTimes(n, o, QDateTime::currentMSecsSinceEpoch());
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
    // On a loaded machine a big scrape can take minutes: --interval S and --window S let every
    // rate window still hold two scrapes.
    if (const qsizetype i = args.indexOf(QStringLiteral("--interval"));
        i > 0 && i + 1 < args.size())
        g_scrapeIntervalS = args[i + 1].toInt();
    if (const qsizetype w = args.indexOf(QStringLiteral("--window")); w > 0 && w + 1 < args.size())
        g_windowS = args[w + 1].toInt();
    int status = 0;
    for (int n : sizes)
        status |= benchOne(n);
    return status;
}
