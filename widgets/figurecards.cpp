#include "widgets/figurecards.h"

#include "widgets/metriccard.h"
#include "widgets/metricformat.h"

#include <QGridLayout>

namespace meshscope::widgets {

FigureCards::FigureCards(QWidget *parent) : QWidget(parent)
{
    // Current figures, two per row.
    auto *figures = new QGridLayout(this);
    figures->setContentsMargins(0, 0, 0, 0);
    figures->setSpacing(4);
    m_rateCard = new MetricCard(tr("request rate"), QStringLiteral("rateValue"), this);
    m_errorCard =
        new MetricCard(tr("errors (5xx, gRPC, no response)"), QStringLiteral("errorValue"), this);
    m_p95Card = new MetricCard(tr("p95 latency"), QStringLiteral("p95Value"), this);
    m_replicasCard =
        new MetricCard(tr("replicas ready / desired"), QStringLiteral("replicasValue"), this);
    m_mtlsCard = new MetricCard(tr("mTLS share"), QStringLiteral("mtlsValue"), this);
    figures->addWidget(m_rateCard, 0, 0);
    figures->addWidget(m_errorCard, 0, 1);
    figures->addWidget(m_p95Card, 1, 0);
    figures->addWidget(m_replicasCard, 1, 1);
    figures->addWidget(m_mtlsCard, 1, 1);
    figures->setColumnStretch(0, 1);
    figures->setColumnStretch(1, 1);
}

void FigureCards::showNode(const core::TopologyNode *node)
{
    m_replicasCard->setVisible(true);
    m_mtlsCard->setVisible(false);
    // Gateways have no callers inside the mesh: their figures are over outbound calls.
    const bool outbound = node && node->kind == core::NodeKind::Gateway;
    m_rateCard->setCaption(outbound ? tr("outbound request rate") : tr("inbound request rate"));
    m_rateCard->setValue(
        node ? MetricFormat::rate(outbound ? node->outRate : node->inRate)
             : MetricFormat::unknown(),
        node ? tr("in %1, out %2")
                   .arg(MetricFormat::rate(node->inRate), MetricFormat::rate(node->outRate))
             : QString());
    m_errorCard->setValue(node ? MetricFormat::percent(node->errorRatio) : MetricFormat::unknown());
    m_p95Card->setValue(node ? MetricFormat::latency(node->p95Ms) : MetricFormat::unknown(),
                        tr("Request-weighted mean of the inbound calls' p95"));
    m_replicasCard->setValue(
        node ? MetricFormat::replicas(node->replicasReady, node->replicasDesired)
             : MetricFormat::unknown());
}

void FigureCards::showEdge(const core::TopologyEdge *edge)
{
    m_replicasCard->setVisible(false);
    m_mtlsCard->setVisible(true);
    m_rateCard->setCaption(tr("request rate"));
    if (!edge) {
        for (MetricCard *card : {m_rateCard, m_errorCard, m_p95Card, m_mtlsCard})
            card->setValue(MetricFormat::unknown());
        return;
    }
    const core::EdgeSample &m = edge->metrics;
    m_rateCard->setValue(MetricFormat::rate(m.requestRate));
    m_errorCard->setValue(MetricFormat::percent(m.errorRatio()),
                          tr("4xx: %1 (not counted as errors)")
                              .arg(MetricFormat::percent(
                                  m.requestRate > 0.0 ? m.rate4xx / m.requestRate : core::kNaN)));
    m_p95Card->setValue(
        MetricFormat::latency(m.latency.p95Ms),
        tr("p50 %1, p99 %2")
            .arg(MetricFormat::latency(m.latency.p50Ms), MetricFormat::latency(m.latency.p99Ms)));
    m_mtlsCard->setValue(MetricFormat::percent(m.mtlsShare));
}

} // namespace meshscope::widgets
