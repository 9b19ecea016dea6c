#pragma once

// Which rules of the settings apply to one service: its rate tolerances (Kiali's
// health_config.rate, first matching rule, else the last; or the plain `tolerances` list) and
// its latency objectives (first matching override, else the default). Patterns are compiled
// once per settings value and the answer is remembered per NodeId, so a refresh of 5,000
// services matches no regex after the first.

#include "core/health/healthsettings.h"
#include "core/telemetry/telemetrytypes.h"

#include <QHash>
#include <QRegularExpression>

#include <vector>

namespace meshscope::core {

class ServiceRules
{
public:
    struct Objective
    {
        double p95Ms = 0.0; // 0 = none
        double p99Ms = 0.0;
    };

    explicit ServiceRules(const HealthSettings &settings = {});

    const std::vector<ErrorTolerance> &tolerances(const NodeId &id) const;
    Objective objective(const NodeId &id) const;

    // Kiali's pattern rule (business/health_config.go compilePattern): anchored at both ends,
    // empty = ".*"; codes also read X/x as a digit (compileCodePattern).
    static QRegularExpression kialiPattern(const QString &pattern, bool code = false);
    // "*" any run, "?" one character; the whole name must match.
    static QRegularExpression glob(const QString &pattern);

private:
    struct CompiledRule
    {
        QRegularExpression ns, kind, name;
    };
    int ruleIndex(const NodeId &id) const;

    std::vector<ErrorTolerance> m_defaultTolerances;
    std::vector<RateRule> m_rules;
    std::vector<CompiledRule> m_compiled;
    Objective m_defaultObjective;
    std::vector<LatencyObjective> m_overrides;
    std::vector<std::pair<QRegularExpression, QRegularExpression>> m_overrideGlobs;
    mutable QHash<NodeId, int> m_ruleOf;
    mutable QHash<NodeId, Objective> m_objectiveOf;
};

} // namespace meshscope::core
