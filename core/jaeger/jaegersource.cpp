#include "core/jaeger/jaegersource.h"

#include <QDateTime>
#include <QHash>

namespace meshscope::core {

JaegerSource::JaegerSource(std::shared_ptr<JaegerClient> client, Options options)
    : m_client(std::move(client)), m_options(std::move(options))
{
    if (!m_options.nowMs)
        m_options.nowMs = [] { return QDateTime::currentMSecsSinceEpoch(); };
    if (m_options.lookbackMs <= 0)
        m_options.lookbackMs = 60 * 60 * 1000;
}

QString JaegerSource::name() const
{
    return QStringLiteral("jaeger:") +
           m_client->endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo);
}

NodeId JaegerSource::nodeIdFor(const QString &serviceName) const
{
    const qsizetype dot = serviceName.lastIndexOf(QLatin1Char('.'));
    if (m_options.namespaceFromServiceName && dot > 0 && dot + 1 < serviceName.size())
        return NodeId(m_options.cluster, serviceName.mid(dot + 1), serviceName.left(dot));
    return NodeId(m_options.cluster, m_options.defaultNamespace, serviceName);
}

TelemetrySample JaegerSource::sampleFrom(const std::vector<JaegerDependency> &links,
                                         qint64 timestampMs) const
{
    TelemetrySample sample;
    sample.timestampMs = timestampMs;
    sample.sourceName = name();
    QHash<NodeId, int> nodes;
    QHash<QPair<NodeId, NodeId>, size_t> edges;
    const double seconds = double(m_options.lookbackMs) / 1000.0;
    auto node = [&](const QString &service) {
        const NodeId id = nodeIdFor(service);
        if (!nodes.contains(id)) {
            nodes.insert(id, int(sample.nodes.size()));
            NodeSample n;
            n.id = id;
            sample.nodes.push_back(std::move(n));
        }
        return id;
    };
    for (const JaegerDependency &link : links) {
        const NodeId from = node(link.parent);
        const NodeId to = node(link.child);
        // Two Jaeger names can map to one node (a storage backend may also repeat a link):
        // their calls add up on one edge.
        const auto key = qMakePair(from, to);
        if (edges.contains(key)) {
            EdgeSample &e = sample.edges[edges.value(key)];
            e.traceCallCount += double(link.callCount);
            e.requestRate = e.traceCallCount / seconds;
            continue;
        }
        EdgeSample e;
        e.source = from;
        e.destination = to;
        e.evidence = EdgeSample::FromTraces;
        e.traceCallCount = double(link.callCount);
        e.requestRate = e.traceCallCount / seconds;
        edges.insert(key, sample.edges.size());
        sample.edges.push_back(std::move(e));
    }
    return sample;
}

Result<TelemetrySample> JaegerSource::fetch()
{
    const qint64 now = m_options.nowMs();
    auto links = m_client->dependencies(now, m_options.lookbackMs);
    if (!links)
        return Error{links.error()};
    return sampleFrom(*links, now);
}

} // namespace meshscope::core
