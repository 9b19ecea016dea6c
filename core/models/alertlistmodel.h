#pragma once

// The alerts of the selected node (or of the whole mesh): name, severity, state, summary.
// Firing alerts come first, then by severity (critical, warning, info, others), newest first;
// silenced and inhibited alerts stay listed, marked as such. GUI thread only; a new list
// resets the model.

#include "core/alerts/alerttypes.h"

#include <QAbstractTableModel>

#include <vector>

namespace meshscope::core {

class AlertListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        SeverityColumn,
        StateColumn,
        SummaryColumn,
        ColumnCount
    };
    enum Role
    {
        StateRole = Qt::UserRole + 1, // int(Alert::State)
        SilencedRole,                 // bool
        InhibitedRole,                // bool
        FiringRole,                   // bool: active, neither silenced nor inhibited
        FingerprintRole,              // QString
        GeneratorUrlRole              // QUrl of the rule's expression in Prometheus
    };

    explicit AlertListModel(QObject *parent = nullptr);

    void setAlerts(std::vector<Alert> alerts);
    const Alert *alertAt(int row) const;
    // For the status bar and the node badge: alerts that fire and are not muted.
    int firingCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "firing", "silenced", "inhibited", "silenced, inhibited", "unprocessed".
    static QString stateText(const Alert &alert);

private:
    std::vector<Alert> m_alerts;
};

} // namespace meshscope::core
