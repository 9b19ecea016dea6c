#include "tests/widgets/demoscene.h"
#include "widgets/exportjob.h"
#include "widgets/nodeitem.h"
#include "widgets/rendersnapshot.h"
#include "widgets/sceneexporter.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::widgets::ExportJob;
using meshscope::widgets::ExportOptions;
using meshscope::widgets::GraphPainter;
using meshscope::widgets::RenderSnapshot;
using meshscope::widgets::SceneExporter;
using meshscope::widgets::TopologyScene;
using meshscope::widgets::TopologyView;

namespace {

int colorDistance(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) +
           std::abs(qBlue(a) - qBlue(b));
}

bool anyOverlap(const std::vector<GraphPainter::Label> &labels, QString *which)
{
    for (size_t i = 0; i < labels.size(); ++i) {
        for (size_t j = i + 1; j < labels.size(); ++j) {
            if (labels[i].rect.intersects(labels[j].rect)) {
                *which = labels[i].text + QStringLiteral(" / ") + labels[j].text;
                return true;
            }
        }
    }
    return false;
}

} // namespace

class TestExportJob : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void theWindowKeepsWorkingWhileItExports()
    {
        TopologyScene scene;
        QVERIFY(meshscope::testing::loadDemoScene(scene, QStringLiteral("generated:1000")));
        const int services = scene.nodeItemCount();
        const QString path = m_dir.filePath(QStringLiteral("busy.png"));
        ExportOptions options;
        options.scale = 2.0;
        ExportJob job(RenderSnapshot::capture(scene), path, options);
        QSignalSpy finished(&job, &ExportJob::finished);
        QList<int> percents;
        connect(&job, &ExportJob::progressChanged, this, [&](int p) { percents << p; });
        int ticksWhileRunning = 0;
        QTimer ticker;
        ticker.setInterval(1);
        connect(&ticker, &QTimer::timeout, this, [&] {
            if (job.isRunning())
                ++ticksWhileRunning;
        });
        ticker.start();
        job.start();
        QVERIFY(job.isRunning());
        // The user goes on: the scene changes under the export, which paints its own copy.
        scene.setSnapshot(nullptr, nullptr, {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY2(job.result().ok(), qPrintable(job.result().error()));
        QVERIFY2(ticksWhileRunning >= 2, qPrintable(QString::number(ticksWhileRunning)));
        QVERIFY2(percents.size() >= 2, "progress is reported while painting");
        QVERIFY(std::is_sorted(percents.begin(), percents.end()));
        QCOMPARE(job.progress(), 100);
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 1000);
        QVERIFY(services > 900);
    }

    void cancelStopsTheExportAndWritesNothing_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("afterFirstProgress");
        QTest::newRow("png at once") << QStringLiteral("cancelled.png") << false;
        QTest::newRow("png while painting") << QStringLiteral("cancelled2.png") << true;
        QTest::newRow("svg at once") << QStringLiteral("cancelled.svg") << false;
    }

    void cancelStopsTheExportAndWritesNothing()
    {
        QFETCH(QString, file);
        QFETCH(bool, afterFirstProgress);
        TopologyScene scene;
        QVERIFY(meshscope::testing::loadDemoScene(scene, QStringLiteral("generated:1000")));
        const QString path = m_dir.filePath(file);
        ExportOptions options;
        options.scale = 4.0;
        ExportJob job(RenderSnapshot::capture(scene), path, options);
        QSignalSpy finished(&job, &ExportJob::finished);
        QSignalSpy progress(&job, &ExportJob::progressChanged);
        job.start();
        if (afterFirstProgress)
            QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 1 || finished.size() == 1, 60000);
        job.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!job.result().ok());
        QCOMPARE(job.result().error(), SceneExporter::cancelledMessage());
        QVERIFY(!QFile::exists(path));
    }

    void destroyingARunningExportCancelsIt()
    {
        TopologyScene scene;
        QVERIFY(meshscope::testing::loadDemoScene(scene, QStringLiteral("generated:1000")));
        const QString path = m_dir.filePath(QStringLiteral("abandoned.png"));
        {
            ExportJob job(RenderSnapshot::capture(scene), path, ExportOptions{});
            job.start();
        }
        QVERIFY(!QFile::exists(path));
    }

    void theExportedPngShowsWhatTheViewShows()
    {
        TopologyScene scene;
        QVERIFY(meshscope::testing::loadDemoScene(scene, QStringLiteral("tickets")));
        TopologyView view(&scene);
        view.resize(1400, 900);
        view.setLegendVisible(false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setZoom(1.0);
        view.centerOn(scene.graphBounds().center());
        const QImage shown =
            view.viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);

        const RenderSnapshot snapshot = RenderSnapshot::capture(scene);
        ExportOptions options;
        options.scale = 1.0;
        const QString path = m_dir.filePath(QStringLiteral("tickets.png"));
        ExportJob job(snapshot, path, options);
        QSignalSpy finished(&job, &ExportJob::finished);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY2(job.result().ok(), qPrintable(job.result().error()));
        const QImage png = QImage(path).convertToFormat(QImage::Format_RGB32);
        QVERIFY(!png.isNull());

        const QRectF graph = SceneExporter::graphRect(snapshot, options);
        const auto underALabel = [&job](const QPointF &p) {
            return std::any_of(job.labels().begin(), job.labels().end(),
                               [&p](const GraphPainter::Label &l) {
                                   return l.rect.adjusted(-2, -2, 2, 2).contains(p);
                               });
        };
        int compared = 0;
        for (const TopologyNode &n : scene.topology()->nodes()) {
            const widgets::NodeItem *item = scene.nodeItem(n.id);
            if (underALabel(item->pos()))
                continue; // another service's name is drawn over it, in the view too
            const QPoint inView = view.mapFromScene(item->pos());
            const QPointF inPng = graph.topLeft() + (item->pos() - snapshot.bounds.topLeft());
            QVERIFY(png.rect().contains(inPng.toPoint()));
            const QRgb exported = png.pixel(inPng.toPoint());
            const QRgb fill =
                widgets::NodeItem::shownFill(item->fillColor(), item->isIdle(), item->isDimmed())
                    .rgb();
            QVERIFY2(colorDistance(exported, fill) <= 12,
                     qPrintable(QStringLiteral("%1: exported %2, fill %3")
                                    .arg(n.name, QColor(exported).name(), QColor(fill).name())));
            if (shown.rect().contains(inView)) {
                QVERIFY2(colorDistance(shown.pixel(inView), exported) <= 12, qPrintable(n.name));
                ++compared;
            }
        }
        QVERIFY2(compared >= scene.nodeItemCount() / 2, qPrintable(QString::number(compared)));
    }

    void exportedLabelsNeverOverlap_data()
    {
        QTest::addColumn<QString>("mesh");
        QTest::newRow("tickets") << QStringLiteral("tickets");
        QTest::newRow("generated:1000") << QStringLiteral("generated:1000");
    }

    void exportedLabelsNeverOverlap()
    {
        QFETCH(QString, mesh);
        TopologyScene scene;
        QVERIFY(meshscope::testing::loadDemoScene(scene, mesh));
        scene.setEdgeLabelMode(widgets::EdgeLabelMode::RequestRate);
        const QString path = m_dir.filePath(mesh.section(QLatin1Char(':'), 0, 0) + ".png");
        ExportOptions options;
        options.scale = 1.0;
        ExportJob job(RenderSnapshot::capture(scene), path, options);
        QSignalSpy finished(&job, &ExportJob::finished);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY2(job.result().ok(), qPrintable(job.result().error()));
        const auto &labels = job.labels();
        const auto services = std::count_if(labels.begin(), labels.end(),
                                            [](const GraphPainter::Label &l) { return !l.edge; });
        QVERIFY(services > 0);
        QVERIFY(std::any_of(labels.begin(), labels.end(),
                            [](const GraphPainter::Label &l) { return l.edge; }));
        QString which;
        QVERIFY2(!anyOverlap(labels, &which), qPrintable(which));
        if (mesh == QLatin1String("generated:1000"))
            QVERIFY(services < scene.nodeItemCount()); // some had no room: left out, not piled
    }
};

QTEST_MAIN(TestExportJob)
#include "tst_exportjob.moc"
