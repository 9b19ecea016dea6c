#include "core/alerts/alertmatcher.h"

namespace meshscope::core {

AlertMatcher::AlertMatcher(const std::vector<NodeId> &nodes) : m_nodes(nodes)
{
    for (const NodeId &id : nodes)
        m_byName[id.name()].push_back(id);
}

std::vector<NodeId> AlertMatcher::byName(const QString &name, const QString &ns,
                                         const QString &cluster) const
{
    std::vector<NodeId> out;
    for (const NodeId &id : m_byName.value(name))
        if ((ns.isEmpty() || id.ns() == ns) && (cluster.isEmpty() || id.cluster() == cluster))
            out.push_back(id);
    return out;
}

std::vector<NodeId> AlertMatcher::byWorkload(const QString &workload, const QString &ns,
                                             const QString &cluster) const
{
    std::vector<NodeId> exact = byName(workload, ns, cluster);
    if (!exact.empty())
        return exact;
    // "reviews-v1" belongs to "reviews"; with "reviews" and "reviews-api" both present,
    // "reviews-api-7d9f" belongs to the longer one.
    qsizetype best = 0;
    std::vector<NodeId> out;
    for (const NodeId &id : m_nodes) {
        const QString name = id.name();
        if (name.size() < best || !workload.startsWith(name + QLatin1Char('-')))
            continue;
        if ((!ns.isEmpty() && id.ns() != ns) || (!cluster.isEmpty() && id.cluster() != cluster))
            continue;
        if (name.size() > best) {
            best = name.size();
            out.clear();
        }
        out.push_back(id);
    }
    return out;
}

std::vector<NodeId> AlertMatcher::nodesFor(const Alert &alert) const
{
    const auto &l = alert.labels;
    const QString cluster = l.value(QStringLiteral("cluster"));
    QString ns = l.value(QStringLiteral("namespace"));

    const QString fqdn = l.value(QStringLiteral("destination_service"));
    if (!fqdn.isEmpty()) {
        // "reviews.bookinfo.svc.cluster.local"; a bare "reviews" relies on the namespace labels.
        const QStringList parts = fqdn.split(QLatin1Char('.'));
        const QString fqdnNs = parts.size() > 1
                                   ? parts.at(1)
                                   : l.value(QStringLiteral("destination_service_namespace"), ns);
        return byName(parts.at(0), fqdnNs, cluster);
    }
    const QString destName = l.value(QStringLiteral("destination_service_name"));
    if (!destName.isEmpty())
        return byName(destName, l.value(QStringLiteral("destination_service_namespace"), ns),
                      cluster);
    const QString service = l.value(QStringLiteral("service"));
    if (!service.isEmpty())
        return byName(service, ns, cluster);
    const QString workload = l.value(QStringLiteral("workload"));
    if (!workload.isEmpty())
        return byWorkload(workload, ns, cluster);
    return {};
}

QHash<NodeId, std::vector<int>> AlertMatcher::match(const std::vector<Alert> &alerts) const
{
    QHash<NodeId, std::vector<int>> out;
    for (int i = 0; i < int(alerts.size()); ++i)
        for (const NodeId &id : nodesFor(alerts[size_t(i)]))
            out[id].push_back(i);
    return out;
}

} // namespace meshscope::core
