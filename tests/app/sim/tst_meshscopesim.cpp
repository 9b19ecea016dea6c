#include "core/demo/demomeshes.h"
#include "core/net/httpclient.h"
#include "core/prometheus/prometheusclient.h"
#include "tests/servers/prometheusserver.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <set>

#include <signal.h>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

namespace {

// The real meshscope-sim executable, killed by PID when the test ends, pass or fail.
class SimProcess
{
public:
    ~SimProcess()
    {
        if (m_process.processId() > 0)
            ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(10'000);
    }

    QProcess &process() { return m_process; }

    // Starts it on a free port and returns "127.0.0.1:PORT" as it printed it, or an error.
    Result<QString> start(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(MESHSCOPE_SIM_BINARY),
                        arguments +
                            QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        if (!m_process.waitForStarted())
            return Result<QString>::failure(QStringLiteral("meshscope-sim did not start"));
        static const QRegularExpression listening(
            QStringLiteral("listening on (127\\.0\\.0\\.1:\\d+)"));
        QString out;
        // Bounded: the simulator warms up for one minute of simulated time first.
        for (int i = 0; i < 120 && !out.contains(QLatin1Char('\n')); ++i) {
            if (m_process.state() != QProcess::Running)
                break;
            m_process.waitForReadyRead(500);
            out += QString::fromUtf8(m_process.readAllStandardOutput());
        }
        const auto m = listening.match(out);
        if (!m.hasMatch())
            return Result<QString>::failure(
                QStringLiteral("no 'listening on' line: %1 %2")
                    .arg(out, QString::fromUtf8(m_process.readAllStandardError())));
        return m.captured(1);
    }

private:
    QProcess m_process;
};

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(MESHSCOPE_SIM_BINARY), arguments);
    Run r;
    if (!p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

using Pair = std::pair<QString, QString>;

std::set<Pair> pairs(const Result<PromQueryResult> &result)
{
    std::set<Pair> out;
    if (result.ok())
        for (const PromSeries &s : result->series)
            out.insert({s.labels.value(QStringLiteral("source_workload")),
                        s.labels.value(QStringLiteral("destination_service_name"))});
    return out;
}

} // namespace

// meshscope-sim as users run it: its command line, its HTTP paths, and a real Prometheus
// scraping it every second.
class TstMeshscopeSim : public QObject
{
    Q_OBJECT

private slots:
    void commandLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::newRow("help") << QStringList{"--help"} << 0 << "--listen HOST:PORT";
        QTest::newRow("unknown option")
            << QStringList{"--meshh", "shop"} << 2 << "unknown argument '--meshh'";
        QTest::newRow("missing value") << QStringList{"--seed"} << 2 << "--seed needs a value";
        QTest::newRow("bad seed") << QStringList{"--seed", "x7"} << 2
                                  << "--seed 'x7' is not a whole number";
        QTest::newRow("bad listen")
            << QStringList{"--listen", "localhost"} << 2 << "--listen 'localhost' is not HOST:PORT";
        QTest::newRow("port out of range")
            << QStringList{"--listen=127.0.0.1:70000"} << 2 << "--listen '127.0.0.1:70000'";
        QTest::newRow("unknown mesh") << QStringList{"--mesh", "shopp", "--listen", "127.0.0.1:0"}
                                      << 1 << "unknown demo mesh 'shopp'";
        QTest::newRow("generated out of range")
            << QStringList{"--mesh", "generated:0", "--listen", "127.0.0.1:0"} << 1
            << "generated:0";
    }

