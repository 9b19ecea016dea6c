#include "chaos/manifest/manifestbuilder.h"
#include "chaos/manifest/manifestreader.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;

namespace {

const core::NodeId kFrontend(QStringLiteral("c"), QStringLiteral("shop"),
                             QStringLiteral("frontend"));
const core::NodeId kCatalog(QStringLiteral("c"), QStringLiteral("shop"),
                            QStringLiteral("productcatalogservice"));

// What the form compares: everything but the library's own words.
Scenario withoutWords(Scenario s)
{
    s.id.clear();
    s.name.clear();
    s.description.clear();
    return s;
}

} // namespace

class TestManifestReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The live YAML's round trip: whatever the form shows, edited as text and read back, is the
    // same scenario — for every built-in, on a service and (network faults) on a call.
    void everyBuiltInRoundTrips_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("onCall");
        const ScenarioLibrary library = ScenarioLibrary::load();
        for (const Scenario &s : library.scenarios()) {
            QTest::newRow(qPrintable(s.id)) << s.id << false;
            if (chaosKind(s.kind) == QLatin1String("NetworkChaos"))
                QTest::newRow(qPrintable(s.id + QStringLiteral(" on a call"))) << s.id << true;
        }
    }
    void everyBuiltInRoundTrips()
    {
        QFETCH(QString, id);
        QFETCH(bool, onCall);
        const ScenarioLibrary library = ScenarioLibrary::load();
        const TargetMapper mapper;
        Scenario s = *library.find(id);
        if (onCall) {
            auto call = mapper.onCall(s, kFrontend, kCatalog);
            QVERIFY2(call, qPrintable(call.error()));
            s = call.value();
        } else {
            s = mapper.onNode(s, kCatalog);
        }
        const auto built = ManifestBuilder().build(s, QStringLiteral("run-1"));
        QVERIFY2(built, qPrintable(built.error()));
        const auto reread = ManifestBuilder::fromYaml(ManifestBuilder::toYaml(built.value()));
        QVERIFY2(reread, qPrintable(reread.error()));
        const auto read = ManifestReader::toScenario(reread.value());
        QVERIFY2(read, qPrintable(read.error()));
        QCOMPARE(withoutWords(read.value()), withoutWords(s));
    }

    void anEditedValueComesBack()
    {
        const QByteArray yaml = R"(apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: x
  namespace: shop
spec:
  action: delay
  mode: fixed-percent
  value: "50"
  selector:
    namespaces: [shop]
    labelSelectors:
      app: cartservice
  delay:
    latency: 1200ms
    correlation: 25
  duration: 90s
)";
        const auto manifest = ManifestBuilder::fromYaml(yaml);
        QVERIFY(manifest);
        const auto s = ManifestReader::toScenario(manifest.value());
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->kind, FaultKind::NetworkDelay);
        QCOMPARE(s->parameters.latency, QStringLiteral("1200ms"));
        QCOMPARE(s->parameters.correlation, QStringLiteral("25")); // a number in YAML: still text
        QCOMPARE(s->target.mode, SelectorMode::FixedPercent);
        QCOMPARE(s->target.value, QStringLiteral("50"));
        QCOMPARE(s->target.displayName, QStringLiteral("cartservice"));
        QCOMPARE(s->duration, QStringLiteral("90s"));
    }

    void whatTheFormCannotShowIsNamed_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "apiVersion: chaos-mesh.org/v1alpha1\nmetadata: {name: x}\n";
        QTest::newRow("two namespaces")
            << head + "kind: PodChaos\nspec: {action: pod-kill, mode: one, selector: "
                      "{namespaces: [a, b]}}\n"
            << QStringLiteral("spec.selector.namespaces: the form targets one namespace");
        QTest::newRow("unknown action")
            << head + "kind: NetworkChaos\nspec: {action: corrupt, mode: one, selector: "
                      "{namespaces: [a]}}\n"
            << QStringLiteral("spec.action: NetworkChaos \"corrupt\"");
        QTest::newRow("no selector")
            << head + "kind: PodChaos\nspec: {action: pod-kill, mode: one}\n"
            << QStringLiteral("spec.selector: no namespace");
        QTest::newRow("empty schedule")
            << head + "kind: Schedule\nspec: {schedule: '@every 5m', type: PodChaos}\n"
            << QStringLiteral("spec.podChaos: the Schedule has no PodChaos");
    }
    void whatTheFormCannotShowIsNamed()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const auto manifest = ManifestBuilder::fromYaml(yaml);
        QVERIFY2(manifest, qPrintable(manifest.error()));
        const auto s = ManifestReader::toScenario(manifest.value());
        QVERIFY(!s);
        QVERIFY2(s.error().startsWith(expected), qPrintable(s.error()));
    }
};

QTEST_GUILESS_MAIN(TestManifestReader)
#include "tst_manifestreader.moc"
