#include "core/alerts/alertmanagerclient.h"
#include "core/alerts/alertmatcher.h"
#include "tests/servers/alertmanagerserver.h"

#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

namespace {

QJsonObject alert(const QJsonObject &labels, const QString &summary)
{
    return {{"labels", labels}, {"annotations", QJsonObject{{"summary", summary}}}};
}

const Alert *named(const std::vector<Alert> &alerts, const QString &name)
{
    for (const Alert &a : alerts)
        if (a.name == name)
            return &a;
    return nullptr;
}

const std::vector<NodeId> kNodes{NodeId("c", "bookinfo", "reviews"),
                                 NodeId("c", "bookinfo", "ratings"),
                                 NodeId("c", "shop", "checkout"), NodeId("c", "shop", "cart")};

} // namespace

// A real Alertmanager (Debian's prometheus-alertmanager) started by the test: alerts POSTed to
// its API come back through our client, land on the nodes their labels name, and a silence
// created through its API (and an inhibition rule) show as silenced (inhibited).
class TstAlertmanagerClientReal : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<AlertmanagerServer> m_server;

    AlertmanagerClient client() const { return AlertmanagerClient({m_server->url(), {}}); }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<AlertmanagerServer>();
        const auto started = m_server->start();
        QVERIFY2(started.ok(), qPrintable(started.error()));
        const auto posted = m_server->postAlerts(QJsonArray{
            alert({{"alertname", "HighErrorRate"},
                   {"severity", "critical"},
                   {"destination_service", "reviews.bookinfo.svc.cluster.local"}},
                  "reviews answers 12% 5xx"),
            alert({{"alertname", "PodCrashLooping"},
                   {"severity", "warning"},
                   {"namespace", "bookinfo"},
                   {"workload", "ratings-v1"}},
                  "ratings-v1 restarts"),
            alert({{"alertname", "LatencyHigh"},
                   {"severity", "warning"},
                   {"namespace", "shop"},
                   {"service", "checkout"}},
                  "checkout p95 above 2 s"),
            alert({{"alertname", "QuotaAlmostFull"}, {"namespace", "shop"}}, "CPU quota at 95%"),
        });
        QVERIFY2(posted.ok(), qPrintable(posted.error()));
    }

    void cleanupTestCase() { m_server.reset(); }

    void alertsLandOnTheirNodes()
    {
        const auto alerts = client().alerts();
        QVERIFY2(alerts.ok(), qPrintable(alerts.error()));
        QCOMPARE(alerts->size(), size_t(4));
        const Alert *high = named(*alerts, "HighErrorRate");
        QVERIFY(high);
        QCOMPARE(high->severity, QStringLiteral("critical"));
        QCOMPARE(high->summary, QStringLiteral("reviews answers 12% 5xx"));
        QCOMPARE(toString(high->state), toString(Alert::State::Active));
        QVERIFY(high->startsAt.isValid());
        QVERIFY(!high->fingerprint.isEmpty());

        const auto byNode = AlertMatcher(kNodes).match(*alerts);
        QCOMPARE(byNode.size(), 3); // the namespace-wide quota alert is on no node
        auto namesOn = [&](const NodeId &id) {
            QStringList names;
            for (int i : byNode.value(id))
                names.append(alerts->at(size_t(i)).name);
            return names;
        };
        QCOMPARE(namesOn(kNodes[0]), QStringList{"HighErrorRate"});
        QCOMPARE(namesOn(kNodes[1]), QStringList{"PodCrashLooping"});
        QCOMPARE(namesOn(kNodes[2]), QStringList{"LatencyHigh"});
        QVERIFY(namesOn(kNodes[3]).isEmpty());
    }

    void labelFilter()
    {
        AlertFilter filter;
        filter.matchers = {QStringLiteral("severity=\"critical\"")};
        const auto alerts = client().alerts(filter);
        QVERIFY2(alerts.ok(), qPrintable(alerts.error()));
        QCOMPARE(alerts->size(), size_t(1));
        QCOMPARE(alerts->front().name, QStringLiteral("HighErrorRate"));

        filter.matchers = {QStringLiteral("namespace=~\"shop|bookinfo\""),
                           QStringLiteral("alertname!=\"QuotaAlmostFull\"")};
        const auto mesh = client().alerts(filter);
        QVERIFY2(mesh.ok(), qPrintable(mesh.error()));
        QCOMPARE(mesh->size(), size_t(2));
    }

    void badMatcherIsAClearError()
    {
        AlertFilter filter;
        filter.matchers = {QStringLiteral("severity critical")};
        const auto alerts = client().alerts(filter);
        QVERIFY(!alerts.ok());
        QVERIFY2(alerts.error().startsWith(QStringLiteral("Alertmanager at %1/api/v2/alerts "
                                                          "answered HTTP 400: ")
                                               .arg(m_server->url().toString())),
                 qPrintable(alerts.error()));
    }

    void silencedAlertShowsAsSilenced()
    {
        const auto id = m_server->createSilence({{"alertname", "LatencyHigh"}},
                                                QStringLiteral("deploy of checkout"));
        QVERIFY2(id.ok(), qPrintable(id.error()));
        QVERIFY(!id->isEmpty());
        // Alertmanager applies silences as it answers; poll in case the write lags.
        std::vector<Alert> alerts;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto r = client().alerts();
                if (r)
                    alerts = *r;
                const Alert *a = named(alerts, "LatencyHigh");
                return a && a->silenced();
            }(),
            10'000);
        const Alert *a = named(alerts, "LatencyHigh");
        QCOMPARE(toString(a->state), toString(Alert::State::Suppressed));
        QCOMPARE(a->silencedBy, QStringList{*id});
        QVERIFY(!a->inhibited());
        QCOMPARE(toString(named(alerts, "HighErrorRate")->state), toString(Alert::State::Active));

        AlertFilter activeOnly;
        activeOnly.silenced = false;
        const auto active = client().alerts(activeOnly);
        QVERIFY2(active.ok(), qPrintable(active.error()));
        QVERIFY(!named(*active, "LatencyHigh"));
        QVERIFY(named(*active, "HighErrorRate"));
    }

    void inhibitedAlertShowsAsInhibited()
    {
        const auto posted = m_server->postAlerts({alert(
            {{"alertname", "NamespaceDown"}, {"severity", "critical"}, {"namespace", "bookinfo"}},
            "bookinfo is down")});
        QVERIFY2(posted.ok(), qPrintable(posted.error()));
        std::vector<Alert> alerts;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto r = client().alerts();
                if (r)
                    alerts = *r;
                const Alert *a = named(alerts, "PodCrashLooping");
                return a && a->inhibited();
            }(),
            10'000);
        const Alert *crash = named(alerts, "PodCrashLooping");
        QCOMPARE(toString(crash->state), toString(Alert::State::Suppressed));
        QVERIFY(!crash->silenced());
        // The shop's warning is not in bookinfo: not inhibited by it.
        QVERIFY(!named(alerts, "LatencyHigh")->inhibited());
    }
};

QTEST_GUILESS_MAIN(TstAlertmanagerClientReal)
#include "tst_alertmanagerclient_real.moc"
