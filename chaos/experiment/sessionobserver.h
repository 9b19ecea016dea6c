#pragma once

// The window's live session as an experiment's observer: every refresh the window receives is
// handed over (push) and the runner steps on it at once, so a run in the window reads exactly
// the graph the user sees, never a second simulator. next() does not wait: the refresh it
// returns is the one pushed just before the runner was stepped.

#include "chaos/experiment/meshobserver.h"

#include <functional>
#include <optional>

namespace meshscope::chaos {

class SessionObserver : public MeshObserver
{
public:
    using Clock = std::function<qint64()>; // the session's clock, ms since the epoch

    explicit SessionObserver(Clock clock);

    // The refresh the next step reads (replaces one nobody read).
    void push(MeshObservation observation);
    bool hasPending() const { return m_pending.has_value(); }

    // The pushed refresh, whatever `stepMs` says: the session's own interval decides the pace.
    Result<MeshObservation> next(qint64 stepMs) override;
    // The time of the refresh pushed and not yet read, else of the one read last (the clock
    // before any).
    qint64 nowMs() const override;

private:
    Clock m_clock;
    std::optional<MeshObservation> m_pending;
    qint64 m_lastMs = 0; // the last refresh read
};

} // namespace meshscope::chaos
