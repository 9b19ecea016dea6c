#include "app/appsettings.h"
#include "app/mainwindow.h"
#include "core/session/livesession.h"
#include "tests/servers/misbehavingserver.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAbstractScrollArea>
#include <QDateTime>
#include <QGraphicsView>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

#include <atomic>

using namespace meshscope;
using meshscope::tests::MisbehavingServer;

namespace {

// Two calls of a mesh as the Istio profile's requests query returns them; every other query
// of the profile gets an empty answer.
QByteArray requestsAnswer()
{
    QByteArray series;
    for (const char *edge : {"\"source_canonical_service\":\"istio-ingressgateway\","
                             "\"destination_service_name\":\"frontend\"",
                             "\"source_canonical_service\":\"frontend\","
                             "\"destination_service_name\":\"cart\""}) {
        if (!series.isEmpty())
            series += ',';
        series += "{\"metric\":{\"source_cluster\":\"c1\",\"source_workload_namespace\":\"shop\","
                  "\"destination_cluster\":\"c1\",\"destination_service_namespace\":\"shop\","
                  "\"response_code\":\"200\",";
        series += edge;
        series += "},\"value\":[1795301916.5,\"12\"]}";
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series +
           "]}}";
}

// The same two calls as the recorded requests series answer them: identity joined in
// meshscope_edge, no metric name (`+ 0`).
QByteArray recordedRequestsAnswer()
{
    QByteArray series;
    for (const char *edge :
         {"c1|shop|istio-ingressgateway|c1|shop|frontend", "c1|shop|frontend|c1|shop|cart"}) {
        if (!series.isEmpty())
            series += ',';
        series += "{\"metric\":{\"meshscope_edge\":\"";
        series += edge;
        series += "\",\"response_code\":\"200\"},\"value\":[1795301916.5,\"12\"]}";
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series +
           "]}}";
}

// Prometheus 2.42's build info, as the connect asks first.
void answerBuildInfo(MisbehavingServer &server)
{
    server.setRoute("/api/v1/status/buildinfo", [](const MisbehavingServer::Request &) {
        return MisbehavingServer::Reply{
            200,
            "application/json",
            {},
            "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0+ds\"}}",
            false};
    });
}

const QByteArray kEmpty =
    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

} // namespace

// `meshscope --prometheus URL`: the window draws the store's graph and says what the refresh
// cost; when the store breaks, the banner says what and where, and the last graph stays, greyed.
class TstPrometheusWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        app::initResources();
    }

    void showsTheStoreAndKeepsTheGraphWhenItBreaks()
    {
        MisbehavingServer server;
        std::atomic<bool> broken{false};
        answerBuildInfo(server);
        server.setRoute("/api/v1/query", [&](const MisbehavingServer::Request &r) {
            const QString q = QUrlQuery(QString::fromUtf8(r.body))
                                  .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
            if (q.startsWith(QLatin1String("count by (__name__)")))
                return MisbehavingServer::Reply{
                    200,
                    "application/json",
                    {},
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{"
                    "\"metric\":{\"__name__\":\"istio_requests_total\"},\"value\":[1,\"3\"]}]}}",
                    false};
            if (broken)
                return MisbehavingServer::Reply{
                    502, "text/html", {}, "<html><title>502 Bad Gateway</title></html>", false};
            const bool requests =
                q.contains(QLatin1String("istio_requests_total{reporter=\"source\""));
            return MisbehavingServer::Reply{
                200, "application/json", {}, requests ? requestsAnswer() : kEmpty, false};
        });

        app::CommandLine command;
        command.prometheus = server.url(QStringLiteral("/")).toString();
        command.intervalSeconds = 3600; // refreshes only when the test asks
        app::MainWindow window(command);
        window.show();
        auto *scene = window.findChild<widgets::TopologyScene *>();
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 3, 20000);
        auto *status = window.findChild<QLabel *>(QStringLiteral("refreshLabel"));
        QTRY_VERIFY(status->text().contains(QLatin1String("5 queries")));
        QVERIFY2(status->toolTip().contains(QLatin1String("Prometheus 2.42.0+ds at")),
                 qPrintable(status->toolTip()));
        QVERIFY(window.session()->sourceName().startsWith(
            QLatin1String("prometheus:http://127.0.0.1:")));

        broken = true;
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->stale().stale, 20000);
        auto *banner = window.findChild<QLabel *>(QStringLiteral("staleBanner"));
        QVERIFY(banner && banner->isVisibleTo(&window));
        QVERIFY2(banner->text().contains(QLatin1String("HTTP 502 from http://127.0.0.1:")) &&
                     banner->text().contains(QLatin1String("graph ")),
                 qPrintable(banner->text()));
        QCOMPARE(scene->nodeItemCount(), 3);                      // the last good graph stays
        auto *view = window.findChild<widgets::TopologyView *>(); // not a chart's view
        QVERIFY(view && view->viewport()->graphicsEffect());      // greyed while stale

