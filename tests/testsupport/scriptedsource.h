#pragma once

// A telemetry source whose answers the test controls, shared by the refresh tests
// (tst_refreshpipeline, tst_livesession): a fixed chain a -> b -> c, or an error; fetches can be
// held back to observe coalescing. Header-only; include as "tests/testsupport/scriptedsource.h".

#include "core/telemetry/telemetrysource.h"
#include "tests/common/samplebuilder.h"

#include <QSemaphore>

#include <atomic>

namespace meshscope::testing {

class ScriptedSource : public core::TelemetrySource
{
public:
    // The n-th fetch's sample is stamped `startMs` + n seconds.
    explicit ScriptedSource(qint64 startMs = 0) : m_startMs(startMs) {}

    QString name() const override { return QStringLiteral("scripted"); }
    Result<core::TelemetrySample> fetch() override
    {
        ++fetches;
        if (gate)
            gate->acquire();
        // fetch() runs on a worker: `failure` is read only after `failing` says it was set.
        if (failing)
            return Error{failure};
        core::TelemetrySample s =
            sampleFromCalls(QStringLiteral("a>b b>c"), 10, 20, m_startMs + 1000 * fetches);
        for (core::EdgeSample &e : s.edges)
            e.mtlsShare = 1.0;
        return s;
    }

    std::atomic<int> fetches{0};
    // Set `failure` first when it should say something else.
    QString failure = QStringLiteral("http://127.0.0.1:9/api/v1/query: connection refused");
    std::atomic<bool> failing{false};
    QSemaphore *gate = nullptr;

private:
    qint64 m_startMs = 0;
};

} // namespace meshscope::testing
