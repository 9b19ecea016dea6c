#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/graphpainter.h"
#include "widgets/grouppresenter.h"
#include "widgets/healthpalette.h"
#include "widgets/rendersnapshot.h"
#include "widgets/sceneexporter.h"
#include "widgets/topologyscene.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;
using meshscope::widgets::ExportOptions;
using meshscope::widgets::HealthPalette;
using meshscope::widgets::SceneExporter;
using meshscope::widgets::TopologyScene;

namespace {

constexpr double kFailingScore = 8.0;

// Twelve services on a 4x3 grid 120 units apart, a chain of calls plus a few cross calls;
// "payments" fails.
void loadGraph(TopologyScene &scene, double spacing = 120.0)
{
    const QStringList names = {"ingress", "frontend", "cart",   "checkout", "payments", "catalog",
                               "search",  "users",    "orders", "shipping", "postgres", "redis"};
    TelemetrySample sample;
    sample.timestampMs = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC
    sample.sourceName = QStringLiteral("demo:test");
    for (int i = 0; i < names.size(); ++i) {
        const NodeKind kind = i == 0    ? NodeKind::Gateway
                              : i >= 10 ? NodeKind::Database
                                        : NodeKind::Service;
        sample.nodes.push_back(NodeSample{svc(names[i]), kind, QStringLiteral("v1"), 2, 2, {}});
    }
    for (int i = 0; i + 1 < names.size(); ++i)
        sample.edges.push_back(meshscope::testing::edgeSample(svc(names[i]), svc(names[i + 1]),
                                                              std::pow(10.0, i % 4), 20.0 + i));
    TopologyBuilder builder;
    const TopologyPtr topology = builder.build(sample);
    HealthScores scores;
    scores.nodes.resize(size_t(topology->nodeCount()));
    scores.edges.resize(size_t(topology->edgeCount()));
    for (HealthVerdict &v : scores.nodes)
        v.score = 92.0;
    scores.nodes[size_t(topology->nodeIndex(svc("payments")))].score = kFailingScore;
    for (HealthVerdict &v : scores.edges)
        v.score = 85.0;
    Positions positions;
    for (int i = 0; i < names.size(); ++i)
        positions.insert(svc(names[i]), QPointF(spacing * (i % 4), spacing * (i / 4)));
    scene.setSnapshot(topology, std::make_shared<const HealthScores>(scores), positions);
}

bool containsColor(const QImage &image, const QColor &color, int tolerance)
{
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = line[x];
            if (std::abs(qRed(p) - color.red()) + std::abs(qGreen(p) - color.green()) +
                    std::abs(qBlue(p) - color.blue()) <=
                tolerance)
                return true;
        }
    }
    return false;
}

int countColor(const QImage &image, QRgb color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            n += (line[x] & 0xffffff) == (color & 0xffffff) ? 1 : 0;
    }
    return n;
}

