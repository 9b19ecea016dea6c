#include "app/mainactions.h"

#include "app/appsettings.h"
#include "core/demo/faultpresets.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"
#include "widgets/viewtypes.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QToolBar>

namespace meshscope::app {

MainActions::MainActions(QWidget *window) : QObject(window), m_window(window)
{
    refresh = make(QStringLiteral("refreshAction"), tr("&Refresh Now"), QKeySequence::Refresh);
    pause = make(QStringLiteral("pauseAction"), tr("&Pause Live Refresh"),
                 QKeySequence(Qt::CTRL | Qt::Key_Space), true);
    relayout = make(QStringLiteral("relayoutAction"), tr("Re-&layout"),
                    QKeySequence(Qt::CTRL | Qt::Key_L));
    layered = make(QStringLiteral("layeredAction"), tr("La&yered Layout (by call depth)"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), true);
    unhealthyOnly = make(QStringLiteral("unhealthyOnlyAction"), tr("Only &Unhealthy"),
                         QKeySequence(Qt::CTRL | Qt::Key_U), true);
    legend = make(QStringLiteral("legendAction"), tr("Show &Legend"), QKeySequence(), true);
    legend->setChecked(true);
    fit = make(QStringLiteral("fitAction"), tr("&Fit Graph"), QKeySequence(Qt::CTRL | Qt::Key_0));
    zoomIn = make(QStringLiteral("zoomInAction"), tr("Zoom &In"), QKeySequence::ZoomIn);
    zoomOut = make(QStringLiteral("zoomOutAction"), tr("Zoom &Out"), QKeySequence::ZoomOut);
    find = make(QStringLiteral("findAction"), tr("&Find Service…"), QKeySequence::Find);
    exportImage = make(QStringLiteral("exportImageAction"), tr("Export &Image…"),
                       QKeySequence(Qt::CTRL | Qt::Key_E));
    exportData = make(QStringLiteral("exportDataAction"), tr("Export &Data…"),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    saveLayout = make(QStringLiteral("saveLayoutAction"), tr("&Save Layout…"), QKeySequence::Save);
    openLayout = make(QStringLiteral("openLayoutAction"), tr("&Open Layout…"), QKeySequence::Open);
    unpinAll = make(QStringLiteral("unpinAllAction"), tr("Unpin &All Nodes"), QKeySequence());
    clearFaults =
        make(QStringLiteral("clearFaultsAction"), tr("&Clear All Faults"), QKeySequence());
    about = make(QStringLiteral("aboutAction"), tr("&About Meshscope"), QKeySequence());
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(
            m_window, tr("About Meshscope"),
            tr("<b>Meshscope %1</b><p>Service-mesh health workbench: a live dependency graph "
               "coloured by a health score (connectivity, stability, protocol).</p>"
               "<p>Health settings: %2</p>")
                .arg(QApplication::applicationVersion(), AppSettings::defaultHealthConfigPath()));
    });
    quit = make(QStringLiteral("quitAction"), tr("&Quit"), QKeySequence::Quit);

    makeGroupActions();
    meshes = new QActionGroup(this);
    for (const QString &name : demoMeshes()) {
        QAction *a = meshes->addAction(name);
        a->setCheckable(true);
        a->setData(name);
    }
    faults = new QActionGroup(this);
    faults->setExclusive(false);
    const auto &presets = core::FaultPresets::all();
    for (size_t i = 0; i < presets.size(); ++i) {
        QAction *fault = faults->addAction(presetText(presets[i]));
        fault->setData(int(i));
        fault->setObjectName(QStringLiteral("faultAction%1").arg(i));
    }
}

QAction *MainActions::make(const QString &name, const QString &text, const QKeySequence &key,
                           bool checkable)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcut(key);
    action->setCheckable(checkable);
    m_window->addAction(action); // shortcuts work with the menu bar hidden too
    return action;
}

