#include "core/prometheus/prometheussource.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <memory>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::tests::PrometheusServer;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.start(program, arguments);
    Run r;
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Relative difference, with an absolute floor for values near zero (idle error classes).
double difference(double a, double b)
{
    if (std::isnan(a) && std::isnan(b))
        return 0.0;
    if (std::isnan(a) || std::isnan(b))
        return 1e9;
    return std::abs(a - b) / std::max(1e-6, std::max(std::abs(a), std::abs(b)));
}

} // namespace

// `meshscope rules` against a real Prometheus: meshscope-sim serving the shop mesh, scraped and
// with Meshscope's recording rules evaluated every second. The source reads the recorded series
// when they exist and the graph is the one the raw queries give; without them (another window,
// or switched off) it reads the raw metrics. docs/query-profiles.md, "Recording rules".
class TstPrometheusRules : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<meshscope::testing::SimProcess> m_sim;
    std::unique_ptr<PrometheusServer> m_prometheus;

    std::shared_ptr<PrometheusSource> source(bool rules, qint64 atMs = 0,
                                             const QString &window = QStringLiteral("1m")) const
    {
        PrometheusSourceOptions o;
        o.endpoint.baseUrl = m_prometheus->url();
        o.profile = MetricProfile::find(QStringLiteral("istio")).value();
        o.profile.window = window;
        o.useRecordingRules = rules;
        PrometheusSource::Clock clock;
        if (atMs > 0)
            clock = [atMs] { return atMs; };
        return PrometheusSource::create(o, HttpClient::shared(), clock).value();
    }

    // The recorded series exist and hold every call of the shop mesh with traffic.
    bool recordedReady() const
    {
        auto s = source(true);
        const auto sample = s->fetch();
        if (!sample) {
            qInfo() << "waiting:" << sample.error();
            return false;
        }
        return s->lastStats().recordingRules && sample->edges.size() == 16 &&
               std::all_of(sample->edges.begin(), sample->edges.end(), [](const EdgeSample &e) {
                   return e.requestRate > 0.0 || e.tcpOpenedRate > 0.0;
               });
    }

    bool hasSeries(const char *metric) const
    {
        const PrometheusClient client(source(false)->options().endpoint, HttpClient::shared());
        const auto r = client.instantQuery(
            QStringLiteral("count({__name__=\"%1\"})").arg(QLatin1String(metric)));
        return r && !r->series.empty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const Run rules = run(QStringLiteral(MESHSCOPE_BINARY), {"rules"});
        QVERIFY2(rules.exitCode == 0, rules.err.constData());
        const QString file = m_dir.filePath(QStringLiteral("meshscope-rules.yml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(rules.out);
        f.close();
        m_sim = std::make_unique<meshscope::testing::SimProcess>();
        const auto address =
            m_sim->start(QStringLiteral(MESHSCOPE_SIM_BINARY), QStringLiteral("shop"));
        QVERIFY2(address.ok(), qPrintable(address.error()));
        // Window 3m: the TCP rule records nothing (a mesh without TCP calls); window 4m: the
        // TCP rule is not loaded at all.
        const Run empty = run(QStringLiteral(MESHSCOPE_BINARY), {"rules", "--window", "3m"});
        const Run partial = run(QStringLiteral(MESHSCOPE_BINARY), {"rules", "--window", "4m"});
        QVERIFY(empty.exitCode == 0 && partial.exitCode == 0);
        const QByteArray tcpRule = "      - record: meshscope_service:istio_tcp:rate4m";
        QVERIFY(partial.out.contains(tcpRule));
        const QStringList files{file, m_dir.filePath(QStringLiteral("empty-tcp.yml")),
                                m_dir.filePath(QStringLiteral("no-tcp.yml"))};
        for (const auto &[name, text] :
             {std::pair{files[1], QByteArray(empty.out).replace("istio_tcp_", "nosuch_tcp_")},
              std::pair{files[2], partial.out.left(partial.out.indexOf(tcpRule))}}) {
            QFile out(name);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(text);
        }
        m_prometheus = std::make_unique<PrometheusServer>();
        PrometheusServer::Options options;
        options.scrapeIntervalMs = 1000;
        options.targets = {*address};
        options.ruleFiles = files;
        const auto started = m_prometheus->start(options);
        QVERIFY2(started.ok(), qPrintable(started.error()));
    }

    void cleanupTestCase()
    {
        m_prometheus.reset();
        m_sim.reset();
    }

    // The rule file shipped in resources/prometheus is what `meshscope rules` prints for the
    // default profile, and Prometheus' own checker accepts it.
    void shippedRulesAreCurrent()
    {
        const Run rules = run(QStringLiteral(MESHSCOPE_BINARY), {"rules"});
        QCOMPARE(rules.exitCode, 0);
        QFile shipped(
            QStringLiteral(MESHSCOPE_SOURCE_DIR "/resources/prometheus/meshscope-rules.yml"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(rules.out), QString::fromUtf8(shipped.readAll()));
        const Run check = run(QStringLiteral("promtool"), {"check", "rules", shipped.fileName()});
        QVERIFY2(check.exitCode == 0, QByteArray(check.out + check.err).constData());
        QVERIFY2(check.out.contains("SUCCESS: 7 rules found"), check.out.constData());
    }

    void rulesCommandRefusesBadOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("profile") << QStringList{"rules", "--metric-profile", "nosuch"} << "nosuch";
        QTest::newRow("granularity")
            << QStringList{"rules", "--granularity", "pod"} << "--granularity";
        QTest::newRow("window") << QStringList{"rules", "--window", "1 minute"}
                                << "'1 minute' is not a duration";
        QTest::newRow("option") << QStringList{"rules", "--output", "x"} << "'--output'";
        QTest::newRow("value") << QStringList{"rules", "--window"} << "needs a value";
    }
    void rulesCommandRefusesBadOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = run(QStringLiteral(MESHSCOPE_BINARY), arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // The user sees the same graph either way: every node and call, and each call's figures
    // equal within 1 % (measured: printed below). The recorded series are read at the rule
    // group's last completed evaluation (the rules API's lastEvaluation, RuleEvaluations); the
    // raw queries at that evaluation's timestamp, where the rules saw the samples they see.
    void recordedGraphEqualsRaw()
    {
        QTRY_VERIFY_WITH_TIMEOUT(recordedReady(), 120'000);
        auto recorded = source(true);
        const auto a = recorded->fetch();
        QVERIFY2(a.ok(), a ? "" : qPrintable(a.error()));
        const PrometheusRefreshStats st = recorded->lastStats();
        QVERIFY(st.recordingRules);
        QVERIFY2(st.evaluationMs > 0, "Prometheus' rules API says when the group last completed");
        // Every rule of that evaluation wrote its sample at one timestamp, just before the
        // evaluation began (Prometheus 2.42 stamps the tick, then starts).
        auto probe = source(false);
        const PrometheusClient client(probe->options().endpoint, HttpClient::shared());
        qint64 at = 0;
        for (const char *rule :
             {"meshscope_service:istio_requests:rate1m", "meshscope_service:istio_latency:rate1m",
              "meshscope_service:istio_tcp:rate1m"}) {
            const auto stamp = client.instantQuery(
                QStringLiteral("max(timestamp(%1))").arg(QLatin1String(rule)), st.evaluationMs);
            QVERIFY2(stamp && stamp->series.size() == 1 && !stamp->series[0].samples.empty(), rule);
            const qint64 t = qint64(std::llround(stamp->series[0].samples.back().value * 1000.0));
            QVERIFY2(t <= st.evaluationMs && t > st.evaluationMs - 1000,
                     qPrintable(QStringLiteral("%1 at %2, evaluation began %3")
                                    .arg(QLatin1String(rule))
                                    .arg(t)
                                    .arg(st.evaluationMs)));
            QVERIFY(at == 0 || at == t);
            at = t;
        }
        auto raw = source(false, at);
        const auto b = raw->fetch();
        QVERIFY2(b.ok(), b ? "" : qPrintable(b.error()));
        QVERIFY(!raw->lastStats().recordingRules);
        // The rules API's answer is one request more.
        QCOMPARE(st.queries, raw->lastStats().queries + 1);
        QVERIFY2(recorded->serverDescription().endsWith(
                     QLatin1String("reading Meshscope's recording rules")),
                 qPrintable(recorded->serverDescription()));

        std::map<QString, const NodeSample *> nodesA, nodesB;
        for (const NodeSample &n : a->nodes)
            nodesA[n.id.key()] = &n;
        for (const NodeSample &n : b->nodes)
            nodesB[n.id.key()] = &n;
        QCOMPARE(nodesA.size(), nodesB.size());
        for (const auto &[key, n] : nodesA) {
            QVERIFY2(nodesB.count(key), qPrintable(key));
            QCOMPARE(int(n->kind), int(nodesB[key]->kind));
        }
        std::map<QString, const EdgeSample *> edgesB;
        for (const EdgeSample &e : b->edges)
            edgesB[e.source.key() + QStringLiteral(" -> ") + e.destination.key()] = &e;
        QCOMPARE(a->edges.size(), edgesB.size());
        double worst = 0.0;
        for (const EdgeSample &e : a->edges) {
            const QString key = e.source.key() + QStringLiteral(" -> ") + e.destination.key();
            QVERIFY2(edgesB.count(key), qPrintable(key));
            const EdgeSample &r = *edgesB[key];
            QCOMPARE(int(e.protocol), int(r.protocol));
            const std::pair<const char *, std::pair<double, double>> figures[] = {
                {"requestRate", {e.requestRate, r.requestRate}},
                {"rate4xx", {e.rate4xx, r.rate4xx}},
                {"rate5xx", {e.rate5xx, r.rate5xx}},
                {"rateGrpcError", {e.rateGrpcError, r.rateGrpcError}},
                {"rateNoResponse", {e.rateNoResponse, r.rateNoResponse}},
                {"rateTimeout", {e.rateTimeout, r.rateTimeout}},
                {"p50", {e.latency.p50Ms, r.latency.p50Ms}},
                {"p95", {e.latency.p95Ms, r.latency.p95Ms}},
                {"p99", {e.latency.p99Ms, r.latency.p99Ms}},
                {"serverRequestRate", {e.serverRequestRate, r.serverRequestRate}},
                {"mtlsShare", {e.mtlsShare, r.mtlsShare}},
                {"tcpOpenedRate", {e.tcpOpenedRate, r.tcpOpenedRate}},
                {"tcpClosedRate", {e.tcpClosedRate, r.tcpClosedRate}},
                {"tcpFailedRate", {e.tcpFailedRate, r.tcpFailedRate}},
                {"bytesSentRate", {e.bytesSentRate, r.bytesSentRate}},
                {"bytesReceivedRate", {e.bytesReceivedRate, r.bytesReceivedRate}},
            };
            for (const auto &[name, values] : figures) {
                const double d = difference(values.first, values.second);
                worst = std::max(worst, d);
                QVERIFY2(d <= 0.01, qPrintable(QStringLiteral("%1: %2 recorded %3, raw %4")
                                                   .arg(key, QLatin1String(name))
                                                   .arg(values.first)
                                                   .arg(values.second)));
            }
        }
        qInfo("recorded vs raw at %lld: %zu calls, worst relative difference %.3g", at,
              a->edges.size(), worst);
    }

    // Between two evaluations (every second here) a refresh reuses the sample of the last one:
    // the rules API's answer is its only request. The next evaluation is read when it completes.
    void aRefreshBetweenEvaluationsReusesTheLast()
    {
        QTRY_VERIFY_WITH_TIMEOUT(recordedReady(), 120'000);
        auto s = source(true);
        QVERIFY(s->fetch().ok());
        const qint64 first = s->lastStats().evaluationMs;
        QVERIFY(first > 0);
        bool reused = false;
        for (int i = 0; i < 20 && !reused; ++i) { // a fetch takes ms, an evaluation 1 s
            const qint64 before = s->lastStats().evaluationMs;
            const auto sample = s->fetch();
            QVERIFY2(sample.ok(), sample ? "" : qPrintable(sample.error()));
            const PrometheusRefreshStats st = s->lastStats();
            reused = st.reused;
            if (reused) {
                QCOMPARE(st.queries, 1);
                QCOMPARE(st.evaluationMs, before);
                QCOMPARE(sample->edges.size(), size_t(16));
            }
        }
        QVERIFY(reused);
        bool read = false; // a flag: QTRY_VERIFY would fetch once more after the loop
        QTRY_VERIFY_WITH_TIMEOUT(read || (read = s->fetch().ok() && !s->lastStats().reused &&
                                                 s->lastStats().evaluationMs > first),
                                 10'000);
    }

    // No rules for this window (or rules switched off): the raw queries, and a working graph.
    // A rule that is loaded but has nothing to record (no TCP calls) has no series: the rules
    // API says it is there, and the refresh reads the recorded series; the TCP calls it would
    // have recorded are the only ones missing.
    void aRuleWithNothingToRecordIsStillRead()
    {
        QTRY_VERIFY_WITH_TIMEOUT(recordedReady(), 120'000);
        QTRY_VERIFY_WITH_TIMEOUT(hasSeries("meshscope_service:istio_requests:rate3m"), 30'000);
        auto raw = source(false, 0, QStringLiteral("3m"));
        const auto all = raw->fetch();
        QVERIFY2(all.ok(), all ? "" : qPrintable(all.error()));
        const auto tcp = std::count_if(all->edges.begin(), all->edges.end(),
                                       [](const auto &e) { return e.protocol == Protocol::Tcp; });
        QVERIFY(tcp > 0);
        auto recorded = source(true, 0, QStringLiteral("3m"));
        const auto sample = recorded->fetch();
        QVERIFY2(sample.ok(), sample ? "" : qPrintable(sample.error()));
        QVERIFY(recorded->lastStats().recordingRules);
        QCOMPARE(qsizetype(sample->edges.size()), qsizetype(all->edges.size()) - tcp);
    }

    void fallsBackToRawQueries_data()
    {
        QTest::addColumn<bool>("rules");
        QTest::addColumn<QString>("window");
        QTest::newRow("other window") << true << "2m";
        QTest::newRow("switched off") << false << "1m";
        QTest::newRow("a rule not loaded") << true << "4m";
    }
    void fallsBackToRawQueries()
    {
        QFETCH(bool, rules);
        QFETCH(QString, window);
        QTRY_VERIFY_WITH_TIMEOUT(recordedReady(), 120'000);
        // The other rules of that window do record: only the missing one sends it raw.
        if (window == QLatin1String("4m"))
            QTRY_VERIFY_WITH_TIMEOUT(hasSeries("meshscope_service:istio_requests:rate4m"), 30'000);
        auto s = source(rules, 0, window);
        const auto sample = s->fetch();
        QVERIFY2(sample.ok(), sample ? "" : qPrintable(sample.error()));
        QCOMPARE(sample->edges.size(), size_t(16));
        QVERIFY(!s->lastStats().recordingRules);
        QVERIFY(!s->serverDescription().contains(QLatin1String("recording rules")));
    }
};

QTEST_GUILESS_MAIN(TstPrometheusRules)
#include "tst_prometheusrules.moc"
