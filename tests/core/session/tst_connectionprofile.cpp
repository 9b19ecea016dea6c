#include "core/session/connectionprofile.h"
#include "core/session/connectiontester.h"
#include "tests/servers/misbehavingserver.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::tests::MisbehavingServer;

namespace {

const QByteArray kBuildInfo = R"({"status":"success","data":{"version":"2.45.3","revision":"r",
  "branch":"HEAD","buildUser":"u","buildDate":"d","goVersion":"go1.21"}})";
const QByteArray kCount = R"({"status":"success","data":{"resultType":"vector","result":[
  {"metric":{"__name__":"istio_requests_total"},"value":[1700000000,"42"]}]}})";
const QByteArray kPartial = R"({"status":"success","warnings":["store 10.0.0.7:10901 unavailable"],
  "data":{"resultType":"vector","result":[
  {"metric":{"__name__":"istio_requests_total"},"value":[1700000000,"5"]}]}})";

// A Prometheus API under `prefix` that answers build info and the series count.
void servePrometheus(MisbehavingServer &server, const QByteArray &prefix,
                     const QByteArray &count = kCount)
{
    server.setRoute(prefix + "/api/v1/status/buildinfo", [](const MisbehavingServer::Request &) {
        return MisbehavingServer::Reply{200, "application/json", {}, kBuildInfo, false};
    });
    server.setRoute(prefix + "/api/v1/query", [count](const MisbehavingServer::Request &) {
        return MisbehavingServer::Reply{200, "application/json", {}, count, false};
    });
}

ConnectionProfile profileFor(const QUrl &url)
{
    ConnectionProfile p;
    p.name = QStringLiteral("test");
    p.prometheusUrl = url.toString(QUrl::RemovePath);
    return p;
}

// Every log line of the test, to prove secrets never reach one.
QStringList g_logs;
std::mutex g_logMutex;
void captureLogs(QtMsgType, const QMessageLogContext &, const QString &message)
{
    std::lock_guard lock(g_logMutex);
    g_logs << message;
}

} // namespace

class TestConnectionProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Every category at every level, ours and Qt's.
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        qInstallMessageHandler(captureLogs);
        qputenv("MESHSCOPE_TEST_TOKEN", "tok-SECRET-1");
    }

    void bearerTenantAndHeadersArrive()
    {
        MisbehavingServer server;
        servePrometheus(server, "/prometheus");
        ConnectionProfile p = profileFor(server.url(QStringLiteral("/")));
        p.flavour = StoreFlavour::Mimir;
        p.pathPrefix = QStringLiteral("prometheus");
        p.tenant = QStringLiteral("team-a");
        p.prometheusAuth.bearerToken =
            SecretRef::parse(QStringLiteral("env:MESHSCOPE_TEST_TOKEN")).value();
        p.prometheusAuth.headers = {{QStringLiteral("X-Extra"), QStringLiteral("blue")}};
        const auto options = p.prometheusOptions(nullptr);
        QVERIFY2(options.ok(), qPrintable(options.error()));
        const auto report = ConnectionTester::run(options.value());
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QCOMPARE(report->server, QStringLiteral("Prometheus 2.45.3"));
        QCOMPARE(report->seriesCount, qint64(42));
        QCOMPARE(report->metrics, QStringList{QStringLiteral("istio_requests_total")});
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        for (const auto &r : requests) {
            QVERIFY2(r.path.startsWith("/prometheus/api/v1/"), r.path.constData());
            QCOMPARE(r.header("Authorization"), QByteArray("Bearer tok-SECRET-1"));
            QCOMPARE(r.header("X-Scope-OrgID"), QByteArray("team-a"));
            QCOMPARE(r.header("X-Extra"), QByteArray("blue"));
            QVERIFY(!r.body.contains("partial_response")); // Mimir is not Thanos
        }
    }

    void basicAuthFromAFile()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("pw")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("pa:ss\n");
        f.close();
        MisbehavingServer server;
        servePrometheus(server, "");
        ConnectionProfile p = profileFor(server.url(QStringLiteral("/")));
        p.prometheusAuth.basicUser = QStringLiteral("viewer");
        p.prometheusAuth.basicPassword =
            SecretRef::parse(QStringLiteral("file:") + f.fileName()).value();
        const auto report = ConnectionTester::run(p.prometheusOptions(nullptr).value());
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QCOMPARE(server.requests().value(0).header("Authorization"),
                 QByteArray("Basic " + QByteArray("viewer:pa:ss").toBase64()));
    }

    void thanosSendsPartialResponseAndDedupAndShowsWarnings()
    {
        MisbehavingServer server;
        servePrometheus(server, "", kPartial);
        ConnectionProfile p = profileFor(server.url(QStringLiteral("/")));
        p.flavour = StoreFlavour::Thanos;
        const auto report = ConnectionTester::run(p.prometheusOptions(nullptr).value());
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QCOMPARE(report->warnings, QStringList{QStringLiteral("store 10.0.0.7:10901 unavailable")});
        const auto query = server.requests().value(1);
        QCOMPARE(query.path, QByteArray("/api/v1/query"));
        QVERIFY2(query.body.contains("partial_response=true"), query.body.constData());
        QVERIFY2(query.body.contains("dedup=true"), query.body.constData());
    }

    void missingSecretNamesTheField()
    {
        ConnectionProfile p = profileFor(QUrl(QStringLiteral("http://127.0.0.1:9")));
        p.prometheusAuth.bearerToken =
            SecretRef::parse(QStringLiteral("env:MESHSCOPE_NOT_SET")).value();
        const auto options = p.prometheusOptions(nullptr);
        QVERIFY(!options.ok());
        QCOMPARE(options.error(), QStringLiteral("test: prometheus.bearerToken: "
                                                 "env:MESHSCOPE_NOT_SET: the environment variable "
                                                 "MESHSCOPE_NOT_SET is not set"));
    }

    void noSeriesIsAClearError()
    {
        MisbehavingServer server;
        servePrometheus(server, "",
                        R"({"status":"success","data":{"resultType":"vector","result":[]}})");
        const auto report = ConnectionTester::run(
            profileFor(server.url(QStringLiteral("/"))).prometheusOptions(nullptr).value());
        QVERIFY(!report.ok());
        QVERIFY2(report.error().contains(QLatin1String("has no istio_requests_total series")),
                 qPrintable(report.error()));
    }

    void tlsWithTheProfilesCaFile()
    {
        MisbehavingServer server(MisbehavingServer::Transport::Tls);
        servePrometheus(server, "");
        ConnectionProfile p = profileFor(server.url(QStringLiteral("/")));
        QVERIFY(p.prometheusUrl.startsWith(QLatin1String("https://")));
        // Unknown CA: refused, as verification is on by default.
        const auto refused = ConnectionTester::run(p.prometheusOptions(nullptr).value());
        QVERIFY(!refused.ok());
        p.prometheusAuth.caFile = MisbehavingServer::tlsCertificateFile();
        const auto trusted = ConnectionTester::run(p.prometheusOptions(nullptr).value());
        QVERIFY2(trusted.ok(), qPrintable(trusted.error()));
        p.prometheusAuth.caFile.clear();
        p.prometheusAuth.insecure = true;
        QVERIFY(p.isInsecure());
        QVERIFY(ConnectionTester::run(p.prometheusOptions(nullptr).value()).ok());
    }

    void secretsNeverReachALog()
    {
        std::lock_guard lock(g_logMutex);
        QVERIFY(!g_logs.isEmpty()); // the transport did log
        for (const QString &line : std::as_const(g_logs)) {
            QVERIFY2(!line.contains(QLatin1String("tok-SECRET-1")), qPrintable(line));
            QVERIFY2(!line.contains(QLatin1String("pa:ss")), qPrintable(line));
            QVERIFY2(!line.contains(QLatin1String(QByteArray("viewer:pa:ss").toBase64())),
                     qPrintable(line));
        }
    }

    void cleanupTestCase() { qInstallMessageHandler(nullptr); }
};

QTEST_GUILESS_MAIN(TestConnectionProfile)
#include "tst_connectionprofile.moc"
