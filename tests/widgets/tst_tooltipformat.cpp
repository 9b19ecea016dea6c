#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/tooltipformat.h"

#include <QTest>

using namespace meshscope::core;
using meshscope::testing::sampleFromCalls;
using meshscope::testing::svc;
using meshscope::widgets::TooltipFormat;

// The hover texts say how much to trust a verdict (issue 7 item 6): low confidence on little
// traffic, and how much of its caller's calls an edge carries.
class TestTooltipFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void edgeShowsStrengthAndConfidence()
    {
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(sampleFromCalls(QStringLiteral("web>api"), 0.5, 20.0));
        HealthVerdict v;
        v.score = 80.0;
        v.band = HealthBand::Healthy;
        v.reason.code = ReasonCode::WithinTolerance;
        v.dependencyStrength = 0.25;
        v.lowConfidence = true;
        const int e = t->edgeIndex(svc("web"), svc("api"));
        const QString text = TooltipFormat::edge(*t, e, v, HealthSettings::Bands{});
        QVERIFY2(text.contains(QStringLiteral("dependency strength 25.0 % of web's calls")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("low confidence")), qPrintable(text));

        v.lowConfidence = false;
        v.dependencyStrength = kNaN;
        const QString plain = TooltipFormat::edge(*t, e, v, HealthSettings::Bands{});
        QVERIFY(!plain.contains(QStringLiteral("low confidence")));
        QVERIFY(!plain.contains(QStringLiteral("dependency strength")));
    }

    void nodeShowsLowConfidence()
    {
        TopologyBuilder builder;
        const TopologyPtr t = builder.build(sampleFromCalls(QStringLiteral("web>api"), 0.5, 20.0));
        HealthVerdict v;
        v.score = 74.0;
        v.band = HealthBand::Degraded;
        v.lowConfidence = true;
        v.reason.code = ReasonCode::ErrorTolerance;
        v.reason.value = 10.0;
        v.reason.bound = 3.5;
        v.reason.threshold = 0.0;
        v.reason.level = HealthBand::Degraded;
        v.reason.direction = Direction::Inbound;
        v.reason.peer = svc("web");
        const QString text = TooltipFormat::node(t->nodes()[size_t(t->nodeIndex(svc("api")))], v,
                                                 HealthSettings::Bands{});
        QVERIFY2(text.contains(QStringLiteral("low confidence")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("on calls from web")), qPrintable(text));
    }
};

QTEST_MAIN(TestTooltipFormat)
#include "tst_tooltipformat.moc"
