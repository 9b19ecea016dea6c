#pragma once

#include "core/prometheus/metricprofile.h"
#include "core/prometheus/prometheusclient.h"
#include "core/prometheus/querybuilder.h"
#include "core/prometheus/ruleevaluations.h"
#include "core/telemetry/telemetrysource.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace meshscope::core {

struct PrometheusSourceOptions
{
    PrometheusEndpoint endpoint;
    MetricProfile profile;
    Granularity granularity = Granularity::Service;
    QString namespaces = QStringLiteral(".*"); // regex over namespace names
    // Read Meshscope's recording rules (RecordingRules) when the server has every series they
    // record for this profile, granularity and window; false: always the raw queries.
    bool useRecordingRules = true;
    // When reading them: read at the rule group's last completed evaluation, and reuse the
    // sample until the next one completes (RuleEvaluations); false: every refresh queries, at
    // its own time.
    bool followRuleEvaluations = true;
};

// What the last refresh cost, for the status bar ("6 queries · 41 KiB · 38 ms").
struct PrometheusRefreshStats
{
    int queries = 0;
    qint64 bytes = 0;            // on the wire (compressed)
    qint64 elapsedMs = 0;        // HTTP and parsing of the whole batch
    QStringList warnings;        // from the server (partial answers) and from us (dropped NaN/Inf)
    qint64 atMs = 0;             // 0 = no refresh yet
    bool recordingRules = false; // the refresh read the recorded series (RecordingRules)
    qint64 evaluationMs = 0;     // the rule evaluation read (server's clock); 0: not followed
    bool reused = false;         // that evaluation was read before: no query but the rules API
};

// A Prometheus-compatible store (Prometheus, Thanos, Mimir, VictoriaMetrics) as a telemetry
// source. On the first fetch it checks the server (build info; VictoriaMetrics' empty data is
// fine) and that the profile's metric has series, and finds the prefix an exporter may have put
// before it. Each fetch then runs the profile's few aggregated instant queries concurrently, at
// one evaluation time, and builds the sample. backfill() replays the recent past with range
// queries. fetch() and backfill() block: they run on the pipeline's worker.
class PrometheusSource : public TelemetrySource
{
public:
    using Clock = std::function<qint64()>; // ms since the Unix epoch

    static Result<std::shared_ptr<PrometheusSource>>
    create(PrometheusSourceOptions options, std::shared_ptr<HttpClient> http = HttpClient::shared(),
           Clock clock = {});

    QString name() const override;
    Result<TelemetrySample> fetch() override;
    int backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume) override;

    // Thread-safe: read by the status bar on the GUI thread while a refresh runs.
    PrometheusRefreshStats lastStats() const;
    // "Prometheus 2.42.0+ds" / "a Prometheus-compatible server (no version)"; empty before
    // the first successful connection.
    QString serverDescription() const;
    const PrometheusSourceOptions &options() const { return m_options; }

    // No request runs past this time (ms since the epoch): the total timeout of a headless run.
    void setDeadline(qint64 epochMs) { m_deadlineMs = epochMs; }

private:
    PrometheusSource(PrometheusSourceOptions options, std::shared_ptr<HttpClient> http, Clock clock,
                     QueryBuilder queries);

    Result<void> connect();
    Result<std::vector<PromQueryResult>> run(const std::vector<HttpRequest> &requests,
                                             qint64 *bytes);
    Result<HttpOptions> httpOptions() const;
    QStringList probeRecordingRules(const PrometheusClient &client, const QString &prefix) const;

    PrometheusSourceOptions m_options;
    std::shared_ptr<HttpClient> m_http;
    PrometheusClient m_client;
    Clock m_clock;
    std::optional<QueryBuilder> m_queries;        // with the probed prefix, once connected
    std::optional<RuleEvaluations> m_evaluations; // reading recorded series, following them
    std::atomic<qint64> m_deadlineMs{0};
    // backfill() runs first in a refresh: when it could not connect, the fetch() that follows
    // reports that reason at once instead of waiting for the server a second time.
    std::optional<QString> m_connectError;

    mutable std::mutex m_mutex; // the two below
    PrometheusRefreshStats m_stats;
    QString m_server;
    bool m_recorded = false; // the queries read the recorded series
};

} // namespace meshscope::core
