// The chaos panel's experiment fields (PromQL and probe conditions, the run's phases) and "Save
// as Experiment File…": the saved experiment reads back the same through ExperimentParser.

#include "tests/chaos/common/demotopology.h"
#include "tests/testsupport/chaospaneltest.h"

#include "chaos/experiment/experimentparser.h"
#include "chaos/experiment/experimentwriter.h"
#include "chaos/manifest/crdregistry.h"
#include "widgets/chaospanel.h"
#include "widgets/chaospanelphases.h"
#include "widgets/hypothesiseditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;
using widgets::ChaosPanel;

class TestChaosPanelFields : public QObject
{
    Q_OBJECT

    std::unique_ptr<ChaosPanel> m_panel;
    std::optional<core::RefreshResult> m_shop;

    // Target productcatalogservice with the seed latency scenario and the robustness preset.
    void makeRunnable()
    {
        testing::makeRunnable(
            *m_panel, testing::shopService(*m_shop, QStringLiteral("productcatalogservice")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_shop = fixtures::demoSnapshot(QStringLiteral("shop"));
        QVERIFY(m_shop);
        m_panel = testing::shownChaosPanel(*m_shop);
    }

    // The Hypothesis tab's PromQL and probe conditions and the Fault tab's phases go into the
    // experiment worded as the file words them: saved as a file, it reads back the same.
    void aSavedExperimentReadsBackTheSame()
    {
        using Kind = SteadyStateCondition::Kind;
        makeRunnable();
        widgets::HypothesisEditor *editor = m_panel->hypothesisEditor();
        auto *kind = editor->findChild<QComboBox *>(QStringLiteral("conditionKindCombo"));
        auto *expression =
            editor->findChild<QLineEdit *>(QStringLiteral("conditionExpressionEdit"));
        auto *comparison =
            editor->findChild<QComboBox *>(QStringLiteral("conditionComparisonCombo"));
        auto *threshold =
            editor->findChild<QDoubleSpinBox *>(QStringLiteral("conditionThresholdSpin"));
        auto *probeType = editor->findChild<QComboBox *>(QStringLiteral("probeTypeCombo"));
        auto *every = editor->findChild<QSpinBox *>(QStringLiteral("probeEverySpin"));
        auto *add = editor->findChild<QPushButton *>(QStringLiteral("addConditionButton"));
        QVERIFY(kind && expression && comparison && threshold && probeType && every && add);

        kind->setCurrentIndex(kind->findData(int(Kind::PromQL)));
        QVERIFY(expression->isVisibleTo(editor));
        QVERIFY(!probeType->isVisibleTo(editor));
        const QString query =
            QStringLiteral(R"(sum(rate(istio_requests_total{response_code=~"5.."}[1m])))");
        expression->setText(query);
        comparison->setCurrentIndex(comparison->findText(QStringLiteral("≤")));
        threshold->setValue(0.5);
        QTest::mouseClick(add, Qt::LeftButton);
        kind->setCurrentIndex(kind->findData(int(Kind::Probe)));
        QVERIFY(every->isVisibleTo(editor));
        QVERIFY(!comparison->isVisibleTo(editor));
        probeType->setCurrentIndex(probeType->findText(QStringLiteral("TCP connect")));
        expression->setText(QStringLiteral("cartservice.shop:7070"));
        every->setValue(10);
        threshold->setValue(90);
        QTest::mouseClick(add, Qt::LeftButton);

        widgets::ChaosPanelPhases *phases = m_panel->phases();
        phases->findChild<QSpinBox *>(QStringLiteral("baselineSpin"))->setValue(30);
        phases->findChild<QSpinBox *>(QStringLiteral("recoverWithinSpin"))->setValue(90);
        phases->findChild<QDoubleSpinBox *>(QStringLiteral("recoveryToleranceSpin"))->setValue(15);
        phases->findChild<QSpinBox *>(QStringLiteral("refreshSpin"))->setValue(3);

        QVERIFY2(m_panel->saveButton()->isEnabled(), qPrintable(m_panel->runBlockedReason()));
        QSignalSpy saved(m_panel.get(), &ChaosPanel::saveRequested);
        QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        const auto e = saved.first().first().value<Experiment>();
        QCOMPARE(e.baselineMs, qint64(30000));
        QCOMPARE(e.recoverWithinMs, qint64(90000));
        QCOMPARE(e.recoveryTolerance, 15.0);
        QCOMPARE(e.refreshMs, qint64(3000));
        QCOMPARE(e.steadyState.size(), size_t(4));
        QCOMPARE(e.steadyState[2].text, query + QStringLiteral(" <= 0.5"));
        QCOMPARE(e.steadyState[3].url, QStringLiteral("tcp://cartservice.shop:7070"));
        QCOMPARE(e.steadyState[3].everyMs, qint64(10000));
        QCOMPARE(e.steadyState[3].text,
                 QStringLiteral("probe tcp://cartservice.shop:7070 succeeds >= 90 %"));

        const QByteArray yaml = ExperimentWriter::toYaml(e);
        const auto back = ExperimentParser::parse(yaml, QStringLiteral("saved"));
        QVERIFY2(back, qPrintable(back.error() + QLatin1Char('\n') + QString::fromUtf8(yaml)));
        QVERIFY2(back->steadyState == e.steadyState, yaml.constData());
        QVERIFY2(back->abortGuardrails == e.abortGuardrails, yaml.constData());
        QCOMPARE(back->baselineMs, e.baselineMs);
        QCOMPARE(back->injectMs, e.injectMs);
        QCOMPARE(back->recoverWithinMs, e.recoverWithinMs);
        QCOMPARE(back->recoveryTolerance, e.recoveryTolerance);
        QCOMPARE(back->refreshMs, e.refreshMs);
        QCOMPARE(back->hypothesis, e.hypothesis);
        QCOMPARE(back->target, e.target);
        QCOMPARE(back->scenario.kind, e.scenario.kind);
        QVERIFY(back->scenario.parameters == e.scenario.parameters);
        QVERIFY(back->scenario.target == e.scenario.target);

        // A baseline shorter than two refreshes blocks Run and Save, saying so.
        phases->findChild<QSpinBox *>(QStringLiteral("baselineSpin"))->setValue(5);
        QVERIFY(!m_panel->saveButton()->isEnabled());
        QVERIFY(!m_panel->runButton()->isEnabled());
        QVERIFY2(m_panel->runBlockedReason().contains(QStringLiteral("two refreshes")),
                 qPrintable(m_panel->runBlockedReason()));
    }
};

QTEST_MAIN(TestChaosPanelFields)
#include "tst_chaospanelfields.moc"
