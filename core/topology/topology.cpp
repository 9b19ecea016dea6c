#include "core/topology/topology.h"

#include "core/topology/topologygraph_p.h"

#include <cmath>

namespace meshscope::core {

Topology::Topology() : m_graph(std::make_unique<TopologyGraph>()) {}

Topology::~Topology() = default;

int Topology::edgeIndex(const NodeId &source, const NodeId &target) const
{
    const int s = nodeIndex(source);
    const int t = nodeIndex(target);
    if (s < 0 || t < 0)
        return -1;
    for (int e : m_outEdges[size_t(s)]) {
        if (m_edges[size_t(e)].target == t)
            return e;
    }
    return -1;
}

int sanitize(EdgeSample &e)
{
    int bad = 0;
    const auto rate = [&bad](double &v) {
        if (!std::isfinite(v) || v < 0.0) {
            v = 0.0;
            ++bad;
        }
    };
    const auto latency = [&bad](double &v) {
        if (!std::isnan(v) && (!std::isfinite(v) || v < 0.0)) {
            v = kNaN;
            ++bad;
        }
    };
    for (double *v : {&e.rate4xx, &e.rate5xx, &e.rateGrpcError, &e.rateNoResponse, &e.rateTimeout,
                      &e.tcpOpenedRate, &e.tcpClosedRate, &e.tcpFailedRate, &e.bytesSentRate,
                      &e.bytesReceivedRate, &e.tlsHandshakeFailureRate, &e.traceCallCount})
        rate(*v);
    if (!std::isfinite(e.requestRate) || e.requestRate < 0.0) {
        // At least the outcomes that were counted were requests: keeping them keeps the errors
        // visible (a 0 would hide them, a NaN would poison every sum).
        e.requestRate = e.rate4xx + e.rate5xx + e.rateGrpcError + e.rateNoResponse;
        ++bad;
    }
    if (!std::isnan(e.serverRequestRate) &&
        (!std::isfinite(e.serverRequestRate) || e.serverRequestRate < 0.0)) {
        e.serverRequestRate = kNaN;
        ++bad;
    }
    for (double *v : {&e.latency.p50Ms, &e.latency.p95Ms, &e.latency.p99Ms, &e.serverLatency.p50Ms,
                      &e.serverLatency.p95Ms, &e.serverLatency.p99Ms})
        latency(*v);
    if (!std::isnan(e.mtlsShare) && !(e.mtlsShare >= 0.0 && e.mtlsShare <= 1.0)) {
        e.mtlsShare = kNaN;
        ++bad;
    }
    return bad;
}

} // namespace meshscope::core
