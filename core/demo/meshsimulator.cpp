#include "core/demo/meshsimulator.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

Q_LOGGING_CATEGORY(lcSim, "meshscope.core.sim")

namespace meshscope::core {

namespace {

constexpr int kRingTicks = int(MeshSimulator::kMaxWindowMs / MeshSimulator::kTickMs);
constexpr qint64 kDayMs = 24LL * 3600 * 1000;

// Traffic: a daily sinusoid peaking at 15:00 UTC (trough 03:00), +-5 % noise per tick.
constexpr double kDailyAmplitude = 0.35;
constexpr double kPeakHourUtc = 15.0;
constexpr double kEntryNoise = 0.05;
constexpr double kRateNoise = 0.04;
constexpr double kLatencyNoise = 0.06;

// Own processing time is log-normal around the service's base latency: sigma 0.45 puts p95 at
// about 2.1 x the median, as typical for small RPC handlers.
constexpr double kOwnSigma = 0.45;
// Locally answered failures (DF, UH, URX, overload rejections) are fast: ~0.6 ms median.
constexpr double kFastFailMeanMs = 0.7;
constexpr double kFastFailVarMs2 = 0.15;
// A lost packet costs at least one TCP retransmission timeout (Linux TCP_RTO_MIN = 200 ms).
constexpr double kMinRtoMs = 200.0;
constexpr int kPacketsPerRequest = 8;
// Below this expected count per tick, failure counts are drawn as whole numbers (Poisson).
constexpr double kPoissonExactBelow = 30.0;

// Steady client errors (bad input, missing items): not counted as errors by the health model
// for HTTP (4xx). Every gRPC status 1-16 counts as an error under Kiali's tolerances (any share
// degrades), and Online Boutique's gRPC services answer OK when healthy, so none on gRPC.
constexpr double kClientErrorShareHttp = 0.012;
constexpr double kClientErrorShareGrpc = 0.0;
// A callee failure fails the caller's request this often: the rest are absorbed by fallbacks
// (cached answers, optional widgets such as ads or recommendations).
constexpr double kSurfaceShare = 0.7;

// Connection reuse: HTTP/1.1 keep-alive pools, long-lived HTTP/2 (gRPC) and database pools.
double requestsPerConnection(Protocol p)
{
    return p == Protocol::Http ? 100.0 : p == Protocol::Grpc ? 2000.0 : 500.0;
}
double requestBytes(Protocol p)
{
    return p == Protocol::Http ? 700.0 : p == Protocol::Grpc ? 260.0 : 120.0;
}
double responseBytes(Protocol p)
{
    return p == Protocol::Http ? 3800.0 : p == Protocol::Grpc ? 900.0 : 420.0;
}

// Queueing: ~M/M/1 growth of the waiting time with load; flat below ~50 %, x31 near saturation.
double queueFactor(double rho)
{
    const double r = std::clamp(rho, 0.0, 0.97);
    return 1.0 + r * r * r / (1.0 - r);
}

quint64 splitmix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

} // namespace

MeshSimulator::OutcomeLabels MeshSimulator::labels(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ok:
        return {200, 0, "-", false};
    case Outcome::ClientError:
        return {404, 5, "-", false};
    case Outcome::ServerError:
        return {500, 13, "-", false};
    case Outcome::Overloaded:
        return {503, 14, "-", false};
    case Outcome::NoHealthyUpstream:
        return {503, 14, "UH", true};
    case Outcome::ConnectFailure:
        return {503, 14, "UF", true};
    case Outcome::RetriesExhausted:
        return {503, 14, "URX", true};
    case Outcome::DnsFailure:
        return {503, 14, "DF", true};
    }
    return {};
}

