// SampleBuilder: which call a series is about (node identity from the profile's labels at the
// granularity, the namespace selection checked again, a peer the proxy could not name).

#include "core/prometheus/samplebuilder.h"

namespace meshscope::core {

NodeId SampleBuilder::nodeId(const PromLabels &labels, const EndpointLabels &end,
                             const QString &fallbackCluster) const
{
    auto known = [&](const QString &label) {
        const QString v = label.isEmpty() ? QString() : labels.value(label);
        return v == m_profile.unknownValue ? QString() : v;
    };
    QString name = labels.value(end.service);
    if (m_granularity == Granularity::Workload && !known(end.workload).isEmpty())
        name = known(end.workload);
    if (m_granularity == Granularity::App) {
        if (!known(end.app).isEmpty())
            name = known(end.app);
        if (!known(end.version).isEmpty())
            name += QLatin1Char(':') + known(end.version);
    }
    QString cluster = known(end.cluster);
    if (cluster.isEmpty())
        cluster = fallbackCluster;
    return NodeId(cluster, labels.value(end.ns), name);
}

std::optional<SampleBuilder::EdgeKey> SampleBuilder::edgeKey(const PromLabels &labels) const
{
    const QString dst = labels.value(m_profile.destination.service);
    if (dst.isEmpty())
        return std::nullopt; // not a call (a series without peer labels)
    EdgeKey key;
    key.source = nodeId(labels, m_profile.source, QString());
    // An unmeshed peer has no cluster of its own: it is seen from the caller's cluster.
    key.destination = nodeId(labels, m_profile.destination, key.source.cluster());
    return key;
}

bool SampleBuilder::inNamespaces(const PromLabels &labels) const
{
    if (!m_namespaces)
        return true;
    bool any = false;
    for (const QString &label : m_profile.namespaceLabels) {
        const auto value = labels.constFind(label);
        if (value == labels.cend())
            continue;
        any = true;
        if (m_namespaces->match(*value).hasMatch())
            return true;
    }
    return !any; // a query that kept no namespace label was not selected by namespace
}

std::optional<SampleBuilder::Identity> SampleBuilder::identityOf(const PromLabels &labels) const
{
    const auto key = edgeKey(labels);
    if (!key || !inNamespaces(labels))
        return std::nullopt;
    Identity id{*key, false};
    if (!m_profile.destination.cluster.isEmpty()) {
        const QString c = labels.value(m_profile.destination.cluster);
        id.externalDestination = c.isEmpty() || c == m_profile.unknownValue;
    }
    return id;
}

} // namespace meshscope::core
