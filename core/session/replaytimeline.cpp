#include "core/session/replaytimeline.h"

#include <QDateTime>

#include <algorithm>

namespace meshscope::core {

namespace {

constexpr int kRoomyNodeCount = 60; // as a live refresh lays out (refreshengine.cpp)
constexpr double kRoomyEdgeLength = 160.0;

size_t structureHash(const Topology &topology)
{
    size_t h = qHash(topology.nodeCount());
    for (const TopologyNode &node : topology.nodes())
        h = qHashMulti(h, node.id);
    for (const TopologyEdge &edge : topology.edges())
        h = qHashMulti(h, edge.source, edge.target);
    return h;
}

qint64 entities(const ReplayFrame &f)
{
    return qint64(f.topology->nodeCount()) + qint64(f.topology->edges().size());
}

} // namespace

qint64 ReplayTimeline::stepFor(qint64 spanMs)
{
    const qint64 step = std::max(kMinStepMs, (spanMs + kMaxFrames - 2) / (kMaxFrames - 1));
    return (step + 999) / 1000 * 1000; // whole seconds, as a user reads them
}

Result<std::shared_ptr<const ReplayTimeline>>
ReplayTimeline::load(PastTelemetry &past, const ReplayWindow &window, const ReplayOptions &options,
                     const PastTelemetry::Progress &progress, const CancelToken &cancel)
{
    if (window.stepMs <= 0 || window.endMs <= window.startMs)
        return Error{QStringLiteral("replay window: the end must be after the start and the step "
                                    "> 0 (got %1 ms long, step %2 ms)")
                         .arg(window.endMs - window.startMs)
                         .arg(window.stepMs)};
    if (window.pointCount() > kMaxFrames)
        return Error{QStringLiteral("replay window: %1 steps is more than %2; use a step of at "
                                    "least %3 s for this window")
                         .arg(window.pointCount())
                         .arg(kMaxFrames)
                         .arg(stepFor(window.endMs - window.startMs) / 1000)};
    auto timeline = std::make_shared<ReplayTimeline>();
    timeline->m_window = window;
    timeline->m_sourceName = past.name();
    timeline->m_history.setCapacity(int(window.pointCount()));

    TopologyBuilder builder;
    HealthModel health(options.settings);
    Positions positions = options.start;
    std::shared_ptr<const Positions> shared;
    std::shared_ptr<const GraphFacts> facts;
    size_t lastHash = 0;
    qint64 stride = 1; // keep every stride-th step; doubles when the budget is reached
    qint64 kept = 0;   // nodes+edges held by the frames kept
    qint64 seen = 0;
    std::vector<ReplayFrame> &frames = timeline->m_frames;

    const auto consume = [&](const TelemetrySample &sample) {
        ReplayFrame frame;
        frame.topology = builder.build(sample);
        frame.timestampMs = sample.timestampMs;
        const HealthScores scores = health.score(*frame.topology);
        timeline->m_history.append(*frame.topology, scores);
        const size_t hash = structureHash(*frame.topology);
        if (!shared || hash != lastHash) {
            LayoutOptions layout;
            layout.seed = options.seed;
            layout.grouping = options.grouping;
            if (frame.topology->nodeCount() <= kRoomyNodeCount)
                layout.edgeLength = kRoomyEdgeLength;
            positions = LayoutEngine::layout(*frame.topology, positions, options.pinned,
                                             options.mode, false, layout);
            shared = std::make_shared<const Positions>(positions);
            facts = std::make_shared<const GraphFacts>(GraphAnalytics::analyze(*frame.topology));
            lastHash = hash;
        }
        if (seen++ % stride != 0)
            return;
        frame.scores = std::make_shared<const HealthScores>(scores);
        frame.positions = shared;
        auto stamped = std::make_shared<GraphFacts>(*facts);
        stamped->generation = frame.topology->generation();
        frame.facts = std::move(stamped);
        kept += entities(frame);
        frames.push_back(std::move(frame));
        while (kept > options.entityBudget && frames.size() > 1) {
            // Keep every second frame: the window stays whole, at half the time resolution.
            std::vector<ReplayFrame> thinned;
            kept = 0;
            for (size_t i = 0; i < frames.size(); i += 2) {
                kept += entities(frames[i]);
                thinned.push_back(std::move(frames[i]));
            }
            frames = std::move(thinned);
            stride *= 2;
        }
    };
    const Result<int> fetched = past.fetchWindow(window, consume, progress, cancel);
    if (!fetched)
        return Error{fetched.error()};
    if (frames.empty())
        return Error{QStringLiteral("%1 has no data between %2 and %3")
                         .arg(past.name(),
                              QDateTime::fromMSecsSinceEpoch(window.startMs).toString(Qt::ISODate),
                              QDateTime::fromMSecsSinceEpoch(window.endMs).toString(Qt::ISODate))};
    return std::shared_ptr<const ReplayTimeline>(std::move(timeline));
}

int ReplayTimeline::indexAt(qint64 timestampMs) const
{
    const auto it =
        std::upper_bound(m_frames.begin(), m_frames.end(), timestampMs,
                         [](qint64 t, const ReplayFrame &f) { return t < f.timestampMs; });
    return std::max(0, int(it - m_frames.begin()) - 1);
}

RefreshResult ReplayTimeline::result(int index) const
{
    const ReplayFrame &f = frame(std::clamp(index, 0, size() - 1));
    RefreshResult r;
    r.topology = f.topology;
    r.scores = f.scores;
    r.positions = f.positions;
    r.facts = f.facts;
    return r;
}

} // namespace meshscope::core
