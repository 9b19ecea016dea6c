#include "tests/servers/alertmanagerserver.h"
#include "tests/servers/jaegertestserver.h"
#include "tests/servers/misbehavingserver.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <map>
#include <memory>

using namespace meshscope;
using namespace meshscope::tests;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runMeshscope(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(MESHSCOPE_BINARY), arguments);
    Run r;
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("meshscope did not finish");
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Two calls of the shop mesh as the Istio profile's requests query returns them (every other
// query of the profile gets an empty answer): ingressgateway -> frontend -> cart.
void serveMesh(MisbehavingServer &server)
{
    server.setRoute("/api/v1/status/buildinfo", [](const MisbehavingServer::Request &) {
        return MisbehavingServer::Reply{200,
                                        "application/json",
                                        {},
                                        R"({"status":"success","data":{"version":"2.42.0"}})",
                                        false};
    });
    server.setRoute("/api/v1/query", [](const MisbehavingServer::Request &r) {
        const QString q = QUrlQuery(QString::fromUtf8(r.body))
                              .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
        QByteArray result;
        if (q.startsWith(QLatin1String("count by (__name__)"))) {
            result = R"({"metric":{"__name__":"istio_requests_total"},"value":[1,"3"]})";
        } else if (q.contains(QLatin1String("istio_requests_total{reporter=\"source\""))) {
            for (const char *edge : {R"("source_canonical_service":"istio-ingressgateway",)"
                                     R"("destination_service_name":"frontend")",
                                     R"("source_canonical_service":"frontend",)"
                                     R"("destination_service_name":"cart")"}) {
                if (!result.isEmpty())
                    result += ',';
                result += R"({"metric":{"source_cluster":"c1","source_workload_namespace":"shop",)"
                          R"("destination_cluster":"c1","destination_service_namespace":"shop",)"
                          R"("response_code":"200",)";
                result += edge;
                result += R"(},"value":[1795301916.5,"12"]})";
            }
        }
        return MisbehavingServer::Reply{200,
                                        "application/json",
                                        {},
                                        R"({"status":"success","data":{"resultType":"vector",)"
                                        R"("result":[)" +
                                            result + "]}}",
                                        false};
    });
}

// Jaeger's view of the same shop: frontend -> cart (the mesh knows it too) and cart -> payments
// (only traces know it), named as Istio names spans ("<service>.<namespace>").
void serveTraces(JaegerTestServer &jaeger)
{
    jaeger.addDependencies(
        QJsonArray{
            QJsonObject{{"parent", "frontend.shop"}, {"child", "cart.shop"}, {"callCount", 30}},
            QJsonObject{{"parent", "cart.shop"}, {"child", "payments.shop"}, {"callCount", 9}}},
        QDateTime::currentMSecsSinceEpoch() - 60'000);
}

struct Exported
{
    std::map<std::pair<QString, QString>, QString> evidence; // (source name, target name)
    std::map<QString, QJsonArray> alerts;                    // node name -> alerts
};

Exported readExport(const QString &file)
{
    QFile f(file);
    Exported out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    QHash<QString, QString> names;
    for (const QJsonValue &n : root.value("nodes").toArray()) {
        names.insert(n["id"].toString(), n["name"].toString());
        if (n.toObject().contains("alerts"))
            out.alerts[n["name"].toString()] = n["alerts"].toArray();
    }
    for (const QJsonValue &e : root.value("edges").toArray())
        out.evidence[{names.value(e["source"].toString()), names.value(e["target"].toString())}] =
            e["evidence"].toString();
    return out;
}

// A loopback port nobody listens on.
QString deadUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}

} // namespace

