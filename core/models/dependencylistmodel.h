#pragma once

// The services around a subject, as a list: who is hurt if it degrades (Upstream: everything
// that calls it directly or transitively) or what it depends on (Downstream). The subject is a
// service, or a call A -> B (upstream: A and its callers; downstream: B and what it calls).
// Direct neighbours come first (they are hurt first and most), then the rest in snapshot order;
// the subject itself is never listed, even when a cycle reaches it. Full length: no cap.
//
// GUI thread only. A refresh with the same list emits dataChanged for the rows whose score or
// band changed; a different list resets the model.

#include "core/health/healthtypes.h"
#include "core/telemetry/telemetrytypes.h"
#include "core/topology/topology.h"

#include <QAbstractListModel>

#include <vector>

namespace meshscope::core {

class DependencyListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Direction
    {
        Upstream,
        Downstream
    };

    enum Role
    {
        NodeIdRole = Qt::UserRole + 1, // NodeId
        ScoreRole,                     // unrounded score (NaN = no data)
        BandRole,                      // int(HealthBand)
        DirectRole                     // bool: a direct caller (Upstream) or callee (Downstream)
    };

    explicit DependencyListModel(Direction direction, QObject *parent = nullptr);

    Direction direction() const { return m_direction; }

    // Scores of another generation than `topology` are not used (rows read as no data).
    void setSnapshot(TopologyPtr topology, const HealthScores &scores);
    // Snapshot and subject at once (one recomputation): what a details view calls per refresh.
    // An invalid `target` makes `node` the subject, a valid one the call node -> target.
    void setSubject(TopologyPtr topology, const HealthScores &scores, const NodeId &node,
                    const NodeId &target = {});
    void setSubjectNode(const NodeId &node);
    void setSubjectEdge(const NodeId &source, const NodeId &target);
    void clearSubject();

    // False when the subject is not in the snapshot (the list is then empty but unknown).
    bool subjectPresent() const { return m_present; }
    NodeId nodeAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Entry
    {
        NodeId id;
        QString label;
        bool direct = false;
        double score = kNaN;
        HealthBand band = HealthBand::NoData;
    };

    void takeScores(const HealthScores &scores);
    void recompute();
    std::vector<int> members(const Topology &topology, std::vector<char> &direct) const;

    Direction m_direction;
    TopologyPtr m_topology;
    // Only what the rows show of the scores (indexed like the snapshot's nodes; empty when the
    // scores belong to another snapshot): a refresh copies 9 bytes a node, not the verdicts.
    std::vector<double> m_scores;
    std::vector<HealthBand> m_bands;
    NodeId m_node;   // the service, or the source of the call
    NodeId m_target; // the destination of the call; invalid for a service
    bool m_present = false;
    std::vector<Entry> m_entries;
};

} // namespace meshscope::core
