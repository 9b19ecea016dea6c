#include "app/mainwindow.h"

#include "app/appsettings.h"
#include "core/health/healthsettingswatcher.h"
#include "core/io/snapshotio.h"
#include "core/layout/layoutfile.h"
#include "core/topology/graphanalytics.h"
#include "widgets/detailspanel.h"
#include "widgets/nodeitem.h"
#include "widgets/sceneexporter.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QToolBar>

namespace meshscope::app {

Q_LOGGING_CATEGORY(lcWindow, "meshscope.app.window")

namespace {

const QStringList kDemoMeshes{QStringLiteral("shop"), QStringLiteral("tickets"),
                              QStringLiteral("generated:1000"), QStringLiteral("generated:5000")};
const QList<double> kIntervals{1, 2, 5, 10, 30, 60};

enum FaultChoice
{
    FaultLatency,
    FaultKill,
    FaultDns,
    FaultLoss
};

} // namespace

MainWindow::MainWindow(const CommandLine &command, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Meshscope"));
    setWindowIcon(QIcon(QStringLiteral(":/meshscope/meshscope.svg")));
    m_seed = command.seed;

    m_scene = new widgets::TopologyScene(this);
    m_view = new widgets::TopologyView(m_scene, this);
    setCentralWidget(m_view);
    m_staleBanner = new QLabel(m_view);
    m_staleBanner->setObjectName(QStringLiteral("staleBanner"));
    m_staleBanner->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4e5; color: #7a2e00; border: 1px solid #e8a33d; "
                       "border-radius: 4px; padding: 4px 8px; }"));
    m_staleBanner->hide();

    setupActions();
    setupMenus();
    setupToolBar();
    setupDocks();
    setupStatusBar();
    setupHealthSettings(command.healthConfig);
    setupPipeline();
    restoreSettings();

    if (command.intervalSeconds > 0)
        setInterval(command.intervalSeconds);
    QSettings settings;
    const QString mesh =
        command.demoGiven
            ? command.demo
            : settings.value(QStringLiteral("source/demo"), QStringLiteral("shop")).toString();
    setDemoMesh(mesh);
}

MainWindow::~MainWindow()
{
    m_timer.stop();
    m_pipeline->waitForIdle();
}

