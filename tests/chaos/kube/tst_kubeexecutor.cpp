// KubeExecutor against a real kube-apiserver + etcd (KubeTestServer) with the real Chaos Mesh
// CRDs registered. The executor connects as a user's would, from a kubeconfig file (the
// credential kinds are tst_kubeclient's subject). The test plays Chaos Mesh's controller by writing
// the CR's status and Events. Without a built kube-apiserver this test FAILS (never skips):
// run scripts/build-apiserver.sh.

#include "chaos/kube/kubeclient.h"
#include "chaos/kube/kubeexecutor.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"
#include "tests/chaos/common/chaosfixtures.h"
#include "tests/servers/kube/kubetestobjects.h"
#include "tests/servers/kube/kubetestserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace meshscope::chaos;
using meshscope::testing::KubeTestObjects;
using meshscope::testing::KubeTestServer;

namespace {

QString networkChaosPath(const QString &ns, const QString &name = {})
{
    return QStringLiteral("/apis/chaos-mesh.org/v1alpha1/namespaces/%1/networkchaos%2")
        .arg(ns, name.isEmpty() ? QString() : QLatin1Char('/') + name);
}

} // namespace

class TestKubeExecutor : public QObject
{
    Q_OBJECT

    KubeTestServer m_server;
    KubeTestObjects m_objects{m_server};
    QTemporaryDir m_dir;

    std::unique_ptr<KubeExecutor> executor(const QString &userYaml,
                                           const QString &file = QStringLiteral("admin.yaml"))
    {
        auto e = KubeExecutor::fromKubeconfig(
            {}, {m_objects.writeKubeconfig(m_dir.filePath(file), userYaml)});
        if (!e)
            qFatal("executor: %s", qPrintable(e.error()));
        e.value()->setPollIntervalMs(50);
        return std::move(e.value());
    }

    std::unique_ptr<KubeExecutor> admin()
    {
        return executor(
            QStringLiteral("    token: %1\n").arg(QLatin1String(KubeTestServer::kAdminToken)));
    }

    static Manifest latency(const QString &runId,
                            const QString &service = QStringLiteral("checkout"))
    {
        const meshscope::core::NodeId node(QStringLiteral("prod"), QStringLiteral("shop"), service);
        auto m = ManifestBuilder().build(
            TargetMapper().onNode(*ScenarioLibrary::load().find(QStringLiteral("seed-latency")),
                                  node),
            runId);
        if (!m)
            qFatal("manifest: %s", qPrintable(m.error()));
        return *m;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString missing = KubeTestServer::missingPrerequisites();
        if (!missing.isEmpty())
            QFAIL(qPrintable(QStringLiteral("the real Kubernetes API server tests cannot run: %1")
                                 .arg(missing)));
        auto started = m_server.start();
        QVERIFY2(started, qPrintable(started.error()));
        auto crds = m_server.registerCrdsFrom(fixtures::referenceDir() + QStringLiteral("/crds"));
        QVERIFY2(crds, qPrintable(crds.error()));
        for (const QString &ns : {QStringLiteral("shop"), QStringLiteral("payments")}) {
            auto r = m_server.createNamespace(ns);
            QVERIFY2(r, qPrintable(r.error()));
        }
    }

    void dryRunStoresNothing()
    {
        auto kube = admin();
        QCOMPARE(kube->name(), QStringLiteral("kube:test"));
        const Manifest m = latency(QStringLiteral("r-dry"));
        const auto dry = kube->dryRun(m);
        QVERIFY2(dry, qPrintable(dry.error()));
        QCOMPARE(m_server.request("GET", networkChaosPath(QStringLiteral("shop"), m.name())).status,
                 404L);
    }

