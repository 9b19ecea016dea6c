#pragma once

// Puts a snapshot on the TopologyScene with its groups: collapsed groups become one node each
// (core::GroupedView), every group gets a GroupItem (an outlined area with its name, or a halo
// behind its node). Holds the user's expand/collapse state across refreshes, picks the opening
// state of a large mesh (collapsed except the groups holding unhealthy services), and keeps the
// full positions the next layout starts from, also of services hidden in a collapsed group.
// Lives on the GUI thread.

#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/groupedview.h"
#include "core/topology/grouping.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace meshscope::widgets {

class GroupItem;
class TopologyScene;

class GroupPresenter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultThreshold = 300; // services above which a mesh opens collapsed

    explicit GroupPresenter(TopologyScene *scene, QObject *parent = nullptr);
    ~GroupPresenter() override;

    // std::nullopt: no groups (nothing collapsed, no group areas).
    void setGrouping(std::optional<core::GroupingKey> key);
    const std::optional<core::GroupingKey> &grouping() const { return m_key; }
    void setThreshold(int services) { m_threshold = services; }
    int threshold() const { return m_threshold; }
    // The "only unhealthy" filter: groups without an unhealthy service are shown collapsed
    // (unless the user expands one), instead of a hairball of dimmed services.
    void setCollapseHealthy(bool on);

    // A new source: the next snapshot chooses the opening state again.
    void resetState();
    // `positions` are of the full snapshot (what the layout produced).
    void setSnapshot(core::TopologyPtr topology, std::shared_ptr<const core::HealthScores> scores,
                     const core::Positions &positions);

    void expand(const QString &group);
    void collapse(const QString &group);
    void expandAll();
    void collapseAll();
    // The group a shown node belongs to (a member, or the node of a collapsed group); empty when
    // there are no groups or the node is unknown.
    QString groupOf(const core::NodeId &shownNode) const;
    // Expands the group hiding `node` (a service of the full snapshot), so it can be selected.
    void reveal(const core::NodeId &node);

    bool isCollapsed(const QString &group) const;
    QSet<QString> collapsedGroups() const; // as shown now (the user's and the filter's)
    const core::GroupAssignment &groups() const { return m_groups; }
    const core::GroupedGraph &shown() const { return m_shown; }
    // The group's area (outline or disc) and its title.
    GroupItem *groupItem(const QString &group) const { return m_areas.value(group, nullptr); }
    GroupItem *titleItem(const QString &group) const { return m_titles.value(group, nullptr); }
    int groupItemCount() const { return int(m_areas.size()); }

    // Where every service of the full snapshot is: the layout's positions, with what the user
    // dragged since (a dragged group moves its members along). What the next layout starts from.
    core::Positions positions() const;

Q_SIGNALS:
    // The scene shows another grouped graph (after a snapshot, an expand or a collapse).
    void presented();

private:
    void present();
    void updateAreas();
    void onNodeMoved(const core::NodeId &id, const QPointF &pos);
    QSet<QString> effectiveCollapsed() const;

    TopologyScene *m_scene = nullptr;
    std::optional<core::GroupingKey> m_key = core::GroupingKey{};
    int m_threshold = kDefaultThreshold;
    bool m_collapseHealthy = false;
    bool m_chooseOpening = true;
    core::TopologyPtr m_topology;
    std::shared_ptr<const core::HealthScores> m_scores;
    core::Positions m_positions; // of the full snapshot
    core::GroupAssignment m_groups;
    core::GroupedGraph m_shown;
    QSet<QString> m_collapsed;  // the user's choice
    QSet<QString> m_openedHere; // expanded by the user while the filter collapses healthy ones
    QHash<QString, GroupItem *> m_areas;
    QHash<QString, GroupItem *> m_titles;
};

} // namespace meshscope::widgets
