#pragma once

#include "app/commandline.h"
#include "core/session/layoutmemory.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;

namespace meshscope::core {
class HealthSettingsWatcher;
class HistoryStore;
class LiveSession;
class ServicesTableModel;
class RefreshIntents;
class TelemetrySource;
struct RefreshResult;
} // namespace meshscope::core
namespace meshscope::widgets {
class DetailsPanel;
class TimelineBar;
class ServicesPanel;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

class ChaosFlow;
class ChaosPanelFlow;
class ConnectionFlow;
class DemoFaults;
class DiffFlow;
class ExportFlow;
class GroupFlow;
class MainActions;
class ReplayFlow;
class SessionStatus;
class TelemetryFlow;
class TraceFlow;

// The composition root: wires the live session to the scene, the view, the docks and the
// actions. Owns no logic of its own; what a user can do is driven through the session and the
// views (which is also how the tests drive it).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const CommandLine &command, QWidget *parent = nullptr);
    ~MainWindow() override;

    core::LiveSession *session() const { return m_session; }
    ReplayFlow *replay() const { return m_replay; }
    ConnectionFlow *connections() const { return m_connections; }
    void setDemoMesh(const QString &name);
    // Any telemetry source; the demo fault menu acts when it is a DemoSource.
    void setSource(std::shared_ptr<core::TelemetrySource> source);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setupViews();
    void setupActions();
    void setupDocks();
    void setupSession();
    void setupChaos(); // experiments: the Chaos menu, Halt all, the Experiment dock
    // The kubeconfig context experiments act on, kept with the source (app/mainwindowchaos.cpp).
    void setupClusterContext(const CommandLine &command);
    void setupHealthSettings(const QString &path);
    void restoreSettings(const CommandLine &command);
    void saveSettings() const;

    void onSnapshot(const core::RefreshResult &snapshot, const core::RefreshIntents &applied);
    // A live snapshot or a replayed moment, with the history its charts read.
    void showSnapshot(const core::RefreshResult &snapshot, const core::RefreshIntents &applied,
                      const core::HistoryStore *history);
    void setupReplay(); // app/mainwindowreplay.cpp
    void showError(const QString &title, const QString &message);
    void rememberLayout() const;
    QDockWidget *addDock(QWidget *content, const QString &title, const QString &name,
                         Qt::DockWidgetArea area);

    quint64 m_seed = 1;
    core::LayoutMemory m_layouts;
    core::LiveSession *m_session = nullptr;
    core::HealthSettingsWatcher *m_healthWatcher = nullptr;
    MainActions *m_actions = nullptr;
    ExportFlow *m_export = nullptr;
    GroupFlow *m_groups = nullptr;
    DiffFlow *m_diff = nullptr;
    DemoFaults *m_faults = nullptr;
    ChaosFlow *m_chaos = nullptr;
    ChaosPanelFlow *m_chaosPanel = nullptr; // the Chaos dock (authoring)
    ConnectionFlow *m_connections = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    widgets::TopologyView *m_view = nullptr;
    widgets::DetailsPanel *m_details = nullptr;
    QDockWidget *m_detailsDock = nullptr;
    core::ServicesTableModel *m_servicesModel = nullptr;
    widgets::ServicesPanel *m_services = nullptr;
    SessionStatus *m_status = nullptr;
    widgets::TimelineBar *m_timeline = nullptr;
    ReplayFlow *m_replay = nullptr;
    TelemetryFlow *m_telemetry = nullptr;
    TraceFlow *m_traces = nullptr;
};

} // namespace meshscope::app
