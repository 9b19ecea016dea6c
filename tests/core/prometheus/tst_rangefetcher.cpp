#include "core/demo/demomeshes.h"
#include "core/demo/istioexporter.h"
#include "core/demo/meshsimulator.h"
#include "core/prometheus/rangefetcher.h"
#include "core/session/replaytimeline.h"
#include "tests/servers/misbehavingserver.h"
#include "tests/servers/prometheusserver.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

#include <atomic>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::tests::MisbehavingServer;

namespace {

constexpr qint64 kMinute = 60'000;

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

MisbehavingServer::Reply success(const QString &type, const QJsonArray &result)
{
    return {200,
            "application/json",
            {},
            json({{"status", "success"},
                  {"data", QJsonObject{{"resultType", type}, {"result", result}}}}),
            false};
}

PrometheusSourceOptions istioAt(const QUrl &url)
{
    PrometheusSourceOptions o;
    o.endpoint.baseUrl = url;
    o.profile = MetricProfile::find(QStringLiteral("istio")).value();
    return o;
}

const TopologyNode *findNode(const Topology &t, const QString &name)
{
    for (const TopologyNode &n : t.nodes()) {
        if (n.id.name() == name)
            return &n;
    }
    return nullptr;
}

QString bandAt(const ReplayTimeline &t, qint64 atMs, const QString &name)
{
    const ReplayFrame &f = t.frame(t.indexAt(atMs));
    const TopologyNode *n = findNode(*f.topology, name);
    return toString(n ? f.scores->nodes[size_t(f.topology->nodeIndex(n->id))].band
                      : HealthBand::NoData);
}

// The shop mesh as Prometheus would have scraped it every 15 s over [from, to], in OpenMetrics
// (samples with their timestamps, in seconds), for `promtool tsdb create-blocks-from
// openmetrics`. Metadata lines are left out: promtool needs none, and OpenMetrics' counter
// family names (without _total) differ from the exposition's.
QByteArray openMetrics(qint64 fromMs, qint64 toMs, const std::vector<FaultSpec> &faults)
{
    const MeshSpec spec = loadDemoMesh(QStringLiteral("shop"), 7).value();
    MeshSimulator sim(spec, 7, fromMs - MeshSimulator::kMaxWindowMs);
    for (const FaultSpec &f : faults) {
        if (const Result<int> id = sim.injectFault(f); !id)
            qFatal("fault refused: %s", qPrintable(id.error()));
    }
    const IstioExporter exporter(spec);
    QByteArray out;
    for (qint64 t = fromMs; t <= toMs; t += 15'000) {
        sim.advanceTo(t);
        const QByteArray stamp = ' ' + QByteArray::number(t / 1000);
        for (const QByteArray &line : exporter.format(sim).split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            out += line + stamp + '\n';
        }
    }
    out += "# EOF\n";
    return out;
}

} // namespace

