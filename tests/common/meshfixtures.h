#pragma once

// Test and benchmark fixtures built from the generated demo meshes (core/meshspec.h): the same
// graphs the layout benchmark compares with sfdp, as a LayoutGraph or as a flat TelemetrySample.
// Header-only; tests and benchmarks include it as "tests/common/meshfixtures.h".

#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"
#include "core/layout/layoutgraph.h"
#include "core/layout/layoutrandom.h"

#include <algorithm>
#include <vector>

namespace meshscope::testing {

// The call graph of generated:N as index pairs.
inline core::LayoutGraph layoutGraphOf(const core::MeshSpec &spec)
{
    core::LayoutGraph g;
    g.nodeCount = int(spec.services.size());
    for (const core::CallSpec &c : spec.calls)
        g.edges.emplace_back(c.from, c.to);
    return g;
}

inline core::LayoutGraph generatedLayoutGraph(int n, quint64 seed)
{
    return layoutGraphOf(core::generateLayeredMesh(n, seed));
}

// The graph minus a seeded `share` of its nodes and their edges; the removed nodes stay as
// isolated nodes marked unknown in `known` (a refresh that then adds them is "1 % new nodes").
inline core::LayoutGraph withoutShare(const core::LayoutGraph &full, std::vector<bool> &known,
                                      double share, quint64 seed)
{
    core::LayoutRandom rng(seed);
    known.assign(size_t(full.nodeCount), true);
    const int drop = std::max(1, int(full.nodeCount * share));
    for (int removed = 0; removed < drop;) {
        const int v = rng.below(full.nodeCount);
        if (known[size_t(v)]) {
            known[size_t(v)] = false;
            ++removed;
        }
    }
    core::LayoutGraph before = full;
    before.edges.clear();
    for (const auto &e : full.edges) {
        if (known[size_t(e.first)] && known[size_t(e.second)])
            before.edges.push_back(e);
    }
    return before;
}

// One flat refresh of a mesh: every call at `rps` with p95 `p95Ms`, no node samples.
inline core::TelemetrySample flatSample(const core::MeshSpec &spec, double rps,
                                        double p95Ms = core::kNaN, qint64 timestampMs = 0)
{
    core::TelemetrySample s;
    s.timestampMs = timestampMs;
    s.sourceName = spec.name;
    for (const core::CallSpec &c : spec.calls) {
        core::EdgeSample e;
        e.source = spec.nodeId(c.from);
        e.destination = spec.nodeId(c.to);
        e.requestRate = rps;
        e.latency.p95Ms = p95Ms;
        s.edges.push_back(e);
    }
    return s;
}

} // namespace meshscope::testing
