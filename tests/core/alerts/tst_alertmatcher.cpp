#include "core/alerts/alertmatcher.h"

#include <QTest>

using namespace meshscope::core;

using Labels = QMap<QString, QString>;

// Which node an alert lands on, by the labels mesh alert rules carry.
class TstAlertMatcher : public QObject
{
    Q_OBJECT

private slots:
    void nodesFor_data()
    {
        QTest::addColumn<Labels>("labels");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("Istio FQDN")
            << Labels{{"destination_service", "reviews.bookinfo.svc.cluster.local"}}
            << QStringList{"east/bookinfo/reviews"};
        QTest::newRow("Istio name + namespace")
            << Labels{{"destination_service_name", "reviews"},
                      {"destination_service_namespace", "bookinfo"}}
            << QStringList{"east/bookinfo/reviews"};
        // No cluster label: the service of that namespace in every cluster.
        QTest::newRow("service + namespace")
            << Labels{{"service", "checkout"}, {"namespace", "shop"}}
            << QStringList{"east/shop/checkout", "west/shop/checkout"};
        QTest::newRow("service without namespace: every namespace")
            << Labels{{"service", "checkout"}}
            << QStringList{"east/shop/checkout", "west/shop/checkout", "east/staging/checkout"};
        QTest::newRow("cluster label") << Labels{{"service", "checkout"}, {"cluster", "west"}}
                                       << QStringList{"west/shop/checkout"};
        QTest::newRow("workload version suffix")
            << Labels{{"workload", "reviews-v2"}, {"namespace", "bookinfo"}}
            << QStringList{"east/bookinfo/reviews"};
        QTest::newRow("workload longest prefix")
            << Labels{{"workload", "reviews-api-7d9f"}, {"namespace", "bookinfo"}}
            << QStringList{"east/bookinfo/reviews-api"};
        QTest::newRow("workload exact")
            << Labels{{"workload", "reviews-api"}, {"namespace", "bookinfo"}}
            << QStringList{"east/bookinfo/reviews-api"};
        QTest::newRow("namespace only: no node") << Labels{{"namespace", "shop"}} << QStringList{};
        QTest::newRow("unknown service")
            << Labels{{"service", "payments"}, {"namespace", "shop"}} << QStringList{};
        QTest::newRow("wrong namespace")
            << Labels{{"service", "reviews"}, {"namespace", "shop"}} << QStringList{};
    }

    void nodesFor()
    {
        QFETCH(Labels, labels);
        const AlertMatcher matcher(
            {NodeId("east", "bookinfo", "reviews"), NodeId("east", "bookinfo", "reviews-api"),
             NodeId("east", "shop", "checkout"), NodeId("west", "shop", "checkout"),
             NodeId("east", "staging", "checkout")});
        Alert a;
        a.labels = labels;
        QStringList keys;
        for (const NodeId &id : matcher.nodesFor(a))
            keys.append(id.key());
        QTEST(keys, "expected");
    }
};

QTEST_GUILESS_MAIN(TstAlertMatcher)
#include "tst_alertmatcher.moc"
