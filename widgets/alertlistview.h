#pragma once

// The alert list of the details panel (or of the whole mesh): alert, severity, state, summary,
// muted alerts greyed, and a line that counts them ("2 firing, 1 silenced, 1 inhibited").
// It shows an AlertListModel it does not own.

#include <QWidget>

class QLabel;
class QTreeView;

namespace meshscope::core {
class AlertListModel;
} // namespace meshscope::core

namespace meshscope::widgets {

class AlertListView : public QWidget
{
    Q_OBJECT
public:
    explicit AlertListView(core::AlertListModel *model, QWidget *parent = nullptr);

    // Shown above the list when the last fetch failed (the list keeps its last rows).
    void setError(const QString &message);

    QTreeView *list() const { return m_list; }
    QLabel *countLabel() const { return m_count; }

private:
    void updateCount();

    core::AlertListModel *m_model = nullptr;
    QTreeView *m_list = nullptr;
    QLabel *m_count = nullptr;
    QString m_error;
};

} // namespace meshscope::widgets
