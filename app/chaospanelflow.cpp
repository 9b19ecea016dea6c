#include "app/chaospanelflow.h"

#include "app/chaosmenu.h"
#include "chaos/experiment/experimentwriter.h"
#include "core/session/refreshengine.h"
#include "widgets/chaospanel.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenu>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>

namespace meshscope::app {

ChaosPanelFlow::ChaosPanelFlow(QMainWindow *window, widgets::TopologyScene *scene,
                               widgets::TopologyView *view, QMenu *viewMenu, QDockWidget *besides,
                               ErrorSink showError)
    : QObject(window), m_window(window), m_scene(scene), m_view(view), m_showError(showError)
{
    const auto &registry = chaos::CrdRegistry::builtIn();
    if (!registry) {
        showError(tr("Chaos"), tr("The Chaos Mesh schemas could not be loaded, so the Chaos "
                                  "panel is not available: %1")
                                   .arg(registry.error()));
        return;
    }
    auto library = chaos::ScenarioLibrary::load(widgets::ChaosPanel::userScenarioFolder());
    m_panel = new widgets::ChaosPanel(std::move(library), registry.value(), {}, window);
    m_dock = new QDockWidget(tr("Chaos"), window);
    m_dock->setObjectName(QStringLiteral("chaosDock"));
    // The panel's forms are wider than a dock beside the graph should be at 1400 px: they
    // scroll inside the dock rather than take the graph's room.
    auto *scroll = new QScrollArea(m_dock);
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_dock->setWidget(scroll);
    m_dock->setMinimumWidth(300);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    if (besides) {
        window->tabifyDockWidget(besides, m_dock);
        besides->raise(); // a first start shows the details; the Chaos tab is one click away
    }
    // Not the dock's toggle action: tabbed behind Details the dock counts as shown, so a toggle
    // would close it when the user asks to see it. This one brings it to the front first.
    auto *action = new QAction(tr("&Chaos Panel"), window);
    action->setObjectName(QStringLiteral("chaosDockAction"));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(action, &QAction::triggered, this, [this] {
        if (m_dock->isVisible() && !m_dock->visibleRegion().isEmpty()) {
            m_dock->close();
        } else {
            m_dock->show();
            m_dock->raise();
        }
    });
    window->addAction(action); // the shortcut works wherever the focus is in the window
    viewMenu->addAction(action);

    connect(scene, &widgets::TopologyScene::nodeSelected, m_panel,
            &widgets::ChaosPanel::setTargetNode);
    connect(scene, &widgets::TopologyScene::edgeSelected, m_panel,
            &widgets::ChaosPanel::setTargetCall);
    connect(m_panel, &widgets::ChaosPanel::targetActivated, this, [this](const core::NodeId &id) {
        m_scene->selectNode(id);
        m_view->centerOnNode(id);
    });
    connect(view, &widgets::TopologyView::nodeContextMenuRequested, this,
            [this](const core::NodeId &node, const QPoint &at) { showMenu(node, {}, at); });
    connect(view, &widgets::TopologyView::edgeContextMenuRequested, this,
            [this](const core::NodeId &from, const core::NodeId &to, const QPoint &at) {
                showMenu(from, to, at);
            });
    connect(m_panel, &widgets::ChaosPanel::saveRequested, this, [this](const chaos::Experiment &e) {
        const QString name = e.id + QStringLiteral(".yaml");
        const QString folder =
            QSettings().value(QStringLiteral("chaos/experimentFolder")).toString();
        const QString path = QFileDialog::getSaveFileName(
            m_window, tr("Save as Experiment File"),
            folder.isEmpty() ? name : QString(folder + QLatin1Char('/') + name),
            tr("Experiment files (*.yaml *.yml)"));
        if (!path.isEmpty())
            (void)saveExperiment(e, path); // an error is shown there
    });
}

Result<void> ChaosPanelFlow::saveExperiment(const chaos::Experiment &experiment,
                                            const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(chaos::ExperimentWriter::toYaml(experiment)) < 0 || !file.commit()) {
        const QString error = tr("%1: cannot write: %2").arg(path, file.errorString());
        m_showError(tr("Save as Experiment File"), error);
        return Error{error};
    }
    m_window->statusBar()->showMessage(
        tr("Experiment saved to %1 (run it with 'meshscope experiment run %1 --report DIR' or "
           "Chaos > Run Experiment File…)")
            .arg(path),
        8000);
    return {};
}

void ChaosPanelFlow::showSnapshot(const core::RefreshResult &snapshot)
{
    if (m_panel)
        m_panel->setTopology(snapshot.topology, snapshot.facts);
}

QMenu *ChaosPanelFlow::contextMenu(const core::NodeId &node, const core::NodeId &peer)
{
    auto *menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("graphContextMenu"));
    if (m_panel) {
        const bool onCall = peer.isValid();
        menu->addMenu(ChaosMenu::build(m_panel->library(), onCall, menu,
                                       [this, node, peer](const QString &id) {
                                           m_panel->prefill(id, node, peer);
                                           m_dock->show();
                                           m_dock->raise();
                                       }));
    }
    // The view's own actions (focus, collapse, expand) act on the selection just made.
    const auto actions = m_view->actions();
    if (!actions.isEmpty()) {
        menu->addSeparator();
        menu->addActions(actions);
    }
    return menu;
}

void ChaosPanelFlow::showMenu(const core::NodeId &node, const core::NodeId &peer,
                              const QPoint &globalPos)
{
    // What the menu acts on becomes the selection, as a left click would make it.
    if (peer.isValid())
        m_scene->selectEdge(node, peer);
    else
        m_scene->selectNode(node);
    QMenu *menu = contextMenu(node, peer);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
}

} // namespace meshscope::app
