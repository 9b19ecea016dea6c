#pragma once

#include <QStyledItemDelegate>

namespace meshscope::widgets {

// Draws muted alerts (silenced, inhibited, unprocessed) of an AlertListModel greyed and in
// italics, so that what still fires stands out while the muted ones stay visible.
class AlertRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace meshscope::widgets
