#include "core/demo/faultschedule.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

Q_DECLARE_LOGGING_CATEGORY(lcSim) // defined in meshsimulator.cpp: one category for the simulator

namespace meshscope::core {

namespace {

quint64 callKey(int from, int to)
{
    return (quint64(quint32(from)) << 32) | quint32(to);
}

} // namespace

FaultSchedule::FaultSchedule(const MeshSpec &spec)
{
    for (int s = 0; s < int(spec.services.size()); ++s)
        m_serviceIndex.insert(spec.nodeId(s), s);
    for (int e = 0; e < int(spec.calls.size()); ++e)
        m_callIndex.insert(callKey(spec.calls[size_t(e)].from, spec.calls[size_t(e)].to), e);
}

Result<int> FaultSchedule::add(const FaultSpec &fault, const MeshSpec &spec, qint64 nowMs)
{
    const auto fail = [&fault](const QString &why) {
        return Result<int>::failure(QStringLiteral("%1 fault on '%2': %3")
                                        .arg(toString(fault.kind), fault.service.key(), why));
    };
    const int service = serviceIndex(fault.service);
    if (service < 0)
        return fail(QStringLiteral("no such service in the demo mesh '%1'").arg(spec.name));
    int edge = -1;
    if (fault.caller.isValid()) {
        if (fault.kind != FaultSpec::Kind::Latency && fault.kind != FaultSpec::Kind::PacketLoss)
            return fail(
                QStringLiteral("a caller can only be given for latency and packet loss faults"));
        const int caller = serviceIndex(fault.caller);
        if (caller < 0)
            return fail(QStringLiteral("unknown caller '%1'").arg(fault.caller.key()));
        edge = m_callIndex.value(callKey(caller, service), -1);
        if (edge < 0)
            return fail(QStringLiteral("'%1' does not call it").arg(fault.caller.key()));
    }
    if (fault.durationMs <= 0)
        return fail(QStringLiteral("the duration must be > 0 ms (got %1)").arg(fault.durationMs));
    if (fault.startMs != 0 && fault.startMs < nowMs)
        return fail(QStringLiteral("the start %1 is before the simulated now %2")
                        .arg(fault.startMs)
                        .arg(nowMs));
    const auto inRange = [](double v, double lo, double hi) {
        return std::isfinite(v) && v >= lo && v <= hi;
    };
    const ServiceSpec &target = spec.services[size_t(service)];
    switch (fault.kind) {
    case FaultSpec::Kind::Latency:
        if (!inRange(fault.latencyMs, 0.0, 600000.0) || !inRange(fault.jitterMs, 0.0, 600000.0))
            return fail(QStringLiteral("latency and jitter must be 0..600000 ms (got %1 and %2)")
                            .arg(fault.latencyMs)
                            .arg(fault.jitterMs));
        if (fault.latencyMs + fault.jitterMs <= 0.0)
            return fail(QStringLiteral("latency or jitter must be > 0 ms"));
        break;
    case FaultSpec::Kind::PacketLoss:
        if (!inRange(fault.lossRatio, 0.0, 1.0) || fault.lossRatio <= 0.0)
            return fail(
                QStringLiteral("the loss ratio must be in (0, 1] (got %1)").arg(fault.lossRatio));
        break;
    case FaultSpec::Kind::KillReplicas:
        if (target.replicas <= 0)
            return fail(QStringLiteral("it runs outside the mesh and has no replicas to kill"));
        if (fault.replicas < 1 || fault.replicas > target.replicas)
            return fail(QStringLiteral("replicas must be 1..%1 (got %2)")
                            .arg(target.replicas)
                            .arg(fault.replicas));
        if (!inRange(fault.restartDelaySeconds, 0.0, 3600.0))
            return fail(QStringLiteral("the restart delay must be 0..3600 s (got %1)")
                            .arg(fault.restartDelaySeconds));
        break;
    case FaultSpec::Kind::DnsFailure:
        if (!inRange(fault.dnsFailureRatio, 0.0, 1.0) || fault.dnsFailureRatio <= 0.0)
            return fail(QStringLiteral("the share of failing lookups must be in (0, 1] (got %1)")
                            .arg(fault.dnsFailureRatio));
        break;
    case FaultSpec::Kind::Errors:
        if (!inRange(fault.errorRatio, 0.0, 1.0) || fault.errorRatio <= 0.0)
            return fail(
                QStringLiteral("the error ratio must be in (0, 1] (got %1)").arg(fault.errorRatio));
        if (target.kind == NodeKind::External)
            return fail(QStringLiteral("it runs outside the mesh: its answers cannot be replaced"));
        break;
    }

    Entry f;
    f.id = m_nextId++;
    f.spec = fault;
    f.spec.startMs = fault.startMs == 0 ? nowMs : fault.startMs;
    f.service = service;
    f.edge = edge;
    f.endMs = f.spec.startMs + fault.durationMs;
    f.releaseMs = f.endMs;
    if (fault.kind == FaultSpec::Kind::KillReplicas)
        f.releaseMs += qint64(std::llround(fault.restartDelaySeconds * 1000.0));
    m_entries.push_back(f);
    qCInfo(lcSim).noquote() << "fault" << f.id << toString(fault.kind) << "on"
                            << fault.service.key()
                            << (edge >= 0 ? QStringLiteral("from ") + fault.caller.key()
                                          : QString())
                            << "from" << f.spec.startMs << "for" << fault.durationMs << "ms";
    return f.id;
}

bool FaultSchedule::clear(int id, qint64 nowMs)
{
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        Entry &f = *it;
        if (f.id != id || f.endMs <= nowMs)
            continue;
        if (f.spec.startMs >= nowMs) {
            m_entries.erase(it); // scheduled, never acted
            qCInfo(lcSim) << "scheduled fault" << id << "cancelled";
            return true;
        }
        const qint64 tail = f.releaseMs - f.endMs;
        f.endMs = nowMs;
        f.releaseMs = f.endMs + tail;
        qCInfo(lcSim) << "fault" << id << "cleared at" << nowMs;
        return true;
    }
    return false;
}

