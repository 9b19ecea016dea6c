#include "widgets/alertrowdelegate.h"

#include "core/models/alertlistmodel.h"

namespace meshscope::widgets {

void AlertRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(core::AlertListModel::FiringRole).toBool())
        return;
    option->font.setItalic(true);
    option->palette.setColor(QPalette::Text,
                             option->palette.color(QPalette::Disabled, QPalette::Text));
}

} // namespace meshscope::widgets
