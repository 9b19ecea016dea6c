#pragma once

// Private to core .cpp files: the Boost.Graph behind a Topology. Never include from a public
// header.

#include <boost/graph/adjacency_list.hpp>

namespace meshscope::core {

using BoostTopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          boost::property<boost::edge_index_t, int>>;

struct TopologyGraph
{
    BoostTopologyGraph g;
};

} // namespace meshscope::core
