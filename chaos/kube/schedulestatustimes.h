#pragma once

// When a Chaos Mesh Schedule ticks next, from its `spec.schedule` as its controller reads it
// (robfig/cron): "@every <Go duration>" counts from the last tick (or the creation), a five-field
// cron ("*/5 * * * *": minute hour day-of-month month day-of-week, with *, lists, ranges and
// steps; @hourly, @daily, @weekly, @monthly, @yearly) is matched in UTC. For the experiment
// monitor's "next run"; an expression it cannot read gives no time rather than a wrong one.

#include <QDateTime>
#include <QString>

namespace meshscope::chaos {

class ScheduleStatusTimes
{
public:
    // The first tick after `now`; `last` is the previous tick or, before one, the creation.
    static QDateTime next(const QString &expression, const QDateTime &last, const QDateTime &now);
};

} // namespace meshscope::chaos
