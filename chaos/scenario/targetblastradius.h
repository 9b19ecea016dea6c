#pragma once

// The predicted blast radius of a fault on what the chaos panel targets: a service hurts every
// service upstream of it (BlastRadius); a call A -> B hurts A only on the share of its calls
// that go to B, and A's callers through A in the same proportion.

#include "core/topology/topology.h"

#include <QHash>

namespace meshscope::chaos {

class TargetBlastRadius
{
public:
    // "namespace/name" -> weight in (0, 1]; the service itself is excluded, A of a call is not.
    static QHash<QString, double> forService(const core::Topology &topology,
                                             const core::NodeId &service);
    static QHash<QString, double> forCall(const core::Topology &topology, const core::NodeId &from,
                                          const core::NodeId &to);
};

} // namespace meshscope::chaos
