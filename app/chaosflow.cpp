#include "app/chaosflow.h"

#include "chaos/executor/demoexecutor.h"
#include "chaos/experiment/experimentjournal.h"
#include "chaos/experiment/experimentparser.h"
#include "chaos/experiment/experimentrunner.h"
#include "chaos/experiment/orphancleanup.h"
#include "chaos/experiment/sessionobserver.h"
#include "chaos/report/blastradius.h"
#include "chaos/report/experimentfigures.h"
#include "chaos/report/htmlreport.h"
#include "core/demo/demosource.h"
#include "core/session/livesession.h"
#include "widgets/blastradiusoverlay.h"
#include "widgets/experimentmonitor.h"
#include "widgets/topologyscene.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <functional>

namespace meshscope::app {

Q_DECLARE_LOGGING_CATEGORY(lcWindow) // mainwindow.cpp: one category for the app

namespace {
constexpr int kMessageMs = 8000;
const auto kFolderKey = QStringLiteral("chaos/experimentFolder");
} // namespace

ChaosFlow::ChaosFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
                     ErrorSink showError, Options options)
    : QObject(window), m_window(window), m_session(session), m_scene(scene),
      m_showError(std::move(showError)),
      m_journalFolder(options.journalFolder.isEmpty() ? chaos::ExperimentJournal::defaultFolder()
                                                      : options.journalFolder)
{
    m_monitor = new widgets::ExperimentMonitor(window);
    m_monitor->setObjectName(QStringLiteral("experimentMonitor"));
    m_overlay = new widgets::BlastRadiusOverlay(scene);
    scene->addItem(m_overlay);

    runFileAction = new QAction(tr("&Run Experiment File…"), this);
    runFileAction->setObjectName(QStringLiteral("runExperimentFileAction"));
    runFileAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    runFileAction->setToolTip(tr("Run a guided chaos experiment (kind: Experiment) on the graph"));
    haltAllAction = new QAction(tr("&Halt All Chaos"), this);
    haltAllAction->setObjectName(QStringLiteral("haltAllChaosAction"));
    haltAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    haltAllAction->setToolTip(
        tr("Pause and delete every fault Meshscope created, now (Ctrl+Shift+X)"));
    // Shortcuts work with the menu bar and the toolbar hidden too.
    window->addAction(runFileAction);
    window->addAction(haltAllAction);
    connect(runFileAction, &QAction::triggered, this, &ChaosFlow::chooseAndRunFile);
    connect(haltAllAction, &QAction::triggered, this, &ChaosFlow::haltAll);
    connect(m_monitor, &widgets::ExperimentMonitor::haltRequested, this, &ChaosFlow::haltAll);

    connect(session, &core::LiveSession::snapshotReady, this,
            [this](const core::RefreshResult &snapshot) { onSnapshot(snapshot); });
    connect(session, &core::LiveSession::sourceChanged, this, [this] {
        // The run measures the mesh it started on: another source ends it.
        const QString why = QStringLiteral("the window switched to another source");
        if (m_cluster->isRunning())
            m_cluster->haltAll(why);
        else if (isRunning())
            m_runner->haltAll(why);
        m_overlay->clear();
    });
    // The marks follow their services when a refresh, an expand or a drag moves them.
    connect(scene, &widgets::TopologyScene::snapshotApplied, m_overlay,
            &widgets::BlastRadiusOverlay::geometryChanged);
    connect(scene, &widgets::TopologyScene::nodeMoved, m_overlay,
            &widgets::BlastRadiusOverlay::geometryChanged);
    setupCluster();
}

ChaosFlow::~ChaosFlow() = default;

