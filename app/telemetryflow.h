#pragma once

#include "core/telemetry/telemetrytypes.h"

#include <QHash>
#include <QObject>

#include <memory>

class QLabel;
class QMainWindow;
class QMenu;
class QActionGroup;
class QWidget;

namespace meshscope::core {
class AlertListModel;
class LiveSession;
struct AlertSnapshot;
struct RefreshResult;
} // namespace meshscope::core
namespace meshscope::widgets {
class AlertBadgeItem;
class AlertListView;
class DetailsPanel;
class TopologyScene;
class TopologyView;
} // namespace meshscope::widgets

namespace meshscope::app {

// What the window shows of Alertmanager and of the side backends (docs/jaeger-and-alerts.md,
// "In the window"): a badge on every service with alerts, the selected service's alerts in the
// details panel, "N alerts firing" in the status bar, a banner naming a side backend that
// failed while the graph came from the others, and the evidence filter (View > Calls shown).
// Reads each refresh's result; never touches the network itself.
class TelemetryFlow : public QObject
{
    Q_OBJECT
public:
    TelemetryFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
                  widgets::TopologyView *view, widgets::DetailsPanel *details, QMenu *viewMenu);
    ~TelemetryFlow() override;

    core::AlertListModel *alertModel() const { return m_alertModel; }
    widgets::AlertListView *alertView() const { return m_alertView; }
    QLabel *alertCountLabel() const { return m_count; }
    QLabel *warningBanner() const { return m_banner; }
    QActionGroup *evidenceActions() const { return m_evidence; }
    // The badge drawn on `node`, or null.
    widgets::AlertBadgeItem *badge(const core::NodeId &node) const;

private:
    void onSnapshot(const core::RefreshResult &snapshot);
    void updateBadges();
    void placeBadges();
    void showAlertsOfSelection();
    void showWarnings(const QStringList &warnings);
    void clear();

    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    widgets::TopologyView *m_view = nullptr;
    core::AlertListModel *m_alertModel = nullptr;
    widgets::AlertListView *m_alertView = nullptr;
    QWidget *m_alertSection = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_banner = nullptr;
    QActionGroup *m_evidence = nullptr;
    std::shared_ptr<const core::AlertSnapshot> m_alerts;
    QHash<core::NodeId, widgets::AlertBadgeItem *> m_badges; // top-level scene items we own
};

} // namespace meshscope::app
