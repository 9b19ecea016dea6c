#include "app/mainwindow.h"

#include "app/appsettings.h"
#include "app/chaosflow.h"
#include "app/chaospanelflow.h"
#include "app/connectionflow.h"
#include "app/demofaults.h"
#include "app/diffflow.h"
#include "app/exportflow.h"
#include "app/groupflow.h"
#include "app/mainactions.h"
#include "app/remotesource.h"
#include "app/replayflow.h"
#include "app/selectionsync.h"
#include "app/sessionstatus.h"
#include "app/telemetryflow.h"
#include "app/traceflow.h"
#include "core/demo/demosource.h"
#include "core/health/healthsettingswatcher.h"
#include "core/models/servicestablemodel.h"
#include "core/prometheus/prometheussource.h"
#include "core/session/livesession.h"
#include "widgets/blastradiusoverlay.h"
#include "widgets/chaospanel.h"
#include "widgets/detailspanel.h"
#include "widgets/experimentmonitor.h"
#include "widgets/grouppresenter.h"
#include "widgets/nodeitem.h"
#include "widgets/servicespanel.h"
#include "widgets/timelinebar.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace meshscope::app {

Q_LOGGING_CATEGORY(lcWindow, "meshscope.app.window")
constexpr int kHintMs = 4000; // ms a status-bar hint stays
static const auto kWallClock = [] { return QDateTime::currentMSecsSinceEpoch(); };

MainWindow::MainWindow(const CommandLine &command, QWidget *parent)
    : QMainWindow(parent), m_seed(command.seed), m_layouts(AppSettings::layoutMemoryFolder())
{
    setWindowIcon(QIcon(QStringLiteral(":/meshscope/meshscope.svg")));
    m_session = new core::LiveSession(this);
    m_session->setSeed(m_seed);
    setupViews();
    setupActions();
    setupDocks();
    setupHealthSettings(command.healthConfig);
    setupSession();
    setupChaos();
    setupClusterContext(command);
    restoreSettings(command);
}

MainWindow::~MainWindow() = default; // the session waits for its running refresh

void MainWindow::setupViews()
{
    m_scene = new widgets::TopologyScene(this);
    // The timeline bar (time range, replay slider) sits right under the graph it drives.
    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    m_view = new widgets::TopologyView(m_scene, central);
    m_timeline = new widgets::TimelineBar(central);
    column->addWidget(m_view, 1);
    column->addWidget(m_timeline);
    setCentralWidget(central);
}

void MainWindow::setupActions()
{
    m_actions = new MainActions(this);
    m_actions->buildMenus(menuBar());
    m_actions->buildToolBar(addToolBar(tr("Main")));
    m_actions->connectView(m_view, m_scene);
    const auto errors = [this](const QString &t, const QString &m) { showError(t, m); };
    m_export = new ExportFlow(this, m_session, m_scene, errors);
    m_faults = new DemoFaults(this, m_session, m_scene, errors);
    m_connections = new ConnectionFlow(this, m_session);
    const MainActions &a = *m_actions;
    connect(a.refresh, &QAction::triggered, m_session, &core::LiveSession::refreshNow);
    connect(a.pause, &QAction::toggled, m_session, &core::LiveSession::setPaused);
    connect(a.relayout, &QAction::triggered, m_session, &core::LiveSession::relayout);
    connect(a.layered, &QAction::toggled, this, [this](bool on) {
        m_session->setLayoutMode(on ? core::LayoutMode::Layered : core::LayoutMode::Force);
    });
    m_groups = new GroupFlow(this, m_session, m_scene, m_view, m_actions);
    m_diff = new DiffFlow(this, m_session, m_scene, m_view, m_groups, errors);
    connect(a.compareSnapshot, &QAction::triggered, m_diff,
            qOverload<>(&DiffFlow::compareWithFile));
    connect(a.compareHistory, &QAction::triggered, m_diff, &DiffFlow::compareWithHistory);
    connect(a.clearComparison, &QAction::triggered, m_diff, &DiffFlow::clear);
    connect(a.exportImage, &QAction::triggered, m_export, &ExportFlow::exportImage);
    connect(a.exportData, &QAction::triggered, m_export, &ExportFlow::exportData);
    connect(a.saveLayout, &QAction::triggered, m_export, &ExportFlow::saveLayout);
    connect(a.openLayout, &QAction::triggered, m_export, &ExportFlow::openLayout);
    connect(a.intervalCombo, &QComboBox::activated, this, [this](int index) {
        m_session->setIntervalSeconds(m_actions->intervalCombo->itemData(index).toDouble());
    });
    connect(a.meshes, &QActionGroup::triggered, this,
            [this](QAction *mesh) { setDemoMesh(mesh->data().toString()); });
    connect(a.faults, &QActionGroup::triggered, m_faults,
            [this](QAction *fault) { m_faults->inject(fault->data().toInt()); });
    connect(a.clearFaults, &QAction::triggered, m_faults, &DemoFaults::clearAll);
}

