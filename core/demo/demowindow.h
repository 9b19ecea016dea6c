#pragma once

#include "core/demo/faultspec.h"
#include "core/demo/meshspec.h"
#include "core/telemetry/pasttelemetry.h"

#include <memory>
#include <vector>

namespace meshscope::core {

class DemoSource;

// The demo mesh's past, for replay without any server: the simulator runs again over the
// window, from one rate window before its start, with the same mesh, seed and faults (those the
// live demo had, from DemoSource::faultLog(), or any given here). The simulator only runs
// forwards, so a past moment is simulated anew rather than read back: the faults and the
// shape of the traffic are the same, the counter noise is not bit for bit the live one.
class DemoWindow : public PastTelemetry
{
public:
    DemoWindow(MeshSpec spec, quint64 seed, std::vector<FaultSpec> faults);
    static std::shared_ptr<DemoWindow> of(const DemoSource &source);

    QString name() const override;
    Result<int> fetchWindow(const ReplayWindow &window,
                            const TelemetrySource::SampleConsumer &consume,
                            const Progress &progress, const CancelToken &cancel) override;

private:
    MeshSpec m_spec;
    quint64 m_seed = 0;
    std::vector<FaultSpec> m_faults;
};

} // namespace meshscope::core
