#include "../common/demotopology.h"

#include "chaos/scenario/targetsuggester.h"
#include "chaos/scenario/targetsuggestionmodel.h"
#include "core/topology/topologybuilder.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;

namespace {

const TargetSuggestion *find(const std::vector<TargetSuggestion> &list, const QString &service)
{
    for (const TargetSuggestion &s : list) {
        if (s.service == service)
            return &s;
    }
    return nullptr;
}

QStringList services(const std::vector<TargetSuggestion> &list)
{
    QStringList out;
    for (const TargetSuggestion &s : list)
        out << s.service;
    return out;
}

core::EdgeSample call(const QString &from, const QString &to, double rps)
{
    core::EdgeSample e;
    e.source = core::NodeId(QStringLiteral("c"), QStringLiteral("ns"), from);
    e.destination = core::NodeId(QStringLiteral("c"), QStringLiteral("ns"), to);
    e.requestRate = rps;
    return e;
}

} // namespace

class TestTargetSuggester : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shopRanksTheFrontendThenCheckoutThenCart()
    {
        const auto snapshot = fixtures::demoSnapshot(QStringLiteral("shop"));
        QVERIFY(snapshot);
        const auto list = TargetSuggester::suggest(*snapshot->topology, snapshot->facts.get());
        QVERIFY(list.size() >= 3);
        // Every page goes through the frontend; only checkout reaches payment and email; only
        // the cart reaches its Redis.
        QCOMPARE(services(list).mid(0, 3), (QStringList{QStringLiteral("shop/frontend"),
                                                        QStringLiteral("shop/checkoutservice"),
                                                        QStringLiteral("shop/cartservice")}));
        QCOMPARE(list[0].cutOff.size(), 10);
        QVERIFY2(list[0].reason.startsWith(
                     QStringLiteral("only path from istio-ingressgateway to 10 services")),
                 qPrintable(list[0].reason));
        QCOMPARE(list[1].cutOff,
                 (QStringList{QStringLiteral("emailservice"), QStringLiteral("paymentservice")}));
        QVERIFY2(list[1].reason.startsWith(QStringLiteral(
                     "only path from istio-ingressgateway to emailservice and paymentservice")),
                 qPrintable(list[1].reason));
        QVERIFY2(list[2].reason.startsWith(
                     QStringLiteral("only path from istio-ingressgateway to redis-cart")),
                 qPrintable(list[2].reason));
        // The centrality figure a user can compare with the details panel.
        QVERIFY2(list[1].reason.contains(QStringLiteral("2 services upstream")),
                 qPrintable(list[1].reason));
        QVERIFY(list[0].betweenness > list[1].betweenness);
    }

    void theUserFacingServiceIsTheGatewaysBusiestCallee()
    {
        const auto shopMesh = fixtures::demoSnapshot(QStringLiteral("shop"));
        QVERIFY(shopMesh);
        QCOMPARE(TargetSuggester::userFacingService(*shopMesh->topology),
                 QStringLiteral("shop/frontend"));
        const auto tickets = fixtures::demoSnapshot(QStringLiteral("tickets"));
        QVERIFY(tickets);
        QCOMPARE(TargetSuggester::userFacingService(*tickets->topology),
                 QStringLiteral("train-ticket/ts-travel")); // 35 % of the dashboard's calls
    }

    void entryPointsAndLeavesAreNotSuggested()
    {
        const auto snapshot = fixtures::demoSnapshot(QStringLiteral("shop"));
        QVERIFY(snapshot);
        const auto list = TargetSuggester::suggest(*snapshot->topology, snapshot->facts.get());
        QVERIFY(!find(list, QStringLiteral("istio-system/istio-ingressgateway")));
        // Nothing goes through a leaf: a fault there teaches less than one on the path to it.
        QVERIFY(!find(list, QStringLiteral("shop/productcatalogservice")));
        QVERIFY(!find(list, QStringLiteral("shop/redis-cart")));
    }

    void ticketsPutsThePaymentChainFirst()
    {
        const auto snapshot = fixtures::demoSnapshot(QStringLiteral("tickets"));
        QVERIFY(snapshot);
        const auto list = TargetSuggester::suggest(*snapshot->topology, snapshot->facts.get());
        QCOMPARE(int(list.size()), TargetSuggester::kDefaultLimit);
        // ts-inside-payment is the only way to ts-payment, its database and the third-party
        // gateway; ts-ticketinfo the only way to ts-basic and ts-price.
        QCOMPARE(list[0].service, QStringLiteral("train-ticket/ts-inside-payment"));
        QCOMPARE(list[0].cutOff,
                 (QStringList{QStringLiteral("paygateway.example.com"),
                              QStringLiteral("ts-payment"), QStringLiteral("ts-payment-mysql")}));
        QVERIFY2(list[0].reason.startsWith(
                     QStringLiteral("only path from ts-ui-dashboard to 3 services")),
                 qPrintable(list[0].reason));
        QCOMPARE(list[1].service, QStringLiteral("train-ticket/ts-ticketinfo"));
        QCOMPARE(list[1].cutOff,
                 (QStringList{QStringLiteral("ts-basic"), QStringLiteral("ts-price")}));
        // Services with as many cut off are ranked by betweenness.
        for (size_t i = 2; i + 1 < list.size(); ++i) {
            if (list[i].cutOff.size() == list[i + 1].cutOff.size())
                QVERIFY(list[i].betweenness >= list[i + 1].betweenness);
        }
    }

    void aMeshThatRoutesAroundHasOnlyCentralServices()
    {
        core::TelemetrySample s;
        // gw reaches d through a or b: nothing is a single point of failure, but a and b carry
        // every call to d.
        s.edges = {call(QStringLiteral("gw"), QStringLiteral("a"), 1.0),
                   call(QStringLiteral("gw"), QStringLiteral("b"), 1.0),
                   call(QStringLiteral("a"), QStringLiteral("d"), 1.0),
                   call(QStringLiteral("b"), QStringLiteral("d"), 1.0)};
        core::TopologyBuilder builder;
        const auto topology = builder.build(s);
        const auto list = TargetSuggester::suggest(*topology, nullptr);
        QCOMPARE(services(list), (QStringList{QStringLiteral("ns/a"), QStringLiteral("ns/b")}));
        for (const TargetSuggestion &t : list) {
            QVERIFY(!t.singlePointOfFailure());
            QVERIFY2(t.reason.startsWith(QStringLiteral("betweenness ")), qPrintable(t.reason));
            QVERIFY2(t.reason.endsWith(QStringLiteral("1 service upstream")), qPrintable(t.reason));
        }
    }

    void modelShowsServiceAndWhy()
    {
        const auto snapshot = fixtures::demoSnapshot(QStringLiteral("shop"));
        QVERIFY(snapshot);
        TargetSuggestionModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSuggestions(TargetSuggester::suggest(*snapshot->topology, snapshot->facts.get()));
        QVERIFY(model.rowCount() >= 3);
        QCOMPARE(model.index(0, TargetSuggestionModel::ServiceColumn).data().toString(),
                 QStringLiteral("shop/frontend"));
        QVERIFY(model.index(1, TargetSuggestionModel::ReasonColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("paymentservice")));
        QCOMPARE(model.index(0, 1).data(TargetSuggestionModel::NodeKeyRole).toString(),
                 snapshot->topology
                     ->nodes()[size_t(snapshot->topology->nodeIndex(model.suggestions()[0].node))]
                     .id.key());
        model.setSuggestions({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTargetSuggester)
#include "tst_targetsuggester.moc"
