#include "core/topology/topology.h"

#include "core/topology/topologygraph_p.h"

namespace meshscope::core {

Topology::Topology() : m_graph(std::make_unique<TopologyGraph>()) {}

Topology::~Topology() = default;

int Topology::edgeIndex(const NodeId &source, const NodeId &target) const
{
    const int s = nodeIndex(source);
    const int t = nodeIndex(target);
    if (s < 0 || t < 0)
        return -1;
    for (int e : m_outEdges[size_t(s)]) {
        if (m_edges[size_t(e)].target == t)
            return e;
    }
    return -1;
}

} // namespace meshscope::core
