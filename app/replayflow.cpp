#include "app/replayflow.h"

#include "core/demo/demosource.h"
#include "core/demo/demowindow.h"
#include "core/prometheus/prometheussource.h"
#include "core/prometheus/rangefetcher.h"
#include "core/session/livesession.h"
#include "widgets/timelinebar.h"

#include <QSlider>

namespace meshscope::app {

ReplayFlow::ReplayFlow(core::LiveSession *live, widgets::TimelineBar *bar, Options options,
                       Show show, QObject *parent)
    : QObject(parent), m_live(live), m_bar(bar), m_replay(new core::ReplaySession(live, this)),
      m_options(std::move(options)), m_show(std::move(show))
{
    using core::ReplaySession;
    connect(bar, &widgets::TimelineBar::rangeRequested, this, &ReplayFlow::loadWindow);
    connect(bar, &widgets::TimelineBar::positionRequested, m_replay, &ReplaySession::setPosition);
    connect(bar, &widgets::TimelineBar::cancelRequested, m_replay, &ReplaySession::cancel);
    connect(bar, &widgets::TimelineBar::liveRequested, this, [this] {
        m_replay->goLive();
        m_bar->showLive();
        setMoment(nullptr, 0);
    });
    connect(m_replay, &ReplaySession::progress, bar, &widgets::TimelineBar::showProgress);
    connect(m_replay, &ReplaySession::loadFailed, bar, &widgets::TimelineBar::showError);
    connect(m_replay, &ReplaySession::loaded, this, [this] {
        std::vector<qint64> times;
        const auto timeline = m_replay->timeline();
        for (int i = 0; i < timeline->size(); ++i)
            times.push_back(timeline->frame(i).timestampMs);
        m_bar->setTimeline(times);
        m_bar->slider()->setFocus(); // Left/Right, Home/End and L act at once
    });
    connect(m_replay, &ReplaySession::frameShown, this,
            [this](const core::RefreshResult &frame, qint64 timestampMs) {
                m_bar->showMoment(m_replay->position(), timestampMs);
                m_show(frame, &m_replay->timeline()->history());
                setMoment(&frame, timestampMs);
            });
    connect(m_replay, &ReplaySession::liveResumed, this, [this] {
        setMoment(nullptr, 0);
        if (const core::RefreshResult *last = m_live->snapshot())
            m_show(*last, &m_live->history());
    });
    // A replay belongs to the source it was loaded from.
    connect(live, &core::LiveSession::sourceChanged, this, [this] {
        m_replay->goLive();
        m_bar->showLive();
        setMoment(nullptr, 0);
    });
}

void ReplayFlow::setMoment(const core::RefreshResult *moment, qint64 timestampMs)
{
    if (!moment && !m_moment)
        return;
    if (moment)
        m_moment = *moment; // shared values: a cheap copy
    else
        m_moment.reset();
    m_momentMs = moment ? timestampMs : 0;
    Q_EMIT momentChanged(moment, m_momentMs);
}

std::shared_ptr<core::PastTelemetry>
ReplayFlow::pastOf(const std::shared_ptr<core::TelemetrySource> &source)
{
    if (const auto demo = std::dynamic_pointer_cast<core::DemoSource>(source))
        return core::DemoWindow::of(*demo);
    if (const auto prometheus = std::dynamic_pointer_cast<core::PrometheusSource>(source)) {
        auto fetcher = core::RangeFetcher::create(prometheus->options());
        if (fetcher)
            return fetcher.value();
    }
    return nullptr;
}

void ReplayFlow::loadWindow(qint64 startMs, qint64 endMs)
{
    const auto past = pastOf(m_live->source());
    if (!past) {
        m_bar->showError(tr("%1 cannot look back: replay needs Prometheus or the demo mesh")
                             .arg(m_live->sourceName()));
        return;
    }
    if (endMs <= startMs) {
        m_bar->showError(tr("The end of the window must be after its start"));
        return;
    }
    const core::ReplayWindow window{startMs, endMs, core::ReplayTimeline::stepFor(endMs - startMs)};
    m_bar->showProgress(0, 0);
    m_replay->load(past, window, m_options());
}

} // namespace meshscope::app
