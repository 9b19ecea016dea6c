#include "core/demo/demowindow.h"

#include "core/demo/demosource.h"
#include "core/demo/meshsimulator.h"

#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcDemoSource) // defined in demosource.cpp

namespace meshscope::core {

DemoWindow::DemoWindow(MeshSpec spec, quint64 seed, std::vector<FaultSpec> faults)
    : m_spec(std::move(spec)), m_seed(seed), m_faults(std::move(faults))
{
}

std::shared_ptr<DemoWindow> DemoWindow::of(const DemoSource &source)
{
    return std::make_shared<DemoWindow>(source.spec(), source.seed(), source.faultLog());
}

QString DemoWindow::name() const
{
    return QStringLiteral("demo:") + m_spec.name;
}

Result<int> DemoWindow::fetchWindow(const ReplayWindow &window,
                                    const TelemetrySource::SampleConsumer &consume,
                                    const Progress &progress, const CancelToken &cancel)
{
    if (window.stepMs <= 0 || window.endMs < window.startMs)
        return Error{QStringLiteral("replay window: needs a step > 0 and an end after the start "
                                    "(got step %1 ms, %2 ms long)")
                         .arg(window.stepMs)
                         .arg(window.endMs - window.startMs)};
    // One full rate window before the start, so that the first moment has complete rates.
    MeshSimulator sim(m_spec, m_seed, window.startMs - MeshSimulator::kMaxWindowMs);
    for (FaultSpec fault : m_faults) {
        const qint64 endMs = fault.startMs + fault.durationMs;
        if (endMs <= sim.nowMs() || fault.startMs > window.endMs)
            continue;
        // A fault already acting when the window opens acts from its start on.
        fault.startMs = std::max(fault.startMs, sim.nowMs());
        fault.durationMs = endMs - fault.startMs;
        const Result<int> id = sim.injectFault(fault);
        if (!id)
            qCWarning(lcDemoSource) << "replay skips a fault the mesh refuses:" << id.error();
    }
    const qint64 total = window.pointCount();
    int count = 0;
    for (qint64 t = window.startMs; t <= window.endMs; t += window.stepMs) {
        if (cancel.isCancelled())
            return Error{QStringLiteral("replay of %1 cancelled").arg(name())};
        sim.advanceTo(t);
        TelemetrySample sample = sim.sample();
        sample.sourceName = name();
        consume(sample);
        ++count;
        if (progress)
            progress(count, total);
    }
    return count;
}

} // namespace meshscope::core
