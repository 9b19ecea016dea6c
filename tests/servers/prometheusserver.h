#pragma once

#include "tests/servers/serverprocess.h"

namespace meshscope::tests {

// A real Prometheus (Debian package `prometheus`) on a free loopback port with its TSDB in a
// temporary directory. It scrapes itself, plus any `targets` ("127.0.0.1:PORT", e.g. a
// meshscope-sim) as job "targets", every `scrapeIntervalMs`.
class PrometheusServer
{
public:
    struct Options
    {
        int scrapeIntervalMs = 1000;
        int scrapeTimeoutMs = 0; // 0: Prometheus' default (10 s, at most the interval)
        QStringList targets;
        QStringList extraArguments;
        // Recording rule files (`rule_files:`), e.g. `meshscope rules` output, evaluated every
        // evaluationIntervalMs (0: the scrape interval).
        QStringList ruleFiles;
        int evaluationIntervalMs = 0;
        // `metric_relabel_configs:` of the targets job, as YAML list items indented by six
        // spaces (e.g. dropping series no query reads); empty = none.
        QString targetRelabelConfigs;
    };

    PrometheusServer();

    meshscope::Result<void> start(const Options &options);
    meshscope::Result<void> start() { return start(Options{}); }
    QUrl url() const { return m_process.baseUrl(); }
    ServerProcess &process() { return m_process; }

private:
    ServerProcess m_process;
};

} // namespace meshscope::tests
