#pragma once

// Which group a service belongs to: its namespace (prefixed by its cluster when the snapshot
// spans several clusters), or the value of one of its workload labels
// (app.kubernetes.io/part-of, team…). See docs/groups.md.

#include "core/topology/topology.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::core {

struct GroupingKey
{
    QString label; // empty: by namespace; otherwise the workload label whose value names the group

    bool byNamespace() const { return label.isEmpty(); }
    // "namespace" or "label:<name>": how the setting is stored.
    QString toString() const;
    static GroupingKey fromString(const QString &text);
    friend bool operator==(const GroupingKey &a, const GroupingKey &b)
    {
        return a.label == b.label;
    }
};

// Groups of one snapshot, indexed 0..names.size()-1 in name order.
struct GroupAssignment
{
    std::vector<int> groupOf;              // node index -> group index
    QStringList names;                     // group index -> name shown to the user
    std::vector<std::vector<int>> members; // group index -> node indices, ascending

    int groupCount() const { return int(names.size()); }
    int indexOf(const QString &name) const { return int(names.indexOf(name)); }
};

class Grouping
{
public:
    // The name of the group a service without the label falls into.
    static QString unlabelled();

    static GroupAssignment assign(const Topology &topology, const GroupingKey &key);
};

} // namespace meshscope::core
