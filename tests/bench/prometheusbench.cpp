// Helpers of bench_prometheus: CPU and memory readings, Prometheus' view of itself, and the
// saved answers of one refresh replayed without a server.

#include "tests/bench/prometheusbench.h"

#include "core/prometheus/prometheusclient.h"
#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/querybuilder.h"
#include "core/prometheus/recordingrules.h"
#include "core/prometheus/samplebuilder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace meshscope::bench {

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

namespace {

// A "<key>: <n> kB" line of a /proc file, in MB; 0 when unknown.
qint64 procMb(const QString &path, const QByteArray &key)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong() / 1024;
    return 0;
}

} // namespace

qint64 availableMemoryMb()
{
    return procMb(QStringLiteral("/proc/meminfo"), "MemAvailable:");
}

qint64 residentMb(qint64 pid)
{
    return procMb(QStringLiteral("/proc/%1/status").arg(pid), "VmRSS:");
}

// One value of a PromQL expression about Prometheus itself (scrape and rule timings); NaN when
// it has none.
double selfValue(const QUrl &url, const QString &query)
{
    core::PrometheusEndpoint endpoint;
    endpoint.baseUrl = url;
    const core::PrometheusClient client(endpoint, core::HttpClient::shared());
    const auto r = client.instantQuery(query);
    if (!r || r->series.empty() || r->series[0].samples.empty())
        return std::nan("");
    return r->series[0].samples.back().value;
}

// The answers of one refresh written to `dir` (answer-<i>.json, in the profile's order), for
// --replay.
bool saveAnswers(const core::PrometheusSourceOptions &o, const QString &dir)
{
    const auto queries =
        core::QueryBuilder::create(
            o.profile, o.granularity, o.namespaces, {},
            core::RecordingRules::create(o.profile, o.granularity).value().recordedNames())
            .value();
    auto http = core::HttpClient::shared();
    const core::PrometheusClient client(o.endpoint, http);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QDir().mkpath(dir);
    for (qsizetype i = 0; i < queries.queries().size(); ++i) {
        const auto r = http->fetch(client.instantQueryRequest(queries.queries()[i], now));
        QFile f(QDir(dir).filePath(QStringLiteral("answer-%1.json").arg(i)));
        if (!r || !f.open(QIODevice::WriteOnly) || f.write(r->body) != r->body.size()) {
            std::fprintf(stderr, "bench_prometheus: answer %lld not saved: %s\n", (long long)i,
                         r ? qPrintable(f.fileName()) : qPrintable(r.error()));
            return false;
        }
    }
    std::printf("saved %lld answers to %s\n", (long long)queries.queries().size(), qPrintable(dir));
    return true;
}

// Our side of a refresh alone, without a server: the answers saved by --save parsed and built
// into a sample ten times (--rounds N) (figure prom_client_cpu_ms_<label>: the median CPU time).
int replayAnswers(const QString &dir, const QString &label, int rounds)
{
    const auto profile = core::MetricProfile::find(QStringLiteral("istio")).value();
    std::vector<core::HttpResponse> answers;
    for (size_t i = 0; i < profile.queries.size(); ++i) {
        QFile f(QDir(dir).filePath(QStringLiteral("answer-%1.json").arg(i)));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench_prometheus: cannot read %s\n", qPrintable(f.fileName()));
            return 1;
        }
        core::HttpResponse r;
        r.status = 200;
        r.url = f.fileName();
        r.body = f.readAll();
        answers.push_back(std::move(r));
    }
    std::vector<double> cpu;
    size_t edges = 0;
    for (int round = 0; round < rounds; ++round) {
        const double start = processCpuMs();
        {
            std::vector<core::PromQueryResult> results;
            for (const core::HttpResponse &r : answers) {
                auto parsed = core::PrometheusParser::parseQuery(r);
                if (!parsed) {
                    std::fprintf(stderr, "bench_prometheus: %s\n", qPrintable(parsed.error()));
                    return 1;
                }
                results.push_back(std::move(parsed).value());
            }
            std::vector<const core::PromQueryResult *> pointers;
            for (const auto &r : results)
                pointers.push_back(&r);
            const core::SampleBuilder builder(profile, core::Granularity::Service);
            edges = builder.build(pointers, 0).edges.size();
        }
        cpu.push_back(processCpuMs() - start);
    }
    std::printf("%s: %zu calls from the answers in %s\n", qPrintable(label), edges,
                qPrintable(dir));
    std::printf("figure prom_client_cpu_ms_%s %.0f ms (parse and build, median of %d)\n",
                qPrintable(label), median(cpu), rounds);
    return 0;
}

} // namespace meshscope::bench