    // Create (dry run, then real), a second create is 409 AlreadyExists shown as such, and a
    // bad enum is 422 Invalid with the field named: nothing is created.
    void createConflictAndInvalid()
    {
        auto kube = admin();
        const Manifest m = latency(QStringLiteral("r-create"));
        auto created = kube->create(m);
        QVERIFY2(created, qPrintable(created.error()));
        QCOMPARE(created->kind, QStringLiteral("NetworkChaos"));
        QCOMPARE(created->ns, QStringLiteral("shop"));
        QCOMPARE(created->name, m.name());
        QCOMPARE(created->runId, QStringLiteral("r-create"));
        QVERIFY(!created->uid.isEmpty());

        auto again = kube->create(m);
        QVERIFY(!again);
        QVERIFY2(again.error().contains(QLatin1String("409 AlreadyExists")) &&
                     again.error().contains(m.name()) &&
                     again.error().contains(QLatin1String("Server dry run of NetworkChaos")),
                 qPrintable(again.error()));

        Manifest bad = latency(QStringLiteral("r-bad"), QStringLiteral("cart"));
        QJsonObject spec = bad.spec();
        spec.insert(QStringLiteral("action"), QStringLiteral("delayy"));
        bad.object.insert(QStringLiteral("spec"), spec);
        auto invalid = kube->create(bad);
        QVERIFY(!invalid);
        QVERIFY2(invalid.error().contains(QLatin1String("422 Invalid")) &&
                     invalid.error().contains(
                         QLatin1String("\n  - spec.action: Unsupported value: \"delayy\"")),
                 qPrintable(invalid.error()));
        QCOMPARE(
            m_server.request("GET", networkChaosPath(QStringLiteral("shop"), bad.name())).status,
            404L);
    }

    // The test plays the controller: it writes conditions, records and an Event; status() and
    // a watch window read them back as the experiment runner will.
    void statusAndWatchFollowTheController()
    {
        auto kube = admin();
        const Manifest m = latency(QStringLiteral("r-status"), QStringLiteral("frontend"));
        auto chaos = kube->create(m);
        QVERIFY2(chaos, qPrintable(chaos.error()));
        auto s = kube->status(*chaos);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Pending);
        auto rv = kube->resourceVersion(*chaos);
        QVERIFY2(rv, qPrintable(rv.error()));

