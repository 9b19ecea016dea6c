#include "chaos/kube/schedulestatusreader.h"

#include "chaos/kube/chaosstatusreader.h"
#include "chaos/kube/schedulestatustimes.h"

#include <algorithm>
#include <vector>

namespace meshscope::chaos {

namespace {

QJsonObject metadata(const QJsonObject &o)
{
    return o.value(QLatin1String("metadata")).toObject();
}

} // namespace

QString ScheduleStatusReader::childSelector(const QJsonObject &schedule)
{
    return QStringLiteral("managed-by=") +
           metadata(schedule).value(QLatin1String("name")).toString();
}

QString ScheduleStatusReader::childKind(const QJsonObject &schedule)
{
    return schedule.value(QLatin1String("spec")).toObject().value(QLatin1String("type")).toString();
}

InjectionStatus ScheduleStatusReader::read(const QJsonObject &schedule, const QJsonArray &children,
                                           const QDateTime &now)
{
    InjectionStatus s = ChaosStatusReader::read(schedule); // deletion and finalizers
    if (s.phase == InjectionPhase::Deleting)
        return s;
    const QJsonObject meta = metadata(schedule);
    const QJsonObject spec = schedule.value(QLatin1String("spec")).toObject();
    const QString name = meta.value(QLatin1String("name")).toString();
    const QString kind = childKind(schedule);
    const int active = schedule.value(QLatin1String("status"))
                           .toObject()
                           .value(QLatin1String("active"))
                           .toArray()
                           .size();
    const bool paused = meta.value(QLatin1String("annotations"))
                            .toObject()
                            .value(QLatin1String("experiment.chaos-mesh.org/pause"))
                            .toString() == QLatin1String("true");

    // Oldest first: RFC 3339 UTC times compare as strings; the name breaks a tie (one second).
    std::vector<QJsonObject> spawned;
    for (const QJsonValue &c : children)
        spawned.push_back(c.toObject());
    std::sort(spawned.begin(), spawned.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const auto key = [](const QJsonObject &o) {
            const QJsonObject m = metadata(o);
            return std::make_pair(m.value(QLatin1String("creationTimestamp")).toString(),
                                  m.value(QLatin1String("name")).toString());
        };
        return key(a) < key(b);
    });

    // The rhythm: status.time is the last tick (else the newest child's birth).
    ScheduleState rhythm;
    rhythm.expression = spec.value(QLatin1String("schedule")).toString();
    rhythm.active = active;
    rhythm.spawned = int(spawned.size());
    rhythm.paused = paused;
    rhythm.lastRun = QDateTime::fromString(
        schedule.value(QLatin1String("status")).toObject().value(QLatin1String("time")).toString(),
        Qt::ISODate);
    if (!rhythm.lastRun.isValid() && !spawned.empty())
        rhythm.lastRun = QDateTime::fromString(
            metadata(spawned.back()).value(QLatin1String("creationTimestamp")).toString(),
            Qt::ISODate);
    const QDateTime since =
        rhythm.lastRun.isValid()
            ? rhythm.lastRun
            : QDateTime::fromString(meta.value(QLatin1String("creationTimestamp")).toString(),
                                    Qt::ISODate);
    if (!paused)
        rhythm.nextRun = ScheduleStatusTimes::next(rhythm.expression, since, now);
    s.schedule = rhythm;

    if (spawned.empty()) {
        s.phase = paused ? InjectionPhase::Paused : InjectionPhase::Pending;
        s.message = QStringLiteral("Schedule %1 has spawned no %2 yet (schedule \"%3\")%4")
                        .arg(name, kind, spec.value(QLatin1String("schedule")).toString(),
                             paused ? QStringLiteral("; paused") : QString());
        return s;
    }
    const QString newestName = metadata(spawned.back()).value(QLatin1String("name")).toString();
    const InjectionStatus newest = ChaosStatusReader::read(spawned.back());
    s.targets = newest.targets;
    // A child the garbage collector is removing has done its work: for the Schedule it is over.
    s.phase = newest.phase == InjectionPhase::Deleting ? InjectionPhase::Recovered : newest.phase;
    QString failure;
    for (const QJsonObject &c : spawned) {
        const InjectionStatus cs = ChaosStatusReader::read(c);
        if (cs.phase == InjectionPhase::Failed)
            failure =
                QStringLiteral("%1 %2: %3")
                    .arg(kind, metadata(c).value(QLatin1String("name")).toString(), cs.message);
    }
    if (!failure.isEmpty())
        s.phase = InjectionPhase::Failed;
    if (paused)
        s.phase = InjectionPhase::Paused;
    s.message = QStringLiteral("Schedule %1: %2 %3 spawned (%4 active); newest %5 %6")
                    .arg(name)
                    .arg(spawned.size())
                    .arg(kind)
                    .arg(active)
                    .arg(newestName, injectionPhaseName(newest.phase));
    if (!failure.isEmpty())
        s.message += QStringLiteral("; failed: ") + failure;
    return s;
}

} // namespace meshscope::chaos