class TstRangeFetcher : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<MisbehavingServer> m_server;
    std::atomic<int> m_ranges{0};

    std::shared_ptr<RangeFetcher> fetcher()
    {
        auto f = RangeFetcher::create(istioAt(m_server->url(QStringLiteral("/"))),
                                      std::make_shared<HttpClient>());
        if (!f)
            qFatal("%s", qPrintable(f.error()));
        return f.value();
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<MisbehavingServer>();
        m_ranges = 0;
        m_server->setRoute("/api/v1/query", [](const MisbehavingServer::Request &) {
            // The metric probe: the profile's metric exists, without a prefix.
            return success(
                QStringLiteral("vector"),
                {QJsonObject{{"metric", QJsonObject{{"__name__", "istio_requests_total"}}},
                             {"value", QJsonArray{1.0, "1"}}}});
        });
        // 10 req/s gateway -> frontend at every step asked for; every other query is empty.
        m_server->setRoute("/api/v1/query_range", [this](const MisbehavingServer::Request &r) {
            ++m_ranges;
            const QUrlQuery form(QString::fromUtf8(r.body));
            if (!form.queryItemValue("query").contains("istio_requests_total{reporter=\"source\""))
                return success(QStringLiteral("matrix"), {});
            const double start = form.queryItemValue("start").toDouble();
            const double end = form.queryItemValue("end").toDouble();
            const double step = form.queryItemValue("step").toDouble();
            QJsonArray values;
            for (double t = start; t <= end + 1e-9; t += step)
                values.append(QJsonArray{t, "10"});
            QJsonObject labels{{"source_cluster", "c1"},
                               {"source_workload_namespace", "shop"},
                               {"source_canonical_service", "gateway"},
                               {"destination_cluster", "c1"},
                               {"destination_service_namespace", "shop"},
                               {"destination_service_name", "frontend"},
                               {"request_protocol", "http"},
                               {"response_code", "200"},
                               {"grpc_response_status", ""},
                               {"response_flags", "-"}};
            return success(QStringLiteral("matrix"),
                           {QJsonObject{{"metric", labels}, {"values", values}}});
        });
    }

    void oneSamplePerStepInSlices()
    {
        auto f = fetcher();
        const qint64 t0 = 1'790'000'000'000;
        const ReplayWindow window{t0, t0 + 20 * kMinute, 15'000}; // 81 steps: 3 slices
        std::vector<qint64> times;
        std::vector<qint64> reports;
        const Result<int> n = f->fetchWindow(
            window,
            [&](const TelemetrySample &s) {
                QCOMPARE(s.edges.size(), size_t(1));
                QCOMPARE(s.edges.front().requestRate, 10.0);
                times.push_back(s.timestampMs);
            },
            [&](qint64 done, qint64 total) {
                QCOMPARE(total, qint64(81));
                reports.push_back(done);
            },
            {});
        QVERIFY2(n, qPrintable(n.error()));
        QCOMPARE(n.value(), 81);
        QCOMPARE(times.front(), t0);
        QCOMPARE(times.back(), window.endMs);
        QVERIFY(std::adjacent_find(times.begin(), times.end(), [](qint64 a, qint64 b) {
                    return b - a != 15'000;
                }) == times.end());
        QCOMPARE(reports, (std::vector<qint64>{30, 60, 81}));
        const int queries = int(MetricProfile::find(QStringLiteral("istio"))->queries.size());
        QCOMPARE(m_ranges.load(), 3 * queries); // every query once per slice, never per step
        QCOMPARE(f->lastRequestCount(), 3 * queries);
    }

    void aBadAnswerNamesTheQuery()
    {
        m_server->setRoute("/api/v1/query_range", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{503, "text/plain", {}, "store unavailable", false};
        });
        auto f = fetcher();
        const Result<int> n =
            f->fetchWindow({0, 10 * kMinute, 15'000}, [](const auto &) {}, {}, {});
        QVERIFY(!n);
        QVERIFY2(n.error().contains(QLatin1String("503")) &&
                     n.error().contains(QLatin1String("store unavailable")) &&
                     n.error().contains(QLatin1String("requests range query (profile istio")),
                 qPrintable(n.error()));
    }

    void tooManyPointsAreRefusedBeforeAnyRequest()
    {
        auto f = fetcher();
        const Result<int> n =
            f->fetchWindow({0, 24 * 60 * kMinute, 15'000}, [](const auto &) {}, {}, {});
        QVERIFY(!n);
        QVERIFY2(n.error().contains(QLatin1String("5761 steps")), qPrintable(n.error()));
        QCOMPARE(m_server->requestsReceived(), 0);
    }

    void cancelStopsBetweenSlices()
    {
        auto f = fetcher();
        CancelToken cancel;
        int samples = 0;
        const Result<int> n = f->fetchWindow(
            {0, 60 * kMinute, 15'000}, [&](const auto &) { ++samples; },
            [&](qint64, qint64) { cancel.cancel(); }, cancel);
        QVERIFY(!n);
        QVERIFY2(n.error().contains(QLatin1String("cancelled")), qPrintable(n.error()));
        QCOMPARE(samples, 30); // the first slice, then nothing more was asked for
    }

    // §8: history written into a real Prometheus's storage by promtool, replayed by range
    // queries: the graph at T1 shows the fault the data has at T1, and not at T0.
    void replaysHistoryLoadedWithPromtool()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QFAIL("promtool is not installed (Debian package prometheus; scripts/deps.sh)");
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 t0 = (now - 60 * kMinute) / 15'000 * 15'000;
        const qint64 faultStart = t0 + 12 * kMinute;
        FaultSpec fault;
        fault.kind = FaultSpec::Kind::Errors;
        fault.service =
            NodeId(QStringLiteral("demo"), QStringLiteral("shop"), QStringLiteral("cartservice"));
        fault.errorRatio = 0.5;
        fault.startMs = faultStart;
        fault.durationMs = 8 * kMinute;

        tests::PrometheusServer prometheus;
        const QString input = prometheus.process().dir() + QStringLiteral("/history.om");
        {
            QFile file(input);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(openMetrics(t0 - 2 * kMinute, t0 + 32 * kMinute, {fault}));
        }
        QProcess create;
        create.setProcessChannelMode(QProcess::MergedChannels);
        create.start(promtool, {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                                QStringLiteral("openmetrics"), input,
                                prometheus.process().dir() + QStringLiteral("/data")});
        QVERIFY(create.waitForFinished(120'000));
        QVERIFY2(create.exitCode() == 0, create.readAll().right(2000).constData());

        const Result<void> started = prometheus.start();
        QVERIFY2(started, qPrintable(started.error()));
        auto f = RangeFetcher::create(istioAt(prometheus.url()), std::make_shared<HttpClient>());
        QVERIFY2(f, qPrintable(f.error()));
        const ReplayWindow window{t0, t0 + 30 * kMinute, 15'000};
        auto timeline = ReplayTimeline::load(*f.value(), window, {});
        QVERIFY2(timeline, qPrintable(timeline.error()));
        const ReplayTimeline &t = *timeline.value();
        QCOMPARE(t.size(), int(window.pointCount())); // every step had data
        QVERIFY(findNode(*t.frame(0).topology, QStringLiteral("frontend")));

        const qint64 before = t0 + 8 * kMinute;
        const qint64 during = faultStart + 5 * kMinute;
        QCOMPARE(bandAt(t, before, QStringLiteral("cartservice")), toString(HealthBand::Healthy));
        QCOMPARE(bandAt(t, during, QStringLiteral("cartservice")), toString(HealthBand::Failing));
        QCOMPARE(bandAt(t, during, QStringLiteral("currencyservice")),
                 toString(HealthBand::Healthy));
        QCOMPARE(t.frame(t.indexAt(during)).timestampMs, during);
    }
};

QTEST_GUILESS_MAIN(TstRangeFetcher)
#include "tst_rangefetcher.moc"
