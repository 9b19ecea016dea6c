#include "tests/chaos/common/demotopology.h"
#include "tests/testsupport/chaospaneltest.h"

#include "chaos/manifest/crdregistry.h"
#include "widgets/blastradiuslist.h"
#include "widgets/chaospanel.h"
#include "widgets/hypothesiseditor.h"
#include "widgets/manifesteditor.h"
#include "widgets/scenarioform.h"
#include "widgets/suggestedtargetsview.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;
using widgets::ChaosPanel;

namespace {

// The seed's manifest: a kind Chaos Mesh never had (tests/chaos/manifest/tst_manifestimporter).
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

QString g_cluster; // the demo mesh's cluster name, read from its topology

core::NodeId shop(const QString &name)
{
    return core::NodeId(g_cluster, QStringLiteral("shop"), name);
}

} // namespace

class TestChaosPanel : public QObject
{
    Q_OBJECT

    std::unique_ptr<ChaosPanel> m_panel;
    std::optional<core::RefreshResult> m_shop;

    QLineEdit *field(const char *name) const
    {
        return m_panel->form()->findChild<QLineEdit *>(QLatin1String(name));
    }
    QString yaml() const { return m_panel->manifestEditor()->text(); }
    void editYaml(const QString &from, const QString &to)
    {
        QString text = yaml();
        QVERIFY2(text.contains(from), qPrintable(text));
        m_panel->manifestEditor()->textEdit()->setPlainText(text.replace(from, to));
    }
    // Target productcatalogservice with the seed latency scenario and the robustness preset.
    void makeRunnable()
    {
        testing::makeRunnable(*m_panel, shop(QStringLiteral("productcatalogservice")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_shop = fixtures::demoSnapshot(QStringLiteral("shop"));
        QVERIFY(m_shop);
        g_cluster = m_shop->topology->nodes().front().id.cluster();
        QVERIFY(m_shop->topology->nodeIndex(shop(QStringLiteral("productcatalogservice"))) >= 0);
    }

    void init() { m_panel = testing::shownChaosPanel(*m_shop); }

    void noTargetNoRun()
    {
        QVERIFY(!m_panel->runButton()->isEnabled());
        QVERIFY2(m_panel->manifestEditor()
                     ->issues()
                     .join(QLatin1Char('\n'))
                     .contains(QStringLiteral("pick a service or call in the graph")),
                 qPrintable(m_panel->manifestEditor()->issues().join(QLatin1Char('\n'))));
        QVERIFY(m_panel->runBlockedReason().startsWith(QStringLiteral("Select a service")));
    }

    void formChangesShowLiveInTheYaml()
    {
        m_panel->setTargetNode(shop(QStringLiteral("productcatalogservice")));
        QVERIFY(m_panel->selectScenario(QStringLiteral("seed-latency")));
        QVERIFY2(yaml().contains(QStringLiteral("kind: NetworkChaos")), qPrintable(yaml()));
        QVERIFY(yaml().contains(QStringLiteral("latency: 800ms")));
        QVERIFY(yaml().contains(QStringLiteral("jitter: 150ms")));
        QVERIFY(yaml().contains(QStringLiteral("app: productcatalogservice")));
        QVERIFY(m_panel->manifestEditor()->isValid());

        QLineEdit *latency = field("latencyEdit");
        latency->selectAll();
        QTest::keyClicks(latency, QStringLiteral("450ms"));
        QVERIFY2(yaml().contains(QStringLiteral("latency: 450ms")), qPrintable(yaml()));
        // "all" pods: no count to give; fixed-percent asks for one.
        QVERIFY(!field("valueEdit")->isEnabled());
        auto *mode = m_panel->form()->findChild<QComboBox *>(QStringLiteral("modeCombo"));
        mode->setCurrentIndex(mode->findData(int(SelectorMode::FixedPercent)));
        QVERIFY(field("valueEdit")->isEnabled());
        QVERIFY(m_panel->manifestEditor()
                    ->issues()
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("needs a value")));
        field("valueEdit")->setText(QStringLiteral("50"));
        QVERIFY2(yaml().contains(QStringLiteral("mode: fixed-percent")), qPrintable(yaml()));
        QVERIFY(yaml().contains(QStringLiteral("value: \"50\"")));
        field("durationEdit")->setText(QStringLiteral("90s"));
        QVERIFY(yaml().contains(QStringLiteral("duration: 90s")));
        // Rows of other kinds are hidden: a pod kill has no latency.
        auto *kind = m_panel->form()->findChild<QComboBox *>(QStringLiteral("kindCombo"));
        kind->setCurrentIndex(kind->findData(QStringLiteral("pod-kill")));
        QVERIFY(yaml().contains(QStringLiteral("kind: PodChaos")));
        QVERIFY(yaml().contains(QStringLiteral("action: pod-kill")));
        QVERIFY(!yaml().contains(QStringLiteral("latency")));
    }

    void aYamlEditFillsTheForm()
    {
        m_panel->setTargetNode(shop(QStringLiteral("productcatalogservice")));
        QVERIFY(m_panel->selectScenario(QStringLiteral("seed-latency")));
        editYaml(QStringLiteral("latency: 800ms"), QStringLiteral("latency: 1200ms"));
        QCOMPARE(field("latencyEdit")->text(), QStringLiteral("1200ms"));
        QVERIFY(m_panel->manifestEditor()->isValid());
        // The text stays the user's, and the run uses the edit.
        QVERIFY(yaml().contains(QStringLiteral("latency: 1200ms")));
        QCOMPARE(m_panel->currentScenario().parameters.latency, QStringLiteral("1200ms"));
        editYaml(QStringLiteral("app: productcatalogservice"), QStringLiteral("app: cartservice"));
        QCOMPARE(m_panel->experiment().target, QStringLiteral("shop/cartservice"));
        QVERIFY(m_panel->form()
                    ->findChild<QLabel *>(QStringLiteral("targetLabel"))
                    ->text()
                    .contains(QStringLiteral("shop/cartservice")));
    }

    void anInvalidEditIsListedAndBlocksRun()
    {
        makeRunnable();
        editYaml(QStringLiteral("mode: all"), QStringLiteral("mode: sometimes"));
        const QString issues = m_panel->manifestEditor()->issues().join(QLatin1Char('\n'));
        QVERIFY2(issues.contains(QStringLiteral("spec.mode")), qPrintable(issues));
        QVERIFY2(issues.contains(QStringLiteral("line ")), qPrintable(issues));
        QVERIFY(!m_panel->runButton()->isEnabled());
        QVERIFY(m_panel->runBlockedReason().contains(QStringLiteral("Manifest")));
        // The form kept the last good state.
        QCOMPARE(m_panel->currentScenario().target.mode, SelectorMode::All);
        editYaml(QStringLiteral("mode: sometimes"), QStringLiteral("mode: all"));
        QVERIFY(m_panel->runButton()->isEnabled());
        // A syntax error names its line, too.
        editYaml(QStringLiteral("kind: NetworkChaos"), QStringLiteral("kind: [NetworkChaos"));
        QVERIFY(!m_panel->runButton()->isEnabled());
        QVERIFY(!m_panel->manifestEditor()->issues().isEmpty());
    }

    void aDurationOverTheCapIsRefused()
    {
        makeRunnable();
        field("durationEdit")->setText(QStringLiteral("2h"));
        const QString issues = m_panel->manifestEditor()->issues().join(QLatin1Char('\n'));
        QVERIFY2(issues.contains(QStringLiteral("longer than the cap of 30m")), qPrintable(issues));
        QVERIFY(!m_panel->runButton()->isEnabled());
        field("durationEdit")->setText(QString());
        QVERIFY(m_panel->manifestEditor()
                    ->issues()
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("every fault needs a duration")));
    }

