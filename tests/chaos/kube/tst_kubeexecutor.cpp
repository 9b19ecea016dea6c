// KubeExecutor against a real kube-apiserver + etcd (KubeTestServer) with the real Chaos Mesh
// CRDs registered: dry run, create and what the server refuses (409, 422, RBAC's 403), Halt-all's
// list, the pods a selector matches. The executor connects as a user's would, from a kubeconfig
// file (the credential kinds are tst_kubeclient's subject). Status, watch, pause and removal, with
// the test playing Chaos Mesh's controller: tst_kubeexecutor_status. Without a built
// kube-apiserver this test FAILS (never skips): run scripts/build-apiserver.sh.

#include "chaos/kube/kubeclient.h"
#include "chaos/kube/kubeexecutor.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"
#include "tests/testsupport/kubeexecutortest.h"

#include <QJsonDocument>
#include <QTest>

using namespace meshscope::chaos;
using meshscope::testing::KubeExecutorTest;
using meshscope::testing::KubeTestServer;
using meshscope::testing::networkChaosPath;

// listManagedAcrossNamespacesAndKinds and rbacForbiddenIsShown read the NetworkChaos that
// createConflictAndInvalid creates (run "r-create"): they run after it, in this binary.
class TestKubeExecutor : public KubeExecutorTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        auto started = startServer();
        QVERIFY2(started, qPrintable(started.error()));
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