// Three namespaces: shop (web, cart, ads along y 0), data (redis, pg at y 500), pay (card at
// y 900); "card" fails.
void loadGroupedMesh(meshscope::widgets::GroupPresenter &groups)
{
    TelemetrySample s;
    s.edges = {meshscope::testing::edgeSample(svc("web"), svc("cart"), 10),
               meshscope::testing::edgeSample(svc("cart"), svc("redis", "data"), 10),
               meshscope::testing::edgeSample(svc("cart"), svc("pg", "data"), 30),
               meshscope::testing::edgeSample(svc("web"), svc("ads"), 5),
               meshscope::testing::edgeSample(svc("cart"), svc("card", "pay"), 3)};
    TopologyBuilder builder;
    const TopologyPtr topology = builder.build(s);
    auto scores = std::make_shared<HealthScores>();
    scores->generation = topology->generation();
    for (const TopologyNode &node : topology->nodes()) {
        HealthVerdict v;
        v.score = node.name == QLatin1String("card") ? kFailingScore : 95.0;
        v.band = v.score >= 75 ? HealthBand::Healthy : HealthBand::Failing;
        scores->nodes.push_back(v);
    }
    scores->edges.resize(topology->edges().size());
    const QHash<QString, QPointF> at{{"web", {0, 0}},     {"cart", {100, 0}}, {"ads", {200, 0}},
                                     {"redis", {0, 500}}, {"pg", {100, 500}}, {"card", {0, 900}}};
    Positions positions;
    for (const TopologyNode &node : topology->nodes())
        positions.insert(node.id, at.value(node.name));
    groups.setSnapshot(topology, scores, positions);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSceneExporter : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void pngHasTheScaledSizeAndTheFailingColour_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("legend");
        QTest::newRow("1x with legend") << 1.0 << true;
        QTest::newRow("2x with legend") << 2.0 << true;
        QTest::newRow("2x without legend") << 2.0 << false;
    }

    void pngHasTheScaledSizeAndTheFailingColour()
    {
        QFETCH(double, scale);
        QFETCH(bool, legend);
        TopologyScene scene;
        loadGraph(scene);
        ExportOptions options;
        options.title = QStringLiteral("Shop");
        options.scale = scale;
        options.legend = legend;
        const QString path = m_dir.filePath(QStringLiteral("graph.png"));
        const Result<void> written = SceneExporter::exportTo(scene, path, options);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        QImage image;
        QVERIFY(image.load(path));
        const QSizeF page = SceneExporter::pageSize(scene, options);
        QCOMPARE(image.size(), QSize(int(std::ceil(page.width() * scale)),
                                     int(std::ceil(page.height() * scale))));
        // The page holds the whole graph (3 rows x 4 columns of 120 units) plus margins.
        QVERIFY(page.width() > 3 * 120 + 40 && page.height() > 2 * 120 + 40);
        if (legend)
            QVERIFY(page.width() > 3 * 120 + 200);
        const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
        QVERIFY(containsColor(rgb, HealthPalette::colorForScore(kFailingScore, {}), 12));
        QCOMPARE(rgb.pixel(1, 1), qRgb(255, 255, 255)); // white background, margin
    }

    // An exported image is coloured by the scene's active bands, like the window (issue 6).
    void pngFollowsTheActiveBands()
    {
        TopologyScene scene;
        loadGraph(scene); // services at 92
        HealthSettings settings;
        settings.bands.healthy = 95.0;
        scene.setHealthSettings(settings);
        ExportOptions options;
        options.legend = false; // the legend's ramp holds every colour
        const QString path = m_dir.filePath(QStringLiteral("bands.png"));
        const Result<void> written = SceneExporter::exportTo(scene, path, options);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        QImage image;
        QVERIFY(image.load(path));
        const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
        QVERIFY(containsColor(rgb, HealthPalette::colorForScore(92.0, settings.bands), 12));
        QVERIFY(!containsColor(rgb, HealthPalette::colorForScore(92.0, {}), 12)); // not blue
    }

    void svgIsValidXmlWithTheNodeNames()
    {
        TopologyScene scene;
        loadGraph(scene);
        ExportOptions options;
        options.title = QStringLiteral("Shop mesh");
        const QString path = m_dir.filePath(QStringLiteral("graph.svg"));
        const Result<void> written = SceneExporter::exportTo(scene, path, options);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        const QByteArray svg = readAll(path);
        QVERIFY(svg.contains("<svg"));
        for (const char *name :
             {"payments", "checkout", "postgres", "Shop mesh", "2023-11-14 22:13:20 UTC"})
            QVERIFY2(svg.contains(name), name);
        QXmlStreamReader xml(svg);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    }

    void pdfIsAVectorDocument()
    {
        TopologyScene scene;
        loadGraph(scene);
        const QString path = m_dir.filePath(QStringLiteral("Graph.PDF"));
        const Result<void> written = SceneExporter::exportTo(scene, path, ExportOptions{});
        QVERIFY2(written.ok(), qPrintable(written.error()));
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.size() > 2000);
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    }

    void errorsNameThePath_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown extension")
            << QStringLiteral("graph.bmp") << QStringLiteral("unknown file extension '.bmp'");
        QTest::newRow("no extension")
            << QStringLiteral("graph") << QStringLiteral("unknown file extension");
        QTest::newRow("missing folder")
            << QStringLiteral("no/such/folder/graph.png") << QStringLiteral("does not exist");
        QTest::newRow("path is a folder")
            << QStringLiteral("taken.svg") << QStringLiteral("cannot write");
    }

    void errorsNameThePath()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QDir(m_dir.path()).mkpath(QStringLiteral("taken.svg"));
        TopologyScene scene;
        loadGraph(scene);
        const QString path = m_dir.filePath(file);
        const Result<void> written = SceneExporter::exportTo(scene, path, ExportOptions{});
        QVERIFY(!written.ok());
        QVERIFY2(written.error().contains(expected), qPrintable(written.error()));
        QVERIFY2(written.error().contains(path), qPrintable(written.error()));
    }

    void tooLargePngIsRefusedWithAClearMessage()
    {
        TopologyScene scene;
        loadGraph(scene, 3000.0); // ~9,000 x 6,000 units
        ExportOptions options;
        options.scale = 4.0;
        const QString path = m_dir.filePath(QStringLiteral("huge.png"));
        const Result<void> written = SceneExporter::exportTo(scene, path, options);
        QVERIFY(!written.ok());
        QVERIFY2(written.error().contains(QStringLiteral("choose a smaller scale or SVG/PDF")),
                 qPrintable(written.error()));
        QVERIFY(!QFile::exists(path));
    }

    // Exports honour the groups as shown: a collapsed group is its disc with its title, an open
    // group its outlined area; both titles are placed like labels (no overlaps).
    void exportDrawsCollapsedAndOpenGroups()
    {
        TopologyScene scene;
        meshscope::widgets::GroupPresenter groups(&scene);
        loadGroupedMesh(groups);
        groups.collapse(QStringLiteral("data"));
        QVERIFY(groups.isCollapsed(QStringLiteral("data")));
        const auto snapshot = meshscope::widgets::RenderSnapshot::capture(scene);
        QCOMPARE(snapshot.groups.size(), size_t(3));
        ExportOptions options;
        options.scale = 1.0;
        const QString path = m_dir.filePath(QStringLiteral("groups.png"));
        std::vector<meshscope::widgets::GraphPainter::Label> labels;
        const Result<void> written =
            SceneExporter::exportSnapshot(snapshot, path, options, {}, &labels);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        QImage image;
        QVERIFY(image.load(path));
        const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
        // The collapsed group's disc (radius 30 around its node) and the open groups' areas.
        const int discPixels = countColor(rgb, qRgb(226, 232, 242));
        const int areaPixels = countColor(rgb, qRgb(238, 241, 246));
        QVERIFY2(discPixels > 1000, qPrintable(QString::number(discPixels)));
        QVERIFY2(areaPixels > 5000, qPrintable(QString::number(areaPixels)));
        QStringList titles;
        for (const auto &l : labels) {
            if (l.group)
                titles << l.text;
        }
        titles.sort();
        QCOMPARE(titles, QStringList({QStringLiteral("data · 2"), QStringLiteral("pay · 1"),
                                      QStringLiteral("shop · 3")}));
        for (size_t i = 0; i < labels.size(); ++i)
            for (size_t j = i + 1; j < labels.size(); ++j)
                QVERIFY2(!labels[i].rect.intersects(labels[j].rect),
                         qPrintable(labels[i].text + QStringLiteral(" / ") + labels[j].text));
        // The page holds the titles: the top group's title is below the header, not cut off.
        const QRectF graph = SceneExporter::graphRect(snapshot, options);
        QVERIFY(snapshot.bounds.contains(snapshot.groups[2].titleRect()));
        QVERIFY(graph.top() > 0.0);

        // Vector exports draw the same areas.
        const QString svgPath = m_dir.filePath(QStringLiteral("groups.svg"));
        QVERIFY(SceneExporter::exportSnapshot(snapshot, svgPath, options).ok());
        QVERIFY(readAll(svgPath).contains("#e2e8f2"));

        // Without groups there is neither.
        groups.setGrouping(std::nullopt);
        const QString plain = m_dir.filePath(QStringLiteral("plain.png"));
        QVERIFY(SceneExporter::exportTo(scene, plain, options).ok());
        QImage without;
        QVERIFY(without.load(plain));
        const QImage plainRgb = without.convertToFormat(QImage::Format_RGB32);
        QCOMPARE(countColor(plainRgb, qRgb(226, 232, 242)), 0);
        QCOMPARE(countColor(plainRgb, qRgb(238, 241, 246)), 0);
    }

    // An export draws the edges the window draws at 1:1: past the ink budget quiet healthy calls
    // are left out (busiest kept), a failing call never is, and the subtitle says so.
    void exportLeavesOutQuietCallsPastTheInkBudget()
    {
        TelemetrySample sample;
        sample.timestampMs = 1'700'000'000'000;
        for (int i = 0; i < 36; ++i)
            for (int j = i + 1; j < 36; ++j)
                sample.edges.push_back(meshscope::testing::edgeSample(svc(i), svc(j), 100.0));
        TopologyBuilder builder;
        const TopologyPtr topology = builder.build(sample);
        HealthScores scores;
        scores.nodes.resize(size_t(topology->nodeCount()));
        scores.edges.resize(size_t(topology->edgeCount()));
        for (HealthVerdict &v : scores.nodes)
            v.score = 95.0;
        for (HealthVerdict &v : scores.edges)
            v.score = 95.0;
        const int failing = topology->edgeIndex(svc(0), svc(35));
        QVERIFY(failing >= 0);
        scores.edges[size_t(failing)].score = 10.0;
        Positions positions;
        for (int i = 0; i < 36; ++i)
            positions.insert(svc(i), QPointF(30.0 * (i % 6), 30.0 * (i / 6)));
        TopologyScene scene;
        scene.setSnapshot(topology, std::make_shared<const HealthScores>(scores), positions);
        const auto snapshot = meshscope::widgets::RenderSnapshot::capture(scene);
        QVERIFY(snapshot.omittedEdges > 0);
        QVERIFY(!snapshot.edges.empty());
        QCOMPARE(int(snapshot.edges.size()) + snapshot.omittedEdges, topology->edgeCount());
        const QColor red = HealthPalette::colorForScore(10.0, {});
        QVERIFY(std::any_of(snapshot.edges.begin(), snapshot.edges.end(),
                            [&red](const auto &e) { return e.color == red; }));
        const QString path = m_dir.filePath(QStringLiteral("dense.svg"));
        QVERIFY(SceneExporter::exportSnapshot(snapshot, path, ExportOptions{}).ok());
        const QByteArray note =
            QByteArray::number(snapshot.omittedEdges).append(" quiet calls not drawn");
        QVERIFY2(readAll(path).contains(note), note.constData());
    }

    void emptyGraphIsAnError()
    {
        TopologyScene scene;
        const Result<void> written = SceneExporter::exportTo(
            scene, m_dir.filePath(QStringLiteral("empty.png")), ExportOptions{});
        QVERIFY(!written.ok());
        QVERIFY(written.error().contains(QStringLiteral("empty")));
    }
};

QTEST_MAIN(TestSceneExporter)
#include "tst_sceneexporter.moc"
