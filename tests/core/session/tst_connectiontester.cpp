#include "core/session/connectionprofile.h"
#include "core/session/connectiontester.h"
#include "tests/servers/alertmanagerserver.h"
#include "tests/servers/jaegertestserver.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"
#include "tests/servers/victoriametricsserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace meshscope;
using namespace meshscope::core;

namespace {
const QString kFixtures = QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/jaeger/fixtures");
}

// "Test connection" against a real Prometheus (Debian package) scraping meshscope-sim's shop
// mesh: the server's version and the mesh's series, as a user sees them in the dialog.
class TestConnectionTester : public QObject
{
    Q_OBJECT
private:
    testing::SimProcess m_sim;
    std::unique_ptr<tests::PrometheusServer> m_prometheus;
    std::unique_ptr<tests::VictoriaMetricsServer> m_victoria;
    std::unique_ptr<tests::AlertmanagerServer> m_alertmanager;
    QString m_target;

private Q_SLOTS:
    void initTestCase()
    {
        const auto target =
            m_sim.start(QStringLiteral(MESHSCOPE_SIM_BINARY), QStringLiteral("shop"));
        QVERIFY2(target.ok(), qPrintable(target.error()));
        m_target = target.value();
        m_prometheus = std::make_unique<tests::PrometheusServer>();
        tests::PrometheusServer::Options options;
        options.targets = {target.value()};
        const auto started = m_prometheus->start(options);
        QVERIFY2(started.ok(), qPrintable(started.error()));
    }

    void reportsVersionAndSeries()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("local");
        p.prometheusUrl = m_prometheus->url().toString();
        const auto options = p.prometheusOptions(nullptr);
        QVERIFY2(options.ok(), qPrintable(options.error()));
        // The first scrape lands within a few seconds.
        Result<ConnectionTestReport> report = Error{QStringLiteral("not run")};
        QTRY_VERIFY_WITH_TIMEOUT((report = ConnectionTester::run(options.value())).ok(), 30'000);
        QVERIFY2(report->server.startsWith(QLatin1String("Prometheus 2.")),
                 qPrintable(report->server));
        QCOMPARE(report->metrics, QStringList{QStringLiteral("istio_requests_total")});
        // The shop mesh reports every call from both ends: dozens of series, not one.
        QVERIFY2(report->seriesCount >= 20, qPrintable(QString::number(report->seriesCount)));
        QVERIFY(report->elapsedMs >= 0);
    }