void FaultSchedule::clearAll(qint64 nowMs)
{
    std::vector<int> ids;
    for (const Entry &f : m_entries)
        ids.push_back(f.id);
    for (int id : ids)
        clear(id, nowMs);
}

std::vector<std::pair<int, FaultSpec>> FaultSchedule::active(qint64 nowMs) const
{
    std::vector<std::pair<int, FaultSpec>> out;
    for (const Entry &f : m_entries)
        if (f.endMs > nowMs)
            out.emplace_back(f.id, f.spec);
    return out;
}

void FaultSchedule::prune(qint64 midMs)
{
    m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(),
                                   [midMs](const Entry &f) { return f.releaseMs <= midMs; }),
                    m_entries.end());
}

void FaultSchedule::apply(qint64 tickStartMs, qint64 tickEndMs, const MeshSpec &spec,
                          std::vector<ServiceEffect> &services,
                          std::vector<CallEffect> &calls) const
{
    std::fill(services.begin(), services.end(), ServiceEffect{});
    std::fill(calls.begin(), calls.end(), CallEffect{});
    const qint64 mid = (tickStartMs + tickEndMs) / 2;
    const qint64 tick = tickEndMs - tickStartMs;
    for (const Entry &f : m_entries) {
        const bool acting = f.spec.startMs <= mid && mid < f.endMs;
        ServiceEffect &s = services[size_t(f.service)];
        switch (f.spec.kind) {
        case FaultSpec::Kind::Latency:
            if (!acting)
                break;
            if (f.edge >= 0) {
                calls[size_t(f.edge)].delayMs += f.spec.latencyMs;
                calls[size_t(f.edge)].jitterVar += f.spec.jitterMs * f.spec.jitterMs;
            } else {
                s.delayMs += f.spec.latencyMs;
                s.jitterVar += f.spec.jitterMs * f.spec.jitterMs;
            }
            break;
        case FaultSpec::Kind::PacketLoss:
            if (!acting)
                break;
            if (f.edge >= 0)
                calls[size_t(f.edge)].loss =
                    1.0 - (1.0 - calls[size_t(f.edge)].loss) * (1.0 - f.spec.lossRatio);
            else
                s.loss = 1.0 - (1.0 - s.loss) * (1.0 - f.spec.lossRatio);
            break;
        case FaultSpec::Kind::KillReplicas:
            // Pods are held down while the fault acts and come back restartDelay after it ends.
            if (f.spec.startMs <= mid && mid < f.releaseMs) {
                s.killed =
                    std::min(spec.services[size_t(f.service)].replicas, s.killed + f.spec.replicas);
                if (f.spec.startMs > mid - tick)
                    s.killStarted = true;
            }
            break;
        case FaultSpec::Kind::DnsFailure:
            if (acting)
                s.dnsShare = 1.0 - (1.0 - s.dnsShare) * (1.0 - f.spec.dnsFailureRatio);
            break;
        case FaultSpec::Kind::Errors:
            if (acting)
                s.errorShare = 1.0 - (1.0 - s.errorShare) * (1.0 - f.spec.errorRatio);
            break;
        }
    }
}

} // namespace meshscope::core
