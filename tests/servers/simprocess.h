#pragma once

// meshscope-sim on a free loopback port, for the tests and benchmarks that let a real
// Prometheus scrape the demo mesh. Killed by PID when the object goes, even when a test fails.

#include "core/result.h"

#include <QProcess>
#include <QString>

namespace meshscope::testing {

class SimProcess
{
public:
    SimProcess() = default;
    SimProcess(const SimProcess &) = delete;
    SimProcess &operator=(const SimProcess &) = delete;
    ~SimProcess();

    // Starts `binary --mesh MESH --seed 7 --listen 127.0.0.1:0` and returns "127.0.0.1:PORT"
    // from its "listening on" line, waiting up to `timeoutMs` (a big mesh takes a while).
    Result<QString> start(const QString &binary, const QString &mesh, int timeoutMs = 60'000);

private:
    QProcess m_process;
};

} // namespace meshscope::testing
