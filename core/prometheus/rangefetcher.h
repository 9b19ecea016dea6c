#pragma once

#include "core/prometheus/prometheussource.h"
#include "core/telemetry/pasttelemetry.h"

#include <memory>
#include <optional>

namespace meshscope::core {

// Replays a past window of a Prometheus-compatible store: the profile's queries (the same
// QueryBuilder text as a live refresh) as range queries (POST /api/v1/query_range), answered
// slice by slice, and one TelemetrySample per step built by the same SampleBuilder, so that a
// replayed moment is what a live refresh at that moment would have shown.
//
// Memory is bounded by the slice, not by the window: a slice asks for kPointsPerSlice steps of
// every query at once, its samples are handed on one by one and the slice is dropped before the
// next is asked for. A window of more than kMaxPoints steps is refused (choose a larger step).
class RangeFetcher : public PastTelemetry
{
public:
    static constexpr qint64 kPointsPerSlice = 30;
    static constexpr qint64 kMaxPoints = 2'000;

    static Result<std::shared_ptr<RangeFetcher>>
    create(PrometheusSourceOptions options,
           std::shared_ptr<HttpClient> http = HttpClient::shared());

    QString name() const override;
    Result<int> fetchWindow(const ReplayWindow &window,
                            const TelemetrySource::SampleConsumer &consume,
                            const Progress &progress, const CancelToken &cancel) override;

    // Range requests of the last fetchWindow() (one per query and slice), for the status bar.
    int lastRequestCount() const { return m_requests; }

private:
    RangeFetcher(PrometheusSourceOptions options, std::shared_ptr<HttpClient> http);

    Result<void> probePrefix(const CancelToken &cancel);
    QString describe(size_t query) const;

    PrometheusSourceOptions m_options;
    std::shared_ptr<HttpClient> m_http;
    PrometheusClient m_client;
    std::optional<QueryBuilder> m_queries; // with the probed metric prefix
    int m_requests = 0;
};

} // namespace meshscope::core
