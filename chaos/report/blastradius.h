#pragma once

// The predicted blast radius of a fault: the services upstream of its targets, each weighted by
// how much of its traffic depends on them. A service's weight is the share of its outbound calls
// that (directly or through its callees) reach a target: w(target) = 1 and
// w(u) = min(1, sum over calls u->v of share(u->v) * w(v)), where share is the call's part of
// u's outbound requests (the dependency strength of docs/health-model.md).

#include "core/topology/topology.h"

#include <QHash>
#include <QStringList>

namespace meshscope::chaos {

class BlastRadius
{
public:
    // "namespace/name" -> weight in (0, 1] for every service upstream of a target (the targets
    // themselves excluded). Unknown targets are ignored.
    static QHash<QString, double> predict(const core::Topology &topology,
                                          const QStringList &targets);
};

} // namespace meshscope::chaos