    void commandLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, exitCode);
        const QString text = exitCode == 0 ? r.out : r.err;
        QVERIFY2(text.contains(says), qPrintable(text));
    }

    void portInUse()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
        const Run r = run({QStringLiteral("--listen"), address});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot listen on ") + address), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("in use")), qPrintable(r.err));
    }

    void servesItsPaths()
    {
        SimProcess sim;
        const auto address = sim.start({QStringLiteral("--mesh"), QStringLiteral("tickets")});
        QVERIFY2(address.ok(), qPrintable(address.error()));
        HttpClient http;
        auto get = [&](const char *path) {
            HttpRequest request;
            request.url = QUrl(QStringLiteral("http://%1%2").arg(*address, path));
            return http.fetch(request);
        };
        const auto metrics = get("/metrics");
        QVERIFY2(metrics.ok(), qPrintable(metrics.error()));
        QCOMPARE(metrics->status, 200);
        QVERIFY(metrics->contentType.startsWith("text/plain; version=0.0.4"));
        QVERIFY(metrics->body.contains("# TYPE istio_requests_total counter\n"));
        QVERIFY(metrics->body.contains("destination_service_name=\"ts-travel\""));
        const auto index = get("/");
        QVERIFY2(index.ok(), qPrintable(index.error()));
        QCOMPARE(index->status, 200);
        QVERIFY(index->body.contains("href=\"/metrics\""));
        const auto healthy = get("/-/healthy");
        QVERIFY2(healthy.ok(), qPrintable(healthy.error()));
        QCOMPARE(healthy->status, 200);
        const auto missing = get("/api/v1/query");
        QVERIFY2(missing.ok(), qPrintable(missing.error()));
        QCOMPARE(missing->status, 404);
        HttpRequest post;
        post.method = HttpRequest::Method::Post;
        post.url = QUrl(QStringLiteral("http://%1/metrics").arg(*address));
        post.body = "x";
        const auto refused = http.fetch(post);
        QVERIFY2(refused.ok(), qPrintable(refused.error()));
        QCOMPARE(refused->status, 405);
        // SIGTERM is a clean stop.
        sim.process().terminate();
        QVERIFY(sim.process().waitForFinished(10'000));
        QCOMPARE(sim.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(sim.process().exitCode(), 0);
    }

    void prometheusSeesTheMeshCalls()
    {
        SimProcess sim;
        const auto address = sim.start({QStringLiteral("--mesh"), QStringLiteral("shop"),
                                        QStringLiteral("--seed"), QStringLiteral("7")});
        QVERIFY2(address.ok(), qPrintable(address.error()));
        PrometheusServer prometheus; // killed by PID when it goes out of scope
        PrometheusServer::Options options;
        options.scrapeIntervalMs = 1000;
        options.targets = {*address};
        const auto started = prometheus.start(options);
        QVERIFY2(started.ok(), qPrintable(started.error()));

        const PrometheusClient client({prometheus.url(), {}, {}, {}, {}});
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto q = client.instantQuery(QStringLiteral("count(istio_requests_total)"));
                return q.ok() && !q->series.empty() && q->series[0].samples[0].value > 0;
            }(),
            60'000);

        // Ground truth: the demo mesh's calls. Plain TCP calls (the cart's Redis) have no
        // request metrics in Istio, only connections and bytes.
        const MeshSpec spec = loadDemoMesh(QStringLiteral("shop"), 7).value();
        std::set<Pair> http, tcp;
        for (const CallSpec &c : spec.calls) {
            const ServiceSpec &to = spec.services[size_t(c.to)];
            (to.protocol == Protocol::Tcp ? tcp : http)
                .insert({spec.services[size_t(c.from)].name, to.name});
        }
        QVERIFY(!tcp.empty());
        const auto requests =
            client.instantQuery(QStringLiteral("sum by (source_workload, destination_service_name) "
                                               "(istio_requests_total{reporter=\"source\"})"));
        QVERIFY2(requests.ok(), qPrintable(requests.error()));
        QCOMPARE(pairs(requests), http);
        const auto bytes = client.instantQuery(
            QStringLiteral("sum by (source_workload, destination_service_name) "
                           "(istio_tcp_sent_bytes_total{reporter=\"source\"})"));
        QVERIFY2(bytes.ok(), qPrintable(bytes.error()));
        QCOMPARE(pairs(bytes), tcp);
        // The destination's sidecars report the same calls.
        const auto destination =
            client.instantQuery(QStringLiteral("sum by (source_workload, destination_service_name) "
                                               "(istio_requests_total{reporter=\"destination\"})"));
        QVERIFY2(destination.ok(), qPrintable(destination.error()));
        QCOMPARE(pairs(destination), http);
    }
};

QTEST_GUILESS_MAIN(TstMeshscopeSim)
#include "tst_meshscopesim.moc"
