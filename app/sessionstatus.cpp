#include "app/sessionstatus.h"

#include "core/prometheus/prometheussource.h"
#include "core/session/combinedsource.h"
#include "core/session/livesession.h"

#include <QAbstractScrollArea>
#include <QDateTime>
#include <QGraphicsColorizeEffect>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>

#include <algorithm>

namespace meshscope::app {

SessionStatus::SessionStatus(QMainWindow *window, QWidget *graphView, core::LiveSession *session)
    : QObject(window), m_graphView(graphView), m_session(session)
{
    m_banner = new QLabel(graphView);
    m_banner->setObjectName(QStringLiteral("staleBanner"));
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4e5; color: #7a2e00; border: 1px solid #e8a33d; "
                       "border-radius: 4px; padding: 4px 8px; }"));
    m_banner->hide();
    m_source = new QLabel(window);
    m_source->setObjectName(QStringLiteral("sourceLabel"));
    m_counts = new QLabel(window);
    m_counts->setObjectName(QStringLiteral("countsLabel"));
    m_refresh = new QLabel(window);
    m_refresh->setObjectName(QStringLiteral("refreshLabel"));
    window->statusBar()->addWidget(m_source);
    window->statusBar()->addWidget(m_counts);
    window->statusBar()->addPermanentWidget(m_refresh);

    connect(session, &core::LiveSession::staleChanged, this, &SessionStatus::onStale);
    connect(session, &core::LiveSession::scheduleChanged, this, &SessionStatus::update);
    connect(session, &core::LiveSession::snapshotReady, this, &SessionStatus::update);
    connect(session, &core::LiveSession::sourceChanged, this, [this, window](const QString &name) {
        m_source->setText(name);
        window->setWindowTitle(tr("%1 — Meshscope").arg(name));
        update();
    });
}

void SessionStatus::onStale(const core::StaleState &stale)
{
    if (stale.stale) {
        const QString since = QDateTime::fromMSecsSinceEpoch(stale.sinceMs).toString(u"HH:mm:ss");
        // Every failed refresh re-emits, so the age keeps counting while the source is down.
        const qint64 ageS =
            m_session->lastRefreshMs() > 0
                ? (QDateTime::currentMSecsSinceEpoch() - m_session->lastRefreshMs()) / 1000
                : -1;
        m_banner->setText(
            ageS >= 0
                ? tr("Stale since %1 (graph %2 s old) — %3").arg(since).arg(ageS).arg(stale.reason)
                : tr("Stale since %1 — %2").arg(since, stale.reason));
        m_banner->setWordWrap(true);
        m_banner->setMaximumWidth(std::max(200, m_graphView->width() - 16));
        m_banner->adjustSize();
        m_banner->move((m_graphView->width() - m_banner->width()) / 2, 8);
        m_banner->raise();
    }
    m_banner->setVisible(stale.stale);
    // The last good graph stays drawn, greyed, so nobody reads it as current.
    if (auto *area = qobject_cast<QAbstractScrollArea *>(m_graphView)) {
        if (stale.stale && !area->viewport()->graphicsEffect()) {
            auto *grey = new QGraphicsColorizeEffect(area->viewport());
            grey->setColor(Qt::gray);
            grey->setStrength(0.8);
            area->viewport()->setGraphicsEffect(grey);
        } else if (!stale.stale) {
            area->viewport()->setGraphicsEffect(nullptr);
        }
    }
    update();
}

QString SessionStatus::ageText(qint64 momentMs, qint64 nowMs)
{
    const qint64 s = std::max<qint64>(0, (nowMs - momentMs) / 1000);
    if (s < 60)
        return tr("%1 s ago").arg(s);
    if (s < 3600)
        return tr("%1 min ago").arg(s / 60);
    if (s < 86400)
        return s % 3600 >= 60 ? tr("%1 h %2 min ago").arg(s / 3600).arg(s % 3600 / 60)
                              : tr("%1 h ago").arg(s / 3600);
    return tr("%1 d ago").arg(s / 86400);
}

void SessionStatus::showMoment(const core::RefreshResult *moment, qint64 timestampMs)
{
    if (moment)
        m_moment = *moment; // shared values: a cheap copy
    else
        m_moment.reset();
    m_momentMs = moment && timestampMs <= 0 ? moment->topology->timestampMs() : timestampMs;
    update();
}

