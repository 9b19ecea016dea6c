#include "reportfixtures.h"

#include "chaos/report/htmlreport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope::chaos;

class TestHtmlReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSelfContainedPageWithChartGraphTimelineAndVerdict()
    {
        const ExperimentRun run = fixtures::reportRun();
        const QString html = HtmlReport::render(run, ExperimentFigures::compute(run));
        QVERIFY(html.contains(QStringLiteral("Verdict: <b>held</b>")));
        QVERIFY(html.contains(QStringLiteral("<b>Hypothesis:</b> b stays healthy")));
        // Drift chart: the target, the predicted services and the mesh, the baseline band, the
        // three phases shaded.
        QVERIFY(html.contains(QStringLiteral("data-service=\"shop/a\"")));
        QVERIFY(html.contains(QStringLiteral("data-service=\"shop/b\"")));
        QVERIFY(html.contains(QStringLiteral("data-service=\"whole mesh\"")));
        QVERIFY(html.contains(QStringLiteral("class=\"baseline-band\"")));
        QCOMPARE(html.count(QStringLiteral("class=\"phase\"")), 3);
        // The before snapshot: one circle per service, the target ringed.
        QCOMPARE(html.count(QStringLiteral("<circle class=\"node\"")), 4);
        // Text from the run is escaped, and nothing is fetched from elsewhere.
        QVERIFY(html.contains(QStringLiteral("fault &lt;injected&gt;")));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(!html.contains(QRegularExpression(QStringLiteral("(src|href)=\"http"))));
        QVERIFY(html.contains(QStringLiteral("id=\"resilience\">94.5<")));
    }

    void writesReportJournalAndManifest()
    {
        QTemporaryDir dir;
        auto path = HtmlReport::write(fixtures::reportRun(), dir.filePath(QStringLiteral("out")));
        QVERIFY2(path, qPrintable(path.error()));
        QVERIFY(QFile::exists(*path));
        QFile journal(dir.filePath(QStringLiteral("out/journal.json")));
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(journal.readAll());
        QCOMPARE(doc.object().value(QStringLiteral("runId")).toString(),
                 QStringLiteral("hand-made"));
        QCOMPARE(doc.object().value(QStringLiteral("samples")).toArray().size(), 8);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/manifest.yaml"))));
    }

    void anUnwritableFolderIsAnError()
    {
        auto path = HtmlReport::write(fixtures::reportRun(), QStringLiteral("/proc/nope/report"));
        QVERIFY(!path);
        QVERIFY2(path.error().contains(QStringLiteral("/proc/nope/report")),
                 qPrintable(path.error()));
    }
};

QTEST_GUILESS_MAIN(TestHtmlReport)
#include "tst_htmlreport.moc"
