#include "core/session/connectionprofile.h"
#include "core/session/connectiontester.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"
#include "tests/servers/victoriametricsserver.h"

#include <QTest>

#include <memory>

using namespace meshscope;
using namespace meshscope::core;

// "Test connection" against a real Prometheus (Debian package) scraping meshscope-sim's shop
// mesh: the server's version and the mesh's series, as a user sees them in the dialog.
class TestConnectionTester : public QObject
{
    Q_OBJECT
private:
    testing::SimProcess m_sim;
    std::unique_ptr<tests::PrometheusServer> m_prometheus;
    std::unique_ptr<tests::VictoriaMetricsServer> m_victoria;
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

    void cleanupTestCase()
    {
        m_prometheus.reset();
        m_victoria.reset();
    }
};

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "tst_connectiontester.moc"
