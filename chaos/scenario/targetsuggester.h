#pragma once

// Where a chaos experiment teaches the most: services the mesh cannot route around (single
// points of failure) and services many paths go through (high betweenness), ranked, each with
// the reason a user can check on the graph (docs/chaos-panel.md "Suggested targets").

#include "core/topology/graphanalytics.h"
#include "core/topology/topology.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::chaos {

struct TargetSuggestion
{
    core::NodeId node;
    QString service; // "namespace/name"
    // Services that no entry point reaches any more without this one (sorted by name); empty
    // when the mesh can route around it.
    QStringList cutOff;
    double betweenness = 0.0; // normalised, [0, 1]
    int upstream = 0;         // services that call it directly or through others
    QString reason;           // "only path from istio-ingressgateway to paymentservice; ..."

    bool singlePointOfFailure() const { return !cutOff.isEmpty(); }
};

class TargetSuggester
{
public:
    // Above this many nodes the exact "only path" test (one reachability pass per node) is too
    // slow for the GUI thread; articulation points of GraphFacts stand in for it.
    static constexpr int kExactCutMaxNodes = 2000;
    static constexpr int kDefaultLimit = 10;

    // `facts` may be null or from another snapshot: they are recomputed then.
    static std::vector<TargetSuggestion> suggest(const core::Topology &topology,
                                                 const core::GraphFacts *facts,
                                                 int limit = kDefaultLimit);
    // "namespace/name" of the service users reach first: the busiest callee of the first entry
    // point (the shop's frontend behind its ingress gateway); what a hypothesis usually speaks
    // about. Empty when the mesh has no entry point.
    static QString userFacingService(const core::Topology &topology);
};

} // namespace meshscope::chaos
