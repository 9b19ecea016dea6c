#pragma once

// Judges one steady-state condition over a phase of a run (docs/experiments.md "Conditions"):
// score, error ratio, p95 and PromQL conditions must hold at every refresh of the phase; a
// probe's success rate over the phase's probes; the robustness template compares the observe
// phase with the baseline.

#include "chaos/experiment/experimentrun.h"

namespace meshscope::chaos {

class SteadyState
{
public:
    // `index` is the condition's position (its PromQL values in ExperimentSample::queries).
    static ConditionResult evaluate(const SteadyStateCondition &condition, int index,
                                    const ExperimentRun &run, ExperimentPhase phase);
    // The PromQL conditions' values now (NaN elsewhere, and where a query failed: the failure
    // goes to `warnings`). Blocking; no query without a URL.
    static std::vector<double> queryValues(const std::vector<SteadyStateCondition> &conditions,
                                           const QString &prometheusUrl, QStringList *warnings);
};

} // namespace meshscope::chaos
