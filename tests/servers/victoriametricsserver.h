#pragma once

#include "tests/servers/serverprocess.h"

namespace meshscope::tests {

// A real single-node VictoriaMetrics (Debian package `victoria-metrics`) on a free loopback
// port with its storage in a temporary directory. Queries see fresh samples at once
// (no latency offset, no result cache), so tests need not wait half a minute.
class VictoriaMetricsServer
{
public:
    VictoriaMetricsServer();

    // `scrapeTargets` ("127.0.0.1:PORT") are scraped every second when given.
    meshscope::Result<void> start(const QStringList &scrapeTargets = {});
    QUrl url() const { return m_process.baseUrl(); }
    ServerProcess &process() { return m_process; }

    // Pushes samples in the Prometheus text format (timestamps in ms) and flushes them to
    // storage, so that the next query can see them.
    meshscope::Result<void> importPrometheusText(const QByteArray &text);

private:
    ServerProcess m_process;
};

} // namespace meshscope::tests
