#pragma once

// The chaos panel's suggested targets: single points of failure and high-centrality services,
// ranked, each with why (TargetSuggestionModel). Double-click or Enter on a row picks it:
// targetChosen() — the panel fills the form's target and the window selects it on the graph.

#include "core/telemetry/telemetrytypes.h"

#include <QTreeView>

namespace meshscope::chaos {
class TargetSuggestionModel;
}

namespace meshscope::widgets {

class SuggestedTargetsView : public QTreeView
{
    Q_OBJECT
public:
    explicit SuggestedTargetsView(chaos::TargetSuggestionModel *model, QWidget *parent = nullptr);

Q_SIGNALS:
    void targetChosen(const meshscope::core::NodeId &node);
};

} // namespace meshscope::widgets
