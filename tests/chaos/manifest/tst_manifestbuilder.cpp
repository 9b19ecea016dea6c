#include "chaos/manifest/kubenames.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/manifest/manifestvalidator.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"
#include "tests/chaos/common/chaosfixtures.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace meshscope::chaos;
using meshscope::core::NodeId;

namespace {

const NodeId kCheckout(QStringLiteral("prod"), QStringLiteral("shop"), QStringLiteral("checkout"));
const NodeId kPayments(QStringLiteral("prod"), QStringLiteral("shop"), QStringLiteral("payments"));

Scenario libraryScenario(const QString &id)
{
    static const ScenarioLibrary library = ScenarioLibrary::load();
    const Scenario *s = library.find(id);
    if (!s)
        qFatal("no built-in scenario %s", qPrintable(id));
    return *s;
}

} // namespace

class TestManifestBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every built-in scenario, aimed at a service, becomes a CR the real CRD schema accepts
    // and that obeys the guardrails (duration, labels).
    void everyBuiltInScenarioValidates_data()
    {
        QTest::addColumn<QString>("id");
        const ScenarioLibrary library = ScenarioLibrary::load();
        QVERIFY2(library.errors().isEmpty(), qPrintable(library.errors().join(QLatin1Char('\n'))));
        QVERIFY(library.scenarios().size() >= 13);
        for (const Scenario &s : library.scenarios())
            QTest::newRow(qPrintable(s.id)) << s.id;
    }
    void everyBuiltInScenarioValidates()
    {
        QFETCH(QString, id);
        const Scenario scenario = TargetMapper().onNode(libraryScenario(id), kCheckout);
        auto manifest = ManifestBuilder().build(scenario, QStringLiteral("r20261129a"));
        QVERIFY2(manifest, qPrintable(manifest.error()));
        const ManifestValidator validator(fixtures::builtInRegistry());
        QVERIFY2(validator.validate(*manifest).empty(),
                 qPrintable(issueTexts(validator.validate(*manifest)).join(QLatin1Char('\n')) +
                            QLatin1Char('\n') +
                            QString::fromUtf8(ManifestBuilder::toYaml(*manifest))));
        QVERIFY(validator.checkPolicy(*manifest, ManifestPolicy{}).empty());
        const QJsonObject labels = manifest->metadata().value(QLatin1String("labels")).toObject();
        QCOMPARE(labels.value(QLatin1String(kManagedByLabel)).toString(),
                 QStringLiteral("meshscope"));
        QCOMPARE(labels.value(QLatin1String(kRunIdLabel)).toString(), QStringLiteral("r20261129a"));
        QCOMPARE(manifest->ns(), QStringLiteral("shop"));
    }

    void seedLatencyCarriesTheSeedNumbers()
    {
        auto m = ManifestBuilder().build(
            TargetMapper().onNode(libraryScenario(QStringLiteral("seed-latency")), kCheckout),
            QStringLiteral("r1"));
        QVERIFY2(m, qPrintable(m.error()));
        const QJsonObject spec = m->spec();
        QCOMPARE(m->kind(), QStringLiteral("NetworkChaos"));
        QCOMPARE(spec.value(QLatin1String("action")).toString(), QStringLiteral("delay"));
        const QJsonObject delay = spec.value(QLatin1String("delay")).toObject();
        QCOMPARE(delay.value(QLatin1String("latency")).toString(), QStringLiteral("800ms"));
        QCOMPARE(delay.value(QLatin1String("jitter")).toString(), QStringLiteral("150ms"));
        QCOMPARE(delay.value(QLatin1String("correlation")).toString(), QStringLiteral("100"));
        QCOMPARE(spec.value(QLatin1String("selector"))
                     .toObject()
                     .value(QLatin1String("labelSelectors"))
                     .toObject(),
                 (QJsonObject{{QStringLiteral("app"), QStringLiteral("checkout")}}));
        QCOMPARE(spec.value(QLatin1String("duration")).toString(), QStringLiteral("5m"));
    }

    void podKillEveryFiveMinutesIsASchedule()
    {
        auto m = ManifestBuilder().build(
            TargetMapper().onNode(libraryScenario(QStringLiteral("seed-pod-kill")), kCheckout),
            QStringLiteral("r1"));
        QVERIFY2(m, qPrintable(m.error()));
        QCOMPARE(m->kind(), QStringLiteral("Schedule"));
        QCOMPARE(m->spec().value(QLatin1String("schedule")).toString(),
                 QStringLiteral("@every 5m"));
        QCOMPARE(m->spec().value(QLatin1String("type")).toString(), QStringLiteral("PodChaos"));
        const QJsonObject pod = m->spec().value(QLatin1String("podChaos")).toObject();
        QCOMPARE(pod.value(QLatin1String("action")).toString(), QStringLiteral("pod-kill"));
        QCOMPARE(pod.value(QLatin1String("mode")).toString(), QStringLiteral("one"));
        QCOMPARE(m->metadata()
                     .value(QLatin1String("annotations"))
                     .toObject()
                     .value(QLatin1String(kDurationAnnotation))
                     .toString(),
                 QStringLiteral("15m"));
    }

    void dnsFailureOnFifteenPercentIsFixedPercent()
    {
        auto m = ManifestBuilder().build(
            TargetMapper().onNode(libraryScenario(QStringLiteral("seed-dns-failure")), kCheckout),
            QStringLiteral("r1"));
        QVERIFY2(m, qPrintable(m.error()));
        QCOMPARE(m->kind(), QStringLiteral("DNSChaos"));
        QCOMPARE(m->spec().value(QLatin1String("action")).toString(), QStringLiteral("error"));
        QCOMPARE(m->spec().value(QLatin1String("mode")).toString(),
                 QStringLiteral("fixed-percent"));
        QCOMPARE(m->spec().value(QLatin1String("value")), QJsonValue(QStringLiteral("15")));
    }

    // A call A->B: NetworkChaos on A, target B, direction to.
    void callBecomesNetworkChaosWithTarget()
    {
        auto scenario = TargetMapper().onCall(libraryScenario(QStringLiteral("seed-latency")),
                                              kCheckout, kPayments);
        QVERIFY2(scenario, qPrintable(scenario.error()));
        auto m = ManifestBuilder().build(*scenario, QStringLiteral("r1"));
        QVERIFY2(m, qPrintable(m.error()));
        const QJsonObject spec = m->spec();
        QCOMPARE(spec.value(QLatin1String("direction")).toString(), QStringLiteral("to"));
        QCOMPARE(spec.value(QLatin1String("selector"))
                     .toObject()
                     .value(QLatin1String("labelSelectors"))
                     .toObject(),
                 (QJsonObject{{QStringLiteral("app"), QStringLiteral("checkout")}}));
        const QJsonObject target = spec.value(QLatin1String("target")).toObject();
        QCOMPARE(target.value(QLatin1String("mode")).toString(), QStringLiteral("all"));
        QCOMPARE(target.value(QLatin1String("selector"))
                     .toObject()
                     .value(QLatin1String("labelSelectors"))
                     .toObject(),
                 (QJsonObject{{QStringLiteral("app"), QStringLiteral("payments")}}));
        QCOMPARE(m->name(), QStringLiteral("networkchaos-network-delay-checkout-to-payments-r1"));
        QVERIFY(ManifestValidator(fixtures::builtInRegistry()).validate(*m).empty());

        auto podKill = TargetMapper().onCall(libraryScenario(QStringLiteral("seed-pod-kill")),
                                             kCheckout, kPayments);
        QVERIFY(!podKill);
        QVERIFY2(podKill.error().contains(QLatin1String("pick a network fault")),
                 qPrintable(podKill.error()));
    }

    void chosenPodsBecomeAPodsSelector()
    {
        Scenario s = libraryScenario(QStringLiteral("pod-failure-one"));
        s.target = TargetMapper().forPods(kCheckout, {QStringLiteral("checkout-7d9c-abcde")});
        auto m = ManifestBuilder().build(s, QStringLiteral("r1"));
        QVERIFY2(m, qPrintable(m.error()));
        QCOMPARE(m->spec()
                     .value(QLatin1String("selector"))
                     .toObject()
                     .value(QLatin1String("pods"))
                     .toObject(),
                 (QJsonObject{
                     {QStringLiteral("shop"), QJsonArray{QStringLiteral("checkout-7d9c-abcde")}}}));
        QVERIFY(ManifestValidator(fixtures::builtInRegistry()).validate(*m).empty());
    }

    void namesAreDeterministicAndDns1123_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("runId");
        QTest::newRow("plain") << QStringLiteral("checkout") << QStringLiteral("r1");
        QTest::newRow("upper and underscores")
            << QStringLiteral("Checkout_API.v2") << QStringLiteral("Run_42");
        QTest::newRow("very long")
            << QString(120, QLatin1Char('x')) << QStringLiteral("r20261129-203000-abcdef");
        QTest::newRow("symbols only") << QStringLiteral("***") << QStringLiteral("r1");
    }
    void namesAreDeterministicAndDns1123()
    {
        QFETCH(QString, service);
        QFETCH(QString, runId);
        const NodeId node(QStringLiteral("c"), QStringLiteral("shop"), service);
        const Scenario s =
            TargetMapper().onNode(libraryScenario(QStringLiteral("seed-latency")), node);
        const QString a = ManifestBuilder::nameFor(s, runId);
        QCOMPARE(ManifestBuilder::nameFor(s, runId), a);
        QVERIFY2(KubeNames::isDns1123Label(a), qPrintable(a));
        QVERIFY(a.size() <= 63);
        QVERIFY2(a.endsWith(KubeNames::sanitize(runId).left(20)), qPrintable(a));
    }

    void longTargetsStayDistinct()
    {
        const QString stem(100, QLatin1Char('y'));
        QSet<QString> names;
        for (const QString &suffix :
             {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
            const NodeId node(QStringLiteral("c"), QStringLiteral("shop"), stem + suffix);
            names.insert(ManifestBuilder::nameFor(
                TargetMapper().onNode(libraryScenario(QStringLiteral("seed-latency")), node),
                QStringLiteral("r1")));
        }
        QCOMPARE(names.size(), 3);
    }

    void durationIsMandatoryAndCapped_data()
    {
        QTest::addColumn<QString>("duration");
        QTest::addColumn<QString>("error"); // empty: builds
        QTest::newRow("within") << QStringLiteral("10m") << QString();
        QTest::newRow("at the cap") << QStringLiteral("15m") << QString();
        QTest::newRow("above")
            << QStringLiteral("15m1s")
            << QStringLiteral(
                   "duration: \"15m1s\" is longer than the cap of 15m (chaos setting maxDuration)");
        QTest::newRow("missing") << QString()
                                 << QStringLiteral(
                                        "duration: every fault needs a duration (at most 15m)");
        QTest::newRow("zero") << QStringLiteral("0s") << QStringLiteral("must be longer than zero");
        QTest::newRow("not a duration")
            << QStringLiteral("five minutes") << QStringLiteral("is not a duration");
    }
    void durationIsMandatoryAndCapped()
    {
        QFETCH(QString, duration);
        QFETCH(QString, error);
        ManifestPolicy policy;
        policy.maxDuration = std::chrono::minutes(15);
        Scenario s =
            TargetMapper().onNode(libraryScenario(QStringLiteral("seed-latency")), kCheckout);
        s.duration = duration;
        auto m = ManifestBuilder(policy).build(s, QStringLiteral("r1"));
        if (error.isEmpty()) {
            QVERIFY2(m, qPrintable(m.error()));
            QCOMPARE(m->spec().value(QLatin1String("duration")).toString(), duration);
        } else {
            QVERIFY(!m);
            QVERIFY2(m.error().contains(error), qPrintable(m.error()));
        }
    }

    void scenarioWithoutTargetIsRefused()
    {
        auto m = ManifestBuilder().build(libraryScenario(QStringLiteral("seed-latency")),
                                         QStringLiteral("r1"));
        QVERIFY(!m);
        QVERIFY2(m.error().contains(QLatin1String("no target")), qPrintable(m.error()));
    }

    // The YAML a user sees and edits reads back to the same object.
    void yamlRoundTripsAndEditsParseBack()
    {
        auto m = ManifestBuilder().build(
            TargetMapper().onNode(libraryScenario(QStringLiteral("seed-dns-failure")), kCheckout),
            QStringLiteral("r1"));
        QVERIFY(m);
        const QByteArray yaml = ManifestBuilder::toYaml(*m);
        QVERIFY2(yaml.startsWith("apiVersion: chaos-mesh.org/v1alpha1\nkind: DNSChaos\n"),
                 yaml.constData());
        auto back = ManifestBuilder::fromYaml(yaml);
        QVERIFY2(back, qPrintable(back.error()));
        QCOMPARE(back->object, m->object);

        QByteArray edit = yaml;
        edit.replace("value: \"15\"", "value: \"25\"");
        auto edited = ManifestBuilder::fromYaml(edit);
        QVERIFY(edited);
        QCOMPARE(edited->spec().value(QLatin1String("value")).toString(), QStringLiteral("25"));

        auto broken = ManifestBuilder::fromYaml(yaml + "spec: [\n");
        QVERIFY(!broken);
        QVERIFY2(broken.error().startsWith(QLatin1String("line ")), qPrintable(broken.error()));
    }
};

QTEST_GUILESS_MAIN(TestManifestBuilder)
#include "tst_manifestbuilder.moc"
