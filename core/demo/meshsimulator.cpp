#include "core/demo/meshsimulator.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

Q_LOGGING_CATEGORY(lcSim, "meshscope.core.sim")

namespace meshscope::core {

namespace {

using enum EdgeWindow::Field; // the per-tick increment layout

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

// Steady client errors (bad input, missing items): not counted as errors by the health model
// for HTTP (4xx). Every gRPC status 1-16 counts as an error under Kiali's tolerances (any share
// degrades), and Online Boutique's gRPC services answer OK when healthy, so none on gRPC.
constexpr double kClientErrorShareHttp = 0.012;
constexpr double kClientErrorShareGrpc = 0.0;
// A callee failure fails the caller's request this often: the rest are absorbed by fallbacks
// (cached answers, optional widgets such as ads or recommendations).
constexpr double kSurfaceShare = 0.7;

// Plain TCP (databases, caches): pooled connections, small operations.
constexpr double kTcpOperationsPerConnection = 500.0;
constexpr double kTcpRequestBytes = 120.0;
constexpr double kTcpResponseBytes = 420.0;

// Queueing: ~M/M/1 growth of the waiting time with load; flat below ~50 %, x31 near saturation.
double queueFactor(double rho)
{
    const double r = std::clamp(rho, 0.0, 0.97);
    return 1.0 + r * r * r / (1.0 - r);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

} // namespace

MeshSimulator::MeshSimulator(MeshSpec spec, quint64 seed, qint64 startEpochMs)
    : m_spec(std::move(spec)), m_noise(seed), m_faults(m_spec)
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

    // Forward pass (callers first): how many attempts arrive where. Requests that fail before
    // reaching the callee (DNS, no endpoint, reset) do not load it; retries load it again. The
    // callee's overload share is last tick's here (it is decided once all its callers are known).
    for (int s = 0; s < n; ++s) {
        const double entry = m_spec.services[size_t(s)].entryRps;
        m_svc[size_t(s)].arrivingRps =
            entry > 0.0 ? entry * daily * (1.0 + kEntryNoise * m_noise.uniform(tick, quint64(s), 1))
                        : 0.0;
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
            const FaultSchedule::ServiceEffect &tfx = m_svcFx[size_t(call.to)];
            CallState &c = m_call[size_t(e)];
            c.rps = served * call.callsPerRequest *
                    (1.0 + kRateNoise * m_noise.uniform(tick, quint64(n + e), 2));
            CallInputs &in = c.in;
            in = CallInputs{};
            in.protocol = tsp.protocol;
            const bool tcp = tsp.protocol == Protocol::Tcp;
            in.retries = tcp ? 0 : call.retries; // Envoy's TCP proxy does not retry
            in.timeoutMs = tcp ? 0.0 : call.timeoutMs;
            in.dnsShare = tfx.dnsShare;
            in.noEndpoint = tsp.replicas > 0 && tfx.killed >= tsp.replicas;
            // Right after a kill the endpoints still list the dead pods for a moment.
            in.deadShare =
                tfx.killStarted && tsp.replicas > 0 ? double(tfx.killed) / tsp.replicas : 0.0;
            const double loss = 1.0 - (1.0 - m_callFx[size_t(e)].loss) * (1.0 - tfx.loss);
            in.resetShare = std::min(1.0, 0.1 * loss + 0.9 * loss * loss * loss);
            in.lossAffected = 1.0 - std::pow(1.0 - loss, kPacketsPerRequest);
            in.rtoMs = loss > 0.0 ? kMinRtoMs * (1.0 + 2.0 * loss) : 0.0;
            in.rejectShare = m_svc[size_t(call.to)].rejectShare;
            m_svc[size_t(call.to)].arrivingRps += c.rps * CallModel::reachPerRequest(in);
        }
    }

    // Backward pass (callees first): latency and failures of what each service serves, and
    // what every edge reports in both views, built from the callee's figures.
    const int slot = (m_ringHead + 1) % kRingTicks;
    float *slotBase = m_ring.data() + size_t(slot) * size_t(m) * FieldCount;
    std::fill(slotBase, slotBase + size_t(m) * FieldCount, 0.0f);
    for (auto it = m_topoOrder.rbegin(); it != m_topoOrder.rend(); ++it) {
        const int s = *it;
        ServiceState &st = m_svc[size_t(s)];
        const ServiceSpec &sp = m_spec.services[size_t(s)];
        const double median = sp.baseLatencyMs * queueFactor(st.rho) *
                              (1.0 + kLatencyNoise * m_noise.uniform(tick, quint64(s), 3));
        const double ownMean = median * std::exp(0.5 * kOwnSigma * kOwnSigma);
        double mean = ownMean;
        double var = ownMean * ownMean * std::expm1(kOwnSigma * kOwnSigma);
        double survive = (1.0 - sp.baseErrorRatio) * (1.0 - m_svcFx[size_t(s)].errorShare);
        for (int i = m_outStart[size_t(s)]; i < m_outStart[size_t(s) + 1]; ++i) {
            const int e = m_outCalls[size_t(i)];
            const CallSpec &call = m_spec.calls[size_t(e)];
            const ServiceState &ts = m_svc[size_t(call.to)];
            const ServiceSpec &tsp = m_spec.services[size_t(call.to)];
            CallState &c = m_call[size_t(e)];
            CallInputs &in = c.in;
            const FaultSchedule::ServiceEffect &tfx = m_svcFx[size_t(call.to)];
            const FaultSchedule::CallEffect &cfx = m_callFx[size_t(e)];
            in.rejectShare = ts.rejectShare;
            in.serverFailShare = ts.failShare;
            in.clientErrorShare =
                tsp.protocol == Protocol::Grpc ? kClientErrorShareGrpc : kClientErrorShareHttp;
            in.serverMeanMs = ts.meanMs;
            in.serverVarMs2 = ts.varMs2;
            in.delayMs = tfx.delayMs + cfx.delayMs;
            in.jitterVarMs2 = tfx.jitterVar + cfx.jitterVar;
            const CallResult r = CallModel::evaluate(in);

            mean += call.callsPerRequest * r.meanMs;
            var += call.callsPerRequest * r.varMs2;
            survive *= 1.0 - kSurfaceShare * std::min(1.0, call.callsPerRequest * r.failShare());
            recordIncrements(slotBase + size_t(e) * FieldCount, e, tick, c.rps * dt, r);
        }
        st.meanMs = mean;
        st.varMs2 = var;
        st.failShare = 1.0 - survive;
    }

