// The window's chaos flow on a real cluster: a live session reading a real Prometheus (scraping
// meshscope-sim's shop mesh) and a kubeconfig context on a real kube-apiserver + etcd with the
// Chaos Mesh CRDs (KubeMeshFixture). Driven as the window drives it (start() from the Chaos dock,
// the Halt all action, the leftover check); the run goes on its own thread, so every check
// waits with QTRY while the GUI thread's event loop keeps turning. The test plays Chaos Mesh's
// controller by patching the CR. Without a built kube-apiserver this test FAILS (never skips).

#include "kubemeshfixture.h"

#include "app/chaosflow.h"
#include "chaos/experiment/experimentparser.h"
#include "chaos/manifest/manifestbuilder.h"
#include "core/session/livesession.h"
#include "widgets/blastradiusoverlay.h"
#include "widgets/driftchart.h"
#include "widgets/experimentmonitor.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using chaos::ExperimentPhase;
using testing::KubeMeshFixture;
using testing::KubeTestServer;

namespace {

// Real time: short phases. The fault cannot slow meshscope-sim (no Chaos Mesh daemon acts on
// it), so the scores stay steady.
QByteArray experimentYaml(const char *id, const char *inject)
{
    return QByteArray("kind: Experiment\nid: ") + id +
           "\nname: Checkout slower, from the window\n"
           "hypothesis: While every call to checkoutservice is slower, the storefront keeps "
           "serving.\ntarget: shop/checkoutservice\nscenario: seed-latency\n"
           "phases:\n  baseline: 4s\n  inject: " +
           inject +
           "\n  recoverWithin: 30s\nrefresh: 2s\nrecoveryTolerance: 40\n"
           "steadyState:\n  - score: shop/frontend\n    atLeast: 1\n"
           "  - promql: sum(up)\n    atLeast: 1\n";
}

chaos::Experiment experiment(const char *id, const char *inject)
{
    auto e = chaos::ExperimentParser::parse(experimentYaml(id, inject), QStringLiteral("test"));
    if (!e)
        qFatal("%s", qPrintable(e.error()));
    return *e;
}

// A chaos CR with Meshscope's labels, as a run that crashed would have left it.
const char *kLeftover = R"({"apiVersion":"chaos-mesh.org/v1alpha1","kind":"NetworkChaos",
  "metadata":{"name":"crashed-run-latency","namespace":"shop","labels":{
    "app.kubernetes.io/managed-by":"meshscope","meshscope.io/run-id":"crashed-run"}},
  "spec":{"action":"delay","mode":"all","selector":{"namespaces":["shop"]},
    "delay":{"latency":"10ms"},"duration":"5m"}})";

} // namespace

class TestChaosFlowKube : public QObject
{
    Q_OBJECT

    KubeMeshFixture m_mesh;
    QTemporaryDir m_dir;

    // The window's parts the flow uses, on the mesh's Prometheus, acting on context "test".
    struct Rig
    {
        Rig(const KubeMeshFixture &mesh, const QString &journal, const QString &kubeconfig)
        {
            session.setPaused(true); // the run reads its own refreshes; one for the graph
            QObject::connect(&session, &core::LiveSession::snapshotReady, &scene,
                             [this](const core::RefreshResult &r) {
                                 scene.setSnapshot(r.topology, r.scores, *r.positions);
                             });
            flow = new app::ChaosFlow(&window, &session, &scene,
                                      [this](const QString &title, const QString &message) {
                                          errors << title + QStringLiteral(": ") + message;
                                      },
                                      {journal});
            flow->setClusterContext({QStringLiteral("test"), {kubeconfig}});
            // Laid out as the window lays them out, for the screenshot.
            window.setCentralWidget(new widgets::TopologyView(&scene, &window));
            auto *dock = new QDockWidget(QStringLiteral("Experiment"), &window);
            dock->setWidget(flow->monitor());
            window.addDockWidget(Qt::RightDockWidgetArea, dock);
            window.resize(1400, 900);
            window.resizeDocks({dock}, {600}, Qt::Horizontal);
            session.setSource(core::PrometheusSource::create(mesh.sourceOptions()).value(),
                              core::HealthSettings{});
        }
        bool refresh()
        {
            QSignalSpy ready(&session, &core::LiveSession::snapshotReady);
            session.refreshNow();
            return ready.wait(30000) || ready.count() > 0;
        }
        QString verdict() const { return flow->monitor()->verdictText(); }

