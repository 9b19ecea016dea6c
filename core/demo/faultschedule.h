#pragma once

// The faults injected into the demo mesh simulator: validation against the mesh, scheduling,
// expiry, and what they do to one simulated tick. Owned by MeshSimulator.

#include "core/demo/faultspec.h"
#include "core/demo/meshspec.h"
#include "core/result.h"

#include <QHash>

#include <utility>
#include <vector>

namespace meshscope::core {

class FaultSchedule
{
public:
    // What the faults do to a service (and every edge into it) during one tick.
    struct ServiceEffect
    {
        int killed = 0;           // replicas held down by KillReplicas
        bool killStarted = false; // a kill began in this tick: endpoints still list dead pods
        double dnsShare = 0.0;    // share of lookups of its name that fail
        double errorShare = 0.0;  // share of its answers replaced by 500 / INTERNAL
        double delayMs = 0.0;     // added to every request into it
        double jitterVar = 0.0;   // variance of the added delay, ms^2
        double loss = 0.0;        // packet loss on its inbound edges, 0..1
    };
    // What edge-only faults (a caller given) do to one call edge during one tick.
    struct CallEffect
    {
        double delayMs = 0.0;
        double jitterVar = 0.0;
        double loss = 0.0;
    };

    FaultSchedule() = default;
    explicit FaultSchedule(const MeshSpec &spec);

    int serviceIndex(const NodeId &id) const { return m_serviceIndex.value(id, -1); }

    // Validates the fault against `spec` (the one given to the constructor) and schedules it
    // from nowMs (startMs 0) or its startMs. Errors name the fault kind and the service.
    Result<int> add(const FaultSpec &fault, const MeshSpec &spec, qint64 nowMs);
    // Ends an acting fault at nowMs (kills keep their restart delay); a scheduled one is dropped.
    bool clear(int id, qint64 nowMs);
    void clearAll(qint64 nowMs);
    // Faults whose end lies after nowMs (acting or scheduled), with their resolved start.
    std::vector<std::pair<int, FaultSpec>> active(qint64 nowMs) const;

    // The effects on the tick (tickStartMs, tickEndMs]: a fault acts when the tick's midpoint lies
    // in [start, end); killed pods stay down until end + restart delay.
    void apply(qint64 tickStartMs, qint64 tickEndMs, const MeshSpec &spec,
               std::vector<ServiceEffect> &services, std::vector<CallEffect> &calls) const;
    // Forgets faults that cannot act on a tick whose midpoint is at or after midMs.
    void prune(qint64 midMs);

private:
    struct Entry
    {
        int id = 0;
        FaultSpec spec; // startMs resolved
        int service = -1;
        int edge = -1;        // caller -> service, or -1 for every edge into service
        qint64 endMs = 0;     // the fault stops acting here
        qint64 releaseMs = 0; // no effect left from here (end + restart delay for kills)
    };

    QHash<NodeId, int> m_serviceIndex;
    QHash<quint64, int> m_callIndex; // (from << 32 | to) -> index into spec.calls
    std::vector<Entry> m_entries;
    int m_nextId = 1;
};

} // namespace meshscope::core
