#include "core/session/refreshengine.h"

#include "core/session/combinedsource.h"

#include <QElapsedTimer>
#include <algorithm>

namespace meshscope::core {

namespace {

constexpr int kRoomyNodeCount = 60;
constexpr qint64 kBackfillSpanMs = 10 * 60 * 1000;
constexpr qint64 kBackfillStepMs = 10 * 1000;
constexpr double kRoomyEdgeLength = 160.0;

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
    // Invalid settings are refused (and logged) by the model, which keeps the previous ones.
    (void)m_health.setSettings(settings);
}

Result<RefreshResult> RefreshEngine::refresh(const RefreshRequest &request)
{
    if (!m_source)
        return Error{QStringLiteral("no telemetry source is configured")};
    QElapsedTimer timer;
    timer.start();
    std::shared_ptr<const HistoryStore> backfill;
    if (!m_backfilled) {
        m_backfilled = true;
        // Without a history to fill (headless export), the replay still warms the baselines.
        // The backfill holds only the points it replays (not the session's hour): the session
        // copies it once and grows the copy, so the peak is one hour plus ten minutes, not two
        // hours (bench_refresh --memory: 426 -> 290 MB at 5,000 services).
        const int replayPoints = int(kBackfillSpanMs / kBackfillStepMs) + 1;
        auto history =
            request.historyCapacity > 0
                ? std::make_shared<HistoryStore>(std::min(request.historyCapacity, replayPoints))
                : nullptr;
        const int replayed =
            m_source->backfill(kBackfillSpanMs, kBackfillStepMs, [&](const TelemetrySample &s) {
                const TopologyPtr topology = m_builder.build(s);
                const HealthScores scores = m_health.score(*topology);
                if (history)
                    history->append(*topology, scores);
            });
        if (replayed > 0)
            backfill = std::move(history);
    }
    Result<TelemetrySample> sample = m_source->fetch();
    if (!sample)
        return Error{sample.error()};
    RefreshResult result = process(sample.value(), request, elapsedMs(timer));
    result.backfill = std::move(backfill);
    // What the side backends said in that fetch (same thread, just above).
    if (const auto *combined = dynamic_cast<const CombinedSource *>(m_source.get())) {
        result.warnings = combined->lastWarnings();
        result.alerts = combined->lastAlerts();
    }
    return result;
}

RefreshResult RefreshEngine::process(const TelemetrySample &sample, const RefreshRequest &request,
                                     double fetchMs)
{
    RefreshResult result;
    result.timings.fetchMs = fetchMs;
    QElapsedTimer timer;
    timer.start();
    result.topology = m_builder.build(sample);
    result.timings.buildMs = elapsedMs(timer);

    timer.restart();
    result.scores = std::make_shared<const HealthScores>(m_health.score(*result.topology));
    result.timings.scoreMs = elapsedMs(timer);

    timer.restart();
    LayoutOptions options;
    options.seed = request.seed;
    options.grouping = request.grouping;
    // Small meshes are read label by label: give them room. Large ones keep the engine's default
    // (its quality figures in docs/layout.md are measured at that length).
    if (result.topology->nodeCount() <= kRoomyNodeCount)
        options.edgeLength = kRoomyEdgeLength;
    result.positions = std::make_shared<const Positions>(
        LayoutEngine::layout(*result.topology, request.previous, request.pinned, request.mode,
                             request.fromScratch, options));
    result.timings.layoutMs = elapsedMs(timer);

    timer.restart();
    const size_t hash = request.analytics ? structureHash(*result.topology) : 0;
    if (request.analytics && (!m_facts || hash != m_structureHash)) {
        m_facts = std::make_shared<GraphFacts>(GraphAnalytics::analyze(*result.topology));
        m_structureHash = hash;
    } else if (request.analytics && m_facts->generation != result.topology->generation()) {
        // Same structure, same indices: the facts hold; they are stamped for this snapshot.
        auto facts = std::make_shared<GraphFacts>(*m_facts);
        facts->generation = result.topology->generation();
        m_facts = std::move(facts);
    }
    if (request.analytics)
        result.facts = m_facts;
    result.timings.analyticsMs = elapsedMs(timer);
    result.timings.totalMs = fetchMs + result.timings.buildMs + result.timings.scoreMs +
                             result.timings.layoutMs + result.timings.analyticsMs;
    return result;
}

} // namespace meshscope::core
