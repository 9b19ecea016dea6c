#include "core/topology/grouping.h"

#include <QHash>
#include <QSet>

namespace meshscope::core {

namespace {

const QString kLabelPrefix = QStringLiteral("label:");

} // namespace

QString GroupingKey::toString() const
{
    return byNamespace() ? QStringLiteral("namespace") : kLabelPrefix + label;
}

GroupingKey GroupingKey::fromString(const QString &text)
{
    GroupingKey key;
    if (text.startsWith(kLabelPrefix))
        key.label = text.mid(kLabelPrefix.size()).trimmed();
    return key;
}

QString Grouping::unlabelled()
{
    return QStringLiteral("(no label)");
}

GroupAssignment Grouping::assign(const Topology &topology, const GroupingKey &key)
{
    const auto &nodes = topology.nodes();
    // A namespace name alone is ambiguous across clusters ("default" exists everywhere).
    QSet<QString> clusters;
    for (const TopologyNode &node : nodes) {
        clusters.insert(node.id.cluster());
        if (clusters.size() > 1)
            break;
    }
    const bool multiCluster = clusters.size() > 1;

    std::vector<QString> nameOf(nodes.size());
    QSet<QString> distinct;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const TopologyNode &node = nodes[i];
        if (key.byNamespace())
            nameOf[i] =
                multiCluster ? QString(node.id.cluster() + QLatin1Char('/') + node.ns) : node.ns;
        else
            nameOf[i] = node.labels.value(key.label, unlabelled());
        distinct.insert(nameOf[i]);
    }
    GroupAssignment out;
    out.names = QStringList(distinct.cbegin(), distinct.cend());
    out.names.sort();
    QHash<QString, int> index;
    for (int g = 0; g < out.names.size(); ++g)
        index.insert(out.names.at(g), g);
    out.groupOf.resize(nodes.size());
    out.members.resize(size_t(out.names.size()));
    for (size_t i = 0; i < nodes.size(); ++i) {
        const int g = index.value(nameOf[i]);
        out.groupOf[i] = g;
        out.members[size_t(g)].push_back(int(i));
    }
    return out;
}

} // namespace meshscope::core
