#include "app/selectionsync.h"

#include "widgets/detailspanel.h"
#include "widgets/servicespanel.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

namespace meshscope::app {

SelectionSync::SelectionSync(widgets::TopologyScene *scene, widgets::TopologyView *view,
                             widgets::DetailsPanel *details, widgets::ServicesPanel *services,
                             QObject *parent)
    : QObject(parent)
{
    using widgets::TopologyScene;
    connect(scene, &TopologyScene::nodeSelected, details, &widgets::DetailsPanel::showNode);
    connect(scene, &TopologyScene::edgeSelected, details, &widgets::DetailsPanel::showEdge);
    connect(scene, &TopologyScene::selectionCleared, details, &widgets::DetailsPanel::clear);
    // setCurrentService selects the row without emitting serviceActivated: no echo.
    connect(scene, &TopologyScene::nodeSelected, services,
            &widgets::ServicesPanel::setCurrentService);
    const auto clearRow = [services] { services->setCurrentService({}); };
    connect(scene, &TopologyScene::edgeSelected, services, clearRow);
    connect(scene, &TopologyScene::selectionCleared, services, clearRow);

    const auto select = [scene, view](const core::NodeId &id) {
        scene->selectNode(id); // emits nodeSelected: the panels follow
        view->showNode(id);    // zoomed in to it when the graph is shown smaller
    };
    connect(details, &widgets::DetailsPanel::serviceActivated, this, select);
    connect(services, &widgets::ServicesPanel::serviceActivated, this, select);
}

} // namespace meshscope::app
