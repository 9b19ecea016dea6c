#pragma once

// Runs a guided chaos experiment in the window, against the live session (docs/experiments.md
// "In the window"). On the demo mesh the fault goes through a DemoExecutor on the window's own
// DemoSource and the runner reads the window's own refreshes: one refresh = one runner step,
// taken on the GUI thread when the snapshot arrives (demo executor calls only queue a change for
// the simulator, so nothing here blocks). Before the run the predicted blast radius is drawn on
// the graph, during it the targets; the "Experiment" dock (ExperimentMonitor) charts the drift;
// at the end the HTML report and the journal go to <journal folder>/<run id>/.
//
// On a Prometheus-backed session with a kubeconfig context (setClusterContext), the run goes to
// the cluster instead: ChaosClusterFlow runs it on its own thread with a KubeExecutor and its own
// PrometheusObserver, and this flow shows the copies of the run it reports (chaosflowcluster.cpp).
//
// Also: Halt all (pause and delete every CR carrying Meshscope's label, with or without a run)
// and, on start, the check for what a crashed run left behind (demo state and the context).

#include "app/chaosclusterflow.h"
#include "app/errorsink.h"
#include "chaos/experiment/experimenttypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

class QAction;
class QMainWindow;
class QMenuBar;
class QMessageBox;
class QToolBar;

namespace meshscope::core {
class DemoSource;
class LiveSession;
struct RefreshResult;
} // namespace meshscope::core
namespace meshscope::chaos {
class DemoExecutor;
class ExperimentRunner;
class SessionObserver;
} // namespace meshscope::chaos
namespace meshscope::widgets {
class BlastRadiusOverlay;
class ExperimentMonitor;
class TopologyScene;
} // namespace meshscope::widgets

namespace meshscope::app {

class ChaosFlow : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString journalFolder; // empty = chaos::ExperimentJournal::defaultFolder()
    };

    ChaosFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
              ErrorSink showError, Options options = {});
    ~ChaosFlow() override;

    // The "Chaos" menu (found by its object name "chaosMenu", else made before Help) and a
    // toolbar with Halt all.
    void buildMenu(QMenuBar *bar);
    void buildToolBar(QToolBar *bar);

    widgets::ExperimentMonitor *monitor() const { return m_monitor; }
    widgets::BlastRadiusOverlay *overlay() const { return m_overlay; }
    // The demo run's runner (null for a cluster run: its runner lives on its own thread).
    const chaos::ExperimentRunner *runner() const { return m_runner; }
    // The run going or last finished, demo or cluster (null before one).
    const chaos::ExperimentRun *currentRun() const;
    bool isRunning() const;
    // The cluster the window's experiments act on when the session reads a Prometheus.
    void setClusterContext(const ClusterContext &context);
    ChaosClusterFlow *cluster() const { return m_cluster; }
    QString journalFolder() const { return m_journalFolder; }
    // The last finished run's report.html (empty before one).
    QString lastReport() const { return m_lastReport; }

    QAction *runFileAction = nullptr;
    QAction *haltAllAction = nullptr;

public Q_SLOTS:
    // Starts `experiment` on the session's source; says why not when it cannot (no demo mesh,
    // a run already going). chaosui's panel emits runRequested(Experiment) into this.
    void start(const meshscope::chaos::Experiment &experiment);
    // Loads a `kind: Experiment` file and starts it; a parse error is shown with its line.
    bool runFile(const QString &path);
    void chooseAndRunFile();
    // Confirms nothing: the run (if any) ends Aborted, every managed CR is paused and deleted.
    void haltAll();
    // Unfinished journals and managed CRs left by a crash: a non-modal box offering a clean-up.
    void checkLeftovers();

Q_SIGNALS:
    void runStarted();
    void runFinished(const QString &reportPath);
    void leftoversFound(int journals, int faults);

private:
    void onSnapshot(const core::RefreshResult &snapshot);
    void onPhaseChanged(const chaos::ExperimentRun &run);
    void onFinished(const chaos::ExperimentRun &run);
    void beginRun(const chaos::Experiment &experiment, const core::RefreshResult &last,
                  bool onCluster);
    // chaosflowcluster.cpp
    void setupCluster();
    bool startOnCluster(const chaos::Experiment &experiment);
    void showLeftovers(const chaos::CrashLeftovers &left, bool onCluster);
    void status(const QString &text);
    std::shared_ptr<chaos::DemoExecutor> executor();

    QMainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    ErrorSink m_showError;
    QString m_journalFolder;
    widgets::ExperimentMonitor *m_monitor = nullptr;
    widgets::BlastRadiusOverlay *m_overlay = nullptr;
    // One executor per demo source: it owns the state file, two would overwrite each other.
    std::shared_ptr<chaos::DemoExecutor> m_executor;
    std::weak_ptr<core::DemoSource> m_executorSource;
    std::shared_ptr<chaos::SessionObserver> m_observer;
    chaos::ExperimentRunner *m_runner = nullptr;
    QStringList m_targets;
    QString m_lastReport;
    QPointer<QMessageBox> m_leftoversBox;
    QPointer<QMessageBox> m_clusterLeftoversBox;
    ChaosClusterFlow *m_cluster = nullptr;
    bool m_onCluster = false; // the current or last run went to the cluster
};

} // namespace meshscope::app
