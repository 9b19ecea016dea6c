#pragma once

// The services of a SnapshotDiff as a table: service, namespace, status, score before, score
// after, change. By default only what moved (added, removed, changed); every service when asked.
// Sorting: a QSortFilterProxyModel on SortRole (numbers for the score columns, unknown last).
// GUI thread only; a new diff resets the model.

#include "core/io/snapshotdiff.h"

#include <QAbstractTableModel>

#include <vector>

namespace meshscope::core {

class ScoreChangeModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ServiceColumn,
        NamespaceColumn,
        StatusColumn,
        BeforeColumn,
        AfterColumn,
        ChangeColumn,
        ColumnCount
    };
    enum Role
    {
        NodeIdRole = Qt::UserRole + 1, // NodeId
        SortRole,                      // what the column sorts by (a double for scores)
        StatusRole                     // int(SnapshotDiff::Status)
    };

    explicit ScoreChangeModel(QObject *parent = nullptr);

    void setDiff(const SnapshotDiff &diff);
    void setShowUnchanged(bool show);
    void clear();
    const SnapshotDiff &diff() const { return m_diff; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void rebuild();

    SnapshotDiff m_diff;
    bool m_showUnchanged = false;
    std::vector<int> m_rows; // row -> index into m_diff.services()
};

} // namespace meshscope::core
