#include "app/traceflow.h"

#include "core/jaeger/jaegersource.h"
#include "core/models/tracelistmodel.h"
#include "core/session/combinedsource.h"
#include "core/session/livesession.h"
#include "widgets/detailspanel.h"
#include "widgets/topologyscene.h"
#include "widgets/tracelistview.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QLoggingCategory>
#include <QPointer>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

namespace meshscope::app {

Q_LOGGING_CATEGORY(lcTraces, "meshscope.app.traces")

namespace {
constexpr int kDebounceMs = 350;
constexpr qint64 kLookbackMs = 60 * 60 * 1000; // the last hour, as JaegerSource's links
constexpr int kTracesPerList = 10;
} // namespace

TraceFlow::TraceFlow(QObject *parent, core::LiveSession *session, widgets::TopologyScene *scene,
                     widgets::DetailsPanel *details)
    : QObject(parent), m_session(session), m_scene(scene)
{
    m_model = new core::TraceListModel(this);
    m_view = new widgets::TraceListView(m_model);
    m_view->setObjectName(QStringLiteral("traceListView"));
    // The panel is narrow: the root operation gets the room, the id is one click away (Open
    // in Jaeger, tooltip).
    QTreeView *list = m_view->list();
    list->setColumnHidden(core::TraceListModel::TraceIdColumn, true);
    for (int c : {core::TraceListModel::DurationColumn, core::TraceListModel::SpansColumn,
                  core::TraceListModel::ErrorColumn})
        list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_section = details->addSection(tr("Traces"), m_view);
    m_section->hide();
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &TraceFlow::fetch);
    connect(session, &core::LiveSession::sourceChanged, this, &TraceFlow::onSourceChanged);
    connect(scene, &widgets::TopologyScene::nodeSelected, this, &TraceFlow::selectionChanged);
    connect(scene, &widgets::TopologyScene::edgeSelected, this, &TraceFlow::selectionChanged);
    connect(scene, &widgets::TopologyScene::selectionCleared, this, &TraceFlow::selectionChanged);
    onSourceChanged();
}

TraceFlow::~TraceFlow()
{
    m_inFlight.cancel(); // the worker's answer then finds no receiver (QPointer)
}

void TraceFlow::onSourceChanged()
{
    const auto combined = std::dynamic_pointer_cast<core::CombinedSource>(m_session->source());
    m_jaeger = combined ? combined->traces() : nullptr;
    if (!m_jaeger)
        m_jaeger = std::dynamic_pointer_cast<core::JaegerSource>(m_session->source());
    m_section->setVisible(m_jaeger != nullptr);
    QUrl ui;
    if (m_jaeger) {
        const core::JaegerEndpoint &e = m_jaeger->client()->endpoint();
        ui = e.uiUrl.isEmpty() ? e.baseUrl : e.uiUrl; // they share port 16686 by default
    }
    m_view->setJaegerUiUrl(ui);
    selectionChanged();
}

void TraceFlow::selectionChanged()
{
    m_inFlight.cancel(); // superseded, whether or not it was sent yet
    ++m_generation;
    m_model->clear();
    m_view->setError(QString());
    if (m_jaeger && (m_scene->selectedNode().isValid() || m_scene->selectedEdge().first.isValid()))
        m_debounce.start();
    else
        m_debounce.stop();
}

QString TraceFlow::serviceFor(const core::NodeId &node, const QStringList &services)
{
    const QString name = node.name();
    if (services.contains(name))
        return name;
    const QString qualified = name + QLatin1Char('.') + node.ns();
    if (services.contains(qualified))
        return qualified;
    const QString prefix = name + QLatin1Char('.');
    for (const QString &s : services)
        if (s.startsWith(prefix))
            return s;
    return {};
}

void TraceFlow::fetch()
{
    if (!m_jaeger)
        return;
    const core::NodeId node = m_scene->selectedNode();
    const auto edge = m_scene->selectedEdge();
    const core::NodeId from = node.isValid() ? node : edge.first;
    const core::NodeId to = node.isValid() ? core::NodeId() : edge.second;
    if (!from.isValid())
        return;
    m_inFlight = core::CancelToken();
    ++m_requests;
    const quint64 generation = m_generation;
    const core::CancelToken cancel = m_inFlight;
    std::shared_ptr<core::JaegerClient> client = m_jaeger->client();
    QPointer<TraceFlow> self(this);
    // Blocking HTTP on the pool; only the value comes back, queued to the GUI thread.
    (void)QtConcurrent::run([self, client, cancel, generation, from, to] {
        Answer answer;
        answer.generation = generation;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        Result<QStringList> services = client->services(cancel);
        if (!services) {
            answer.traces = Error{services.error()};
        } else {
            const QString service = serviceFor(from, *services);
            const QString callee = to.isValid() ? serviceFor(to, *services) : QString();
            if (service.isEmpty())
                answer.traces = Error{
                    tr("Jaeger has no service named %1 (nor %1.%2)").arg(from.name(), from.ns())};
            else
                answer.traces =
                    client->tracesFor(service, callee, now, kLookbackMs, kTracesPerList, cancel);
        }
        if (cancel.isCancelled())
            return;
        QMetaObject::invokeMethod(
            qApp,
            [self, answer] {
                if (self)
                    self->onAnswer(answer);
            },
            Qt::QueuedConnection);
    });
}

void TraceFlow::onAnswer(const Answer &answer)
{
    if (answer.generation != m_generation)
        return; // a newer selection is being fetched
    if (answer.traces) {
        m_view->setError(QString());
        m_model->setSelection(*answer.traces);
    } else {
        qCWarning(lcTraces) << answer.traces.error();
        m_view->setError(answer.traces.error());
    }
    Q_EMIT tracesShown();
}

} // namespace meshscope::app
