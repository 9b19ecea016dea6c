// The Prometheus source at scale, against real servers: meshscope-sim serving generated:N, a
// real Prometheus scraping it in the recommended setup (Meshscope's recording rules loaded,
// series no query reads dropped at scrape time), and one refresh as the window runs it (the
// profile's queries over HTTP, parsing, building the sample and the topology, scoring; the
// layout is not part of it), once reading the recorded series and once with the raw queries
// (suffix _raw) against the same server. Prints per N:
//   figure prom_queries_per_refresh_N[_raw]   (target: at most 8, whatever N)
//   figure prom_bytes_per_refresh_N[_raw]     (on the wire)
//   figure prom_refresh_ms_N[_raw]            (median of 5; target at 5,000: at most 1,000 ms;
//                                              paced as the window runs them: the refreshes
//                                              that query, once per rule evaluation)
//   figure prom_refresh_ms_N_anytime          (the recorded series, not following the rule
//                                              evaluations: five refreshes a fifth of the
//                                              interval apart, rule evaluation or not)
//   figure prom_reused_ms_N                   (a paced refresh without a new evaluation)
//   figure prom_fetch_cpu_ms_N[_raw]          (median CPU time of this process in the fetch:
//                                              HTTP client, parsing, building the sample; the
//                                              servers are other processes)
//   figure prom_scrape_s_N, prom_head_series_N, prom_rule_eval_s_N, prom_rss_mb_N
//                                             (Prometheus' side: one scrape, the series it
//                                              keeps, one evaluation of the rules, its memory)
//   figure prom_server_ms_N_<role>            (each raw query alone with stats=all: Prometheus'
//                                              own evalTotalTime, the answer's series and bytes)
// with the load average, since the build machine is shared.
//
//   build/tests/bench/bench_prometheus [--sizes 1000,5000,10000] [--interval S] [--window S]
//   build/tests/bench/bench_prometheus --sizes N --hold S
//     (the servers of size N kept up for S seconds once their data is stable, nothing timed)
//   build/tests/bench/bench_prometheus --url URL --window S [--label NAME] [--save DIR]
//     (the timed refreshes and per-query figures against a Prometheus already running, e.g.
//     your own, with the rules of `meshscope rules --window S` loaded; figures named NAME;
//     --save: only write the recorded answers of one refresh to DIR)
//   build/tests/bench/bench_prometheus --replay DIR [--label NAME] [--rounds N]
//     (figure prom_client_cpu_ms_NAME: our parse and build of the answers in DIR, no server)
//
// Needs the Debian package prometheus and memory; a size that does not fit in MemAvailable is
// skipped with a message (exit 1). Figures and what they mean: docs/query-profiles.md.

#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/prometheussource.h"
#include "core/prometheus/querybuilder.h"
#include "core/prometheus/recordingrules.h"
#include "core/prometheus/samplebuilder.h"
#include "core/prometheus/vectorparser.h"
#include "core/session/refreshengine.h"
#include "tests/bench/prometheusbench.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace meshscope;
using namespace meshscope::bench;

namespace {

using Sim = meshscope::testing::SimProcess;

// Each query of the refresh alone, with Prometheus' own timing of its evaluation, so that the
// server's share is known apart from the network, our parsing and the machine's load. Also the
// latency as three server-side histogram_quantile (the shape before the bucket query) to compare.
void serverTimes(int n, const core::PrometheusSourceOptions &o, qint64 atMs,
                 const QStringList &recorded = {})
{
    const auto queries =
        core::QueryBuilder::create(o.profile, o.granularity, o.namespaces, {}, recorded).value();
    const QString suffix = recorded.isEmpty() ? QString() : QStringLiteral("_recorded");
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
        const QString role =
            core::MetricProfile::roleName(o.profile.queries[size_t(i)].role) + suffix;
        one(role, queries.queries()[i]);
        if (recorded.isEmpty() && queries.rangeQueries()[i] != queries.queries()[i])
            one(role + QStringLiteral("_as_quantiles"), queries.rangeQueries()[i]);
    }
}

// Overrides from the command line for a machine that cannot keep up (0: the defaults below).
int g_scrapeIntervalS = 0;
int g_windowS = 0;
// --hold S: keep the servers of the first size up for S seconds once their data is stable, and
// time nothing (to profile against them with --url).
int g_holdS = 0;

