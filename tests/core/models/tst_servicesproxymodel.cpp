#include "core/models/servicesproxymodel.h"
#include "core/models/servicestablemodel.h"
#include "core/topology/topologybuilder.h"
#include "tests/core/models/modeltestdata.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace meshscope::core;
using namespace meshscope::testing;

namespace {

// The service names in the proxy's order.
QString order(const QAbstractItemModel &m)
{
    QStringList names;
    for (int r = 0; r < m.rowCount(); ++r)
        names << m.index(r, ServicesTableModel::NameColumn).data().toString();
    return names.join(QLatin1Char(' '));
}

struct Fixture
{
    TopologyBuilder builder;
    ServicesTableModel source;
    ServicesProxyModel proxy;
    Fixture() { proxy.setSourceModel(&source); }
    void show(const QString &calls, const QHash<QString, double> &scores)
    {
        TopologyPtr t = builder.build(sampleOf(calls));
        source.setSnapshot(t, scoresOf(*t, scores), nullptr);
    }
};

} // namespace

class TestServicesProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester()
    {
        Fixture f;
        QAbstractItemModelTester tester(&f.proxy,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        f.proxy.sort(ServicesTableModel::ScoreColumn);
        f.show(QStringLiteral("a>b b>c"), {{QStringLiteral("c"), 10.0}});
        f.proxy.setFilterText(QStringLiteral("b"));
        f.show(QStringLiteral("a>b b>c"), {{QStringLiteral("b"), 10.0}});
        f.proxy.setFilterText({});
        f.show(QStringLiteral("a>b b>c c>d"), {});
        QCOMPARE(f.proxy.rowCount(), 4);
    }

    // Worst first: ascending score, services without data last in either direction.
    void sortsByScoreWithNoDataLast_data()
    {
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ascending (worst first)") << int(Qt::AscendingOrder) << "c d a b";
        QTest::newRow("descending") << int(Qt::DescendingOrder) << "a d c b";
    }

    void sortsByScoreWithNoDataLast()
    {
        QFETCH(int, order);
        QFETCH(QString, expected);
        Fixture f;
        f.show(QStringLiteral("a>b b>c c>d"), {{QStringLiteral("a"), 90.0},
                                               {QStringLiteral("b"), kNaN},
                                               {QStringLiteral("c"), 30.0},
                                               {QStringLiteral("d"), 60.0}});
        f.proxy.sort(ServicesTableModel::ScoreColumn, Qt::SortOrder(order));
        QCOMPARE(::order(f.proxy), expected);
    }

    // Rates sort as numbers: as text, "100" would come before "20".
    void numericColumnsSortAsNumbers()
    {
        Fixture f;
        TelemetrySample s = sampleOf(QStringLiteral("x>slow x>mid x>fast"));
        s.edges[0].requestRate = 2.0;
        s.edges[1].requestRate = 20.0;
        s.edges[2].requestRate = 100.0;
        TopologyPtr t = f.builder.build(s);
        f.source.setSnapshot(t, scoresOf(*t, {}), nullptr);
        f.proxy.sort(ServicesTableModel::RequestRateColumn, Qt::DescendingOrder);
        QCOMPARE(order(f.proxy), u"fast mid slow x"_qs); // x has no callers: rate 0
    }

    void equalScoresKeepANameOrder()
    {
        Fixture f;
        f.show(QStringLiteral("zeta>alpha alpha>mid"), {});
        f.proxy.sort(ServicesTableModel::ScoreColumn);
        QCOMPARE(order(f.proxy), u"alpha mid zeta"_qs);
    }

    void scoreTickResortsAndKeepsTheSet()
    {
        Fixture f;
        f.proxy.sort(ServicesTableModel::ScoreColumn);
        f.show(QStringLiteral("a>b b>c"), {{QStringLiteral("a"), 20.0}});
        QCOMPARE(order(f.proxy), u"a b c"_qs);
        f.show(QStringLiteral("a>b b>c"), {{QStringLiteral("c"), 20.0}});
        QCOMPARE(order(f.proxy), u"c a b"_qs);
    }

    void filtersByNameOrNamespace_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty: everything") << ""
                                           << "checkout ledger payment";
        QTest::newRow("name, other case") << "CHECK"
                                          << "checkout";
        QTest::newRow("namespace") << "Bill"
                                   << "ledger";
        QTest::newRow("both") << "pay"
                              << "payment";
        QTest::newRow("spaces trimmed") << "  ledger "
                                        << "ledger";
        QTest::newRow("no match") << "zzz"
                                  << "";
    }

    void filtersByNameOrNamespace()
    {
        QFETCH(QString, filter);
        QFETCH(QString, expected);
        Fixture f;
        f.proxy.sort(ServicesTableModel::NameColumn);
        f.show(QStringLiteral("checkout>payment checkout>billing/ledger"), {});
        f.proxy.setFilterText(filter);
        QCOMPARE(order(f.proxy), expected);
    }
};

QTEST_GUILESS_MAIN(TestServicesProxyModel)
#include "tst_servicesproxymodel.moc"
