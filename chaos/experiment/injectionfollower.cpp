#include "chaos/experiment/injectionfollower.h"

namespace meshscope::chaos {

QString InjectionFollower::update(const AppliedChaos &chaos, const Result<InjectionStatus> &status)
{
    const QString what = QStringLiteral("%1 %2/%3").arg(chaos.kind, chaos.ns, chaos.name);
    QString note;
    if (!status) {
        note = QStringLiteral("%1: status not readable: %2").arg(what, status.error());
    } else {
        if (status->schedule)
            m_schedule = status->schedule;
        note = QStringLiteral("%1: %2").arg(what, injectionPhaseName(status->phase));
        if (!status->targets.isEmpty())
            note += QStringLiteral(" (targets: %1)").arg(status->targets.join(QLatin1String(", ")));
        if (!status->message.isEmpty())
            note += QStringLiteral(" - ") + status->message;
    }
    if (note == m_last)
        return {};
    m_last = note;
    return note;
}

QString InjectionFollower::follow(ChaosExecutor &executor, const std::optional<AppliedChaos> &chaos)
{
    return chaos ? update(*chaos, executor.status(*chaos)) : QString();
}

} // namespace meshscope::chaos
