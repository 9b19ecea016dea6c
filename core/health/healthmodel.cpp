#include "core/health/healthmodel.h"

#include "core/health/healthlog_p.h"
#include "core/health/healthterms_p.h"

#include <algorithm>
#include <array>
#include <cmath>

// The terms and how they combine: healthterms_p.h. Here: baselines and the walk over a snapshot.

namespace meshscope::core {

namespace {

using namespace healthterms;

constexpr quint64 kSweepEveryTicks = 64;

} // namespace

HealthModel::HealthModel(HealthSettings settings)
    : m_settings(std::move(settings)), m_baseline(m_settings.stability.windowSamples)
{
}

void HealthModel::setSettings(const HealthSettings &settings)
{
    const bool windowChanged =
        settings.stability.windowSamples != m_settings.stability.windowSamples;
    m_settings = settings;
    if (windowChanged) {
        qCInfo(lcHealth) << "baseline window changed to" << m_settings.stability.windowSamples
                         << "samples: baselines restart";
        resetBaselines();
    }
}

void HealthModel::resetBaselines()
{
    m_baseline.reset(m_settings.stability.windowSamples);
    m_nodeSlots.clear();
    m_edgeSlots.clear();
}

HealthScores HealthModel::evaluate(const Topology &t) const
{
    const auto &nodes = t.nodes();
    const auto &edges = t.edges();
    std::vector<Slots> nodeSlots(nodes.size());
    std::vector<Slots> edgeSlots(edges.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
        auto it = m_nodeSlots.constFind(nodes[i].id);
        if (it != m_nodeSlots.cend())
            nodeSlots[i] = *it;
    }
    for (size_t e = 0; e < edges.size(); ++e) {
        const int from = nodeSlots[size_t(edges[e].source)].latency;
        const int to = nodeSlots[size_t(edges[e].target)].latency;
        if (from < 0 || to < 0)
            continue;
        auto it = m_edgeSlots.constFind(edgeKey(from, to));
        if (it != m_edgeSlots.cend())
            edgeSlots[e] = *it;
    }
    return compute(t, nodeSlots, edgeSlots, nullptr);
}

HealthScores HealthModel::score(const Topology &t)
{
    ++m_tick;
    const auto &nodes = t.nodes();
    const auto &edges = t.edges();
    std::vector<Slots> nodeSlots(nodes.size());
    std::vector<Slots> edgeSlots(edges.size());
    auto bind = [this](Slots &s) {
        if (s.latency < 0) {
            s.latency = m_baseline.allocate();
            s.errors = m_baseline.allocate();
        }
        s.lastFedTick = m_tick;
        return s;
    };
    for (size_t i = 0; i < nodes.size(); ++i)
        nodeSlots[i] = bind(m_nodeSlots[nodes[i].id]);
    for (size_t e = 0; e < edges.size(); ++e)
        edgeSlots[e] = bind(m_edgeSlots[edgeKey(nodeSlots[size_t(edges[e].source)].latency,
                                                nodeSlots[size_t(edges[e].target)].latency)]);

    Observed observed;
    HealthScores scores = compute(t, nodeSlots, edgeSlots, &observed);

    // Feed after scoring: the current refresh is judged against the past only. An anomalous
    // value is held back from its baseline (for at most one window), so that a sustained fault
    // stays visible instead of becoming "usual" within a few refreshes; a lasting shift (a new
    // release that is simply slower) becomes the new normal after a window.
    auto feed = [this](const Slots &s, double latency, double errors, std::uint8_t anomalous) {
        if (!std::isnan(latency))
            m_baseline.offer(s.latency, latency, anomalous & kLatencyAnomaly);
        if (!std::isnan(errors))
            m_baseline.offer(s.errors, errors, anomalous & kErrorAnomaly);
    };
    for (size_t i = 0; i < nodes.size(); ++i)
        feed(nodeSlots[i], observed.nodeLatency[i], observed.nodeErrors[i],
             observed.nodeAnomalous[i]);
    for (size_t e = 0; e < edges.size(); ++e)
        feed(edgeSlots[e], observed.edgeLatency[e], observed.edgeErrors[e],
             observed.edgeAnomalous[e]);

    if (m_tick % kSweepEveryTicks == 0)
        sweep();
    return scores;
}

void HealthModel::sweep()
{
    // A series unfed for a whole window holds nothing current: free it so that churn in a
    // large mesh does not grow memory without bound.
    const quint64 maxAge = quint64(m_settings.stability.windowSamples);
    auto prune = [this, maxAge](auto &hash) {
        for (auto it = hash.begin(); it != hash.end();) {
            if (m_tick - it->lastFedTick > maxAge) {
                m_baseline.release(it->latency);
                m_baseline.release(it->errors);
                it = hash.erase(it);
            } else {
                ++it;
            }
        }
    };
    prune(m_nodeSlots);
    prune(m_edgeSlots);
}

HealthScores HealthModel::compute(const Topology &t, const std::vector<Slots> &nodeSlots,
                                  const std::vector<Slots> &edgeSlots, Observed *observed) const
{
    const HealthSettings &s = m_settings;
    const auto &nodes = t.nodes();
    const auto &edges = t.edges();
    HealthScores out;
    out.generation = t.generation();
    out.nodes.resize(nodes.size());
    out.edges.resize(edges.size());
    if (observed) {
        observed->nodeLatency.assign(nodes.size(), kNaN);
        observed->nodeErrors.assign(nodes.size(), kNaN);
        observed->edgeLatency.assign(edges.size(), kNaN);
        observed->edgeErrors.assign(edges.size(), kNaN);
        observed->nodeAnomalous.assign(nodes.size(), 0);
        observed->edgeAnomalous.assign(edges.size(), 0);
    }

    std::vector<Traffic> in(nodes.size());
    std::vector<Traffic> outbound(nodes.size());

    for (size_t e = 0; e < edges.size(); ++e) {
        const TopologyEdge &edge = edges[e];
        const EdgeSample &m = edge.metrics;
        Traffic tr;
        tr.add(m, t.nodes()[size_t(edge.target)].kind == NodeKind::External);
        in[size_t(edge.target)].add(tr);
        outbound[size_t(edge.source)].add(tr);
        if (!tr.hasTraffic()) {
            out.edges[e].reason.code = ReasonCode::NoEdgeTraffic;
            continue;
        }

        Factor conn, stab, proto;
        successTerm(tr, s.connectivity, conn);

        const double latency = m.requestRate > 0.0 ? m.latency.p95Ms : kNaN;
        const double errors = m.errorRatio();
        const std::uint8_t anomalous =
            stabilityTerms(latency, errors, m_baseline.stats(edgeSlots[e].latency),
                           m_baseline.stats(edgeSlots[e].errors), s.stability, stab);
        if (observed) {
            observed->edgeLatency[e] = latency;
            observed->edgeErrors[e] = errors;
            observed->edgeAnomalous[e] = anomalous;
        }

        protocolTerms(tr, s.protocol, proto);

        KialiVerdict kiali;
        rateVerdict(tr, s.tolerances, kiali);
        out.edges[e] = combine(s, conn, stab, proto, kiali, ReasonCode::NoEdgeTraffic);
    }

    for (size_t i = 0; i < nodes.size(); ++i) {
        const TopologyNode &node = nodes[i];
        Traffic all = in[i];
        all.add(outbound[i]);

        Factor conn, stab, proto;
        KialiVerdict kiali;
        if (!node.idle) {
            successTerm(all, s.connectivity, conn);
            // Kiali's view of a service is what it answers (inbound); a node nobody calls
            // (gateway, job) is judged on its outbound calls, like TopologyNode::errorRatio.
            rateVerdict(in[i].req > 0.0 ? in[i] : outbound[i], s.tolerances, kiali);
        }
        if (node.replicasDesired > 0 && node.replicasReady >= 0) {
            conn.consider(replicasTerm(node.replicasReady, node.replicasDesired));
            if (s.connectivity.replicaVerdict) {
                // Kiali workload status: no ready replica -> failure; fewer than desired ->
                // degraded.
                const int sev = node.replicasReady == 0                     ? 2
                                : node.replicasReady < node.replicasDesired ? 1
                                                                            : 0;
                if (sev > kiali.severity) {
                    kiali.severity = sev;
                    kiali.replicas = true;
                    kiali.ready = node.replicasReady;
                    kiali.desired = node.replicasDesired;
                }
            }
        }

        if (!node.idle) {
            double latency = node.p95Ms;
            if (std::isnan(latency) && outbound[i].p95Weight > 0.0)
                latency = outbound[i].p95Weighted / outbound[i].p95Weight;
            const double errors = node.errorRatio;
            const std::uint8_t anomalous =
                stabilityTerms(latency, errors, m_baseline.stats(nodeSlots[i].latency),
                               m_baseline.stats(nodeSlots[i].errors), s.stability, stab);
            if (observed) {
                observed->nodeLatency[i] = latency;
                observed->nodeErrors[i] = errors;
                observed->nodeAnomalous[i] = anomalous;
            }
            protocolTerms(all, s.protocol, proto);
        }
        out.nodes[i] =
            combine(s, conn, stab, proto, kiali, node.idle ? ReasonCode::Idle : ReasonCode::NoData);
    }
    return out;
}

} // namespace meshscope::core
