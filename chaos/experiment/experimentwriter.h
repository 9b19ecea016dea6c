#pragma once

// Experiment -> an experiment file (`kind: Experiment`, docs/experiments.md), worded as a user
// would write it so ExperimentParser reads back the same experiment: the chaos panel's "Save as
// Experiment File", and a run started from the panel can be repeated headless.

#include "chaos/experiment/experimenttypes.h"

#include <QByteArray>
#include <QJsonObject>

namespace meshscope::chaos {

class ExperimentWriter
{
public:
    static QByteArray toYaml(const Experiment &experiment);
    // One steadyState entry ({score: shop/frontend, atLeast: 80}, {probe: …, every: 10s}…).
    static QJsonObject conditionJson(const SteadyStateCondition &condition);
};

} // namespace meshscope::chaos
