// KubeExecutor's view of a chaos while Chaos Mesh acts on it, against a real kube-apiserver +
// etcd with the real CRDs: the test plays the controller by writing the CR's status and Events,
// and checks status(), watch windows, a Schedule's children, pause, and removal with and without
// a finalizer holding the CR. Creation and refusals: tst_kubeexecutor. Without a built
// kube-apiserver this test FAILS (never skips): run scripts/build-apiserver.sh.

#include "chaos/kube/kubeexecutor.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"
#include "tests/testsupport/kubeexecutortest.h"

#include <QJsonDocument>
#include <QTest>

#include <thread>

using namespace meshscope::chaos;
using meshscope::testing::KubeExecutorTest;
using meshscope::testing::networkChaosPath;

class TestKubeExecutorStatus : public KubeExecutorTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        auto started = startServer();
        QVERIFY2(started, qPrintable(started.error()));
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
};

QTEST_GUILESS_MAIN(TestKubeExecutorStatus)
#include "tst_kubeexecutor_status.moc"
