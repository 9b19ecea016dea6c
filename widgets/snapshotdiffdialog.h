#pragma once

// The comparison of two moments as a window beside the graph: a one-line summary (services and
// calls added and removed, scores changed), a sortable table of the services whose score moved,
// and exports of the whole comparison as CSV or JSON. Double-clicking a row asks to show the
// service (serviceActivated). Non-modal: the live graph keeps refreshing while it is open.

#include "core/io/snapshotdiff.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace meshscope::core {
class ScoreChangeModel;
}

namespace meshscope::widgets {

class SnapshotDiffDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SnapshotDiffDialog(QWidget *parent = nullptr);

    void setDiff(const core::SnapshotDiff &diff);
    QString summary() const;
    core::ScoreChangeModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

    // Writes the comparison to `path` (.csv or .json); the error names the path.
    Result<void> exportTo(const QString &path) const;

Q_SIGNALS:
    void serviceActivated(const meshscope::core::NodeId &id);

private:
    void askAndExport(const QString &suffix);

    core::ScoreChangeModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
    QCheckBox *m_showUnchanged = nullptr;
};

} // namespace meshscope::widgets
