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
};

} // namespace meshscope::core
