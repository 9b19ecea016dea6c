// TopologyScene, the label priority (split from topologyscene.cpp by role).

#include "widgets/labellayeritem.h"
#include "widgets/labelplacer.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"

namespace meshscope::widgets {

void TopologyScene::updateLabelOrder()
{
    if (!m_topology || m_itemByIndex.size() != m_topology->nodes().size()) {
        m_labelOrder.clear();
        m_labelLayer->setNodes({});
        return;
    }
    const auto &nodes = m_topology->nodes();
    const bool scored = m_scores->nodes.size() == nodes.size();
    std::vector<LabelRank> ranks(nodes.size());
    std::vector<int> severity(nodes.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
        const NodeItem *item = m_itemByIndex[i];
        const core::HealthBand band =
            m_bands.bandOf(scored ? m_scores->nodes[i].score : core::kNaN);
        severity[i] = band == core::HealthBand::Failing    ? 2
                      : band == core::HealthBand::Degraded ? 1
                                                           : 0;
        LabelRank &r = ranks[i];
        r.selected = item->isMarkedSelected();
        r.dimmed = item->isDimmed();
        r.severity = severity[i];
        r.traffic = nodes[i].inRate + nodes[i].outRate;
        r.degree = int(m_topology->inEdges(int(i)).size() + m_topology->outEdges(int(i)).size());
    }
    m_labelOrder = LabelPlacer::priorityOrder(ranks);
    std::vector<LabelLayerItem::Entry> entries;
    entries.reserve(m_labelOrder.size());
    for (int i : m_labelOrder)
        entries.push_back({m_itemByIndex[size_t(i)], severity[size_t(i)]});
    m_labelLayer->setNodes(std::move(entries));
}

} // namespace meshscope::widgets
