// `meshscope experiment run`: the real executable on the documented example and on variants,
// checking the exit code, the report files and the messages a user reads.

#include "app/experimentcommand.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run runMeshscope(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(MESHSCOPE_BINARY), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QString kExample =
    QStringLiteral(MESHSCOPE_SOURCE_DIR "/resources/experiments/seed-latency.yaml");
const QString kAt = QStringLiteral("2026-03-01T12:00:00Z");

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestExperimentCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theDocumentedExampleHolds()
    {
        QTemporaryDir dir;
        const QString report = dir.filePath(QStringLiteral("report"));
        const Run r =
            runMeshscope({QStringLiteral("experiment"), QStringLiteral("run"), kExample,
                          QStringLiteral("--demo"), QStringLiteral("shop"), QStringLiteral("--at"),
                          kAt, QStringLiteral("--report"), report, QStringLiteral("--journal"),
                          dir.filePath(QStringLiteral("j"))});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("hypothesis held")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("observe: fault injected for 60 s")));
        const QString html = readAll(report + QStringLiteral("/report.html"));
        QVERIFY(html.contains(QStringLiteral("Verdict: <b>held</b>")));
        QVERIFY(html.contains(QStringLiteral("<svg")));
        QVERIFY(html.contains(QStringLiteral("latency: 800ms")));
        const QJsonObject journal =
            QJsonDocument::fromJson(readAll(report + QStringLiteral("/journal.json")).toUtf8())
                .object();
        QCOMPARE(journal.value(QStringLiteral("phase")).toString(), QStringLiteral("done"));
        QCOMPARE(journal.value(QStringLiteral("executor")).toString(), QStringLiteral("demo:shop"));
    }

    void aHypothesisThatDoesNotHoldExitsOne()
    {
        QTemporaryDir dir;
        // The same fault on the product catalogue, which the storefront calls on every page: its
        // 250 ms route timeout caps what the storefront waits, so its p95 rises to about that.
        QString text = readAll(kExample);
        text.replace(QStringLiteral("target: shop/checkoutservice"),
                     QStringLiteral("target: shop/productcatalogservice"));
        text.replace(QStringLiteral("  - errorRatio: shop/frontend\n    atMost: 1%\n"),
                     QStringLiteral("  - p95: shop/frontend\n    atMost: 150ms\n"));
        text.replace(QStringLiteral("      below: 30"), QStringLiteral("      below: 0"));
        const QString file = dir.filePath(QStringLiteral("catalog.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        const QString report = dir.filePath(QStringLiteral("report"));
        const Run r =
            runMeshscope({QStringLiteral("experiment"), QStringLiteral("run"), file,
                          QStringLiteral("--at"), kAt, QStringLiteral("--report"), report,
                          QStringLiteral("--journal"), dir.filePath(QStringLiteral("j"))});
        QVERIFY2(r.code == 1, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("NOT held: p95 of shop/frontend <= 150 ms")),
                 qPrintable(r.out));
        QVERIFY(readAll(report + QStringLiteral("/report.html"))
                    .contains(QStringLiteral("Verdict: <b>not held</b>")));
    }

    void aBrokenFileExitsTwoNamingTheLine()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("bad.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(readAll(kExample)
                    .replace(QStringLiteral("refresh: 5s"), QStringLiteral("refresh: often"))
                    .toUtf8());
        f.close();
        const Run r = runMeshscope({QStringLiteral("experiment"), QStringLiteral("run"), file,
                                    QStringLiteral("--report"), dir.filePath(QStringLiteral("r"))});
        QCOMPARE(r.code, 2);
        QVERIFY2(
            r.err.contains(QStringLiteral("bad.yaml: line 17:10: refresh: expected a duration")),
            qPrintable(r.err));
    }

    void cleanupClosesWhatAnUnfinishedRunLeft()
    {
        QTemporaryDir dir;
        const QString journals = dir.filePath(QStringLiteral("j"));
        QDir().mkpath(journals);
        // A run that stopped mid-way (its process died): its journal is not final.
        QFile journal(journals + QStringLiteral("/dead-run.json"));
        QVERIFY(journal.open(QIODevice::WriteOnly));
        journal.write(R"({"runId": "dead-run", "phase": "observe", "executor": "demo:shop"})");
        journal.close();

        const Run run = runMeshscope({QStringLiteral("experiment"), QStringLiteral("run"), kExample,
                                      QStringLiteral("--at"), kAt, QStringLiteral("--report"),
                                      dir.filePath(QStringLiteral("r")),
                                      QStringLiteral("--journal"), journals});
        QVERIFY2(run.err.contains(QStringLiteral("1 unfinished run(s) and 0 fault(s) left by an "
                                                 "earlier run")),
                 qPrintable(run.err));

        const Run clean = runMeshscope({QStringLiteral("experiment"), QStringLiteral("cleanup"),
                                        QStringLiteral("--journal"), journals});
        QVERIFY2(clean.code == 0, qPrintable(clean.out + clean.err));
        QVERIFY2(clean.out.contains(QStringLiteral("closing run dead-run (stopped in observe)")),
                 qPrintable(clean.out));
        const QJsonObject closed =
            QJsonDocument::fromJson(readAll(journals + QStringLiteral("/dead-run.json")).toUtf8())
                .object();
        QCOMPARE(closed.value(QStringLiteral("phase")).toString(), QStringLiteral("aborted"));
        const Run again = runMeshscope({QStringLiteral("experiment"), QStringLiteral("cleanup"),
                                        QStringLiteral("--journal"), journals});
        QVERIFY2(again.out.contains(QStringLiteral("nothing to clean up")), qPrintable(again.out));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no report") << QStringList{QStringLiteral("run"), QStringLiteral("x.yaml")}
                                   << QStringLiteral("needs --report DIR");
        QTest::newRow("no file") << QStringList{QStringLiteral("run"), QStringLiteral("--report"),
                                                QStringLiteral("d")}
                                 << QStringLiteral("needs an experiment file");
        QTest::newRow("both targets")
            << QStringList{QStringLiteral("run"),       QStringLiteral("x.yaml"),
                           QStringLiteral("--report"),  QStringLiteral("d"),
                           QStringLiteral("--demo"),    QStringLiteral("shop"),
                           QStringLiteral("--context"), QStringLiteral("kind")}
            << QStringLiteral("exclude each other");
        QTest::newRow("cluster without prometheus")
            << QStringList{QStringLiteral("run"),       QStringLiteral("x.yaml"),
                           QStringLiteral("--report"),  QStringLiteral("d"),
                           QStringLiteral("--context"), QStringLiteral("kind")}
            << QStringLiteral("--context needs --prometheus URL");
        QTest::newRow("not run") << QStringList{QStringLiteral("go")}
                                 << QStringLiteral("expected 'experiment run");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QString error;
        meshscope::app::ExperimentCommand::parse(args, &error);
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    // A cluster run whose kubeconfig does not name the context stops before anything runs,
    // saying which context and which file (the real-cluster run: tst_experimentkube).
    void unknownContextIsAnError()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
        f.close();
        const Run r = runMeshscope(
            {QStringLiteral("experiment"), QStringLiteral("run"), kExample,
             QStringLiteral("--context"), QStringLiteral("prod-eu"), QStringLiteral("--kubeconfig"),
             config, QStringLiteral("--prometheus"), QStringLiteral("http://127.0.0.1:1"),
             QStringLiteral("--report"), dir.filePath(QStringLiteral("report")),
             QStringLiteral("--journal"), dir.filePath(QStringLiteral("j"))});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("context 'prod-eu' is not defined")) &&
                     r.err.contains(config),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("report"))));
    }
};

QTEST_GUILESS_MAIN(TestExperimentCommand)
#include "tst_experimentcommand.moc"
