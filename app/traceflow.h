#pragma once

#include "core/jaeger/jaegertypes.h"
#include "core/net/httptypes.h"
#include "core/result.h"
#include "core/telemetry/telemetrytypes.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace meshscope::core {
class JaegerClient;
class JaegerSource;
class LiveSession;
class TraceListModel;
} // namespace meshscope::core
namespace meshscope::widgets {
class DetailsPanel;
class TopologyScene;
class TraceListView;
} // namespace meshscope::widgets

namespace meshscope::app {

// The traces of the selected service or call in the details panel: when the selection settles
// (debounced, so that walking through the graph with the keyboard sends one request), the
// newest error traces and the slowest of the last hour are fetched from Jaeger on a worker;
// a newer selection cancels the request in flight and its late answer is dropped. The section
// shows only when the session's source has Jaeger.
class TraceFlow : public QObject
{
    Q_OBJECT
public:
    TraceFlow(QObject *parent, core::LiveSession *session, widgets::TopologyScene *scene,
              widgets::DetailsPanel *details);
    ~TraceFlow() override;

    core::TraceListModel *model() const { return m_model; }
    widgets::TraceListView *view() const { return m_view; }
    // Requests sent so far (one per settled selection).
    int requestCount() const { return m_requests; }

    // The Jaeger service name of `node` among `services` (Jaeger's own list): the name itself,
    // "name.namespace" (Istio's span naming), else "name.<anything>"; empty when none.
    static QString serviceFor(const core::NodeId &node, const QStringList &services);

Q_SIGNALS:
    void tracesShown(); // a fetch's answer (or error) is in the list

private:
    struct Answer
    {
        quint64 generation = 0;
        Result<core::TraceSelection> traces = Error{QString()};
    };

    void onSourceChanged();
    void selectionChanged();
    void fetch();
    void onAnswer(const Answer &answer);

    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    core::TraceListModel *m_model = nullptr;
    widgets::TraceListView *m_view = nullptr;
    QWidget *m_section = nullptr;
    std::shared_ptr<core::JaegerSource> m_jaeger;
    QTimer m_debounce;
    core::CancelToken m_inFlight;
    quint64 m_generation = 0;
    int m_requests = 0;
};

} // namespace meshscope::app