    // Cumulative counters from the very same (float) increments, so windowed differences of
    // the counters and the ring agree.
    for (int e = 0; e < m; ++e)
        EdgeWindow::accumulate(m_counters[size_t(e)], slotBase + size_t(e) * FieldCount);
    m_ringHead = slot;
    m_ringTickEnd[size_t(slot)] = tickEndMs;
}

void MeshSimulator::recordIncrements(float *f, int e, qint64 tick, double count,
                                     const CallResult &r) const
{
    const int n = int(m_spec.services.size());
    const CallSpec &call = m_spec.calls[size_t(e)];
    const ServiceSpec &from = m_spec.services[size_t(call.from)];
    const ServiceSpec &to = m_spec.services[size_t(call.to)];
    const bool tcp = to.protocol == Protocol::Tcp;
    // Failures are whole requests: a 0.1 % error share at 4 req/s is no error in most 5 s
    // ticks and one now and then, as real counters show it (and as Kiali then judges it).
    double failed = 0.0;
    double connectFailed = 0.0;
    for (int o = 0; o < kOutcomeCount; ++o) {
        if (o == int(Outcome::Ok))
            continue;
        const double whole =
            m_noise.poisson(count * r.share[size_t(o)], tick, quint64(n + e), 16 + quint64(o));
        f[FOutcome + o] = float(whole);
        failed += whole;
        if (EdgeWindow::failsConnection(Outcome(o)))
            connectFailed += whole;
    }
    const double ok = std::max(0.0, count - failed);
    f[FOutcome + int(Outcome::Ok)] = float(ok);
    // The callee's sidecar sees the same answers (the same whole numbers), plus every
    // rejected attempt, and the timed-out requests as cancelled by the caller.
    const bool serverView = to.kind != NodeKind::External && !tcp;
    double reached = count * r.reachShare;
    if (serverView) {
        const auto put = [f](ServerOutcome o, double v) { f[FServer + int(o)] = float(v); };
        put(ServerOutcome::Ok, ok);
        put(ServerOutcome::ClientError, f[FOutcome + int(Outcome::ClientError)]);
        put(ServerOutcome::ServerError, f[FOutcome + int(Outcome::ServerError)]);
        put(ServerOutcome::Cancelled, f[FOutcome + int(Outcome::Timeout)]);
        put(ServerOutcome::Overloaded,
            m_noise.poisson(count * r.serverShare[size_t(ServerOutcome::Overloaded)], tick,
                            quint64(n + e), 40));
        reached = 0.0;
        for (int o = 0; o < kServerOutcomes; ++o)
            reached += f[FServer + o];
        CallModel::fill(f + FServerBucket, count, r.server);
        double serverSum = 0.0;
        for (const LatencyPart &part : r.server)
            serverSum += part.weight * part.meanMs;
        f[FServerSum] = float(count * serverSum);
    }
    if (!tcp)
        CallModel::fill(f + FBucket, count, r.client);
    f[FSum] = float(count * r.meanMs);
    if (tcp) {
        // Istio's TCP metrics: connections (pooled, plus one per failed attempt) and bytes.
        f[FTcpOpened] = float(count / kTcpOperationsPerConnection + connectFailed);
        f[FTcpClosed] = f[FTcpOpened];
        const double sizeNoise = 1.0 + 0.03 * m_noise.uniform(tick, quint64(n + e), 4);
        f[FBytesSent] = float(count * r.reachShare * kTcpRequestBytes * sizeNoise);
        f[FBytesReceived] = float(count * (1.0 - r.failShare()) * kTcpResponseBytes * sizeNoise);
    }
    if (to.kind != NodeKind::External) {
        const bool mtls = to.mtls && from.kind != NodeKind::External;
        f[mtls ? FMtls : FPlaintext] = float(reached);
    }
}

} // namespace meshscope::core
