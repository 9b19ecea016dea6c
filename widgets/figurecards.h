#pragma once

// The current figures of the details panel's selection, two cards per row: request rate,
// errors, p95 and replicas for a service; rate, errors, p95 and mTLS share for a call.

#include "core/topology/topology.h"

#include <QWidget>

namespace meshscope::widgets {

class MetricCard;

class FigureCards : public QWidget
{
    Q_OBJECT
public:
    explicit FigureCards(QWidget *parent = nullptr);

    void showNode(const core::TopologyNode *node); // null: the service is not in the snapshot
    void showEdge(const core::TopologyEdge *edge);

private:
    MetricCard *m_rateCard = nullptr;
    MetricCard *m_errorCard = nullptr;
    MetricCard *m_p95Card = nullptr;
    MetricCard *m_replicasCard = nullptr;
    MetricCard *m_mtlsCard = nullptr;
};

} // namespace meshscope::widgets
