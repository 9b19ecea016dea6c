#pragma once

#include "app/commandline.h"
#include "core/result.h"
#include "core/telemetry/telemetrysource.h"

#include <memory>

namespace meshscope::app {

// The source that --prometheus, --jaeger and --alertmanager describe: the Prometheus source
// alone, or a core::CombinedSource when traces or alerts are asked for. `timeoutMs` > 0 bounds
// every request (headless export); 0 keeps the transport's defaults (the window). An error
// names the option that is wrong. Call only when command.prometheus or command.jaeger is set.
Result<std::shared_ptr<core::TelemetrySource>> remoteSource(const CommandLine &command,
                                                            qint64 timeoutMs = 0);

} // namespace meshscope::app
