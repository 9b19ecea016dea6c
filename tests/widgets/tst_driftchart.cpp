// The drift chart drawn from recorded runs of the demo mesh (the headless runner on simulated
// time): one point per refresh, the baseline band, the phases shaded, abort markers.

#include "../chaos/experiment/experimentfixtures.h"
#include "chaos/report/blastradius.h"
#include "widgets/driftchart.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace meshscope;
using chaos::ExperimentPhase;

namespace {

const QString kCatalog = QStringLiteral("shop/productcatalogservice");

chaos::ExperimentRun record(const QByteArray &yaml)
{
    QTemporaryDir dir;
    auto rig = chaos::fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
    chaos::ExperimentRunner runner(chaos::fixtures::parse(yaml), rig.executor, rig.observer,
                                   {QStringLiteral("run"), dir.path(), {}, {}, {}});
    runner.runToEnd();
    return runner.run();
}

double seconds(const chaos::ExperimentRun &run, qint64 ms)
{
    return double(ms - run.baselineStartMs) / 1000.0;
}

} // namespace

class TestDriftChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aFinishedRunIsDrawnInFull()
    {
        const chaos::ExperimentRun run = record(chaos::fixtures::experimentYaml(
            kCatalog, "  - score: shop/frontend\n    atLeast: 1\n"));
        QCOMPARE(run.phase, ExperimentPhase::Done);
        const auto predicted =
            chaos::BlastRadius::predict(*run.snapshots.front().topology, {kCatalog});
        QVERIFY(!predicted.isEmpty());

        widgets::DriftChart chart;
        chart.setServices({kCatalog}, predicted);
        chart.setRun(run);
        const QList<QPointF> target = chart.targetPoints();
        QCOMPARE(target.size(), qsizetype(run.samples.size()));
        QCOMPARE(target.first().x(), 0.0);
        for (size_t i = 0; i < run.samples.size(); ++i) {
            QCOMPARE(target[qsizetype(i)].x(), seconds(run, run.samples[i].atMs));
            QCOMPARE(target[qsizetype(i)].y(), run.samples[i].services.value(kCatalog).score);
        }
        QCOMPARE(chart.meshPoints().size(), qsizetype(run.samples.size()));
        QCOMPARE(chart.meshPoints().last().y(), run.samples.back().meshScore);
        // The prediction's line is the weighted mean of its services, within the score range.
        QCOMPARE(chart.predictedPoints().size(), qsizetype(run.samples.size()));
        for (const QPointF &p : chart.predictedPoints())
            QVERIFY(p.y() >= 0 && p.y() <= 100);

        // The band: the target's baseline mean ± the tolerance.
        const double base = run.baselineMean(kCatalog);
        const auto [low, high] = chart.baselineBand();
        QCOMPARE(low, base - run.experiment.recoveryTolerance);
        QCOMPARE(high, std::min(100.0, base + run.experiment.recoveryTolerance));
        // The target left the band during the fault and is back in it at the end.
        double worst = 100;
        for (const QPointF &p : target)
            if (p.x() > seconds(run, run.injectStartMs) &&
                p.x() <= seconds(run, run.recoverStartMs))
                worst = std::min(worst, p.y());
        QVERIFY2(worst < low, qPrintable(QString::number(worst)));
        QVERIFY(target.last().y() >= low);

        // Phases: baseline until the fault, the fault until its removal, then recovery.
        const auto &phases = chart.phases();
        QCOMPARE(phases.size(), size_t(3));
        QCOMPARE(phases[0].phase, ExperimentPhase::Baseline);
        QCOMPARE(phases[0].fromS, 0.0);
        QCOMPARE(phases[0].toS, seconds(run, run.injectStartMs));
        QCOMPARE(phases[1].phase, ExperimentPhase::Inject);
        QCOMPARE(phases[1].toS, seconds(run, run.recoverStartMs));
        QCOMPARE(phases[2].phase, ExperimentPhase::Recover);
        QCOMPARE(phases[2].toS, seconds(run, run.samples.back().atMs));
        QVERIFY(chart.markers().empty());
    }

    void anAbortIsMarkedWhereItHappened()
    {
        const chaos::ExperimentRun run = record(chaos::fixtures::experimentYaml(
            kCatalog, "  - score: shop/frontend\n    atLeast: 1\n",
            "guardrails:\n  abort:\n    - {service: shop/frontend, below: 70, refreshes: 2}\n"));
        QCOMPARE(run.phase, ExperimentPhase::Aborted);
        widgets::DriftChart chart;
        chart.setServices({kCatalog}, {});
        chart.setRun(run);
        QCOMPARE(chart.markers().size(), size_t(1));
        QCOMPARE(chart.markers()[0].text, QStringLiteral("aborted"));
        QCOMPARE(chart.markers()[0].atS, seconds(run, run.timeline.back().atMs));
        QVERIFY(chart.predictedPoints().isEmpty()); // nothing predicted, no line
        // A new run starts clean.
        chart.setServices({kCatalog}, {});
        QVERIFY(chart.targetPoints().isEmpty());
        QVERIFY(chart.markers().empty());
        QVERIFY(std::isnan(chart.baselineBand().first));
    }
};

QTEST_MAIN(TestDriftChart)
#include "tst_driftchart.moc"
