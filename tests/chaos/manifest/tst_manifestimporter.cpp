#include "chaos/manifest/manifestbuilder.h"
#include "chaos/manifest/manifestimporter.h"
#include "tests/chaos/common/chaosfixtures.h"

#include <QTest>

using namespace meshscope::chaos;

namespace {

ManifestImporter importer()
{
    return ManifestImporter(ManifestValidator(fixtures::builtInRegistry()), ManifestPolicy{});
}

// What the seed wrote: a kind Chaos Mesh never had, with its parameters loose in the spec.
const QByteArray kSeedNetworkDelay = R"(apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkDelay
metadata:
  name: checkout-latency
  namespace: shop
spec:
  mode: all
  selector:
    namespaces: [shop]
    labelSelectors:
      app: checkout
  latency: 800ms
  jitter: 150ms
  correlation: "100"
  duration: 5m
)";

} // namespace

class TestManifestImporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void inventedKindIsRefusedWithAFixAndTheConvertedManifest()
    {
        const ImportResult r = importer().import(kSeedNetworkDelay);
        QVERIFY(!r.accepted());
        QCOMPARE(
            r.hint,
            QStringLiteral("Chaos Mesh has no NetworkDelay; use NetworkChaos with action: delay"));
        QCOMPARE(r.issues.size(), size_t(1));
        QCOMPARE(r.issues.front().text(),
                 QStringLiteral("line 2:7: kind: Chaos Mesh has no NetworkDelay; use NetworkChaos "
                                "with action: delay"));
        QVERIFY(r.suggestion.has_value());
        QCOMPARE(r.suggestion->kind(), QStringLiteral("NetworkChaos"));
        QCOMPARE(r.suggestion->spec().value(QLatin1String("action")).toString(),
                 QStringLiteral("delay"));
        QCOMPARE(r.suggestion->spec().value(QLatin1String("delay")).toObject(),
                 (QJsonObject{{QStringLiteral("latency"), QStringLiteral("800ms")},
                              {QStringLiteral("jitter"), QStringLiteral("150ms")},
                              {QStringLiteral("correlation"), QStringLiteral("100")}}));
        QVERIFY2(r.suggestionIssues.empty(),
                 qPrintable(issueTexts(r.suggestionIssues).join(QLatin1Char('\n'))));

        // Taking the offer: the converted manifest, as YAML, imports cleanly.
        const ImportResult again = importer().import(ManifestBuilder::toYaml(*r.suggestion));
        QVERIFY2(again.accepted(), qPrintable(issueTexts(again.issues).join(QLatin1Char('\n'))));
    }

    void otherInventedKinds_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("hint");
        QTest::newRow("PodKill")
            << QStringLiteral("PodKill")
            << QStringLiteral("Chaos Mesh has no PodKill; use PodChaos with action: pod-kill");
        QTest::newRow("DNSFailure")
            << QStringLiteral("DNSFailure")
            << QStringLiteral("Chaos Mesh has no DNSFailure; use DNSChaos with action: error");
        QTest::newRow("lowercase real kind")
            << QStringLiteral("networkchaos")
            << QStringLiteral("Chaos Mesh has no networkchaos; kinds are "
                              "case-sensitive: use NetworkChaos");
        QTest::newRow("nothing alike")
            << QStringLiteral("Earthquake")
            << QStringLiteral("Chaos Mesh has no Earthquake; the kinds it has are DNSChaos, "
                              "HTTPChaos, NetworkChaos, PodChaos, Schedule, StressChaos");
    }
    void otherInventedKinds()
    {
        QFETCH(QString, kind);
        QFETCH(QString, hint);
        QByteArray text = kSeedNetworkDelay;
        text.replace("kind: NetworkDelay", QByteArray("kind: " + kind.toUtf8()));
        const ImportResult r = importer().import(text);
        QVERIFY(!r.accepted());
        QCOMPARE(r.hint, hint);
    }

    void validManifestWithoutDurationIsRefusedByTheGuardrail()
    {
        QByteArray text = kSeedNetworkDelay;
        text.replace("kind: NetworkDelay", "kind: NetworkChaos");
        text.replace("  latency: 800ms\n  jitter: 150ms\n  correlation: \"100\"\n",
                     "  action: delay\n  delay:\n    latency: 800ms\n");
        QVERIFY(importer().import(text).accepted());
        text.replace("  duration: 5m\n", "");
        const ImportResult r = importer().import(text);
        QVERIFY(!r.accepted());
        QCOMPARE(r.issues.size(), size_t(1));
        QVERIFY2(r.issues.front().text().contains(QLatin1String("spec.duration: Required value")),
                 qPrintable(r.issues.front().text()));
    }

    void syntaxErrorIsOneIssueWithLineAndColumn()
    {
        const ImportResult r = importer().import("kind: NetworkChaos\nspec: {mode: all\n");
        QVERIFY(!r.accepted());
        QCOMPARE(r.issues.size(), size_t(1));
        QVERIFY2(r.issues.front().text().startsWith(QLatin1String("line ")),
                 qPrintable(r.issues.front().text()));
    }
};

QTEST_GUILESS_MAIN(TestManifestImporter)
#include "tst_manifestimporter.moc"
