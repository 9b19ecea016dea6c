#include "core/health/healthmodel.h"

#include "core/health/healthlog_p.h"

#include <algorithm>
#include <array>
#include <cmath>

// Every formula here is written out, with units and defaults, in docs/health-model.md; keep the
// two in step (tst_healthmodel recomputes the worked examples of the doc).

namespace meshscope::core {

namespace {

constexpr double kFull = 100.0;
constexpr quint64 kSweepEveryTicks = 64;

double clamp01(double x)
{
    return std::clamp(x, 0.0, 1.0);
}

// 100 at 0, falling linearly to 0 at `atZero` (same unit as value).
double linearDown(double value, double atZero)
{
    return kFull * clamp01(1.0 - value / atZero);
}

// One scored term and the reason it gives when it is the weakest (figures in the units of
// VerdictReason: shares in percent, latencies in ms).
struct TermValue
{
    double score = kNaN;
    VerdictReason reason;
};

TermValue makeTerm(double score, ReasonCode code, double value, double threshold = kNaN)
{
    TermValue t;
    t.score = score;
    t.reason.code = code;
    t.reason.value = value;
    t.reason.threshold = threshold;
    return t;
}

struct Factor
{
    double score = kNaN;
    TermValue weakest;

    // A factor is its weakest term: the reason can then name one term honestly.
    void consider(const TermValue &t)
    {
        if (std::isnan(score) || t.score < score) {
            score = t.score;
            weakest = t;
        }
    }
};

enum ProtoIndex
{
    kHttp = 0,
    kGrpc = 1
};

// Sums over a set of edges (one edge, a node's inbound or outbound edges, or both).
struct Traffic
{
    double req = 0.0;                           // requests/s, all protocols
    double err = 0.0;                           // 5xx + gRPC errors + no-response, requests/s
    double protoFail = 0.0;                     // no-response + gRPC errors, requests/s
    std::array<double, 2> protoReq{};           // requests/s per ProtoIndex
    std::array<std::array<double, 4>, 2> cls{}; // [ProtoIndex][ErrorClass] requests/s
    double mtlsWeighted = 0.0, mtlsWeight = 0.0;
    double handshake = 0.0, opened = 0.0;     // per s, all edges
    double reuseReq = 0.0, reuseOpened = 0.0; // HTTP/gRPC edges that report connections
    double p95Weighted = 0.0, p95Weight = 0.0;
    double bytes = 0.0;

    // `leavesMesh`: the callee is outside the mesh (NodeKind::External), where mutual TLS is
    // impossible, so the call says nothing about the mTLS expectation.
    void add(const EdgeSample &m, bool leavesMesh)
    {
        req += m.requestRate;
        err += m.errorRate();
        protoFail += m.rateNoResponse + m.rateGrpcError;
        if (m.protocol != Protocol::Tcp) {
            const int p = m.protocol == Protocol::Grpc ? kGrpc : kHttp;
            protoReq[size_t(p)] += m.requestRate;
            auto &c = cls[size_t(p)];
            c[size_t(ErrorClass::Http5xx)] += m.rate5xx;
            c[size_t(ErrorClass::Http4xx)] += m.rate4xx;
            c[size_t(ErrorClass::GrpcError)] += m.rateGrpcError;
            c[size_t(ErrorClass::NoResponse)] += m.rateNoResponse;
            if (m.tcpOpenedRate > 0.0) {
                reuseReq += m.requestRate;
                reuseOpened += m.tcpOpenedRate;
            }
        }
        if (!std::isnan(m.mtlsShare) && !leavesMesh) {
            const double w = m.requestRate > 0.0 ? m.requestRate : m.tcpOpenedRate;
            mtlsWeighted += m.mtlsShare * w;
            mtlsWeight += w;
        }
        handshake += m.tlsHandshakeFailureRate;
        opened += m.tcpOpenedRate;
        if (!std::isnan(m.latency.p95Ms) && m.requestRate > 0.0) {
            p95Weighted += m.latency.p95Ms * m.requestRate;
            p95Weight += m.requestRate;
        }
        bytes += m.bytesSentRate + m.bytesReceivedRate;
    }

    void add(const Traffic &o)
    {
        req += o.req;
        err += o.err;
        protoFail += o.protoFail;
        for (size_t p = 0; p < 2; ++p) {
            protoReq[p] += o.protoReq[p];
            for (size_t k = 0; k < 4; ++k)
                cls[p][k] += o.cls[p][k];
        }
        mtlsWeighted += o.mtlsWeighted;
        mtlsWeight += o.mtlsWeight;
        handshake += o.handshake;
        opened += o.opened;
        reuseReq += o.reuseReq;
        reuseOpened += o.reuseOpened;
        p95Weighted += o.p95Weighted;
        p95Weight += o.p95Weight;
        bytes += o.bytes;
    }

