#include "widgets/detailspanel.h"

#include "core/models/dependencylistmodel.h"

#include "widgets/figurecards.h"
#include "widgets/healthhistoryview.h"
#include "widgets/metricformat.h"
#include "widgets/verdictheader.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QListView>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

constexpr int kMaxVisibleDependencies = 6; // rows a dependency list shows before it scrolls

QLabel *makeLabel(const QString &objectName, QWidget *parent, bool wrap = false)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(wrap);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void setText(QLabel *label, const QString &text)
{
    if (label->text() != text) // setText relayouts even when nothing changed
        label->setText(text);
}

QString services(int n)
{
    return n == 1 ? DetailsPanel::tr("1 service") : DetailsPanel::tr("%1 services").arg(n);
}

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    auto *hint = makeLabel(QStringLiteral("hintLabel"), m_stack, true);
    hint->setText(tr("Select a service or a call to see why it has its colour."));
    hint->setAlignment(Qt::AlignCenter);
    hint->setMargin(16);
    hint->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(hint);

    auto *scroll = new QScrollArea(m_stack);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    scroll->setWidget(content);
    m_stack->addWidget(scroll);

    // Header: who, and the verdict with its reason.
    m_header = new VerdictHeader(content);
    layout->addWidget(m_header);
    m_status = makeLabel(QStringLiteral("statusLabel"), content, true);
    m_status->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4d6; border: 1px solid #e8c36a; "
                       "border-radius: 3px; padding: 3px; }"));
    m_status->hide();
    layout->addWidget(m_status);

    m_figures = new FigureCards(content);
    layout->addWidget(m_figures);

    m_history = new HealthHistoryView(content);
    layout->addWidget(m_history);

    // Structure: what the graph's shape says about this service.
    auto *structureTitle = new QLabel(tr("Structure"), content);
    QFont bold = structureTitle->font();
    bold.setBold(true);
    structureTitle->setFont(bold);
    layout->addWidget(structureTitle);
    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft);
    form->setHorizontalSpacing(8);
    form->setVerticalSpacing(3);
    m_spofCaption = new QLabel(tr("Single point of failure"), content);
    m_spof = makeLabel(QStringLiteral("spofValue"), content, true);
    form->addRow(m_spofCaption, m_spof);
    m_betweennessCaption = new QLabel(tr("Centrality"), content);
    m_betweennessCaption->setToolTip(
        tr("Betweenness: the share of shortest call paths between other "
           "services that pass through this one"));
    m_betweenness = makeLabel(QStringLiteral("betweennessValue"), content, true);
    form->addRow(m_betweennessCaption, m_betweenness);
    setupDependencyLists(form, content);
    layout->addLayout(form);
    layout->addStretch(1);
    m_sections = layout;

    m_stack->setCurrentIndex(0);
}

DetailsPanel::~DetailsPanel() = default;

QWidget *DetailsPanel::addSection(const QString &title, QWidget *content)
{
    auto *section = new QWidget(m_sections->parentWidget());
    auto *column = new QVBoxLayout(section);
    column->setContentsMargins(0, 4, 0, 0);
    column->setSpacing(3);
    auto *caption = new QLabel(title, section);
    QFont bold = caption->font();
    bold.setBold(true);
    caption->setFont(bold);
    column->addWidget(caption);
    content->setParent(section);
    column->addWidget(content);
    // Below the figures, above the history: what fires and what failed is read first.
    m_sections->insertWidget(m_sections->indexOf(m_history), section);
    return section;
}

// "Hurt if it degrades" and "Depends on": a count, then every service as a list that scrolls
// past a few rows; a click (or Enter) selects the service.
void DetailsPanel::setupDependencyLists(QFormLayout *form, QWidget *content)
{
    using Direction = core::DependencyListModel::Direction;
    const auto addList = [&](Direction direction, const QString &name, const QString &caption,
                             const QString &toolTip, QLabel *&count, QListView *&list,
                             core::DependencyListModel *&model) {
        auto *box = new QWidget(content);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(0, 0, 0, 0);
        boxLayout->setSpacing(2);
        count = makeLabel(name + QStringLiteral("Value"), box, true);
        boxLayout->addWidget(count);
        model = new core::DependencyListModel(direction, this);
        list = new QListView(box);
        list->setObjectName(name + QStringLiteral("List"));
        list->setModel(model);
        list->setUniformItemSizes(true);
        list->setEditTriggers(QAbstractItemView::NoEditTriggers);
        list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        list->setCursor(Qt::PointingHandCursor);
        list->hide();
        boxLayout->addWidget(list);
        const auto activate = [this](const QModelIndex &index) {
            const auto node =
                index.data(core::DependencyListModel::NodeIdRole).value<core::NodeId>();
            if (node.isValid())
                Q_EMIT serviceActivated(node);
        };
        connect(list, &QAbstractItemView::activated, this, activate);
        if (!list->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, list))
            connect(list, &QAbstractItemView::clicked, this, activate);
        auto *label = new QLabel(caption, content);
        label->setToolTip(toolTip);
        form->addRow(label, box);
    };
    addList(Direction::Upstream, QStringLiteral("upstream"), tr("Hurt if it degrades"),
            tr("Services that call this one directly or through others; direct callers first"),
            m_upstream, m_upstreamList, m_upstreamModel);
    addList(Direction::Downstream, QStringLiteral("downstream"), tr("Depends on"),
            tr("Services this one calls directly or through others; direct callees first"),
            m_downstream, m_downstreamList, m_downstreamModel);
}

