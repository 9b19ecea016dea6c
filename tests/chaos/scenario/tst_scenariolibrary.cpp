#include "chaos/scenario/scenariolibrary.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope::chaos;

namespace {

void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestScenarioLibrary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInsCoverEveryFaultKind()
    {
        const ScenarioLibrary library = ScenarioLibrary::load();
        QVERIFY2(library.errors().isEmpty(), qPrintable(library.errors().join(QLatin1Char('\n'))));
        QStringList kinds;
        for (const Scenario &s : library.scenarios())
            kinds << faultKindName(s.kind);
        for (const QString &k : allFaultKindNames())
            QVERIFY2(kinds.contains(k),
                     qPrintable(QStringLiteral("no built-in scenario for %1").arg(k)));
    }

    // The seed's three headline faults, with their numbers.
    void seedScenarios()
    {
        const ScenarioLibrary library = ScenarioLibrary::load();
        const Scenario *latency = library.find(QStringLiteral("seed-latency"));
        QVERIFY(latency);
        QCOMPARE(latency->kind, FaultKind::NetworkDelay);
        QCOMPARE(latency->parameters.latency, QStringLiteral("800ms"));
        QCOMPARE(latency->parameters.jitter, QStringLiteral("150ms"));
        QCOMPARE(latency->parameters.correlation, QStringLiteral("100"));

        const Scenario *kill = library.find(QStringLiteral("seed-pod-kill"));
        QVERIFY(kill);
        QCOMPARE(kill->kind, FaultKind::PodKill);
        QCOMPARE(kill->schedule, QStringLiteral("@every 5m"));
        QCOMPARE(kill->target.mode, SelectorMode::One);

        const Scenario *dns = library.find(QStringLiteral("seed-dns-failure"));
        QVERIFY(dns);
        QCOMPARE(dns->kind, FaultKind::DnsError);
        QCOMPARE(dns->target.mode, SelectorMode::FixedPercent);
        QCOMPARE(dns->target.value, QStringLiteral("15"));
    }

    void userFolderAddsAndOverridesAndReportsBrokenFiles()
    {
        QTemporaryDir user;
        write(user.filePath(QStringLiteral("mine.yaml")),
              "kind: Scenario\nid: my-loss\nname: Mine\nfault: network-loss\nduration: "
              "1m\nparameters: {loss: \"50\"}\n");
        write(user.filePath(QStringLiteral("override.yaml")),
              "kind: Scenario\nid: seed-latency\nname: Slower\nfault: network-delay\nduration: 1m\n"
              "parameters: {latency: 2s}\n");
        write(user.filePath(QStringLiteral("broken.yaml")),
              "kind: Scenario\nid: b\nfault: nope\nduration: 1m\n");
        const ScenarioLibrary builtIn = ScenarioLibrary::load();
        const ScenarioLibrary library = ScenarioLibrary::load(user.path());
        QCOMPARE(library.scenarios().size(), builtIn.scenarios().size() + 1);
        QVERIFY(library.find(QStringLiteral("my-loss")));
        QCOMPARE(library.find(QStringLiteral("seed-latency"))->parameters.latency,
                 QStringLiteral("2s"));
        QCOMPARE(library.errors().size(), 1);
        QVERIFY2(library.errors().first().contains(QLatin1String("broken.yaml: line 3:8: fault")),
                 qPrintable(library.errors().first()));
    }

    void missingUserFolderIsNoError()
    {
        const ScenarioLibrary library =
            ScenarioLibrary::load(QStringLiteral("/nonexistent/meshscope/scenarios"));
        QVERIFY(library.errors().isEmpty());
        QVERIFY(!library.scenarios().empty());
    }
};

QTEST_GUILESS_MAIN(TestScenarioLibrary)
#include "tst_scenariolibrary.moc"
