#include "app/groupflow.h"

#include "app/mainactions.h"
#include "core/session/livesession.h"
#include "core/topology/focusfilter.h"
#include "widgets/grouppresenter.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QMainWindow>
#include <QStatusBar>

namespace meshscope::app {

namespace {
constexpr int kHintMs = 4000; // ms a status-bar hint stays
const QString kNone = QStringLiteral("none");
const QString kOther = QStringLiteral("other");
} // namespace

GroupFlow::GroupFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
                     widgets::TopologyView *view, MainActions *actions)
    : QObject(window), m_window(window), m_session(session), m_scene(scene), m_view(view),
      m_actions(actions), m_presenter(new widgets::GroupPresenter(scene, this))
{
    const MainActions &a = *actions;
    connect(m_presenter, &widgets::GroupPresenter::presented, this, &GroupFlow::updateFocus);
    connect(a.collapseGroup, &QAction::triggered, this, [this] {
        const QString group = selectedGroup();
        if (group.isEmpty())
            return hint(tr("Select a service to collapse its group"));
        m_presenter->collapse(group);
        m_scene->selectNode(core::GroupedView::groupNodeId(group));
    });
    connect(a.expandGroup, &QAction::triggered, this, [this] {
        const QString group = selectedGroup();
        if (group.isEmpty())
            return hint(tr("Select a collapsed group to expand it"));
        m_presenter->expand(group);
    });
    connect(a.collapseAllGroups, &QAction::triggered, m_presenter,
            &widgets::GroupPresenter::collapseAll);
    connect(a.expandAllGroups, &QAction::triggered, m_presenter,
            &widgets::GroupPresenter::expandAll);
    connect(a.groupBy, &QActionGroup::triggered, this, [this](QAction *choice) {
        QString key = choice->data().toString();
        if (key == kOther) {
            bool ok = false;
            const QString label =
                QInputDialog::getText(m_window, tr("Group by Label"),
                                      tr("Workload label whose value names the group:"),
                                      QLineEdit::Normal, QStringLiteral("app"), &ok)
                    .trimmed();
            if (!ok || label.isEmpty())
                return setGroupBy(groupBy()); // the choice shown stays
            key = QStringLiteral("label:") + label;
        }
        setGroupBy(key);
    });
    connect(a.unhealthyOnly, &QAction::toggled, m_presenter,
            &widgets::GroupPresenter::setCollapseHealthy);
    connect(a.unhealthyOnly, &QAction::toggled, this, &GroupFlow::updateFocus);
    connect(a.focusSelection, &QAction::toggled, this, &GroupFlow::updateFocus);
    connect(a.hopsCombo, &QComboBox::currentIndexChanged, this, &GroupFlow::updateFocus);
    connect(a.findField, &QLineEdit::textChanged, this, &GroupFlow::updateFocus);
    connect(a.findField, &QLineEdit::returnPressed, this, &GroupFlow::findNext);
    const auto followSelection = [this] {
        if (m_actions->focusSelection->isChecked())
            updateFocus();
    };
    connect(scene, &widgets::TopologyScene::nodeSelected, this, followSelection);
    connect(scene, &widgets::TopologyScene::selectionCleared, this, followSelection);
    // Right-click on the graph offers what acts on the selection.
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addActions({a.focusSelection, a.collapseGroup, a.expandGroup});
}

void GroupFlow::setGroupBy(const QString &groupBy)
{
    const bool none = groupBy == kNone;
    const std::optional<core::GroupingKey> key =
        none ? std::nullopt : std::optional(core::GroupingKey::fromString(groupBy));
    const QString shown = key ? key->toString() : kNone;
    QAction *other = nullptr;
    bool listed = false;
    for (QAction *choice : m_actions->groupBy->actions()) {
        if (choice->data().toString() == kOther)
            other = choice;
        listed |= choice->data().toString() == shown;
        choice->setChecked(choice->data().toString() == shown);
    }
    if (!listed && other)
        other->setChecked(true);
    m_presenter->setGrouping(key);
    m_session->setGrouping(key);
}

QString GroupFlow::groupBy() const
{
    const auto &key = m_presenter->grouping();
    return key ? key->toString() : kNone;
}

void GroupFlow::setThreshold(int services)
{
    m_presenter->setThreshold(services);
}

void GroupFlow::newSource()
{
    m_presenter->resetState();
}

void GroupFlow::showSnapshot(const core::RefreshResult &snapshot, const core::Positions &positions)
{
    m_presenter->setSnapshot(snapshot.topology, snapshot.scores, positions);
}

core::Positions GroupFlow::positions() const
{
    return m_presenter->positions();
}

QString GroupFlow::selectedGroup() const
{
    return m_presenter->groupOf(m_scene->selectedNode());
}

void GroupFlow::updateFocus()
{
    const core::GroupedGraph &shown = m_presenter->shown();
    if (!shown.topology)
        return m_scene->setFocus(std::nullopt);
    core::FocusCriteria criteria{m_actions->findField->text(),
                                 m_actions->unhealthyOnly->isChecked(),
                                 m_actions->hopsCombo->currentData().toInt(),
                                 {}};
    for (auto it = shown.collapsedGroups.cbegin(); it != shown.collapsedGroups.cend(); ++it)
        criteria.opaque.insert(it.key());
    if (m_actions->focusSelection->isChecked()) {
        criteria.around = m_scene->selectedNode();
        if (!criteria.around.isValid())
            hint(tr("Select a service to focus on it"));
    }
    const auto focus = core::FocusFilter::focus(*shown.topology, *shown.scores, criteria);
    if (criteria.unhealthyOnly && focus && focus->isEmpty() && criteria.text.trimmed().isEmpty())
        hint(tr("Nothing is unhealthy right now"));
    m_scene->setFocus(focus);
    // Focusing on a selection zooms to it; the find filter alone only dims, as one types.
    if (criteria.around.isValid() && focus && !focus->isEmpty())
        m_view->fitNodes(*focus);
    else
        m_view->restoreView();
}

void GroupFlow::findNext()
{
    const core::RefreshResult *last = m_session->snapshot();
    const QString text = m_actions->findField->text().trimmed();
    const auto matches =
        last ? core::FocusFilter::matches(*last->topology, text) : std::vector<core::NodeId>{};
    if (matches.empty())
        return hint(tr("No service matches “%1”").arg(text));
    m_presenter->reveal(matches.front()); // a service hidden in a collapsed group is shown
    m_scene->selectNode(matches.front()); // emits nodeSelected: the details panel follows
    m_view->showNode(matches.front());    // zoomed in to it, and kept centred as the group settles
}

void GroupFlow::hint(const QString &message)
{
    m_window->statusBar()->showMessage(message, kHintMs);
}

} // namespace meshscope::app
