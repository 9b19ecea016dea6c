#pragma once

// Per-node and per-edge history of scores and key metrics, one point per refresh, in a ring
// buffer of fixed capacity. Compact on purpose: 1 h at 5,000 services must fit the memory
// budget (see tests/bench). Owned and used on the GUI thread.

#include "core/healthtypes.h"
#include "core/topology.h"

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

    int capacity() const;
    void setCapacity(int points); // keeps the newest points
    void clear();

    // Appends one point for every node and edge of the snapshot (scores indexed like it).
    void append(const Topology &topology, const HealthScores &scores);

    // Oldest first; only the points where the entity existed.
    std::vector<HistoryPoint> nodeSeries(const NodeId &node) const;
    std::vector<HistoryPoint> edgeSeries(const NodeId &source, const NodeId &target) const;

    std::vector<qint64> timestamps() const; // of the points held, oldest first
    size_t memoryBytes() const;             // an honest estimate of what the store holds

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace meshscope::core
