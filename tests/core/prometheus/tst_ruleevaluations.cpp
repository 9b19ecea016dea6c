#include "tests/core/prometheus/fakeprometheus.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing;

namespace {

// 2026-11-30T12:42:02.954Z and one minute later.
constexpr qint64 kFirstEvaluationMs = Q_INT64_C(1796042522954);
constexpr qint64 kSecondEvaluationMs = kFirstEvaluationMs + 60'000;
constexpr qint64 kNowMs = kFirstEvaluationMs + 20'000;

} // namespace

// Reading Meshscope's recorded series, the source follows the rule group's evaluations
// (RuleEvaluations): it reads at the last completed one, and until the next completes it reuses
// that sample without a query; when the rules API cannot say, it reads at its own time.
// docs/query-profiles.md, "Following the rule evaluations".
class TstRuleEvaluations : public QObject, public FakePrometheus
{
    Q_OBJECT

    std::shared_ptr<PrometheusSource> recordedSource(bool follow = true)
    {
        return source(
            {}, [] { return kNowMs; }, follow);
    }

private Q_SLOTS:
    void init()
    {
        startServer();
        m_recorded = true;
    }

    void readsAtTheLastEvaluationAndReusesItUntilTheNext()
    {
        rulesSay("2026-11-30T12:42:02.954509654Z");
        auto s = recordedSource();
        const auto first = s->fetch();
        QVERIFY2(first.ok(), qPrintable(first.error()));
        QCOMPARE(first->edges.size(), size_t(1));
        QCOMPARE(first->edges[0].requestRate, 95.0);
        PrometheusRefreshStats st = s->lastStats();
        QVERIFY(st.recordingRules);
        QCOMPARE(st.evaluationMs, kFirstEvaluationMs);
        QVERIFY(!st.reused);
        QCOMPARE(m_queries.load(), 5);
        QCOMPARE(st.queries, 6);                           // and the rules API
        QCOMPARE(m_lastTimeMs.load(), kFirstEvaluationMs); // not the clock's 20 s later
        QCOMPARE(first->timestampMs, kNowMs);

        // No new evaluation: the same sample, no query but the rules API's.
        const auto again = s->fetch();
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QCOMPARE(m_queries.load(), 5);
        QCOMPARE(m_rulesCalls.load(), 2);
        st = s->lastStats();
        QVERIFY(st.reused);
        QCOMPARE(st.queries, 1);
        QCOMPARE(st.evaluationMs, kFirstEvaluationMs);
        QCOMPARE(again->edges.size(), size_t(1));
        QCOMPARE(again->edges[0].source, first->edges[0].source);
        QCOMPARE(again->edges[0].requestRate, 95.0);

        // The next evaluation completed: read at it.
        rulesSay("2026-11-30T12:43:02.954Z");
        QVERIFY(s->fetch().ok());
        QCOMPARE(m_queries.load(), 10);
        QCOMPARE(m_lastTimeMs.load(), kSecondEvaluationMs);
        QVERIFY(!s->lastStats().reused);
        QCOMPARE(s->lastStats().evaluationMs, kSecondEvaluationMs);
    }

