#pragma once

// A Chaos Mesh Schedule has no injection conditions of its own: its controller spawns a chaos
// CR of `spec.type` on every tick, labelled `managed-by: <schedule name>` and owned by the
// Schedule (controllers/schedule/cron), and lists the running ones in `status.active[]`. The
// Schedule's injection state is therefore read from its children: the newest child's phase,
// targets and message, a failure of any child, the Schedule's own pause and deletion.

#include "chaos/executor/chaosexecutor.h"

#include <QJsonArray>
#include <QJsonObject>

namespace meshscope::chaos {

class ScheduleStatusReader
{
public:
    // The label selector that lists a Schedule's children ("managed-by=<name>").
    static QString childSelector(const QJsonObject &schedule);
    // The kind of the children (spec.type: "PodChaos"…); empty when the Schedule has none.
    static QString childKind(const QJsonObject &schedule);
    // `children`: the items of the child kind's list with childSelector() in the Schedule's
    // namespace.
    // `now` places the next tick (ScheduleStatus::schedule->nextRun).
    static InjectionStatus read(const QJsonObject &schedule, const QJsonArray &children,
                                const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace meshscope::chaos
