#include "chaos/scenario/targetsuggestionmodel.h"

namespace meshscope::chaos {

void TargetSuggestionModel::setSuggestions(std::vector<TargetSuggestion> suggestions)
{
    beginResetModel();
    m_suggestions = std::move(suggestions);
    endResetModel();
}

int TargetSuggestionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_suggestions.size());
}

int TargetSuggestionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TargetSuggestionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TargetSuggestion &s = m_suggestions[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == ServiceColumn ? s.service : s.reason;
    case Qt::ToolTipRole:
        return QString(s.service + QLatin1String(": ") + s.reason);
    case NodeKeyRole:
        return s.node.key();
    default:
        return {};
    }
}

QVariant TargetSuggestionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServiceColumn:
        return tr("Service");
    case ReasonColumn:
        return tr("Why");
    default:
        return {};
    }
}

} // namespace meshscope::chaos
