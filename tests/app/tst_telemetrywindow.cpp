#include "app/appsettings.h"
#include "app/mainwindow.h"
#include "core/models/alertlistmodel.h"
#include "core/models/tracelistmodel.h"
#include "core/session/livesession.h"
#include "tests/core/jaeger/tracefactory.h"
#include "tests/servers/alertmanagerserver.h"
#include "tests/servers/jaegertestserver.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"
#include "widgets/alertbadgeitem.h"
#include "widgets/alertlistview.h"
#include "widgets/edgelayeritem.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/tracelistview.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace meshscope;
using namespace meshscope::tests;

namespace {

constexpr qint64 kSecondUs = 1'000'000;

QString traceId(int n)
{
    return QStringLiteral("bbbbbbbbbbbbbbbb%1").arg(n, 16, 16, QLatin1Char('0'));
}

// The node of the tickets mesh named `name` in the window's current graph.
core::NodeId nodeNamed(const core::LiveSession &session, const QString &name)
{
    if (const core::RefreshResult *s = session.snapshot())
        for (const core::TopologyNode &n : s->topology->nodes())
            if (n.id.name() == name)
                return n.id;
    return {};
}

// The evidence of the call a -> b in the window's graph; 0 when it is not there.
int evidenceOf(const core::LiveSession &session, const QString &a, const QString &b)
{
    const core::RefreshResult *s = session.snapshot();
    if (!s)
        return 0;
    const int e = s->topology->edgeIndex(nodeNamed(session, a), nodeNamed(session, b));
    return e < 0 ? 0 : s->topology->edges()[size_t(e)].metrics.evidence;
}

} // namespace

