#include "reportfixtures.h"

#include "chaos/report/experimentfigures.h"

#include <QTest>

using namespace meshscope::chaos;

class TestExperimentFigures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void perServiceFigures_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<double>("maxDrift");
        QTest::addColumn<double>("area");
        QTest::addColumn<qint64>("detect"); // -1 = never
        QTest::addColumn<qint64>("recover");
        // a: drifts 30, 40, 20 while faulted, 5 then 0 after: trapezoids over 10 s steps.
        QTest::newRow("target") << QStringLiteral("shop/a") << 40.0 << 950.0 << qint64(10000)
                                << qint64(10000);
        // b: 5, 10, 0: detected at the second refresh; back before the fault was removed.
        QTest::newRow("caller") << QStringLiteral("shop/b") << 10.0 << 150.0 << qint64(20000)
                                << qint64(0);
        QTest::newRow("unaffected")
            << QStringLiteral("shop/gw") << 0.0 << 0.0 << qint64(-1) << qint64(-1);
    }
    void perServiceFigures()
    {
        QFETCH(QString, service);
        QFETCH(double, maxDrift);
        QFETCH(double, area);
        QFETCH(qint64, detect);
        QFETCH(qint64, recover);
        const ExperimentFigures f = ExperimentFigures::compute(fixtures::reportRun());
        const ServiceFigures *s = f.find(service);
        QVERIFY(s);
        QCOMPARE(s->maxDrift, maxDrift);
        QCOMPARE(s->driftArea, area);
        QCOMPARE(s->timeToDetectMs.value_or(-1), detect);
        QCOMPARE(s->timeToRecoverMs.value_or(-1), recover);
    }

    void predictedVersusObserved()
    {
        const ExperimentFigures f = ExperimentFigures::compute(fixtures::reportRun());
        QCOMPARE(f.predictedAndDegraded, QStringList{QStringLiteral("shop/b")});
        QCOMPARE(f.predictedOnly, QStringList{QStringLiteral("shop/gw")});
        QCOMPARE(f.degradedOnly, QStringList{});
        QCOMPARE(f.find(QStringLiteral("shop/b"))->predictedWeight, 0.75);
        QVERIFY(!f.find(QStringLiteral("shop/c"))->predicted);
        // Worst drift first.
        QCOMPARE(f.services.front().service, QStringLiteral("shop/a"));
    }

    void detectionQualityAndResilience()
    {
        const ExperimentFigures f = ExperimentFigures::compute(fixtures::reportRun());
        // a and b: the score dropped and the metrics moved; c's errors rose unseen by its score.
        QCOMPARE(f.detection.truePositives, 2);
        QCOMPARE(f.detection.falsePositives, 0);
        QCOMPARE(f.detection.falseNegatives, 1);
        QCOMPARE(f.detection.precision, 1.0);
        QCOMPARE(f.detection.recall, 2.0 / 3.0);
        // 1100 points·s lost of 4 services x 100 points x 50 s.
        QCOMPARE(f.resilience, 94.5);

        ExperimentRun notRecovered = fixtures::reportRun();
        notRecovered.recoveredAtMs = 0;
        QCOMPARE(ExperimentFigures::compute(notRecovered).resilience, 94.5 / 2);
    }
};

QTEST_GUILESS_MAIN(TestExperimentFigures)
#include "tst_experimentfigures.moc"
