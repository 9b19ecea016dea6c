#include "core/history/historystore.h"

#include "core/history/historyrecord.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

Q_LOGGING_CATEGORY(lcHistory, "meshscope.core.history")

namespace meshscope::core {

namespace {

// Rough size of one QHash entry (key, value, span offset byte) for memoryBytes().
template <typename K, typename V> size_t hashBytes(const QHash<K, V> &hash)
{
    const size_t entry = (sizeof(K) + sizeof(V) + 7) / 8 * 8 + 1;
    return size_t(hash.capacity()) * entry;
}

constexpr size_t kMallocOverhead = 16; // glibc chunk header per block

} // namespace

struct HistoryStore::Impl
{
    // One entity's points: a block of `capacity` records indexed by sequence % capacity. Points
    // before firstSeq were never written (the entity was unknown then) and are not read.
    struct Slot
    {
        std::unique_ptr<HistoryRecord[]> points;
        qint64 firstSeq = 0;
        qint64 lastSeenSeq = -1;
        NodeId node;      // nodes: the hash key, to forget it when the slot is freed
        quint64 edge = 0; // edges: the hash key (source slot << 32 | target slot)
        bool live = false;
    };

    struct Table
    {
        std::vector<Slot> entries;
        std::vector<int> freeSlots;
        int liveCount = 0;
    };

    int capacity = 720;
    qint64 count = 0;               // points ever appended: the next point's sequence number
    qint64 oldest = 0;              // sequence number of the oldest point held
    std::vector<qint64> timestamps; // by sequence % capacity
    Table nodes;
    Table edges;
    QHash<NodeId, int> nodeSlotOf;
    QHash<quint64, int> edgeSlotOf;
    std::vector<int> scratchNodeSlots; // topology node index -> node slot, during append()

    int acquire(Table &table, qint64 seq)
    {
        int index;
        if (!table.freeSlots.empty()) {
            index = table.freeSlots.back();
            table.freeSlots.pop_back();
        } else {
            index = int(table.entries.size());
            table.entries.emplace_back();
        }
        Slot &slot = table.entries[size_t(index)];
        // Not value-initialised: points before firstSeq are never read, the rest are written by
        // append(), so the pages fill as the ring does.
        slot.points = std::make_unique_for_overwrite<HistoryRecord[]>(size_t(capacity));
        slot.firstSeq = seq;
        slot.lastSeenSeq = seq;
        slot.live = true;
        ++table.liveCount;
        return index;
    }

    // After the point `seq` is written for the entities present: absent entities get a marker,
    // and those with no point left in the ring are forgotten.
    template <typename Forget>
    void sweep(Table &table, qint64 seq, qint64 oldestAfter, Forget forget)
    {
        const size_t pos = size_t(seq % capacity);
        for (size_t i = 0; i < table.entries.size(); ++i) {
            Slot &slot = table.entries[i];
            if (!slot.live || slot.lastSeenSeq == seq)
                continue;
            if (slot.lastSeenSeq < oldestAfter) {
                forget(slot);
                slot.points.reset();
                slot.node = NodeId();
                slot.live = false;
                table.freeSlots.push_back(int(i));
                --table.liveCount;
                continue;
            }
            slot.points[pos] = HistoryRecord{};
        }
    }

    std::vector<HistoryPoint> series(const Table &table, int index) const
    {
        std::vector<HistoryPoint> out;
        if (index < 0)
            return out;
        const Slot &slot = table.entries[size_t(index)];
        out.reserve(size_t(count - std::max(oldest, slot.firstSeq)));
        for (qint64 seq = std::max(oldest, slot.firstSeq); seq < count; ++seq) {
            const auto pos = size_t(seq % capacity);
            const HistoryRecord &r = slot.points[pos];
            if (r.score == HistoryRecord::kAbsent)
                continue;
            out.push_back(HistoryRecord::decode(r, timestamps[pos]));
        }
        return out;
    }