    // A failed refresh is not remembered: the next one asks again and queries.
    void aFailedReadIsNotReused()
    {
        rulesSay("2026-11-30T12:42:02.954Z");
        m_server->setRoute("/api/v1/query", [this](const MisbehavingServer::Request &r) {
            const QString q = QUrlQuery(QString::fromUtf8(r.body))
                                  .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
            if (q.contains(QLatin1String("istio_tcp:rate")) && m_rulesCalls.load() == 1)
                return Reply{503, "text/plain", {}, "overloaded", false};
            return query(r);
        });
        auto s = recordedSource();
        const auto failed = s->fetch();
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().contains(QLatin1String("503")), qPrintable(failed.error()));
        const int before = m_queries.load();
        QVERIFY(s->fetch().ok());
        QVERIFY(m_queries.load() > before);
        QVERIFY(!s->lastStats().reused);
    }

    // Before its first evaluation (Go's zero time) the group says nothing: read at the refresh's
    // own time, and ask again next time.
    void notEvaluatedYetReadsAtItsOwnTime()
    {
        rulesSay("0001-01-01T00:00:00Z");
        auto s = recordedSource();
        QVERIFY(s->fetch().ok());
        QCOMPARE(m_lastTimeMs.load(), kNowMs);
        QCOMPARE(s->lastStats().evaluationMs, Q_INT64_C(0));
        QVERIFY(s->fetch().ok());
        QCOMPARE(m_queries.load(), 10);
        QCOMPARE(m_rulesCalls.load(), 2);
    }

    // A store without the rules API (a proxy's 404 page, an error envelope): each refresh
    // queries at its own time, and the rules API is not asked again.
    void withoutTheRulesApiEveryRefreshQueries_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("404 page") << 404 << QByteArray("404 page not found");
        QTest::newRow("error envelope")
            << 200
            << QByteArray(R"({"status":"error","errorType":"unavailable","error":"no ruler"})");
        QTest::newRow("no group holds the rules")
            << 200 << QByteArray(R"({"status":"success","data":{"groups":[]}})");
    }
    void withoutTheRulesApiEveryRefreshQueries()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        rulesSay({}, status, body);
        auto s = recordedSource();
        QVERIFY(s->fetch().ok());
        QVERIFY(s->fetch().ok());
        QCOMPARE(m_queries.load(), 10);
        QCOMPARE(m_lastTimeMs.load(), kNowMs);
        QVERIFY(!s->lastStats().reused);
        QVERIFY(s->lastStats().recordingRules);
        // A failing API is asked once; a group not found (rules loaded later) every time.
        QCOMPARE(m_rulesCalls.load(), status == 200 && body.contains("success") ? 2 : 1);
    }

    // No answer at all (here a timeout) is not a store without the rules API: the next refresh
    // asks again and follows the evaluations.
    void aRulesApiThatDidNotAnswerIsAskedAgain()
    {
        m_server->setRoute("/api/v1/rules", [this](const MisbehavingServer::Request &) {
            if (++m_rulesCalls == 1)
                QThread::msleep(1500); // past the client's total timeout below
            return Reply{
                200,
                "application/json",
                {},
                R"({"status":"success","data":{"groups":[{"name":"g",)"
                R"("lastEvaluation":"2026-11-30T12:42:02.954Z","rules":[)"
                R"({"name":"meshscope_service:istio_requests:rate1m","type":"recording"}]}]}})",
                false};
        });
        HttpOptions http;
        http.totalTimeoutMs = 700;
        auto s = source(http, [] { return kNowMs; });
        // The loopback server answers one request at a time: the queries of this refresh wait
        // behind the sleeping one and time out too, as they would behind a server that hangs.
        const auto first = s->fetch();
        QVERIFY(!first.ok());
        QVERIFY2(first.error().startsWith(QLatin1String("Timed out")), qPrintable(first.error()));
        QThread::msleep(1000); // the server is free again
        const auto second = s->fetch();
        QVERIFY2(second.ok(), qPrintable(second.error()));
        QCOMPARE(m_rulesCalls.load(), 2);
        QCOMPARE(m_lastTimeMs.load(), kFirstEvaluationMs);
        QCOMPARE(s->lastStats().evaluationMs, kFirstEvaluationMs);
    }

    // Switched off: no rules API, every refresh queries at its own time.
    void notFollowingQueriesEveryTime()
    {
        rulesSay("2026-11-30T12:42:02.954Z");
        auto s = recordedSource(false);
        QVERIFY(s->fetch().ok());
        QVERIFY(s->fetch().ok());
        QCOMPARE(m_queries.load(), 10);
        QCOMPARE(m_rulesCalls.load(), 0);
        QCOMPARE(m_lastTimeMs.load(), kNowMs);
        QCOMPARE(s->lastStats().queries, 5);
    }
};

QTEST_GUILESS_MAIN(TstRuleEvaluations)
#include "tst_ruleevaluations.moc"
