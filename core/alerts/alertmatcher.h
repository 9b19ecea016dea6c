#pragma once

#include "core/alerts/alerttypes.h"
#include "core/telemetry/telemetrytypes.h"

#include <QHash>

#include <vector>

namespace meshscope::core {

// Finds the graph nodes an alert is about, from the labels alert rules on a mesh carry:
//   destination_service   Istio's FQDN "reviews.bookinfo.svc.cluster.local" (name, namespace)
//   destination_service_name + destination_service_namespace
//   service (+ namespace) kube-state-metrics / Prometheus rules on a Service
//   workload (+ namespace) a Deployment name: the node of that name, else the node whose name
//                          is the longest prefix before a "-" ("reviews-v1" -> reviews)
// A `cluster` label restricts the match to that cluster. Without a namespace label, every node
// of that name matches. Alerts with only a namespace (a quota, a namespace-wide outage) are
// about no one node and match none; they still count in the status bar.
class AlertMatcher
{
public:
    explicit AlertMatcher(const std::vector<NodeId> &nodes);

    std::vector<NodeId> nodesFor(const Alert &alert) const;
    // For each node with alerts, the indexes into `alerts`, in order.
    QHash<NodeId, std::vector<int>> match(const std::vector<Alert> &alerts) const;

private:
    std::vector<NodeId> byName(const QString &name, const QString &ns,
                               const QString &cluster) const;
    std::vector<NodeId> byWorkload(const QString &workload, const QString &ns,
                                   const QString &cluster) const;

    QHash<QString, std::vector<NodeId>> m_byName; // node name -> nodes (all namespaces)
    std::vector<NodeId> m_nodes;
};

} // namespace meshscope::core
