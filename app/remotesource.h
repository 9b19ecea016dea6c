#pragma once

#include "app/commandline.h"
#include "core/alerts/alertmanagerclient.h"
#include "core/jaeger/jaegerclient.h"
#include "core/prometheus/prometheussource.h"
#include "core/result.h"
#include "core/telemetry/telemetrysource.h"

#include <memory>
#include <optional>

namespace meshscope::core {
struct ConnectionProfile;
class SecretVault;
} // namespace meshscope::core

namespace meshscope::app {

// The backends one session reads: a mesh store, Jaeger and Alertmanager, each optional.
struct RemoteEndpoints
{
    std::optional<core::PrometheusSourceOptions> prometheus;
    std::optional<core::JaegerEndpoint> jaeger;
    std::optional<core::AlertmanagerEndpoint> alertmanager;
    QStringList alertFilters;

    bool insecure() const { return prometheus && prometheus->endpoint.http.insecure; }
};

// What --profile, --prometheus, --jaeger and --alertmanager describe: a connection profile's
// backends, with the command line's own options on top. Errors name the option or the profile
// field that is wrong.
Result<RemoteEndpoints> remoteEndpoints(const CommandLine &command, core::SecretVault *vault);
// A connection profile's backends (File > Connections...).
Result<RemoteEndpoints> remoteEndpoints(const core::ConnectionProfile &profile,
                                        core::SecretVault *vault);

// The source for those backends: the Prometheus source alone, or a core::CombinedSource when
// traces or alerts are asked for. `timeoutMs` > 0 bounds every request (headless export); 0
// keeps the transport's defaults (the window).
Result<std::shared_ptr<core::TelemetrySource>> remoteSource(RemoteEndpoints endpoints,
                                                            qint64 timeoutMs = 0);

} // namespace meshscope::app
