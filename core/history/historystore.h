#pragma once

// Per-node and per-edge history of scores and key metrics, one point per refresh, in a ring
// buffer of fixed capacity. Compact on purpose: 1 h at 5,000 services must fit the memory
// budget (see tests/bench). Owned and used on the GUI thread.
//
// Storage: 10 bytes per entity per point. Scores and factors are kept to 0.5 point (rounded to
// the nearest half point); request rate, error ratio and p95 as 16-bit unsigned floats (8-bit
// exponent, 8-bit mantissa: within 0.2 % of the value, NaN and +Inf kept, negatives become 0).
// An entity that vanishes keeps its history until its last point leaves the ring; then its
// slot is freed.

#include "core/health/healthtypes.h"
#include "core/topology/topology.h"

#include <QHash>

#include <memory>
#include <vector>

namespace meshscope::core {

struct HistoryPoint
{
    qint64 timestampMs = 0;
    float score = 0.0f; // NaN = no data
    float connectivity = 0.0f;
    float stability = 0.0f;
    float protocol = 0.0f;
    float requestRate = 0.0f; // req/s
    float errorRatio = 0.0f;  // 0..1, NaN = no traffic
    float p95Ms = 0.0f;       // NaN = unknown
};

class HistoryStore
{
public:
    explicit HistoryStore(int capacityPoints = 720);
    ~HistoryStore();
    HistoryStore(HistoryStore &&other) noexcept;
    HistoryStore &operator=(HistoryStore &&other) noexcept;
    // Explicit, because a copy of an hour at 5,000 services is large: the session makes one when
    // it adopts a source's backfill, which crosses threads as an immutable value.
    HistoryStore copy() const;

    int capacity() const;
    void setCapacity(int points); // keeps the newest points
    void clear();

    // Appends one point for every node and edge of the snapshot (scores indexed like it).
    void append(const Topology &topology, const HealthScores &scores);

    // Oldest first; only the points where the entity existed.
    std::vector<HistoryPoint> nodeSeries(const NodeId &node) const;
    std::vector<HistoryPoint> edgeSeries(const NodeId &source, const NodeId &target) const;

    std::vector<qint64> timestamps() const; // of the points held, oldest first
    int pointCount() const;                 // points held, <= capacity()
    int nodeSlotCount() const;              // nodes with history held
    int edgeSlotCount() const;              // edges with history held
    size_t memoryBytes() const;             // an honest estimate of what the store holds

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace meshscope::core
