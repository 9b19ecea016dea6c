// The pod queries a Chaos Mesh selector previews with: the CR's namespace when `namespaces` is
// empty, labels and expressions as one label selector, a Schedule's inner selector, explicit
// pods, and the checks the API server cannot do (phase, annotations) made on each pod.

#include "chaos/kube/podselectorquery.h"

#include <QJsonDocument>
#include <QTest>

using namespace meshscope::chaos;

namespace {

Manifest manifest(const QByteArray &json)
{
    Manifest m;
    m.object = QJsonDocument::fromJson(json).object();
    return m;
}

} // namespace

class TestPodSelectorQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyNamespacesMeanTheCrsOwn()
    {
        auto q = PodSelectorQuery::fromManifest(manifest(R"({"kind":"NetworkChaos",
            "metadata":{"name":"n","namespace":"shop"},
            "spec":{"selector":{"labelSelectors":{"app":"checkout"},
                    "expressionSelectors":[{"key":"tier","operator":"In","values":["web","api"]},
                                           {"key":"canary","operator":"DoesNotExist"}]}}})"));
        QVERIFY2(q, qPrintable(q.error()));
        QCOMPARE(q->size(), size_t(1));
        QCOMPARE(q->front().ns, QStringLiteral("shop"));
        QCOMPARE(q->front().labelSelector,
                 QStringLiteral("app=checkout,tier in (web,api),!canary"));
    }

    void scheduleNamespacesAndChecks()
    {
        auto q = PodSelectorQuery::fromManifest(manifest(R"({"kind":"Schedule",
            "metadata":{"name":"s","namespace":"ops"},
            "spec":{"schedule":"@every 5m","type":"PodChaos","podChaos":{"action":"pod-kill","mode":"one",
                    "selector":{"namespaces":["a","b"],"podPhaseSelectors":["Running"],
                                "annotationSelectors":{"team":"pay"}}}}})"));
        QVERIFY2(q, qPrintable(q.error()));
        QCOMPARE(q->size(), size_t(2));
        QCOMPARE(q->at(1).ns, QStringLiteral("b"));
        const PodQuery &query = q->front();
        const auto pod = [](const char *phase, const char *team) {
            return QJsonDocument::fromJson(
                       QStringLiteral(
                           R"({"metadata":{"name":"p","annotations":{"team":"%2"}},"status":{"phase":"%1"}})")
                           .arg(QLatin1String(phase), QLatin1String(team))
                           .toUtf8())
                .object();
        };
        QVERIFY(PodSelectorQuery::matches(query, pod("Running", "pay")));
        QVERIFY(!PodSelectorQuery::matches(query, pod("Pending", "pay")));
        QVERIFY(!PodSelectorQuery::matches(query, pod("Running", "ads")));
    }

    void explicitPodsAndErrors()
    {
        auto q = PodSelectorQuery::fromManifest(manifest(
            R"({"kind":"PodChaos","metadata":{"name":"k"},"spec":{"selector":{"pods":{"shop":["web-1","web-2"]}}}})"));
        QVERIFY2(q, qPrintable(q.error()));
        QCOMPARE(q->front().podNames,
                 (QStringList{QStringLiteral("web-1"), QStringLiteral("web-2")}));
        auto bad = PodSelectorQuery::fromManifest(manifest(
            R"({"kind":"PodChaos","metadata":{"name":"k"},"spec":{"selector":{"expressionSelectors":[{"key":"a","operator":"Like"}]}}})"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().contains(QLatin1String("expressionSelectors[0].operator: 'Like'")),
                 qPrintable(bad.error()));
        auto none = PodSelectorQuery::fromManifest(
            manifest(R"({"kind":"Workflow","metadata":{"name":"w"},"spec":{}})"));
        QVERIFY(!none);
        QVERIFY2(none.error().contains(QLatin1String("no spec.selector")),
                 qPrintable(none.error()));
    }
};

QTEST_GUILESS_MAIN(TestPodSelectorQuery)
#include "tst_podselectorquery.moc"
