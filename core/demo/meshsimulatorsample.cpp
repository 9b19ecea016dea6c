// MeshSimulator, reading side: the counters of the last window summed into a TelemetrySample,
// as a scrape would see them. The simulation itself is in meshsimulator.cpp.

#include "core/demo/meshsimulator.h"

#include <algorithm>

namespace meshscope::core {

TelemetrySample MeshSimulator::sample(qint64 windowMs) const
{
    const int n = int(m_spec.services.size());
    const int m = int(m_spec.calls.size());
    const qint64 window = std::clamp(windowMs, kTickMs, kMaxWindowMs);
    const int wanted = int((window + kTickMs - 1) / kTickMs);
    std::vector<int> windowSlots;
    for (int k = 0; k < wanted; ++k) {
        const int slot = ((m_ringHead - k) % kRingTicks + kRingTicks) % kRingTicks;
        if (m_ringTickEnd[size_t(slot)] != m_lastTickEndMs - k * kTickMs)
            break;
        windowSlots.push_back(slot);
    }

    TelemetrySample out;
    out.timestampMs = m_lastTickEndMs;
    out.sourceName = QStringLiteral("demo:") + m_spec.name;
    out.nodes.reserve(size_t(n));
    for (int s = 0; s < n; ++s) {
        const ServiceSpec &sp = m_spec.services[size_t(s)];
        NodeSample node;
        node.id = m_nodeIds[size_t(s)];
        node.kind = sp.kind;
        node.version = sp.version;
        node.replicasDesired = sp.replicas < 0 ? -1 : sp.replicas;
        node.replicasReady = replicasReady(s);
        if (sp.flaky)
            node.labels.insert(QString::fromLatin1(kDemoFlakyLabel), QStringLiteral("true"));
        out.nodes.push_back(std::move(node));
    }
    if (windowSlots.empty())
        return out;
    const double seconds = double(windowSlots.size()) * double(kTickMs) / 1000.0;
    out.edges.reserve(size_t(m));
    // Slot by slot: each slot is one contiguous block, so the sum streams through memory.
    const size_t block = size_t(m) * EdgeWindow::FieldCount;
    std::vector<double> sums(block, 0.0);
    for (int slot : windowSlots) {
        const float *f = m_ring.data() + size_t(slot) * block;
        for (size_t i = 0; i < block; ++i)
            sums[i] += f[i];
    }
    for (int e = 0; e < m; ++e) {
        const CallSpec &call = m_spec.calls[size_t(e)];
        EdgeSample edge = EdgeWindow::toSample(sums.data() + size_t(e) * EdgeWindow::FieldCount,
                                               seconds, m_spec.services[size_t(call.from)],
                                               m_spec.services[size_t(call.to)]);
        edge.source = m_nodeIds[size_t(call.from)];
        edge.destination = m_nodeIds[size_t(call.to)];
        out.edges.push_back(std::move(edge));
    }
    return out;
}

} // namespace meshscope::core
