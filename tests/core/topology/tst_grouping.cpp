#include "core/topology/grouping.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::edgeSample;
using meshscope::testing::svc;

class TestGrouping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void byNamespaceInOneCluster()
    {
        TelemetrySample s;
        s.edges = {edgeSample(svc("web", "shop"), svc("cart", "shop"), 1),
                   edgeSample(svc("cart", "shop"), svc("redis", "data"), 1)};
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        const GroupAssignment g = Grouping::assign(*t, {});
        QCOMPARE(g.names, (QStringList{"data", "shop"}));
        QCOMPARE(g.names.at(g.groupOf[size_t(t->nodeIndex(svc("redis", "data")))]), "data");
        QCOMPARE(g.members[size_t(g.indexOf("shop"))].size(), size_t(2));
    }

    void clusterPrefixWhenSeveralClusters()
    {
        TelemetrySample s;
        s.edges = {edgeSample(svc("web", "default", "east"), svc("web", "default", "west"), 1)};
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        const GroupAssignment g = Grouping::assign(*t, {});
        QCOMPARE(g.names, (QStringList{"east/default", "west/default"}));
    }

    void byLabelWithUnlabelledFallback()
    {
        TelemetrySample s;
        NodeSample web;
        web.id = svc("web");
        web.labels.insert("app.kubernetes.io/part-of", "storefront");
        NodeSample cart;
        cart.id = svc("cart");
        cart.labels.insert("app.kubernetes.io/part-of", "storefront");
        s.nodes = {web, cart};
        s.edges = {edgeSample(svc("web"), svc("cart"), 1), edgeSample(svc("cart"), svc("db"), 1)};
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(s);
        const GroupingKey key = GroupingKey::fromString("label:app.kubernetes.io/part-of");
        QCOMPARE(key.label, "app.kubernetes.io/part-of");
        QCOMPARE(key.toString(), "label:app.kubernetes.io/part-of");
        const GroupAssignment g = Grouping::assign(*t, key);
        QCOMPARE(g.names, (QStringList{Grouping::unlabelled(), "storefront"}));
        QCOMPARE(g.names.at(g.groupOf[size_t(t->nodeIndex(svc("db")))]), Grouping::unlabelled());
        QVERIFY(GroupingKey::fromString("namespace").byNamespace());
        QVERIFY(GroupingKey::fromString("garbage").byNamespace());
    }
};

QTEST_GUILESS_MAIN(TestGrouping)
#include "tst_grouping.moc"
