#pragma once

#include "core/topology/topology.h"

#include <QHash>

namespace meshscope::core {

// Turns TelemetrySamples into immutable Topology snapshots. Keeps a short memory of nodes seen
// earlier so that a service with no traffic in one window stays on the graph (marked idle)
// instead of flickering away. Not thread-safe: one builder per pipeline, used from one thread
// at a time.
class TopologyBuilder
{
public:
    // A node unseen for more than this many refreshes is dropped.
    void setIdleGraceRefreshes(int refreshes) { m_graceRefreshes = refreshes; }

    TopologyPtr build(const TelemetrySample &sample);

    quint64 lastGeneration() const { return m_generation; }

private:
    struct Remembered
    {
        NodeSample node;
        quint64 lastSeenGeneration = 0;
    };

    int m_graceRefreshes = 3;
    quint64 m_generation = 0;
    QHash<NodeId, Remembered> m_known;
};

} // namespace meshscope::core
