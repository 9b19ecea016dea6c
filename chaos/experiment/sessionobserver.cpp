#include "chaos/experiment/sessionobserver.h"

namespace meshscope::chaos {

SessionObserver::SessionObserver(Clock clock) : m_clock(std::move(clock)) {}

void SessionObserver::push(MeshObservation observation)
{
    m_pending = std::move(observation);
}

Result<MeshObservation> SessionObserver::next(qint64 stepMs)
{
    Q_UNUSED(stepMs)
    if (!m_pending)
        return Error{QStringLiteral("no refresh of the graph arrived for this step")};
    MeshObservation o = std::move(*m_pending);
    m_pending.reset();
    m_lastMs = o.timestampMs;
    return o;
}

qint64 SessionObserver::nowMs() const
{
    // The run's time is the time of the refresh it acts on (the one waiting to be read, else
    // the one read last), so that its transitions line up with its samples; before any, the
    // clock.
    if (m_pending)
        return m_pending->timestampMs;
    return m_lastMs ? m_lastMs : m_clock();
}

} // namespace meshscope::chaos