void ChaosFlow::buildMenu(QMenuBar *bar)
{
    auto *menu = bar->findChild<QMenu *>(QStringLiteral("chaosMenu"));
    if (!menu) {
        menu = new QMenu(tr("&Chaos"), bar);
        menu->setObjectName(QStringLiteral("chaosMenu"));
        const QList<QAction *> menus = bar->actions();
        // Before Help, the last menu by convention.
        if (menus.isEmpty())
            bar->addMenu(menu);
        else
            bar->insertMenu(menus.last(), menu);
    } else {
        menu->addSeparator();
    }
    menu->addActions({runFileAction, haltAllAction});
}

void ChaosFlow::buildToolBar(QToolBar *bar)
{
    bar->addAction(haltAllAction);
}

bool ChaosFlow::isRunning() const
{
    return (m_runner && !chaos::isFinal(m_runner->phase())) || m_cluster->isRunning();
}

const chaos::ExperimentRun *ChaosFlow::currentRun() const
{
    if (m_onCluster)
        return m_cluster->run().get();
    return m_runner ? &m_runner->run() : nullptr;
}

void ChaosFlow::status(const QString &text)
{
    qCInfo(lcWindow).noquote() << text;
    m_window->statusBar()->showMessage(text, kMessageMs);
}

namespace {
// The demo mesh's own clock: faults are scheduled and a run is timed in its time (a manual
// clock in tests), never in another.
std::function<qint64()> clockOf(const std::shared_ptr<core::DemoSource> &demo)
{
    return [w = std::weak_ptr<core::DemoSource>(demo)] {
        const auto d = w.lock();
        return d ? d->clockNowMs() : QDateTime::currentMSecsSinceEpoch();
    };
}
} // namespace

std::shared_ptr<chaos::DemoExecutor> ChaosFlow::executor()
{
    const auto demo = std::dynamic_pointer_cast<core::DemoSource>(m_session->source());
    if (!m_executor || m_executorSource.lock() != demo) {
        // Without a demo source it can still list and remove what an earlier process left.
        m_executor.reset(); // saved at every change: the next one reads the same state
        m_executor = std::make_shared<chaos::DemoExecutor>(
            demo, demo ? demo->spec().name : QStringLiteral("none"),
            QDir(m_journalFolder).filePath(QStringLiteral("demo-executor")), clockOf(demo));
        m_executorSource = demo;
    }
    return m_executor;
}

void ChaosFlow::start(const chaos::Experiment &experiment)
{
    const QString title = tr("Run experiment");
    if (isRunning()) {
        m_showError(title, tr("\"%1\" is still running; halt it (Ctrl+Shift+X) or wait for it "
                              "to finish before starting another.")
                               .arg(currentRun()->experiment.id));
        return;
    }
    const auto demo = std::dynamic_pointer_cast<core::DemoSource>(m_session->source());
    if (!demo) {
        if (!startOnCluster(experiment))
            m_showError(title,
                        tr("Experiments run in the window on the demo mesh (Demo Mesh menu), or "
                           "on a cluster when the window reads its Prometheus and knows a "
                           "kubeconfig context: give the connection profile a Kubernetes "
                           "context (File > Connections…) or start Meshscope with --context "
                           "NAME. Headless: 'meshscope experiment run FILE --context NAME "
                           "--prometheus URL --report DIR'."));
        return;
    }
    const core::RefreshResult *last = m_session->snapshot();
    if (!last) {
        m_showError(title, tr("There is no graph yet: wait for the first refresh."));
        return;
    }
    beginRun(experiment, *last, false);

    m_observer = std::make_shared<chaos::SessionObserver>(clockOf(demo));
    chaos::RunnerOptions options;
    options.journalFolder = m_journalFolder;
    m_runner = new chaos::ExperimentRunner(experiment, executor(), m_observer, options, this);
    connect(m_runner, &chaos::ExperimentRunner::phaseChanged, this,
            [this] { onPhaseChanged(m_runner->run()); });
    connect(m_runner, &chaos::ExperimentRunner::warningRaised, this,
            [this](const QString &text) { status(tr("Experiment: %1").arg(text)); });
    // Deferred: the report is written after the runner has finished its step.
    connect(m_runner, &chaos::ExperimentRunner::finished, this, [this] {
        QTimer::singleShot(0, this, [this] {
            if (m_runner)
                onFinished(m_runner->run());
        });
    });
    status(tr("Experiment %1: the baseline starts with the next refresh").arg(experiment.id));
    emit runStarted();
    m_session->refreshNow();
}

