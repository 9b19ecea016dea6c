#include "app/commandline.h"
#include "core/session/connectionstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using meshscope::app::CommandLine;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("messagePart");

        const int gui = int(CommandLine::Mode::Gui), exp = int(CommandLine::Mode::Export),
                  err = int(CommandLine::Mode::Error), help = int(CommandLine::Mode::Help);
        QTest::newRow("no arguments") << QStringList{} << gui << QString();
        QTest::newRow("demo tickets")
            << QStringList{QStringLiteral("--demo"), QStringLiteral("tickets")} << gui << QString();
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << help
                              << QStringLiteral("meshscope export");
        QTest::newRow("export")
            << QStringList{QStringLiteral("export"),  QStringLiteral("--demo"),
                           QStringLiteral("shop"),    QStringLiteral("--seed"),
                           QStringLiteral("7"),       QStringLiteral("--sim-seconds"),
                           QStringLiteral("120"),     QStringLiteral("-o"),
                           QStringLiteral("shop.png")}
            << exp << QString();
        QTest::newRow("export without output")
            << QStringList{QStringLiteral("export")} << err << QStringLiteral("-o FILE");
        QTest::newRow("bad seed") << QStringList{QStringLiteral("--seed"), QStringLiteral("x")}
                                  << err << QStringLiteral("'x'");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << err << QStringLiteral("--frobnicate");
        QTest::newRow("export-only option in window mode")
            << QStringList{QStringLiteral("-o"), QStringLiteral("x.png")} << err
            << QStringLiteral("unknown option '-o'");
        QTest::newRow("bad layout")
            << QStringList{QStringLiteral("export"), QStringLiteral("-o"), QStringLiteral("a.png"),
                           QStringLiteral("--layout"), QStringLiteral("circle")}
            << err << QStringLiteral("force or layered");
        QTest::newRow("negative sim seconds")
            << QStringList{QStringLiteral("export"), QStringLiteral("-o"), QStringLiteral("a.png"),
                           QStringLiteral("--sim-seconds=-3")}
            << err << QStringLiteral("'-3'");
        QTest::newRow("bad time") << QStringList{QStringLiteral("export"), QStringLiteral("-o"),
                                                 QStringLiteral("a.png"), QStringLiteral("--at"),
                                                 QStringLiteral("noon")}
                                  << err << QStringLiteral("ISO 8601");
        QTest::newRow("interval too short")
            << QStringList{QStringLiteral("--interval"), QStringLiteral("0.1")} << err
            << QStringLiteral("0.5 to 3600");
        QTest::newRow("prometheus")
            << QStringList{"--prometheus", "http://localhost:9090"} << gui << QString();
        QTest::newRow("prometheus not a url")
            << QStringList{"--prometheus", "localhost:9090"} << err
            << QStringLiteral("'localhost:9090' is not an http(s) URL");
        QTest::newRow("prometheus and demo")
            << QStringList{"--prometheus", "http://p:9090", "--demo", "shop"} << err
            << QStringLiteral("exclude each other");
        QTest::newRow("bad namespaces regex")
            << QStringList{"--namespaces", "(shop"} << err
            << QStringLiteral("--namespaces: '(shop' is not a valid regular expression");
        QTest::newRow("bad granularity") << QStringList{"--granularity", "pod"} << err
                                         << QStringLiteral("service, workload or app, got 'pod'");
        QTest::newRow("timeout is export only")
            << QStringList{"--timeout", "5"} << err << QStringLiteral("unknown option '--timeout'");
    }

    void parses()
    {
        QFETCH(QStringList, args);
        QFETCH(int, mode);
        QFETCH(QString, messagePart);
        args.prepend(QStringLiteral("meshscope"));
        const CommandLine c = CommandLine::parse(args);
        QCOMPARE(int(c.mode), mode);
        if (!messagePart.isEmpty())
            QVERIFY2(c.message.contains(messagePart), qPrintable(c.message));
    }

    void exportValues()
    {
        const CommandLine c = CommandLine::parse(
            {QStringLiteral("meshscope"), QStringLiteral("export"),
             QStringLiteral("--demo=generated:50"), QStringLiteral("--seed"), QStringLiteral("7"),
             QStringLiteral("--scale"), QStringLiteral("3"), QStringLiteral("--edge-labels"),
             QStringLiteral("p95"), QStringLiteral("--at"), QStringLiteral("2026-11-22T14:00:00Z"),
             QStringLiteral("--output"), QStringLiteral("out.svg")});
        QVERIFY(c.mode == CommandLine::Mode::Export);
        QCOMPARE(c.demo, QStringLiteral("generated:50"));
        QCOMPARE(c.seed, quint64(7));
        QCOMPARE(c.scale, 3.0);
        QCOMPARE(c.edgeLabels, QStringLiteral("p95"));
        QCOMPARE(c.output, QStringLiteral("out.svg"));
        QCOMPARE(c.at.toUTC().time().hour(), 14);
    }

    void prometheusValues()
    {
        const CommandLine c = CommandLine::parse(
            {"meshscope", "export", "--prometheus", "https://mimir.example:8080/prometheus",
             "--metric-profile", "linkerd", "--namespaces=shop|pay", "--granularity", "app",
             "--timeout", "20", "-o", "x.json"});
        QVERIFY2(c.mode == CommandLine::Mode::Export, qPrintable(c.message));
        QCOMPARE(c.timeoutSeconds, 20.0);
        const auto o = c.prometheusOptions();
        QVERIFY2(o.ok(), qPrintable(o.error()));
        QCOMPARE(o->endpoint.baseUrl.path(), QStringLiteral("/prometheus"));
        QCOMPARE(o->profile.name, QStringLiteral("linkerd"));
        QCOMPARE(o->namespaces, QStringLiteral("shop|pay"));
        QVERIFY(o->granularity == meshscope::core::Granularity::App);

        const CommandLine unknown = CommandLine::parse(
            {"meshscope", "--prometheus", "http://p:9090", "--metric-profile", "consul"});
        const auto bad = unknown.prometheusOptions();
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(QLatin1String("no metric profile 'consul'")),
                 qPrintable(bad.error()));
    }

    void connectionProfileWithOneOffOptionsOnTop()
    {
        QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
        QDir().mkpath(QFileInfo(meshscope::core::ConnectionStore::defaultPath()).absolutePath());
        QFile file(meshscope::core::ConnectionStore::defaultPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("profiles:\n  - name: prod\n    flavour: thanos\n    namespaces: shop\n"
                   "    metricProfile: linkerd\n    prometheus:\n      url: https://t:10902\n");
        file.close();
        const QString token = config.filePath(QStringLiteral("token"));
        const QString basic = config.filePath(QStringLiteral("basic"));
        for (const auto &[name, text] : {std::pair{token, QByteArray("tok-1\n")},
                                         std::pair{basic, QByteArray("me:pa:ss\n")}}) {
            QFile f(name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const CommandLine c = CommandLine::parse(
            {"meshscope", "--profile", "prod", "--metric-profile", "istio", "--bearer-token-file",
             token, "--basic-auth-file", basic, "--header", "X-A: 1", "--header=X-B: two",
             "--ca-file", "/ca.pem", "--insecure", "--tenant", "team-a"});
        QVERIFY2(c.mode == CommandLine::Mode::Gui, qPrintable(c.message));
        QVERIFY(c.usesPrometheus());
        const auto o = c.prometheusOptions();
        QVERIFY2(o.ok(), qPrintable(o.error()));
        QCOMPARE(o->endpoint.baseUrl.toString(), QStringLiteral("https://t:10902"));
        QCOMPARE(o->endpoint.partialResponse, std::optional<bool>(true)); // the profile's Thanos
        QCOMPARE(o->profile.name, QStringLiteral("istio"));               // typed wins
        QCOMPARE(o->namespaces, QStringLiteral("shop"));                  // not typed: profile's
        QCOMPARE(o->endpoint.http.bearerToken, QStringLiteral("tok-1"));
        QCOMPARE(o->endpoint.http.basicUser, QStringLiteral("me"));
        QCOMPARE(o->endpoint.http.basicPassword, QStringLiteral("pa:ss"));
        QCOMPARE(o->endpoint.http.caFile, QStringLiteral("/ca.pem"));
        QVERIFY(o->endpoint.http.insecure);
        const meshscope::core::HttpHeaders expected{
            {"X-A", "1"}, {"X-B", "two"}, {"X-Scope-OrgID", "team-a"}};
        QCOMPARE(o->endpoint.http.extraHeaders, expected);

        const auto missing =
            CommandLine::parse({"meshscope", "--profile", "linkerd"}).prometheusOptions();
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(QLatin1String("no connection profile 'linkerd'")) &&
                     missing.error().contains(QLatin1String("it has: prod")) &&
                     missing.error().contains(QLatin1String("--metric-profile")),
                 qPrintable(missing.error()));
        const auto noFile = CommandLine::parse({"meshscope", "--prometheus", "http://p:9090",
                                                "--bearer-token-file", "/nonexistent/t"})
                                .prometheusOptions();
        QVERIFY(!noFile.ok());
        QVERIFY2(noFile.error().startsWith(
                     QLatin1String("--bearer-token-file: file:/nonexistent/t: cannot read")),
                 qPrintable(noFile.error()));
        QCOMPARE(CommandLine::parse({"meshscope", "--profile", "prod", "--demo", "shop"}).mode,
                 CommandLine::Mode::Error);
        QCOMPARE(CommandLine::parse({"meshscope", "--header", "novalue"}).mode,
                 CommandLine::Mode::Error);
        const auto thanos =
            CommandLine::parse({"meshscope", "--prometheus", "http://p:9090", "--thanos"})
                .prometheusOptions();
        QCOMPARE(thanos->endpoint.dedup, std::optional<bool>(true));
        qunsetenv("XDG_CONFIG_HOME");
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