MeshSimulator::MeshSimulator(MeshSpec spec, quint64 seed, qint64 startEpochMs)
    : m_spec(std::move(spec)), m_seed(seed), m_faults(m_spec)
{
    const int n = int(m_spec.services.size());
    const int m = int(m_spec.calls.size());
    m_nodeIds.reserve(size_t(n));
    for (int s = 0; s < n; ++s)
        m_nodeIds.push_back(m_spec.nodeId(s));

    // CSR adjacency of the calls, then Kahn's algorithm for callers-before-callees order.
    m_outStart.assign(size_t(n) + 1, 0);
    std::vector<int> inDegree(size_t(n), 0);
    for (const CallSpec &c : m_spec.calls) {
        ++m_outStart[size_t(c.from) + 1];
        ++inDegree[size_t(c.to)];
    }
    for (int s = 0; s < n; ++s)
        m_outStart[size_t(s) + 1] += m_outStart[size_t(s)];
    m_outCalls.assign(size_t(m), 0);
    std::vector<int> fill(m_outStart.begin(), m_outStart.end() - 1);
    for (int e = 0; e < m; ++e)
        m_outCalls[size_t(fill[size_t(m_spec.calls[size_t(e)].from)]++)] = e;
    std::vector<int> queue;
    for (int s = 0; s < n; ++s)
        if (inDegree[size_t(s)] == 0)
            queue.push_back(s);
    for (size_t head = 0; head < queue.size(); ++head) {
        const int s = queue[head];
        m_topoOrder.push_back(s);
        for (int i = m_outStart[size_t(s)]; i < m_outStart[size_t(s) + 1]; ++i) {
            const int t = m_spec.calls[size_t(m_outCalls[size_t(i)])].to;
            if (--inDegree[size_t(t)] == 0)
                queue.push_back(t);
        }
    }
    if (int(m_topoOrder.size()) != n) {
        // A cycle: the rest is simulated in index order; their latencies lag one tick at most.
        qCWarning(lcSim) << "mesh" << m_spec.name
                         << "has a call cycle; propagation through it is approximate";
        std::vector<bool> placed(size_t(n), false);
        for (int s : m_topoOrder)
            placed[size_t(s)] = true;
        for (int s = 0; s < n; ++s)
            if (!placed[size_t(s)])
                m_topoOrder.push_back(s);
    }

    m_counters.assign(size_t(m), EdgeCounters{});
    m_ring.assign(size_t(kRingTicks) * size_t(m) * FieldCount, 0.0f);
    m_ringTickEnd.assign(size_t(kRingTicks), -1);
    m_ringHead = kRingTicks - 1;
    m_svc.assign(size_t(n), ServiceState{});
    m_call.assign(size_t(m), CallState{});
    m_svcFx.assign(size_t(n), FaultSchedule::ServiceEffect{});
    m_callFx.assign(size_t(m), FaultSchedule::CallEffect{});

    // Warm-up: one full window of history ending at the start time.
    m_lastTickEndMs = floorDiv(startEpochMs - kMaxWindowMs, kTickMs) * kTickMs;
    m_nowMs = m_lastTickEndMs;
    advanceTo(startEpochMs);
    qCDebug(lcSim) << "simulating" << m_spec.name << n << "services," << m << "calls, seed" << seed;
}

int MeshSimulator::replicasReady(int service) const
{
    const ServiceSpec &s = m_spec.services[size_t(service)];
    return s.replicas < 0 ? -1 : std::max(0, s.replicas - m_svcFx[size_t(service)].killed);
}

void MeshSimulator::advance(qint64 ms)
{
    if (ms <= 0)
        return;
    m_nowMs += ms;
    while (m_lastTickEndMs + kTickMs <= m_nowMs) {
        m_lastTickEndMs += kTickMs;
        simulateTick(m_lastTickEndMs);
    }
    // A fault acts on a tick when the tick's midpoint is inside it; a fault released before the
    // next midpoint and before now has no effect left and is no longer listed.
    m_faults.prune(std::min(m_lastTickEndMs + kTickMs / 2, m_nowMs));
}

void MeshSimulator::advanceTo(qint64 epochMs)
{
    advance(epochMs - m_nowMs);
}

Result<int> MeshSimulator::injectFault(const FaultSpec &fault)
{
    return m_faults.add(fault, m_spec, m_nowMs);
}

