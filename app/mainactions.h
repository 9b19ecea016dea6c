#pragma once

#include <QObject>
#include <QStringList>

class QAction;
class QActionGroup;
class QComboBox;
class QLineEdit;
class QMenu;
class QMenuBar;
class QShortcut;
class QToolBar;

namespace meshscope::core {
struct FaultPreset;
}
namespace meshscope::widgets {
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

// The window's actions, menus and toolbar controls, made and laid out in one place. Holds no
// behaviour: the window connects each action to the session or a view. Every action and
// control has an object name, so tests and scripts find them without reaching into the window.
class MainActions : public QObject
{
    Q_OBJECT
public:
    explicit MainActions(QWidget *window);

    void buildMenus(QMenuBar *bar);
    void buildToolBar(QToolBar *bar);
    // The actions that act on the graph view alone (zoom, fit, legend, labels, pins, find, quit).
    void connectView(widgets::TopologyView *view, widgets::TopologyScene *scene);
    QMenu *viewMenu() const { return m_viewMenu; }

    static const QStringList &demoMeshes();
    static const QList<double> &intervals();
    // The menu text of a fault preset, worded from its numbers.
    static QString presetText(const core::FaultPreset &preset);
    void selectInterval(double seconds);
    void selectDemoMesh(const QString &name);

    QAction *refresh = nullptr;
    QAction *pause = nullptr;
    QAction *relayout = nullptr;
    QAction *layered = nullptr;
    QAction *unhealthyOnly = nullptr;
    QAction *legend = nullptr;
    QAction *fit = nullptr;
    QAction *zoomIn = nullptr;
    QAction *zoomOut = nullptr;
    QAction *find = nullptr;
    QAction *exportImage = nullptr;
    QAction *exportData = nullptr;
    QAction *saveLayout = nullptr;
    QAction *openLayout = nullptr;
    QAction *unpinAll = nullptr;
    QAction *clearFaults = nullptr;
    QAction *about = nullptr;
    QAction *quit = nullptr;
    // Groups, focus and comparison (issue 9).
    QAction *focusSelection = nullptr; // view mode: N hops around the selection
    QAction *collapseGroup = nullptr;  // the selection's group
    QAction *expandGroup = nullptr;
    QAction *collapseAllGroups = nullptr;
    QAction *expandAllGroups = nullptr;
    QAction *compareSnapshot = nullptr;
    QAction *compareHistory = nullptr;
    QAction *clearComparison = nullptr;
    QActionGroup *groupBy = nullptr; // data: core::GroupingKey::toString(), "none", "other"
    QMenu *groupMenu = nullptr;
    QActionGroup *meshes = nullptr; // data: the mesh name
    QActionGroup *faults = nullptr; // data: the index in FaultPresets::all()

    QComboBox *intervalCombo = nullptr; // data: seconds
    QComboBox *edgeLabelCombo = nullptr;
    QComboBox *hopsCombo = nullptr; // data: hops around unhealthy services
    QLineEdit *findField = nullptr;
    QShortcut *findEscape = nullptr; // Escape in the find field: cleared, back to the graph

private:
    void makeGroupActions();
    QAction *make(const QString &name, const QString &text, const QKeySequence &key,
                  bool checkable = false);

    QWidget *m_window = nullptr;
    QMenu *m_viewMenu = nullptr;
};

} // namespace meshscope::app
