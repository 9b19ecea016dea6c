// `meshscope experiment run --context` end to end on real servers: a kube-apiserver + etcd with
// the real Chaos Mesh CRDs (KubeTestServer) and a real Prometheus scraping meshscope-sim's shop
// mesh. The headless run creates the chaos through the API server and reads the scores from
// Prometheus; the test plays Chaos Mesh's controller (status AllInjected, then AllRecovered;
// the records finalizer held until the run deletes the CR). Without a built kube-apiserver this
// test FAILS (never skips): run scripts/build-apiserver.sh.

#include "chaos/experiment/experimentparser.h"
#include "chaos/manifest/manifestbuilder.h"
#include "kubemeshfixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace meshscope;
using meshscope::testing::KubeMeshFixture;
using meshscope::testing::KubeTestServer;

namespace {

const QString kChaos = testing::kShopNetworkChaos;

// Short phases: the run is in real time. The fault cannot slow meshscope-sim (no Chaos Mesh
// daemon acts on it), so the scores stay steady and the hypothesis holds.
constexpr auto kExperiment = R"(kind: Experiment
id: kube-latency
name: Checkout slower on a cluster
hypothesis: While every call to checkoutservice is slower, the storefront keeps serving.
target: shop/checkoutservice
scenario: seed-latency
phases:
  baseline: 6s
  inject: 16s
  recoverWithin: 30s
refresh: 2s
recoveryTolerance: 40
steadyState:
  - score: shop/frontend
    atLeast: 1
  - promql: sum(up)
    atLeast: 1
guardrails:
  abort:
    - service: shop/frontend
      below: 1
      refreshes: 3
)";

QJsonObject json(const char *text)
{
    return KubeMeshFixture::json(text);
}

} // namespace

class TestExperimentKube : public QObject
{
    Q_OBJECT

    KubeMeshFixture m_mesh;
    KubeTestServer &m_server = m_mesh.server;
    testing::KubeTestObjects &m_objects = m_mesh.objects;
    QTemporaryDir m_dir;

