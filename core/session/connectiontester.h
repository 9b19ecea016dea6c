#pragma once

#include "core/alerts/alertmanagerclient.h"
#include "core/alerts/alerttypes.h"
#include "core/jaeger/jaegerclient.h"
#include "core/net/httpclient.h"
#include "core/prometheus/prometheussource.h"
#include "core/result.h"

#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace meshscope::core {

// What "Test connection" found.
struct ConnectionTestReport
{
    QString server; // "Prometheus 2.42.0+ds", or "a Prometheus-compatible server (no version)"
    QString url;    // the query API's base, for the message
    qint64 seriesCount = 0; // series of the profile's probe metric (any exporter prefix)
    QStringList metrics;    // the metric names found ("istio_requests_total")
    qint64 elapsedMs = 0;   // build info and the series count, end to end
    QStringList warnings;   // the server's (Thanos partial answers)
};

// What "Test connection" found on one side backend (Jaeger, Alertmanager): reached or not,
// what answered, a count a user can check against their UI, and the time it took.
struct BackendTestReport
{
    QString backend;  // "Jaeger", "Alertmanager"
    QString url;      // the base URL, for the message
    QString server;   // "Jaeger (API v3)", "Alertmanager 0.25.0"
    qint64 count = 0; // Jaeger: services; Alertmanager: firing alerts (the profile's filter)
    qint64 elapsedMs = 0;
    QString error; // empty = reached; else what failed, naming the URL

    bool ok() const { return error.isEmpty(); }
};

// Everything a profile names, with its secrets already resolved (GUI thread), for a worker.
struct ConnectionTestTargets
{
    PrometheusSourceOptions prometheus;
    std::optional<JaegerEndpoint> jaeger;
    std::optional<AlertmanagerEndpoint> alertmanager;
    AlertFilter alertFilter;
};

// The whole test: the store's answer, and one report per side backend the profile names (each
// backend is tried whatever the others said, so every failure is named at once).
struct ConnectionTestOutcome
{
    Result<ConnectionTestReport> prometheus = Error{QString()};
    std::vector<BackendTestReport> backends;

    bool ok() const;
};

// Checks a profile's store the way a refresh would use it: build info, then how many series of
// the metric profile's probe metric exist. Blocking: run it on a worker thread.
class ConnectionTester
{
public:
    static Result<ConnectionTestReport> run(const PrometheusSourceOptions &options,
                                            std::shared_ptr<HttpClient> http = HttpClient::shared(),
                                            const CancelToken &cancel = {});
    // Jaeger: which API the server has (JaegerClient::detectApi: v3 or v1), then its services.
    static BackendTestReport runJaeger(const JaegerEndpoint &endpoint,
                                       std::shared_ptr<HttpClient> http = HttpClient::shared(),
                                       const CancelToken &cancel = {});
    // Alertmanager: its version (`GET /api/v2/status`), then the alerts `filter` selects, of
    // which the firing ones are counted (what the status bar would say).
    static BackendTestReport
    runAlertmanager(const AlertmanagerEndpoint &endpoint, const AlertFilter &filter = {},
                    std::shared_ptr<HttpClient> http = HttpClient::shared(),
                    const CancelToken &cancel = {});
    // The store and every side backend of `targets`; the side backends' checks run beside the
    // store's.
    static ConnectionTestOutcome runAll(const ConnectionTestTargets &targets,
                                        std::shared_ptr<HttpClient> http = HttpClient::shared());
};

} // namespace meshscope::core
