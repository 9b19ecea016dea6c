#include "chaos/experiment/experimenttypes.h"

#include <array>
#include <utility>

namespace meshscope::chaos {

namespace {
constexpr std::array<std::pair<ExperimentPhase, const char *>, 10> kPhases{{
    {ExperimentPhase::Draft, "draft"},
    {ExperimentPhase::Validate, "validate"},
    {ExperimentPhase::Baseline, "baseline"},
    {ExperimentPhase::Inject, "inject"},
    {ExperimentPhase::Observe, "observe"},
    {ExperimentPhase::Recover, "recover"},
    {ExperimentPhase::Verify, "verify"},
    {ExperimentPhase::Done, "done"},
    {ExperimentPhase::Aborted, "aborted"},
    {ExperimentPhase::Failed, "failed"},
}};
} // namespace

QString phaseName(ExperimentPhase phase)
{
    for (const auto &[p, name] : kPhases)
        if (p == phase)
            return QLatin1String(name);
    return {};
}

std::optional<ExperimentPhase> phaseFromName(const QString &name)
{
    for (const auto &[p, text] : kPhases)
        if (name == QLatin1String(text))
            return p;
    return std::nullopt;
}

bool isFinal(ExperimentPhase phase)
{
    return phase == ExperimentPhase::Done || phase == ExperimentPhase::Aborted ||
           phase == ExperimentPhase::Failed;
}

QString conditionKindName(SteadyStateCondition::Kind kind)
{
    switch (kind) {
    case SteadyStateCondition::Kind::Score:
        return QStringLiteral("score");
    case SteadyStateCondition::Kind::ErrorRatio:
        return QStringLiteral("errorRatio");
    case SteadyStateCondition::Kind::P95:
        return QStringLiteral("p95");
    case SteadyStateCondition::Kind::PromQL:
        return QStringLiteral("promql");
    case SteadyStateCondition::Kind::Probe:
        return QStringLiteral("probe");
    case SteadyStateCondition::Kind::Robustness:
        return QStringLiteral("robustness");
    }
    return {};
}

QString outcomeName(ExperimentOutcome outcome)
{
    switch (outcome) {
    case ExperimentOutcome::Held:
        return QStringLiteral("held");
    case ExperimentOutcome::NotHeld:
        return QStringLiteral("not held");
    case ExperimentOutcome::Aborted:
        return QStringLiteral("aborted");
    case ExperimentOutcome::Error:
        return QStringLiteral("error");
    }
    return {};
}

int exitCodeFor(ExperimentOutcome outcome)
{
    switch (outcome) {
    case ExperimentOutcome::Held:
        return 0;
    case ExperimentOutcome::NotHeld:
        return 1;
    case ExperimentOutcome::Aborted:
    case ExperimentOutcome::Error:
        return 2;
    }
    return 2;
}

} // namespace meshscope::chaos