        broken = false;
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->stale().stale, 20000);
        QVERIFY(!banner->isVisibleTo(&window));
        QVERIFY(!view->viewport()->graphicsEffect());
        window.session()->waitForIdle();
    }

    // A store with Meshscope's recording rules loaded: the window reads the recorded series
    // (probed on connect) at the rule group's last evaluation, and the status bar says so after
    // the query figures (the five queries and the rules API's answer).
    void saysWhenItReadsTheRecordingRules()
    {
        MisbehavingServer server;
        answerBuildInfo(server);
        server.setRoute("/api/v1/rules", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{
                200,
                "application/json",
                {},
                R"({"status":"success","data":{"groups":[{"name":"g","interval":60,)"
                R"("lastEvaluation":"2026-11-30T12:42:02.954Z","evaluationTime":0.2,)"
                R"("rules":[{"name":"meshscope_service:istio_requests:rate1m","type":"recording"}]}]}})",
                false};
        });
        std::atomic<int> recordedReads{0};
        server.setRoute("/api/v1/query", [&](const MisbehavingServer::Request &r) {
            const QString q = QUrlQuery(QString::fromUtf8(r.body))
                                  .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
            QByteArray names;
            if (q.contains(QLatin1String("meshscope_edge!=\"\"")))
                for (const char *role : {"requests", "latency", "serverRequests", "tcp"})
                    names += QByteArray(names.isEmpty() ? "" : ",") +
                             "{\"metric\":{\"__name__\":\"meshscope_service:istio_" + role +
                             ":rate1m\"},\"value\":[1,\"2\"]}";
            else if (q.startsWith(QLatin1String("count by (__name__)")))
                names = "{\"metric\":{\"__name__\":\"istio_requests_total\"},\"value\":[1,\"3\"]}";
            if (!names.isEmpty())
                return MisbehavingServer::Reply{
                    200,
                    "application/json",
                    {},
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" +
                        names + "]}}",
                    false};
            const bool requests =
                q == QLatin1String("{__name__=\"meshscope_service:istio_requests:rate1m\"} + 0");
            if (requests)
                ++recordedReads;
            return MisbehavingServer::Reply{
                200, "application/json", {}, requests ? recordedRequestsAnswer() : kEmpty, false};
        });

        app::CommandLine command;
        command.prometheus = server.url(QStringLiteral("/")).toString();
        command.intervalSeconds = 3600;
        app::MainWindow window(command);
        window.show();
        auto *scene = window.findChild<widgets::TopologyScene *>();
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 3, 20000);
        auto *status = window.findChild<QLabel *>(QStringLiteral("refreshLabel"));
        QTRY_VERIFY2(status->text().contains(QLatin1String("6 queries")),
                     qPrintable(status->text()));
        const QString at =
            QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1796042522954)).toString(u"HH:mm:ss");
        QVERIFY2(status->text().contains(QStringLiteral("(recorded at %1)").arg(at)),
                 qPrintable(status->text()));
        // The next refresh finds no new evaluation: the same graph, only the rules API asked.
        const int reads = recordedReads;
        window.session()->refreshNow();
        QTRY_VERIFY2(status->text().contains(QStringLiteral("(recorded at %1, unchanged)").arg(at)),
                     qPrintable(status->text()));
        QVERIFY2(status->text().contains(QLatin1String("1 query,")), qPrintable(status->text()));
        QCOMPARE(recordedReads.load(), reads);
        QCOMPARE(scene->nodeItemCount(), 3);
        QVERIFY2(status->toolTip().contains(QLatin1String("reading Meshscope's recording rules")),
                 qPrintable(status->toolTip()));
        QVERIFY(recordedReads > 0);
        window.session()->waitForIdle();
    }
};

QTEST_MAIN(TstPrometheusWindow)
#include "tst_prometheuswindow.moc"
