#include "core/demo/edgewindow.h"

namespace meshscope::core {

bool EdgeWindow::failsConnection(CallOutcome outcome)
{
    return outcome == CallOutcome::NoHealthyUpstream || outcome == CallOutcome::ConnectFailure ||
           outcome == CallOutcome::DnsFailure;
}

void EdgeWindow::accumulate(Counters &k, const float *f)
{
    double requests = 0.0;
    for (int o = 0; o < kCallOutcomeCount; ++o) {
        k.requests[size_t(o)] += f[FOutcome + o];
        requests += f[FOutcome + o];
    }
    double le = 0.0;
    double serverLe = 0.0;
    for (size_t b = 0; b < kIstioBucketCount; ++b) {
        le += f[FBucket + int(b)];
        k.durationLe[b] += le;
        serverLe += f[FServerBucket + int(b)];
        k.serverDurationLe[b] += serverLe;
    }
    k.durationSumMs += f[FSum];
    if (le > 0.0)
        k.durationCount += requests;
    for (int o = 0; o < kServerOutcomeCount; ++o)
        k.serverRequests[size_t(o)] += f[FServer + o];
    k.serverDurationSumMs += f[FServerSum];
    k.tcpOpened += f[FTcpOpened];
    k.tcpClosed += f[FTcpClosed];
    k.bytesSent += f[FBytesSent];
    k.bytesReceived += f[FBytesReceived];
    k.mtlsRequests += f[FMtls];
    k.plaintextRequests += f[FPlaintext];
}

EdgeSample EdgeWindow::toSample(const double *acc, double seconds, const ServiceSpec &from,
                                const ServiceSpec &to)
{
    EdgeSample edge;
    edge.protocol = to.protocol;
    const double secured = acc[FMtls] + acc[FPlaintext];
    // Only the destination reporter knows the policy; a callee outside the mesh has none.
    edge.mtlsShare = secured > 0.0 ? acc[FMtls] / secured : kNaN;
    if (to.protocol == Protocol::Tcp) {
        // Istio has no request metrics for plain TCP: connections (failed ones flagged) and bytes.
        double failed = 0.0;
        for (int o = 0; o < kCallOutcomeCount; ++o)
            if (failsConnection(CallOutcome(o)))
                failed += acc[FOutcome + o];
        edge.tcpOpenedRate = acc[FTcpOpened] / seconds;
        edge.tcpClosedRate = acc[FTcpClosed] / seconds;
        edge.tcpFailedRate = failed / seconds;
        edge.bytesSentRate = acc[FBytesSent] / seconds;
        edge.bytesReceivedRate = acc[FBytesReceived] / seconds;
        return edge;
    }
    // Kiali's classes come from the labels alone: code 0 is "-", 5xx on HTTP, grpc status 1..16
    // on gRPC (where every answer, Envoy's own too, is HTTP 200).
    double requests = 0.0;
    for (int o = 0; o < kCallOutcomeCount; ++o) {
        const double v = acc[FOutcome + o];
        requests += v;
        const CallModel::Labels l = CallModel::labels(CallOutcome(o), to.protocol);
        if (l.responseCode == 0)
            edge.rateNoResponse += v;
        else if (to.protocol == Protocol::Grpc && l.grpcStatus > 0)
            edge.rateGrpcError += v;
        else if (l.responseCode >= 500)
            edge.rate5xx += v;
        else if (l.responseCode >= 400)
            edge.rate4xx += v;
    }
    edge.requestRate = requests / seconds;
    edge.rate4xx /= seconds;
    edge.rate5xx /= seconds;
    edge.rateGrpcError /= seconds;
    edge.rateNoResponse /= seconds;
    edge.rateTimeout = acc[FOutcome + int(CallOutcome::Timeout)] / seconds;
    const double *buckets = acc + FBucket;
    edge.latency.p50Ms = histogramQuantile(0.50, buckets);
    edge.latency.p95Ms = histogramQuantile(0.95, buckets);
    edge.latency.p99Ms = histogramQuantile(0.99, buckets);
    if (to.kind != NodeKind::External && from.kind != NodeKind::External) {
        double attempts = 0.0;
        for (int o = 0; o < kServerOutcomeCount; ++o)
            attempts += acc[FServer + o];
        edge.serverRequestRate = attempts / seconds;
        const double *server = acc + FServerBucket;
        edge.serverLatency.p50Ms = histogramQuantile(0.50, server);
        edge.serverLatency.p95Ms = histogramQuantile(0.95, server);
        edge.serverLatency.p99Ms = histogramQuantile(0.99, server);
    }
    return edge;
}

} // namespace meshscope::core
