#include "core/session/refreshintents.h"

namespace meshscope::core {

void RefreshIntents::relayout()
{
    m_relayout = true;
    m_restored.reset();
}

void RefreshIntents::restore(SavedLayout layout)
{
    m_restored = std::move(layout);
    m_relayout = false;
}

void RefreshIntents::merge(const RefreshIntents &newer)
{
    if (newer.m_restored)
        restore(*newer.m_restored);
    if (newer.m_relayout)
        relayout();
    m_fit = m_fit || newer.m_fit;
}

RefreshRequest RefreshIntents::apply(Positions current, NodeIdSet pinned, LayoutMode mode,
                                     quint64 seed) const
{
    RefreshRequest request;
    request.mode = mode;
    request.seed = seed;
    request.pinned = std::move(pinned);
    request.fromScratch = m_relayout;
    // From scratch, the force layout ignores where nodes are; the layered one keeps its order.
    if (!m_relayout || mode == LayoutMode::Layered)
        request.previous = std::move(current);
    if (m_restored && mode == LayoutMode::Force) {
        request.previous = m_restored->positions;
        request.pinned = m_restored->pinned;
        request.fromScratch = false;
    }
    return request;
}

} // namespace meshscope::core
