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
    if (const QString problem = m_settings.validate(); !problem.isEmpty()) {
        qCWarning(lcHealth) << "invalid health settings, using the defaults:" << problem;
        m_settings = HealthSettings();
        m_baseline.reset(m_settings.stability.windowSamples);
    }
    m_rules = ServiceRules(m_settings);
}

Result<void> HealthModel::setSettings(const HealthSettings &settings)
{
    if (const QString problem = settings.validate(); !problem.isEmpty()) {
        qCWarning(lcHealth) << "health settings refused, keeping the previous ones:" << problem;
        return Result<void>::failure(problem);
    }
    const bool windowChanged =
        settings.stability.windowSamples != m_settings.stability.windowSamples;
    m_settings = settings;
    m_rules = ServiceRules(m_settings);
    if (windowChanged) {
        qCInfo(lcHealth) << "baseline window changed to" << m_settings.stability.windowSamples
                         << "samples: baselines restart";
        resetBaselines();
    }
    return Result<void>::success();
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

namespace {

// The rate of `reason`'s figure on one edge: which call drove a node's reason.
double drivingRate(const EdgeSample &m, const VerdictReason &reason)
{
    switch (reason.code) {
    case ReasonCode::ErrorTolerance:
        switch (reason.errorClass) {
        case ErrorClass::Http5xx:
            return m.rate5xx;
        case ErrorClass::Http4xx:
            return m.rate4xx;
        case ErrorClass::GrpcError:
            return m.rateGrpcError;
        case ErrorClass::NoResponse:
            return m.rateNoResponse;
        case ErrorClass::TcpFailure:
            return m.tcpFailedRate;
        }
        return 0.0;
    case ReasonCode::Success:
        return m.protocol == Protocol::Tcp ? 0.0 : m.errorRate();
    case ReasonCode::TcpFailures:
        return m.protocol == Protocol::Tcp ? m.tcpFailedRate : 0.0;
    default:
        return 0.0;
    }
}

void namePeer(const Topology &t, int node, VerdictReason &reason)
{
    if (reason.direction == Direction::None)
        return;
    const bool inbound = reason.direction == Direction::Inbound;
    const std::vector<int> &edges = inbound ? t.inEdges(node) : t.outEdges(node);
    double best = 0.0;
    for (int e : edges) {
        const TopologyEdge &edge = t.edges()[size_t(e)];
        const double r = drivingRate(edge.metrics, reason);
        if (r > best) {
            best = r;
            reason.peer = t.nodes()[size_t(inbound ? edge.source : edge.target)].id;
        }
    }
}

} // namespace

HealthScores HealthModel::compute(const Topology &t, const std::vector<Slots> &nodeSlots,
                                  const std::vector<Slots> &edgeSlots, Observed *observed) const
{
    const HealthSettings &s = m_settings;
    const bool kialiExact = s.mode == HealthSettings::Mode::KialiExact;
    Evidence ev;
    ev.wilson = !kialiExact;
    ev.z = s.confidence.z;
    ev.windowSeconds = s.confidence.windowSeconds;
    ev.zeroTolerancePercent = s.confidence.zeroTolerancePercent;
    const double minRate = s.confidence.minRequests / s.confidence.windowSeconds;

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
    std::vector<Traffic> edgeTraffic(edges.size());
    for (size_t e = 0; e < edges.size(); ++e) {
        const TopologyEdge &edge = edges[e];
        edgeTraffic[e].add(edge.metrics, nodes[size_t(edge.target)].kind == NodeKind::External);
        in[size_t(edge.target)].add(edgeTraffic[e]);
        outbound[size_t(edge.source)].add(edgeTraffic[e]);
    }

    for (size_t e = 0; e < edges.size(); ++e) {
        const TopologyEdge &edge = edges[e];
        const EdgeSample &m = edge.metrics;
        const Traffic &tr = edgeTraffic[e];
        const Traffic &caller = outbound[size_t(edge.source)];
        HealthVerdict &verdict = out.edges[e];
        if (!tr.hasTraffic()) {
            verdict.reason.code = ReasonCode::NoEdgeTraffic;
            continue;
        }

        Factor conn, stab, proto;
        successTerms(tr, s, Direction::None, conn);

        const bool requests = m.protocol != Protocol::Tcp && m.requestRate > 0.0;
        const double latency = requests ? m.latency.p95Ms : kNaN;
        const double errors = requests ? m.errorRatio() : kNaN;
        const std::uint8_t anomalous =
            stabilityTerms(latency, errors, m_baseline.stats(edgeSlots[e].latency),
                           m_baseline.stats(edgeSlots[e].errors), s.stability, stab);
        if (observed) {
            observed->edgeLatency[e] = latency;
            observed->edgeErrors[e] = errors;
            observed->edgeAnomalous[e] = anomalous;
        }
        protocolTerms(tr, s.protocol, proto);

        // An edge is outbound traffic of its source and inbound traffic of its destination
        // (Kiali GetCompiledTolerancesForDirection): both rules apply, the worse wins.
        const NodeId &to = nodes[size_t(edge.target)].id;
        Verdict v;
        rateVerdict(tr, m_rules.tolerances(nodes[size_t(edge.source)].id), Direction::Outbound, ev,
                    v);
        rateVerdict(tr, m_rules.tolerances(to), Direction::Inbound, ev, v);
        v.direction = Direction::None;
        Verdict objective;
        const ServiceRules::Objective target = m_rules.objective(to);
        objectiveTerms(latency, requests ? m.latency.p99Ms : kNaN, target.p95Ms, target.p99Ms,
                       s.objectives.failingFactor, objective, stab);
        if (!kialiExact) {
            tcpVerdict(tr, s.protocol, Direction::None, ev, v);
            v.raise(objective);
        }
        verdict = combine(s, conn, stab, proto, v, ReasonCode::NoEdgeTraffic, true);
        verdict.lowConfidence = tr.req > 0.0 && tr.req < minRate;
        verdict.dependencyStrength =
            m.protocol == Protocol::Tcp
                ? (caller.tcpOpened > 0.0 ? m.tcpOpenedRate / caller.tcpOpened : kNaN)
                : (caller.req > 0.0 ? m.requestRate / caller.req : kNaN);
    }

    for (size_t i = 0; i < nodes.size(); ++i) {
        const TopologyNode &node = nodes[i];
        const Traffic &inTr = in[i];
        const Traffic &outTr = outbound[i];

        Factor conn, stab, proto;
        Verdict v;
        if (!node.idle) {
            // Both directions, as Kiali's calculateRequestStatus: the worse of what the node
            // answers and what it calls. A node nobody calls (gateway, job) has outbound only.
            successTerms(inTr, s, Direction::Inbound, conn);
            successTerms(outTr, s, Direction::Outbound, conn);
            const std::vector<ErrorTolerance> &tolerances = m_rules.tolerances(node.id);
            rateVerdict(inTr, tolerances, Direction::Inbound, ev, v);
            rateVerdict(outTr, tolerances, Direction::Outbound, ev, v);
            if (!kialiExact) {
                tcpVerdict(inTr, s.protocol, Direction::Inbound, ev, v);
                tcpVerdict(outTr, s.protocol, Direction::Outbound, ev, v);
            }
        }
        if (node.replicasDesired > 0 && node.replicasReady >= 0) {
            conn.consider(replicasTerm(node.replicasReady, node.replicasDesired));
            if (s.connectivity.replicaVerdict) {
                // Kiali models/health_status.go WorkloadStatusHealth: no available replica ->
                // failure; fewer than desired -> degraded.
                Verdict r;
                r.code = ReasonCode::Replicas;
                r.severity = node.replicasReady == 0                     ? 2
                             : node.replicasReady < node.replicasDesired ? 1
                                                                         : 0;
                r.ready = node.replicasReady;
                r.desired = node.replicasDesired;
                v.raise(r);
            }
        }

        if (!node.idle) {
            Traffic all = inTr;
            all.add(outTr);
            double latency = node.p95Ms;
            if (std::isnan(latency) && outTr.p95Weight > 0.0)
                latency = outTr.p95Weighted / outTr.p95Weight;
            const double errors = node.errorRatio;
            const std::uint8_t anomalous =
                stabilityTerms(latency, errors, m_baseline.stats(nodeSlots[i].latency),
                               m_baseline.stats(nodeSlots[i].errors), s.stability, stab);
            if (observed) {
                observed->nodeLatency[i] = latency;
                observed->nodeErrors[i] = errors;
                observed->nodeAnomalous[i] = anomalous;
            }
            if (!kialiExact)
                latencyShiftVerdict(latency, m_baseline.stats(nodeSlots[i].latency), s.stability,
                                    v);
            Verdict objective;
            const ServiceRules::Objective target = m_rules.objective(node.id);
            const Traffic &timed = inTr.p99Weight > 0.0 ? inTr : outTr;
            const double p99 = timed.p99Weight > 0.0 ? timed.p99Weighted / timed.p99Weight : kNaN;
            objectiveTerms(latency, p99, target.p95Ms, target.p99Ms, s.objectives.failingFactor,
                           objective, stab);
            if (!kialiExact)
                v.raise(objective);
            protocolTerms(all, s.protocol, proto);
        }
        HealthVerdict &verdict = out.nodes[i];
        const bool traffic = !node.idle && (inTr.hasTraffic() || outTr.hasTraffic());
        verdict = combine(s, conn, stab, proto, v,
                          node.idle ? ReasonCode::Idle : ReasonCode::NoData, traffic);
        const double req = inTr.req + outTr.req;
        verdict.lowConfidence = !node.idle && req > 0.0 && req < minRate;
        namePeer(t, int(i), verdict.reason);
    }
    return out;
}

} // namespace meshscope::core
