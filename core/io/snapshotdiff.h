#pragma once

// What changed between two moments of a mesh: services and calls that appeared or vanished, and
// every service's score before and after. "Before" is a saved JSON snapshot or a moment of the
// history; "after" is usually the graph shown now. Exported as CSV or JSON (docs/snapshot-diff.md).
// Pure functions over values; safe on any thread.

#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/result.h"
#include "core/topology/topology.h"

#include <QByteArray>
#include <QString>

#include <utility>
#include <vector>

namespace meshscope::core {

class HistoryStore;

class SnapshotDiff
{
public:
    enum class Status : std::uint8_t
    {
        Unchanged, // in both, the shown score (whole number) is the same
        Changed,   // in both, the shown score moved
        Added,     // only after
        Removed    // only before
    };

    struct Service
    {
        NodeId id;
        Status status = Status::Unchanged;
        double before = kNaN; // score; NaN = no data or absent
        double after = kNaN;
        HealthBand bandBefore = HealthBand::NoData;
        HealthBand bandAfter = HealthBand::NoData;
        double delta() const { return after - before; } // NaN unless both are known
    };

    struct Call
    {
        NodeId source;
        NodeId target;
        friend bool operator==(const Call &a, const Call &b)
        {
            return a.source == b.source && a.target == b.target;
        }
    };

    // One side of the comparison. scores indexed like topology (ignored if the sizes differ).
    struct Side
    {
        const Topology *topology = nullptr;
        const HealthScores *scores = nullptr;
        const Positions *positions = nullptr; // where the side drew its services, if known
        QString label;                        // "shop-0930.json", "now", "12:30:15"
        qint64 timestampMs = 0;
    };

    static SnapshotDiff compare(const Side &before, const Side &after);
    // `before` is the history's point at `momentMs` (the latest one at or before it). The store
    // lists no services of its own, so services that vanished since are not known: the diff has
    // no removed services (nor calls), only what is new since and how the scores moved.
    static Result<SnapshotDiff> compareWithHistory(const HistoryStore &history, qint64 momentMs,
                                                   const Side &after);

    const QString &beforeLabel() const { return m_beforeLabel; }
    const QString &afterLabel() const { return m_afterLabel; }
    qint64 beforeMs() const { return m_beforeMs; }
    qint64 afterMs() const { return m_afterMs; }
    // Every service in either side, in id order.
    const std::vector<Service> &services() const { return m_services; }
    const std::vector<Call> &addedCalls() const { return m_addedCalls; }
    const std::vector<Call> &removedCalls() const { return m_removedCalls; }
    // Where the services that vanished were drawn (from the "before" side), to show them.
    const Positions &removedPositions() const { return m_removedPositions; }
    bool removedKnown() const { return m_removedKnown; }

    int count(Status status) const;
    bool isEmpty() const;

    // CSV: one row per service (id,name,namespace,status,before,after,change,bandBefore,
    // bandAfter), then one per added or removed call. JSON: docs/snapshot-diff.md.
    QByteArray toCsv() const;
    QByteArray toJson() const;
    // By extension (.csv or .json), atomically; errors name the path.
    Result<void> write(const QString &path) const;

    static QString statusKey(Status status); // "unchanged", "changed", "added", "removed"

private:
    QString m_beforeLabel;
    QString m_afterLabel;
    qint64 m_beforeMs = 0;
    qint64 m_afterMs = 0;
    std::vector<Service> m_services;
    std::vector<Call> m_addedCalls;
    std::vector<Call> m_removedCalls;
    Positions m_removedPositions;
    bool m_removedKnown = true;
};

} // namespace meshscope::core