void MainActions::makeGroupActions()
{
    focusSelection = make(QStringLiteral("focusSelectionAction"), tr("F&ocus on Selection"),
                          QKeySequence(Qt::CTRL | Qt::Key_H), true);
    focusSelection->setToolTip(tr("Show only the selection and its neighbours (hops: see the "
                                  "hops box)"));
    collapseGroup = make(QStringLiteral("collapseGroupAction"), tr("&Collapse Group"),
                         QKeySequence(Qt::CTRL | Qt::Key_G));
    expandGroup = make(QStringLiteral("expandGroupAction"), tr("&Expand Group"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    collapseAllGroups =
        make(QStringLiteral("collapseAllGroupsAction"), tr("C&ollapse All Groups"), QKeySequence());
    expandAllGroups =
        make(QStringLiteral("expandAllGroupsAction"), tr("E&xpand All Groups"), QKeySequence());
    compareSnapshot = make(QStringLiteral("compareSnapshotAction"), tr("Co&mpare with Snapshot…"),
                           QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D));
    compareHistory = make(QStringLiteral("compareHistoryAction"),
                          tr("Compare with &History Moment…"), QKeySequence());
    clearComparison =
        make(QStringLiteral("clearComparisonAction"), tr("C&lear Comparison"), QKeySequence());
    groupBy = new QActionGroup(this);
    const auto option = [this](const QString &text, const QString &data) {
        QAction *a = groupBy->addAction(text);
        a->setCheckable(true);
        a->setData(data);
        a->setObjectName(QStringLiteral("groupBy:") + data);
    };
    option(tr("No Groups"), QStringLiteral("none"));
    option(tr("Namespace"), QStringLiteral("namespace"));
    option(tr("Label app.kubernetes.io/part-of"),
           QStringLiteral("label:app.kubernetes.io/part-of"));
    option(tr("Label team"), QStringLiteral("label:team"));
    option(tr("Other Label…"), QStringLiteral("other"));
}

const QStringList &MainActions::demoMeshes()
{
    static const QStringList names{QStringLiteral("shop"), QStringLiteral("tickets"),
                                   QStringLiteral("generated:1000"),
                                   QStringLiteral("generated:5000")};
    return names;
}

const QList<double> &MainActions::intervals()
{
    static const QList<double> seconds{1, 2, 5, 10, 30, 60};
    return seconds;
}

QString MainActions::presetText(const core::FaultPreset &p)
{
    const qint64 minutes = p.durationMs / 60000;
    switch (p.kind) {
    case core::FaultSpec::Kind::Latency:
        return tr("Latency +%1 ms ± %2 ms for %3 min")
            .arg(p.latencyMs)
            .arg(p.jitterMs)
            .arg(minutes);
    case core::FaultSpec::Kind::PacketLoss:
        return tr("Packet Loss %1 % for %2 min").arg(p.lossRatio * 100.0).arg(minutes);
    case core::FaultSpec::Kind::KillReplicas:
        return tr("Kill Replicas (all but one) for %1 min").arg(minutes);
    case core::FaultSpec::Kind::DnsFailure:
        return tr("DNS Failure for %1 min").arg(minutes);
    case core::FaultSpec::Kind::Errors:
        return tr("Errors %1 % for %2 min").arg(p.errorRatio * 100.0).arg(minutes);
    }
    return tr("Fault for %1 min").arg(minutes);
}

void MainActions::buildMenus(QMenuBar *bar)
{
    QMenu *file = bar->addMenu(tr("&File"));
    file->addActions({exportImage, exportData});
    file->addSeparator();
    file->addActions({saveLayout, openLayout});
    file->addSeparator();
    file->addActions({compareSnapshot, compareHistory, clearComparison});
    file->addSeparator();
    file->addAction(quit);

    m_viewMenu = bar->addMenu(tr("&View"));
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_viewMenu->addActions({zoomIn, zoomOut, fit});
    m_viewMenu->addSeparator();
    m_viewMenu->addActions({find, unhealthyOnly, focusSelection});
    m_viewMenu->addSeparator();
    groupMenu = m_viewMenu->addMenu(tr("&Groups"));
    groupMenu->setObjectName(QStringLiteral("groupMenu"));
    groupMenu->addActions({collapseGroup, expandGroup, collapseAllGroups, expandAllGroups});
    groupMenu->addSeparator()->setText(tr("Group by"));
    groupMenu->addActions(groupBy->actions());
    m_viewMenu->addSeparator();
    m_viewMenu->addActions({relayout, layered, unpinAll});
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(legend);
    m_viewMenu->addSeparator(); // the docks' toggles follow

    QMenu *live = bar->addMenu(tr("&Live"));
    live->addActions({refresh, pause});

    QMenu *mesh = bar->addMenu(tr("&Demo Mesh"));
    mesh->addActions(meshes->actions());
    mesh->addSeparator();
    QMenu *faultMenu = mesh->addMenu(tr("Inject &Fault into Selection"));
    faultMenu->addActions(faults->actions());
    mesh->addAction(clearFaults);

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(about);
}

void MainActions::buildToolBar(QToolBar *bar)
{
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->addActions({refresh, pause});
    intervalCombo = new QComboBox(bar);
    intervalCombo->setObjectName(QStringLiteral("intervalCombo"));
    intervalCombo->setToolTip(tr("Refresh interval"));
    for (double s : intervals())
        intervalCombo->addItem(tr("every %1 s").arg(s), s);
    bar->addWidget(intervalCombo);
    bar->addSeparator();
    bar->addActions({fit, relayout, layered});
    bar->addSeparator();
    edgeLabelCombo = new QComboBox(bar);
    edgeLabelCombo->setObjectName(QStringLiteral("edgeLabelCombo"));
    edgeLabelCombo->setToolTip(tr("Edge labels"));
    edgeLabelCombo->addItem(tr("No edge labels"), int(widgets::EdgeLabelMode::None));
    edgeLabelCombo->addItem(tr("Requests/s"), int(widgets::EdgeLabelMode::RequestRate));
    edgeLabelCombo->addItem(tr("Error %"), int(widgets::EdgeLabelMode::ErrorPercent));
    edgeLabelCombo->addItem(tr("p95 latency"), int(widgets::EdgeLabelMode::P95));
    bar->addWidget(edgeLabelCombo);
    bar->addSeparator();
    findField = new QLineEdit(bar);
    findField->setObjectName(QStringLiteral("findField"));
    findField->setPlaceholderText(tr("Find service (Ctrl+F)"));
    findField->setClearButtonEnabled(true);
    findField->setMaximumWidth(260);
    findEscape = new QShortcut(QKeySequence(Qt::Key_Escape), findField);
    findEscape->setContext(Qt::WidgetShortcut);
    connect(findEscape, &QShortcut::activated, findField, &QLineEdit::clear);
    bar->addWidget(findField);
    bar->addActions({unhealthyOnly, focusSelection});
    hopsCombo = new QComboBox(bar);
    hopsCombo->setObjectName(QStringLiteral("hopsCombo"));
    hopsCombo->setToolTip(tr("Neighbours shown around unhealthy services or the selection"));
    for (int hops = 1; hops <= 3; ++hops)
        hopsCombo->addItem(hops == 1 ? tr("+1 hop") : tr("+%1 hops").arg(hops), hops);
    bar->addWidget(hopsCombo);
}

void MainActions::connectView(widgets::TopologyView *view, widgets::TopologyScene *scene)
{
    connect(legend, &QAction::toggled, view, &widgets::TopologyView::setLegendVisible);
    connect(fit, &QAction::triggered, view, &widgets::TopologyView::fitGraph);
    connect(zoomIn, &QAction::triggered, view, &widgets::TopologyView::zoomIn);
    connect(zoomOut, &QAction::triggered, view, &widgets::TopologyView::zoomOut);
    connect(unpinAll, &QAction::triggered, scene, &widgets::TopologyScene::unpinAll);
    connect(quit, &QAction::triggered, m_window, &QWidget::close);
    // Escape ends the search where Ctrl+F started it: on the graph, so its keys work again.
    connect(findEscape, &QShortcut::activated, view,
            [view] { view->setFocus(Qt::ShortcutFocusReason); });
    connect(find, &QAction::triggered, findField, [this] {
        findField->setFocus();
        findField->selectAll();
    });
    connect(edgeLabelCombo, &QComboBox::currentIndexChanged, scene, [this, scene](int index) {
        scene->setEdgeLabelMode(widgets::EdgeLabelMode(edgeLabelCombo->itemData(index).toInt()));
    });
}

void MainActions::selectInterval(double seconds)
{
    int index = intervalCombo->findData(seconds);
    if (index < 0) {
        intervalCombo->addItem(tr("every %1 s").arg(seconds), seconds);
        index = intervalCombo->count() - 1;
    }
    intervalCombo->setCurrentIndex(index);
}

void MainActions::selectDemoMesh(const QString &name)
{
    for (QAction *a : meshes->actions())
        a->setChecked(a->data().toString() == name);
}

} // namespace meshscope::app