// Series no built-in query reads, dropped at scrape time in the recommended setup (the
// destination reporter's latency buckets and every histogram's _sum/_count): Prometheus then
// keeps about half the series of the exposition. docs/query-profiles.md.
const char kDropUnread[] =
    "      - source_labels: [__name__, reporter]\n"
    "        regex: 'istio_request_duration_milliseconds_bucket;destination'\n"
    "        action: drop\n"
    "      - source_labels: [__name__]\n"
    "        regex: 'istio_request_duration_milliseconds_(sum|count)'\n"
    "        action: drop\n";

// The window's default refresh interval (LiveSession): how often the paced refreshes tick.
constexpr int kTickMs = 5000;

// Five timed refreshes through `o`, printed with `suffix` after the size ("" for the recommended
// setup, "_anytime", "_raw"). Reading recorded series and following the rule evaluations (the
// default), the refreshes are paced as the window runs them: a tick every kTickMs, and a tick
// only queries once the rule group has completed a new evaluation, the others reuse the last
// sample (figure prom_reused_ms_N); the five timed ones are those that query. Otherwise five
// refreshes `spreadMs` apart (a fifth of the rule interval: spread over its phases, rule
// evaluation and scrape included), each querying at whatever moment it starts.
bool timeRefreshes(int n, const core::PrometheusSourceOptions &o, const char *suffix,
                   int spreadMs = 0)
{
    auto source = core::PrometheusSource::create(o).value();
    core::RefreshEngine engine(source);
    core::RefreshRequest request;
    request.analytics = false;
    request.historyCapacity = 0;
    // The first fetch connects (probing the recorded series) and the first process lays the
    // graph out from nothing: not timed. No backfill: its range queries read the raw metrics
    // over ten minutes, the window's one-off start, not a refresh.
    auto first = source->fetch();
    for (int attempt = 1; !first && attempt <= 5; ++attempt) {
        std::printf("  first refresh failed: %s\n", qPrintable(first.error()));
        QThread::msleep(10'000);
        first = source->fetch();
    }
    if (!first) {
        std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(first.error()));
        return false;
    }
    request.previous = *engine.process(*first, request).positions;
    const bool paced = source->lastStats().evaluationMs > 0;
    std::printf("generated:%d%s: %s%s\n", n, suffix, qPrintable(source->serverDescription()),
                paced ? ", following the rule evaluations" : "");
    std::vector<double> ms, cpu, reused;
    core::PrometheusRefreshStats stats;
    size_t nodes = 0;
    size_t edges = 0;
    int failures = 0;
    QElapsedTimer running;
    running.start();
    while (ms.size() < 5) {
        if (paced && running.elapsed() > 20 * 60 * 1000) {
            std::printf("  fewer than 5 rule evaluations in 20 minutes\n");
            return false;
        }
        QElapsedTimer wall;
        wall.start();
        const double cpuStart = processCpuMs();
        auto sample = source->fetch();
        const double fetchMs = double(wall.nsecsElapsed()) / 1e6;
        if (!sample) {
            // A scrape that timed out on a loaded machine: say so and try again, up to 5 times.
            std::printf("  refresh %zu failed: %s\n", ms.size(), qPrintable(sample.error()));
            if (++failures > 5)
                return false;
            QThread::msleep(10'000);
            continue;
        }
        const double fetchCpu = processCpuMs() - cpuStart;
        const core::RefreshResult result = engine.process(*sample, request, fetchMs);
        request.previous = *result.positions;
        const core::PrometheusRefreshStats now = source->lastStats();
        const double total = fetchMs + result.timings.buildMs + result.timings.scoreMs;
        if (now.reused) {
            reused.push_back(total);
        } else {
            stats = now;
            cpu.push_back(fetchCpu);
            nodes = size_t(result.topology->nodeCount());
            edges = size_t(result.topology->edgeCount());
            ms.push_back(total);
            std::printf(
                "  refresh %zu: fetch %.0f ms (CPU %.0f ms), build %.0f ms, score %.0f ms%s\n",
                ms.size() - 1, fetchMs, fetchCpu, result.timings.buildMs, result.timings.scoreMs,
                paced ? qPrintable(QStringLiteral(", %1 s after the evaluation began")
                                       .arg(double(now.atMs - now.evaluationMs) / 1e3, 0, 'f', 1))
                      : "");
        }
        // Ticking as the window does, or spread over the interval: a benchmark, not a unit test.
        if (paced || ms.size() < 5)
            QThread::msleep(std::max<qint64>(0, (paced ? kTickMs : spreadMs) - wall.elapsed()));
    }
    std::printf("generated:%d%s: %zu services, %zu calls; refresh %.0f..%.0f ms; %s; load "
                "average %s\n",
                n, suffix, nodes, edges, *std::min_element(ms.begin(), ms.end()),
                *std::max_element(ms.begin(), ms.end()),
                stats.recordingRules ? "recorded series" : "raw queries",
                loadAverage().constData());
    std::printf("figure prom_queries_per_refresh_%d%s %d queries\n", n, suffix, stats.queries);
    std::printf("figure prom_bytes_per_refresh_%d%s %lld bytes\n", n, suffix,
                (long long)stats.bytes);
    std::printf("figure prom_refresh_ms_%d%s %.0f ms\n", n, suffix, median(ms));
    std::printf("figure prom_fetch_cpu_ms_%d%s %.0f ms\n", n, suffix, median(cpu));
    if (!reused.empty())
        std::printf("figure prom_reused_ms_%d%s %.1f ms (%zu refreshes without a new "
                    "evaluation)\n",
                    n, suffix, median(reused), reused.size());
    std::fflush(stdout);
    return true;
}

int benchOne(int n)
{
    // Prometheus holds every series it keeps in memory: in the recommended setup (about half
    // the series kept, plus the recorded ones, and the queries' garbage) measured 1.4-1.8 GB at
    // generated:1000, 7.9-9.0 GB at 5,000 and 17.2 GB at 10,000 at the end of a run, with a
    // peak of 20.2 GB at 10,000 (2.4 GB left on the 24 GB machine): 2 MB per service. Starting
    // a size that cannot fit would take the shared machine down.
    const qint64 neededMb = qint64(n) * 2000 / 1000;
    const qint64 availableMb = availableMemoryMb();
    if (availableMb > 0 && availableMb < neededMb) {
        std::printf("generated:%d: skipped: needs about %lld MB (Prometheus ~1.6 MB per service "
                    "with the recommended setup, and room), MemAvailable is %lld MB\n",
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
    tests::PrometheusServer::Options options;
    // A big exposition takes seconds to scrape (and longer on a busy machine); a scrape that
    // times out marks every series stale, so the interval and timeout grow with the mesh.
    options.scrapeIntervalMs = g_scrapeIntervalS > 0 ? g_scrapeIntervalS * 1000
                               : n <= 1000           ? 15000
                               : n <= 5000           ? 60000
                                                     : 120000;
    options.scrapeTimeoutMs = options.scrapeIntervalMs;
    options.targets = {*address};
    options.targetRelabelConfigs = QString::fromLatin1(kDropUnread);

    core::PrometheusSourceOptions o;
    o.endpoint.http.totalTimeoutMs = 120'000;
    o.profile = core::MetricProfile::find(QStringLiteral("istio")).value();
    // At least four scrapes in every rate window: a scrape that fails on a loaded machine
    // still leaves enough points for rate().
    o.profile.window = QStringLiteral("%1s").arg(
        g_windowS > 0 ? g_windowS : std::max(120, 4 * options.scrapeIntervalMs / 1000));
    // The recording rules `meshscope rules --window W` prints for this window.
    QTemporaryDir rulesDir;
    const QString rulesFile = rulesDir.filePath(QStringLiteral("meshscope-rules.yml"));
    {
        const auto rules = core::RecordingRules::create(o.profile, o.granularity).value();
        QFile f(rulesFile);
        if (!f.open(QIODevice::WriteOnly) || f.write(rules.toYaml()) < 0) {
            std::fprintf(stderr, "bench_prometheus: cannot write %s\n", qPrintable(rulesFile));
            return 1;
        }
    }
    options.ruleFiles = {rulesFile};
    tests::PrometheusServer prometheus;
    if (auto started = prometheus.start(options); !started) {
        std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(started.error()));
        return 1;
    }
    o.endpoint.baseUrl = prometheus.url();

    // Wait until the recorded series hold two scrapes of traffic: the edge count stops growing.
    QElapsedTimer waited;
    waited.start();
    size_t edges = 0;
    for (;;) {
        auto source = core::PrometheusSource::create(o).value();
        const auto sample = source->fetch();
        if (sample && source->lastStats().recordingRules && sample->edges.size() > 0 &&
            sample->edges.size() == edges)
            break;
        if (sample && source->lastStats().recordingRules)
            edges = sample->edges.size();
        if (waited.elapsed() > 20 * 60 * 1000) {
            std::fprintf(stderr, "bench_prometheus: no stable recorded data after 20 min (%s)\n",
                         sample ? "" : qPrintable(sample.error()));
            return 1;
        }
        // Polling a real server for readiness: a benchmark, not a unit test.
        QThread::msleep(std::max(1000, options.scrapeIntervalMs));
    }
    std::printf("generated:%d: scrape every %d s, window %s; load average %s\n", n,
                options.scrapeIntervalMs / 1000, qPrintable(o.profile.window),
                loadAverage().constData());
    if (g_holdS > 0) {
        std::printf("holding %s for %d s\n", qPrintable(prometheus.url().toString()), g_holdS);
        std::fflush(stdout);
        // Keeping the servers up for a profiler: a benchmark tool, not a unit test.
        QThread::sleep(g_holdS);
        return 0;
    }
    std::printf("figure prom_scrape_s_%d %.1f s (scrape_duration_seconds of the exposition)\n", n,
                selfValue(prometheus.url(),
                          QStringLiteral("max(scrape_duration_seconds{job=\"targets\"})")));
    std::printf("figure prom_head_series_%d %.0f series (kept after the drop rules)\n", n,
                selfValue(prometheus.url(), QStringLiteral("prometheus_tsdb_head_series")));
    if (!timeRefreshes(n, o, ""))
        return 1;
    core::PrometheusSourceOptions anytime = o;
    anytime.followRuleEvaluations = false;
    if (!timeRefreshes(n, anytime, "_anytime", options.scrapeIntervalMs / 5))
        return 1;
    core::PrometheusSourceOptions raw = o;
    raw.useRecordingRules = false;
    if (!timeRefreshes(n, raw, "_raw"))
        return 1;
    std::printf("figure prom_rule_eval_s_%d %.1f s (the rule group's last evaluation)\n", n,
                selfValue(prometheus.url(),
                          QStringLiteral("max(prometheus_rule_group_last_duration_seconds)")));
    std::printf("figure prom_rss_mb_%d %lld MB (Prometheus)\n", n,
                (long long)residentMb(prometheus.process().pid()));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    serverTimes(n, raw, now,
                core::RecordingRules::create(o.profile, o.granularity).value().recordedNames());
    serverTimes(n, raw, now);
    std::fflush(stdout);
    return 0;
}

} // namespace

// The refreshes against a server the user runs: nothing started, nothing waited for.
int benchUrl(const QString &url, const QString &label, const QString &saveDir)
{
    core::PrometheusSourceOptions o;
    o.endpoint.baseUrl = QUrl(url);
    o.endpoint.http.totalTimeoutMs = 120'000;
    o.profile = core::MetricProfile::find(QStringLiteral("istio")).value();
    if (g_windowS > 0)
        o.profile.window = QStringLiteral("%1s").arg(g_windowS);
    const int n = label.toInt();
    std::printf("%s: %s, window %s; load average %s\n", qPrintable(label), qPrintable(url),
                qPrintable(o.profile.window), loadAverage().constData());
    if (!saveDir.isEmpty())
        return saveAnswers(o, saveDir) ? 0 : 1;
    if (!timeRefreshes(n, o, ""))
        return 1;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    serverTimes(n, o, now,
                core::RecordingRules::create(o.profile, o.granularity).value().recordedNames());
    std::fflush(stdout);
    return 0;
}

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
    if (const qsizetype h = args.indexOf(QStringLiteral("--hold")); h > 0 && h + 1 < args.size())
        g_holdS = args[h + 1].toInt();
    if (const qsizetype u = args.indexOf(QStringLiteral("--url")); u > 0 && u + 1 < args.size()) {
        const qsizetype l = args.indexOf(QStringLiteral("--label"));
        const qsizetype save = args.indexOf(QStringLiteral("--save"));
        return benchUrl(args[u + 1],
                        l > 0 && l + 1 < args.size() ? args[l + 1] : QStringLiteral("0"),
                        save > 0 && save + 1 < args.size() ? args[save + 1] : QString());
    }
    if (const qsizetype r = args.indexOf(QStringLiteral("--replay"));
        r > 0 && r + 1 < args.size()) {
        const qsizetype l = args.indexOf(QStringLiteral("--label"));
        const qsizetype n = args.indexOf(QStringLiteral("--rounds"));
        return replayAnswers(args[r + 1],
                             l > 0 && l + 1 < args.size() ? args[l + 1] : QStringLiteral("replay"),
                             n > 0 && n + 1 < args.size() ? std::max(1, args[n + 1].toInt()) : 10);
    }
    int status = 0;
    for (int n : sizes)
        status |= benchOne(n);
    return status;
}
