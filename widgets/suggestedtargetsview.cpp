#include "widgets/suggestedtargetsview.h"

#include "chaos/scenario/targetsuggestionmodel.h"

#include <QHeaderView>

namespace meshscope::widgets {

SuggestedTargetsView::SuggestedTargetsView(chaos::TargetSuggestionModel *model, QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("suggestedTargetsView"));
    setModel(model);
    setRootIsDecorated(false);
    setUniformRowHeights(false);
    setWordWrap(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(chaos::TargetSuggestionModel::ServiceColumn,
                                   QHeaderView::ResizeToContents);
    // activated: double-click, and Enter/Return on the current row.
    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString key = index.data(chaos::TargetSuggestionModel::NodeKeyRole).toString();
        if (!key.isEmpty())
            Q_EMIT targetChosen(core::NodeId::fromKey(key));
    });
}

} // namespace meshscope::widgets
