#pragma once

// The Services dock: every service of the current snapshot in a sortable, filterable table,
// worst first by default (score ascending, services without data last). The filter matches a
// name or a namespace, case-insensitively.
//
// It shows a ServicesTableModel it does not own (the application feeds it on every refresh)
// and speaks in intents: a click or Enter on a row emits serviceActivated; the graph's
// selection comes back through setCurrentService, which selects and scrolls without emitting.

#include "core/telemetry/telemetrytypes.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QModelIndex;
class QTableView;

namespace meshscope::core {
class ServicesProxyModel;
class ServicesTableModel;
} // namespace meshscope::core

namespace meshscope::widgets {

class ServicesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ServicesPanel(core::ServicesTableModel *model, QWidget *parent = nullptr);
    ~ServicesPanel() override;

    // Selects the service's row and scrolls to it; clears the selection when the service is
    // not listed (invalid id, filtered out, gone). Never emits serviceActivated.
    void setCurrentService(const core::NodeId &node);
    core::NodeId currentService() const;

    QTableView *table() const { return m_table; }
    QLineEdit *filterField() const { return m_filter; }

Q_SIGNALS:
    void serviceActivated(const meshscope::core::NodeId &node);

private:
    void activate(const QModelIndex &proxyIndex);
    void showCurrent();
    void updateCount();

    core::ServicesTableModel *m_model = nullptr;
    core::ServicesProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
    core::NodeId m_current; // the service selected in the graph (or last activated here)
};

} // namespace meshscope::widgets
