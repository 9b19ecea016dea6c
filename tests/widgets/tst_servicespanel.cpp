#include "core/models/servicestablemodel.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/servicespanel.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>

using namespace meshscope::core;
using meshscope::testing::svc;
using meshscope::widgets::ServicesPanel;

namespace {

// gateway > frontend > {checkout > payment, search}, and billing/ledger behind checkout.
TelemetrySample shopSample()
{
    const std::vector<std::pair<NodeId, NodeId>> calls{
        {svc(u"gateway"_qs), svc(u"frontend"_qs)},
        {svc(u"frontend"_qs), svc(u"checkout"_qs)},
        {svc(u"frontend"_qs), svc(u"search"_qs)},
        {svc(u"checkout"_qs), svc(u"payment"_qs)},
        {svc(u"checkout"_qs), svc(u"ledger"_qs, u"billing"_qs)},
    };
    TelemetrySample s;
    for (const auto &[from, to] : calls) {
        EdgeSample e;
        e.source = from;
        e.destination = to;
        e.requestRate = 10.0;
        s.edges.push_back(e);
    }
    return s;
}

HealthScores scoresOf(const Topology &t, const QHash<QString, double> &byName)
{
    HealthScores s;
    s.generation = t.generation();
    for (const TopologyNode &n : t.nodes()) {
        HealthVerdict v;
        v.score = byName.value(n.name, 90.0);
        v.band = std::isnan(v.score) ? HealthBand::NoData
                 : v.score >= 75.0   ? HealthBand::Healthy
                 : v.score >= 50.0   ? HealthBand::Degraded
                                     : HealthBand::Failing;
        s.nodes.push_back(v);
    }
    s.edges.resize(size_t(t.edgeCount()));
    return s;
}

// Service names top to bottom as the table shows them.
QString shownOrder(const QTableView *table)
{
    QStringList names;
    const QAbstractItemModel *m = table->model();
    for (int r = 0; r < m->rowCount(); ++r)
        names << m->index(r, ServicesTableModel::NameColumn).data().toString();
    return names.join(QLatin1Char(' '));
}

struct Fixture
{
    TopologyBuilder builder;
    ServicesTableModel model;
    ServicesPanel panel{&model};
    Fixture()
    {
        panel.resize(700, 400);
        panel.show();
    }
    void refresh(const QHash<QString, double> &scores)
    {
        TopologyPtr t = builder.build(shopSample());
        model.setSnapshot(t, scoresOf(*t, scores), nullptr);
    }
};

} // namespace

class TestServicesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void worstFirstByDefaultNoDataLast()
    {
        Fixture f;
        QAbstractItemModelTester tester(f.panel.table()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        f.refresh({{u"payment"_qs, 20.0}, {u"search"_qs, kNaN}, {u"frontend"_qs, 60.0}});
        QCOMPARE(shownOrder(f.panel.table()),
                 u"payment frontend ledger checkout gateway search"_qs);
        // The score cell shows the floored score.
        QCOMPARE(f.panel.table()->model()->index(0, ServicesTableModel::ScoreColumn).data(),
                 QVariant(u"20"_qs));
        QCOMPARE(f.panel.findChild<QLabel *>(u"servicesCount"_qs)->text(), u"6 services"_qs);
    }

    void clickingAHeaderSortsByIt()
    {
        Fixture f;
        f.refresh({});
        QHeaderView *header = f.panel.table()->horizontalHeader();
        const int x = header->sectionViewportPosition(ServicesTableModel::NameColumn) + 5;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        const QString first = shownOrder(f.panel.table());
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        const QString second = shownOrder(f.panel.table());
        QStringList sorted = first.split(QLatin1Char(' '));
        std::sort(sorted.begin(), sorted.end());
        QStringList reversed = sorted;
        std::reverse(reversed.begin(), reversed.end());
        QCOMPARE((QStringList{first, second}),
                 (QStringList{sorted.join(QLatin1Char(' ')), reversed.join(QLatin1Char(' '))}));
    }

    void filterMatchesNameOrNamespace()
    {
        Fixture f;
        f.refresh({});
        QTest::keyClicks(f.panel.filterField(), u"BILL"_qs);
        QCOMPARE(shownOrder(f.panel.table()), u"ledger"_qs);
        QCOMPARE(f.panel.findChild<QLabel *>(u"servicesCount"_qs)->text(), u"1 of 6"_qs);
        f.panel.filterField()->clear();
        QTest::keyClicks(f.panel.filterField(), u"ch"_qs);
        QCOMPARE(shownOrder(f.panel.table()), u"checkout search"_qs);
        // Enter in the filter activates the first match.
        QSignalSpy activated(&f.panel, &ServicesPanel::serviceActivated);
        QTest::keyClick(f.panel.filterField(), Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.front().front().value<NodeId>(), svc(u"checkout"_qs));
    }

    // The graph selects a service: the table follows without echoing it back.
    void graphSelectionSelectsTheRowWithoutEcho()
    {
        Fixture f;
        f.refresh({});
        QSignalSpy activated(&f.panel, &ServicesPanel::serviceActivated);
        f.panel.setCurrentService(svc(u"payment"_qs));
        QCOMPARE(f.panel.currentService(), svc(u"payment"_qs));
        QCOMPARE(
            f.panel.table()->currentIndex().data(ServicesTableModel::NodeIdRole).value<NodeId>(),
            svc(u"payment"_qs));
        f.panel.setCurrentService({}); // the graph's selection was cleared
        QVERIFY(!f.panel.currentService().isValid());
        f.panel.setCurrentService(svc(u"unknown"_qs));
        QVERIFY(!f.panel.currentService().isValid());
        QCOMPARE(activated.count(), 0);
    }

    // The user picks a row: a click or Enter asks the graph to select it.
    void clickOrEnterActivates()
    {
        Fixture f;
        f.refresh({{u"payment"_qs, 20.0}});
        QTableView *table = f.panel.table();
        QSignalSpy activated(&f.panel, &ServicesPanel::serviceActivated);
        const QModelIndex second = table->model()->index(1, ServicesTableModel::NameColumn);
        const NodeId secondId = second.data(ServicesTableModel::NodeIdRole).value<NodeId>();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(second).center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.takeFirst().front().value<NodeId>(), secondId);

        table->setFocus();
        QTest::keyClick(table, Qt::Key_Up); // moving the cursor alone asks nothing
        QCOMPARE(activated.count(), 0);
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.front().front().value<NodeId>(), svc(u"payment"_qs));
    }

    // The table never shows another service selected than the graph's.
    void filteringOutTheSelectionSelectsNothingElse()
    {
        Fixture f;
        f.refresh({});
        f.panel.setCurrentService(svc(u"payment"_qs));
        QTest::keyClicks(f.panel.filterField(), u"ch"_qs); // checkout, search: payment hidden
        QVERIFY(!f.panel.currentService().isValid());
        QVERIFY(f.panel.table()->selectionModel()->selectedRows().isEmpty());
        f.panel.filterField()->clear();
        QCOMPARE(f.panel.currentService(), svc(u"payment"_qs));
    }

    void aNewSetOfServicesKeepsTheSelectedOne()
    {
        Fixture f;
        f.refresh({});
        f.panel.setCurrentService(svc(u"search"_qs));
        TelemetrySample s = shopSample();
        EdgeSample extra;
        extra.source = svc(u"search"_qs);
        extra.destination = svc(u"index"_qs);
        extra.requestRate = 1.0;
        s.edges.push_back(extra);
        TopologyPtr t = f.builder.build(s);
        f.model.setSnapshot(t, scoresOf(*t, {}), nullptr);
        QCOMPARE(f.model.rowCount(), 7);
        QCOMPARE(f.panel.currentService(), svc(u"search"_qs));
    }

    // A header click re-sorts a long list: the selected service moves, and the view follows it.
    void reSortingKeepsTheSelectedRowInView()
    {
        TopologyBuilder builder;
        ServicesTableModel model;
        ServicesPanel panel{&model};
        panel.resize(500, 300);
        panel.show();
        TelemetrySample s;
        for (int i = 0; i < 200; ++i) {
            EdgeSample e;
            e.source = svc(u"gateway"_qs);
            e.destination = svc(QStringLiteral("s%1").arg(i, 3, 10, QLatin1Char('0')));
            e.requestRate = 1.0;
            s.edges.push_back(e);
        }
        TopologyPtr t = builder.build(s);
        QHash<QString, double> scores;
        for (int i = 0; i < 200; ++i) // an order unlike the names' (37 is prime to 200)
            scores.insert(QStringLiteral("s%1").arg(i, 3, 10, QLatin1Char('0')),
                          10.0 + (i * 37 % 200) * 0.4);
        model.setSnapshot(t, scoresOf(*t, scores), nullptr);
        QTableView *table = panel.table();
        panel.setCurrentService(svc(u"s123"_qs)); // row 151 by score; 124 or 76 by name
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto inView = [&] {
            const QRect row = table->visualRect(table->currentIndex());
            return table->viewport()->rect().contains(row.center());
        };
        QVERIFY(inView());
        const int before = table->currentIndex().row();
        QHeaderView *header = table->horizontalHeader();
        const int x = header->sectionViewportPosition(ServicesTableModel::NameColumn) + 5;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        QCOMPARE(panel.currentService(), svc(u"s123"_qs));
        QVERIFY2(std::abs(table->currentIndex().row() - before) > 20,
                 qPrintable(
                     QStringLiteral("row %1 -> %2").arg(before).arg(table->currentIndex().row())));
        QTRY_VERIFY(inView());
    }

    // A refresh re-sorts (worst first stays true) and the selected service stays selected.
    void selectionSurvivesAScoreTick()
    {
        Fixture f;
        f.refresh({{u"payment"_qs, 20.0}});
        f.panel.setCurrentService(svc(u"search"_qs));
        QSignalSpy reset(f.panel.table()->model(), &QAbstractItemModel::modelReset);
        f.refresh({{u"gateway"_qs, 10.0}, {u"search"_qs, 30.0}});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(shownOrder(f.panel.table()).section(QLatin1Char(' '), 0, 1), u"gateway search"_qs);
        QCOMPARE(f.panel.currentService(), svc(u"search"_qs));
        QCOMPARE(f.panel.table()->currentIndex().row(), 1);
    }
};

QTEST_MAIN(TestServicesPanel)
#include "tst_servicespanel.moc"
