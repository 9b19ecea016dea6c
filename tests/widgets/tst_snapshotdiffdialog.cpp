#include "core/models/scorechangemodel.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/diffoverlayitem.h"
#include "widgets/nodeitem.h"
#include "widgets/snapshotdiffdialog.h"
#include "widgets/topologyscene.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::sampleFromCalls;
using meshscope::testing::svc;
using meshscope::widgets::DiffOverlayItem;
using meshscope::widgets::SnapshotDiffDialog;
using meshscope::widgets::TopologyScene;

namespace {

struct Side
{
    TopologyPtr topology;
    std::shared_ptr<HealthScores> scores;
    Positions positions;
};

Side side(const QString &calls, double cartScore)
{
    TopologyBuilder builder;
    Side s;
    s.topology = builder.build(sampleFromCalls(calls));
    s.scores = std::make_shared<HealthScores>();
    s.scores->generation = s.topology->generation();
    int x = 0;
    for (const TopologyNode &node : s.topology->nodes()) {
        HealthVerdict v;
        v.score = node.name == QLatin1String("cart") ? cartScore : 95.0;
        v.band = v.score < 50 ? HealthBand::Failing : HealthBand::Healthy;
        s.scores->nodes.push_back(v);
        s.positions.insert(node.id, QPointF(200.0 * x++, 0));
    }
    s.scores->edges.resize(s.topology->edges().size());
    return s;
}

int countColour(const QImage &image, const QColor &colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y) == colour ? 1 : 0;
    return n;
}

} // namespace

class TestSnapshotDiffDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void marksAddedAndRemovedOnTheGraph()
    {
        const Side before = side("web>cart cart>redis", 90);
        Side now = side("web>cart cart>pg", 30);
        now.positions.insert(svc("pg"), QPointF(300, 80));
        TopologyScene scene;
        scene.setSnapshot(now.topology, now.scores, now.positions);
        const SnapshotDiff diff = SnapshotDiff::compare(
            {before.topology.get(), before.scores.get(), &before.positions, "before.json", 0},
            {now.topology.get(), now.scores.get(), nullptr, "now", 0});
        auto *overlay = new DiffOverlayItem(&scene);
        scene.addItem(overlay);
        overlay->setDiff(diff);
        QCOMPARE(overlay->markedAdded(), 1);   // pg, on the graph
        QCOMPARE(overlay->markedRemoved(), 1); // redis, where the snapshot had it
        QVERIFY(overlay->boundingRect().contains(before.positions.value(svc("redis"))));
        QVERIFY(overlay->boundingRect().contains(QPointF(300, 80)));

        // Green around what is new, red where something vanished.
        QImage image(600, 200, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        scene.render(&painter, QRectF(0, 0, 600, 200), QRectF(-50, -100, 600, 200));
        painter.end();
        QVERIFY(countColour(image, DiffOverlayItem::addedColor()) > 10);
        QVERIFY(countColour(image, DiffOverlayItem::removedColor()) > 10);

        // After a refresh that moves pg, its mark follows.
        now.positions.insert(svc("pg"), QPointF(400, 300));
        scene.setSnapshot(now.topology, now.scores, now.positions);
        overlay->geometryChanged();
        QVERIFY(overlay->boundingRect().contains(scene.nodeItem(svc("pg"))->pos()));
    }

    void listsSortsAndExports()
    {
        const Side before = side("web>cart cart>redis", 90);
        const Side now = side("web>cart cart>pg", 30);
        SnapshotDiffDialog dialog;
        dialog.setDiff(SnapshotDiff::compare(
            {before.topology.get(), before.scores.get(), nullptr, "before.json", 0},
            {now.topology.get(), now.scores.get(), nullptr, "now", 0}));
        QVERIFY2(dialog.summary().contains("1 service(s) added"), qPrintable(dialog.summary()));
        QVERIFY(dialog.summary().contains("1 removed"));
        QVERIFY(dialog.windowTitle().contains("before.json"));
        QTableView *table = dialog.table();
        QCOMPARE(table->model()->rowCount(), 3); // cart changed, pg added, redis removed
        // Sorted by change, ascending: the two without a change first, then cart's -60.
        QCOMPARE(table->model()->index(2, core::ScoreChangeModel::ChangeColumn).data().toString(),
                 "-60");
        QSignalSpy activated(&dialog, &SnapshotDiffDialog::serviceActivated);
        Q_EMIT table->doubleClicked(table->model()->index(2, 0));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.front().front().value<NodeId>(), svc("cart"));

        QTemporaryDir dir;
        QVERIFY(dialog.exportTo(dir.filePath("c.csv")));
        QFile csv(dir.filePath("c.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().contains("service,c1/shop/redis,redis,shop,removed"));
        const Result<void> bad = dialog.exportTo(dir.filePath("c.txt"));
        QVERIFY(!bad && bad.error().contains("c.txt"));
    }
};

QTEST_MAIN(TestSnapshotDiffDialog)
#include "tst_snapshotdiffdialog.moc"
