#include "core/models/servicestablemodel.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"
#include "tests/core/models/modeltestdata.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace meshscope::core;
using namespace meshscope::testing;

namespace {

using Cell = QPair<int, int>; // row, column

// Every cell covered by the dataChanged emissions recorded in `spy`.
QSet<Cell> changedCells(const QSignalSpy &spy)
{
    QSet<Cell> cells;
    for (const QList<QVariant> &args : spy) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
            for (int c = topLeft.column(); c <= bottomRight.column(); ++c)
                cells.insert({r, c});
        }
    }
    return cells;
}

QString text(const ServicesTableModel &m, const QString &name, int column)
{
    return m.index(m.rowOf(svc(name)), column).data().toString();
}

} // namespace

class TestServicesTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester()
    {
        ServicesTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        TopologyBuilder builder;
        TopologyPtr t1 = builder.build(sampleOf(QStringLiteral("a>b b>c")));
        model.setSnapshot(t1, scoresOf(*t1, {}), nullptr);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ServicesTableModel::ColumnCount));
        TopologyPtr t2 = builder.build(sampleOf(QStringLiteral("a>b b>c")));
        const GraphFacts facts = GraphAnalytics::analyze(*t2);
        model.setSnapshot(t2, scoresOf(*t2, {{QStringLiteral("b"), 30.0}}), &facts);
        TopologyPtr t3 = builder.build(sampleOf(QStringLiteral("a>b b>c c>d")));
        model.setSnapshot(t3, scoresOf(*t3, {}), nullptr);
        QCOMPARE(model.rowCount(), 4);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // One row for checkout with known figures: what each column shows and sorts by.
    void columns_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<QVariant>("sortedBy");
        using M = ServicesTableModel;
        QTest::newRow("name") << int(M::NameColumn) << "checkout" << QVariant(u"checkout"_qs);
        QTest::newRow("namespace") << int(M::NamespaceColumn) << "shop" << QVariant(u"shop"_qs);
        QTest::newRow("kind") << int(M::KindColumn) << "service" << QVariant(u"service"_qs);
        QTest::newRow("score floored") << int(M::ScoreColumn) << "74" << QVariant(74.6);
        QTest::newRow("band of the raw score")
            << int(M::BandColumn) << "Degraded" << QVariant(1.0); // Failing 0, Degraded 1
        QTest::newRow("driver") << int(M::DriverColumn) << "stability" << QVariant(u"stability"_qs);
        QTest::newRow("req/s") << int(M::RequestRateColumn) << "12.5" << QVariant(12.5);
        QTest::newRow("error %") << int(M::ErrorPercentColumn) << "3.10" << QVariant(3.1);
        QTest::newRow("p95") << int(M::P95Column) << "84 ms" << QVariant(84.4);
        QTest::newRow("replicas") << int(M::ReplicasColumn) << "2 / 4" << QVariant(0.5);
        QTest::newRow("spof") << int(M::SpofColumn) << "yes" << QVariant(1.0);
    }

    void columns()
    {
        QFETCH(int, column);
        QFETCH(QString, shown);
        QFETCH(QVariant, sortedBy);
        TelemetrySample s;
        EdgeSample in;
        in.source = svc(QStringLiteral("frontend"));
        in.destination = svc(QStringLiteral("checkout"));
        in.requestRate = 12.5;
        in.rate5xx = 12.5 * 0.031;
        in.latency.p95Ms = 84.4;
        EdgeSample out;
        out.source = svc(QStringLiteral("checkout"));
        out.destination = svc(QStringLiteral("payment"));
        out.requestRate = 5.0;
        s.edges = {in, out};
        s.nodes.push_back(
            NodeSample{svc(QStringLiteral("checkout")), NodeKind::Service, QString(), 4, 2, {}});
        TopologyBuilder builder;
        TopologyPtr t = builder.build(s);
        const GraphFacts facts = GraphAnalytics::analyze(*t); // checkout cuts the chain
        ServicesTableModel model;
        model.setSnapshot(t, scoresOf(*t, {{QStringLiteral("checkout"), 74.6}}), &facts);

        const QModelIndex cell = model.index(model.rowOf(svc(QStringLiteral("checkout"))), column);
        QCOMPARE(cell.data().toString(), shown);
        const QVariant sort = cell.data(ServicesTableModel::SortRole);
        QCOMPARE(sort.typeId(), sortedBy.typeId()); // numbers sort as numbers, not as text
        if (sortedBy.typeId() == QMetaType::Double)
            QVERIFY2(std::abs(sort.toDouble() - sortedBy.toDouble()) < 1e-9,
                     qPrintable(sort.toString()));
        else
            QCOMPARE(sort, sortedBy);
    }

    // One rounding rule: floor, so the number shown never claims a better band than the verdict.
    void scoreIsFloored_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<QString>("band");
        QTest::newRow("74.6 is 74 and degraded") << 74.6 << "74"
                                                 << "Degraded";
        QTest::newRow("75 is healthy") << 75.0 << "75"
                                       << "Healthy";
        QTest::newRow("49.99 is 49 and failing") << 49.99 << "49"
                                                 << "Failing";
        QTest::newRow("100") << 100.0 << "100"
                             << "Healthy";
        QTest::newRow("0.4") << 0.4 << "0"
                             << "Failing";
        QTest::newRow("no data") << kNaN << "\u2014"
                                 << "No data";
    }

    void scoreIsFloored()
    {
        QFETCH(double, score);
        QFETCH(QString, shown);
        QFETCH(QString, band);
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(QStringLiteral("a>b")));
        ServicesTableModel model;
        model.setSnapshot(t, scoresOf(*t, {{QStringLiteral("b"), score}}), nullptr);
        QCOMPARE(text(model, QStringLiteral("b"), ServicesTableModel::ScoreColumn), shown);
        QCOMPARE(text(model, QStringLiteral("b"), ServicesTableModel::BandColumn), band);
        QCOMPARE(text(model, QStringLiteral("b"), ServicesTableModel::DriverColumn).isEmpty(),
                 std::isnan(score));
    }

    void scoreTickChangesOnlyTheChangedCellsAndKeepsTheSelection()
    {
        TopologyBuilder builder;
        const QString calls = QStringLiteral("gateway>frontend frontend>checkout checkout>payment");
        TopologyPtr t1 = builder.build(sampleOf(calls));
        ServicesTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setSnapshot(t1, scoresOf(*t1, {}), nullptr);
        QItemSelectionModel selection(&model);
        const int frontend = model.rowOf(svc(QStringLiteral("frontend")));
        selection.select(model.index(frontend, 0),
                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        TopologyPtr t2 = builder.build(sampleOf(calls)); // same services, same traffic
        model.setSnapshot(t2, scoresOf(*t2, {{QStringLiteral("payment"), 60.0}}), nullptr);

        const int payment = model.rowOf(svc(QStringLiteral("payment")));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changedCells(changed), (QSet<Cell>{{payment, ServicesTableModel::ScoreColumn},
                                                    {payment, ServicesTableModel::BandColumn}}));
        QCOMPARE(text(model, QStringLiteral("payment"), ServicesTableModel::ScoreColumn), u"60"_qs);
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(
            selection.selectedRows().front().data(ServicesTableModel::NodeIdRole).value<NodeId>(),
            svc(QStringLiteral("frontend")));

        changed.clear();
        TopologyPtr t3 = builder.build(sampleOf(calls));
        model.setSnapshot(t3, scoresOf(*t3, {{QStringLiteral("payment"), 60.0}}), nullptr);
        QCOMPARE(changed.count(), 0); // nothing changed, nothing announced
    }

    void trafficChangeMarksItsColumns()
    {
        TopologyBuilder builder;
        TopologyPtr t1 = builder.build(sampleOf(QStringLiteral("a>b a>c")));
        ServicesTableModel model;
        model.setSnapshot(t1, scoresOf(*t1, {}), nullptr);
        TelemetrySample s = sampleOf(QStringLiteral("a>b a>c"));
        s.edges[1].requestRate = 20.0; // a>c doubles: c's inbound rate and a's outbound change
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        TopologyPtr t2 = builder.build(s);
        model.setSnapshot(t2, scoresOf(*t2, {}), nullptr);
        const int c = model.rowOf(svc(QStringLiteral("c")));
        QCOMPARE(changedCells(changed), (QSet<Cell>{{c, ServicesTableModel::RequestRateColumn}}));
        QCOMPARE(text(model, QStringLiteral("c"), ServicesTableModel::RequestRateColumn),
                 u"20.0"_qs);
    }

    void newTopologyResets()
    {
        TopologyBuilder builder;
        builder.setIdleGraceRefreshes(0);
        TopologyPtr t1 = builder.build(sampleOf(QStringLiteral("a>b")));
        ServicesTableModel model;
        model.setSnapshot(t1, scoresOf(*t1, {}), nullptr);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        TopologyPtr t2 = builder.build(sampleOf(QStringLiteral("a>c")));
        model.setSnapshot(t2, scoresOf(*t2, {}), nullptr);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(svc(QStringLiteral("b"))), -1);
        QVERIFY(model.rowOf(svc(QStringLiteral("c"))) >= 0);
        QCOMPARE(model.nodeAt(model.rowOf(svc(QStringLiteral("c")))), svc(QStringLiteral("c")));
    }

    // Scores or facts of another snapshot are not shown against this one.
    void mismatchedScoresAndFactsReadUnknown()
    {
        TopologyBuilder builder;
        TopologyPtr t1 = builder.build(sampleOf(QStringLiteral("a>b b>c")));
        const GraphFacts oldFacts = GraphAnalytics::analyze(*t1);
        const HealthScores oldScores = scoresOf(*t1, {});
        TopologyPtr t2 = builder.build(sampleOf(QStringLiteral("a>b b>c")));
        ServicesTableModel model;
        model.setSnapshot(t2, oldScores, &oldFacts);
        QCOMPARE(text(model, QStringLiteral("b"), ServicesTableModel::ScoreColumn), u"\u2014"_qs);
        QCOMPARE(text(model, QStringLiteral("b"), ServicesTableModel::BandColumn), u"No data"_qs);
        QCOMPARE(text(model, QStringLiteral("b"), ServicesTableModel::SpofColumn), u"\u2014"_qs);
        QVERIFY(std::isnan(
            model.index(model.rowOf(svc(QStringLiteral("b"))), ServicesTableModel::SpofColumn)
                .data(ServicesTableModel::SortRole)
                .toDouble()));
    }

    void headersNameTheColumns()
    {
        ServicesTableModel model;
        QStringList headers;
        for (int c = 0; c < model.columnCount(); ++c)
            headers << model.headerData(c, Qt::Horizontal).toString();
        QCOMPARE(headers.join(QLatin1Char('|')),
                 u"Service|Namespace|Kind|Score|Band|Driver|req/s|Error %|p95|Replicas|SPOF"_qs);
    }
};

QTEST_GUILESS_MAIN(TestServicesTableModel)
#include "tst_servicestablemodel.moc"
