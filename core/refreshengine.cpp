#include "core/refreshengine.h"

#include <QElapsedTimer>

namespace meshscope::core {

namespace {

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Identity of the graph's structure: analytics are recomputed only when it changes.
size_t structureHash(const Topology &topology)
{
    size_t h = qHash(topology.nodeCount());
    for (const TopologyNode &node : topology.nodes())
        h = qHashMulti(h, node.id);
    for (const TopologyEdge &edge : topology.edges())
        h = qHashMulti(h, edge.source, edge.target);
    return h;
}

} // namespace

RefreshEngine::RefreshEngine(std::shared_ptr<TelemetrySource> source, HealthSettings settings)
    : m_source(std::move(source)), m_health(std::move(settings))
{
}

void RefreshEngine::setHealthSettings(const HealthSettings &settings)
{
    m_health.setSettings(settings);
}

Result<RefreshResult> RefreshEngine::refresh(const RefreshRequest &request)
{
    if (!m_source)
        return Error{QStringLiteral("no telemetry source is configured")};
    QElapsedTimer timer;
    timer.start();
    Result<TelemetrySample> sample = m_source->fetch();
    if (!sample)
        return Error{sample.error()};
    return process(sample.value(), request, elapsedMs(timer));
}

RefreshResult RefreshEngine::process(const TelemetrySample &sample, const RefreshRequest &request, double fetchMs)
{
    RefreshResult result;
    result.timings.fetchMs = fetchMs;
    QElapsedTimer timer;
    timer.start();
    result.topology = m_builder.build(sample);
    result.timings.buildMs = elapsedMs(timer);

    timer.restart();
    result.scores = m_health.score(*result.topology);
    result.timings.scoreMs = elapsedMs(timer);

    timer.restart();
    LayoutOptions options;
    options.seed = request.seed;
    result.positions = LayoutEngine::layout(*result.topology, request.previous, request.pinned, request.mode,
                                            request.fromScratch, options);
    result.timings.layoutMs = elapsedMs(timer);

    timer.restart();
    const size_t hash = request.analytics ? structureHash(*result.topology) : 0;
    if (request.analytics && (!m_facts || hash != m_structureHash)) {
        m_facts = std::make_shared<GraphFacts>(GraphAnalytics::analyze(*result.topology));
        m_structureHash = hash;
    }
    if (request.analytics)
        result.facts = m_facts;
    result.timings.analyticsMs = elapsedMs(timer);
    result.timings.totalMs = fetchMs + result.timings.buildMs + result.timings.scoreMs + result.timings.layoutMs +
                             result.timings.analyticsMs;
    return result;
}

} // namespace meshscope::core
