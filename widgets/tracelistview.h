#pragma once

// The trace list of the details panel: the newest error traces or the slowest traces of the
// selected service or edge (a switch above the list), and "Open in Jaeger" (button, context
// menu, double-click or Enter) that opens <Jaeger UI>/trace/<id> in the browser.
//
// It shows a TraceListModel it does not own; the application fills it from
// JaegerClient::tracesFor() on a worker and sets the Jaeger UI address.

#include <QUrl>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QModelIndex;
class QTreeView;

namespace meshscope::core {
class TraceListModel;
} // namespace meshscope::core

namespace meshscope::widgets {

class TraceListView : public QWidget
{
    Q_OBJECT
public:
    explicit TraceListView(core::TraceListModel *model, QWidget *parent = nullptr);

    // Where users open traces; without it "Open in Jaeger" stays disabled.
    void setJaegerUiUrl(const QUrl &url);
    // Replaces QDesktopServices::openUrl (tests, or an embedding that opens links itself).
    void setUrlOpener(std::function<bool(const QUrl &)> opener);
    // Shown instead of the list when the last fetch failed (the list keeps its last rows).
    void setError(const QString &message);

    QUrl urlOf(const QModelIndex &index) const;

    QTreeView *list() const { return m_list; }
    QComboBox *modeSwitch() const { return m_mode; }
    QAction *openAction() const { return m_open; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void traceOpened(const QUrl &url);

private:
    void openCurrent();
    void updateState();

    core::TraceListModel *m_model = nullptr;
    QComboBox *m_mode = nullptr;
    QTreeView *m_list = nullptr;
    QLabel *m_status = nullptr;
    QAction *m_open = nullptr;
    QUrl m_ui;
    QString m_error;
    std::function<bool(const QUrl &)> m_opener;
};

} // namespace meshscope::widgets
