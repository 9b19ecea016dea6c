#pragma once

// The suggested chaos targets as a table (service, why) for the chaos panel. A new topology
// resets it: suggestions are recomputed per snapshot and are few (TargetSuggester's limit).

#include "chaos/scenario/targetsuggester.h"

#include <QAbstractTableModel>

#include <vector>

namespace meshscope::chaos {

class TargetSuggestionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ServiceColumn,
        ReasonColumn,
        ColumnCount
    };
    // Qt::UserRole on any column: the node's key (core::NodeId::key()).
    static constexpr int NodeKeyRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;

    void setSuggestions(std::vector<TargetSuggestion> suggestions);
    const std::vector<TargetSuggestion> &suggestions() const { return m_suggestions; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<TargetSuggestion> m_suggestions;
};

} // namespace meshscope::chaos
