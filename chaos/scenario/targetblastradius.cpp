#include "chaos/scenario/targetblastradius.h"

#include "chaos/report/blastradius.h"

#include <algorithm>

namespace meshscope::chaos {

namespace {

QString serviceKey(const core::NodeId &id)
{
    return id.ns() + QLatin1Char('/') + id.name();
}

} // namespace

QHash<QString, double> TargetBlastRadius::forService(const core::Topology &topology,
                                                     const core::NodeId &service)
{
    return BlastRadius::predict(topology, {serviceKey(service)});
}

QHash<QString, double> TargetBlastRadius::forCall(const core::Topology &t, const core::NodeId &from,
                                                  const core::NodeId &to)
{
    const int a = t.nodeIndex(from);
    const int edge = t.edgeIndex(from, to);
    if (a < 0 || edge < 0)
        return {};
    // The call's part of A's outbound requests: BlastRadius's dependency strength.
    double total = 0.0;
    for (int e : t.outEdges(a))
        total += std::max(t.edges()[size_t(e)].metrics.requestRate, 0.0);
    const double rate = std::max(t.edges()[size_t(edge)].metrics.requestRate, 0.0);
    const double share = total > 0.0 ? rate / total : 1.0 / double(t.outEdges(a).size());
    if (share <= 0.0)
        return {};
    QHash<QString, double> out = BlastRadius::predict(t, {serviceKey(from)});
    for (double &w : out)
        w *= share;
    out.insert(serviceKey(from), share);
    return out;
}

} // namespace meshscope::chaos
