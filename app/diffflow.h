#pragma once

#include "app/errorsink.h"

#include <QObject>

class QMainWindow;

namespace meshscope::core {
class LiveSession;
class SnapshotDiff;
} // namespace meshscope::core
namespace meshscope::widgets {
class DiffOverlayItem;
class SnapshotDiffDialog;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

class GroupFlow;

// File › Compare: the graph shown now against a saved JSON snapshot or a moment of the history.
// The difference is drawn on the graph (DiffOverlayItem) and listed in a SnapshotDiffDialog;
// Clear Comparison removes both. A comparison is of the moment it was made: later refreshes move
// the marks with their services but do not recompute it.
class DiffFlow : public QObject
{
    Q_OBJECT
public:
    DiffFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
             widgets::TopologyView *view, GroupFlow *groups, ErrorSink showError);

    void compareWithFile();
    void compareWithHistory();
    // The same as the menu items without their dialogs (tests, scripts).
    bool compareWithFile(const QString &path);
    bool compareWithHistoryAt(qint64 momentMs);
    void clear();

    widgets::DiffOverlayItem *overlay() const { return m_overlay; }
    widgets::SnapshotDiffDialog *dialog() const { return m_dialog; }

private:
    void show(const core::SnapshotDiff &diff);

    QMainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    widgets::TopologyView *m_view = nullptr;
    GroupFlow *m_groups = nullptr;
    ErrorSink m_showError;
    widgets::DiffOverlayItem *m_overlay = nullptr;   // owned by the scene while shown
    widgets::SnapshotDiffDialog *m_dialog = nullptr; // a child of the window, reused
};

} // namespace meshscope::app