    bool hasTraffic() const { return req > 0.0 || opened > 0.0 || bytes > 0.0 || handshake > 0.0; }
};

// Kiali's verdict on the error rates (and, for nodes, the replicas).
struct KialiVerdict
{
    int severity = 0; // 0 none, 1 degraded, 2 failing
    bool replicas = false;
    ErrorClass code = ErrorClass::Http5xx;
    double percent = 0.0;
    double threshold = 0.0;
    int ready = 0, desired = 0;
};

void rateVerdict(const Traffic &tr, const std::vector<ErrorTolerance> &tolerances, KialiVerdict &v)
{
    for (const ErrorTolerance &tol : tolerances) {
        for (int p : {kHttp, kGrpc}) {
            if ((p == kHttp && !tol.http) || (p == kGrpc && !tol.grpc))
                continue;
            const double req = tr.protoReq[size_t(p)];
            if (req <= 0.0)
                continue;
            // Percent computed as 100*count/req (not ratio*100) so 1 of 10 is exactly 10.
            const double pct = kFull * tr.cls[size_t(p)][size_t(tol.code)] / req;
            // Kiali ascendingThresholdCheck: only value > 0 counts; >= failure, else >= degraded.
            int sev = 0;
            if (pct > 0.0 && pct >= tol.failurePercent)
                sev = 2;
            else if (pct > 0.0 && pct >= tol.degradedPercent)
                sev = 1;
            if (sev > v.severity) {
                v.severity = sev;
                v.replicas = false;
                v.code = tol.code;
                v.percent = pct;
                v.threshold = sev == 2 ? tol.failurePercent : tol.degradedPercent;
            }
        }
    }
}

VerdictReason verdictReason(const KialiVerdict &v)
{
    VerdictReason r;
    if (v.replicas) {
        r.code = ReasonCode::Replicas;
        r.ready = v.ready;
        r.desired = v.desired;
        return r;
    }
    r.code = ReasonCode::ErrorTolerance;
    r.errorClass = v.code;
    r.value = v.percent;
    r.threshold = v.threshold;
    r.level = v.severity == 2 ? HealthBand::Failing : HealthBand::Degraded;
    return r;
}

constexpr std::uint8_t kLatencyAnomaly = 1;
constexpr std::uint8_t kErrorAnomaly = 2;

// Stability term of one metric against its baseline; no term while the baseline warms up.
// `unit` scales x and the baseline into the reason's unit (100 for a ratio -> percent).
TermValue deviationTerm(ReasonCode code, double x, const RollingBaseline::Stats &st,
                        double sigmaFloor, const HealthSettings::Stability &cfg, double unit)
{
    TermValue t;
    if (std::isnan(x) || st.count < cfg.minSamples)
        return t;
    const double sigma = std::max(st.stddev, sigmaFloor);
    // Only upward deviations hurt: lower latency or fewer errors than usual is not a problem.
    const double z = (x - st.mean) / sigma;
    t.score = kFull * clamp01(1.0 - std::max(0.0, z - cfg.toleratedSigma) / cfg.sigmaSpan);
    t.reason.code = code;
    t.reason.value = x * unit;
    t.reason.baseline = st.mean * unit;
    t.reason.sigma = z;
    t.reason.samples = st.count;
    return t;
}

// Both stability terms of a node or edge into `stab`; returns which values were anomalous
// (kLatencyAnomaly, kErrorAnomaly), which score() then holds out of the baselines.
std::uint8_t stabilityTerms(double latency, double errors, const RollingBaseline::Stats &lat,
                            const RollingBaseline::Stats &err, const HealthSettings::Stability &cfg,
                            Factor &stab)
{
    std::uint8_t anomalous = 0;
    if (lat.count >= cfg.minSamples && !std::isnan(latency)) {
        const double floor =
            std::max(cfg.latencyRelativeFloor * lat.mean, cfg.latencyAbsoluteFloorMs);
        const TermValue term =
            deviationTerm(ReasonCode::LatencyShift, latency, lat, floor, cfg, 1.0);
        stab.consider(term);
        if (term.reason.sigma > cfg.toleratedSigma)
            anomalous |= kLatencyAnomaly;
    }
    if (err.count >= cfg.minSamples && !std::isnan(errors)) {
        const TermValue term =
            deviationTerm(ReasonCode::ErrorShift, errors, err, cfg.errorRatioFloor, cfg, kFull);
        stab.consider(term);
        if (term.reason.sigma > cfg.toleratedSigma)
            anomalous |= kErrorAnomaly;
    }
    return anomalous;
}

void protocolTerms(const Traffic &tr, const HealthSettings::ProtocolHealth &cfg, Factor &f)
{
    if (cfg.expectedMtlsShare > 0.0 && tr.mtlsWeight > 0.0) {
        const double share = tr.mtlsWeighted / tr.mtlsWeight;
        f.consider(makeTerm(kFull * std::min(1.0, share / cfg.expectedMtlsShare), ReasonCode::Mtls,
                            kFull * share, kFull * cfg.expectedMtlsShare));
    }
    if (tr.opened + tr.handshake > 0.0) {
        const double ratio = tr.handshake / (tr.opened + tr.handshake);
        f.consider(makeTerm(linearDown(ratio, cfg.handshakeFailureRatioAtZero),
                            ReasonCode::Handshake, kFull * ratio));
    }
    if (cfg.targetRequestsPerConnection > 0.0 && tr.reuseOpened > 0.0) {
        const double perConnection = tr.reuseReq / tr.reuseOpened;
        f.consider(makeTerm(kFull * std::min(1.0, perConnection / cfg.targetRequestsPerConnection),
                            ReasonCode::Reuse, perConnection, cfg.targetRequestsPerConnection));
    }
    if (tr.req > 0.0) {
        const double ratio = tr.protoFail / tr.req;
        f.consider(makeTerm(linearDown(ratio, cfg.failureRatioAtZero), ReasonCode::ProtocolFailures,
                            kFull * ratio));
    }
}

void successTerm(const Traffic &tr, const HealthSettings::Connectivity &cfg, Factor &f)
{
    if (tr.req <= 0.0)
        return;
    // Dependency strength of an edge = calls x (1 - error ratio); summed over the edges and
    // divided by the calls it is the request-weighted success ratio. Weighting each edge's
    // success by its strength instead would let a dead dependency (strength 0) vanish.
    const double errorRatio = tr.err / tr.req;
    TermValue t = makeTerm(linearDown(errorRatio, cfg.errorRatioAtZero), ReasonCode::Success,
                           kFull * errorRatio);
    t.reason.rate = tr.req;
    f.consider(t);
}

// Weighted mean over the factors with data, Kiali cap, band, driver and reason.
HealthVerdict combine(const HealthSettings &s, const Factor &conn, const Factor &stab,
                      const Factor &proto, const KialiVerdict &kiali, ReasonCode noDataReason)
{
    HealthVerdict v;
    v.factors.connectivity = conn.score;
    v.factors.stability = stab.score;
    v.factors.protocol = proto.score;
    const std::array<const Factor *, 3> f{&conn, &stab, &proto};
    const std::array<double, 3> w{s.weights.connectivity, s.weights.stability, s.weights.protocol};
    double wsum = 0.0;
    double acc = 0.0;
    for (size_t i = 0; i < 3; ++i) {
        if (!std::isnan(f[i]->score) && w[i] > 0.0) {
            wsum += w[i];
            acc += w[i] * f[i]->score;
        }
    }
    if (wsum <= 0.0) {
        v.reason.code = noDataReason;
        return v;
    }
    const double uncapped = acc / wsum;
    double score = uncapped;
    if (kiali.severity == 2)
        score = std::min(score, s.caps.failing);
    else if (kiali.severity == 1)
        score = std::min(score, s.caps.degraded);
    v.score = score;
    v.band = s.bands.bandOf(score);

    // Driver: most points lost, normalised weight x (100 - factor score); ties go to the
    // earlier factor (connectivity, stability, protocol).
    double worstLoss = -1.0;
    size_t driver = 0;
    for (size_t i = 0; i < 3; ++i) {
        if (std::isnan(f[i]->score) || w[i] <= 0.0)
            continue;
        const double loss = w[i] / wsum * (kFull - f[i]->score);
        if (loss > worstLoss) {
            worstLoss = loss;
            driver = i;
        }
    }
    v.driver = HealthFactor(driver);

    const bool capBinding = score < uncapped;
    if (capBinding || (kiali.severity == 2 && v.band == HealthBand::Failing))
        v.reason = verdictReason(kiali);
    else if (worstLoss > 0.0)
        v.reason = f[driver]->weakest.reason;
    else
        v.reason.code = ReasonCode::WithinTolerance;
    return v;
}

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
            const double available =
                std::min(1.0, double(node.replicasReady) / node.replicasDesired);
            TermValue replicas = makeTerm(kFull * available, ReasonCode::Replicas, kNaN);
            replicas.reason.ready = node.replicasReady;
            replicas.reason.desired = node.replicasDesired;
            conn.consider(replicas);
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