void ChaosFlow::onSnapshot(const core::RefreshResult &snapshot)
{
    // A cluster run reads its own refreshes on its own thread.
    if (!m_runner || !isRunning() || !snapshot.topology || !snapshot.scores)
        return;
    chaos::MeshObservation o;
    o.timestampMs = snapshot.topology->timestampMs() > 0 ? snapshot.topology->timestampMs()
                                                         : m_observer->nowMs();
    o.topology = snapshot.topology;
    o.scores = *snapshot.scores;
    m_observer->push(std::move(o));
    if (m_runner->phase() == chaos::ExperimentPhase::Draft)
        m_runner->start();
    else
        m_runner->step();
    // After the whole step: it reads what the executor says (a Schedule's rhythm) after the
    // refresh is recorded.
    m_monitor->showRun(m_runner->run());
}

void ChaosFlow::onPhaseChanged(const chaos::ExperimentRun &run)
{
    // The targets are ringed while the fault acts; the prediction stays until then.
    if (run.phase == chaos::ExperimentPhase::Observe)
        m_overlay->showTargets(m_targets);
    else if (run.phase == chaos::ExperimentPhase::Verify || chaos::isFinal(run.phase))
        m_overlay->showTargets({});
    m_monitor->showRun(run);
}

void ChaosFlow::onFinished(const chaos::ExperimentRun &run)
{
    m_overlay->clear();
    const QString folder = QDir(m_journalFolder).filePath(run.runId);
    const chaos::ExperimentFigures figures = chaos::ExperimentFigures::compute(run);
    const Result<QString> written = chaos::HtmlReport::write(run, folder);
    m_lastReport = written ? *written : QString();
    m_monitor->showResult(run, figures, m_lastReport, written ? QString() : written.error());
    if (written)
        status(tr("Experiment %1: hypothesis %2 — report in %3 (Open Report in the Experiment "
                  "dock)")
                   .arg(run.experiment.id, chaos::outcomeName(run.outcome), folder));
    else
        m_showError(tr("Experiment report"), written.error());
    emit runFinished(m_lastReport);
}

bool ChaosFlow::runFile(const QString &path)
{
    const Result<chaos::Experiment> experiment = chaos::ExperimentParser::parseFile(path);
    if (!experiment) {
        m_showError(tr("Run experiment"), experiment.error());
        return false;
    }
    QSettings().setValue(kFolderKey, QFileInfo(path).absolutePath());
    start(*experiment);
    return isRunning();
}

void ChaosFlow::chooseAndRunFile()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Run Experiment File"),
                                                      QSettings().value(kFolderKey).toString(),
                                                      tr("Experiment files (*.yaml *.yml)"));
    if (!path.isEmpty())
        runFile(path);
}

void ChaosFlow::haltAll()
{
    if (m_cluster->isRunning()) {
        // The run's thread halts between two refreshes and ends Aborted (report written).
        m_cluster->haltAll(QStringLiteral("halted from the window"));
        status(tr("Halt all: halting the experiment on %1…").arg(m_cluster->context().label()));
        return;
    }
    if (m_cluster->context().isSet()) // answered by haltDone, off the GUI thread
        m_cluster->haltAll(QString());
    if (isRunning()) {
        // The runner halts through the same executor and ends Aborted (report written).
        m_runner->haltAll(QStringLiteral("halted from the window"));
        status(tr("Halt all: the experiment was aborted and its faults removed"));
        return;
    }
    const Result<int> removed = chaos::OrphanCleanup::haltAll(*executor());
    if (!removed) {
        m_showError(tr("Halt all"), removed.error());
        return;
    }
    status(*removed == 0 ? tr("Halt all: no fault created by Meshscope is active")
                         : tr("Halt all: %n fault(s) paused and deleted", nullptr, *removed));
}

