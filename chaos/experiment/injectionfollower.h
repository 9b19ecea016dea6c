#pragma once

// Follows what the executor says of the fault while it acts (Chaos Mesh's conditions, a
// Schedule's children): the runner asks at every refresh of the observe phase and writes a
// timeline note only when something changed, so the report shows when the controller selected,
// injected, recovered or failed — not one line per refresh. Polling at the refresh cadence is
// enough: the verdict is judged per refresh, so a change between two refreshes cannot matter
// sooner (docs/kubernetes-executor.md, "Following status").

#include "chaos/executor/chaosexecutor.h"
#include "core/result.h"

#include <optional>

namespace meshscope::chaos {

class InjectionFollower
{
public:
    // The note for this reading when it differs from the previous one; empty otherwise. A
    // status that cannot be read is a note too (once), not a failure: the fault still acts.
    QString update(const AppliedChaos &chaos, const Result<InjectionStatus> &status);
    // Asks the executor for the status of `chaos` (none: no note) and updates with it.
    QString follow(ChaosExecutor &executor, const std::optional<AppliedChaos> &chaos);
    // A Schedule's rhythm from the last reading that had one.
    const std::optional<ScheduleState> &schedule() const { return m_schedule; }

private:
    QString m_last;
    std::optional<ScheduleState> m_schedule;
};

} // namespace meshscope::chaos
