#include "core/demo/demosource.h"
#include "core/demo/demomeshes.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcDemoSource, "meshscope.core.demo")

namespace meshscope::core {

namespace {

// "Clear all" ends the faults acting at `nowMs` there; faults still waiting are dropped.
// Cuts the logged faults (all, or the one with `id`) short at `nowMs`: a fault that had not
// started is dropped, one acting ends now.
void cutFaultLog(std::vector<DemoSource::LoggedFault> &log, qint64 nowMs, int id = -1)
{
    const auto chosen = [id](const DemoSource::LoggedFault &f) { return id < 0 || f.id == id; };
    std::erase_if(log, [&](const DemoSource::LoggedFault &f) {
        return chosen(f) && f.fault.startMs >= nowMs;
    });
    for (DemoSource::LoggedFault &f : log)
        if (chosen(f))
            f.fault.durationMs = std::min(f.fault.durationMs, nowMs - f.fault.startMs);
}

} // namespace

DemoSource::DemoSource(MeshSpec spec, quint64 seed, Clock clock, qint64 warmupMs)
    : m_spec(spec), m_seed(seed), m_clock(std::move(clock)), m_validator(m_spec)
{
    m_sim = std::make_unique<MeshSimulator>(std::move(spec), seed, m_clock() - warmupMs);
    m_simNowMs = m_sim->nowMs();
}

DemoSource::~DemoSource() = default;

Result<std::shared_ptr<DemoSource>> DemoSource::create(const QString &meshName, quint64 seed,
                                                       Clock clock)
{
    Result<MeshSpec> spec = loadDemoMesh(meshName, seed);
    if (!spec)
        return Error{spec.error()};
    return std::make_shared<DemoSource>(std::move(spec).value(), seed, std::move(clock));
}

QString DemoSource::name() const
{
    return QStringLiteral("demo:") + m_spec.name;
}

void DemoSource::advanceInTicks(qint64 epochMs)
{
    // One tick per lock: at 5,000 services a tick costs milliseconds and a 30 s advance some
    // hundred, and a fault injected from the menu waits at most for the tick under way.
    for (;;) {
        std::lock_guard lock(m_mutex);
        applyQueuedLocked();
        const qint64 now = m_sim->nowMs();
        if (now >= epochMs)
            return;
        m_sim->advanceTo(std::min(epochMs, now + MeshSimulator::kTickMs));
        m_simNowMs = m_sim->nowMs();
    }
}

void DemoSource::applyQueuedLocked()
{
    std::vector<QueuedChange> queue;
    {
        std::lock_guard lock(m_queueMutex);
        queue.swap(m_queue);
    }
    for (QueuedChange &change : queue) {
        switch (change.kind) {
        case QueuedChange::Kind::ClearAll:
            m_sim->clearAllFaults();
            cutFaultLog(m_faultLog, m_sim->nowMs());
            break;
        case QueuedChange::Kind::Clear:
            m_sim->clearFault(change.id);
            cutFaultLog(m_faultLog, m_sim->nowMs(), change.id);
            break;
        case QueuedChange::Kind::Inject: {
            // The simulator may have stepped past the start the fault was given while it waited.
            change.fault.startMs = std::max(change.fault.startMs, m_sim->nowMs());
            const Result<int> id = m_sim->injectFault(change.fault);
            if (!id)
                qCWarning(lcDemoSource) << "a validated fault was refused:" << id.error();
            else
                m_faultLog.push_back({*id, change.fault});
            break;
        }
        }
    }
}

Result<TelemetrySample> DemoSource::fetch()
{
    advanceInTicks(m_clock());
    std::lock_guard lock(m_mutex);
    applyQueuedLocked();
    TelemetrySample sample = m_sim->sample();
    sample.sourceName = name();
    return sample;
}

int DemoSource::backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume)
{
    // The lock covers one simulator step at a time, never the consumer: building and scoring a
    // 5,000-service sample takes far longer than a step, and a fault injected from the menu
    // meanwhile must not wait for it.
    int count = 0;
    const qint64 now = m_clock();
    qint64 t = 0;
    {
        std::lock_guard lock(m_mutex);
        // Big meshes replay coarser steps, so that the first refresh stays within a second or two.
        if (m_spec.services.size() > 2000)
            stepMs = std::max<qint64>(stepMs, 30'000);
        // Only the simulated past that lies ahead of the simulator (its warm-up) can be replayed.
        t = std::max(m_sim->nowMs(), now - spanMs) + stepMs;
    }
    for (; stepMs > 0 && t < now; t += stepMs) {
        advanceInTicks(t);
        TelemetrySample sample;
        {
            std::lock_guard lock(m_mutex);
            sample = m_sim->sample();
        }
        sample.sourceName = name();
        consume(sample);
        ++count;
    }
    return count;
}

Result<int> DemoSource::injectFault(const FaultSpec &fault)
{
    // "Now" is the user's now (the clock), not the simulator's, which may still be replaying
    // the past for a backfill: a fault started there would be over before it is seen.
    FaultSpec scheduled = fault;
    const qint64 simNow = m_simNowMs;
    if (scheduled.startMs == 0)
        scheduled.startMs = std::max(simNow, m_clock());
    Result<int> id = Error{QString()};
    {
        std::lock_guard lock(m_queueMutex);
        id = m_validator.add(scheduled, m_spec, simNow);
        if (!id)
            return id;
        m_queue.push_back({QueuedChange::Kind::Inject, scheduled, 0});
    }
    // Applied at once when the simulator is idle; otherwise before its next step.
    std::unique_lock sim(m_mutex, std::try_to_lock);
    if (sim.owns_lock())
        applyQueuedLocked();
    return id;
}

void DemoSource::clearAllFaults()
{
    {
        std::lock_guard lock(m_queueMutex);
        m_validator.clearAll(std::max<qint64>(m_simNowMs, m_clock()));
        m_queue.push_back({QueuedChange::Kind::ClearAll, {}, 0});
    }
    std::unique_lock sim(m_mutex, std::try_to_lock);
    if (sim.owns_lock())
        applyQueuedLocked();
}

std::vector<FaultSpec> DemoSource::faultLog() const
{
    std::lock_guard lock(m_mutex);
    std::vector<FaultSpec> faults;
    faults.reserve(m_faultLog.size());
    for (const LoggedFault &f : m_faultLog)
        faults.push_back(f.fault);
    return faults;
}

bool DemoSource::clearFault(int id)
{
    {
        std::lock_guard lock(m_queueMutex);
        // The validator's schedule mirrors the simulator's: it knows whether `id` still acts.
        if (!m_validator.clear(id, std::max<qint64>(m_simNowMs, m_clock())))
            return false;
        m_queue.push_back({QueuedChange::Kind::Clear, {}, id});
    }
    std::unique_lock sim(m_mutex, std::try_to_lock);
    if (sim.owns_lock())
        applyQueuedLocked();
    return true;
}

qint64 DemoSource::simulatedNowMs() const
{
    std::lock_guard lock(m_mutex);
    return m_sim->nowMs();
}

} // namespace meshscope::core