void MainWindow::setupActions()
{
    auto make = [this](const QString &text, const QKeySequence &key, auto slot) {
        auto *action = new QAction(text, this);
        if (!key.isEmpty())
            action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_refreshAction = make(tr("&Refresh Now"), QKeySequence::Refresh, [this] { refreshNow(); });
    m_pauseAction = make(tr("&Pause Live Refresh"), QKeySequence(Qt::CTRL | Qt::Key_Space),
                         [this](bool on) { setPaused(on); });
    m_pauseAction->setCheckable(true);
    m_relayoutAction = make(tr("Re-&layout"), QKeySequence(Qt::CTRL | Qt::Key_L), [this] {
        m_relayoutNext = true;
        refreshNow();
    });
    m_layeredAction = make(tr("La&yered Layout (by call depth)"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] {
                               m_relayoutNext = true;
                               refreshNow();
                           });
    m_layeredAction->setCheckable(true);
    m_unhealthyAction = make(tr("Only &Unhealthy (+1 hop)"), QKeySequence(Qt::CTRL | Qt::Key_U),
                             [this](bool on) { setUnhealthyOnly(on); });
    m_unhealthyAction->setCheckable(true);
    m_legendAction =
        make(tr("Show &Legend"), QKeySequence(), [this](bool on) { m_view->setLegendVisible(on); });
    m_legendAction->setCheckable(true);
    m_legendAction->setChecked(true);
    m_fitAction =
        make(tr("&Fit Graph"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_view->fitGraph(); });
    m_zoomInAction = make(tr("Zoom &In"), QKeySequence::ZoomIn, [this] { m_view->zoomIn(); });
    m_zoomOutAction = make(tr("Zoom &Out"), QKeySequence::ZoomOut, [this] { m_view->zoomOut(); });
    m_exportImageAction =
        make(tr("Export &Image…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportImage(); });
    m_exportDataAction = make(tr("Export &Data…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                              [this] { exportData(); });
    m_saveLayoutAction = make(tr("&Save Layout…"), QKeySequence::Save, [this] { saveLayout(); });
    m_loadLayoutAction = make(tr("&Open Layout…"), QKeySequence::Open, [this] { loadLayout(); });
    m_unpinAllAction =
        make(tr("Unpin &All Nodes"), QKeySequence(), [this] { m_scene->unpinAll(); });
}

void MainWindow::setupMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_exportImageAction);
    file->addAction(m_exportDataAction);
    file->addSeparator();
    file->addAction(m_saveLayoutAction);
    file->addAction(m_loadLayoutAction);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_zoomInAction);
    view->addAction(m_zoomOutAction);
    view->addAction(m_fitAction);
    view->addSeparator();
    QAction *find = view->addAction(tr("&Find Service…"), this, [this] {
        m_find->setFocus();
        m_find->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    view->addAction(m_unhealthyAction);
    view->addSeparator();
    view->addAction(m_relayoutAction);
    view->addAction(m_layeredAction);
    view->addAction(m_unpinAllAction);
    view->addSeparator();
    view->addAction(m_legendAction);

    QMenu *live = menuBar()->addMenu(tr("&Live"));
    live->addAction(m_refreshAction);
    live->addAction(m_pauseAction);

    QMenu *mesh = menuBar()->addMenu(tr("&Demo Mesh"));
    m_meshGroup = new QActionGroup(this);
    for (const QString &name : kDemoMeshes) {
        QAction *a = mesh->addAction(name, this, [this, name] { setDemoMesh(name); });
        a->setCheckable(true);
        a->setData(name);
        m_meshGroup->addAction(a);
    }
    mesh->addSeparator();
    QMenu *faults = mesh->addMenu(tr("Inject &Fault into Selection"));
    faults->addAction(tr("Latency +400 ms ± 100 ms for 3 min"), this,
                      [this] { injectFault(FaultLatency); });
    faults->addAction(tr("Packet Loss 30 % for 3 min"), this, [this] { injectFault(FaultLoss); });
    faults->addAction(tr("Kill Replicas (all but one) for 3 min"), this,
                      [this] { injectFault(FaultKill); });
    faults->addAction(tr("DNS Failure for 3 min"), this, [this] { injectFault(FaultDns); });
    mesh->addAction(tr("&Clear All Faults"), this, [this] {
        if (m_demo)
            m_demo->clearAllFaults();
        refreshNow();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Meshscope"), this, [this] {
        QMessageBox::about(
            this, tr("About Meshscope"),
            tr("<b>Meshscope %1</b><p>Service-mesh health workbench: a live dependency graph "
               "coloured by a health score (connectivity, stability, protocol).</p>"
               "<p>Health settings: %2</p>")
                .arg(QApplication::applicationVersion(), AppSettings::defaultHealthConfigPath()));
    });
}

void MainWindow::setupToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->addAction(m_refreshAction);
    bar->addAction(m_pauseAction);
    m_intervalCombo = new QComboBox(bar);
    m_intervalCombo->setObjectName(QStringLiteral("intervalCombo"));
    m_intervalCombo->setToolTip(tr("Refresh interval"));
    for (double s : kIntervals)
        m_intervalCombo->addItem(tr("every %1 s").arg(s), s);
    connect(m_intervalCombo, &QComboBox::activated, this,
            [this](int index) { setInterval(m_intervalCombo->itemData(index).toDouble()); });
    bar->addWidget(m_intervalCombo);
    bar->addSeparator();
    bar->addAction(m_fitAction);
    bar->addAction(m_relayoutAction);
    bar->addAction(m_layeredAction);
    bar->addSeparator();
    m_edgeLabelCombo = new QComboBox(bar);
    m_edgeLabelCombo->setObjectName(QStringLiteral("edgeLabelCombo"));
    m_edgeLabelCombo->setToolTip(tr("Edge labels"));
    m_edgeLabelCombo->addItem(tr("No edge labels"), int(widgets::EdgeLabelMode::None));
    m_edgeLabelCombo->addItem(tr("Requests/s"), int(widgets::EdgeLabelMode::RequestRate));
    m_edgeLabelCombo->addItem(tr("Error %"), int(widgets::EdgeLabelMode::ErrorPercent));
    m_edgeLabelCombo->addItem(tr("p95 latency"), int(widgets::EdgeLabelMode::P95));
    connect(m_edgeLabelCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_scene->setEdgeLabelMode(
            widgets::EdgeLabelMode(m_edgeLabelCombo->itemData(index).toInt()));
    });
    bar->addWidget(m_edgeLabelCombo);
    bar->addSeparator();
    m_find = new QLineEdit(bar);
    m_find->setObjectName(QStringLiteral("findField"));
    m_find->setPlaceholderText(tr("Find service (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(260);
    connect(m_find, &QLineEdit::textChanged, this, [this] { updateFocus(); });
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        // Enter: select and centre the first match.
        if (!m_last)
            return;
        const QString text = m_find->text().trimmed();
        for (const core::TopologyNode &node : m_last->topology->nodes()) {
            if (!text.isEmpty() && node.name.contains(text, Qt::CaseInsensitive)) {
                m_scene->selectNode(node.id); // emits nodeSelected: the details panel follows
                m_view->centerOnNode(node.id);
                return;
            }
        }
        statusBar()->showMessage(tr("No service matches “%1”").arg(text), 4000);
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_find);
    escape->setContext(Qt::WidgetShortcut);
    connect(escape, &QShortcut::activated, m_find, &QLineEdit::clear);
    bar->addWidget(m_find);
    bar->addAction(m_unhealthyAction);
}

void MainWindow::setupDocks()
{
    m_details = new widgets::DetailsPanel(this);
    m_detailsDock = new QDockWidget(tr("Details"), this);
    m_detailsDock->setObjectName(QStringLiteral("detailsDock"));
    m_detailsDock->setWidget(m_details);
    m_detailsDock->setMinimumWidth(380);
    addDockWidget(Qt::RightDockWidgetArea, m_detailsDock);
    QAction *toggle = m_detailsDock->toggleViewAction();
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    menuBar()->actions().at(1)->menu()->addAction(toggle);

    connect(m_scene, &widgets::TopologyScene::nodeSelected, m_details,
            &widgets::DetailsPanel::showNode);
    connect(m_scene, &widgets::TopologyScene::edgeSelected, m_details,
            &widgets::DetailsPanel::showEdge);
    connect(m_scene, &widgets::TopologyScene::selectionCleared, m_details,
            &widgets::DetailsPanel::clear);
    connect(m_details, &widgets::DetailsPanel::serviceActivated, this,
            [this](const core::NodeId &id) {
                m_scene->selectNode(id);
                m_view->centerOnNode(id);
            });
}

void MainWindow::setupStatusBar()
{
    m_sourceLabel = new QLabel(this);
    m_countsLabel = new QLabel(this);
    m_refreshLabel = new QLabel(this);
    m_refreshLabel->setObjectName(QStringLiteral("refreshLabel"));
    statusBar()->addWidget(m_sourceLabel);
    statusBar()->addWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_refreshLabel);
}

void MainWindow::setupHealthSettings(const QString &path)
{
    QString file = path;
    if (file.isEmpty()) {
        Result<QString> userFile = AppSettings::ensureHealthConfig();
        if (userFile)
            file = userFile.value();
        else
            qCWarning(lcWindow) << userFile.error();
    }
    m_healthWatcher = new core::HealthSettingsWatcher(file, this);
    if (!m_healthWatcher->lastError().isEmpty())
        showError(tr("Health settings"), m_healthWatcher->lastError());
    connect(m_healthWatcher, &core::HealthSettingsWatcher::settingsChanged, this,
            [this](const core::HealthSettings &s) {
                m_pipeline->setHealthSettings(s);
                statusBar()->showMessage(tr("Health settings reloaded"), 4000);
                refreshNow();
            });
    connect(m_healthWatcher, &core::HealthSettingsWatcher::loadFailed, this,
            [this](const QString &message) {
                statusBar()->showMessage(tr("Health settings not applied: %1").arg(message), 15000);
            });
}

void MainWindow::setupPipeline()
{
    m_pipeline = new core::RefreshPipeline(this);
    connect(m_pipeline, &core::RefreshPipeline::refreshed, this, &MainWindow::onRefreshed);
    connect(m_pipeline, &core::RefreshPipeline::refreshFailed, this, &MainWindow::onRefreshFailed);
    connect(&m_timer, &QTimer::timeout, this, &MainWindow::refreshNow);
}

void MainWindow::setDemoMesh(const QString &name)
{
    Result<std::shared_ptr<core::DemoSource>> source =
        core::DemoSource::create(name, m_seed, [] { return QDateTime::currentMSecsSinceEpoch(); });
    if (!source) {
        showError(tr("Demo mesh"), source.error());
        if (m_demo)
            return;
        source = core::DemoSource::create(QStringLiteral("shop"), m_seed,
                                          [] { return QDateTime::currentMSecsSinceEpoch(); });
    }
    m_meshName = source.value()->spec().name;
    for (QAction *a : m_meshGroup->actions())
        a->setChecked(a->data().toString() == m_meshName);
    setSource(source.value());
}

void MainWindow::setSource(std::shared_ptr<core::TelemetrySource> source)
{
    rememberLayout();
    m_scene->unpinAll(); // pins belong to the source they were made for (remembered just above)
    m_demo = std::dynamic_pointer_cast<core::DemoSource>(source);
    m_history.clear();
    m_last.reset();
    m_details->clear();
    m_fitNext = true;
    m_relayoutNext = true;
    m_stale = false;
    m_pipeline->setSource(std::move(source), m_healthWatcher->current());
    m_sourceLabel->setText(m_pipeline->sourceName());
    setWindowTitle(tr("%1 — Meshscope").arg(m_pipeline->sourceName()));
    // The arrangement the user left this source in comes back (positions and pins).
    m_restoredLayout.reset();
    const QString remembered = AppSettings::rememberedLayoutPath(m_pipeline->sourceName());
    if (QFileInfo::exists(remembered)) {
        Result<core::SavedLayout> layout = core::LayoutFile::load(remembered);
        if (layout)
            m_restoredLayout = std::move(layout).value();
        else
            qCWarning(lcWindow) << "ignoring the remembered layout:" << layout.error();
    }
    refreshNow();
}

void MainWindow::rememberLayout() const
{
    if (!m_last)
        return;
    const QString path = AppSettings::rememberedLayoutPath(m_pipeline->sourceName());
    QDir().mkpath(QFileInfo(path).absolutePath());
    const Result<void> saved = core::LayoutFile::save(
        {m_pipeline->sourceName(), m_scene->positions(), m_scene->pinned()}, path);
    if (!saved)
        qCWarning(lcWindow) << "could not remember the layout:" << saved.error();
}

void MainWindow::refreshNow()
{
    core::RefreshRequest request;
    if (!m_relayoutNext || m_layeredAction->isChecked())
        request.previous = m_scene->positions();
    request.pinned = m_scene->pinned();
    request.mode =
        m_layeredAction->isChecked() ? core::LayoutMode::Layered : core::LayoutMode::Force;
    request.fromScratch = m_relayoutNext;
    request.seed = m_seed;
    if (m_restoredLayout && request.mode == core::LayoutMode::Force) {
        request.previous = m_restoredLayout->positions;
        request.pinned = m_restoredLayout->pinned;
        request.fromScratch = false;
        m_pinsToRestore = m_restoredLayout->pinned;
    }
    m_restoredLayout.reset();
    m_relayoutNext = false;
    m_pipeline->requestRefresh(request);
    if (!m_pauseAction->isChecked())
        m_timer.start(int(m_intervalSeconds * 1000));
}

void MainWindow::onRefreshed(const core::RefreshResult &result)
{
    core::RefreshResult r = result;
    // A node pinned (dragged) while this refresh ran stays where the user put it. Only the pins
    // are looked up: collecting every position would cost a 5,000-entry hash per refresh.
    core::Positions positions = *r.positions;
    for (const core::NodeId &id : m_scene->pinned()) {
        if (const widgets::NodeItem *item = m_scene->nodeItem(id))
            positions.insert(id, item->pos());
    }
    if (r.backfill && m_history.pointCount() == 0)
        m_history = r.backfill->copy();
    r.backfill.reset();
    m_history.append(*r.topology, *r.scores);
    m_scene->setSnapshot(r.topology, r.scores, positions);
    if (!m_pinsToRestore.isEmpty()) {
        m_scene->setPinned(m_pinsToRestore);
        m_pinsToRestore.clear();
    }
    m_last = std::move(r);
    m_details->setData(m_last->topology, m_last->scores, &m_history, m_last->facts);
    m_stale = false;
    m_lastError.clear();
    m_staleBanner->hide();
    m_lastRefresh = QDateTime::currentDateTime();
    if (m_fitNext) {
        m_view->fitGraph();
        m_fitNext = false;
    }
    updateFocus();
    updateStatus();
}

void MainWindow::onRefreshFailed(const QString &message)
{
    // Keep the last good graph; say it is stale and why.
    if (!m_stale)
        m_staleSince = QDateTime::currentDateTime();
    m_stale = true;
    m_lastError = message;
    m_staleBanner->setText(
        tr("Stale since %1 — %2").arg(m_staleSince.toString(QStringLiteral("HH:mm:ss")), message));
    m_staleBanner->adjustSize();
    m_staleBanner->move((m_view->width() - m_staleBanner->width()) / 2, 8);
    m_staleBanner->show();
    m_staleBanner->raise();
    updateStatus();
}

QString MainWindow::statusText() const
{
    return m_refreshLabel->text();
}

void MainWindow::updateStatus()
{
    if (m_last) {
        const core::Topology &t = *m_last->topology;
        int unhealthy = 0;
        for (const core::HealthVerdict &v : m_last->scores->nodes)
            unhealthy +=
                v.band == core::HealthBand::Degraded || v.band == core::HealthBand::Failing;
        m_countsLabel->setText(tr("%1 services · %2 calls · %3 unhealthy")
                                   .arg(t.nodeCount())
                                   .arg(t.edgeCount())
                                   .arg(unhealthy));
    }
    const double ms = m_last ? m_last->timings.totalMs : 0.0;
    QString text = m_lastRefresh.isValid()
                       ? tr("Last refresh %1 (%2 ms)")
                             .arg(m_lastRefresh.toString(QStringLiteral("HH:mm:ss")))
                             .arg(ms, 0, 'f', ms < 10.0 ? 1 : 0)
                       : tr("Waiting for the first refresh…");
    if (m_pauseAction->isChecked())
        text += tr(" · paused");
    if (m_stale)
        text = tr("STALE: %1 · %2").arg(m_lastError, text);
    m_refreshLabel->setText(text);
    m_refreshLabel->setStyleSheet(m_stale ? QStringLiteral("color: #b00020; font-weight: bold;")
                                          : QString());
}

void MainWindow::setFindText(const QString &text)
{
    m_find->setText(text);
}

void MainWindow::setUnhealthyOnly(bool on)
{
    if (m_unhealthyAction->isChecked() != on)
        m_unhealthyAction->setChecked(on);
    updateFocus();
}

void MainWindow::updateFocus()
{
    core::NodeIdSet focus;
    if (m_last) {
        const core::Topology &t = *m_last->topology;
        const QString text = m_find->text().trimmed();
        std::vector<int> seeds;
        if (m_unhealthyAction->isChecked()) {
            for (int i = 0; i < t.nodeCount(); ++i) {
                const core::HealthBand band = m_last->scores->nodes[size_t(i)].band;
                if (band == core::HealthBand::Degraded || band == core::HealthBand::Failing)
                    seeds.push_back(i);
            }
            for (int i : core::GraphAnalytics::neighbourhood(t, seeds, 1))
                focus.insert(t.nodes()[size_t(i)].id);
            if (focus.isEmpty() && text.isEmpty())
                statusBar()->showMessage(tr("Nothing is unhealthy right now"), 4000);
        }
        if (!text.isEmpty()) {
            core::NodeIdSet matches;
            for (const core::TopologyNode &node : t.nodes()) {
                if (node.name.contains(text, Qt::CaseInsensitive))
                    matches.insert(node.id);
            }
            focus = m_unhealthyAction->isChecked() ? focus.intersect(matches) : matches;
            if (focus.isEmpty()) // dim everything rather than nothing: the user sees there is no
                                 // match
                focus.insert(core::NodeId::fromKey(QStringLiteral("\x01none")));
        }
    }
    m_scene->setFocusSet(focus);
}

void MainWindow::setInterval(double seconds)
{
    m_intervalSeconds = seconds;
    const int index = m_intervalCombo->findData(seconds);
    if (index >= 0) {
        m_intervalCombo->setCurrentIndex(index);
    } else {
        m_intervalCombo->addItem(tr("every %1 s").arg(seconds), seconds);
        m_intervalCombo->setCurrentIndex(m_intervalCombo->count() - 1);
    }
    if (m_timer.isActive())
        m_timer.start(int(seconds * 1000));
}

void MainWindow::setPaused(bool paused)
{
    if (m_pauseAction->isChecked() != paused)
        m_pauseAction->setChecked(paused);
    if (paused)
        m_timer.stop();
    else
        refreshNow();
    updateStatus();
}

void MainWindow::exportImage()
{
    if (!m_last)
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir")).toString();
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Image"),
        dir + QStringLiteral("/%1.png").arg(m_meshName.section(QLatin1Char(':'), 0, 0)),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    widgets::ExportOptions options;
    options.title = tr("Meshscope — %1").arg(m_pipeline->sourceName());
    options.timestamp = QDateTime::fromMSecsSinceEpoch(m_last->topology->timestampMs());
    if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        bool ok = false;
        const double scale = QInputDialog::getDouble(
            this, tr("PNG Scale"), tr("Pixels per scene unit:"),
            settings.value(QStringLiteral("export/scale"), 2.0).toDouble(), 0.25, 8.0, 2, &ok);
        if (!ok)
            return;
        settings.setValue(QStringLiteral("export/scale"), scale);
        options.scale = scale;
    }
    // Rendering a scene must happen on the GUI thread; say what is going on while it blocks
    // (a few seconds at 5,000+ services).
    statusBar()->showMessage(
        tr("Exporting %1 services to %2…").arg(m_last->topology->nodeCount()).arg(path));
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    const Result<void> written = widgets::SceneExporter::exportTo(*m_scene, path, options);
    QApplication::restoreOverrideCursor();
    if (!written)
        showError(tr("Export failed"), written.error());
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 6000);
}

