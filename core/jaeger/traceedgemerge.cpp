#include "core/jaeger/traceedgemerge.h"

#include <QHash>
#include <QSet>

namespace meshscope::core {

TelemetrySample mergeTraceEdges(TelemetrySample mesh, const TelemetrySample &traces)
{
    QHash<QPair<NodeId, NodeId>, size_t> meshEdges;
    meshEdges.reserve(qsizetype(mesh.edges.size()));
    for (size_t i = 0; i < mesh.edges.size(); ++i)
        meshEdges.insert(qMakePair(mesh.edges[i].source, mesh.edges[i].destination), i);
    QSet<NodeId> nodes;
    for (const NodeSample &n : mesh.nodes)
        nodes.insert(n.id);

    for (const EdgeSample &t : traces.edges) {
        const auto it = meshEdges.constFind(qMakePair(t.source, t.destination));
        if (it != meshEdges.cend()) {
            EdgeSample &e = mesh.edges[it.value()];
            e.evidence |= EdgeSample::FromTraces;
            e.traceCallCount = t.traceCallCount;
            continue;
        }
        EdgeSample added = t;
        added.evidence = EdgeSample::FromTraces;
        mesh.edges.push_back(std::move(added));
        for (const NodeId &id : {t.source, t.destination}) {
            if (nodes.contains(id))
                continue;
            nodes.insert(id);
            NodeSample n;
            n.id = id;
            mesh.nodes.push_back(std::move(n));
        }
    }
    return mesh;
}

} // namespace meshscope::core
