// ExperimentWriter: what it writes, ExperimentParser reads back as the same experiment (the
// chaos panel's "Save as File…" and a headless rerun of a panel run).

#include "chaos/experiment/experimentparser.h"
#include "chaos/experiment/experimentwriter.h"

#include <QTest>

using namespace meshscope::chaos;

namespace {

// Every condition kind, a call (peer), an inline scenario and non-default phases.
const QByteArray kEverything = R"(kind: Experiment
id: all-kinds
name: Every condition
hypothesis: the storefront stays healthy
target: shop/frontend
peer: shop/checkoutservice
scenario: {fault: network-loss, parameters: {loss: "35"}}
phases: {baseline: 20s, inject: 45s, recoverWithin: 1m30s}
refresh: 4s
recoveryTolerance: 12.5
steadyState:
  - score: shop/frontend
    atLeast: 60
  - errorRatio: shop/frontend
    atMost: 1.5%
  - p95: shop/frontend
    atMost: 300ms
  - promql: sum(rate(istio_requests_total{response_code=~"5.."}[1m]))
    atMost: 0.5
  - promql: sum(up)
    atLeast: 1
  - probe: tcp://127.0.0.1:9
    every: 10s
    atLeast: 95
  - probe: http://shop.example/healthz
    atLeast: 90%
  - robustness: shop/frontend
guardrails:
  abort:
    - {service: shop/frontend, below: 30, refreshes: 2}
    - {service: shop/checkoutservice, below: 10, refreshes: 5}
)";

} // namespace

class TestExperimentWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryField_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("every kind") << kEverything;
        QFile seed(QStringLiteral(MESHSCOPE_SOURCE_DIR "/resources/experiments/seed-latency.yaml"));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        QTest::newRow("documented example") << seed.readAll();
    }
    void roundTripsEveryField()
    {
        QFETCH(QByteArray, text);
        const auto first = ExperimentParser::parse(text, QStringLiteral("in"));
        QVERIFY2(first, qPrintable(first.error()));
        const QByteArray written = ExperimentWriter::toYaml(*first);
        const auto again = ExperimentParser::parse(written, QStringLiteral("written"));
        QVERIFY2(again, qPrintable(again.error() + QLatin1Char('\n') + QString::fromUtf8(written)));
        QVERIFY2(*again == *first, written.constData());
        // The report words the conditions the same either way.
        for (size_t i = 0; i < first->steadyState.size(); ++i)
            QCOMPARE(again->steadyState[i].text, first->steadyState[i].text);
    }

    void writesTheFileFormatsWords()
    {
        const auto e = ExperimentParser::parse(kEverything);
        QVERIFY2(e, qPrintable(e.error()));
        const QByteArray yaml = ExperimentWriter::toYaml(*e);
        for (const char *words :
             {"kind: Experiment", "recoverWithin: 1m30s", "refresh: 4s", "recoveryTolerance: 12.5",
              "probe: tcp://127.0.0.1:9", "every: 10s", "promql: sum(up)", "fault: network-loss"})
            QVERIFY2(yaml.contains(words), yaml.constData());
    }
};

QTEST_GUILESS_MAIN(TestExperimentWriter)
#include "tst_experimentwriter.moc"