    void resize(Table &table, int newCapacity, qint64 newOldest)
    {
        for (Slot &slot : table.entries) {
            if (!slot.live)
                continue;
            auto points = std::make_unique_for_overwrite<HistoryRecord[]>(size_t(newCapacity));
            const qint64 first = std::max(newOldest, slot.firstSeq);
            for (qint64 seq = first; seq < count; ++seq)
                points[size_t(seq % newCapacity)] = slot.points[size_t(seq % capacity)];
            slot.points = std::move(points);
            // A slot whose points all fell out keeps an empty window until the next sweep.
            slot.firstSeq = first;
        }
    }
};

HistoryStore::HistoryStore(int capacityPoints) : m_impl(std::make_unique<Impl>())
{
    m_impl->capacity = std::max(1, capacityPoints);
    m_impl->timestamps.assign(size_t(m_impl->capacity), 0);
}

HistoryStore::~HistoryStore() = default;
HistoryStore::HistoryStore(HistoryStore &&other) noexcept = default;
HistoryStore &HistoryStore::operator=(HistoryStore &&other) noexcept = default;

HistoryStore HistoryStore::copy() const
{
    HistoryStore out(capacity());
    Impl &to = *out.m_impl;
    const Impl &from = *m_impl;
    to.capacity = from.capacity;
    to.count = from.count;
    to.oldest = from.oldest;
    to.timestamps = from.timestamps;
    to.nodeSlotOf = from.nodeSlotOf;
    to.edgeSlotOf = from.edgeSlotOf;
    for (auto [dst, src] : {std::pair{&to.nodes, &from.nodes}, std::pair{&to.edges, &from.edges}}) {
        dst->freeSlots = src->freeSlots;
        dst->liveCount = src->liveCount;
        dst->entries.resize(src->entries.size());
        for (size_t i = 0; i < src->entries.size(); ++i) {
            const Impl::Slot &a = src->entries[i];
            Impl::Slot &b = dst->entries[i];
            b.firstSeq = a.firstSeq;
            b.lastSeenSeq = a.lastSeenSeq;
            b.node = a.node;
            b.edge = a.edge;
            b.live = a.live;
            if (a.points) {
                // Raw bytes: records before firstSeq were never written, so no typed read of them.
                b.points = std::make_unique_for_overwrite<HistoryRecord[]>(size_t(from.capacity));
                std::memcpy(static_cast<void *>(b.points.get()), a.points.get(),
                            sizeof(HistoryRecord) * size_t(from.capacity));
            }
        }
    }
    return out;
}

int HistoryStore::capacity() const
{
    return m_impl->capacity;
}

void HistoryStore::setCapacity(int points)
{
    Impl &d = *m_impl;
    points = std::max(1, points);
    if (points == d.capacity)
        return;
    const qint64 newOldest = std::max(d.oldest, d.count - points);
    d.resize(d.nodes, points, newOldest);
    d.resize(d.edges, points, newOldest);
    std::vector<qint64> timestamps(size_t(points), 0);
    for (qint64 seq = newOldest; seq < d.count; ++seq)
        timestamps[size_t(seq % points)] = d.timestamps[size_t(seq % d.capacity)];
    d.timestamps = std::move(timestamps);
    d.capacity = points;
    d.oldest = newOldest;
}

void HistoryStore::clear()
{
    const int cap = m_impl->capacity;
    m_impl = std::make_unique<Impl>();
    m_impl->capacity = cap;
    m_impl->timestamps.assign(size_t(cap), 0);
}

void HistoryStore::append(const Topology &topology, const HealthScores &scores)
{
    Impl &d = *m_impl;
    const qint64 seq = d.count;
    const auto pos = size_t(seq % d.capacity);
    d.timestamps[pos] = topology.timestampMs();

    // Scores belong to the snapshot's indices; if they do not match it, keep the metrics and
    // record the scores as unknown rather than misattribute them.
    const bool nodeScores = scores.nodes.size() == size_t(topology.nodeCount());
    const bool edgeScores = scores.edges.size() == size_t(topology.edgeCount());
    if (!nodeScores || !edgeScores)
        qCWarning(lcHistory) << "scores of generation" << scores.generation
                             << "do not match topology generation" << topology.generation()
                             << "- appending metrics without scores";

    d.scratchNodeSlots.resize(size_t(topology.nodeCount()));
    for (int i = 0; i < topology.nodeCount(); ++i) {
        const TopologyNode &node = topology.nodes()[size_t(i)];
        auto found = d.nodeSlotOf.constFind(node.id);
        int index;
        if (found != d.nodeSlotOf.constEnd()) {
            index = *found;
        } else {
            index = d.acquire(d.nodes, seq);
            d.nodes.entries[size_t(index)].node = node.id;
            d.nodeSlotOf.insert(node.id, index);
        }
        d.scratchNodeSlots[size_t(i)] = index;
        Impl::Slot &slot = d.nodes.entries[size_t(index)];
        slot.lastSeenSeq = seq;
        // Gateways have no callers in the mesh: their traffic is what they send.
        const double rate = node.inRate > 0.0 ? node.inRate : node.outRate;
        slot.points[pos] = HistoryRecord::encode(nodeScores ? &scores.nodes[size_t(i)] : nullptr,
                                                 rate, node.errorRatio, node.p95Ms);
    }
    for (int e = 0; e < topology.edgeCount(); ++e) {
        const TopologyEdge &edge = topology.edges()[size_t(e)];
        const quint64 key = (quint64(d.scratchNodeSlots[size_t(edge.source)]) << 32) |
                            quint64(std::uint32_t(d.scratchNodeSlots[size_t(edge.target)]));
        auto found = d.edgeSlotOf.constFind(key);
        int index;
        if (found != d.edgeSlotOf.constEnd()) {
            index = *found;
        } else {
            index = d.acquire(d.edges, seq);
            d.edges.entries[size_t(index)].edge = key;
            d.edgeSlotOf.insert(key, index);
        }
        Impl::Slot &slot = d.edges.entries[size_t(index)];
        slot.lastSeenSeq = seq;
        const EdgeSample &m = edge.metrics;
        slot.points[pos] = HistoryRecord::encode(edgeScores ? &scores.edges[size_t(e)] : nullptr,
                                                 m.requestRate, m.errorRatio(), m.latency.p95Ms);
    }

    const qint64 oldestAfter = std::max(d.oldest, seq + 1 - d.capacity);
    // Edges first: an edge is never seen later than its nodes, so when a node slot is freed (and
    // may be reused under another id) no live edge key still names it.
    d.sweep(d.edges, seq, oldestAfter,
            [&d](const Impl::Slot &slot) { d.edgeSlotOf.remove(slot.edge); });
    d.sweep(d.nodes, seq, oldestAfter,
            [&d](const Impl::Slot &slot) { d.nodeSlotOf.remove(slot.node); });
    d.count = seq + 1;
    d.oldest = oldestAfter;
}

std::vector<HistoryPoint> HistoryStore::nodeSeries(const NodeId &node) const
{
    return m_impl->series(m_impl->nodes, m_impl->nodeSlotOf.value(node, -1));
}

std::vector<HistoryPoint> HistoryStore::edgeSeries(const NodeId &source, const NodeId &target) const
{
    const int s = m_impl->nodeSlotOf.value(source, -1);
    const int t = m_impl->nodeSlotOf.value(target, -1);
    if (s < 0 || t < 0)
        return {};
    const quint64 key = (quint64(s) << 32) | quint64(std::uint32_t(t));
    return m_impl->series(m_impl->edges, m_impl->edgeSlotOf.value(key, -1));
}

std::vector<qint64> HistoryStore::timestamps() const
{
    const Impl &d = *m_impl;
    std::vector<qint64> out;
    out.reserve(size_t(d.count - d.oldest));
    for (qint64 seq = d.oldest; seq < d.count; ++seq)
        out.push_back(d.timestamps[size_t(seq % d.capacity)]);
    return out;
}

int HistoryStore::pointCount() const
{
    return int(m_impl->count - m_impl->oldest);
}

int HistoryStore::nodeSlotCount() const
{
    return m_impl->nodes.liveCount;
}

int HistoryStore::edgeSlotCount() const
{
    return m_impl->edges.liveCount;
}

size_t HistoryStore::memoryBytes() const
{
    const Impl &d = *m_impl;
    // Blocks are counted at full size: they are allocated whole (their pages fill as the ring
    // does).
    const size_t block = size_t(d.capacity) * sizeof(HistoryRecord) + kMallocOverhead;
    size_t bytes = sizeof(Impl);
    bytes += size_t(d.nodes.liveCount + d.edges.liveCount) * block;
    bytes += (d.nodes.entries.capacity() + d.edges.entries.capacity()) * sizeof(Impl::Slot);
    bytes += (d.nodes.freeSlots.capacity() + d.edges.freeSlots.capacity() +
              d.scratchNodeSlots.capacity()) *
             sizeof(int);
    bytes += d.timestamps.capacity() * sizeof(qint64);
    bytes += hashBytes(d.nodeSlotOf) + hashBytes(d.edgeSlotOf);
    // Node id strings (shared between the hash and the slot): UTF-16 plus the QString header.
    for (const Impl::Slot &slot : d.nodes.entries) {
        if (slot.live)
            bytes += size_t(slot.node.key().capacity()) * sizeof(QChar) + 24 + kMallocOverhead;
    }
    return bytes;
}

} // namespace meshscope::core
