#include "core/models/dependencylistmodel.h"
#include "core/topology/topologybuilder.h"
#include "tests/core/models/modeltestdata.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace meshscope::core;
using namespace meshscope::testing;

namespace {

using ListDirection = DependencyListModel::Direction;

QString labels(const QAbstractItemModel &m)
{
    QStringList names;
    for (int r = 0; r < m.rowCount(); ++r)
        names << m.index(r, 0).data().toString();
    return names.join(QLatin1Char(' '));
}

const QString kShop =
    QStringLiteral("gateway>frontend frontend>checkout frontend>search checkout>payment");

} // namespace

class TestDependencyListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester()
    {
        DependencyListModel model(ListDirection::Upstream);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(kShop));
        model.setSnapshot(t, scoresOf(*t, {}));
        model.setSubjectNode(svc(QStringLiteral("payment")));
        QCOMPARE(model.rowCount(), 3);
        TopologyPtr t2 = builder.build(sampleOf(kShop));
        model.setSnapshot(t2, scoresOf(*t2, {{QStringLiteral("checkout"), 20.0}}));
        model.setSubjectEdge(svc(QStringLiteral("frontend")), svc(QStringLiteral("checkout")));
        model.clearSubject();
        QCOMPARE(model.rowCount(), 0);
    }

    // Direct neighbours first, then the rest in snapshot order; never the subject itself.
    void listsDirectNeighboursFirst_data()
    {
        QTest::addColumn<int>("direction");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("expected");
        QTest::newRow("hurt if payment degrades") << int(ListDirection::Upstream) << "payment"
                                                  << ""
                                                  << "checkout gateway frontend";
        QTest::newRow("frontend depends on") << int(ListDirection::Downstream) << "frontend"
                                             << ""
                                             << "checkout search payment";
        QTest::newRow("nothing calls the gateway") << int(ListDirection::Upstream) << "gateway"
                                                   << ""
                                                   << "";
        QTest::newRow("a call: the caller and its callers")
            << int(ListDirection::Upstream) << "checkout"
            << "payment"
            << "checkout gateway frontend";
        QTest::newRow("a call: the callee and what it calls")
            << int(ListDirection::Downstream) << "frontend"
            << "checkout"
            << "checkout payment";
    }

    void listsDirectNeighboursFirst()
    {
        QFETCH(int, direction);
        QFETCH(QString, subject);
        QFETCH(QString, target);
        QFETCH(QString, expected);
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(kShop));
        DependencyListModel model{ListDirection(direction)};
        model.setSnapshot(t, scoresOf(*t, {}));
        if (target.isEmpty())
            model.setSubjectNode(svc(subject));
        else
            model.setSubjectEdge(svc(subject), svc(target));
        QVERIFY(model.subjectPresent());
        QCOMPARE(labels(model), expected);
        if (model.rowCount() > 0) {
            QVERIFY(model.index(0).data(DependencyListModel::DirectRole).toBool());
            QCOMPARE(model.nodeAt(0),
                     model.index(0).data(DependencyListModel::NodeIdRole).value<NodeId>());
        }
    }

    void aCycleIsNotItsOwnBlastRadius()
    {
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(QStringLiteral("a>b b>a")));
        DependencyListModel model(ListDirection::Upstream);
        model.setSnapshot(t, scoresOf(*t, {}));
        model.setSubjectNode(svc(QStringLiteral("a")));
        QCOMPARE(labels(model), u"b"_qs);
    }

    // The whole list, not five names and "… and N more".
    void listsEveryCaller()
    {
        QStringList calls;
        for (int i = 0; i < 40; ++i)
            calls << QStringLiteral("caller%1>db").arg(i);
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(calls.join(QLatin1Char(' '))));
        DependencyListModel model(ListDirection::Upstream);
        model.setSnapshot(t, scoresOf(*t, {}));
        model.setSubjectNode(svc(QStringLiteral("db")));
        QCOMPARE(model.rowCount(), 40);
    }

    void otherNamespacesAreNamed()
    {
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(QStringLiteral("checkout>billing/ledger")));
        DependencyListModel model(ListDirection::Downstream);
        model.setSnapshot(t, scoresOf(*t, {}));
        model.setSubjectNode(svc(QStringLiteral("checkout")));
        QCOMPARE(labels(model), u"billing/ledger"_qs);
    }

    void aScoreTickUpdatesOnlyThatRow()
    {
        TopologyBuilder builder;
        TopologyPtr t1 = builder.build(sampleOf(kShop));
        DependencyListModel model(ListDirection::Upstream);
        model.setSnapshot(t1, scoresOf(*t1, {}));
        model.setSubjectNode(svc(QStringLiteral("payment")));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        TopologyPtr t2 = builder.build(sampleOf(kShop));
        model.setSnapshot(t2, scoresOf(*t2, {{QStringLiteral("gateway"), 30.0}}));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        const auto row = changed.front().front().value<QModelIndex>().row();
        QCOMPARE(model.nodeAt(row), svc(QStringLiteral("gateway")));
        QCOMPARE(model.index(row).data(DependencyListModel::BandRole).toInt(),
                 int(HealthBand::Failing));
    }

    void aVanishedSubjectIsNotPresent()
    {
        TopologyBuilder builder;
        TopologyPtr t = builder.build(sampleOf(kShop));
        DependencyListModel model(ListDirection::Upstream);
        model.setSnapshot(t, scoresOf(*t, {}));
        model.setSubjectNode(svc(QStringLiteral("gone")));
        QVERIFY(!model.subjectPresent());
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDependencyListModel)
#include "tst_dependencylistmodel.moc"