// The window on the tickets mesh as a real Prometheus scrapes it from meshscope-sim, with our
// Jaeger test server and a real Alertmanager beside it (`meshscope --prometheus URL --jaeger URL
// --alertmanager URL`): the alerted service carries a badge, its alerts and traces are listed in
// the details panel, the status bar counts the firing alerts, a call only traces know is in the
// graph, dashed, and the evidence filter leaves only it; when Jaeger goes down a banner names it
// and the mesh graph stays current.
class TstTelemetryWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testing::SimProcess> m_sim;
    std::unique_ptr<PrometheusServer> m_prometheus;
    std::unique_ptr<AlertmanagerServer> m_alertmanager;
    std::unique_ptr<JaegerTestServer> m_jaeger;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        app::initResources();

        m_sim = std::make_unique<testing::SimProcess>();
        const auto address =
            m_sim->start(QStringLiteral(MESHSCOPE_SIM_BINARY), QStringLiteral("tickets"));
        QVERIFY2(address.ok(), qPrintable(address.error()));
        m_prometheus = std::make_unique<PrometheusServer>();
        PrometheusServer::Options options;
        options.targets = {*address};
        const auto started = m_prometheus->start(options);
        QVERIFY2(started.ok(), qPrintable(started.error()));

        m_alertmanager = std::make_unique<AlertmanagerServer>();
        const auto am = m_alertmanager->start();
        QVERIFY2(am.ok(), qPrintable(am.error()));
        const auto posted = m_alertmanager->postAlerts(QJsonArray{
            QJsonObject{{"labels", QJsonObject{{"alertname", "HighErrorRate"},
                                               {"severity", "critical"},
                                               {"namespace", "train-ticket"},
                                               {"service", "ts-order"}}},
                        {"annotations", QJsonObject{{"summary", "ts-order answers 9% 5xx"}}}},
            QJsonObject{{"labels", QJsonObject{{"alertname", "SlowQueries"},
                                               {"severity", "warning"},
                                               {"namespace", "train-ticket"},
                                               {"service", "ts-order"}}},
                        {"annotations", QJsonObject{{"summary", "order queries above 1 s"}}}},
        });
        QVERIFY2(posted.ok(), qPrintable(posted.error()));
        const auto silence =
            m_alertmanager->createSilence({{"alertname", "SlowQueries"}}, "known, ticket 42");
        QVERIFY2(silence.ok(), qPrintable(silence.error()));

        // Jaeger names services as the tickets mesh does (no namespace): one call both sources
        // know, one only traces know (ts-order -> ts-notification is not in the mesh).
        m_jaeger = std::make_unique<JaegerTestServer>(JaegerTestServer::Apis::Both);
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        m_jaeger->addDependencies(
            QJsonArray{
                QJsonObject{{"parent", "ts-travel"}, {"child", "ts-order"}, {"callCount", 40}},
                QJsonObject{
                    {"parent", "ts-order"}, {"child", "ts-notification"}, {"callCount", 12}}},
            nowMs - 60'000);
        const qint64 nowUs = nowMs * 1000;
        m_jaeger->addTrace(makeTrace(traceId(1), nowUs - 120 * kSecondUs, 250'000, "ts-order",
                                     "ts-notification", true));
        m_jaeger->addTrace(makeTrace(traceId(2), nowUs - 90 * kSecondUs, 900'000, "ts-order",
                                     "ts-notification", false));
        m_jaeger->addTrace(
            makeTrace(traceId(3), nowUs - 60 * kSecondUs, 40'000, "ts-travel", "ts-order", false));
    }

    void cleanupTestCase()
    {
        m_jaeger.reset();
        m_alertmanager.reset();
        m_prometheus.reset();
        m_sim.reset();
    }

    void showsAlertsTracesAndEvidence()
    {
        const QString jaegerUrl = m_jaeger->url().toString();
        const app::CommandLine command = app::CommandLine::parse(
            {"meshscope", "--prometheus", m_prometheus->url().toString(), "--jaeger", jaegerUrl,
             "--alertmanager", m_alertmanager->url().toString(), "--interval", "1"});
        QCOMPARE(int(command.mode), int(app::CommandLine::Mode::Gui));
        app::MainWindow window(command);
        window.resize(1400, 900);
        window.show();
        core::LiveSession &session = *window.session();
        auto *scene = window.findChild<widgets::TopologyScene *>();
        QVERIFY(scene);

        // Until Prometheus has rates for the mesh: ts-travel -> ts-order seen by both sources.
        constexpr int kBoth = core::EdgeSample::FromMesh | core::EdgeSample::FromTraces;
        QTRY_COMPARE_WITH_TIMEOUT(evidenceOf(session, "ts-travel", "ts-order"), kBoth, 120'000);
        QCOMPARE(evidenceOf(session, "ts-order", "ts-notification"),
                 int(core::EdgeSample::FromTraces));
        QCOMPARE(evidenceOf(session, "ts-ui-dashboard", "ts-auth"),
                 int(core::EdgeSample::FromMesh));
        QVERIFY(session.sourceName().endsWith(QLatin1String(" + jaeger")));

        // The traces-only call is drawn dashed, the mesh-only ones dotted, the shared one solid.
        const core::Topology &topology = *session.snapshot()->topology;
        const auto styleOf = [&](const char *a, const char *b) {
            const int e = topology.edgeIndex(nodeNamed(session, a), nodeNamed(session, b));
            return e < 0 ? -1 : int(scene->edgeLayer()->edges()[size_t(e)].style);
        };
        QTRY_COMPARE(styleOf("ts-order", "ts-notification"), int(Qt::DashLine));
        QCOMPARE(styleOf("ts-ui-dashboard", "ts-auth"), int(Qt::DotLine));
        QCOMPARE(styleOf("ts-travel", "ts-order"), int(Qt::SolidLine));
        QVERIFY(scene->hasTraceEvidence());

        // The alerted service: a badge with one firing alert and one silenced (Alertmanager
        // reports a just-posted alert "unprocessed" for a moment: muted until then).
        const core::NodeId order = nodeNamed(session, "ts-order");
        const auto badge = [scene]() -> widgets::AlertBadgeItem * {
            for (QGraphicsItem *item : scene->items())
                if (item->type() == widgets::AlertBadgeItem::Type)
                    return static_cast<widgets::AlertBadgeItem *>(item);
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(badge() && badge()->firing() == 1, 30'000);
        QCOMPARE(badge()->muted(), 1);
        QCOMPARE(badge()->text(), QStringLiteral("1"));
        QVERIFY(badge()->isVisible());
        QVERIFY(QLineF(badge()->pos(), scene->nodeItem(order)->pos()).length() < 20.0);
        auto *count = window.findChild<QLabel *>(QStringLiteral("alertCountLabel"));
        QVERIFY(count && count->isVisibleTo(&window));
        QTRY_COMPARE(count->text(), QStringLiteral("1 alert firing"));

        // Selecting it lists its alerts (firing first, the silenced one marked) and its traces.
        scene->selectNode(order);
        auto *alerts = window.findChild<widgets::AlertListView *>(QStringLiteral("alertListView"));
        QVERIFY(alerts && alerts->isVisibleTo(&window));
        QAbstractItemModel *alertModel = alerts->list()->model();
        QTRY_COMPARE(alertModel->rowCount(), 2);
        QCOMPARE(alertModel->index(0, core::AlertListModel::NameColumn).data().toString(),
                 QStringLiteral("HighErrorRate"));
        QCOMPARE(alertModel->index(1, core::AlertListModel::StateColumn).data().toString(),
                 QStringLiteral("silenced"));

        auto *traces = window.findChild<widgets::TraceListView *>(QStringLiteral("traceListView"));
        QVERIFY(traces && traces->isVisibleTo(&window));
        QAbstractItemModel *traceModel = traces->list()->model();
        QTRY_COMPARE_WITH_TIMEOUT(traceModel->rowCount(), 1, 20'000); // the one error trace
        QCOMPARE(traceModel->index(0, core::TraceListModel::TraceIdColumn)
                     .data(core::TraceListModel::TraceIdRole)
                     .toString(),
                 traceId(1));
        QVERIFY(traceModel->index(0, 0).data(core::TraceListModel::ErrorRole).toBool());
        QUrl opened;
        traces->setUrlOpener([&opened](const QUrl &url) {
            opened = url;
            return true;
        });
        traces->list()->setCurrentIndex(traceModel->index(0, 0));
        traces->openAction()->trigger();
        QCOMPARE(opened.toString(), QString(jaegerUrl + QStringLiteral("/trace/") + traceId(1)));

        // Selecting the call ts-travel -> ts-order lists its trace among the slowest.
        scene->selectEdge(nodeNamed(session, "ts-travel"), order);
        traces->modeSwitch()->setCurrentIndex(1); // slowest
        QTRY_COMPARE_WITH_TIMEOUT(traceModel->rowCount(), 1, 20'000);
        QCOMPARE(traceModel->index(0, 0).data(core::TraceListModel::TraceIdRole).toString(),
                 traceId(3));

        // The evidence filter: "Traces only" leaves the one call only traces know.
        auto *filters = window.findChild<QMenu *>(QStringLiteral("evidenceMenu"));
        QVERIFY(filters);
        QAction *tracesOnly = nullptr;
        for (QAction *a : filters->actions())
            if (a->data().toInt() == int(widgets::EvidenceFilter::TracesOnly))
                tracesOnly = a;
        QVERIFY(tracesOnly);
        tracesOnly->trigger();
        int shown = 0;
        for (const widgets::EdgeLayerItem::Edge &e : scene->edgeLayer()->edges())
            shown += !e.hidden;
        QCOMPARE(shown, 1);

        // Jaeger goes away: a banner names it, the mesh graph stays current (not stale).
        const int nodesBefore = session.snapshot()->topology->nodeCount();
        m_jaeger.reset();
        session.refreshNow();
        auto *banner = window.findChild<QLabel *>(QStringLiteral("backendBanner"));
        QVERIFY(banner);
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisibleTo(&window), 30'000);
        QVERIFY2(banner->text().startsWith(QLatin1String("Jaeger: ")) &&
                     banner->text().contains(QUrl(jaegerUrl).authority()),
                 qPrintable(banner->text()));
        QVERIFY(!session.stale().stale);
        QCOMPARE(evidenceOf(session, "ts-order", "ts-notification"), 0); // traces' call is gone
        QCOMPARE(evidenceOf(session, "ts-travel", "ts-order"), int(core::EdgeSample::FromMesh));
        QVERIFY(session.snapshot()->topology->nodeCount() >= nodesBefore - 1);
        QCOMPARE(count->text(), QStringLiteral("1 alert firing")); // Alertmanager still answers
        session.waitForIdle();
    }
};

QTEST_MAIN(TstTelemetryWindow)
#include "tst_telemetrywindow.moc"
