// Which kubeconfig context the window's experiments act on (app/mainwindowchaos.cpp):
// --context/--kubeconfig win over the connected profile's kubernetes: fields; without either the
// profile's are used; with none at all only demo runs are possible. No cluster is needed: the
// kubeconfigs point at a port nothing listens on, so Halt All answers at once with an error box
// that names the context it tried, which is what the user sees.

#include "app/chaosclusterflow.h"
#include "app/chaosflow.h"
#include "app/connectionflow.h"
#include "app/mainwindow.h"
#include "core/session/livesession.h"
#include "tests/testsupport/tempfiles.h"
#include "tests/testsupport/windowtest.h"
#include "widgets/chaospanel.h"

#include <QAction>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;

namespace meshscope::app {
// What QCOMPARE prints for a context that differs.
char *toString(const ClusterContext &c)
{
    return QTest::toString(c.context + QStringLiteral(" in ") + c.kubeconfig.join(':'));
}
} // namespace meshscope::app

namespace {

// A kubeconfig with one context, `name`, on a server that refuses connections.
QString writeKubeconfig(const QTemporaryDir &dir, const QString &name)
{
    return meshscope::testing::writeTempFile(
        dir, name + QStringLiteral(".kubeconfig"),
        QStringLiteral("apiVersion: v1\n"
                       "kind: Config\n"
                       "clusters:\n"
                       "  - name: nowhere\n"
                       "    cluster: {server: 'https://127.0.0.1:1'}\n"
                       "users:\n"
                       "  - name: someone\n"
                       "    user: {token: not-a-secret}\n"
                       "contexts:\n"
                       "  - name: %1\n"
                       "    context: {cluster: nowhere, user: someone}\n"
                       "current-context: %1\n")
            .arg(name)
            .toUtf8());
}

// Two Prometheus profiles (nothing listens on their port either): one names a kube context.
QString writeProfiles(const QTemporaryDir &dir, const QString &kubeconfig)
{
    return meshscope::testing::writeTempFile(
        dir, QStringLiteral("connections.yaml"),
        QStringLiteral("profiles:\n"
                       "  - name: with-cluster\n"
                       "    prometheus: {url: 'http://127.0.0.1:1'}\n"
                       "    kubernetes:\n"
                       "      kubeconfig: %1\n"
                       "      context: profile-ctx\n"
                       "  - name: metrics-only\n"
                       "    prometheus: {url: 'http://127.0.0.1:1'}\n")
            .arg(kubeconfig)
            .toUtf8());
}

// The warning boxes the window shows now, by title.
QMessageBox *boxTitled(const app::MainWindow &window, const QString &title)
{
    for (QMessageBox *box : window.findChildren<QMessageBox *>()) {
        if (box->isVisible() && box->windowTitle() == title)
            return box;
    }
    return nullptr;
}

} // namespace

class TestChaosContext : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_cliKubeconfig;
    QString m_profileKubeconfig;
    QString m_profiles;

    // Connects `window` to a profile of m_profiles, as File > Connections does.
    bool connectTo(app::MainWindow &window, const QString &profile)
    {
        window.connections()->setStorePath(m_profiles);
        const Result<void> connected = window.connections()->connectProfile(profile);
        if (!connected)
            qWarning() << connected.error();
        return connected.ok();
    }

private Q_SLOTS:
    void initTestCase()
    {
        meshscope::testing::initWindowTest();
        QVERIFY(m_dir.isValid());
        m_cliKubeconfig = writeKubeconfig(m_dir, QStringLiteral("cli-ctx"));
        m_profileKubeconfig = writeKubeconfig(m_dir, QStringLiteral("profile-ctx"));
        m_profiles = writeProfiles(m_dir, m_profileKubeconfig);
        QVERIFY(!m_cliKubeconfig.isEmpty() && !m_profiles.isEmpty());
    }

    void commandLineWinsOverTheProfile()
    {
        app::CommandLine command = meshscope::testing::demoCommand(QStringLiteral("shop"));
        command.kubeContext = QStringLiteral("cli-ctx");
        command.kubeconfig = {m_cliKubeconfig};
        app::MainWindow window(command);
        window.show();
        QVERIFY(connectTo(window, QStringLiteral("with-cluster")));
        auto *chaos = window.findChild<app::ChaosFlow *>();
        QCOMPARE(chaos->cluster()->context(),
                 (app::ClusterContext{QStringLiteral("cli-ctx"), {m_cliKubeconfig}}));
        // Halt All goes to that cluster: its answer (refused) is titled with the context.
        chaos->haltAllAction->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(boxTitled(window, QStringLiteral("Halt all on cli-ctx")), 20000);
        QVERIFY(!boxTitled(window, QStringLiteral("Halt all on profile-ctx")));
    }

    void theProfilesContextWithoutACommandLine()
    {
        app::MainWindow window(meshscope::testing::demoCommand(QStringLiteral("shop")));
        window.show();
        auto *chaos = window.findChild<app::ChaosFlow *>();
        QVERIFY(!chaos->cluster()->context().isSet()); // the demo mesh: no cluster
        QVERIFY(connectTo(window, QStringLiteral("with-cluster")));
        QCOMPARE(chaos->cluster()->context(),
                 (app::ClusterContext{QStringLiteral("profile-ctx"), {m_profileKubeconfig}}));
        chaos->haltAllAction->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(boxTitled(window, QStringLiteral("Halt all on profile-ctx")),
                                 20000);
        // Back on the demo mesh, the profile's cluster is no longer the window's.
        window.setDemoMesh(QStringLiteral("shop"));
        QVERIFY(!chaos->cluster()->context().isSet());
    }

    // No --context and a profile without kubernetes: the Chaos dock's Run says how to get a
    // cluster run; on the demo mesh the same Run starts a demo run.
    void noContextMeansDemoRunsOnly()
    {
        app::MainWindow window(meshscope::testing::demoCommand(QStringLiteral("shop")));
        window.show();
        auto *chaos = window.findChild<app::ChaosFlow *>();
        auto *panel = window.findChild<widgets::ChaosPanel *>();
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 20000);
        // A target picked in the graph, as the user does before Run.
        widgets::TopologyScene *scene = meshscope::testing::sceneOf(window);
        for (const core::TopologyNode &n : scene->topology()->nodes()) {
            if (n.name == QLatin1String("cartservice"))
                scene->selectNode(n.id);
        }
        const chaos::Experiment experiment = panel->experiment();
        QCOMPARE(experiment.target, QStringLiteral("shop/cartservice"));

        QVERIFY(connectTo(window, QStringLiteral("metrics-only")));
        QVERIFY(!chaos->cluster()->context().isSet());
        Q_EMIT panel->runRequested(experiment);
        QMessageBox *box = boxTitled(window, QStringLiteral("Run experiment"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QLatin1String("give the connection profile a Kubernetes "
                                                    "context")),
                 qPrintable(box->text()));
        QVERIFY(!chaos->isRunning());
        box->close();

        window.setDemoMesh(QStringLiteral("shop"));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr &&
                                     window.session()->sourceName().startsWith("demo:"),
                                 20000);
        Q_EMIT panel->runRequested(experiment);
        QVERIFY(chaos->isRunning());
        QVERIFY(chaos->runner() != nullptr); // a demo run: its runner lives in the window
        QVERIFY(!chaos->cluster()->isRunning());
        chaos->haltAllAction->trigger();
    }
};

QTEST_MAIN(TestChaosContext)
#include "tst_chaoscontext.moc"