void ChaosFlow::checkLeftovers()
{
    if (m_cluster->context().isSet()) // answered by leftoversFound, off the GUI thread
        m_cluster->findLeftovers();
    showLeftovers(chaos::OrphanCleanup::find(*executor(), m_journalFolder), false);
}

void ChaosFlow::showLeftovers(const chaos::CrashLeftovers &left, bool onCluster)
{
    for (const QString &e : left.errors)
        qCWarning(lcWindow).noquote() << e;
    if (left.isEmpty())
        return;
    QStringList lines;
    for (const auto &j : left.journals)
        lines << tr("run %1 stopped in %2 (%3)").arg(j.runId, j.phase, j.executor);
    for (const chaos::AppliedChaos &a : left.managed)
        lines << tr("%1 %2/%3 still applied").arg(a.kind, a.ns, a.name);
    QPointer<QMessageBox> &box = onCluster ? m_clusterLeftoversBox : m_leftoversBox;
    delete box;
    box = new QMessageBox(
        QMessageBox::Warning, tr("Left by an earlier run"),
        onCluster ? tr("Faults created by Meshscope are still applied on %1. Clean them up?")
                        .arg(m_cluster->context().label())
                  : tr("An experiment did not finish last time. Clean up what it left behind?"),
        QMessageBox::NoButton, m_window);
    box->setObjectName(onCluster ? QStringLiteral("chaosClusterLeftoversBox")
                                 : QStringLiteral("chaosLeftoversBox"));
    box->setDetailedText(lines.join(QLatin1Char('\n')));
    box->setInformativeText(lines.mid(0, 4).join(QLatin1Char('\n')));
    QPushButton *clean = box->addButton(tr("Clean Up"), QMessageBox::AcceptRole);
    clean->setObjectName(onCluster ? QStringLiteral("chaosClusterCleanUpButton")
                                   : QStringLiteral("chaosCleanUpButton"));
    box->addButton(tr("Leave It"), QMessageBox::RejectRole);
    box->setAttribute(Qt::WA_DeleteOnClose);
    // Non-modal: the graph and a refresh go on while the user decides.
    box->setWindowModality(Qt::NonModal);
    connect(clean, &QPushButton::clicked, this, [this, left, onCluster] {
        if (onCluster) { // answered by cleaned, off the GUI thread
            m_cluster->clean(left);
            return;
        }
        const Result<void> cleaned = chaos::OrphanCleanup::clean(*executor(), left);
        if (!cleaned)
            m_showError(tr("Clean up"), cleaned.error());
        else
            status(
                tr("Cleaned up: %n unfinished run(s) closed", nullptr, int(left.journals.size())) +
                tr(", %n fault(s) removed", nullptr, int(left.managed.size())));
    });
    box->show();
    emit leftoversFound(int(left.journals.size()), int(left.managed.size()));
}

// What every run shows before its first step, on the demo mesh or a cluster: the targets, the
// predicted blast radius on the graph and in the Experiment dock.
void ChaosFlow::beginRun(const chaos::Experiment &experiment, const core::RefreshResult &last,
                         bool onCluster)
{
    delete m_runner; // the previous, finished run
    m_runner = nullptr;
    m_onCluster = onCluster;
    m_targets = QStringList{experiment.target};
    if (!experiment.peer.isEmpty())
        m_targets << experiment.peer;
    const QHash<QString, double> predicted = chaos::BlastRadius::predict(*last.topology, m_targets);
    m_overlay->showTargets({});
    m_overlay->showBlastRadius(predicted);
    m_monitor->begin(experiment, m_targets, predicted);
}

} // namespace meshscope::app
