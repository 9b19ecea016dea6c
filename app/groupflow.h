#pragma once

// Groups and focus on the graph: puts each snapshot on the scene through the GroupPresenter,
// drives the group actions (collapse, expand, group by), and narrows the view (find text, only
// unhealthy, N hops around the selection). Wiring only; lives on the GUI thread, parented to
// the window.

#include "core/layout/layouttypes.h"

#include <QObject>
#include <QString>

class QMainWindow;

namespace meshscope::core {
class LiveSession;
struct RefreshResult;
} // namespace meshscope::core
namespace meshscope::widgets {
class GroupPresenter;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

class MainActions;

class GroupFlow : public QObject
{
    Q_OBJECT
public:
    GroupFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
              widgets::TopologyView *view, MainActions *actions);

    widgets::GroupPresenter *presenter() const { return m_presenter; }
    // "namespace", "label:<name>" or "none"; an unknown label name is taken as given.
    void setGroupBy(const QString &groupBy);
    QString groupBy() const;
    void setThreshold(int services);

    void newSource();
    void showSnapshot(const core::RefreshResult &snapshot, const core::Positions &positions);
    // Every service's position, also those hidden in collapsed groups (the next layout's start).
    core::Positions positions() const;

    void updateFocus();
    void findNext();

private:
    void hint(const QString &message);
    QString selectedGroup() const;

    QMainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    widgets::TopologyView *m_view = nullptr;
    MainActions *m_actions = nullptr;
    widgets::GroupPresenter *m_presenter = nullptr;
};

} // namespace meshscope::app
