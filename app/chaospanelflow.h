#pragma once

// Wires the Chaos dock into the window: the panel follows the graph's selection (a service or a
// call becomes the fault's target) and every snapshot (suggestions, blast radius); a suggestion
// picked in the panel is selected on the graph; right-clicking a node or an edge offers "Inject
// Fault" with the applicable library scenarios, which opens the dock prefilled.
//
// The panel's runRequested is not connected here: running an experiment from the window is the
// chaos run flow's job (issue 10, "chaosrun"), which connects to panel()->runRequested.

#include "app/errorsink.h"
#include "chaos/experiment/experimenttypes.h"
#include "core/result.h"

#include <QObject>

class QDockWidget;
class QMainWindow;
class QMenu;
class QPoint;

namespace meshscope::core {
class NodeId;
struct RefreshResult;
} // namespace meshscope::core
namespace meshscope::widgets {
class ChaosPanel;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

class ChaosPanelFlow : public QObject
{
    Q_OBJECT
public:
    // Adds the dock (tabbed with `besides` when given) and its action (Ctrl+Shift+C: to the
    // front, or closed when already in front) to `viewMenu`.
    ChaosPanelFlow(QMainWindow *window, widgets::TopologyScene *scene, widgets::TopologyView *view,
                   QMenu *viewMenu, QDockWidget *besides, ErrorSink showError);

    widgets::ChaosPanel *panel() const { return m_panel; } // null when the CRDs failed to load
    QDockWidget *dock() const { return m_dock; }

    void showSnapshot(const core::RefreshResult &snapshot);
    // The context menu for a node (peer invalid) or a call; returned so tests can trigger it.
    QMenu *contextMenu(const core::NodeId &node, const core::NodeId &peer);
    // The panel's "Save as File…" once the file is chosen (the YAML that
    // `meshscope experiment run` and Run Experiment File read back).
    Result<void> saveExperiment(const chaos::Experiment &experiment, const QString &path);

private:
    void showMenu(const core::NodeId &node, const core::NodeId &peer, const QPoint &globalPos);

    QMainWindow *m_window = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    widgets::TopologyView *m_view = nullptr;
    widgets::ChaosPanel *m_panel = nullptr;
    QDockWidget *m_dock = nullptr;
    ErrorSink m_showError;
};

} // namespace meshscope::app
