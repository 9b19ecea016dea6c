#pragma once

// The details panel beside the graph: for the selected service (node) or call (edge) it says
// why it has its colour — score, band, driving factor and reason — with the current figures,
// the history charts and the structural facts (single point of failure, centrality, blast
// radius). Lives on the GUI thread; setData is called on every refresh and is cheap.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"
#include "core/history/historystore.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topology.h"

#include <QWidget>

#include <optional>
#include <vector>

class QFormLayout;
class QGridLayout;
class QLabel;
class QListView;
class QStackedWidget;
class QVBoxLayout;

namespace meshscope::core {
class DependencyListModel;
}

namespace meshscope::widgets {

class HealthHistoryView;
class FigureCards;
class VerdictHeader;

class DetailsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPanel(QWidget *parent = nullptr);
    ~DetailsPanel() override;

    // Called on every refresh (GUI thread); the panel keeps showing the same selection.
    // `history` is read now and again when the selection changes, so it must stay alive until
    // the next setData() (the application's single store does). `facts` may be null while the
    // analysis runs; facts of another generation than `topology` are ignored.
    void setData(core::TopologyPtr topology, std::shared_ptr<const core::HealthScores> scores,
                 const core::HistoryStore *history, std::shared_ptr<const core::GraphFacts> facts);

    void showNode(const core::NodeId &node);
    void showEdge(const core::NodeId &source, const core::NodeId &target);
    void clear();

    HealthHistoryView *historyView() const { return m_history; }
    // A section of the application's (alerts, traces) below the figures and above the
    // history, in the order added: a bold title over `content`. Returns the section (title and
    // content), which the caller shows or hides; the panel owns it.
    QWidget *addSection(const QString &title, QWidget *content);

public Q_SLOTS:
    // The active health settings: their bands colour the score badge, name the band and shade
    // the history chart. Takes effect at once (e.g. from HealthSettingsWatcher::settingsChanged).
    void setHealthSettings(const meshscope::core::HealthSettings &settings);

Q_SIGNALS:
    // The user clicked a service name in the panel (e.g. an upstream caller).
    void serviceActivated(const meshscope::core::NodeId &node);

private:
    enum class Selection
    {
        None,
        Node,
        Edge
    };

    void refresh();
    void showStructure(int nodeIndex, int edgeIndex);
    void setupDependencyLists(QFormLayout *form, QWidget *content);
    void fitDependencyLists();
    QString nodeLabel(const core::NodeId &id) const;
    bool factsUsable() const;

    Selection m_selection = Selection::None;
    core::NodeId m_node;   // Node: the service; Edge: the source
    core::NodeId m_target; // Edge: the destination

    core::TopologyPtr m_topology;
    std::shared_ptr<const core::HealthScores> m_scores =
        std::make_shared<const core::HealthScores>();
    const core::HistoryStore *m_historyStore = nullptr;
    std::shared_ptr<const core::GraphFacts> m_facts;
    // Last seen description of the selected node, so a vanished service is still named.
    std::optional<core::TopologyNode> m_lastNode;

    QStackedWidget *m_stack = nullptr;
    QVBoxLayout *m_sections = nullptr; // the page's column; sections go before the history
    VerdictHeader *m_header = nullptr;
    QLabel *m_status = nullptr;
    FigureCards *m_figures = nullptr;
    QLabel *m_spofCaption = nullptr;
    QLabel *m_spof = nullptr;
    QLabel *m_betweennessCaption = nullptr;
    QLabel *m_betweenness = nullptr;
    QLabel *m_upstream = nullptr;
    QListView *m_upstreamList = nullptr;
    core::DependencyListModel *m_upstreamModel = nullptr;
    QLabel *m_downstream = nullptr;
    QListView *m_downstreamList = nullptr;
    core::DependencyListModel *m_downstreamModel = nullptr;
    HealthHistoryView *m_history = nullptr;
    core::HealthSettings::Bands m_bands;
};

} // namespace meshscope::widgets
