#include "core/session/combinedsource.h"

#include "core/alerts/alertmatcher.h"
#include "core/jaeger/traceedgemerge.h"

#include <QFuture>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcCombined, "meshscope.core.combinedsource")

CombinedSource::CombinedSource(Parts parts) : m_parts(std::move(parts))
{
    m_pool.setMaxThreadCount(2);
}

CombinedSource::~CombinedSource()
{
    m_pool.waitForDone();
}

QString CombinedSource::name() const
{
    if (m_parts.mesh && m_parts.traces)
        return m_parts.mesh->name() + QStringLiteral(" + jaeger");
    if (m_parts.mesh)
        return m_parts.mesh->name();
    return m_parts.traces ? m_parts.traces->name() : QStringLiteral("none");
}

int CombinedSource::backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume)
{
    // Only the mesh can look back; Jaeger's links and alerts are for now.
    return m_parts.mesh ? m_parts.mesh->backfill(spanMs, stepMs, consume) : 0;
}

Result<TelemetrySample> CombinedSource::fetch()
{
    m_warnings.clear();
    if (!m_parts.mesh && !m_parts.traces)
        return Error{QStringLiteral("no mesh source and no Jaeger are configured")};
    // Jaeger runs beside the mesh query, not after it: a refresh costs the slower of the two.
    QFuture<Result<TelemetrySample>> traces;
    if (m_parts.mesh && m_parts.traces) {
        traces = QtConcurrent::run(&m_pool, [source = m_parts.traces] { return source->fetch(); });
    }
    Result<TelemetrySample> sample = m_parts.mesh ? m_parts.mesh->fetch() : m_parts.traces->fetch();
    if (!m_parts.mesh && !sample)
        return Error{QStringLiteral("Jaeger: %1").arg(sample.error())};
    if (traces.isValid())
        traces.waitForFinished();
    if (!sample)
        return Error{sample.error()};
    TelemetrySample out = std::move(sample).value();
    if (traces.isValid()) {
        Result<TelemetrySample> t = traces.result();
        if (t) {
            out = mergeTraceEdges(std::move(out), alignTraceNodes(std::move(t).value(), out));
        } else {
            qCWarning(lcCombined) << "Jaeger failed, the mesh graph is shown alone:" << t.error();
            m_warnings << QStringLiteral("Jaeger: %1").arg(t.error());
        }
    }
    if (m_parts.alerts) {
        m_alerts = fetchAlerts(out);
        if (!m_alerts->error.isEmpty())
            m_warnings << QStringLiteral("Alertmanager: %1").arg(m_alerts->error);
    }
    return out;
}

std::shared_ptr<const AlertSnapshot> CombinedSource::fetchAlerts(const TelemetrySample &sample)
{
    auto snapshot = std::make_shared<AlertSnapshot>();
    Result<std::vector<Alert>> fetched = m_parts.alerts->alerts(m_parts.alertFilter);
    if (fetched) {
        m_lastAlerts = std::move(fetched).value();
    } else {
        qCWarning(lcCombined) << "Alertmanager failed, keeping the last alerts:" << fetched.error();
        snapshot->error = fetched.error();
    }
    snapshot->alerts = m_lastAlerts;
    // Every node the graph will show: listed nodes and the ends of every edge.
    QSet<NodeId> seen;
    std::vector<NodeId> nodes;
    const auto add = [&](const NodeId &id) {
        if (!seen.contains(id)) {
            seen.insert(id);
            nodes.push_back(id);
        }
    };
    for (const NodeSample &n : sample.nodes)
        add(n.id);
    for (const EdgeSample &e : sample.edges) {
        add(e.source);
        add(e.destination);
    }
    snapshot->byNode = AlertMatcher(nodes).match(snapshot->alerts);
    return snapshot;
}

TelemetrySample CombinedSource::alignTraceNodes(TelemetrySample traces, const TelemetrySample &mesh)
{
    // name -> mesh nodes of that name; (namespace, name) -> mesh nodes.
    QHash<QString, QList<NodeId>> byName;
    QHash<QString, QList<NodeId>> byNsName;
    QSet<NodeId> known;
    const auto index = [&](const NodeId &id) {
        if (known.contains(id))
            return;
        known.insert(id);
        byName[id.name()].append(id);
        byNsName[id.ns() + QLatin1Char('/') + id.name()].append(id);
    };
    for (const NodeSample &n : mesh.nodes)
        index(n.id);
    for (const EdgeSample &e : mesh.edges) {
        index(e.source);
        index(e.destination);
    }
    QHash<NodeId, NodeId> moved;
    const auto target = [&](const NodeId &id) -> NodeId {
        if (known.contains(id))
            return id;
        if (const auto it = moved.constFind(id); it != moved.cend())
            return *it;
        NodeId to = id;
        const QList<NodeId> sameNs = byNsName.value(id.ns() + QLatin1Char('/') + id.name());
        const QList<NodeId> sameName = byName.value(id.name());
        if (sameNs.size() == 1)
            to = sameNs.first();
        else if (sameNs.isEmpty() && sameName.size() == 1)
            to = sameName.first(); // a name without a namespace landed in the default one
        moved.insert(id, to);
        return to;
    };
    // Two trace names can land on one node: their calls add up on one edge.
    std::vector<EdgeSample> edges;
    QHash<QPair<NodeId, NodeId>, size_t> edgeAt;
    for (EdgeSample &e : traces.edges) {
        e.source = target(e.source);
        e.destination = target(e.destination);
        const auto key = qMakePair(e.source, e.destination);
        if (const auto it = edgeAt.constFind(key); it != edgeAt.cend()) {
            edges[*it].traceCallCount += e.traceCallCount;
            edges[*it].requestRate += e.requestRate;
            continue;
        }
        edgeAt.insert(key, edges.size());
        edges.push_back(std::move(e));
    }
    traces.edges = std::move(edges);
    std::vector<NodeSample> nodes;
    QSet<NodeId> kept;
    for (NodeSample &n : traces.nodes) {
        n.id = target(n.id);
        if (!kept.contains(n.id)) {
            kept.insert(n.id);
            nodes.push_back(std::move(n));
        }
    }
    traces.nodes = std::move(nodes);
    return traces;
}

} // namespace meshscope::core
