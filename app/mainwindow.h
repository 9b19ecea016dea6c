#pragma once

#include "app/commandline.h"
#include "core/demo/demosource.h"
#include "core/history/historystore.h"
#include "core/layout/layoutfile.h"
#include "core/session/refreshpipeline.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;

namespace meshscope::core {
class HealthSettingsWatcher;
class ServicesTableModel;
} // namespace meshscope::core
namespace meshscope::widgets {
class DetailsPanel;
class ServicesPanel;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

// The composition root: wires the pipeline, the scene, the view and the panels together.
// Owns no logic of its own beyond that wiring and the user's intents.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const CommandLine &command, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and scripting.
    core::RefreshPipeline *pipeline() const { return m_pipeline; }
    widgets::TopologyScene *scene() const { return m_scene; }
    widgets::TopologyView *view() const { return m_view; }
    widgets::DetailsPanel *details() const { return m_details; }
    const core::HistoryStore &history() const { return m_history; }
    bool isStale() const { return m_stale; }
    QString statusText() const;
    void refreshNow();
    void setDemoMesh(const QString &name);
    // Any telemetry source (tests use failing ones); the demo fault menu needs a DemoSource.
    void setSource(std::shared_ptr<core::TelemetrySource> source);
    void setFindText(const QString &text);
    void setUnhealthyOnly(bool on);
    core::DemoSource *demoSource() const { return m_demo.get(); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setupActions();
    void setupMenus();
    void setupToolBar();
    void setupDocks();
    void setupServicesDock();
    void setupStatusBar();
    void setupPipeline();
    void setupHealthSettings(const QString &path);
    void restoreSettings();
    void saveSettings() const;

    void onRefreshed(const core::RefreshResult &result);
    void onRefreshFailed(const QString &message);
    void updateStatus();
    void updateFocus();
    void setInterval(double seconds);
    void setPaused(bool paused);
    void exportImage();
    void exportData();
    void saveLayout();
    void loadLayout();
    void injectFault(int kind);
    void showError(const QString &title, const QString &message);
    void rememberLayout() const;

    quint64 m_seed = 1;
    QString m_meshName;
    double m_intervalSeconds = 5.0;

    widgets::TopologyScene *m_scene = nullptr;
    widgets::TopologyView *m_view = nullptr;
    widgets::DetailsPanel *m_details = nullptr;
    QDockWidget *m_detailsDock = nullptr;
    core::ServicesTableModel *m_servicesModel = nullptr;
    widgets::ServicesPanel *m_services = nullptr;
    core::RefreshPipeline *m_pipeline = nullptr;
    core::HealthSettingsWatcher *m_healthWatcher = nullptr;
    std::shared_ptr<core::DemoSource> m_demo;
    core::HistoryStore m_history;
    QTimer m_timer;

    std::optional<core::RefreshResult> m_last;
    std::optional<core::SavedLayout> m_restoredLayout; // for the first refresh of a source
    core::NodeIdSet m_pinsToRestore;                   // applied once their nodes are on the scene
    bool m_stale = false;
    bool m_relayoutNext = false;
    bool m_fitNext = true;
    QString m_lastError;
    QDateTime m_lastRefresh;
    QDateTime m_staleSince;

    QLabel *m_sourceLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_refreshLabel = nullptr;
    QLabel *m_staleBanner = nullptr;
    QLineEdit *m_find = nullptr;
    QComboBox *m_intervalCombo = nullptr;
    QComboBox *m_edgeLabelCombo = nullptr;

    QAction *m_pauseAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_relayoutAction = nullptr;
    QAction *m_layeredAction = nullptr;
    QAction *m_unhealthyAction = nullptr;
    QAction *m_legendAction = nullptr;
    QAction *m_fitAction = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_exportImageAction = nullptr;
    QAction *m_exportDataAction = nullptr;
    QAction *m_saveLayoutAction = nullptr;
    QAction *m_loadLayoutAction = nullptr;
    QAction *m_unpinAllAction = nullptr;
    QActionGroup *m_meshGroup = nullptr;
};

} // namespace meshscope::app
