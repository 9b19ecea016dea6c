#pragma once

#include "core/session/refreshengine.h"
#include "core/telemetry/pasttelemetry.h"

#include <memory>
#include <optional>
#include <vector>

namespace meshscope::core {

// One moment of a replayed window: what the graph, the scores and the details show there.
struct ReplayFrame
{
    qint64 timestampMs = 0;
    TopologyPtr topology;
    std::shared_ptr<const HealthScores> scores;
    std::shared_ptr<const Positions> positions;
    std::shared_ptr<const GraphFacts> facts;
};

// How a window is turned into frames: the health settings to score with, and the arrangement
// on screen the first frame's layout starts from (so the replayed graph looks like the live one).
struct ReplayOptions
{
    HealthSettings settings;
    Positions start;
    NodeIdSet pinned;
    LayoutMode mode = LayoutMode::Force;
    std::optional<GroupingKey> grouping;
    quint64 seed = 1;
    // Nodes+edges the kept frames may hold in all (ReplayTimeline's memory bound).
    qint64 entityBudget = 1'000'000;
};

// A past window loaded for replay: the frames, oldest first, and the history of every node and
// edge over the window (which the details panel charts). Immutable once loaded; shared with the
// GUI thread.
//
// Bounded memory: at most kMaxFrames steps are asked for (the step is chosen so: stepFor()),
// and the frames kept hold at most ReplayOptions::entityBudget nodes+edges in all (1,000,000:
// some 300 MB). A big mesh over a long window keeps every second frame, then every fourth...,
// so the whole window stays within the budget; the history keeps every step.
class ReplayTimeline
{
public:
    static constexpr qint64 kMaxFrames = 720;
    static constexpr qint64 kMinStepMs = 15'000; // Prometheus' usual scrape interval

    // The step for a window of `spanMs`: 15 s, or coarser so that it has at most kMaxFrames.
    static qint64 stepFor(qint64 spanMs);

    // Blocking (a worker thread): fetches the window and scores every step in order with a
    // fresh health model, so that baselines and stability terms evolve as they did live. Lays
    // out only when the structure changes (the other frames share those positions).
    static Result<std::shared_ptr<const ReplayTimeline>>
    load(PastTelemetry &past, const ReplayWindow &window, const ReplayOptions &options,
         const PastTelemetry::Progress &progress = {}, const CancelToken &cancel = {});

    const ReplayWindow &window() const { return m_window; }
    const QString &sourceName() const { return m_sourceName; }
    int size() const { return int(m_frames.size()); }
    bool isEmpty() const { return m_frames.empty(); }
    const ReplayFrame &frame(int index) const { return m_frames[size_t(index)]; }
    // The frame at or before `timestampMs` (the first frame for an earlier time).
    int indexAt(qint64 timestampMs) const;
    const HistoryStore &history() const { return m_history; }
    // Frame `index` as a refresh result, for the views that show live refreshes.
    RefreshResult result(int index) const;

private:
    ReplayWindow m_window;
    QString m_sourceName;
    std::vector<ReplayFrame> m_frames;
    HistoryStore m_history;
};

} // namespace meshscope::core
