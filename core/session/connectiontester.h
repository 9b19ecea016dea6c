#pragma once

#include "core/net/httpclient.h"
#include "core/prometheus/prometheussource.h"
#include "core/result.h"

#include <QStringList>

#include <memory>

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

// Checks a profile's store the way a refresh would use it: build info, then how many series of
// the metric profile's probe metric exist. Blocking: run it on a worker thread.
class ConnectionTester
{
public:
    static Result<ConnectionTestReport> run(const PrometheusSourceOptions &options,
                                            std::shared_ptr<HttpClient> http = HttpClient::shared(),
                                            const CancelToken &cancel = {});
};

} // namespace meshscope::core