void MainWindow::exportData()
{
    if (!m_last)
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir")).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Data"),
        dir + QStringLiteral("/%1.json").arg(m_meshName.section(QLatin1Char(':'), 0, 0)),
        tr("JSON snapshot (*.json);;Graphviz DOT (*.dot);;GraphML (*.graphml)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    const core::Positions positions = m_scene->positions();
    const core::NodeIdSet pinned = m_scene->pinned();
    const core::SnapshotView view{m_last->topology.get(), m_last->scores.get(), &positions, &pinned,
                                  QDateTime::currentDateTimeUtc()};
    const Result<void> written = core::writeSnapshotFile(view, path);
    if (!written)
        showError(tr("Export failed"), written.error());
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 6000);
}

void MainWindow::saveLayout()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Layout"), QString(),
                                                      tr("Meshscope layout (*.json)"));
    if (path.isEmpty())
        return;
    const Result<void> saved = core::LayoutFile::save(
        {m_pipeline->sourceName(), m_scene->positions(), m_scene->pinned()}, path);
    if (!saved)
        showError(tr("Save layout"), saved.error());
    else
        statusBar()->showMessage(tr("Layout saved to %1").arg(path), 6000);
}

void MainWindow::loadLayout()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Layout"), QString(),
                                                      tr("Meshscope layout (*.json)"));
    if (path.isEmpty())
        return;
    const Result<core::SavedLayout> layout = core::LayoutFile::load(path);
    if (!layout) {
        showError(tr("Open layout"), layout.error());
        return;
    }
    if (m_last) {
        m_scene->setSnapshot(m_last->topology, m_last->scores, layout->positions);
        m_scene->setPinned(layout->pinned);
    }
    statusBar()->showMessage(tr("Layout restored from %1 (%2 nodes, %3 pinned)")
                                 .arg(path)
                                 .arg(layout->positions.size())
                                 .arg(layout->pinned.size()),
                             6000);
    refreshNow();
}

