#pragma once

#include "core/session/replaysession.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace meshscope::core {
class HistoryStore;
class LiveSession;
class TelemetrySource;
} // namespace meshscope::core
namespace meshscope::widgets {
class TimelineBar;
}

namespace meshscope::app {

// Time range and replay: wires the timeline bar under the graph to a ReplaySession beside the
// live session. A past window comes from the active source (range queries for Prometheus, the
// simulator run again for the demo mesh); the moment the slider selects is shown through the
// same path as a live refresh (`show`), with the replayed window's history for the charts.
class ReplayFlow : public QObject
{
    Q_OBJECT
public:
    using Show = std::function<void(const core::RefreshResult &, const core::HistoryStore *)>;
    using Options = std::function<core::ReplayOptions()>; // what the view shows now

    ReplayFlow(core::LiveSession *live, widgets::TimelineBar *bar, Options options, Show show,
               QObject *parent = nullptr);

    // Live snapshots are not shown while this is true.
    bool isReplaying() const { return m_replay->isReplaying(); }
    core::ReplaySession *replay() const { return m_replay; }

    // Where replay gets a past window of `source`; null when it cannot look back.
    static std::shared_ptr<core::PastTelemetry>
    pastOf(const std::shared_ptr<core::TelemetrySource> &source);

    // Loads [startMs, endMs] of the active source (the bar's range chooser does this).
    void loadWindow(qint64 startMs, qint64 endMs);

    // The replayed moment on screen, null while live: what the status bar describes and what
    // exports write.
    const core::RefreshResult *moment() const { return m_moment ? &*m_moment : nullptr; }
    qint64 momentMs() const { return m_momentMs; }

Q_SIGNALS:
    // A replayed moment is shown (`moment` valid during the call), or live again (null).
    void momentChanged(const meshscope::core::RefreshResult *moment, qint64 timestampMs);

private:
    void setMoment(const core::RefreshResult *moment, qint64 timestampMs);

    core::LiveSession *m_live = nullptr;
    widgets::TimelineBar *m_bar = nullptr;
    core::ReplaySession *m_replay = nullptr;
    Options m_options;
    Show m_show;
    std::optional<core::RefreshResult> m_moment;
    qint64 m_momentMs = 0;
};

} // namespace meshscope::app