bool MeshSimulator::clearFault(int id)
{
    return m_faults.clear(id, m_nowMs);
}

void MeshSimulator::clearAllFaults()
{
    m_faults.clearAll(m_nowMs);
}

std::vector<std::pair<int, FaultSpec>> MeshSimulator::activeFaults() const
{
    return m_faults.active(m_nowMs);
}

double MeshSimulator::noise(qint64 tick, quint64 subject, quint64 stream) const
{
    // Counter-based noise: a hash of (seed, tick, subject, stream) instead of a stateful engine,
    // so a value never depends on how many draws came before (faults, chunked advance).
    const quint64 h =
        splitmix64(m_seed ^ splitmix64(quint64(tick) * 0xD1B54A32D192ED03ULL + stream) ^
                   (subject * 0x8CB92BA72F3D8DD7ULL));
    return double(h >> 11) * 0x1.0p-52 - 1.0; // [-1, 1)
}

double MeshSimulator::poisson(double mean, qint64 tick, quint64 subject, quint64 stream) const
{
    // Large counts keep their expected value: the relative noise is small and a normal draw
    // would only add cost. Small ones are drawn by inverting the Poisson CDF with one uniform.
    if (mean <= 0.0)
        return 0.0;
    if (mean >= kPoissonExactBelow)
        return mean;
    const double u = 0.5 * (noise(tick, subject, stream) + 1.0); // [0, 1)
    double p = std::exp(-mean);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 4 * int(kPoissonExactBelow)) {
        ++k;
        p *= mean / k;
        cdf += p;
    }
    return double(k);
}