void MainWindow::injectFault(int kind)
{
    // A selected service takes the fault; a selected call A -> B takes latency or packet loss on
    // that edge alone (replicas and DNS belong to the callee, so they hit B as a whole).
    const auto [caller, callee] = m_scene->selectedEdge();
    const core::NodeId target =
        m_scene->selectedNode().isValid() ? m_scene->selectedNode() : callee;
    if (!m_demo || !target.isValid()) {
        statusBar()->showMessage(
            tr("Select a service or a call first, then inject a fault into it"), 5000);
        return;
    }
    core::FaultSpec fault;
    fault.service = target;
    if (!m_scene->selectedNode().isValid() && (kind == FaultLatency || kind == FaultLoss))
        fault.caller = caller;
    fault.durationMs = 3 * 60 * 1000;
    switch (kind) {
    case FaultLatency:
        fault.kind = core::FaultSpec::Kind::Latency;
        fault.latencyMs = 400;
        fault.jitterMs = 100;
        break;
    case FaultLoss:
        fault.kind = core::FaultSpec::Kind::PacketLoss;
        fault.lossRatio = 0.3;
        break;
    case FaultKill: {
        fault.kind = core::FaultSpec::Kind::KillReplicas;
        const int node = m_last ? m_last->topology->nodeIndex(target) : -1;
        const int ready = node >= 0 ? m_last->topology->nodes()[size_t(node)].replicasReady : 2;
        fault.replicas = std::max(1, ready - 1);
        break;
    }
    case FaultDns:
        fault.kind = core::FaultSpec::Kind::DnsFailure;
        break;
    }
    const Result<int> id = m_demo->injectFault(fault);
    if (!id)
        showError(tr("Inject fault"), id.error());
    else
        statusBar()->showMessage(
            tr("Fault injected into %1 for 3 minutes")
                .arg(fault.caller.isValid()
                         ? fault.caller.name() + QStringLiteral(" → ") + target.name()
                         : target.name()),
            6000);
    refreshNow();
}

