#pragma once

// The demo mesh as an experiment's observer: a DemoSource on a manual clock that next() moves
// forward, a TopologyBuilder and a HealthModel as the window's refresh pipeline uses them.

#include "chaos/experiment/meshobserver.h"
#include "core/health/healthmodel.h"
#include "core/topology/topologybuilder.h"

#include <memory>

namespace meshscope::core {
class DemoSource;
}

namespace meshscope::chaos {

class DemoObserver : public MeshObserver
{
public:
    // Builds the demo mesh `meshName` with its clock at `startMs` (simulated epoch ms). The
    // health model first scores `warmupRefreshes` refreshes 10 s apart before startMs, as a
    // window that has been open a while has: the stability term needs a baseline of
    // stability.minSamples refreshes before it says anything.
    static Result<std::unique_ptr<DemoObserver>> create(const QString &meshName, quint64 seed,
                                                        qint64 startMs,
                                                        core::HealthSettings settings = {},
                                                        int warmupRefreshes = 30);

    Result<MeshObservation> next(qint64 stepMs) override;
    qint64 nowMs() const override { return *m_clock; }

    std::shared_ptr<core::DemoSource> source() const { return m_source; }
    // The clock as a function, for the DemoExecutor acting on the same simulated time.
    std::function<qint64()> clock() const
    {
        return [c = m_clock] { return *c; };
    }

private:
    DemoObserver() = default;

    std::shared_ptr<qint64> m_clock;
    std::shared_ptr<core::DemoSource> m_source;
    core::TopologyBuilder m_builder;
    core::HealthModel m_model;
};

} // namespace meshscope::chaos