    void importingNetworkDelayOffersTheConvertedManifest()
    {
        widgets::ManifestEditor *editor = m_panel->manifestEditor();
        editor->importText(kSeedNetworkDelay);
        QCOMPARE(
            editor->hint(),
            QStringLiteral("Chaos Mesh has no NetworkDelay; use NetworkChaos with action: delay"));
        auto *use = editor->findChild<QPushButton *>(QStringLiteral("useConvertedButton"));
        QVERIFY(!use->isHidden());
        QVERIFY(!m_panel->runButton()->isEnabled());
        QTest::mouseClick(use, Qt::LeftButton);
        QVERIFY2(editor->text().contains(QStringLiteral("kind: NetworkChaos")),
                 qPrintable(editor->text()));
        QVERIFY(editor->text().contains(QStringLiteral("action: delay")));
        QVERIFY(editor->hint().isEmpty());
        QVERIFY(use->isHidden());
        QVERIFY2(editor->isValid(), qPrintable(editor->issues().join(QLatin1Char('\n'))));
        // Accepted: the form shows it, aimed at the manifest's own selector.
        QCOMPARE(field("latencyEdit")->text(), QStringLiteral("800ms"));
        QCOMPARE(field("jitterEdit")->text(), QStringLiteral("150ms"));
        QCOMPARE(m_panel->experiment().target, QStringLiteral("shop/checkout"));
    }

