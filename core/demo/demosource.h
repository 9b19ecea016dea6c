#pragma once

#include "core/demo/faultschedule.h"
#include "core/demo/faultspec.h"
#include "core/demo/meshsimulator.h"
#include "core/telemetry/telemetrysource.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace meshscope::core {

// The embedded demo mesh as a telemetry source. Simulated time follows an injected clock (wall
// time in the app, a manual clock in tests and headless export). Faults may be injected from
// any thread and never wait for the simulator: they are validated at once and queued, and the
// simulator takes the queue before its next step (at once when it is idle). fetch() runs on the
// pipeline's worker.
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

    // Validated now (errors name the fault and the service), applied before the next simulator
    // step. A fault without a start time starts at the clock's now.
    Result<int> injectFault(const FaultSpec &fault);
    void clearAllFaults(); // queued like a fault: faults injected after it stay
    // Ends the fault `id` (as injectFault returned it) and leaves the others acting; queued
    // like a fault. False when no such fault is acting or scheduled.
    bool clearFault(int id);
    const MeshSpec &spec() const { return m_spec; }
    quint64 seed() const { return m_seed; }
    qint64 simulatedNowMs() const;
    // Every fault the simulator has applied, start resolved, cut short where cleared: what a
    // replay of a past window (DemoWindow) injects again.
    std::vector<FaultSpec> faultLog() const;
    // The clock's reading (the user's now, which the simulator catches up with at its next
    // fetch): what an executor acting on this mesh schedules faults against.
    qint64 clockNowMs() const { return m_clock(); }

    struct LoggedFault
    {
        int id = 0; // the simulator's
        FaultSpec fault;
    };

private:
    void advanceInTicks(qint64 epochMs);
    void applyQueuedLocked(); // with m_mutex held

    MeshSpec m_spec;
    quint64 m_seed = 0;
    Clock m_clock;
    mutable std::mutex m_mutex; // the simulator; held for one tick or one sample at a time
    std::unique_ptr<MeshSimulator> m_sim;
    std::atomic<qint64> m_simNowMs{0};   // m_sim->nowMs() as of the last step, readable unlocked
    std::vector<LoggedFault> m_faultLog; // under m_mutex

    // What the simulator is to do before its next step, in the order asked.
    struct QueuedChange
    {
        enum class Kind : std::uint8_t
        {
            Inject,
            Clear,
            ClearAll
        };
        Kind kind = Kind::Inject;
        FaultSpec fault; // Inject
        int id = 0;      // Clear
    };
    // The validator sees every change in the same order as the simulator, so the ids it hands
    // out are the simulator's and it knows which ids are still acting.
    std::mutex m_queueMutex; // never held while waiting for m_mutex
    std::vector<QueuedChange> m_queue;
    FaultSchedule m_validator;
};

} // namespace meshscope::core
