#include "app/commandline.h"

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
             "--profile", "linkerd", "--namespaces=shop|pay", "--granularity", "app", "--timeout",
             "20", "-o", "x.json"});
        QVERIFY2(c.mode == CommandLine::Mode::Export, qPrintable(c.message));
        QCOMPARE(c.timeoutSeconds, 20.0);
        const auto o = c.prometheusOptions();
        QVERIFY2(o.ok(), qPrintable(o.error()));
        QCOMPARE(o->endpoint.baseUrl.path(), QStringLiteral("/prometheus"));
        QCOMPARE(o->profile.name, QStringLiteral("linkerd"));
        QCOMPARE(o->namespaces, QStringLiteral("shop|pay"));
        QVERIFY(o->granularity == meshscope::core::Granularity::App);

        const CommandLine unknown = CommandLine::parse(
            {"meshscope", "--prometheus", "http://p:9090", "--profile", "consul"});
        const auto bad = unknown.prometheusOptions();
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(QLatin1String("no metric profile 'consul'")),
                 qPrintable(bad.error()));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
