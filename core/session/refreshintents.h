#pragma once

#include "core/layout/layoutfile.h"
#include "core/session/refreshengine.h"

#include <QMetaType>

#include <optional>

namespace meshscope::core {

// One-shot wishes of the user that the next refresh must honour: lay out from scratch, start
// from a restored layout, fit the view. Merged, never overwritten: a plain "Refresh now" adds
// nothing and so removes nothing.
class RefreshIntents
{
public:
    // The latest layout wish wins: a re-layout after a restore drops the restored positions,
    // a restore after a re-layout is laid out from the restored positions.
    void relayout();
    void restore(SavedLayout layout);
    void fit() { m_fit = true; }
    void merge(const RefreshIntents &newer);
    void clear() { *this = RefreshIntents{}; }

    bool isEmpty() const { return !m_relayout && !m_restored && !m_fit; }
    bool relayoutRequested() const { return m_relayout; }
    bool fitRequested() const { return m_fit; }
    const std::optional<SavedLayout> &restored() const { return m_restored; }

    // The request for the next refresh, from the view's current positions and pins and these
    // intents. A restored layout only applies to the force layout (layered is computed).
    RefreshRequest apply(Positions current, NodeIdSet pinned, LayoutMode mode, quint64 seed) const;

private:
    bool m_relayout = false;
    bool m_fit = false;
    std::optional<SavedLayout> m_restored;
};

} // namespace meshscope::core

Q_DECLARE_METATYPE(meshscope::core::RefreshIntents)
