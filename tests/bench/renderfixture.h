#pragma once

// The generated meshes bench_render draws: generated:N (core::generateLayeredMesh) with random
// scores and rates, on a jittered grid kSpacing apart, as two refreshes (every score restyled,
// every position moved). Built once per size. Header-only, for tests/bench.

#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"
#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/topologybuilder.h"

#include <QPointF>

#include <cmath>
#include <map>
#include <memory>
#include <random>

namespace meshscope::bench {

using namespace meshscope::core;

inline constexpr quint64 kSeed = 20240611;
inline constexpr double kSpacing = 60.0;

// Uniform in [0,1) from the raw generator output (std distributions differ between libraries).
inline double uniform(std::mt19937_64 &rng)
{
    return double(rng() >> 11) * (1.0 / 9007199254740992.0);
}

struct Frame
{
    TopologyPtr topology;
    HealthScores scores;
    Positions positions;
};

struct Fixture
{
    Frame a; // first refresh
    Frame b; // next refresh: new snapshot object, every score restyled, every position moved
};

inline HealthScores randomScores(const Topology &t, std::mt19937_64 &rng)
{
    const auto verdict = [&rng]() {
        HealthVerdict v;
        const double u = uniform(rng);
        v.score = u < 0.08  ? 50.0 * uniform(rng)
                  : u < 0.2 ? 50.0 + 25.0 * uniform(rng)
                            : 75.0 + 25.0 * uniform(rng);
        v.band = v.score >= 75   ? HealthBand::Healthy
                 : v.score >= 50 ? HealthBand::Degraded
                                 : HealthBand::Failing;
        return v;
    };
    HealthScores s;
    s.generation = t.generation();
    for (int i = 0; i < t.nodeCount(); ++i)
        s.nodes.push_back(verdict());
    for (int i = 0; i < t.edgeCount(); ++i)
        s.edges.push_back(verdict());
    return s;
}

inline const Fixture &fixture(int n)
{
    static std::map<int, std::unique_ptr<Fixture>> cache;
    auto &slot = cache[n];
    if (slot)
        return *slot;
    slot = std::make_unique<Fixture>();
    const MeshSpec spec = generateLayeredMesh(n, kSeed);
    std::mt19937_64 rng(kSeed);
    TelemetrySample sample;
    sample.timestampMs = 1'700'000'000'000;
    sample.sourceName = spec.name;
    for (size_t i = 0; i < spec.services.size(); ++i) {
        const ServiceSpec &s = spec.services[i];
        sample.nodes.push_back(
            NodeSample{spec.nodeId(int(i)), s.kind, s.version, s.replicas, s.replicas, {}});
    }
    for (const CallSpec &c : spec.calls) {
        EdgeSample e;
        e.source = spec.nodeId(c.from);
        e.destination = spec.nodeId(c.to);
        e.requestRate = 0.1 * std::pow(10.0, 4.0 * uniform(rng)); // 0.1 .. 1000 req/s, log-uniform
        e.rate5xx = uniform(rng) < 0.1 ? e.requestRate * 0.2 * uniform(rng) : 0.0;
        e.latency.p95Ms = 5.0 + 200.0 * uniform(rng);
        sample.edges.push_back(e);
    }
    TopologyBuilder builder;
    slot->a.topology = builder.build(sample);
    sample.timestampMs += 15'000;
    slot->b.topology = builder.build(sample);
    slot->a.scores = randomScores(*slot->a.topology, rng);
    slot->b.scores = randomScores(*slot->b.topology, rng);
    const int cols = int(std::ceil(std::sqrt(double(n))));
    for (size_t i = 0; i < spec.services.size(); ++i) {
        const QPointF grid(kSpacing * double(int(i) % cols), kSpacing * double(int(i) / cols));
        const QPointF jitter((uniform(rng) - 0.5) * 20.0, (uniform(rng) - 0.5) * 20.0);
        slot->a.positions.insert(spec.nodeId(int(i)), grid + jitter);
        slot->b.positions.insert(
            spec.nodeId(int(i)),
            grid + jitter + QPointF((uniform(rng) - 0.5) * 16.0, (uniform(rng) - 0.5) * 16.0));
    }
    return *slot;
}

} // namespace meshscope::bench
