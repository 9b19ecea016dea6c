#include "widgets/grouppresenter.h"

#include "widgets/groupitem.h"
#include "widgets/healthpalette.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/viewtypes.h"

#include <algorithm>
#include <tuple>

namespace meshscope::widgets {

namespace {

// Room around the members' centres: the node itself and its label below it.
constexpr double kAreaPadding = 3.0 * kNodeRadius;
constexpr double kTitlePixels = 13.0; // on screen, at every zoom

} // namespace

GroupPresenter::GroupPresenter(TopologyScene *scene, QObject *parent)
    : QObject(parent), m_scene(scene)
{
    connect(scene, &TopologyScene::nodeActivated, this, [this](const core::NodeId &id) {
        if (core::GroupedView::isGroupNode(id))
            expand(core::GroupedView::groupOf(id));
    });
    connect(scene, &TopologyScene::nodeMoved, this, &GroupPresenter::onNodeMoved);
}

GroupPresenter::~GroupPresenter() = default;

void GroupPresenter::setGrouping(std::optional<core::GroupingKey> key)
{
    if (key == m_key)
        return;
    m_key = std::move(key);
    m_collapsed.clear();
    m_openedHere.clear();
    m_chooseOpening = true; // other names, other groups: open them as a new mesh would
    present();
}

void GroupPresenter::setCollapseHealthy(bool on)
{
    if (on == m_collapseHealthy)
        return;
    m_collapseHealthy = on;
    m_openedHere.clear();
    present();
}

void GroupPresenter::resetState()
{
    m_collapsed.clear();
    m_openedHere.clear();
    m_chooseOpening = true;
    m_topology.reset();
    m_positions.clear();
}

void GroupPresenter::setSnapshot(core::TopologyPtr topology,
                                 std::shared_ptr<const core::HealthScores> scores,
                                 const core::Positions &positions)
{
    m_topology = topology ? std::move(topology) : std::make_shared<const core::Topology>();
    m_scores = scores ? std::move(scores) : std::make_shared<const core::HealthScores>();
    m_positions = positions;
    present();
}

QSet<QString> GroupPresenter::effectiveCollapsed() const
{
    QSet<QString> out = m_collapsed;
    if (m_collapseHealthy && m_scores) {
        QSet<QString> healthy(m_groups.names.cbegin(), m_groups.names.cend());
        healthy.subtract(core::GroupedView::unhealthyGroups(m_groups, *m_scores));
        out.unite(healthy.subtract(m_openedHere));
    }
    return out;
}

QSet<QString> GroupPresenter::collapsedGroups() const
{
    QSet<QString> out;
    for (const int g : std::as_const(m_shown.collapsedGroups))
        out.insert(m_groups.names.at(g));
    return out;
}

bool GroupPresenter::isCollapsed(const QString &group) const
{
    return m_shown.collapsedGroups.contains(core::GroupedView::groupNodeId(group));
}

void GroupPresenter::expand(const QString &group)
{
    if (!isCollapsed(group))
        return;
    m_collapsed.remove(group);
    m_openedHere.insert(group);
    present();
}

void GroupPresenter::collapse(const QString &group)
{
    if (group.isEmpty() || !m_groups.names.contains(group) || isCollapsed(group))
        return;
    m_collapsed.insert(group);
    m_openedHere.remove(group);
    present();
}

void GroupPresenter::expandAll()
{
    m_collapsed.clear();
    m_openedHere = QSet<QString>(m_groups.names.cbegin(), m_groups.names.cend());
    present();
}

void GroupPresenter::collapseAll()
{
    m_collapsed = QSet<QString>(m_groups.names.cbegin(), m_groups.names.cend());
    m_openedHere.clear();
    present();
}

QString GroupPresenter::groupOf(const core::NodeId &shownNode) const
{
    if (!m_key || !m_topology)
        return {};
    if (core::GroupedView::isGroupNode(shownNode))
        return core::GroupedView::groupOf(shownNode);
    const int i = m_topology->nodeIndex(shownNode);
    return i >= 0 && size_t(i) < m_groups.groupOf.size()
               ? m_groups.names.at(m_groups.groupOf[size_t(i)])
               : QString();
}

void GroupPresenter::reveal(const core::NodeId &node)
{
    if (core::GroupedView::isGroupNode(node))
        return;
    const QString group = groupOf(node);
    if (!group.isEmpty())
        expand(group);
}

core::Positions GroupPresenter::positions() const
{
    core::Positions out = m_positions;
    const core::Positions shown = m_scene->positions();
    for (auto it = shown.cbegin(); it != shown.cend(); ++it) {
        if (!core::GroupedView::isGroupNode(it.key()))
            out.insert(it.key(), it.value());
    }
    return out;
}

void GroupPresenter::onNodeMoved(const core::NodeId &id, const QPointF &pos)
{
    if (!m_topology)
        return;
    const auto group = m_shown.collapsedGroups.constFind(id);
    if (group == m_shown.collapsedGroups.constEnd()) {
        m_positions.insert(id, pos);
    } else {
        // A collapsed group dragged: its members move along, so it expands where it was put.
        const core::Positions before =
            core::GroupedView::positions(m_shown, m_groups, *m_topology, m_positions);
        const QPointF delta = pos - before.value(id, pos);
        for (int member : m_groups.members[size_t(*group)]) {
            const core::NodeId &memberId = m_topology->nodes()[size_t(member)].id;
            const auto p = m_positions.find(memberId);
            if (p != m_positions.end())
                *p += delta;
        }
    }
    updateAreas();
}

void GroupPresenter::present()
{
    if (!m_topology)
        return;
    m_groups = m_key ? core::Grouping::assign(*m_topology, *m_key) : core::GroupAssignment{};
    if (m_chooseOpening && m_key) {
        m_collapsed = core::GroupedView::defaultCollapsed(m_groups, *m_scores,
                                                          m_topology->nodeCount(), m_threshold);
        m_chooseOpening = false;
    }
    m_shown = core::GroupedView::build(m_topology, m_scores, m_groups, effectiveCollapsed());
    m_scene->setSnapshot(m_shown.topology, m_shown.scores,
                         core::GroupedView::positions(m_shown, m_groups, *m_topology, m_positions));

    QHash<QString, GroupItem *> areas, titles;
    for (int g = 0; g < m_groups.groupCount(); ++g) {
        const QString &name = m_groups.names.at(g);
        const int members = int(m_groups.members[size_t(g)].size());
        for (auto [from, to, layer] : {std::tuple{&m_areas, &areas, GroupItem::Layer::Area},
                                       std::tuple{&m_titles, &titles, GroupItem::Layer::Title}}) {
            GroupItem *item = from->take(name);
            if (item == nullptr) {
                item = new GroupItem(name, members, layer);
                m_scene->addItem(item);
            }
            item->setMemberCount(members);
            to->insert(name, item);
        }
    }
    qDeleteAll(m_areas); // groups that vanished
    qDeleteAll(m_titles);
    m_areas = std::move(areas);
    m_titles = std::move(titles);
    updateAreas();
    Q_EMIT presented();
}

void GroupPresenter::updateAreas()
{
    const bool scored = m_scores && m_scores->nodes.size() == size_t(m_topology->nodeCount());
    for (int g = 0; g < m_groups.groupCount(); ++g) {
        const QString &name = m_groups.names.at(g);
        core::HealthVerdict worst;
        QRectF shown;  // the members drawn now
        QRectF extent; // where the members are laid out, drawn or not
        for (int member : m_groups.members[size_t(g)]) {
            const core::NodeId &id = m_topology->nodes()[size_t(member)].id;
            if (scored && core::GroupedView::isWorse(m_scores->nodes[size_t(member)], worst))
                worst = m_scores->nodes[size_t(member)];
            if (const NodeItem *node = m_scene->nodeItem(id))
                shown |= QRectF(node->pos(), QSizeF(0.001, 0.001));
            const auto p = m_positions.constFind(id);
            if (p != m_positions.constEnd())
                extent |= QRectF(*p, QSizeF(0.001, 0.001));
        }
        const double size = std::max(extent.width(), extent.height());
        QRectF area;
        bool collapsed = false;
        if (const NodeItem *node = m_scene->nodeItem(core::GroupedView::groupNodeId(name))) {
            // A disc that keeps some of the group's weight in the picture.
            const double r = std::max(kNodeRadius + 10.0, 0.3 * size);
            area = QRectF(node->pos() - QPointF(r, r), QSizeF(2 * r, 2 * r));
            collapsed = true;
        } else {
            area = shown.adjusted(-kAreaPadding, -kAreaPadding, kAreaPadding, kAreaPadding);
        }
        const QColor accent = HealthPalette::colorForBand(worst.band);
        for (GroupItem *item : {m_areas.value(name), m_titles.value(name)}) {
            item->setAccent(accent);
            item->setArea(area, collapsed, kTitlePixels);
        }
    }
}

} // namespace meshscope::widgets