    void aServiceAndACallMapToSelectors()
    {
        QVERIFY(m_panel->selectScenario(QStringLiteral("seed-latency")));
        m_panel->setTargetNode(shop(QStringLiteral("frontend")));
        QVERIFY(yaml().contains(QStringLiteral("app: frontend")));
        QVERIFY(yaml().contains(QStringLiteral("- shop")));
        QVERIFY(!yaml().contains(QStringLiteral("target:"))); // no peer on a service

        m_panel->setTargetCall(shop(QStringLiteral("frontend")),
                               shop(QStringLiteral("productcatalogservice")));
        const Scenario s = m_panel->currentScenario();
        QCOMPARE(s.target.labels.value(QStringLiteral("app")), QStringLiteral("frontend"));
        QVERIFY(s.parameters.peer);
        QCOMPARE(s.parameters.peer->labels.value(QStringLiteral("app")),
                 QStringLiteral("productcatalogservice"));
        QVERIFY2(yaml().contains(QStringLiteral("direction: to")), qPrintable(yaml()));
        QVERIFY(yaml().contains(QStringLiteral("app: productcatalogservice")));
        QCOMPARE(m_panel->experiment().target, QStringLiteral("shop/frontend"));
        QCOMPARE(m_panel->experiment().peer, QStringLiteral("shop/productcatalogservice"));
        QVERIFY(m_panel->form()
                    ->findChild<QLabel *>(QStringLiteral("targetLabel"))
                    ->text()
                    .contains(QStringLiteral("→ shop/productcatalogservice")));
        // A pod kill cannot act on a call: said, and not runnable.
        QVERIFY(m_panel->selectScenario(QStringLiteral("seed-pod-kill")));
        QVERIFY2(m_panel->manifestEditor()
                     ->issues()
                     .join(QLatin1Char('\n'))
                     .contains(QStringLiteral("acts on a service, not on a call")),
                 qPrintable(m_panel->manifestEditor()->issues().join(QLatin1Char('\n'))));
        QVERIFY(!m_panel->runButton()->isEnabled());
    }

