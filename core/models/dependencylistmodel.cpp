#include "core/models/dependencylistmodel.h"

#include "core/topology/graphanalytics.h"

#include <algorithm>
#include <cmath>

namespace meshscope::core {

DependencyListModel::DependencyListModel(Direction direction, QObject *parent)
    : QAbstractListModel(parent), m_direction(direction)
{
}

void DependencyListModel::setSnapshot(TopologyPtr topology, const HealthScores &scores)
{
    m_topology = std::move(topology);
    takeScores(scores);
    recompute();
}

void DependencyListModel::setSubject(TopologyPtr topology, const HealthScores &scores,
                                     const NodeId &node, const NodeId &target)
{
    m_topology = std::move(topology);
    takeScores(scores);
    m_node = node;
    m_target = target;
    recompute();
}

void DependencyListModel::takeScores(const HealthScores &scores)
{
    m_scores.clear();
    m_bands.clear();
    if (m_topology && scores.generation == m_topology->generation() &&
        scores.nodes.size() == size_t(m_topology->nodeCount())) {
        m_scores.reserve(scores.nodes.size());
        m_bands.reserve(scores.nodes.size());
        for (const HealthVerdict &v : scores.nodes) {
            m_scores.push_back(v.score);
            m_bands.push_back(v.band);
        }
    }
}

void DependencyListModel::setSubjectNode(const NodeId &node)
{
    m_node = node;
    m_target = {};
    recompute();
}

void DependencyListModel::setSubjectEdge(const NodeId &source, const NodeId &target)
{
    m_node = source;
    m_target = target;
    recompute();
}

void DependencyListModel::clearSubject()
{
    m_node = {};
    m_target = {};
    recompute();
}

NodeId DependencyListModel::nodeAt(int row) const
{
    return row >= 0 && row < int(m_entries.size()) ? m_entries[size_t(row)].id : NodeId();
}

std::vector<int> DependencyListModel::members(const Topology &t, std::vector<char> &direct) const
{
    const bool upstream = m_direction == Direction::Upstream;
    std::vector<int> result;
    direct.assign(size_t(t.nodeCount()), 0);
    if (m_target.isValid()) {
        // A call A -> B: A is hurt first if the call degrades; B is what it depends on first.
        const int edge = t.edgeIndex(m_node, m_target);
        if (edge < 0)
            return result;
        const TopologyEdge &e = t.edges()[size_t(edge)];
        const int end = upstream ? e.source : e.target;
        direct[size_t(end)] = 1;
        result.push_back(end);
        const std::vector<int> rest =
            upstream ? GraphAnalytics::upstreamOf(t, end) : GraphAnalytics::downstreamOf(t, end);
        for (int n : rest) {
            if (n != end)
                result.push_back(n);
        }
        return result;
    }
    const int node = t.nodeIndex(m_node);
    if (node < 0)
        return result;
    result = upstream ? GraphAnalytics::upstreamOf(t, node) : GraphAnalytics::downstreamOf(t, node);
    for (int e : upstream ? t.inEdges(node) : t.outEdges(node)) {
        const TopologyEdge &edge = t.edges()[size_t(e)];
        direct[size_t(upstream ? edge.source : edge.target)] = 1;
    }
    std::erase(result, node); // reachable from itself through a cycle: not its own blast radius
    std::stable_partition(result.begin(), result.end(),
                          [&](int n) { return direct[size_t(n)] != 0; });
    return result;
}

void DependencyListModel::recompute()
{
    const Topology *t = m_topology.get();
    std::vector<Entry> next;
    m_present = false;
    if (t && m_node.isValid()) {
        m_present =
            m_target.isValid() ? t->edgeIndex(m_node, m_target) >= 0 : t->nodeIndex(m_node) >= 0;
        const bool scoresUsable = m_scores.size() == size_t(t->nodeCount());
        std::vector<char> direct;
        const std::vector<int> nodes = members(*t, direct);
        next.reserve(nodes.size());
        for (int n : nodes) {
            const TopologyNode &node = t->nodes()[size_t(n)];
            Entry entry;
            entry.id = node.id;
            // The namespace only where it differs from the subject's, to keep lines short.
            entry.label =
                node.ns == m_node.ns() ? node.name : node.ns + QLatin1Char('/') + node.name;
            entry.direct = direct[size_t(n)] != 0;
            if (scoresUsable) {
                entry.score = m_scores[size_t(n)];
                entry.band = m_bands[size_t(n)];
            }
            next.push_back(std::move(entry));
        }
    }

    const bool sameList =
        next.size() == m_entries.size() &&
        std::equal(next.begin(), next.end(), m_entries.begin(), [](const Entry &a, const Entry &b) {
            return a.id == b.id && a.label == b.label && a.direct == b.direct;
        });
    if (!sameList) {
        beginResetModel();
        m_entries = std::move(next);
        endResetModel();
        return;
    }
    for (size_t i = 0; i < next.size(); ++i) {
        Entry &old = m_entries[i];
        const bool sameScore =
            old.score == next[i].score || (std::isnan(old.score) && std::isnan(next[i].score));
        if (sameScore && old.band == next[i].band)
            continue;
        old.score = next[i].score;
        old.band = next[i].band;
        const QModelIndex changed = index(int(i));
        Q_EMIT dataChanged(changed, changed, {ScoreRole, BandRole});
    }
}

int DependencyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant DependencyListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return entry.label;
    case Qt::ToolTipRole:
        return tr("Select %1").arg(entry.id.key());
    case NodeIdRole:
        return QVariant::fromValue(entry.id);
    case ScoreRole:
        return entry.score;
    case BandRole:
        return int(entry.band);
    case DirectRole:
        return entry.direct;
    default:
        return {};
    }
}

QHash<int, QByteArray> DependencyListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NodeIdRole, "nodeId");
    names.insert(ScoreRole, "score");
    names.insert(BandRole, "band");
    names.insert(DirectRole, "direct");
    return names;
}

} // namespace meshscope::core