QDockWidget *MainWindow::addDock(QWidget *content, const QString &title, const QString &name,
                                 Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(content);
    addDockWidget(area, dock);
    m_actions->viewMenu()->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::setupDocks()
{
    m_details = new widgets::DetailsPanel(this);
    m_detailsDock =
        addDock(m_details, tr("Details"), QStringLiteral("detailsDock"), Qt::RightDockWidgetArea);
    m_detailsDock->setMinimumWidth(300);
    m_detailsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_servicesModel = new core::ServicesTableModel(this);
    m_services = new widgets::ServicesPanel(m_servicesModel, this);
    addDock(m_services, tr("Services"), QStringLiteral("servicesDock"), Qt::BottomDockWidgetArea)
        ->toggleViewAction()
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    // A service hidden in a collapsed group is shown before SelectionSync selects it.
    connect(m_services, &widgets::ServicesPanel::serviceActivated, m_groups->presenter(),
            &widgets::GroupPresenter::reveal);
    connect(m_details, &widgets::DetailsPanel::serviceActivated, m_groups->presenter(),
            &widgets::GroupPresenter::reveal);
    new SelectionSync(m_scene, m_view, m_details, m_services, this);
    m_chaosPanel =
        new ChaosPanelFlow(this, m_scene, m_view, m_actions->viewMenu(), m_detailsDock,
                           [this](const QString &t, const QString &m) { showError(t, m); });
}

void MainWindow::setupHealthSettings(const QString &path)
{
    QString file = path;
    if (file.isEmpty()) {
        const Result<QString> userFile = AppSettings::ensureHealthConfig();
        if (userFile)
            file = userFile.value();
        else
            qCWarning(lcWindow) << userFile.error();
    }
    m_healthWatcher = new core::HealthSettingsWatcher(file, this);
    if (!m_healthWatcher->lastError().isEmpty())
        showError(tr("Health settings"), m_healthWatcher->lastError());
    // Every view draws with the active settings' bands and follows a reload.
    m_scene->setHealthSettings(m_healthWatcher->current());
    m_details->setHealthSettings(m_healthWatcher->current());
    connect(m_healthWatcher, &core::HealthSettingsWatcher::settingsChanged, this,
            [this](const core::HealthSettings &s) {
                m_session->setHealthSettings(s);
                m_scene->setHealthSettings(s);
                m_details->setHealthSettings(s);
                statusBar()->showMessage(tr("Health settings reloaded"), kHintMs);
            });
    connect(m_healthWatcher, &core::HealthSettingsWatcher::loadFailed, this,
            [this](const QString &message) {
                statusBar()->showMessage(tr("Health settings not applied: %1").arg(message),
                                         4 * kHintMs);
            });
}

void MainWindow::setupSession()
{
    m_session->setViewState(
        {[this] { return m_groups->positions(); }, [this] { return m_scene->pinned(); }});
    m_status = new SessionStatus(this, m_view, m_session);
    connect(m_session, &core::LiveSession::snapshotReady, this, &MainWindow::onSnapshot);
    setupReplay();
    // After onSnapshot: badges go on the nodes the scene has just placed.
    m_telemetry =
        new TelemetryFlow(this, m_session, m_scene, m_view, m_details, m_actions->viewMenu());
    m_traces = new TraceFlow(this, m_session, m_scene, m_details);
    connect(m_session, &core::LiveSession::scheduleChanged, this, [this] {
        m_actions->pause->setChecked(m_session->isPaused());
        m_actions->selectInterval(m_session->intervalSeconds());
    });
}

void MainWindow::setupChaos()
{
    m_chaos = new ChaosFlow(this, m_session, m_scene,
                            [this](const QString &t, const QString &m) { showError(t, m); });
    m_chaos->buildMenu(menuBar());
    QToolBar *bar = addToolBar(tr("Chaos"));
    bar->setObjectName(QStringLiteral("chaosToolBar"));
    m_chaos->buildToolBar(bar);
    // A tab next to Details: the chart needs the window's height more than its width.
    QDockWidget *dock = addDock(m_chaos->monitor(), tr("Experiment"),
                                QStringLiteral("experimentDock"), Qt::RightDockWidgetArea);
    // Hidden until a run starts, and only then put in the Details tab group: a hidden member
    // added at start-up broke the group for the Chaos dock (it could no longer be raised).
    dock->hide();
    connect(m_chaos, &ChaosFlow::runStarted, dock, [this, dock] {
        if (!dock->isVisible() && tabifiedDockWidgets(m_detailsDock).indexOf(dock) < 0)
            tabifyDockWidget(m_detailsDock, dock);
        dock->show();
        dock->raise();
        resizeDocks({dock}, {std::max(dock->width(), 600)}, Qt::Horizontal);
    });
    // After the first paint: the question comes with the window, not before it.
    QTimer::singleShot(0, m_chaos, &ChaosFlow::checkLeftovers);
    // The Chaos dock authors, the Experiment dock runs and watches.
    if (widgets::ChaosPanel *panel = m_chaosPanel ? m_chaosPanel->panel() : nullptr) {
        connect(panel, &widgets::ChaosPanel::runRequested, m_chaos, &ChaosFlow::start);
        connect(panel, &widgets::ChaosPanel::blastRadiusChanged, m_chaos->overlay(),
                &widgets::BlastRadiusOverlay::showBlastRadius);
    }
}

void MainWindow::setDemoMesh(const QString &name)
{
    Result<std::shared_ptr<core::DemoSource>> source =
        core::DemoSource::create(name, m_seed, kWallClock);
    if (!source) {
        showError(tr("Demo mesh"), source.error());
        if (m_session->source())
            return; // the mesh shown stays
        source = core::DemoSource::create(QStringLiteral("shop"), m_seed, kWallClock);
    }
    m_actions->selectDemoMesh(source.value()->spec().name);
    setSource(source.value());
}

void MainWindow::setSource(std::shared_ptr<core::TelemetrySource> source)
{
    rememberLayout();
    m_scene->unpinAll(); // pins belong to the source they were made for (remembered just above)
    m_details->clear();
    m_servicesModel->clear();
    m_groups->newSource();
    m_diff->clear(); // a comparison belongs to the source it was made on
    // The arrangement the user left this source in comes back (positions and pins).
    Result<std::optional<core::SavedLayout>> remembered = m_layouts.recall(source->name());
    if (!remembered)
        qCWarning(lcWindow) << "ignoring the remembered layout:" << remembered.error();
    m_session->setSource(std::move(source), m_healthWatcher->current(),
                         remembered ? std::move(remembered).value() : std::nullopt);
}

void MainWindow::rememberLayout() const
{
    if (!m_session->snapshot())
        return;
    const Result<void> saved =
        m_layouts.remember({m_session->sourceName(), m_groups->positions(), m_scene->pinned()});
    if (!saved)
        qCWarning(lcWindow) << "could not remember the layout:" << saved.error();
}

void MainWindow::onSnapshot(const core::RefreshResult &snapshot,
                            const core::RefreshIntents &applied)
{
    if (!m_replay || !m_replay->isReplaying()) // a replayed moment stays until Live
        showSnapshot(snapshot, applied, &m_session->history());
}

void MainWindow::showSnapshot(const core::RefreshResult &snapshot,
                              const core::RefreshIntents &applied,
                              const core::HistoryStore *history)
{
    // A node dragged (pinned) while this refresh ran stays where the user put it. Only the
    // pins are looked up, and the positions copied only when there are any.
    core::Positions dragged;
    for (const core::NodeId &id : applied.restored() ? core::NodeIdSet{} : m_scene->pinned()) {
        if (const widgets::NodeItem *item = m_scene->nodeItem(id)) {
            if (dragged.isEmpty())
                dragged = *snapshot.positions;
            dragged.insert(id, item->pos());
        }
    }
    m_groups->showSnapshot(snapshot, dragged.isEmpty() ? *snapshot.positions : dragged);
    if (applied.restored())
        m_scene->setPinned(applied.restored()->pinned);
    m_details->setData(snapshot.topology, snapshot.scores, history, snapshot.facts);
    m_servicesModel->setSnapshot(snapshot.topology, *snapshot.scores, snapshot.facts.get());
    m_chaosPanel->showSnapshot(snapshot);
    if (applied.fitRequested())
        m_view->fitGraph();
}

void MainWindow::showError(const QString &title, const QString &message)
{
    qCWarning(lcWindow) << title << message;
    // Window-modal but not blocking: a refresh or a test keeps running while it is shown.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreSettings(const CommandLine &command)
{
    const WindowPreferences p = AppSettings::windowPreferences();
    restoreGeometry(p.geometry);
    if (!restoreState(p.state)) {
        resize(1400, 900);
        resizeDocks({m_detailsDock}, {340}, Qt::Horizontal);
    }
    m_session->setIntervalSeconds(command.intervalSeconds > 0 ? command.intervalSeconds
                                                              : p.intervalSeconds);
    m_actions->edgeLabelCombo->setCurrentIndex(
        std::max(0, m_actions->edgeLabelCombo->findData(p.edgeLabels)));
    m_actions->legend->setChecked(p.legend);
    m_view->setLegendVisible(p.legend);
    m_actions->layered->setChecked(p.layered); // sets the session's layout mode
    m_groups->setThreshold(p.groupThreshold);
    m_groups->setGroupBy(p.groupBy);
    if (command.usesPrometheus() || !command.jaeger.isEmpty()) {
        // Connection errors come later, from the first refresh, as the stale banner (or, for
        // Jaeger beside a mesh and Alertmanager, the backend banner).
        auto endpoints = remoteEndpoints(command, m_connections->vault());
        const bool insecure = endpoints && endpoints->insecure();
        auto source =
            endpoints ? remoteSource(std::move(endpoints).value())
                      : Result<std::shared_ptr<core::TelemetrySource>>(Error{endpoints.error()});
        if (source) {
            m_connections->markConnected(command.connection, source.value()->name(), insecure);
            setSource(source.value());
            return;
        }
        showError(command.usesPrometheus() ? tr("Prometheus") : tr("Jaeger"),
                  source.error()); // the demo mesh is shown instead
    } else if (!command.demoGiven && m_connections->reopenLast()) {
        return;
    }
    setDemoMesh(command.demoGiven ? command.demo : p.demoMesh);
}

void MainWindow::saveSettings() const
{
    WindowPreferences p = AppSettings::windowPreferences();
    p.geometry = saveGeometry();
    p.state = saveState();
    p.intervalSeconds = m_session->intervalSeconds();
    p.edgeLabels = m_actions->edgeLabelCombo->currentData().toInt();
    p.legend = m_actions->legend->isChecked();
    p.layered = m_actions->layered->isChecked();
    p.groupBy = m_groups->groupBy();
    const QString source = m_session->sourceName();
    if (source.startsWith(QLatin1String("demo:")))
        p.demoMesh = source.section(QLatin1Char(':'), 1);
    AppSettings::setWindowPreferences(p);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    rememberLayout();
    QMainWindow::closeEvent(event);
}

} // namespace meshscope::app
