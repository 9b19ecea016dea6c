#include "app/telemetryflow.h"

#include "core/alerts/alertsnapshot.h"
#include "core/models/alertlistmodel.h"
#include "core/session/livesession.h"
#include "widgets/alertbadgeitem.h"
#include "widgets/alertlistview.h"
#include "widgets/detailspanel.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QActionGroup>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>
#include <QTreeView>

#include <algorithm>

namespace meshscope::app {

TelemetryFlow::TelemetryFlow(QMainWindow *window, core::LiveSession *session,
                             widgets::TopologyScene *scene, widgets::TopologyView *view,
                             widgets::DetailsPanel *details, QMenu *viewMenu)
    : QObject(window), m_session(session), m_scene(scene), m_view(view)
{
    m_alertModel = new core::AlertListModel(this);
    m_alertView = new widgets::AlertListView(m_alertModel);
    m_alertView->setObjectName(QStringLiteral("alertListView"));
    m_alertView->list()->setMaximumHeight(150); // a few rows; it scrolls past them
    m_alertSection = details->addSection(tr("Alerts"), m_alertView);
    m_alertSection->hide();

    m_count = new QLabel(window);
    m_count->setObjectName(QStringLiteral("alertCountLabel"));
    m_count->hide();
    window->statusBar()->addWidget(m_count);

    m_banner = new QLabel(view);
    m_banner->setObjectName(QStringLiteral("backendBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: #fdecea; color: #611a15; border: 1px solid #e57373; "
                       "border-radius: 4px; padding: 4px 8px; }"));
    m_banner->hide();

    QMenu *calls = viewMenu->addMenu(tr("Calls shown"));
    calls->setObjectName(QStringLiteral("evidenceMenu"));
    m_evidence = new QActionGroup(this);
    for (widgets::EvidenceFilter f :
         {widgets::EvidenceFilter::All, widgets::EvidenceFilter::Both,
          widgets::EvidenceFilter::MeshOnly, widgets::EvidenceFilter::TracesOnly,
          widgets::EvidenceFilter::Disagreements}) {
        QAction *a = calls->addAction(widgets::EvidenceStyle::filterName(f));
        a->setCheckable(true);
        a->setChecked(f == widgets::EvidenceFilter::All);
        a->setData(int(f));
        m_evidence->addAction(a);
    }
    connect(m_evidence, &QActionGroup::triggered, this, [this](QAction *a) {
        m_scene->setEvidenceFilter(widgets::EvidenceFilter(a->data().toInt()));
    });

    connect(session, &core::LiveSession::snapshotReady, this,
            [this](const core::RefreshResult &snapshot) { onSnapshot(snapshot); });
    connect(session, &core::LiveSession::sourceChanged, this, [this] { clear(); });
    connect(scene, &widgets::TopologyScene::nodeSelected, this,
            &TelemetryFlow::showAlertsOfSelection);
    connect(scene, &widgets::TopologyScene::edgeSelected, this,
            &TelemetryFlow::showAlertsOfSelection);
    connect(scene, &widgets::TopologyScene::selectionCleared, this,
            &TelemetryFlow::showAlertsOfSelection);
    // Drags and group changes move or hide nodes between refreshes: badges follow.
    connect(scene, &widgets::TopologyScene::nodeMoved, this, [this](const core::NodeId &id) {
        if (widgets::AlertBadgeItem *b = m_badges.value(id, nullptr))
            if (const widgets::NodeItem *n = m_scene->nodeItem(id))
                b->placeAt(n->pos());
    });
    connect(scene, &widgets::TopologyScene::snapshotApplied, this, &TelemetryFlow::placeBadges);
}

TelemetryFlow::~TelemetryFlow() = default;

widgets::AlertBadgeItem *TelemetryFlow::badge(const core::NodeId &node) const
{
    return m_badges.value(node, nullptr);
}

void TelemetryFlow::onSnapshot(const core::RefreshResult &snapshot)
{
    showWarnings(snapshot.warnings);
    m_alerts = snapshot.alerts;
    m_alertSection->setVisible(m_alerts != nullptr);
    m_count->setVisible(m_alerts != nullptr);
    if (m_alerts) {
        const int firing = m_alerts->firingCount();
        m_count->setText(firing == 1 ? tr("1 alert firing") : tr("%1 alerts firing").arg(firing));
        m_count->setStyleSheet(firing > 0 ? QStringLiteral("color: #b71c1c; font-weight: bold;")
                                          : QString());
        m_alertView->setError(m_alerts->error);
    }
    updateBadges();
    showAlertsOfSelection();
}

void TelemetryFlow::updateBadges()
{
    QHash<core::NodeId, widgets::AlertBadgeItem *> kept;
    if (m_alerts) {
        for (auto it = m_alerts->byNode.cbegin(); it != m_alerts->byNode.cend(); ++it) {
            if (it->empty() || !m_scene->nodeItem(it.key()))
                continue;
            widgets::AlertBadgeItem *b = m_badges.take(it.key());
            if (!b) {
                b = new widgets::AlertBadgeItem;
                m_scene->addItem(b);
            }
            b->setCounts(m_alerts->firingCountOf(it.key()), m_alerts->mutedCountOf(it.key()));
            b->setToolTip(
                tr("%1 firing, %2 silenced or inhibited").arg(b->firing()).arg(b->muted()));
            kept.insert(it.key(), b);
        }
    }
    qDeleteAll(m_badges); // nodes whose alerts ended (or that left the graph)
    m_badges = std::move(kept);
    placeBadges();
}

void TelemetryFlow::placeBadges()
{
    for (auto it = m_badges.cbegin(); it != m_badges.cend(); ++it) {
        const widgets::NodeItem *n = m_scene->nodeItem(it.key());
        it.value()->setVisible(n && n->isVisible());
        if (n)
            it.value()->placeAt(n->pos());
    }
}

void TelemetryFlow::showAlertsOfSelection()
{
    if (!m_alerts) {
        m_alertModel->setAlerts({});
        return;
    }
    // A call shows the alerts of both its ends: either may be why it fails.
    std::vector<core::Alert> shown;
    const core::NodeId node = m_scene->selectedNode();
    const auto edge = m_scene->selectedEdge();
    for (const core::NodeId &id : {node.isValid() ? node : edge.first, edge.second}) {
        if (!id.isValid())
            continue;
        std::vector<core::Alert> of = m_alerts->alertsOf(id);
        shown.insert(shown.end(), of.begin(), of.end());
    }
    m_alertModel->setAlerts(std::move(shown));
}

void TelemetryFlow::showWarnings(const QStringList &warnings)
{
    m_banner->setVisible(!warnings.isEmpty());
    if (warnings.isEmpty())
        return;
    m_banner->setText(warnings.join(u'\n'));
    m_banner->setMaximumWidth(std::max(200, m_view->width() - 16));
    m_banner->adjustSize();
    // Below the stale banner when both show (the graph's own source failed too).
    int y = 8;
    if (const auto *stale = m_view->findChild<QLabel *>(QStringLiteral("staleBanner"));
        stale && stale->isVisible())
        y += stale->height() + 6;
    m_banner->move((m_view->width() - m_banner->width()) / 2, y);
    m_banner->raise();
}

void TelemetryFlow::clear()
{
    qDeleteAll(m_badges);
    m_badges.clear();
    m_alerts.reset();
    m_alertModel->setAlerts({});
    m_alertSection->hide();
    m_count->hide();
    m_banner->hide();
}

} // namespace meshscope::app