    QJsonArray managedChaos() const { return m_mesh.managedChaos(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto started = m_mesh.start();
        QVERIFY2(started, qPrintable(started.error()));
        QTRY_VERIFY_WITH_TIMEOUT(m_mesh.storeHasTraffic(), 60'000);
    }

    void latencyRunOnTheCluster()
    {
        const QString file = m_dir.filePath(QStringLiteral("kube-latency.yaml"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kExperiment);
        }
        const QString kubeconfig = m_mesh.kubeconfig(m_dir.filePath(QStringLiteral("kubeconfig")),
                                                     KubeTestServer::kAdminToken);
        const QString report = m_dir.filePath(QStringLiteral("report"));

        QProcess run;
        QString out;
        connect(&run, &QProcess::readyReadStandardOutput,
                [&] { out += QString::fromUtf8(run.readAllStandardOutput()); });
        run.setProcessChannelMode(QProcess::SeparateChannels);
        run.start(QStringLiteral(MESHSCOPE_BINARY),
                  {QStringLiteral("experiment"), QStringLiteral("run"), file,
                   QStringLiteral("--context"), QStringLiteral("test"),
                   QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--prometheus"),
                   m_mesh.prometheus.url().toString(), QStringLiteral("--metric-profile"),
                   QStringLiteral("istio"), QStringLiteral("--report"), report,
                   QStringLiteral("--journal"), m_dir.filePath(QStringLiteral("journal"))});
        QVERIFY(run.waitForStarted());
        const auto failNote = [&]() -> QString {
            return out + QString::fromUtf8(run.readAllStandardError());
        };

        // After the baseline the run creates the NetworkChaos: labelled, with its duration and
        // the deterministic name of its run.
        QTRY_VERIFY2_WITH_TIMEOUT(managedChaos().size() == 1, qPrintable(failNote()), 60'000);
        const QJsonObject cr = managedChaos().first().toObject();
        const QJsonObject meta = cr.value(QLatin1String("metadata")).toObject();
        const QJsonObject labels = meta.value(QLatin1String("labels")).toObject();
        const QString runId = labels.value(QLatin1String("meshscope.io/run-id")).toString();
        QVERIFY2(runId.startsWith(QLatin1String("kube-latency-")), qPrintable(runId));
        QCOMPARE(labels.value(QLatin1String("app.kubernetes.io/managed-by")).toString(),
                 QStringLiteral("meshscope"));
        auto experiment = chaos::ExperimentParser::parseFile(file);
        QVERIFY2(experiment, qPrintable(experiment.error()));
        const QString name = meta.value(QLatin1String("name")).toString();
        QCOMPARE(name, chaos::ManifestBuilder::nameFor(experiment->scenario, runId));
        const QJsonObject spec = cr.value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("duration")).toString(), QStringLiteral("16s"));
        QCOMPARE(spec.value(QLatin1String("action")).toString(), QStringLiteral("delay"));
        QCOMPARE(spec.value(QLatin1String("delay"))
                     .toObject()
                     .value(QLatin1String("latency"))
                     .toString(),
                 QStringLiteral("800ms"));

        // The controller selects the pods and injects; it holds its records finalizer.
        const QString path = kChaos + QLatin1Char('/') + name;
        auto injected = m_mesh.controllerInjects(path);
        QVERIFY2(injected, qPrintable(injected.error()));
        const QString injectedNote =
            QStringLiteral("observe: NetworkChaos shop/%1: injected (targets: "
                           "shop/checkoutservice-6c9f)")
                .arg(name);
        QTRY_VERIFY2_WITH_TIMEOUT(out.contains(injectedNote), qPrintable(failNote()), 30'000);

        // Duration over: the controller recovers every record.
        auto recovered = m_objects.mergePatch(path, json(R"({"status":{
            "conditions":[{"type":"Selected","status":"True"},{"type":"AllInjected","status":"False"},
                {"type":"AllRecovered","status":"True"},{"type":"Paused","status":"False"}],
            "experiment":{"desiredPhase":"Stop","containerRecords":[
                {"id":"shop/checkoutservice-6c9f","selectorKey":".","phase":"Not Injected",
                 "injectedCount":1,"recoveredCount":1}]}}})"));
        QVERIFY2(recovered, qPrintable(recovered.error()));
        QTRY_VERIFY2_WITH_TIMEOUT(
            out.contains(QStringLiteral("NetworkChaos shop/%1: recovered").arg(name)),
            qPrintable(failNote()), 30'000);

        // The run deletes the CR and waits for the finalizer; the controller lets go.
        QTRY_VERIFY2_WITH_TIMEOUT(m_mesh.deletionRequested(path), qPrintable(failNote()), 30'000);
        QVERIFY(m_mesh.controllerLetsGo(path));

        QTRY_VERIFY2_WITH_TIMEOUT(run.state() == QProcess::NotRunning, qPrintable(failNote()),
                                  90'000);
        out += QString::fromUtf8(run.readAllStandardOutput());
        const QString err = QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0,
                 qPrintable(out + err));
        QVERIFY2(out.contains(QLatin1String("  held:     sum(up)")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("hypothesis held")), qPrintable(out));
        QCOMPARE(m_server.request("GET", path).status, 404L);
        QVERIFY(managedChaos().isEmpty());

        QVERIFY(QFileInfo(QDir(report).filePath(QStringLiteral("report.html"))).size() > 0);
        QFile journal(QDir(report).filePath(QStringLiteral("journal.json")));
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(journal.readAll()).object();
        QCOMPARE(j.value(QLatin1String("executor")).toString(), QStringLiteral("kube:test"));
        const QByteArray timeline =
            QJsonDocument(j.value(QLatin1String("timeline")).toArray()).toJson();
        QVERIFY2(timeline.contains("injected (targets: shop/checkoutservice-6c9f)"),
                 timeline.constData());
    }
};

QTEST_GUILESS_MAIN(TestExperimentKube)
#include "tst_experimentkube.moc"
