#pragma once

#include "core/result.h"
#include "core/telemetrytypes.h"

#include <QString>

namespace meshscope::core {

// Where a refresh gets its telemetry: the demo simulator, Prometheus, Jaeger. fetch() blocks and
// runs on a worker thread; the pipeline never calls it twice at the same time.
class TelemetrySource
{
public:
    virtual ~TelemetrySource() = default;

    // For status bars and export titles: "demo:shop", "prometheus:http://...".
    virtual QString name() const = 0;
    virtual Result<TelemetrySample> fetch() = 0;

    // Samples for the recent past, oldest first, every `stepMs` over the last `spanMs`, ending
    // before what the next fetch() returns. Called once when the source becomes active, so that
    // charts and health baselines start with history instead of empty. Empty when the source
    // cannot look back.
    virtual std::vector<TelemetrySample> backfill(qint64 spanMs, qint64 stepMs)
    {
        Q_UNUSED(spanMs);
        Q_UNUSED(stepMs);
        return {};
    }
};

} // namespace meshscope::core
