#include "core/prometheus/querybuilder.h"
#include "core/prometheus/recordingrules.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

// The recording rules a profile gives, and the queries that read them: names that say level,
// metric and window; the latency as quantiles from recorded bucket rates; Prometheus' own
// checker accepting every built-in profile's rules at every granularity.
class TstRecordingRules : public QObject
{
    Q_OBJECT

private:
    static MetricProfile profile(const QString &name)
    {
        auto p = MetricProfile::find(name);
        if (!p)
            qFatal("%s", qPrintable(p.error()));
        return p.value();
    }

private Q_SLOTS:
    void istioRulesByRole()
    {
        const auto r =
            RecordingRules::create(profile(QStringLiteral("istio")), Granularity::Service);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->recordedNames(),
                 (QStringList{"meshscope_service:istio_requests:rate1m",
                              "meshscope_service:istio_latency:rate1m",
                              "meshscope_service:istio_serverRequests:rate1m",
                              "meshscope_service:istio_tcp:rate1m", QString()}));
        QCOMPARE(r->rules().size(), size_t(7));
        // The bucket rates once, then three quantiles read from them.
        QCOMPARE(r->rules()[1].record,
                 QStringLiteral("meshscope_service:istio_latency_bucket:rate1m"));
        // The identity labels joined into one and dropped: every recorded series about a call
        // is half the bytes to read.
        const QString groupBy =
            QStringLiteral("source_cluster, source_workload_namespace, source_canonical_service, "
                           "destination_cluster, destination_service_namespace, "
                           "destination_service_name");
        const QString joined = QStringLiteral(
            "\"meshscope_edge\", \"|\", \"source_cluster\", \"source_workload_namespace\", "
            "\"source_canonical_service\", \"destination_cluster\", "
            "\"destination_service_namespace\", \"destination_service_name\"))");
        // The bucket rates are not read: their labels stay apart (joining twenty times as many
        // series doubled the rule's cost), and the quantiles read from them are joined.
        QCOMPARE(r->rules()[1].expr,
                 QStringLiteral("sum by (le, %1) "
                                "(rate(istio_request_duration_milliseconds_bucket"
                                "{reporter=\"source\"}[1m]))")
                     .arg(groupBy));
        QCOMPARE(r->rules()[0].expr,
                 QStringLiteral("sum without (%1) (label_join(sum by (%1, request_protocol, "
                                "response_code, grpc_response_status, response_flags) "
                                "(rate(istio_requests_total{reporter=\"source\"}[1m])), %2")
                     .arg(groupBy, joined));
        QCOMPARE(r->rules()[3].expr,
                 QStringLiteral("sum without (%1) (label_join(histogram_quantile(0.95, "
                                "meshscope_service:istio_latency_bucket:rate1m), %2")
                     .arg(groupBy, joined));
        QCOMPARE(r->rules()[3].quantile, QStringLiteral("0.95"));
        // Every namespace: the refresh selects on the recorded series.
        QVERIFY(!r->rules()[0].expr.contains(QLatin1String("=~")));
        QVERIFY(r->rules()[0].expr.contains(QLatin1String("[1m]")));
    }

    void windowAndGranularityAreInTheName()
    {
        MetricProfile p = profile(QStringLiteral("istio"));
        p.window = QStringLiteral("2m");
        const auto r = RecordingRules::create(p, Granularity::Workload);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->recordedNames().first(),
                 QStringLiteral("meshscope_workload:istio_requests:rate2m"));
        QVERIFY(r->rules()[0].expr.contains(QLatin1String("source_workload,")));
        QCOMPARE(r->groupName(), QStringLiteral("meshscope-istio-workload-2m"));
    }

    // The refresh reads the recorded series with the user's namespace selection; range queries
    // (backfill) stay raw, since recorded series only start with the rules.
    void queriesReadTheRecordedSeries()
    {
        const MetricProfile p = profile(QStringLiteral("istio"));
        const auto r = RecordingRules::create(p, Granularity::Service);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const auto raw = QueryBuilder::create(p, Granularity::Service, QStringLiteral("shop"));
        const auto recorded = QueryBuilder::create(p, Granularity::Service, QStringLiteral("shop"),
                                                   {}, r->recordedNames());
        QVERIFY(raw.ok() && recorded.ok());
        QCOMPARE(recorded->queries().size(), 5);
        QVERIFY(recorded->readsRecorded());
        // The namespaces are the 2nd and 5th of the joined identity labels; `+ 0` drops the
        // metric name from every series of the answer.
        QCOMPARE(recorded->queries()[0],
                 QStringLiteral("{__name__=\"meshscope_service:istio_requests:rate1m\","
                                "meshscope_edge=~\"(?:[^|]*[|]){1}(?:shop)(?:[|].*)?|"
                                "(?:[^|]*[|]){4}(?:shop)(?:[|].*)?\"} + 0"));
        QCOMPARE(recorded->queries()[4], raw->queries()[4]); // replicas: no rule
        QCOMPARE(recorded->rangeQueries(), raw->rangeQueries());
        // Every namespace: no matcher at all.
        const auto all = QueryBuilder::create(p, Granularity::Service, {}, {}, r->recordedNames());
        QVERIFY(all.ok());
        QCOMPARE(all->queries()[1],
                 QStringLiteral("{__name__=\"meshscope_service:istio_latency:rate1m\"} + 0"));
    }

    // A profile whose namespace label is not one of the identity labels cannot select its
    // recorded series by namespace: the raw queries, which can.
    void namespacesOutsideTheIdentityReadTheRawMetrics()
    {
        MetricProfile p = profile(QStringLiteral("istio"));
        p.namespaceLabels = {QStringLiteral("k8s_namespace")};
        const auto r = RecordingRules::create(p, Granularity::Service);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const auto some = QueryBuilder::create(p, Granularity::Service, QStringLiteral("shop"), {},
                                               r->recordedNames());
        QVERIFY(some.ok());
        QVERIFY(!some->readsRecorded());
        QVERIFY(some->queries()[0].contains(QLatin1String("k8s_namespace=~\"shop\"")));
        const auto all = QueryBuilder::create(p, Granularity::Service, {}, {}, r->recordedNames());
        QVERIFY(all.ok());
        QVERIFY(all->readsRecorded());
    }

    void promtoolAcceptsEveryProfile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("granularity");
        for (const char *name : {"istio", "linkerd", "tempo"})
            for (Granularity g : {Granularity::Service, Granularity::Workload, Granularity::App})
                QTest::addRow("%s %s", name, qPrintable(toString(g))) << name << int(g);
    }
    void promtoolAcceptsEveryProfile()
    {
        QFETCH(QString, name);
        QFETCH(int, granularity);
        const auto r = RecordingRules::create(profile(name), Granularity(granularity));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("rules.yml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r->toYaml());
        f.close();
        QProcess promtool;
        promtool.start(QStringLiteral("promtool"),
                       {QStringLiteral("check"), QStringLiteral("rules"), file});
        QVERIFY(promtool.waitForFinished(60'000));
        const QByteArray out = promtool.readAllStandardOutput() + promtool.readAllStandardError();
        QVERIFY2(promtool.exitCode() == 0, out.constData());
        const QByteArray expected =
            "SUCCESS: " + QByteArray::number(qsizetype(r->rules().size())) + " rules found";
        QVERIFY2(out.contains(expected), out.constData());
    }

    void refusesABadPrefix()
    {
        const auto r = RecordingRules::create(profile(QStringLiteral("tempo")),
                                              Granularity::Service, QStringLiteral("a{b}"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().contains(QLatin1String("a{b}")));
    }
};

QTEST_GUILESS_MAIN(TstRecordingRules)
#include "tst_recordingrules.moc"
