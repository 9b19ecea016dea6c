#pragma once

// The synthetic probe of a steady-state condition: an HTTP GET through the core transport, or a
// TCP connect, timed. Blocking (the experiment runner calls it between refreshes).

#include <QString>

namespace meshscope::chaos {

struct ProbeResult
{
    QString url;
    qint64 atMs = 0; // when it ran (the run's clock)
    bool success = false;
    double latencyMs = 0.0;
    QString error; // why it failed, for the timeline
};

class SyntheticProbe
{
public:
    // http://… succeeds on a 2xx/3xx answer; tcp://host:port when the connection is accepted.
    static ProbeResult run(const QString &url, int timeoutMs = 2000);
};

} // namespace meshscope::chaos
