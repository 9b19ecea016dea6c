#pragma once

#include "app/commandline.h"
#include "core/prometheus/prometheussource.h"
#include "core/result.h"

namespace meshscope::core {
class SecretVault;
}

namespace meshscope::app {

// The Prometheus source the command line asks for: the connection profile named by --profile
// (read from `storePath`) or --prometheus URL, then the options given on the command line on
// top (--metric-profile, --namespaces, --granularity, one-off auth, --tenant, --thanos).
Result<core::PrometheusSourceOptions>
connectionOptions(const CommandLine &command, core::SecretVault *vault, const QString &storePath);

} // namespace meshscope::app
