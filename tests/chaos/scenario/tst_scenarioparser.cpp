#include "chaos/scenario/scenarioparser.h"

#include <QTest>

using namespace meshscope::chaos;

class TestScenarioParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAFullScenario()
    {
        auto s = ScenarioParser::parse(R"(kind: Scenario
id: edge-latency
name: Latency on a call
fault: network-delay
duration: 2m30s
target: {namespace: shop, service: checkout, labels: {app: checkout}, mode: fixed, value: "2"}
peer: {namespace: shop, labels: {app: payments}}
parameters:
  latency: 800ms
  jitter: 150ms
  correlation: 100
  direction: both
)");
        QVERIFY2(s, qPrintable(s.error()));
        QCOMPARE(s->kind, FaultKind::NetworkDelay);
        QCOMPARE(s->duration, QStringLiteral("2m30s"));
        QCOMPARE(s->target.ns, QStringLiteral("shop"));
        QCOMPARE(s->target.mode, SelectorMode::Fixed);
        QCOMPARE(s->target.value, QStringLiteral("2"));
        QCOMPARE(s->parameters.correlation,
                 QStringLiteral("100")); // a number is accepted as percent text
        QCOMPARE(s->parameters.direction, NetworkDirection::Both);
        QVERIFY(s->parameters.peer.has_value());
        QCOMPARE(s->parameters.peer->labels.value(QStringLiteral("app")),
                 QStringLiteral("payments"));

        // Written back and read again, nothing is lost.
        auto again = ScenarioParser::parse(ScenarioParser::toYaml(*s));
        QVERIFY2(again, qPrintable(again.error()));
        QCOMPARE(*again, *s);
    }

    void errorsNameFileFieldAndLine_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        const QByteArray head = "kind: Scenario\nid: x\nfault: network-delay\nduration: 5m\n";
        QTest::newRow("unknown fault")
            << QByteArray("kind: Scenario\nid: x\nfault: network-delai\nduration: 5m\n")
            << QStringLiteral("my.yaml: line 3:8: fault: \"network-delai\" is not a fault");
        QTest::newRow("typo in parameters")
            << head + "parameters:\n  latncy: 800ms\n"
            << QStringLiteral("my.yaml: line 6:11: parameters.latncy: unknown key");
        QTest::newRow("missing duration")
            << QByteArray("kind: Scenario\nid: x\nfault: pod-kill\n")
            << QStringLiteral("duration: required: every fault has a duration");
        QTest::newRow("bad duration")
            << QByteArray("kind: Scenario\nid: x\nfault: pod-kill\nduration: 5 min\n")
            << QStringLiteral("line 4:11: duration: \"5 min\" is not a duration");
        QTest::newRow("bad mode") << head + "target: {mode: some}\n"
                                  << QStringLiteral("target.mode: \"some\" is not a mode");
        QTest::newRow("wrong type") << head + "parameters: {port: eighty}\n"
                                    << QStringLiteral("parameters.port: expected a whole number");
        QTest::newRow("not a scenario")
            << QByteArray("kind: NetworkChaos\nid: x\nfault: pod-kill\nduration: 1m\n")
            << QStringLiteral("kind: expected \"Scenario\"");
        QTest::newRow("not a mapping")
            << QByteArray("- a\n- b\n") << QStringLiteral("a scenario is a mapping");
        QTest::newRow("syntax") << QByteArray("kind: Scenario\nid: [x\n")
                                << QStringLiteral("my.yaml: line ");
    }
    void errorsNameFileFieldAndLine()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        auto s = ScenarioParser::parse(yaml, QStringLiteral("my.yaml"));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(error), qPrintable(s.error()));
    }
};

QTEST_GUILESS_MAIN(TestScenarioParser)
#include "tst_scenarioparser.moc"
