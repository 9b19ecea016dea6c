#include "core/prometheus/prometheusclient.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/victoriametricsserver.h"

#include <QDateTime>
#include <QTest>

#include <cmath>
#include <memory>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

// The Prometheus client against the real servers users run: Prometheus from Debian (scraping
// itself every second) and VictoriaMetrics. A missing binary fails the test with the package
// to install; the servers are killed by PID when the test ends, pass or fail.
class TstPrometheusClientReal : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PrometheusServer> m_prometheus;
    std::unique_ptr<VictoriaMetricsServer> m_vm;

    PrometheusClient prometheus() const
    {
        return PrometheusClient({m_prometheus->url(), {}, {}, {}, {}});
    }
    PrometheusClient victoria() const { return PrometheusClient({m_vm->url(), {}, {}, {}, {}}); }

private slots:
    void initTestCase()
    {
        m_prometheus = std::make_unique<PrometheusServer>();
        const auto started = m_prometheus->start();
        QVERIFY2(started.ok(), qPrintable(started.error()));
        m_vm = std::make_unique<VictoriaMetricsServer>();
        const auto vmStarted = m_vm->start();
        QVERIFY2(vmStarted.ok(), qPrintable(vmStarted.error()));
    }

    void cleanupTestCase()
    {
        m_prometheus.reset(); // kills by PID
        m_vm.reset();
    }

    void prometheusBuildInfo()
    {
        const auto b = prometheus().buildInfo();
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QVERIFY2(b->hasVersion() && b->major >= 2, qPrintable(b->version));
        QVERIFY(!b->goVersion.isEmpty());
    }

    void prometheusInstantQuery()
    {
        // Prometheus scrapes itself every second: `up` appears after the first scrape.
        const PrometheusClient c = prometheus();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto q = c.instantQuery(QStringLiteral("up{job=\"prometheus\"}"));
                return q.ok() && q->series.size() == 1 && q->series[0].samples[0].value == 1.0;
            }(),
            30'000);
        const auto q = c.instantQuery(QStringLiteral("up{job=\"prometheus\"}"));
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QCOMPARE(q->type, PromResultType::Vector);
        QCOMPARE(q->series[0].labels.value("instance"),
                 QStringLiteral("127.0.0.1:%1").arg(m_prometheus->url().port()));
    }

    void prometheusArithmeticAndSpecialValues()
    {
        // '+' must reach the server as '+' (a space would be a parse error).
        auto q = prometheus().instantQuery(QStringLiteral("1 + 2"));
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QCOMPARE(q->type, PromResultType::Scalar);
        QCOMPARE(q->scalar.value, 3.0);
        q = prometheus().instantQuery(QStringLiteral("0/0"));
        QVERIFY(q.ok());
        QVERIFY(std::isnan(q->scalar.value));
        q = prometheus().instantQuery(QStringLiteral("-1/0"));
        QVERIFY(q.ok());
        QCOMPARE(q->scalar.value, -std::numeric_limits<double>::infinity());
    }

    void prometheusRangeQuery()
    {
        const PrometheusClient c = prometheus();
        // Wait until at least 3 one-second points exist.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                auto q =
                    c.rangeQuery(QStringLiteral("up{job=\"prometheus\"}"), now - 10'000, now, 1000);
                return q.ok() && q->series.size() == 1 && q->series[0].samples.size() >= 3;
            }(),
            30'000);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto q =
            c.rangeQuery(QStringLiteral("up{job=\"prometheus\"}"), now - 10'000, now, 1000);
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QCOMPARE(q->type, PromResultType::Matrix);
        const auto &samples = q->series[0].samples;
        for (size_t i = 1; i < samples.size(); ++i)
            QCOMPARE(samples[i].timestampMs - samples[i - 1].timestampMs, qint64(1000));
    }

    void prometheusSyntaxError()
    {
        const auto q = prometheus().instantQuery(QStringLiteral("sum(rate(up[1m])"));
        QVERIFY(!q.ok());
        QVERIFY2(
            q.error().startsWith(QStringLiteral("Prometheus at %1/api/v1/query answered with an "
                                                "error (bad_data, HTTP 400): ")
                                     .arg(m_prometheus->url().toString())) &&
                q.error().contains("parse error") &&
                q.error().contains("[query: sum(rate(up[1m])]"),
            qPrintable(q.error()));
    }

    void victoriaMetricsBuildInfoHasNoVersion()
    {
        const auto b = victoria().buildInfo();
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QVERIFY2(!b->hasVersion(), qPrintable(b->version)); // answers "data":{}
    }

    void victoriaMetricsInstantQuery()
    {
        const qint64 ts = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
        const auto imported =
            m_vm->importPrometheusText(QStringLiteral("istio_requests_total{destination_service="
                                                      "\"reviews\",response_code=\"200\"} 42 %1\n"
                                                      "istio_requests_total{destination_service="
                                                      "\"reviews\",response_code=\"503\"} 3 %1\n")
                                           .arg(ts)
                                           .toUtf8());
        QVERIFY2(imported.ok(), qPrintable(imported.error()));
        const PrometheusClient c = victoria();
        const QString query = QStringLiteral("sum by (response_code) (istio_requests_total) + 0");
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto q = c.instantQuery(query, ts);
                return q.ok() && q->series.size() == 2;
            }(),
            20'000);
        const auto q = c.instantQuery(query, ts);
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QMap<QString, double> byCode;
        for (const PromSeries &s : q->series)
            byCode.insert(s.labels.value("response_code"), s.samples[0].value);
        QCOMPARE(byCode.value("200"), 42.0);
        QCOMPARE(byCode.value("503"), 3.0);
    }

    void victoriaMetricsSyntaxError()
    {
        const auto q = victoria().instantQuery(QStringLiteral("1 +"));
        QVERIFY(!q.ok());
        QVERIFY2(q.error().startsWith(
                     QStringLiteral("Prometheus at %1/api/v1/query answered with an error (")
                         .arg(m_vm->url().toString())) &&
                     q.error().contains("unexpected token"),
                 qPrintable(q.error()));
    }
};

QTEST_GUILESS_MAIN(TstPrometheusClientReal)
#include "tst_prometheusclient_real.moc"
