#pragma once

// Keeps the graph, the details panel and the Services table on one selection: selecting in any
// of them selects in the others (without echo), and a service activated in a panel is selected
// and centred in the graph. Wiring only; lives on the GUI thread, parented to the window.

#include <QObject>

namespace meshscope::widgets {
class DetailsPanel;
class ServicesPanel;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

class SelectionSync : public QObject
{
    Q_OBJECT
public:
    SelectionSync(widgets::TopologyScene *scene, widgets::TopologyView *view,
                  widgets::DetailsPanel *details, widgets::ServicesPanel *services,
                  QObject *parent);
};

} // namespace meshscope::app