    void blastRadiusOfProductCatalog()
    {
        QSignalSpy changed(m_panel.get(), &ChaosPanel::blastRadiusChanged);
        m_panel->setTargetNode(shop(QStringLiteral("productcatalogservice")));
        QCOMPARE(changed.count(), 1);
        const auto weights = changed.first().first().value<QHash<QString, double>>();
        QCOMPARE(weights, m_panel->blastRadius());
        // Its callers and theirs; not the services beside it, not itself.
        QCOMPARE(QSet<QString>(weights.keyBegin(), weights.keyEnd()),
                 (QSet<QString>{QStringLiteral("shop/frontend"),
                                QStringLiteral("shop/recommendationservice"),
                                QStringLiteral("shop/checkoutservice"),
                                QStringLiteral("istio-system/istio-ingressgateway")}));
        // recommendationservice calls nothing else: all of its traffic depends on the catalogue.
        QCOMPARE(weights.value(QStringLiteral("shop/recommendationservice")), 1.0);
        QVERIFY(weights.value(QStringLiteral("shop/frontend")) < 1.0);
        const widgets::BlastRadiusList *list = m_panel->blastRadiusList();
        QCOMPARE(list->topLevelItemCount(), 4);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("shop/recommendationservice"));
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("100 %"));
        // A new refresh with the same weights does not repeat the signal.
        m_panel->setTopology(m_shop->topology, m_shop->facts);
        QCOMPARE(changed.count(), 1);
        // A call frontend -> catalogue hurts the frontend only on that call's share.
        m_panel->setTargetCall(shop(QStringLiteral("frontend")),
                               shop(QStringLiteral("productcatalogservice")));
        const double share = m_panel->blastRadius().value(QStringLiteral("shop/frontend"));
        QVERIFY(share > 0.2 && share < 0.6);
        QVERIFY(!m_panel->blastRadius().contains(QStringLiteral("shop/recommendationservice")));
    }

    void runEmitsTheExperimentOfTheForm()
    {
        makeRunnable();
        QSignalSpy run(m_panel.get(), &ChaosPanel::runRequested);
        QTest::mouseClick(m_panel->runButton(), Qt::LeftButton);
        QCOMPARE(run.count(), 1);
        const auto e = run.first().first().value<Experiment>();
        QCOMPARE(e.target, QStringLiteral("shop/productcatalogservice"));
        QVERIFY(e.peer.isEmpty());
        QCOMPARE(e.scenario.kind, FaultKind::NetworkDelay);
        QCOMPARE(e.scenario.parameters.latency, QStringLiteral("800ms"));
        QCOMPARE(e.injectMs, qint64(5 * 60 * 1000));
        QVERIFY(e.hypothesis.contains(QStringLiteral("shop/frontend")));
        QCOMPARE(e.steadyState.size(), size_t(2));
        QCOMPARE(e.steadyState[0].kind, SteadyStateCondition::Kind::Robustness);
        QCOMPARE(e.steadyState[1].text, QStringLiteral("score of shop/frontend >= 80"));
        QCOMPARE(e.abortGuardrails.size(), size_t(1));
        QCOMPARE(e.abortGuardrails[0].refreshes, 3);
    }

    void aPickedSuggestionBecomesTheTarget()
    {
        QSignalSpy activated(m_panel.get(), &ChaosPanel::targetActivated);
        widgets::SuggestedTargetsView *view = m_panel->suggestionsView();
        QVERIFY(view->model()->rowCount() >= 3);
        // The first suggestion's reason is shown whole under the list.
        const QString why =
            m_panel->findChild<QLabel *>(QStringLiteral("suggestionReason"))->text();
        QVERIFY2(why.startsWith(QStringLiteral(
                     "shop/frontend: only path from istio-ingressgateway to 10 services")),
                 qPrintable(why));
        QCOMPARE(view->model()->index(1, 0).data().toString(),
                 QStringLiteral("shop/checkoutservice"));
        Q_EMIT view->activated(view->model()->index(1, 1));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().value<core::NodeId>(),
                 shop(QStringLiteral("checkoutservice")));
        QCOMPARE(m_panel->experiment().target, QStringLiteral("shop/checkoutservice"));
        QVERIFY(yaml().contains(QStringLiteral("app: checkoutservice")));
    }
};

QTEST_MAIN(TestChaosPanel)
#include "tst_chaospanel.moc"
