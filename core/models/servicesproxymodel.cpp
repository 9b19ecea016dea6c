#include "core/models/servicesproxymodel.h"

#include "core/models/servicestablemodel.h"

#include <cmath>

namespace meshscope::core {

ServicesProxyModel::ServicesProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ServicesTableModel::SortRole);
    // A score tick re-sorts (worst first stays true); selections follow their rows.
    setDynamicSortFilter(true);
}

void ServicesProxyModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filter)
        return;
    m_filter = trimmed;
    invalidateRowsFilter();
}

bool ServicesProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter.isEmpty())
        return true;
    const QAbstractItemModel *source = sourceModel();
    const auto contains = [&](int column) {
        return source->index(sourceRow, column, sourceParent)
            .data(Qt::DisplayRole)
            .toString()
            .contains(m_filter, Qt::CaseInsensitive);
    };
    return contains(ServicesTableModel::NameColumn) ||
           contains(ServicesTableModel::NamespaceColumn);
}

bool ServicesProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) {
        const double x = a.toDouble();
        const double y = b.toDouble();
        const bool xUnknown = std::isnan(x);
        const bool yUnknown = std::isnan(y);
        if (xUnknown != yUnknown) // Qt sorts descending by swapping the arguments
            return sortOrder() == Qt::AscendingOrder ? yUnknown : xUnknown;
        if (!xUnknown && x != y)
            return x < y;
    } else {
        const int byText = QString::localeAwareCompare(a.toString(), b.toString());
        if (byText != 0)
            return byText < 0;
    }
    const QString keyA = left.data(ServicesTableModel::NodeIdRole).value<NodeId>().key();
    const QString keyB = right.data(ServicesTableModel::NodeIdRole).value<NodeId>().key();
    return keyA < keyB;
}

} // namespace meshscope::core