void MainWindow::showError(const QString &title, const QString &message)
{
    qCWarning(lcWindow) << title << message;
    if (QApplication::platformName() == QLatin1String("offscreen"))
        return; // tests and headless runs: no modal dialogs
    QMessageBox::warning(this, title, message);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        resize(1400, 900);
        resizeDocks({m_detailsDock}, {420}, Qt::Horizontal);
    }
    setInterval(settings.value(QStringLiteral("live/interval"), 5.0).toDouble());
    const int labelIndex =
        m_edgeLabelCombo->findData(settings.value(QStringLiteral("view/edgeLabels"), 0).toInt());
    m_edgeLabelCombo->setCurrentIndex(std::max(0, labelIndex));
    m_legendAction->setChecked(settings.value(QStringLiteral("view/legend"), true).toBool());
    m_view->setLegendVisible(m_legendAction->isChecked());
    m_layeredAction->setChecked(settings.value(QStringLiteral("view/layered"), false).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("live/interval"), m_intervalSeconds);
    settings.setValue(QStringLiteral("view/edgeLabels"), m_edgeLabelCombo->currentData().toInt());
    settings.setValue(QStringLiteral("view/legend"), m_legendAction->isChecked());
    settings.setValue(QStringLiteral("view/layered"), m_layeredAction->isChecked());
    settings.setValue(QStringLiteral("source/demo"), m_meshName);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    rememberLayout();
    QMainWindow::closeEvent(event);
}

} // namespace meshscope::app
