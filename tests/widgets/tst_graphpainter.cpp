// Image exports draw what the view draws about traces and alerts: a call's evidence as its pen
// (solid, dashed traces-only, dotted mesh-only) and the alert badges on services (red firing,
// grey muted). Checked on the pixels of a PNG and the elements of an SVG, not a golden image.

#include "core/alerts/alertsnapshot.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/rendersnapshot.h"
#include "widgets/sceneexporter.h"
#include "widgets/topologyscene.h"
#include "widgets/viewtypes.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;
using meshscope::widgets::ExportOptions;
using meshscope::widgets::RenderSnapshot;
using meshscope::widgets::SceneExporter;
using meshscope::widgets::TopologyScene;

namespace {

constexpr double kScale = 3.0; // thick enough lines to sample along their middle
const QColor kFiringRed(0xd3, 0x2f, 0x2f);
const QColor kMutedGrey(0x9e, 0x9e, 0x9e);

// front (0,0) -> orders (300,0): both sources; orders -> pay (300,300): traces only;
// front -> cart (0,300): the mesh only. All healthy, so no red but a badge's.
void loadGraph(TopologyScene &scene, bool withTraces)
{
    TelemetrySample s;
    s.timestampMs = 1'700'000'000'000;
    s.sourceName = QStringLiteral("prometheus+jaeger");
    const auto call = [&s, withTraces](const char *from, const char *to, std::uint8_t evidence) {
        EdgeSample e = meshscope::testing::edgeSample(svc(from), svc(to), 50.0, 20.0);
        e.evidence = withTraces ? evidence : std::uint8_t(EdgeSample::FromMesh);
        e.traceCallCount = withTraces && (evidence & EdgeSample::FromTraces) ? 120.0 : 0.0;
        s.edges.push_back(e);
    };
    call("front", "orders", EdgeSample::FromMesh | EdgeSample::FromTraces);
    call("orders", "pay", EdgeSample::FromTraces);
    call("front", "cart", EdgeSample::FromMesh);
    TopologyBuilder builder;
    const TopologyPtr topology = builder.build(s);
    auto scores = std::make_shared<HealthScores>();
    scores->generation = topology->generation();
    for (int i = 0; i < topology->nodeCount(); ++i) {
        HealthVerdict v;
        v.score = 95.0;
        v.band = HealthBand::Healthy;
        scores->nodes.push_back(v);
    }
    for (int i = 0; i < topology->edgeCount(); ++i) {
        HealthVerdict v;
        v.score = 95.0;
        v.band = HealthBand::Healthy;
        scores->edges.push_back(v);
    }
    const QHash<QString, QPointF> at{
        {"front", {0, 0}}, {"orders", {300, 0}}, {"pay", {300, 300}}, {"cart", {0, 300}}};
    Positions positions;
    for (const TopologyNode &n : topology->nodes())
        positions.insert(n.id, at.value(n.name));
    scene.setSnapshot(topology, scores, positions);
}

// orders: two firing alerts; cart: one silenced.
AlertSnapshot alerts()
{
    AlertSnapshot a;
    Alert firing;
    firing.name = QStringLiteral("HighErrorRate");
    a.alerts = {firing, firing};
    Alert silenced;
    silenced.name = QStringLiteral("Slow");
    silenced.state = Alert::State::Suppressed;
    silenced.silencedBy = {QStringLiteral("s1")};
    a.alerts.push_back(silenced);
    a.byNode.insert(svc("orders"), {0, 1});
    a.byNode.insert(svc("cart"), {2});
    return a;
}

struct Png
{
    QImage image;
    RenderSnapshot snapshot;
    QRectF graph; // page units

    QPoint pixel(const QPointF &scenePoint) const
    {
        const QPointF page = scenePoint - snapshot.bounds.center() + graph.center();
        return (page * kScale).toPoint();
    }
};

Png exportPng(const TopologyScene &scene, const AlertSnapshot *alerts, const QString &path)
{
    Png out;
    out.snapshot = RenderSnapshot::capture(scene, alerts);
    ExportOptions options;
    options.scale = kScale;
    options.legend = false; // only the graph's own ink
    out.graph = SceneExporter::graphRect(out.snapshot, options);
    const Result<void> written = SceneExporter::exportSnapshot(out.snapshot, path, options);
    if (!written)
        qWarning("%s", qPrintable(written.error()));
    out.image = QImage(path).convertToFormat(QImage::Format_RGB32);
    return out;
}

bool ink(QRgb p)
{
    return qRed(p) + qGreen(p) + qBlue(p) < 3 * 255 - 90;
}

// The share of the inked pixels along the middle 60 % of a call's line (the part clear of the
// node discs and the arrowhead).
double inkAlong(const Png &png, const QPointF &from, const QPointF &to)
{
    const QPoint a = png.pixel(from + (to - from) * 0.2);
    const QPoint b = png.pixel(from + (to - from) * 0.8);
    const int steps = std::max(std::abs(b.x() - a.x()), std::abs(b.y() - a.y()));
    int inked = 0;
    for (int i = 0; i <= steps; ++i) {
        const QPoint p = a + (b - a) * (double(i) / steps);
        // The line may sit half a pixel off its ideal middle: either neighbour counts.
        const bool any = ink(png.image.pixel(p)) ||
                         ink(png.image.pixel(p + (a.y() == b.y() ? QPoint(0, 1) : QPoint(1, 0))));
        inked += any;
    }
    return double(inked) / (steps + 1);
}

int countNear(const QImage &image, const QPoint &centre, int radius, const QColor &color)
{
    int n = 0;
    for (int y = centre.y() - radius; y <= centre.y() + radius; ++y)
        for (int x = centre.x() - radius; x <= centre.x() + radius; ++x) {
            if (!image.rect().contains(x, y))
                continue;
            const QRgb p = image.pixel(x, y);
            n += std::abs(qRed(p) - color.red()) + std::abs(qGreen(p) - color.green()) +
                     std::abs(qBlue(p) - color.blue()) <=
                 12;
        }
    return n;
}

} // namespace

