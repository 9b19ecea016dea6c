#pragma once

#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/topology.h"

#include <QString>

#include <optional>

namespace meshscope::core {

// What the user narrowed the graph to: services whose name contains `text`, and/or the
// unhealthy ones with their neighbours up to `hops` calls away (either direction), and/or the
// service `around` (the selection, in the focus view mode) with its neighbours up to `hops`
// calls away. Several criteria narrow together (intersection).
struct FocusCriteria
{
    QString text; // case-insensitive substring of the service name; empty = no text filter
    bool unhealthyOnly = false;
    int hops = 1;       // 1..3; clamped
    NodeId around = {}; // invalid = no focus around a service
    // Nodes a neighbourhood reaches but does not cross: collapsed groups, which call almost every
    // other group, so that two hops through one would take in the whole mesh.
    NodeIdSet opaque = {};
};

class FocusFilter
{
public:
    static constexpr int kMinHops = 1;
    static constexpr int kMaxHops = 3;

    // std::nullopt: no filter, everything is shown. An empty set: a filter matched nothing, so
    // everything is dimmed (the user sees there is no match rather than an unchanged graph).
    // `scores` indexed like `topology`; nodes without a verdict are not unhealthy.
    static std::optional<NodeIdSet> focus(const Topology &topology, const HealthScores &scores,
                                          const FocusCriteria &criteria);
    // Nodes whose name contains `text`, in topology order: what Enter in Find jumps to.
    static std::vector<NodeId> matches(const Topology &topology, const QString &text);
};

} // namespace meshscope::core
