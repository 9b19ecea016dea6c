#pragma once

// Small builders shared by the health model's tests: one edge or node as a line, one refresh
// scored, verdicts looked up by service name.

#include "core/health/healthmodel.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QtGlobal>

#include <cmath>

namespace meshscope::testing::health {

using namespace meshscope::core;

struct EdgeSpec
{
    const char *from;
    const char *to;
    double rps = 100.0;
    double p95 = 20.0;
    double mtls = 1.0;
    double opened = 1.0; // connections/s
    Protocol protocol = Protocol::Http;
};

inline EdgeSample makeEdge(const EdgeSpec &s)
{
    EdgeSample e = edgeSample(svc(s.from), svc(s.to), s.rps, s.p95);
    e.protocol = s.protocol;
    e.mtlsShare = s.mtls;
    e.tcpOpenedRate = s.opened;
    return e;
}

inline NodeSample makeNode(const char *name, int desired = -1, int ready = -1)
{
    return NodeSample{svc(name), NodeKind::Service, QStringLiteral("v1"), desired, ready, {}};
}

inline const HealthVerdict &nodeVerdict(const Topology &t, const HealthScores &s, const char *name)
{
    const int i = t.nodeIndex(svc(name));
    Q_ASSERT(i >= 0);
    return s.nodes[size_t(i)];
}

inline const HealthVerdict &edgeVerdict(const Topology &t, const HealthScores &s, const char *from,
                                        const char *to)
{
    const int e = t.edgeIndex(svc(from), svc(to));
    Q_ASSERT(e >= 0);
    return s.edges[size_t(e)];
}

// Rounds as the doc shows numbers: to `decimals` places.
inline double shown(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

// One refresh through a fresh builder and model.
struct Scored
{
    TopologyPtr topology;
    HealthScores scores;
    const HealthVerdict &node(const char *name) const
    {
        return nodeVerdict(*topology, scores, name);
    }
    const HealthVerdict &edge(const char *from, const char *to) const
    {
        return edgeVerdict(*topology, scores, from, to);
    }
};

inline Scored scoreOnce(const TelemetrySample &sample, const HealthSettings &settings = {})
{
    TopologyBuilder builder;
    HealthModel model(settings);
    Scored out;
    out.topology = builder.build(sample);
    out.scores = model.score(*out.topology);
    return out;
}

} // namespace meshscope::testing::health