    void wrongMetricProfileSaysWhatIsMissing()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("local");
        p.prometheusUrl = m_prometheus->url().toString();
        p.metricProfile = QStringLiteral("linkerd");
        const auto report = ConnectionTester::run(p.prometheusOptions(nullptr).value());
        QVERIFY(!report.ok());
        QVERIFY2(report.error().contains(QLatin1String("answers, but has no")),
                 qPrintable(report.error()));
    }

    void serverDownIsAClearError()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("down");
        p.prometheusUrl = QStringLiteral("http://127.0.0.1:9");
        const auto report = ConnectionTester::run(p.prometheusOptions(nullptr).value());
        QVERIFY(!report.ok());
        QVERIFY2(report.error().contains(QLatin1String("127.0.0.1:9")), qPrintable(report.error()));
    }

    void victoriaMetricsHasNoVersionButTheSeries()
    {
        m_victoria = std::make_unique<tests::VictoriaMetricsServer>();
        const auto started = m_victoria->start({m_target});
        QVERIFY2(started.ok(), qPrintable(started.error()));
        ConnectionProfile p;
        p.name = QStringLiteral("vm");
        p.flavour = StoreFlavour::VictoriaMetrics;
        p.prometheusUrl = m_victoria->url().toString();
        const auto options = p.prometheusOptions(nullptr).value();
        Result<ConnectionTestReport> report = Error{QStringLiteral("not run")};
        QTRY_VERIFY_WITH_TIMEOUT((report = ConnectionTester::run(options)).ok(), 30'000);
        QCOMPARE(report->server, QStringLiteral("a Prometheus-compatible server (no version)"));
        QVERIFY2(report->seriesCount >= 20, qPrintable(QString::number(report->seriesCount)));
    }

    // Jaeger before and after the v3 API: each detected as such, with the services of its store.
    void jaegerApiAndServices()
    {
        qint64 counts[2] = {0, 0};
        int i = 0;
        for (const auto &[apis, name] :
             {std::pair{tests::JaegerTestServer::Apis::V1Only, "Jaeger (API v1)"},
              std::pair{tests::JaegerTestServer::Apis::V3Only, "Jaeger (API v3)"}}) {
            tests::JaegerTestServer jaeger(apis);
            QVERIFY(jaeger.loadRecordedTraces(kFixtures) > 0);
            JaegerEndpoint endpoint;
            endpoint.baseUrl = jaeger.url();
            const BackendTestReport report = ConnectionTester::runJaeger(endpoint);
            QVERIFY2(report.ok(), qPrintable(report.error));
            QCOMPARE(report.server, QString::fromLatin1(name));
            QVERIFY(report.count > 0);
            counts[i++] = report.count;
        }
        QCOMPARE(counts[0], counts[1]); // one store, two APIs
    }

    void jaegerFailuresAreNamed()
    {
        JaegerEndpoint down;
        down.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
        const BackendTestReport report = ConnectionTester::runJaeger(down);
        QVERIFY(!report.ok());
        QVERIFY2(report.error.contains(QLatin1String("127.0.0.1:9")), qPrintable(report.error));

        tests::JaegerTestServer empty; // reached, but nothing stored yet
        JaegerEndpoint endpoint;
        endpoint.baseUrl = empty.url();
        const BackendTestReport none = ConnectionTester::runJaeger(endpoint);
        QVERIFY(!none.ok());
        QVERIFY2(none.error.contains(QLatin1String("knows no services")), qPrintable(none.error));
    }

    // A real Alertmanager: its version, and the firing alerts the profile's filter selects (a
    // silenced one is not firing).
    void alertmanagerVersionAndFiringAlerts()
    {
        m_alertmanager = std::make_unique<tests::AlertmanagerServer>();
        const auto started = m_alertmanager->start();
        QVERIFY2(started.ok(), qPrintable(started.error()));
        const auto alert = [](const char *name, const char *severity) {
            return QJsonObject{{"labels", QJsonObject{{"alertname", name},
                                                      {"severity", severity},
                                                      {"namespace", "shop"},
                                                      {"service", "cartservice"}}}};
        };
        QVERIFY(m_alertmanager
                    ->postAlerts(QJsonArray{alert("HighErrorRate", "critical"),
                                            alert("PodRestarts", "critical"),
                                            alert("SlowResponses", "warning")})
                    .ok());
        QVERIFY(m_alertmanager->createSilence({{"alertname", "PodRestarts"}}, "known").ok());
        AlertmanagerEndpoint endpoint;
        endpoint.baseUrl = m_alertmanager->url();
        BackendTestReport all;
        // Just posted alerts are "unprocessed" for a moment.
        QTRY_COMPARE_WITH_TIMEOUT((all = ConnectionTester::runAlertmanager(endpoint)).count, 2,
                                  15'000);
        QVERIFY2(all.ok(), qPrintable(all.error));
        QVERIFY2(all.server.startsWith(QLatin1String("Alertmanager 0.")), qPrintable(all.server));
        AlertFilter critical;
        critical.matchers = {QStringLiteral(R"(severity="critical")")};
        const BackendTestReport filtered = ConnectionTester::runAlertmanager(endpoint, critical);
        QVERIFY2(filtered.ok(), qPrintable(filtered.error));
        QCOMPARE(filtered.count, 1);
        AlertFilter bad;
        bad.matchers = {QStringLiteral("severity=~\"[\"")}; // not a regular expression
        const BackendTestReport refused = ConnectionTester::runAlertmanager(endpoint, bad);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.contains(QLatin1String("400")), qPrintable(refused.error));
    }

    // A URL that answers, but not as Alertmanager (here: our Jaeger), is named as such.
    void alertmanagerUrlOfSomethingElse()
    {
        tests::JaegerTestServer jaeger;
        AlertmanagerEndpoint endpoint;
        endpoint.baseUrl = jaeger.url();
        const BackendTestReport report = ConnectionTester::runAlertmanager(endpoint);
        QVERIFY(!report.ok());
        QVERIFY2(report.error.contains(QLatin1String("is not Alertmanager's status")),
                 qPrintable(report.error));
    }

    // The whole profile at once: every backend tried, each failure named.
    void runAllNamesEachBackend()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("local");
        p.prometheusUrl = m_prometheus->url().toString();
        ConnectionTestTargets targets;
        targets.prometheus = p.prometheusOptions(nullptr).value();
        JaegerEndpoint down;
        down.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
        targets.jaeger = down;
        if (m_alertmanager) {
            AlertmanagerEndpoint am;
            am.baseUrl = m_alertmanager->url();
            targets.alertmanager = am;
        }
        const ConnectionTestOutcome outcome = ConnectionTester::runAll(targets);
        QVERIFY2(outcome.prometheus.ok(), qPrintable(outcome.prometheus.error()));
        QVERIFY(!outcome.ok());
        QCOMPARE(outcome.backends.size(), size_t(m_alertmanager ? 2 : 1));
        QCOMPARE(outcome.backends[0].backend, QStringLiteral("Jaeger"));
        QVERIFY(!outcome.backends[0].ok());
        if (m_alertmanager)
            QVERIFY2(outcome.backends[1].ok(), qPrintable(outcome.backends[1].error));
    }

    void cleanupTestCase()
    {
        m_prometheus.reset();
        m_victoria.reset();
        m_alertmanager.reset();
    }
};

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "tst_connectiontester.moc"
