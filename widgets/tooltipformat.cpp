#include "widgets/tooltipformat.h"

#include "widgets/metricformat.h"
#include "widgets/reasonformat.h"

#include <cmath>

namespace meshscope::widgets {

namespace {

// Scores and factors as shown everywhere (core::shownScore), the band decided on that number
// with the active bands, so the tooltip agrees with the colour beneath it.
QString verdictLines(const core::HealthVerdict &v, const core::HealthSettings::Bands &bands)
{
    QString text =
        TooltipFormat::tr("Score <b>%1</b> (%2)")
            .arg(MetricFormat::score(v.score), ReasonFormat::band(bands.bandOf(v.score)));
    text +=
        QStringLiteral("<br/>") +
        TooltipFormat::tr("connectivity %1 \u00b7 stability %2 \u00b7 protocol %3")
            .arg(MetricFormat::score(v.factors.connectivity),
                 MetricFormat::score(v.factors.stability), MetricFormat::score(v.factors.protocol));
    if (!std::isnan(v.score)) {
        const QString reason = ReasonFormat::text(v.reason);
        text += QStringLiteral("<br/>") +
                (reason.isEmpty()
                     ? TooltipFormat::tr("driven by %1").arg(ReasonFormat::factor(v.driver))
                     : TooltipFormat::tr("driven by %1: %2")
                           .arg(ReasonFormat::factor(v.driver), reason.toHtmlEscaped()));
    }
    if (v.lowConfidence)
        text +=
            QStringLiteral("<br/>") +
            TooltipFormat::tr("<i>low confidence: too few requests to judge the error rate</i>");
    return text;
}

QString trafficLine(double rps, double errorRatio, double p95Ms)
{
    return TooltipFormat::tr("%1 \u00b7 errors %2 \u00b7 p95 %3")
        .arg(MetricFormat::rate(rps), MetricFormat::percent(errorRatio),
             MetricFormat::latency(p95Ms));
}

} // namespace

QString TooltipFormat::node(const core::TopologyNode &node, const core::HealthVerdict &v,
                            const core::HealthSettings::Bands &bands)
{
    QString text =
        tr("<b>%1</b><br/>namespace %2 \u00b7 %3")
            .arg(node.name.toHtmlEscaped(), node.ns.toHtmlEscaped(), MetricFormat::kind(node.kind));
    if (node.idle)
        text += tr(" \u00b7 idle");
    text += QStringLiteral("<br/>") + verdictLines(v, bands);
    const double rps = node.kind == core::NodeKind::Gateway ? node.outRate : node.inRate;
    text += QStringLiteral("<br/>") + trafficLine(rps, node.errorRatio, node.p95Ms);
    if (node.replicasDesired >= 0)
        text += QStringLiteral("<br/>") +
                tr("replicas %1/%2 ready").arg(node.replicasReady).arg(node.replicasDesired);
    return text;
}

QString TooltipFormat::edge(const core::Topology &topology, int edgeIndex,
                            const core::HealthVerdict &v, const core::HealthSettings::Bands &bands)
{
    const core::TopologyEdge &e = topology.edges()[size_t(edgeIndex)];
    const auto &nodes = topology.nodes();
    QString text = tr("<b>%1 \u2192 %2</b> (%3)")
                       .arg(nodes[size_t(e.source)].name.toHtmlEscaped(),
                            nodes[size_t(e.target)].name.toHtmlEscaped(),
                            MetricFormat::protocol(e.metrics.protocol));
    text += QStringLiteral("<br/>") + verdictLines(v, bands);
    text += QStringLiteral("<br/>") +
            trafficLine(e.metrics.requestRate, e.metrics.errorRatio(), e.metrics.latency.p95Ms);
    if (!std::isnan(v.dependencyStrength))
        text += QStringLiteral("<br/>") + tr("dependency strength %1 of %2's calls")
                                              .arg(MetricFormat::percent(v.dependencyStrength),
                                                   nodes[size_t(e.source)].name.toHtmlEscaped());
    if (!std::isnan(e.metrics.mtlsShare))
        text +=
            QStringLiteral("<br/>") + tr("mTLS %1").arg(MetricFormat::percent(e.metrics.mtlsShare));
    return text;
}

} // namespace meshscope::widgets