void SessionStatus::showCounts(const core::RefreshResult &shown)
{
    int unhealthy = 0;
    for (const core::HealthVerdict &v : shown.scores->nodes)
        unhealthy += v.band == core::HealthBand::Degraded || v.band == core::HealthBand::Failing;
    QString counts = tr("%1 services · %2 calls · %3 unhealthy")
                         .arg(shown.topology->nodeCount())
                         .arg(shown.topology->edgeCount())
                         .arg(unhealthy);
    // NaN, infinite or negative figures the builder replaced (core::sanitize): the user
    // should know the source sent them, not only the log.
    if (const int bad = shown.topology->badValueCount(); bad > 0)
        counts += tr(" · %1 bad values ignored").arg(bad);
    m_counts->setText(counts);
}

void SessionStatus::update()
{
    const core::RefreshResult *last = m_session->snapshot();
    if (m_moment) {
        showCounts(*m_moment);
        // The age is measured against the live graph's time (the source's clock), else now.
        const qint64 momentMs = m_momentMs;
        const qint64 nowMs = last && last->topology->timestampMs() > 0
                                 ? std::max(last->topology->timestampMs(), momentMs)
                                 : QDateTime::currentMSecsSinceEpoch();
        m_refresh->setText(tr("Replay %1 — %2 · live refresh paused")
                               .arg(QDateTime::fromMSecsSinceEpoch(momentMs).toString(u"HH:mm:ss"),
                                    ageText(momentMs, nowMs)));
        m_refresh->setToolTip(
            tr("The graph, the counts and exports show this past moment; Live (L) returns"));
        m_refresh->setStyleSheet(QStringLiteral("color: #e65100; font-weight: bold;"));
        return;
    }
    if (last)
        showCounts(*last);
    const double ms = last ? last->timings.totalMs : 0.0;
    const QString at =
        QDateTime::fromMSecsSinceEpoch(m_session->lastRefreshMs()).toString(u"HH:mm:ss");
    QString text = last ? tr("Last refresh %1 (%2 ms)").arg(at).arg(ms, 0, 'f', ms < 10.0 ? 1 : 0)
                        : tr("Waiting for the first refresh…");
    if (m_session->isPaused())
        text += tr(" · paused");
    QString tip;
    std::shared_ptr<core::TelemetrySource> mesh = m_session->source();
    if (auto combined = std::dynamic_pointer_cast<core::CombinedSource>(mesh))
        mesh = combined->mesh(); // the store's figures, beside Jaeger and Alertmanager
    if (auto prometheus = std::dynamic_pointer_cast<core::PrometheusSource>(mesh)) {
        const core::PrometheusRefreshStats st = prometheus->lastStats();
        if (st.atMs > 0) {
            text += (st.queries == 1 ? tr(" · %1 query, %2 KiB, %3 ms")
                                     : tr(" · %1 queries, %2 KiB, %3 ms"))
                        .arg(st.queries)
                        .arg(double(st.bytes) / 1024.0, 0, 'f', 1)
                        .arg(st.elapsedMs);
            if (st.recordingRules && st.evaluationMs > 0)
                // The rule evaluation the graph shows; "unchanged": read before, no new query.
                text +=
                    (st.reused ? tr(" (recorded at %1, unchanged)") : tr(" (recorded at %1)"))
                        .arg(QDateTime::fromMSecsSinceEpoch(st.evaluationMs).toString(u"HH:mm:ss"));
            else if (st.recordingRules)
                text += tr(" (recorded)"); // read Meshscope's recording rules, not raw series
            if (!st.warnings.isEmpty()) {
                text += tr(" · %n warning(s)", nullptr, int(st.warnings.size()));
                tip = st.warnings.join(u'\n');
            }
        }
        const QString server = prometheus->serverDescription();
        if (!server.isEmpty())
            tip = tip.isEmpty() ? server : server + u'\n' + tip;
    }
    m_refresh->setToolTip(tip);
    const core::StaleState &stale = m_session->stale();
    if (stale.stale)
        text = tr("STALE: %1 · %2").arg(stale.reason, text);
    m_refresh->setText(text);
    m_refresh->setStyleSheet(stale.stale ? QStringLiteral("color: #b00020; font-weight: bold;")
                                         : QString());
}

} // namespace meshscope::app