        const QJsonObject injected = QJsonDocument::fromJson(R"({"status":{
            "conditions":[{"type":"Selected","status":"True"},{"type":"AllInjected","status":"True"},
                          {"type":"AllRecovered","status":"False"},{"type":"Paused","status":"False"}],
            "experiment":{"desiredPhase":"Run","containerRecords":[
                {"id":"shop/frontend-7d9c","selectorKey":".","phase":"Injected","injectedCount":1,"recoveredCount":0},
                {"id":"shop/frontend-x2b1/app","selectorKey":".","phase":"Injected","injectedCount":1,"recoveredCount":0}]}}})")
                                         .object();
        auto patched =
            m_objects.mergePatch(networkChaosPath(QStringLiteral("shop"), m.name()), injected);
        QVERIFY2(patched, qPrintable(patched.error()));
        auto event = m_objects.recordEvent(
            QStringLiteral("shop"), QStringLiteral("NetworkChaos"), m.name(),
            QStringLiteral("Applied"),
            QStringLiteral("Successfully apply chaos for shop/frontend-7d9c"));
        QVERIFY2(event, qPrintable(event.error()));

        s = kube->status(*chaos);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Injected);
        QCOMPARE(s->targets, (QStringList{QStringLiteral("shop/frontend-7d9c"),
                                          QStringLiteral("shop/frontend-x2b1")}));
        QCOMPARE(s->message,
                 QStringLiteral("Applied: Successfully apply chaos for shop/frontend-7d9c"));

        // Events after `rv`: the injection. The server closes the window after 1 s.
        auto batch = kube->watch(*chaos, *rv, 1);
        QVERIFY2(batch, qPrintable(batch.error()));
        QVERIFY(!batch->events.empty());
        QCOMPARE(batch->events.back().type, QStringLiteral("MODIFIED"));
        QCOMPARE(batch->events.back().status.phase, InjectionPhase::Injected);
        QVERIFY(batch->resourceVersion != *rv);

        // Duration over: the controller stops and recovers every record.
        const QJsonObject recovered = QJsonDocument::fromJson(R"({"status":{
            "conditions":[{"type":"Selected","status":"True"},{"type":"AllInjected","status":"False"},
                          {"type":"AllRecovered","status":"True"},{"type":"Paused","status":"False"}],
            "experiment":{"desiredPhase":"Stop","containerRecords":[
                {"id":"shop/frontend-7d9c","selectorKey":".","phase":"Not Injected","injectedCount":1,"recoveredCount":1}]}}})")
                                          .object();
        QVERIFY(
            m_objects.mergePatch(networkChaosPath(QStringLiteral("shop"), m.name()), recovered));
        auto next = kube->watch(*chaos, batch->resourceVersion, 1);
        QVERIFY2(next, qPrintable(next.error()));
        QCOMPARE(next->events.size(), size_t(1));
        QCOMPARE(next->events.front().status.phase, InjectionPhase::Recovered);
        // Nothing more happened: an empty window keeps the version.
        auto quiet = kube->watch(*chaos, next->resourceVersion, 1);
        QVERIFY2(quiet, qPrintable(quiet.error()));
        QVERIFY(quiet->events.empty());
        QCOMPARE(quiet->resourceVersion, next->resourceVersion);
    }

    // A Schedule has no conditions of its own: its state is that of the chaos it spawned. The
    // test plays the controller's cron loop (a PodChaos child labelled managed-by=<schedule>,
    // listed in the Schedule's status.active) and then the chaos controller on the child.
    void scheduleStatusFollowsItsChildren()
    {
        auto kube = admin();
        const meshscope::core::NodeId node(QStringLiteral("prod"), QStringLiteral("shop"),
                                           QStringLiteral("cart"));
        auto m = ManifestBuilder().build(
            TargetMapper().onNode(*ScenarioLibrary::load().find(QStringLiteral("seed-pod-kill")),
                                  node),
            QStringLiteral("r-sched"));
        QVERIFY2(m, qPrintable(m.error()));
        QCOMPARE(m->kind(), QStringLiteral("Schedule"));
        auto schedule = kube->create(*m);
        QVERIFY2(schedule, qPrintable(schedule.error()));

        auto s = kube->status(*schedule);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Pending);
        QVERIFY2(s->message.contains(QLatin1String("has spawned no PodChaos yet")) &&
                     s->message.contains(QLatin1String("@every 5m")),
                 qPrintable(s->message));

        // Two ticks: an older child already recovered, the newest one injected.
        const QString children =
            QStringLiteral("/apis/chaos-mesh.org/v1alpha1/namespaces/shop/podchaos");
        const auto spawn = [&](const QString &name) {
            const QJsonObject child{
                {QStringLiteral("apiVersion"), QStringLiteral("chaos-mesh.org/v1alpha1")},
                {QStringLiteral("kind"), QStringLiteral("PodChaos")},
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("name"), name},
                             {QStringLiteral("labels"),
                              QJsonObject{{QStringLiteral("managed-by"), m->name()}}}}},
                {QStringLiteral("spec"), m->spec().value(QLatin1String("podChaos")).toObject()}};
            return m_server.request("POST", children, QJsonDocument(child).toJson());
        };
        QCOMPARE(spawn(m->name() + QStringLiteral("-a")).status, 201L);
        // An unrelated PodChaos (another schedule's) is not a child.
        const QJsonObject other =
            QJsonDocument::fromJson(R"({"apiVersion":"chaos-mesh.org/v1alpha1",
            "kind":"PodChaos","metadata":{"name":"not-a-child","labels":{"managed-by":"other"}},
            "spec":{"action":"pod-kill","mode":"one","selector":{"namespaces":["shop"]}}})")
                .object();
        QCOMPARE(m_server.request("POST", children, QJsonDocument(other).toJson()).status, 201L);
        const QJsonObject recovered = QJsonDocument::fromJson(R"({"status":{
            "conditions":[{"type":"AllInjected","status":"False"},{"type":"AllRecovered","status":"True"}],
            "experiment":{"desiredPhase":"Stop","containerRecords":[
                {"id":"shop/cart-1","selectorKey":".","phase":"Not Injected","injectedCount":1,"recoveredCount":1}]}}})")
                                          .object();
        QVERIFY(m_objects.mergePatch(children + QLatin1Char('/') + m->name() + QStringLiteral("-a"),
                                     recovered));
        s = kube->status(*schedule);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Recovered);

        // Within one second of creation times the name orders the ticks (-a before -b).
        QCOMPARE(spawn(m->name() + QStringLiteral("-b")).status, 201L);
        const QJsonObject injected = QJsonDocument::fromJson(R"({"status":{
            "conditions":[{"type":"Selected","status":"True"},{"type":"AllInjected","status":"True"},
                          {"type":"AllRecovered","status":"False"}],
            "experiment":{"desiredPhase":"Run","containerRecords":[
                {"id":"shop/cart-2","selectorKey":".","phase":"Injected","injectedCount":1,"recoveredCount":0}]}}})")
                                         .object();
        QVERIFY(m_objects.mergePatch(children + QLatin1Char('/') + m->name() + QStringLiteral("-b"),
                                     injected));
        QVERIFY(m_objects.mergePatch(
            QStringLiteral("/apis/chaos-mesh.org/v1alpha1/namespaces/shop/schedules/") + m->name(),
            QJsonDocument::fromJson(QStringLiteral(R"({"status":{"active":[{"kind":"PodChaos",
                "namespace":"shop","name":"%1-b"}]}})")
                                        .arg(m->name())
                                        .toUtf8())
                .object()));
        s = kube->status(*schedule);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Injected);
        QCOMPARE(s->targets, QStringList{QStringLiteral("shop/cart-2")});
        QVERIFY2(s->message.contains(QStringLiteral("2 PodChaos spawned (1 active); newest %1-b "
                                                    "injected")
                                         .arg(m->name())),
                 qPrintable(s->message));

        // A failed child makes the Schedule failed, naming the child and the failure.
        const QJsonObject failed = QJsonDocument::fromJson(R"({"status":{
            "experiment":{"desiredPhase":"Run","containerRecords":[
                {"id":"shop/cart-1","selectorKey":".","phase":"Not Injected","injectedCount":1,"recoveredCount":1,
                 "events":[{"type":"Failed","operation":"Recover","message":"pod not found","timestamp":"2026-01-01T00:00:00Z"}]}]}}})")
                                       .object();
        QVERIFY(m_objects.mergePatch(children + QLatin1Char('/') + m->name() + QStringLiteral("-a"),
                                     failed));
        s = kube->status(*schedule);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Failed);
        QVERIFY2(s->message.contains(QLatin1String("pod not found")), qPrintable(s->message));

        // Deleting the Schedule: gone (a bare API server runs no garbage collector for the
        // children; on a cluster their ownerReference removes them).
        auto removed = kube->remove(*schedule, 5000);
        QVERIFY2(removed, qPrintable(removed.error()));
        s = kube->status(*schedule);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Gone);
    }

    // Pause is a merge-patch of the annotation only; the spec is untouched.
    void pausePatchesTheAnnotationOnly()
    {
        auto kube = admin();
        const Manifest m = latency(QStringLiteral("r-pause"), QStringLiteral("search"));
        auto chaos = kube->create(m);
        QVERIFY2(chaos, qPrintable(chaos.error()));
        const QJsonObject before =
            m_server.request("GET", networkChaosPath(QStringLiteral("shop"), m.name())).json();
        const auto paused = kube->pause(*chaos);
        QVERIFY2(paused, qPrintable(paused.error()));
        const QJsonObject after =
            m_server.request("GET", networkChaosPath(QStringLiteral("shop"), m.name())).json();
        QCOMPARE(after[QLatin1String("metadata")][QLatin1String("annotations")]
                      [QLatin1String(KubeExecutor::kPauseAnnotation)]
                          .toString(),
                 QStringLiteral("true"));
        QCOMPARE(after.value(QLatin1String("spec")), before.value(QLatin1String("spec")));
        QCOMPARE(after[QLatin1String("metadata")][QLatin1String("generation")].toInt(),
                 before[QLatin1String("metadata")][QLatin1String("generation")].toInt());
        QVERIFY(m_objects.mergePatch(
            networkChaosPath(QStringLiteral("shop"), m.name()),
            QJsonDocument::fromJson(
                R"({"status":{"conditions":[{"type":"Paused","status":"True"}],"experiment":{"desiredPhase":"Stop"}}})")
                .object()));
        auto s = kube->status(*chaos);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Paused);
    }

    void removeWithoutFinalizerIsGone()
    {
        auto kube = admin();
        auto chaos = kube->create(latency(QStringLiteral("r-remove"), QStringLiteral("ads")));
        QVERIFY2(chaos, qPrintable(chaos.error()));
        const auto removed = kube->remove(*chaos, 10000);
        QVERIFY2(removed, qPrintable(removed.error()));
        auto s = kube->status(*chaos);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Gone);
    }

    // A CR held by a finalizer (the test's, as Chaos Mesh's records finalizer would be) is
    // reported with its finalizers after the timeout, and left as it is; once the holder lets
    // go, it is gone.
    void finalizerStuckCrIsReportedNotStripped()
    {
        auto kube = admin();
        const Manifest m = latency(QStringLiteral("r-stuck"), QStringLiteral("email"));
        auto chaos = kube->create(m);
        QVERIFY2(chaos, qPrintable(chaos.error()));
        const QString path = networkChaosPath(QStringLiteral("shop"), m.name());
        QVERIFY(m_objects.mergePatch(
            path,
            QJsonDocument::fromJson(
                R"({"metadata":{"finalizers":["chaos-mesh/records","test.meshscope.io/hold"]}})")
                .object()));
        // The user's "stop waiting": a long remove() returns as soon as it is told, with the
        // holders. The stop comes once the DELETE has reached the server.
        std::thread stopper([&] {
            while (!m_server.request("GET", path)
                        .json()[QLatin1String("metadata")]
                        .toObject()
                        .contains(QLatin1String("deletionTimestamp"))) {
            }
            kube->stopWaiting();
        });
        const auto stopped = kube->remove(*chaos, 300000);
        stopper.join();
        QVERIFY(!stopped);
        QVERIFY2(stopped.error().contains(QLatin1String("stopped waiting")) &&
                     stopped.error().contains(
                         QLatin1String("chaos-mesh/records, test.meshscope.io/hold")),
                 qPrintable(stopped.error()));

        const auto removed = kube->remove(*chaos, 400);
        QVERIFY(!removed);
        QVERIFY2(removed.error().contains(QLatin1String("stuck in deletion")) &&
                     removed.error().contains(QLatin1String("still there after 400 ms")) &&
                     removed.error().contains(
                         QLatin1String("chaos-mesh/records, test.meshscope.io/hold")),
                 qPrintable(removed.error()));
        auto s = kube->status(*chaos);
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->phase, InjectionPhase::Deleting);
        QCOMPARE(s->finalizers.size(), 2); // never stripped

        QVERIFY(m_objects.mergePatch(
            path, QJsonDocument::fromJson(R"({"metadata":{"finalizers":null}})").object()));
        const auto done = kube->remove(*chaos, 10000);
        QVERIFY2(done, qPrintable(done.error()));
    }

    // Halt-all's list: every chaos kind, every namespace, only what carries Meshscope's label.
    void listManagedAcrossNamespacesAndKinds()
    {
        auto kube = admin();
        const meshscope::core::NodeId node(QStringLiteral("prod"), QStringLiteral("payments"),
                                           QStringLiteral("ledger"));
        auto kill = ManifestBuilder().build(
            TargetMapper().onNode(*ScenarioLibrary::load().find(QStringLiteral("seed-pod-kill")),
                                  node),
            QStringLiteral("r-list"));
        QVERIFY2(kill, qPrintable(kill.error()));
        auto created = kube->create(*kill);
        QVERIFY2(created, qPrintable(created.error()));
        // Someone else's chaos, without Meshscope's label: not listed.
        QJsonObject foreign = latency(QStringLiteral("r-foreign"), QStringLiteral("other")).object;
        QJsonObject meta = foreign.value(QLatin1String("metadata")).toObject();
        meta.insert(QStringLiteral("name"), QStringLiteral("not-ours"));
        meta.remove(QStringLiteral("labels"));
        foreign.insert(QStringLiteral("metadata"), meta);
        QCOMPARE(m_server
                     .request("POST", networkChaosPath(QStringLiteral("shop")),
                              QJsonDocument(foreign).toJson(QJsonDocument::Compact))
                     .status,
                 201L);

        auto managed = kube->listManaged();
        QVERIFY2(managed, qPrintable(managed.error()));
        QStringList names;
        for (const AppliedChaos &a : *managed)
            names << QStringLiteral("%1 %2/%3").arg(a.kind, a.ns, a.name);
        QVERIFY2(names.contains(QStringLiteral("Schedule payments/") + kill->name()),
                 qPrintable(names.join(u',')));
        QVERIFY2(names.contains(QStringLiteral("NetworkChaos shop/") +
                                latency(QStringLiteral("r-create")).name()),
                 qPrintable(names.join(u',')));
        QVERIFY(!names.join(u',').contains(QLatin1String("not-ours")));
        for (const AppliedChaos &a : *managed)
            QVERIFY(!a.runId.isEmpty());
    }

    void previewListsThePodsTheSelectorMatches()
    {
        for (const auto &[name, app] : {std::pair{"checkout-1", "checkout"},
                                        {"checkout-2", "checkout"},
                                        {"cart-1", "cart"}}) {
            auto r =
                m_objects.createPod(QStringLiteral("shop"), QString::fromLatin1(name),
                                    QJsonObject{{QStringLiteral("app"), QString::fromLatin1(app)}});
            QVERIFY2(r, qPrintable(r.error()));
        }
        auto kube = admin();
        const Manifest m = latency(QStringLiteral("r-preview"));
        auto targets = kube->previewTargets(m);
        QVERIFY2(targets, qPrintable(targets.error()));
        QCOMPARE(*targets, (QStringList{QStringLiteral("shop/checkout-1"),
                                        QStringLiteral("shop/checkout-2")}));
    }

    // RBAC: a user allowed to read chaos but not to create it gets the server's 403 with
    // its reason and message; the user without any rights cannot even list.
    void rbacForbiddenIsShown()
    {
        auto granted =
            m_objects.grant(QLatin1String(KubeTestServer::kLimitedUser), QStringLiteral("shop"),
                            {QStringLiteral("chaos-mesh.org")}, {QStringLiteral("networkchaos")},
                            {QStringLiteral("get"), QStringLiteral("list")});
        QVERIFY2(granted, qPrintable(granted.error()));
        auto limited = executor(
            QStringLiteral("    token: %1\n").arg(QLatin1String(KubeTestServer::kLimitedToken)),
            QStringLiteral("limited.yaml"));
        auto created = limited->create(latency(QStringLiteral("r-rbac"), QStringLiteral("rbac")));
        QVERIFY(!created);
        QVERIFY2(
            created.error().contains(QLatin1String("403 Forbidden")) &&
                created.error().contains(QLatin1String("meshscope-limited")) &&
                created.error().contains(QLatin1String("cannot create resource \"networkchaos\"")),
            qPrintable(created.error()));
        auto s = limited->status(AppliedChaos{QLatin1String(kChaosApiVersion),
                                              QStringLiteral("NetworkChaos"),
                                              QStringLiteral("shop"),
                                              latency(QStringLiteral("r-create")).name(),
                                              {},
                                              {}});
        QVERIFY2(s, qPrintable(s.error())); // get allowed; events are not, and that is no error
        QCOMPARE(s->phase, InjectionPhase::Pending);

        auto nobody = executor(
            QStringLiteral("    token: %1\n").arg(QLatin1String(KubeTestServer::kNobodyToken)),
            QStringLiteral("nobody.yaml"));
        auto listed = nobody->listManaged();
        QVERIFY(!listed);
        QVERIFY2(listed.error().contains(QLatin1String("403 Forbidden")) &&
                     listed.error().contains(QLatin1String("at the cluster scope")),
                 qPrintable(listed.error()));
    }
};

QTEST_GUILESS_MAIN(TestKubeExecutor)
#include "tst_kubeexecutor.moc"