// `meshscope export --prometheus URL --jaeger URL --alertmanager URL -o FILE.json`: every call
// says which source knows it (mesh, traces, both) and every node its alerts; `--jaeger` alone
// exports the graph traces make; a backend that was asked for and fails is exit 1 with a message
// naming it, never a graph silently missing its traces or alerts.
class TstTelemetryExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    MisbehavingServer m_mesh;
    std::unique_ptr<JaegerTestServer> m_jaeger;
    std::unique_ptr<AlertmanagerServer> m_alertmanager;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        serveMesh(m_mesh);
        m_jaeger = std::make_unique<JaegerTestServer>();
        serveTraces(*m_jaeger);
        m_alertmanager = std::make_unique<AlertmanagerServer>();
        const auto started = m_alertmanager->start();
        QVERIFY2(started.ok(), qPrintable(started.error()));
        const auto posted = m_alertmanager->postAlerts(QJsonArray{
            QJsonObject{
                {"labels", QJsonObject{{"alertname", "CartErrors"},
                                       {"severity", "critical"},
                                       {"destination_service", "cart.shop.svc.cluster.local"}}}},
            QJsonObject{{"labels", QJsonObject{{"alertname", "Info"},
                                               {"severity", "info"},
                                               {"service", "frontend"}}}}});
        QVERIFY2(posted.ok(), qPrintable(posted.error()));
    }

    void cleanupTestCase()
    {
        m_alertmanager.reset();
        m_jaeger.reset();
    }

    void evidenceAndAlertsInTheJson()
    {
        const QString file = m_dir.filePath(QStringLiteral("all.json"));
        const Run r = runMeshscope(
            {"export", "--prometheus", m_mesh.url(QStringLiteral("/")).toString(), "--jaeger",
             m_jaeger->url().toString(), "--alertmanager", m_alertmanager->url().toString(),
             "--alert-filter", "severity=\"critical\"", "-o", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("1 alert firing")), qPrintable(r.out));
        const Exported e = readExport(file);
        const std::map<std::pair<QString, QString>, QString> expected{
            {{"istio-ingressgateway", "frontend"}, "mesh"},
            {{"frontend", "cart"}, "both"},
            {{"cart", "payments"}, "traces"}};
        QCOMPARE(e.evidence, expected);
        // Only the critical alert (the filter), on the node its Istio FQDN names.
        QCOMPARE(e.alerts.at("cart").size(), 1);
        QCOMPARE(e.alerts.at("cart").at(0)["name"].toString(), QStringLiteral("CartErrors"));
        QVERIFY(e.alerts.at("cart").at(0)["firing"].toBool());
        QCOMPARE(e.alerts.at("frontend").size(), 0);
    }

    // The image draws what the JSON says: the traces-only call dashed and the mesh-only one
    // dotted (SVG dash arrays), the legend's evidence row, cart's firing-alert badge ("1").
    void evidenceAndBadgesInTheImage()
    {
        const QString file = m_dir.filePath(QStringLiteral("all.svg"));
        const Run r = runMeshscope(
            {"export", "--prometheus", m_mesh.url(QStringLiteral("/")).toString(), "--jaeger",
             m_jaeger->url().toString(), "--alertmanager", m_alertmanager->url().toString(),
             "--alert-filter", "severity=\"critical\"", "-o", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray svg = f.readAll();
        // The legend's idle sample is dashed in both; the two calls only one source knows
        // and the legend's evidence row add theirs.
        QVERIFY(svg.contains("traces only"));

        const QString plainFile = m_dir.filePath(QStringLiteral("mesh.svg"));
        const Run plain =
            runMeshscope({"export", "--prometheus", m_mesh.url(QStringLiteral("/")).toString(),
                          "-o", plainFile});
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
        QFile p(plainFile);
        QVERIFY(p.open(QIODevice::ReadOnly));
        const QByteArray plainSvg = p.readAll();
        QVERIFY(!plainSvg.contains("traces only"));
        QCOMPARE(svg.count("stroke-dasharray") - plainSvg.count("stroke-dasharray"), 2 + 2);
        // The legend writes "1" too (edge width): cart's badge is one more.
        QCOMPARE(svg.count(">1</text>") - plainSvg.count(">1</text>"), 1);
    }

    void graphFromJaegerAlone()
    {
        const QString file = m_dir.filePath(QStringLiteral("traces.json"));
        const Run r = runMeshscope({"export", "--jaeger", m_jaeger->url().toString(), "-o", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("3 services, 2 calls")), qPrintable(r.out));
        const Exported e = readExport(file);
        const std::map<std::pair<QString, QString>, QString> expected{
            {{"frontend", "cart"}, "traces"}, {{"cart", "payments"}, "traces"}};
        QCOMPARE(e.evidence, expected);
        QVERIFY(e.alerts.empty()); // no --alertmanager: no alerts field
    }

    void aFailingBackendIsExitOne_data()
    {
        QTest::addColumn<QString>("failing");
        QTest::addColumn<QString>("named");
        QTest::newRow("jaeger beside the mesh") << "jaeger"
                                                << "meshscope: Jaeger: ";
        QTest::newRow("alertmanager") << "alertmanager"
                                      << "meshscope: Alertmanager: ";
        QTest::newRow("jaeger alone") << "jaeger-alone"
                                      << "refresh failed: Jaeger: ";
    }

    void aFailingBackendIsExitOne()
    {
        QFETCH(QString, failing);
        QFETCH(QString, named);
        const QString dead = deadUrl();
        QStringList args{"export", "--timeout", "10"};
        if (failing != QLatin1String("jaeger-alone"))
            args << "--prometheus" << m_mesh.url(QStringLiteral("/")).toString();
        args << "--jaeger"
             << (failing.startsWith(QLatin1String("jaeger")) ? dead : m_jaeger->url().toString());
        if (failing == QLatin1String("alertmanager"))
            args << "--alertmanager" << dead;
        const QString file = m_dir.filePath(failing + QStringLiteral(".json"));
        args << "-o" << file;
        const Run r = runMeshscope(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(named) && r.err.contains(QUrl(dead).authority()),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(file));
    }

    void optionsAreChecked_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a URL") << QStringList{"--jaeger", "localhost:16686"}
                                   << "--jaeger: 'localhost:16686' is not an http(s) URL";
        QTest::newRow("alerts without a graph")
            << QStringList{"--alertmanager", "http://127.0.0.1:9093"}
            << "--alertmanager needs a graph to place the alerts on";
        QTest::newRow("with the demo")
            << QStringList{"--demo", "shop", "--jaeger", "http://a:1"} << "not with --demo";
        QTest::newRow("bad matcher")
            << QStringList{"--jaeger",   "http://a:1",     "--alertmanager",
                           "http://a:2", "--alert-filter", "critical"}
            << "--alert-filter needs a matcher such as severity=\"critical\"";
        QTest::newRow("filter without alerts")
            << QStringList{"--jaeger", "http://a:1", "--alert-filter", "severity=critical"}
            << "--alert-filter needs --alertmanager URL (or --profile NAME with an Alertmanager)";
    }

    void optionsAreChecked()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runMeshscope(QStringList{"export"} + args + QStringList{"-o", "x.json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TstTelemetryExport)
#include "tst_telemetryexport.moc"