        QMainWindow window;
        core::LiveSession session;
        widgets::TopologyScene scene;
        app::ChaosFlow *flow = nullptr;
        QStringList errors;
    };

    QString kubeconfig(const char *token)
    {
        return m_mesh.kubeconfig(m_dir.filePath(QString::fromLatin1(token)), token);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        auto started = m_mesh.start();
        QVERIFY2(started, qPrintable(started.error()));
        QTRY_VERIFY_WITH_TIMEOUT(m_mesh.storeHasTraffic(), 60'000);
    }

    void cleanup()
    {
        // Each test starts with no chaos on the cluster.
        for (const QJsonValue &cr : m_mesh.managedChaos())
            m_mesh.server.request("DELETE", testing::kShopNetworkChaos + QLatin1Char('/') +
                                                cr["metadata"]["name"].toString());
    }

    // The latency experiment from the Chaos dock on the cluster: the CR carries the run's
    // labels, the monitor follows the phases and what the controller reports, the run deletes
    // the CR and waits for the controller's finalizer, and the report is written.
    void runsOnTheClusterFromTheWindow()
    {
        Rig rig(m_mesh, m_dir.filePath(QStringLiteral("journal")),
                kubeconfig(KubeTestServer::kAdminToken));
        QVERIFY(rig.refresh());
        QSignalSpy finished(rig.flow, &app::ChaosFlow::runFinished);
        // The phases the dock's state line went through, as the user saw them.
        QStringList shown;
        connect(rig.flow->cluster(), &app::ChaosClusterFlow::runChanged, &rig.window, [&] {
            static const QRegularExpression bold(QStringLiteral("^<b>(\\w+)</b>"));
            const QString phase = bold.match(rig.flow->monitor()->stateText()).captured(1);
            if (!phase.isEmpty() && (shown.isEmpty() || shown.last() != phase))
                shown << phase;
        });
        const chaos::Experiment e = experiment("win-latency", "14s");
        rig.flow->start(e);
        QVERIFY2(rig.errors.isEmpty(), qPrintable(rig.errors.join('\n')));
        QVERIFY(rig.flow->isRunning());
        QVERIFY(!rig.flow->runner()); // the runner is on the run's thread
        QVERIFY(rig.flow->overlay()->predicted().contains(QStringLiteral("shop/frontend")));

        QTRY_VERIFY2_WITH_TIMEOUT(m_mesh.managedChaos().size() == 1,
                                  qPrintable(rig.flow->monitor()->stateText()), 60'000);
        const QJsonObject meta = m_mesh.managedChaos().first()["metadata"].toObject();
        const QString runId = meta["labels"]["meshscope.io/run-id"].toString();
        QVERIFY2(runId.startsWith(QLatin1String("win-latency-")), qPrintable(runId));
        const QString name = meta["name"].toString();
        QCOMPARE(name, chaos::ManifestBuilder::nameFor(e.scenario, runId));
        // The dock follows the run's thread: the fault acts.
        QTRY_VERIFY2_WITH_TIMEOUT(
            rig.flow->monitor()->stateText().contains(QLatin1String("<b>observe</b>")),
            qPrintable(rig.flow->monitor()->stateText()), 30'000);

        const QString path = testing::kShopNetworkChaos + QLatin1Char('/') + name;
        auto injected = m_mesh.controllerInjects(path);
        QVERIFY2(injected, qPrintable(injected.error()));
        QTRY_VERIFY2_WITH_TIMEOUT(rig.flow->monitor()->stateText().contains(
                                      QStringLiteral("NetworkChaos shop/%1: injected (targets: "
                                                     "shop/checkoutservice-6c9f)")
                                          .arg(name)),
                                  qPrintable(rig.flow->monitor()->stateText()), 30'000);
        QCOMPARE(rig.flow->overlay()->targets(),
                 QStringList{QStringLiteral("shop/checkoutservice")});
        // MESHSCOPE_SCREENSHOT_DIR=DIR saves the graph and the Experiment dock mid-run.
        if (const QString shots = qEnvironmentVariable("MESHSCOPE_SCREENSHOT_DIR");
            !shots.isEmpty()) {
            rig.window.show();
            const auto points = rig.flow->monitor()->chart()->targetPoints().size();
            QTRY_VERIFY_WITH_TIMEOUT(
                rig.flow->monitor()->chart()->targetPoints().size() > points + 1, 10'000);
            QVERIFY(
                rig.window.grab().save(shots + QStringLiteral("/experiment-cluster-running.png")));
        }

        // The run removes the CR when its inject phase is over; the controller lets go.
        QTRY_VERIFY_WITH_TIMEOUT(m_mesh.deletionRequested(path), 60'000);
        QVERIFY(m_mesh.controllerLetsGo(path));

        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 90'000);
        const chaos::ExperimentRun *run = rig.flow->currentRun();
        QVERIFY(run);
        QCOMPARE(run->phase, ExperimentPhase::Done);
        QVERIFY2(run->outcome == chaos::ExperimentOutcome::Held, qPrintable(rig.verdict()));
        QCOMPARE(run->executor, QStringLiteral("kube:test"));
        QVERIFY2(rig.verdict().contains(QLatin1String("held")), qPrintable(rig.verdict()));
        QCOMPARE(shown, QStringList({"draft", "validate", "baseline", "inject", "observe",
                                     "recover", "verify", "done"}));
        QVERIFY(QFileInfo(rig.flow->lastReport()).size() > 0);
        QCOMPARE(m_mesh.server.request("GET", path).status, 404L);
        QVERIFY(m_mesh.managedChaos().isEmpty());
        QVERIFY(rig.errors.isEmpty());
    }

    // Ctrl+Shift+X during a cluster run: the run's thread pauses and deletes every labelled CR
    // and ends Aborted with the reason in the monitor; the report is still written.
    void haltAllDuringAClusterRunLeavesNoChaos()
    {
        Rig rig(m_mesh, m_dir.filePath(QStringLiteral("journal")),
                kubeconfig(KubeTestServer::kAdminToken));
        QVERIFY(rig.refresh());
        QSignalSpy finished(rig.flow, &app::ChaosFlow::runFinished);
        rig.flow->start(experiment("win-halt", "5m"));
        QVERIFY(rig.flow->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(m_mesh.managedChaos().size() == 1, 60'000);

        QCOMPARE(rig.flow->haltAllAction->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+X")));
        rig.flow->haltAllAction->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QVERIFY(m_mesh.managedChaos().isEmpty());
        QCOMPARE(rig.flow->currentRun()->phase, ExperimentPhase::Aborted);
        QVERIFY2(rig.verdict().contains(QLatin1String("Aborted: halt-all: halted from the window")),
                 qPrintable(rig.verdict()));
        QVERIFY(QFileInfo(rig.flow->lastReport()).size() > 0);
        QVERIFY(!rig.flow->isRunning());
    }

    // Halt all with no run going still clears the context, off the GUI thread.
    void haltAllWithoutARunClearsTheContext()
    {
        Rig rig(m_mesh, m_dir.filePath(QStringLiteral("journal")),
                kubeconfig(KubeTestServer::kAdminToken));
        QCOMPARE(m_mesh.server.request("POST", testing::kShopNetworkChaos, kLeftover).status, 201L);
        QCOMPARE(m_mesh.managedChaos().size(), 1);
        rig.flow->haltAllAction->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_mesh.managedChaos().isEmpty(), 30'000);
        QVERIFY(rig.errors.isEmpty());
    }

    // At start the window lists the labelled CRs in the context and offers to clean them up.
    void leftoversInTheContextAreOffered()
    {
        Rig rig(m_mesh, m_dir.filePath(QStringLiteral("journal")),
                kubeconfig(KubeTestServer::kAdminToken));
        QCOMPARE(m_mesh.server.request("POST", testing::kShopNetworkChaos, kLeftover).status, 201L);
        rig.flow->checkLeftovers();
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (box = rig.window.findChild<QMessageBox *>(QStringLiteral("chaosClusterLeftoversBox"))),
            30'000);
        QVERIFY2(
            box->detailedText().contains(QLatin1String("NetworkChaos shop/crashed-run-latency")),
            qPrintable(box->detailedText()));
        QVERIFY(box->text().contains(QLatin1String("test")));
        box->findChild<QPushButton *>(QStringLiteral("chaosClusterCleanUpButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(m_mesh.managedChaos().isEmpty(), 30'000);
    }

    // A user without RBAC rights: the server dry run answers 403; the run ends Failed with the
    // API server's words in the monitor and nothing is created.
    void forbiddenEndsTheRunWithItsMessage()
    {
        Rig rig(m_mesh, m_dir.filePath(QStringLiteral("journal")),
                kubeconfig(KubeTestServer::kNobodyToken));
        QVERIFY(rig.refresh());
        QSignalSpy finished(rig.flow, &app::ChaosFlow::runFinished);
        rig.flow->start(experiment("win-forbidden", "14s"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QCOMPARE(rig.flow->currentRun()->phase, ExperimentPhase::Failed);
        const QString verdict = rig.verdict();
        QVERIFY2(verdict.startsWith(QLatin1String("Failed: kube:test refused the manifest")),
                 qPrintable(verdict));
        QVERIFY2(verdict.contains(QLatin1String("403 Forbidden")), qPrintable(verdict));
        QVERIFY2(verdict.contains(QLatin1String("meshscope-nobody")), qPrintable(verdict));
        QVERIFY(m_mesh.managedChaos().isEmpty());
    }

    // No API server at the context's address: the run fails with the transport's reason.
    void serverDownEndsTheRunWithItsMessage()
    {
        const QString file = m_dir.filePath(QStringLiteral("down-kubeconfig"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("apiVersion: v1\nkind: Config\ncurrent-context: down\n"
                    "clusters:\n- name: down\n  cluster:\n    server: https://127.0.0.1:1\n"
                    "    insecure-skip-tls-verify: true\n"
                    "users:\n- name: u\n  user:\n    token: t\n"
                    "contexts:\n- name: down\n  context:\n    cluster: down\n    user: u\n"
                    "    namespace: shop\n");
        }
        Rig rig(m_mesh, m_dir.filePath(QStringLiteral("journal")), file);
        rig.flow->setClusterContext({QStringLiteral("down"), {file}});
        QVERIFY(rig.refresh());
        QSignalSpy finished(rig.flow, &app::ChaosFlow::runFinished);
        rig.flow->start(experiment("win-down", "14s"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
        QCOMPARE(rig.flow->currentRun()->phase, ExperimentPhase::Failed);
        QVERIFY2(rig.verdict().startsWith(QLatin1String("Failed: kube:down refused the manifest")),
                 qPrintable(rig.verdict()));
        QVERIFY2(rig.verdict().contains(QLatin1String("127.0.0.1:1")), qPrintable(rig.verdict()));
    }
};

QTEST_MAIN(TestChaosFlowKube)
#include "tst_chaosflowkube.moc"
