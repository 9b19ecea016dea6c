#pragma once

#include "core/net/httptypes.h"
#include "core/result.h"
#include "core/telemetry/telemetrysource.h"

#include <functional>

namespace meshscope::core {

// A past time window, sampled every `stepMs` from `startMs` to `endMs` (both included), in ms
// since the Unix epoch.
struct ReplayWindow
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 15'000;

    qint64 pointCount() const { return stepMs > 0 ? (endMs - startMs) / stepMs + 1 : 0; }
};

// Where replay gets the telemetry of a past window: range queries against a Prometheus-
// compatible store (RangeFetcher), or the demo mesh simulated again over that window
// (DemoWindow). Blocking; runs on a worker thread, one call at a time.
class PastTelemetry
{
public:
    // (points done, points in the window): called on the worker, from inside fetchWindow().
    using Progress = std::function<void(qint64 done, qint64 total)>;

    virtual ~PastTelemetry() = default;
    virtual QString name() const = 0;

    // Hands `consume` one sample per step of the window that has data, oldest first, and
    // returns how many. An error names what failed (URL, query); a cancelled fetch returns an
    // error saying so. Samples already consumed stay valid.
    virtual Result<int> fetchWindow(const ReplayWindow &window,
                                    const TelemetrySource::SampleConsumer &consume,
                                    const Progress &progress, const CancelToken &cancel) = 0;
};

} // namespace meshscope::core