class TestGraphPainter : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void pngDrawsEvidencePensAndBadges()
    {
        TopologyScene scene;
        loadGraph(scene, true);
        const AlertSnapshot a = alerts();
        const Png png = exportPng(scene, &a, m_dir.filePath(QStringLiteral("traces.png")));
        QVERIFY(!png.image.isNull());
        QVERIFY(png.snapshot.evidence);

        const QPointF front(0, 0), orders(300, 0), pay(300, 300), cart(0, 300);
        const double both = inkAlong(png, front, orders);
        const double tracesOnly = inkAlong(png, orders, pay);
        const double meshOnly = inkAlong(png, front, cart);
        QVERIFY2(both > 0.95, qPrintable(QString::number(both))); // solid
        QVERIFY2(tracesOnly > 0.3 && tracesOnly < 0.85, qPrintable(QString::number(tracesOnly)));
        QVERIFY2(meshOnly > 0.1 && meshOnly < 0.8, qPrintable(QString::number(meshOnly)));

        // Red badge on orders, grey on cart, none on front or pay; at the upper right.
        const int r = int(10 * kScale);
        const auto badge = [&png](const QPointF &node) {
            return png.pixel(node + QPointF(widgets::kNodeRadius, -widgets::kNodeRadius) * 0.8);
        };
        QVERIFY(countNear(png.image, badge(orders), r, kFiringRed) > 50);
        QCOMPARE(countNear(png.image, badge(orders), r, kMutedGrey), 0);
        QVERIFY(countNear(png.image, badge(cart), r, kMutedGrey) > 50);
        QCOMPARE(countNear(png.image, badge(cart), r, kFiringRed), 0);
        QCOMPARE(countNear(png.image, badge(front), r, kFiringRed), 0);
        QCOMPARE(countNear(png.image, badge(pay), r, kFiringRed), 0);
    }

    // The same graph with no traces and no alerts: every call solid, no badge anywhere.
    void withoutTracesOrAlertsNothingChanges()
    {
        TopologyScene scene;
        loadGraph(scene, false);
        const Png png = exportPng(scene, nullptr, m_dir.filePath(QStringLiteral("mesh.png")));
        QVERIFY(!png.snapshot.evidence);
        QVERIFY(inkAlong(png, QPointF(300, 0), QPointF(300, 300)) > 0.95);
        QVERIFY(inkAlong(png, QPointF(0, 0), QPointF(0, 300)) > 0.95);
        int red = 0;
        for (int y = 0; y < png.image.height(); ++y)
            for (int x = 0; x < png.image.width(); ++x)
                red += countNear(png.image, QPoint(x, y), 0, kFiringRed);
        QCOMPARE(red, 0);
    }

    // SVG: the dashed and dotted pens are stroke-dasharray elements (the legend is left out:
    // its idle sample is dashed too), the badges their counts as text; with the legend, it has
    // the evidence row.
    void svgHasDashedCallsBadgesAndTheEvidenceLegend()
    {
        TopologyScene scene;
        loadGraph(scene, true);
        TopologyScene plain;
        loadGraph(plain, false);
        const AlertSnapshot a = alerts();
        ExportOptions options;
        options.legend = false;
        const QByteArray svg = exportSvg(RenderSnapshot::capture(scene, &a), options, "t.svg");
        const QByteArray plainSvg = exportSvg(RenderSnapshot::capture(plain), options, "p.svg");
        QCOMPARE(svg.count("stroke-dasharray"), 2); // orders -> pay dashed, front -> cart dotted
        QCOMPARE(plainSvg.count("stroke-dasharray"), 0);
        QVERIFY(svg.contains(">2</text>")); // orders' firing count
        QVERIFY(svg.contains(">1</text>")); // cart's silenced one
        QVERIFY(!plainSvg.contains(">2</text>"));
        QVERIFY(!plainSvg.contains(">1</text>"));

        options.legend = true;
        QVERIFY(exportSvg(RenderSnapshot::capture(scene, &a), options, "tl.svg")
                    .contains("traces only"));
        QVERIFY(
            !exportSvg(RenderSnapshot::capture(plain), options, "pl.svg").contains("traces only"));
    }

private:
    QByteArray exportSvg(const RenderSnapshot &snapshot, const ExportOptions &options,
                         const char *name)
    {
        const QString path = m_dir.filePath(QLatin1String(name));
        if (!SceneExporter::exportSnapshot(snapshot, path, options).ok())
            return {};
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
};

QTEST_MAIN(TestGraphPainter)
#include "tst_graphpainter.moc"