void DetailsPanel::fitDependencyLists()
{
    for (QListView *list : {m_upstreamList, m_downstreamList}) {
        const int rows = list->model()->rowCount();
        list->setVisible(rows > 0);
        if (rows == 0)
            continue;
        const int rowHeight = std::max(list->sizeHintForRow(0), list->fontMetrics().height());
        list->setFixedHeight(std::min(rows, kMaxVisibleDependencies) * rowHeight +
                             2 * list->frameWidth());
    }
}

void DetailsPanel::setData(core::TopologyPtr topology,
                           std::shared_ptr<const core::HealthScores> scores,
                           const core::HistoryStore *history,
                           std::shared_ptr<const core::GraphFacts> facts)
{
    m_topology = std::move(topology);
    m_scores = scores ? std::move(scores) : std::make_shared<const core::HealthScores>();
    m_historyStore = history;
    if (facts)
        m_facts = std::move(facts);
    refresh();
}

void DetailsPanel::showNode(const core::NodeId &node)
{
    if (m_selection != Selection::Node || m_node != node)
        m_lastNode.reset();
    m_selection = Selection::Node;
    m_node = node;
    m_target = {};
    refresh();
}

void DetailsPanel::showEdge(const core::NodeId &source, const core::NodeId &target)
{
    m_selection = Selection::Edge;
    m_node = source;
    m_target = target;
    m_lastNode.reset();
    refresh();
}

void DetailsPanel::clear()
{
    m_selection = Selection::None;
    m_node = {};
    m_target = {};
    m_lastNode.reset();
    refresh();
}

void DetailsPanel::setHealthSettings(const core::HealthSettings &settings)
{
    if (settings.bands == m_bands)
        return;
    m_bands = settings.bands;
    m_header->setBands(m_bands);
    m_history->setBands(m_bands);
    refresh();
}

bool DetailsPanel::factsUsable() const
{
    return m_topology && m_facts && m_facts->generation == m_topology->generation() &&
           m_facts->articulationPoint.size() == size_t(m_topology->nodeCount()) &&
           m_facts->betweenness.size() == size_t(m_topology->nodeCount()) &&
           m_facts->bridge.size() == size_t(m_topology->edgeCount());
}

QString DetailsPanel::nodeLabel(const core::NodeId &id) const
{
    // The namespace only where it differs from the selection's, to keep lines short.
    return id.ns() == m_node.ns() ? id.name() : id.ns() + QLatin1Char('/') + id.name();
}

