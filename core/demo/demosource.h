#pragma once

#include "core/demo/faultspec.h"
#include "core/demo/meshsimulator.h"
#include "core/telemetry/telemetrysource.h"

#include <functional>
#include <memory>
#include <mutex>

namespace meshscope::core {

// The embedded demo mesh as a telemetry source. Simulated time follows an injected clock (wall
// time in the app, a manual clock in tests and headless export). Faults may be injected from
// any thread; fetch() runs on the pipeline's worker.
class DemoSource : public TelemetrySource
{
public:
    using Clock = std::function<qint64()>; // ms since the Unix epoch

    // `warmupMs` of simulated history precede the clock's first reading, so that the first
    // refresh already has full rate windows.
    DemoSource(MeshSpec spec, quint64 seed, Clock clock, qint64 warmupMs = 10 * 60 * 1000);
    ~DemoSource() override;

    static Result<std::shared_ptr<DemoSource>> create(const QString &meshName, quint64 seed,
                                                      Clock clock);

    QString name() const override;
    Result<TelemetrySample> fetch() override;
    int backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume) override;

    Result<int> injectFault(const FaultSpec &fault);
    void clearAllFaults();
    const MeshSpec &spec() const { return m_spec; }
    qint64 simulatedNowMs() const;

private:
    void advanceInTicks(qint64 epochMs);

    MeshSpec m_spec;
    Clock m_clock;
    mutable std::mutex m_mutex;
    std::unique_ptr<MeshSimulator> m_sim;
};

} // namespace meshscope::core
