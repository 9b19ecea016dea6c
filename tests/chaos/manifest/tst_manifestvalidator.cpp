#include "chaos/manifest/manifestbuilder.h"
#include "chaos/manifest/manifestvalidator.h"
#include "tests/chaos/common/chaosfixtures.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace meshscope::chaos;

namespace {

// A valid NetworkChaos to break one field at a time.
const QByteArray kGood = R"(apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: delay-checkout
  namespace: shop
spec:
  action: delay
  mode: all
  selector:
    namespaces: [shop]
    labelSelectors:
      app: checkout
  delay:
    latency: 800ms
    jitter: 150ms
    correlation: "100"
  duration: 5m
)";

QByteArray edited(const char *from, const char *to)
{
    QByteArray t = kGood;
    Q_ASSERT(t.contains(from));
    return t.replace(from, to);
}

} // namespace

class TestManifestValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every upstream example parses and validates against the real CRD schema of its kind.
    void referenceExamplesValidate_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(fixtures::referenceDir() + QStringLiteral("/examples"));
        const QStringList files =
            dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 17, qPrintable(dir.path()));
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }
    void referenceExamplesValidate()
    {
        QFETCH(QString, path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto manifest = ManifestBuilder::fromYaml(f.readAll());
        QVERIFY2(manifest, qPrintable(manifest.error()));
        const ManifestValidator validator(fixtures::referenceRegistry());
        const ValidationIssues issues = validator.validate(*manifest);
        QVERIFY2(issues.empty(), qPrintable(issueTexts(issues).join(QLatin1Char('\n'))));
    }

    void goodManifestHasNoIssues()
    {
        auto m = ManifestBuilder::fromYaml(kGood);
        QVERIFY2(m, qPrintable(m.error()));
        const ManifestValidator validator(fixtures::builtInRegistry());
        QVERIFY2(validator.validate(*m).empty(),
                 qPrintable(issueTexts(validator.validate(*m)).join(QLatin1Char('\n'))));
        QVERIFY(validator.checkPolicy(*m, ManifestPolicy{}).empty());
    }

    // Each row breaks one thing; the first issue names the field, the rule and the line.
    void badManifestsNameFieldAndLine_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>(
            "expected"); // the first issue's text starts with it / contains it
        QTest::newRow("bad enum") << edited("action: delay", "action: delayy")
                                  << QStringLiteral(
                                         "line 7:11: spec.action: Unsupported value: \"delayy\": "
                                         "supported values: \"netem\", \"delay\"");
        QTest::newRow("missing required mode")
            << edited("  mode: all\n", "") << QStringLiteral("spec.mode: Required value");
        QTest::newRow("latency pattern")
            << edited("latency: 800ms", "latency: 800sec")
            << QStringLiteral("line 14:14: spec.delay.latency: Invalid value: \"800sec\": "
                              "spec.delay.latency in body should match");
        QTest::newRow("value must be text")
            << edited("mode: all", "mode: fixed-percent\n  value: 15")
            << QStringLiteral("spec.value: Invalid value: \"integer\": spec.value "
                              "in body must be of type string");
        QTest::newRow("percent over 100")
            << edited("mode: all", "mode: fixed-percent\n  value: \"150\"")
            << QStringLiteral("spec.value: Invalid value: \"150\": must be (0,100]");
        QTest::newRow("unknown field")
            << edited("latency: 800ms", "latncy: 800ms")
            << QStringLiteral("spec.delay.latncy: unknown field \"latncy\"");
        QTest::newRow("direction enum")
            << edited("mode: all", "mode: all\n  direction: sideways")
            << QStringLiteral("spec.direction: Unsupported value: \"sideways\"");
        QTest::newRow("namespaces not a list")
            << edited("namespaces: [shop]", "namespaces: shop")
            << QStringLiteral("spec.selector.namespaces: Invalid value: \"string\"");
        QTest::newRow("name not DNS-1123")
            << edited("name: delay-checkout", "name: Delay_Checkout")
            << QStringLiteral("metadata.name: Invalid value: \"Delay_Checkout\"");
        QTest::newRow("wrong apiVersion")
            << edited("chaos-mesh.org/v1alpha1", "chaos-mesh.org/v1")
            << QStringLiteral("apiVersion: Invalid value: \"chaos-mesh.org/v1\": "
                              "NetworkChaos is served as chaos-mesh.org/v1alpha1");
        QTest::newRow("bad duration")
            << edited("duration: 5m", "duration: 5 minutes")
            << QStringLiteral("spec.duration: Invalid value: \"5 minutes\" is not a duration");
        QTest::newRow("unknown kind")
            << edited("kind: NetworkChaos", "kind: NetworkDelay")
            << QStringLiteral("line 2:7: kind: Chaos Mesh has no kind \"NetworkDelay\"");
    }
    void badManifestsNameFieldAndLine()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        auto m = ManifestBuilder::fromYaml(yaml);
        QVERIFY2(m, qPrintable(m.error()));
        const ManifestValidator validator(fixtures::builtInRegistry());
        const ValidationIssues issues = validator.validate(*m);
        const QStringList texts = issueTexts(issues);
        QVERIFY2(!issues.empty(), "a broken manifest passed validation");
        bool found = false;
        for (const QString &t : texts)
            found = found || t.contains(expected);
        QVERIFY2(found, qPrintable(QStringLiteral("expected \"%1\" in:\n%2")
                                       .arg(expected, texts.join(QLatin1Char('\n')))));
    }

    void webhookRulesOfPodAndStressChaos()
    {
        const ManifestValidator validator(fixtures::builtInRegistry());
        auto kill = ManifestBuilder::fromYaml(
            "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\n"
            "metadata: {name: k, namespace: shop}\n"
            "spec: {action: container-kill, mode: one, selector: {namespaces: [shop]}}\n");
        QVERIFY(kill);
        QVERIFY(issueTexts(validator.validate(*kill))
                    .join(QLatin1Char('\n'))
                    .contains(QLatin1String("spec.containerNames: Required value")));
        auto stress =
            ManifestBuilder::fromYaml("apiVersion: chaos-mesh.org/v1alpha1\nkind: StressChaos\n"
                                      "metadata: {name: s, namespace: shop}\n"
                                      "spec: {mode: one, selector: {namespaces: [shop]}}\n");
        QVERIFY(stress);
        QVERIFY(issueTexts(validator.validate(*stress))
                    .join(QLatin1Char('\n'))
                    .contains(QLatin1String("spec.stressors: Required value: missing stressors")));
    }

    void policyWantsADurationWithinTheCap()
    {
        const ManifestValidator validator(fixtures::builtInRegistry());
        ManifestPolicy policy;
        policy.maxDuration = std::chrono::minutes(10);
        auto none = ManifestBuilder::fromYaml(edited("  duration: 5m\n", ""));
        QVERIFY(none);
        QVERIFY(validator.validate(*none).empty()); // Chaos Mesh itself accepts it...
        const QStringList missing = issueTexts(validator.checkPolicy(*none, policy));
        QCOMPARE(missing.size(), 1); // ...Meshscope does not
        QVERIFY2(missing.first().contains(QLatin1String("spec.duration: Required value")),
                 qPrintable(missing.first()));
        auto longOne = ManifestBuilder::fromYaml(edited("duration: 5m", "duration: 2h"));
        QVERIFY(longOne);
        const QStringList tooLong = issueTexts(validator.checkPolicy(*longOne, policy));
        QCOMPARE(tooLong.size(), 1);
        QVERIFY2(tooLong.first().contains(QLatin1String("longer than the cap of 10m")),
                 qPrintable(tooLong.first()));
    }

    void builtInRegistryShipsTheKindsMeshscopeCreates()
    {
        QCOMPARE(fixtures::builtInRegistry()->kinds(),
                 (QStringList{QStringLiteral("DNSChaos"), QStringLiteral("HTTPChaos"),
                              QStringLiteral("NetworkChaos"), QStringLiteral("PodChaos"),
                              QStringLiteral("Schedule"), QStringLiteral("StressChaos")}));
        const CrdInfo *nc = fixtures::builtInRegistry()->find(QStringLiteral("NetworkChaos"));
        QVERIFY(nc);
        QCOMPARE(nc->plural, QStringLiteral("networkchaos"));
        QCOMPARE(nc->version, QStringLiteral("v1alpha1"));
    }
};

QTEST_GUILESS_MAIN(TestManifestValidator)
#include "tst_manifestvalidator.moc"