void MeshSimulator::simulateTick(qint64 tickEndMs)
{
    const qint64 tickStartMs = tickEndMs - kTickMs;
    const qint64 tick = floorDiv(tickEndMs, kTickMs);
    constexpr double dt = double(kTickMs) / 1000.0;
    const int n = int(m_spec.services.size());
    const int m = int(m_spec.calls.size());
    m_faults.apply(tickStartMs, tickEndMs, m_spec, m_svcFx, m_callFx);

    const qint64 mid = tickStartMs + kTickMs / 2;
    const double hour = double(((mid % kDayMs) + kDayMs) % kDayMs) / 3600000.0;
    const double daily = 1.0 + kDailyAmplitude * std::sin(2.0 * std::numbers::pi *
                                                          (hour - kPeakHourUtc + 6.0) / 24.0);

    // Forward pass (callers first): how many requests arrive where. Requests that fail before
    // reaching the callee (DNS, no endpoint, reset) do not load it.
    for (int s = 0; s < n; ++s) {
        const double entry = m_spec.services[size_t(s)].entryRps;
        m_svc[size_t(s)].arrivingRps =
            entry > 0.0 ? entry * daily * (1.0 + kEntryNoise * noise(tick, quint64(s), 1)) : 0.0;
    }
    for (int s : m_topoOrder) {
        ServiceState &st = m_svc[size_t(s)];
        const ServiceSpec &sp = m_spec.services[size_t(s)];
        double capacity = std::numeric_limits<double>::infinity();
        if (sp.replicas > 0)
            capacity =
                std::max(0, sp.replicas - m_svcFx[size_t(s)].killed) * sp.capacityRpsPerReplica;
        st.rho = capacity > 0.0 ? st.arrivingRps / capacity : (st.arrivingRps > 0.0 ? 1e9 : 0.0);
        st.rejectShare = st.rho > 1.0 ? 1.0 - 1.0 / st.rho : 0.0;
        const double served = st.arrivingRps * (1.0 - st.rejectShare);
        for (int i = m_outStart[size_t(s)]; i < m_outStart[size_t(s) + 1]; ++i) {
            const int e = m_outCalls[size_t(i)];
            const CallSpec &call = m_spec.calls[size_t(e)];
            const ServiceSpec &tsp = m_spec.services[size_t(call.to)];
            CallState &c = m_call[size_t(e)];
            const FaultSchedule::ServiceEffect &tfx = m_svcFx[size_t(call.to)];
            c.rps =
                served * call.callsPerRequest * (1.0 + kRateNoise * noise(tick, quint64(n + e), 2));
            const double loss = 1.0 - (1.0 - m_callFx[size_t(e)].loss) * (1.0 - tfx.loss);
            c.effectiveLoss = loss;
            c.affected = 1.0 - std::pow(1.0 - loss, kPacketsPerRequest);
            std::array<double, 4> &fl = c.flagged;
            fl = {0.0, 0.0, 0.0, 0.0};
            if (tfx.dns) {
                fl[0] = 1.0;
            } else if (tsp.replicas > 0 && tfx.killed >= tsp.replicas) {
                fl[1] = 1.0;
            } else {
                // Right after a kill the endpoints are still listed: connections to dead pods
                // fail and one retry (Istio's default attempts: 2) absorbs most of them.
                const double dead =
                    tfx.killStarted && tsp.replicas > 0 ? double(tfx.killed) / tsp.replicas : 0.0;
                fl[2] = dead * dead;
                const double reset = std::min(1.0, 0.1 * loss + 0.9 * loss * loss * loss);
                fl[3] = (1.0 - fl[2]) * reset;
            }
            c.arrive = std::max(0.0, 1.0 - fl[0] - fl[1] - fl[2] - fl[3]);
            m_svc[size_t(call.to)].arrivingRps += c.rps * c.arrive;
        }
    }

    // Backward pass (callees first): latency and failures of what each service serves, and
    // what every edge reports, built from the callee's figures.
    const int slot = (m_ringHead + 1) % kRingTicks;
    float *slotBase = m_ring.data() + size_t(slot) * size_t(m) * FieldCount;
    std::fill(slotBase, slotBase + size_t(m) * FieldCount, 0.0f);
    for (auto it = m_topoOrder.rbegin(); it != m_topoOrder.rend(); ++it) {
        const int s = *it;
        ServiceState &st = m_svc[size_t(s)];
        const ServiceSpec &sp = m_spec.services[size_t(s)];
        const double median = sp.baseLatencyMs * queueFactor(st.rho) *
                              (1.0 + kLatencyNoise * noise(tick, quint64(s), 3));
        const double ownMean = median * std::exp(0.5 * kOwnSigma * kOwnSigma);
        double mean = ownMean;
        double var = ownMean * ownMean * std::expm1(kOwnSigma * kOwnSigma);
        double survive = 1.0 - sp.baseErrorRatio;
        for (int i = m_outStart[size_t(s)]; i < m_outStart[size_t(s) + 1]; ++i) {
            const int e = m_outCalls[size_t(i)];
            const CallSpec &call = m_spec.calls[size_t(e)];
            const ServiceState &ts = m_svc[size_t(call.to)];
            const ServiceSpec &tsp = m_spec.services[size_t(call.to)];
            CallState &c = m_call[size_t(e)];
            const std::array<double, 4> &fl = c.flagged;

            // Outcome shares on this edge (they sum to 1). Overload rejections get one retry.
            double share[kOutcomeCount] = {};
            const double overload = c.arrive * ts.rejectShare * ts.rejectShare;
            const double answered = c.arrive - overload;
            const double server = answered * ts.failShare;
            const double client =
                (answered - server) *
                (tsp.protocol == Protocol::Grpc ? kClientErrorShareGrpc : kClientErrorShareHttp);
            share[int(Outcome::Ok)] = answered - server - client;
            share[int(Outcome::ClientError)] = client;
            share[int(Outcome::ServerError)] = server;
            share[int(Outcome::Overloaded)] = overload;
            share[int(Outcome::DnsFailure)] = fl[0];
            share[int(Outcome::NoHealthyUpstream)] = fl[1];
            share[int(Outcome::RetriesExhausted)] = fl[2];
            share[int(Outcome::ConnectFailure)] = fl[3];

            // Latency as the caller sees it: a mixture of answered requests (the callee's own
            // latency plus injected delay), answered ones that lost a packet or were reset
            // (plus a retransmission timeout), and fast local failures.
            const double loss = c.effectiveLoss;
            const double rto = kMinRtoMs * (1.0 + 2.0 * loss);
            const FaultSchedule::ServiceEffect &tfx = m_svcFx[size_t(call.to)];
            const FaultSchedule::CallEffect &cfx = m_callFx[size_t(e)];
            const double delay = tfx.delayMs + cfx.delayMs;
            const double answeredMean = ts.meanMs + delay;
            const double answeredVar = ts.varMs2 + tfx.jitterVar + cfx.jitterVar;
            const double wA = answered * (1.0 - c.affected);
            const double wB = answered * c.affected + fl[3];
            const double wC = fl[0] + fl[1] + fl[2] + overload;
            const double meanB = answeredMean + rto;
            const double varB = answeredVar + 0.25 * rto * rto;
            const double edgeMean = wA * answeredMean + wB * meanB + wC * kFastFailMeanMs;
            const double second = wA * (answeredVar + answeredMean * answeredMean) +
                                  wB * (varB + meanB * meanB) +
                                  wC * (kFastFailVarMs2 + kFastFailMeanMs * kFastFailMeanMs);
            c.meanMs = edgeMean;
            c.varMs2 = std::max(0.0, second - edgeMean * edgeMean);
            c.failShare = 1.0 - share[int(Outcome::Ok)] - client;

            mean += call.callsPerRequest * c.meanMs;
            var += call.callsPerRequest * c.varMs2;
            survive *= 1.0 - kSurfaceShare * std::min(1.0, call.callsPerRequest * c.failShare);

            // Record this tick's increments.
            const double count = c.rps * dt;
            float *f = slotBase + size_t(e) * FieldCount;
            // Failures are whole requests: a 0.1 % error share at 4 req/s is no error in most
            // 5 s ticks and one now and then, as real counters show it (and as Kiali then
            // judges it), not a permanent trickle of 0.02 errors per tick.
            double failed = 0.0;
            for (int o = 0; o < kOutcomeCount; ++o) {
                if (o == int(Outcome::Ok))
                    continue;
                const double whole =
                    poisson(count * share[o], tick, quint64(n + e), 16 + quint64(o));
                f[FOutcome + o] = float(whole);
                failed += whole;
            }
            f[FOutcome + int(Outcome::Ok)] = float(std::max(0.0, count - failed));
            if (tsp.protocol != Protocol::Tcp) {
                const LogNormal a = logNormalFromMoments(answeredMean, answeredVar);
                addLogNormal(f + FBucket, count * wA, a.mu, a.sigma);
                if (wB > 0.0) {
                    const LogNormal b = logNormalFromMoments(meanB, varB);
                    addLogNormal(f + FBucket, count * wB, b.mu, b.sigma);
                }
                if (wC > 0.0) {
                    const LogNormal fast = logNormalFromMoments(kFastFailMeanMs, kFastFailVarMs2);
                    addLogNormal(f + FBucket, count * wC, fast.mu, fast.sigma);
                }
            }
            f[FSum] = float(count * edgeMean);
            const double failedConnections = count * (fl[0] + fl[1] + fl[2] + fl[3]);
            f[FTcpOpened] = float(count / requestsPerConnection(tsp.protocol) + failedConnections);
            f[FTcpClosed] = f[FTcpOpened];
            const double sizeNoise = 1.0 + 0.03 * noise(tick, quint64(n + e), 4);
            f[FBytesSent] = float(count * c.arrive * requestBytes(tsp.protocol) * sizeNoise);
            f[FBytesReceived] = float(count * answered * responseBytes(tsp.protocol) * sizeNoise);
            const bool mtls = tsp.mtls && sp.kind != NodeKind::External;
            f[mtls ? FMtls : FPlaintext] = float(count);
        }
        st.meanMs = mean;
        st.varMs2 = var;
        st.failShare = 1.0 - survive;
    }

    // Cumulative counters from the very same (float) increments, so windowed differences of
    // the counters and the ring agree.
    for (int e = 0; e < m; ++e) {
        const float *f = slotBase + size_t(e) * FieldCount;
        EdgeCounters &k = m_counters[size_t(e)];
        double requests = 0.0;
        for (int o = 0; o < kOutcomeCount; ++o) {
            k.requests[size_t(o)] += f[FOutcome + o];
            requests += f[FOutcome + o];
        }
        if (m_spec.services[size_t(m_spec.calls[size_t(e)].to)].protocol != Protocol::Tcp) {
            double le = 0.0;
            for (size_t b = 0; b < kIstioBucketCount; ++b) {
                le += f[FBucket + int(b)];
                k.durationLe[b] += le;
            }
            k.durationSumMs += f[FSum];
            k.durationCount += requests;
        }
        k.tcpOpened += f[FTcpOpened];
        k.tcpClosed += f[FTcpClosed];
        k.bytesSent += f[FBytesSent];
        k.bytesReceived += f[FBytesReceived];
        k.mtlsRequests += f[FMtls];
        k.plaintextRequests += f[FPlaintext];
    }
    m_ringHead = slot;
    m_ringTickEnd[size_t(slot)] = tickEndMs;
}

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
        out.nodes.push_back(std::move(node));
    }
    if (windowSlots.empty())
        return out;
    const double seconds = double(windowSlots.size()) * double(kTickMs) / 1000.0;
    out.edges.reserve(size_t(m));
    // Slot by slot: each slot is one contiguous block, so the sum streams through memory.
    const size_t block = size_t(m) * FieldCount;
    std::vector<double> sums(block, 0.0);
    for (int slot : windowSlots) {
        const float *f = m_ring.data() + size_t(slot) * block;
        for (size_t i = 0; i < block; ++i)
            sums[i] += f[i];
    }
    for (int e = 0; e < m; ++e) {
        const double *acc = sums.data() + size_t(e) * FieldCount;
        const CallSpec &call = m_spec.calls[size_t(e)];
        const Protocol protocol = m_spec.services[size_t(call.to)].protocol;
        EdgeSample edge;
        edge.source = m_nodeIds[size_t(call.from)];
        edge.destination = m_nodeIds[size_t(call.to)];
        edge.protocol = protocol;
        double requests = 0.0;
        double noResponse = 0.0;
        for (int o = 0; o < kOutcomeCount; ++o) {
            requests += acc[FOutcome + o];
            if (labels(Outcome(o)).noResponse)
                noResponse += acc[FOutcome + o];
        }
        const double client = acc[FOutcome + int(Outcome::ClientError)];
        const double server =
            acc[FOutcome + int(Outcome::ServerError)] + acc[FOutcome + int(Outcome::Overloaded)];
        edge.rateNoResponse = noResponse / seconds; // TCP: failed connections/s
        if (protocol == Protocol::Tcp) {
            // Istio has no request metrics for plain TCP: only connections and bytes.
        } else {
            edge.requestRate = requests / seconds;
            if (protocol == Protocol::Grpc) {
                edge.rateGrpcError = (client + server) / seconds;
            } else {
                edge.rate4xx = client / seconds;
                edge.rate5xx = server / seconds;
            }
            const double *buckets = acc + FBucket;
            edge.latency.p50Ms = histogramQuantile(0.50, buckets);
            edge.latency.p95Ms = histogramQuantile(0.95, buckets);
            edge.latency.p99Ms = histogramQuantile(0.99, buckets);
        }
        edge.tcpOpenedRate = acc[FTcpOpened] / seconds;
        edge.tcpClosedRate = acc[FTcpClosed] / seconds;
        edge.bytesSentRate = acc[FBytesSent] / seconds;
        edge.bytesReceivedRate = acc[FBytesReceived] / seconds;
        const double secured = acc[FMtls] + acc[FPlaintext];
        edge.mtlsShare = secured > 0.0 ? acc[FMtls] / secured : kNaN;
        out.edges.push_back(std::move(edge));
    }
    return out;
}

} // namespace meshscope::core
