#include "core/models/scorechangemodel.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::sampleFromCalls;

namespace {

HealthScores scored(const Topology &t, const QHash<QString, double> &scores)
{
    HealthScores out;
    for (const TopologyNode &node : t.nodes()) {
        HealthVerdict v;
        v.score = scores.value(node.name, 95.0);
        v.band = v.score < 75 ? HealthBand::Degraded : HealthBand::Healthy;
        out.nodes.push_back(v);
    }
    return out;
}

} // namespace

class TestScoreChangeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsWhatMovedSortedByChange()
    {
        TopologyBuilder b0, b1;
        const TopologyPtr before = b0.build(sampleFromCalls("web>cart cart>redis web>ads web>api"));
        const TopologyPtr after = b1.build(sampleFromCalls("web>cart cart>pg web>ads web>api"));
        const HealthScores s0 = scored(*before, {{"cart", 90}, {"ads", 60}});
        const HealthScores s1 = scored(*after, {{"cart", 40}, {"ads", 85}});
        ScoreChangeModel model;
        QAbstractItemModelTester tester(&model);
        model.setDiff(SnapshotDiff::compare({before.get(), &s0, nullptr, "b", 0},
                                            {after.get(), &s1, nullptr, "a", 0}));
        // web and api did not move: hidden until asked for.
        QCOMPARE(model.rowCount(), 4); // ads, cart, pg (added), redis (removed)
        model.setShowUnchanged(true);
        QCOMPARE(model.rowCount(), 6);
        model.setShowUnchanged(false);

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ScoreChangeModel::SortRole);
        proxy.sort(ScoreChangeModel::ChangeColumn, Qt::AscendingOrder);
        const auto cell = [&](int row, int column) {
            return proxy.index(row, column).data().toString();
        };
        // Unknown changes (added, removed) first when ascending, then the biggest drop.
        QCOMPARE(cell(2, ScoreChangeModel::ServiceColumn), "cart");
        QCOMPARE(cell(2, ScoreChangeModel::ChangeColumn), "-50");
        QCOMPARE(cell(3, ScoreChangeModel::ServiceColumn), "ads");
        QCOMPARE(cell(3, ScoreChangeModel::ChangeColumn), "+25");
        proxy.sort(ScoreChangeModel::StatusColumn, Qt::AscendingOrder);
        QCOMPARE(cell(3, ScoreChangeModel::StatusColumn), "removed");
        QCOMPARE(cell(3, ScoreChangeModel::BeforeColumn), "95");
        QCOMPARE(cell(3, ScoreChangeModel::AfterColumn), "–");
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestScoreChangeModel)
#include "tst_scorechangemodel.moc"
