#include "core/prometheus/querybuilder.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

// The PromQL one refresh sends: a fixed handful of aggregated queries whatever the mesh, the
// namespaces as a regex matcher, and node identity labels chosen by the granularity.
class TstQueryBuilder : public QObject
{
    Q_OBJECT

private:
    MetricProfile istio() const
    {
        auto p = MetricProfile::find(QStringLiteral("istio"));
        if (!p)
            qFatal("%s", qPrintable(p.error()));
        return p.value();
    }

private Q_SLOTS:
    void groupByFollowsGranularity_data()
    {
        QTest::addColumn<int>("granularity");
        QTest::addColumn<QString>("groupBy");
        QTest::newRow("service")
            << int(Granularity::Service)
            << "source_cluster, source_workload_namespace, source_canonical_service, "
               "destination_cluster, destination_service_namespace, destination_service_name";
        QTest::newRow("workload")
            << int(Granularity::Workload)
            << "source_cluster, source_workload_namespace, source_canonical_service, "
               "source_workload, destination_cluster, destination_service_namespace, "
               "destination_service_name, destination_workload";
        QTest::newRow("app") << int(Granularity::App)
                             << "source_cluster, source_workload_namespace, "
                                "source_canonical_service, source_app, source_version, "
                                "destination_cluster, destination_service_namespace, "
                                "destination_service_name, destination_app, destination_version";
    }
    void groupByFollowsGranularity()
    {
        QFETCH(int, granularity);
        QFETCH(QString, groupBy);
        const auto b = QueryBuilder::create(istio(), Granularity(granularity));
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QCOMPARE(b->groupByLabels().join(QStringLiteral(", ")), groupBy);
        QVERIFY(b->queries().first().startsWith(QStringLiteral("sum without (") + groupBy +
                                                QStringLiteral(") (label_join(sum by (") + groupBy +
                                                QStringLiteral(", request_protocol")));
    }

    void everyNamespaceIsOneCheapMatcher()
    {
        const auto b = QueryBuilder::create(istio(), Granularity::Service);
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QCOMPARE(b->queries().size(), 5);
        // The identity labels come back joined in one label (in the order of groupByLabels()),
        // the separate ones and the metric name dropped: half the bytes of the answer.
        QCOMPARE(b->queries().first(),
                 QStringLiteral(
                     "sum without (source_cluster, source_workload_namespace, "
                     "source_canonical_service, destination_cluster, "
                     "destination_service_namespace, destination_service_name) (label_join("
                     "sum by (source_cluster, source_workload_namespace, "
                     "source_canonical_service, destination_cluster, "
                     "destination_service_namespace, destination_service_name, request_protocol, "
                     "response_code, grpc_response_status, response_flags) "
                     "(rate(istio_requests_total{reporter=\"source\","
                     "source_workload_namespace=~\".*\"}[1m])), \"meshscope_edge\", \"|\", "
                     "\"source_cluster\", \"source_workload_namespace\", "
                     "\"source_canonical_service\", \"destination_cluster\", "
                     "\"destination_service_namespace\", \"destination_service_name\"))"));
        // Replicas are per workload: nothing to join.
        QVERIFY(!b->queries().last().contains(QLatin1String("label_join")));
        for (const QString &q : b->queries())
            QVERIFY2(!q.contains(QLatin1String("${")), qPrintable(q));
    }

    void selectedNamespacesMatchEitherEnd()
    {
        const auto b =
            QueryBuilder::create(istio(), Granularity::Service, QStringLiteral("shop|pay\"ments"));
        QVERIFY2(b.ok(), qPrintable(b.error()));
        const QString q = b->queries().first();
        // One query still: the two matchers are joined with `or`, which keeps each call once.
        QVERIFY2(q.contains(QLatin1String(
                     "(rate(istio_requests_total{reporter=\"source\",source_workload_namespace=~"
                     "\"shop|pay\\\"ments\"}[1m]))")),
                 qPrintable(q));
        QVERIFY2(q.contains(QLatin1String("\"destination_service_name\"))) or (sum without")),
                 qPrintable(q));
        QVERIFY(q.contains(QLatin1String("destination_service_namespace=~\"shop|pay\\\"ments\"")));
        QCOMPARE(b->queries().size(), 5);
        QVERIFY(b->queries().last().contains(
            QLatin1String("kube_deployment_status_replicas{namespace=~\"shop|pay\\\"ments\"}")));
    }

    void histogramBecomesOneBucketQuery()
    {
        const auto b = QueryBuilder::create(istio(), Granularity::Service);
        QVERIFY2(b.ok(), qPrintable(b.error()));
        // The rate of every bucket once; SampleBuilder computes the quantiles. The identity
        // labels come back joined in one label, in the order of groupByLabels().
        QCOMPARE(b->queries().at(1),
                 QStringLiteral(
                     "sum by (le, meshscope_edge) (label_join(sum by (le, source_cluster, "
                     "source_workload_namespace, source_canonical_service, destination_cluster, "
                     "destination_service_namespace, destination_service_name) "
                     "(rate(istio_request_duration_milliseconds_bucket{reporter=\"source\","
                     "source_workload_namespace=~\".*\"}[1m])), \"meshscope_edge\", \"|\", "
                     "\"source_cluster\", \"source_workload_namespace\", "
                     "\"source_canonical_service\", \"destination_cluster\", "
                     "\"destination_service_namespace\", \"destination_service_name\"))"));
        for (const QString &q : b->queries())
            QVERIFY2(!q.contains(QLatin1String("histogram_quantile")), qPrintable(q));
    }

    void rangeQueriesAskTheServerForQuantiles()
    {
        const auto b = QueryBuilder::create(istio(), Granularity::Service);
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QCOMPARE(b->rangeQueries().size(), b->queries().size());
        const QString latency = b->rangeQueries().at(1);
        for (const char *q : {"0.5", "0.95", "0.99"})
            QVERIFY(latency.contains(
                QStringLiteral("label_replace(histogram_quantile(%1, sum by (le, source_cluster")
                    .arg(QLatin1String(q))));
        QCOMPARE(latency.count(QLatin1String(" or ")), 2);
        QVERIFY(latency.contains(
            QLatin1String("rate(istio_request_duration_milliseconds_bucket{reporter=\"source\","
                          "source_workload_namespace=~\".*\"}[1m])")));
        // Everything else is the same query.
        for (qsizetype i = 0; i < b->queries().size(); ++i)
            if (i != 1)
                QCOMPARE(b->rangeQueries().at(i), b->queries().at(i));
    }

    void prefixIsProbedIn()
    {
        auto tempo = MetricProfile::find(QStringLiteral("tempo"));
        QVERIFY2(tempo.ok(), qPrintable(tempo.error()));
        const auto b =
            QueryBuilder::create(tempo.value(), Granularity::Service, {}, QStringLiteral("otel_"));
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QVERIFY(b->queries().first().contains(
            QLatin1String("rate(otel_traces_service_graph_request_total{client!=\"\"}[1m])")));
    }

    void badInputIsRefused()
    {
        const auto regex =
            QueryBuilder::create(istio(), Granularity::Service, QStringLiteral("(shop"));
        QVERIFY(!regex.ok());
        QVERIFY2(regex.error().startsWith(QLatin1String("namespaces: '(shop' is not a valid")),
                 qPrintable(regex.error()));
        const auto prefix = QueryBuilder::create(istio(), Granularity::Service, {},
                                                 QStringLiteral("x\"}) or vector(1"));
        QVERIFY(!prefix.ok());
    }
};

QTEST_GUILESS_MAIN(TstQueryBuilder)
#include "tst_querybuilder.moc"
