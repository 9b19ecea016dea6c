#pragma once

#include "core/result.h"
#include "core/telemetry/telemetrytypes.h"

#include <QString>

#include <functional>

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

    using SampleConsumer = std::function<void(const TelemetrySample &)>;

    // Hands `consume` samples of the recent past, oldest first, every `stepMs` over the last
    // `spanMs`, ending before what the next fetch() returns; returns how many. Called once when
    // the source becomes active, so that charts and health baselines start with history instead
    // of empty. One sample at a time: a big mesh's past never sits in memory at once. 0 when the
    // source cannot look back.
    virtual int backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume)
    {
        Q_UNUSED(spanMs);
        Q_UNUSED(stepMs);
        Q_UNUSED(consume);
        return 0;
    }
};

} // namespace meshscope::core
