#include "tests/core/prometheus/samplebuilderfixture.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing;

// The answers in the shape every query and recorded series has: the identity labels joined in
// meshscope_edge. The same sample as from separate labels, a value with a '|' left out and
// counted, and the namespace selection checked on the split fields.
class TstSampleBuilderJoined : public QObject, public SampleBuilderFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpAnswers(); }

    // As the query answers: the identity labels joined in meshscope_edge (groupBy order).
    void latencyFromJoinedBuckets()
    {
        m_results[1].series.clear();
        const QString edge = "east|shop|istio-ingressgateway|east|shop|frontend";
        const QList<std::pair<const char *, double>> buckets{
            {"5", 0}, {"10", 10}, {"50", 60}, {"100", 90}, {"250", 100}, {"+Inf", 100}};
        for (const auto &[le, v] : buckets)
            add(m_results[1], {{"le", le}, {"meshscope_edge", edge}}, v);
        // A '|' inside a value: the parts cannot be told apart, so the series is left out and
        // counted, never attached to a wrong node.
        for (const auto &[le, v] : buckets)
            add(m_results[1], {{"le", le}, {"meshscope_edge", "east|shop|a|b|east|shop|frontend"}},
                v);
        const SampleBuilder builder(m_istio, Granularity::Service);
        std::vector<const PromQueryResult *> p;
        for (const PromQueryResult &r : m_results)
            p.push_back(&r);
        const TelemetrySample s = builder.build(p, 42);
        const EdgeSample *e = findEdge(s, "istio-ingressgateway", "frontend");
        QVERIFY(e);
        QCOMPARE(e->source.ns(), QStringLiteral("shop"));
        QCOMPARE(e->latency.p50Ms, 42.0);
        QCOMPARE(e->latency.p95Ms, 175.0);
        QCOMPARE(e->latency.p99Ms, 235.0);
        QCOMPARE(builder.unreadableSeries(), 1); // one call, whatever its number of series
        QVERIFY(!findNode(s, "a|b"));
        QVERIFY(!findNode(s, "a"));
    }

    // Every query joins the identity labels into meshscope_edge (the recorded series too): the
    // same answers in that shape give the same sample, an external peer included.
    void joinedAnswersGiveTheSameSample()
    {
        add(m_results[0],
            outcome(call("frontend", "api.stripe.com", "shop", "unknown"), "http", "200", "", "-"),
            7);
        const QStringList separate = facts(build());
        for (PromQueryResult &r : m_results)
            for (PromSeries &series : r.series)
                if (series.labels.contains("destination_service_name"))
                    series.labels = joined(series.labels);
        QCOMPARE(m_results[0].series.front().labels.size(), 5); // the edge and the outcome
        QCOMPARE(facts(build()), separate);
        QCOMPARE(int(findNode(build(), "api.stripe.com")->kind), int(NodeKind::External));
    }

    // The recorded series are selected by namespace with a regex over the joined label, which
    // lets a selection run past its field ("shop.cart.*" over "shop|cartservice"): the split
    // fields are checked again, and a call with either end in the selection stays.
    void namespacesAreCheckedOnTheJoinedFields()
    {
        add(m_results[0], outcome(call("frontend", "basket", "shop-carts"), "http", "200", "", "-"),
            5);
        for (PromQueryResult &r : m_results)
            for (PromSeries &series : r.series)
                if (series.labels.contains("destination_service_name"))
                    series.labels = joined(series.labels);
        std::vector<const PromQueryResult *> p;
        for (const PromQueryResult &r : m_results)
            p.push_back(&r);
        const TelemetrySample s =
            SampleBuilder(m_istio, Granularity::Service, QStringLiteral("shop.cart.*"))
                .build(p, 42);
        QCOMPARE(int(s.edges.size()), 1);
        QVERIFY(findEdge(s, "frontend", "basket"));
        const TelemetrySample all =
            SampleBuilder(m_istio, Granularity::Service, QStringLiteral(".*")).build(p, 42);
        QCOMPARE(int(all.edges.size()), 4);
    }

    // The parser shares one string among an answer's series with the same value; answers of
    // one refresh each have their own: a call is one row whichever string carries its label.
    void oneRowPerCallWhateverStringCarriesIt()
    {
        const QStringList separate = facts(build());
        for (PromQueryResult &r : m_results)
            for (PromSeries &series : r.series)
                if (series.labels.contains("destination_service_name"))
                    series.labels = joined(series.labels);
        // One shared string per call within each answer, as VectorParser gives them.
        for (PromQueryResult &r : m_results) {
            QHash<QString, QString> shared;
            for (PromSeries &series : r.series) {
                const QString text = series.labels.value("meshscope_edge");
                if (text.isEmpty())
                    continue;
                if (!shared.contains(text))
                    shared.insert(text, QString(text.constData(), text.size())); // a copy
                series.labels.insert("meshscope_edge", shared.value(text));
            }
        }
        const TelemetrySample s = build();
        QCOMPARE(facts(s), separate);
        QCOMPARE(int(s.edges.size()), 3);
    }
};

QTEST_GUILESS_MAIN(TstSampleBuilderJoined)
#include "tst_samplebuilder_joined.moc"