void DetailsPanel::refresh()
{
    if (m_selection == Selection::None) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    const core::Topology *topo = m_topology.get();
    // Scores are indexed like the snapshot they were computed for; anything else is not usable.
    const bool scoresUsable = topo && m_scores->generation == topo->generation() &&
                              m_scores->nodes.size() == size_t(topo->nodeCount()) &&
                              m_scores->edges.size() == size_t(topo->edgeCount());
    const qint64 nowMs = topo ? topo->timestampMs() : 0;

    if (m_selection == Selection::Node) {
        const int index = topo ? topo->nodeIndex(m_node) : -1;
        const core::TopologyNode *node = index >= 0 ? &topo->nodes()[size_t(index)] : nullptr;
        if (node)
            m_lastNode = *node;
        const core::TopologyNode *known = node ? node : (m_lastNode ? &*m_lastNode : nullptr);
        QStringList subtitle{m_node.ns(),
                             MetricFormat::kind(known ? known->kind : core::NodeKind::Service)};
        if (known && !known->version.isEmpty())
            subtitle << known->version;
        m_header->show(m_node.name(), subtitle.join(tr(" \u00b7 ")),
                       node && scoresUsable ? &m_scores->nodes[size_t(index)] : nullptr);
        if (!node)
            setText(m_status,
                    tr("Not in the latest refresh: the service sent and received no traffic. "
                       "Its history is kept below."));
        else if (node->idle)
            setText(m_status, tr("Idle: no traffic in the latest refresh."));
        m_status->setVisible(!node || node->idle);
        m_figures->showNode(node);
        showStructure(index, -1);
        if (m_historyStore)
            m_history->setHistory(m_historyStore->nodeSeries(m_node), nowMs);
        else
            m_history->clear();
        return;
    }

    const int index = topo ? topo->edgeIndex(m_node, m_target) : -1;
    const core::TopologyEdge *edge = index >= 0 ? &topo->edges()[size_t(index)] : nullptr;
    QString subtitle =
        edge ? tr("%1 call").arg(MetricFormat::protocol(edge->metrics.protocol)) : tr("call");
    if (m_node.ns() == m_target.ns())
        subtitle = tr("%1 \u00b7 %2").arg(subtitle, m_node.ns());
    m_header->show(tr("%1 \u2192 %2").arg(nodeLabel(m_node), nodeLabel(m_target)), subtitle,
                   edge && scoresUsable ? &m_scores->edges[size_t(index)] : nullptr, m_node.name());
    if (!edge)
        setText(
            m_status,
            tr("Not in the latest refresh: no calls were seen on it. Its history is kept below."));
    m_status->setVisible(!edge);
    m_figures->showEdge(edge);
    showStructure(-1, index);
    if (m_historyStore)
        m_history->setHistory(m_historyStore->edgeSeries(m_node, m_target), nowMs);
    else
        m_history->clear();
}

void DetailsPanel::showStructure(int nodeIndex, int edgeIndex)
{
    const bool facts = factsUsable();
    const bool isEdge = m_selection == Selection::Edge;
    m_betweennessCaption->setVisible(!isEdge);
    m_betweenness->setVisible(!isEdge);
    setText(m_spofCaption, isEdge ? tr("Only link (bridge)") : tr("Single point of failure"));

    // Blast radius from the topology itself (two graph walks: cheap, and exact for this snapshot).
    for (core::DependencyListModel *model : {m_upstreamModel, m_downstreamModel})
        model->setSubject(m_topology, *m_scores, m_node, isEdge ? m_target : core::NodeId());
    fitDependencyLists();

    const bool present = isEdge ? edgeIndex >= 0 : nodeIndex >= 0;
    if (!present) {
        for (QLabel *l : {m_spof, m_betweenness, m_upstream, m_downstream})
            setText(l, MetricFormat::unknown());
        return;
    }

    if (!facts) {
        setText(m_spof, tr("analysing\u2026"));
        setText(m_betweenness, tr("analysing\u2026"));
    } else if (isEdge) {
        setText(m_spof, m_facts->bridge[size_t(edgeIndex)]
                            ? tr("<b>Yes</b> \u2014 the only link between two parts of the graph")
                            : tr("No"));
    } else {
        setText(m_spof, m_facts->articulationPoint[size_t(nodeIndex)]
                            ? tr("<b>Yes</b> \u2014 removing it cuts services off from each other")
                            : tr("No"));
        const std::vector<double> &b = m_facts->betweenness;
        const double value = b[size_t(nodeIndex)];
        if (value <= 0.0) {
            setText(m_betweenness, tr("0 \u2014 on no path between other services"));
        } else {
            const auto above =
                std::count_if(b.begin(), b.end(), [value](double v) { return v > value; });
            const int rank = int(above) + 1;
            const int topPercent = std::max(1, int(std::ceil(100.0 * rank / double(b.size()))));
            const QString number =
                value < 0.001 ? QStringLiteral("<0.001") : QString::number(value, 'f', 3);
            setText(m_betweenness,
                    tr("%1 \u2014 top %2 % (rank %3 of %4)%5")
                        .arg(number)
                        .arg(topPercent)
                        .arg(rank)
                        .arg(b.size())
                        .arg(m_facts->betweennessExact ? QString() : tr(", estimated")));
        }
    }

    const int upstream = m_upstreamModel->rowCount();
    const int downstream = m_downstreamModel->rowCount();
    if (upstream == 0)
        setText(m_upstream, isEdge ? tr("none") : tr("None \u2014 nothing calls it"));
    else
        setText(m_upstream,
                services(upstream) + (isEdge ? tr(": the caller and its callers") : QString()));
    if (downstream == 0)
        setText(m_downstream, tr("None"));
    else
        setText(m_downstream,
                services(downstream) + (isEdge ? tr(": the callee and what it calls") : QString()));
}

} // namespace meshscope::widgets
