#include "core/layout/grouplayout.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/meshfixtures.h"
#include "tests/common/samplebuilder.h"

#include <QLineF>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

struct Disc
{
    QPointF centre;
    double radius = 0.0;
};

// Each group's centre and the distance of its farthest member.
std::vector<Disc> discsOf(const Topology &t, const GroupAssignment &groups, const Positions &p)
{
    std::vector<Disc> out(size_t(groups.groupCount()));
    for (int g = 0; g < groups.groupCount(); ++g) {
        for (int v : groups.members[size_t(g)])
            out[size_t(g)].centre += p.value(t.nodes()[size_t(v)].id);
        out[size_t(g)].centre /= double(groups.members[size_t(g)].size());
        for (int v : groups.members[size_t(g)])
            out[size_t(g)].radius =
                std::max(out[size_t(g)].radius,
                         QLineF(out[size_t(g)].centre, p.value(t.nodes()[size_t(v)].id)).length());
    }
    return out;
}

LayoutOptions grouped()
{
    LayoutOptions options;
    options.grouping = GroupingKey{};
    return options;
}

} // namespace

class TestGroupLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // generated:600 draws its mid-tier services' namespaces at random, so a plain force layout
    // mixes them; the grouped one must not.
    void membersOfAGroupStayTogether()
    {
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(testing::flatSample(generateLayeredMesh(600, 7), 1.0));
        const Positions p = LayoutEngine::layout(*t, {}, {}, LayoutMode::Force, true, grouped());
        QCOMPARE(p.size(), t->nodeCount());
        const GroupAssignment groups = Grouping::assign(*t, {});
        QVERIFY(groups.groupCount() >= 10);
        const std::vector<Disc> discs = discsOf(*t, groups, p);
        // No service lies inside another group's disc.
        int intruders = 0;
        for (int v = 0; v < t->nodeCount(); ++v) {
            const QPointF at = p.value(t->nodes()[size_t(v)].id);
            for (int g = 0; g < groups.groupCount(); ++g) {
                if (g != groups.groupOf[size_t(v)] &&
                    QLineF(at, discs[size_t(g)].centre).length() < discs[size_t(g)].radius)
                    ++intruders;
            }
        }
        QCOMPARE(intruders, 0);
        // The same seed gives the same drawing.
        QCOMPARE(LayoutEngine::layout(*t, {}, {}, LayoutMode::Force, true, grouped()), p);
    }

    // A refresh that adds a service: nothing known moves (bound: 0 units), and the newcomer
    // lands within its own group.
    void aNewServiceSettlesInItsGroupAndNothingElseMoves()
    {
        const MeshSpec spec = generateLayeredMesh(300, 3);
        TelemetrySample sample = testing::flatSample(spec, 1.0);
        TopologyBuilder before;
        const TopologyPtr t0 = before.build(sample);
        const Positions p0 = LayoutEngine::layout(*t0, {}, {}, LayoutMode::Force, true, grouped());

        const NodeId caller = t0->nodes()[size_t(t0->nodeCount() / 2)].id;
        const NodeId newcomer(caller.cluster(), caller.ns(), QStringLiteral("brand-new"));
        sample.edges.push_back(testing::edgeSample(caller, newcomer, 1.0));
        TopologyBuilder after;
        const TopologyPtr t1 = after.build(sample);
        const Positions p1 = LayoutEngine::layout(*t1, p0, {}, LayoutMode::Force, false, grouped());
        double moved = 0.0;
        for (auto it = p0.cbegin(); it != p0.cend(); ++it)
            moved = std::max(moved, QLineF(*it, p1.value(it.key())).length());
        QCOMPARE(moved, 0.0);
        const GroupAssignment groups = Grouping::assign(*t1, {});
        const int g = groups.groupOf[size_t(t1->nodeIndex(newcomer))];
        const Disc disc =
            discsOf(*t0, Grouping::assign(*t0, {}),
                    p0)[size_t(Grouping::assign(*t0, {}).indexOf(groups.names.at(g)))];
        QVERIFY2(QLineF(p1.value(newcomer), disc.centre).length() <=
                     disc.radius + LayoutOptions{}.edgeLength,
                 "the new service is placed away from its group");
    }

    void pinnedNodesKeepTheirPlaceOnARelayout()
    {
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(testing::flatSample(generateLayeredMesh(120, 5), 1.0));
        const NodeId pinned = t->nodes().front().id;
        const Positions p = LayoutEngine::layout(*t, {{pinned, QPointF(-5000, 42)}}, {pinned},
                                                 LayoutMode::Force, true, grouped());
        QCOMPARE(p.value(pinned), QPointF(-5000, 42));
    }
};

QTEST_GUILESS_MAIN(TestGroupLayout)
#include "tst_grouplayout.moc"
