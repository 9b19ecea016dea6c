#include "chaos/experiment/experimentparser.h"

#include <QFile>
#include <QTest>

using namespace meshscope::chaos;

namespace {
QByteArray valid()
{
    return R"(kind: Experiment
id: demo
hypothesis: the storefront stays healthy
target: shop/checkoutservice
scenario: seed-latency
phases: {baseline: 20s, inject: 30s, recoverWithin: 1m}
refresh: 5s
steadyState:
  - score: shop/frontend
    atLeast: 60
  - errorRatio: shop/frontend
    atMost: 1%
  - p95: shop/frontend
    atMost: 300ms
  - probe: tcp://127.0.0.1:9
    every: 10s
    atLeast: 95
  - robustness: shop/frontend
guardrails:
  abort:
    - {service: shop/frontend, below: 30, refreshes: 2}
)";
}
} // namespace

class TestExperimentParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryConditionKind()
    {
        auto e = ExperimentParser::parse(valid(), QStringLiteral("x.yaml"));
        QVERIFY2(e, qPrintable(e.error()));
        QCOMPARE(e->target, QStringLiteral("shop/checkoutservice"));
        QCOMPARE(e->baselineMs, 20000);
        QCOMPARE(e->injectMs, 30000);
        QCOMPARE(e->recoverWithinMs, 60000);
        // The library scenario keeps its numbers, aimed at the target, for the inject length.
        QCOMPARE(e->scenario.kind, FaultKind::NetworkDelay);
        QCOMPARE(e->scenario.parameters.latency, QStringLiteral("800ms"));
        QCOMPARE(e->scenario.parameters.jitter, QStringLiteral("150ms"));
        QCOMPARE(e->scenario.parameters.correlation, QStringLiteral("100"));
        QCOMPARE(e->scenario.target.ns, QStringLiteral("shop"));
        QCOMPARE(e->scenario.target.labels.value(QStringLiteral("app")),
                 QStringLiteral("checkoutservice"));
        QCOMPARE(e->scenario.duration, QStringLiteral("30s"));
        QCOMPARE(e->steadyState.size(), size_t(5));
        QCOMPARE(e->steadyState[1].threshold, 1.0);
        QCOMPARE(e->steadyState[1].comparison, SteadyStateCondition::Comparison::AtMost);
        QCOMPARE(e->steadyState[2].threshold, 300.0);
        QCOMPARE(e->steadyState[3].everyMs, 10000);
        QCOMPARE(e->steadyState[4].kind, SteadyStateCondition::Kind::Robustness);
        QCOMPARE(e->abortGuardrails.size(), size_t(1));
        QCOMPARE(e->abortGuardrails[0].refreshes, 2);
    }

    void inlineScenarioOnACall()
    {
        QByteArray text = valid();
        text.replace("scenario: seed-latency",
                     "peer: shop/paymentservice\nscenario: {fault: network-loss, parameters: "
                     "{loss: \"50\"}}");
        auto e = ExperimentParser::parse(text);
        QVERIFY2(e, qPrintable(e.error()));
        QCOMPARE(e->scenario.kind, FaultKind::NetworkLoss);
        QVERIFY(e->scenario.parameters.peer);
        QCOMPARE(e->scenario.parameters.peer->labels.value(QStringLiteral("app")),
                 QStringLiteral("paymentservice"));
    }

    void theDocumentedExampleParses()
    {
        auto e = ExperimentParser::parseFile(
            QStringLiteral(MESHSCOPE_SOURCE_DIR "/resources/experiments/seed-latency.yaml"));
        QVERIFY2(e, qPrintable(e.error()));
        QCOMPARE(e->scenario.parameters.latency, QStringLiteral("800ms"));
    }

    void errorsNameFileLineAndKey_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no hypothesis")
            << QByteArray("hypothesis: the storefront stays healthy\n") << QByteArray()
            << QStringLiteral("x.yaml: hypothesis: required");
        QTest::newRow("typo in a key") << QByteArray("refresh: 5s") << QByteArray("refesh: 5s")
                                       << QStringLiteral("x.yaml: line 7:9: refesh: unknown key");
        QTest::newRow("bad service")
            << QByteArray("score: shop/frontend") << QByteArray("score: frontend")
            << QStringLiteral("x.yaml: line 9:12: steadyState[0].score: \"frontend\" is not a "
                              "service: write namespace/name");
        QTest::newRow("bad duration") << QByteArray("inject: 30s") << QByteArray("inject: soon")
                                      << QStringLiteral("phases.inject: expected a duration");
        QTest::newRow("score needs atLeast")
            << QByteArray("    atLeast: 60") << QByteArray("    atMost: 60")
            << QStringLiteral("steadyState[0]: score needs atLeast");
        QTest::newRow("unknown scenario")
            << QByteArray("scenario: seed-latency") << QByteArray("scenario: nope")
            << QStringLiteral("line 5:11: scenario: no scenario \"nope\" in the library");
        QTest::newRow("wrong kind")
            << QByteArray("kind: Experiment") << QByteArray("kind: Scenario")
            << QStringLiteral("line 1:7: kind: expected \"Experiment\"");
        QTest::newRow("not a number")
            << QByteArray("atMost: 1%") << QByteArray("atMost: lots")
            << QStringLiteral("steadyState[1].atMost: expected a number (in %)");
        QTest::newRow("probe scheme") << QByteArray("tcp://127.0.0.1:9") << QByteArray("ftp://x")
                                      << QStringLiteral("\"ftp://x\" is not a probe target");
        QTest::newRow("syntax") << QByteArray("phases: {") << QByteArray("phases: {{")
                                << QStringLiteral("x.yaml: line");
    }
    void errorsNameFileLineAndKey()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, expected);
        QByteArray text = valid();
        QVERIFY(text.contains(from));
        text.replace(from, to);
        auto e = ExperimentParser::parse(text, QStringLiteral("x.yaml"));
        QVERIFY(!e);
        QVERIFY2(e.error().contains(expected), qPrintable(e.error()));
    }
};

QTEST_GUILESS_MAIN(TestExperimentParser)
#include "tst_experimentparser.moc"
