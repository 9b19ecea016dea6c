#pragma once

// Paints the Services table's cells the way the rest of the views show them: the score cell in
// its band's colour (the band the health model decided, so the colour follows the active
// thresholds), and rates, error shares and latencies worded by MetricFormat from the raw
// numbers, so the table and the details panel read alike.

#include <QStyledItemDelegate>

namespace meshscope::widgets {

class ServicesDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace meshscope::widgets
