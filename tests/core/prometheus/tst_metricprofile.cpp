#include "core/prometheus/metricprofile.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

// A small valid profile; rows below break one thing in it at a time.
const char kValid[] = R"(name: mini
window: 30s
probe:
  metric: istio_requests_total
  hint: is Prometheus scraping the sidecars?
namespaceLabels: [source_workload_namespace]
source:
  namespace: source_workload_namespace
  service: source_canonical_service
destination:
  namespace: destination_service_namespace
  service: destination_service_name
queries:
  - role: requests
    promql: sum by (${groupBy}, response_code) (rate(istio_requests_total{reporter="source"${filter}}[${window}]))
)";

QByteArray replaced(const char *from, const char *to)
{
    QByteArray yaml(kValid);
    yaml.replace(from, to);
    return yaml;
}

} // namespace

// Metric profiles as users write them: the built-in ones load, and every mistake is reported
// as "file:line: key: what" so that it can be fixed without reading our code.
class TstMetricProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInProfilesLoad_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("queries");
        QTest::addColumn<QString>("probe");
        QTest::newRow("istio") << "istio" << 5 << "istio_requests_total";
        QTest::newRow("linkerd") << "linkerd" << 5 << "response_total";
        QTest::newRow("tempo") << "tempo" << 3 << "traces_service_graph_request_total";
    }
    void builtInProfilesLoad()
    {
        QFETCH(QString, name);
        QFETCH(int, queries);
        QFETCH(QString, probe);
        const auto p = MetricProfile::find(name);
        QVERIFY2(p.ok(), qPrintable(p.error()));
        QCOMPARE(p->name, name);
        QCOMPARE(int(p->queries.size()), queries);
        QVERIFY(int(p->queries.size()) <= MetricProfile::kMaxQueries);
        QCOMPARE(p->probeMetric, probe);
        QVERIFY(MetricProfile::available().contains(name));
    }

    void istioReadsBothReporters()
    {
        const auto p = MetricProfile::find(QStringLiteral("istio"));
        QVERIFY2(p.ok(), qPrintable(p.error()));
        QCOMPARE(p->securityPolicyLabel, QStringLiteral("connection_security_policy"));
        QCOMPARE(p->mtlsValues, QStringList{QStringLiteral("mutual_tls")});
        QVERIFY(p->queries[0].promql.contains(QLatin1String("reporter=\"source\"")));
        QCOMPARE(p->queries[2].role, MetricProfile::Role::ServerRequests);
        QVERIFY(p->queries[2].promql.contains(QLatin1String("reporter=\"destination\"")));
    }

    void validMiniProfile()
    {
        const auto p = MetricProfile::parse(kValid, QStringLiteral("mini.yaml"));
        QVERIFY2(p.ok(), qPrintable(p.error()));
        QCOMPARE(p->window, QStringLiteral("30s"));
        QCOMPARE(p->queries.front().line, 14);
    }

    void errorsNameFileLineAndKey_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "bad.yaml: the file is empty";
        QTest::newRow("syntax") << QByteArray("name: [x\n") << "bad.yaml:2:";
        QTest::newRow("unknown key") << replaced("window: 30s", "windw: 30s")
                                     << "bad.yaml:2: windw: unknown key (expected one of: name,";
        QTest::newRow("bad window") << replaced("window: 30s", "window: soon")
                                    << "bad.yaml:2: window: 'soon' is not a duration";
        QTest::newRow("bad name") << replaced("name: mini", "name: Mini Profile")
                                  << "bad.yaml:1: name: 'Mini Profile' must be lower-case";
        QTest::newRow("bad label")
            << replaced("service: source_canonical_service", "service: source-service")
            << "bad.yaml:9: source.service: 'source-service' is not a "
               "Prometheus label name";
        QTest::newRow("missing service") << replaced("  service: destination_service_name\n", "")
                                         << "bad.yaml:11: destination.service: missing";
        QTest::newRow("unknown role") << replaced("role: requests", "role: requestz")
                                      << "bad.yaml:14: queries[0].role: unknown role 'requestz'";
        QTest::newRow("unknown placeholder")
            << replaced("${window}", "${windw}")
            << "bad.yaml:15: queries[0].promql: unknown placeholder ${windw}";
        QTest::newRow("unbalanced") << replaced("(rate(", "((rate(")
                                    << "bad.yaml:15: queries[0].promql: unbalanced parentheses";
        QTest::newRow("no filter")
            << replaced("${filter}", "") << "bad.yaml:14: queries[0]: must use ${filter}";
        QTest::newRow("histogram on requests")
            << replaced("promql:", "histogram:")
            << "bad.yaml:15: queries[0].histogram: only latency roles";
        QTest::newRow("no requests") << replaced("role: requests", "role: latency")
                                     << "bad.yaml:14: queries: needs a query with role requests";
        QByteArray many(kValid);
        const QByteArray query = many.mid(many.indexOf("  - role"));
        for (int i = 0; i < 8; ++i)
            many += query;
        QTest::newRow("too many queries")
            << many << "bad.yaml:14: queries: 9 queries; a profile may run at most 8";
        QTest::newRow("bad unit") << QByteArray(kValid) + "latencyUnit: minutes\n"
                                  << "bad.yaml:16: latencyUnit: 'minutes' must be ms or s";
        QTest::newRow("not a map") << QByteArray("- a\n- b\n") << "bad.yaml:1: expected a mapping";
    }
    void errorsNameFileLineAndKey()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const auto p = MetricProfile::parse(yaml, QStringLiteral("bad.yaml"));
        QVERIFY(!p.ok());
        QVERIFY2(p.error().startsWith(expected), qPrintable(p.error()));
    }

    void unknownProfileListsTheKnownOnes()
    {
        const auto p = MetricProfile::find(QStringLiteral("consul"));
        QVERIFY(!p.ok());
        QVERIFY2(p.error().contains(QLatin1String("no metric profile 'consul'")) &&
                     p.error().contains(QLatin1String("istio, linkerd, tempo")),
                 qPrintable(p.error()));
    }

    void userFolderWins()
    {
        QStandardPaths::setTestModeEnabled(true);
        QDir().mkpath(MetricProfile::userFolder());
        QFile file(MetricProfile::userFolder() + QStringLiteral("/istio.yaml"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(replaced("name: mini", "name: istio"));
        file.close();
        const auto p = MetricProfile::find(QStringLiteral("istio"));
        QFile::remove(file.fileName());
        QVERIFY2(p.ok(), qPrintable(p.error()));
        QCOMPARE(p->window, QStringLiteral("30s")); // the user's, not the built-in 1m
    }
};

QTEST_GUILESS_MAIN(TstMetricProfile)
#include "tst_metricprofile.moc"
