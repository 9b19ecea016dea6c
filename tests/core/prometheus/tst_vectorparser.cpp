#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/vectorparser.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace meshscope;
using namespace meshscope::core;

namespace {

const QString kResponses = QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/prometheus/responses");

HttpResponse response(const QByteArray &body)
{
    HttpResponse r;
    r.status = 200;
    r.contentType = "application/json";
    r.body = body;
    r.url = QStringLiteral("http://127.0.0.1:9090/api/v1/query");
    return r;
}

bool sameDouble(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

// Everything a caller reads of an answer, compared exactly (values bit for bit).
QString difference(const PromQueryResult &fast, const PromQueryResult &general)
{
    if (fast.type != general.type)
        return QStringLiteral("type");
    if (fast.warnings != general.warnings)
        return QStringLiteral("warnings: ") + fast.warnings.join(u'|') + QStringLiteral(" vs ") +
               general.warnings.join(u'|');
    if (fast.infos != general.infos)
        return QStringLiteral("infos");
    if (fast.series.size() != general.series.size())
        return QStringLiteral("series count %1 vs %2")
            .arg(fast.series.size())
            .arg(general.series.size());
    for (size_t i = 0; i < fast.series.size(); ++i) {
        const PromSeries &a = fast.series[i];
        const PromSeries &b = general.series[i];
        if (a.labels != b.labels)
            return QStringLiteral("labels of series %1").arg(i);
        if (a.samples.size() != b.samples.size() || !b.histograms.empty())
            return QStringLiteral("samples of series %1").arg(i);
        for (size_t j = 0; j < a.samples.size(); ++j)
            if (a.samples[j].timestampMs != b.samples[j].timestampMs ||
                !sameDouble(a.samples[j].value, b.samples[j].value))
                return QStringLiteral("sample %1 of series %2").arg(j).arg(i);
    }
    return {};
}

} // namespace

class TstVectorParser : public QObject
{
    Q_OBJECT

private slots:
    // Every recorded answer: where the fast path answers, it is the general parser's answer;
    // it answers for the plain vectors and matrices a refresh and a backfill get.
    void recordedResponses_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("fast");
        const QStringList fastOnes{"empty_vector.json",
                                   "histogram_quantile.json",
                                   "inf_vector.json",
                                   "instant_vector.json",
                                   "instant_vector_post.json",
                                   "instant_vector_stats.json",
                                   "matrix.json",
                                   "matrix_error_ratio.json",
                                   "nan_histogram_quantile.json",
                                   "nan_vector.json",
                                   "range_vector_instant.json",
                                   "raw_vector_selector.json",
                                   "native_histogram_count.json",
                                   "native_histogram_quantile.json"};
        const QStringList files = QDir(kResponses).entryList({"*.json", "*.txt"}, QDir::Files);
        QVERIFY(files.size() >= 45);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f << fastOnes.contains(f);
    }
    void recordedResponses()
    {
        QFETCH(QString, file);
        QFETCH(bool, fast);
        QFile f(kResponses + u'/' + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const HttpResponse r = response(f.readAll());
        const auto got = VectorParser::parse(r);
        QCOMPARE(got.has_value(), fast);
        if (!got)
            return;
        const auto general = PrometheusParser::parseQueryGeneric(r);
        QVERIFY2(general.ok(), qPrintable(general.error()));
        const QString diff = difference(*got, *general);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Shapes the fast path must read exactly as the general parser, and shapes it must leave to
    // it (nullopt), written out.
    void shapes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("fast");
        const QByteArray pair = R"([1700000000.123,"0.25"])";
        QTest::newRow("keys in any order, unknown keys skipped")
            << QByteArray(R"({"data":{"result":[{"value":)" + pair +
                          ",\"metric\":{\"b\":\"2\",\"a\":\"1\"},\"x\":[{\"y\":null},true,-1.5e3,"
                          "\"\\n\"]}],"
                          R"("stats":{"timings":{"evalTotalTime":0.01}},"resultType":"vector"},)"
                          R"("status":"success","warnings":["w1"],"infos":["i"]})")
            << true;
        QTest::newRow("duplicate series: the second ignored, with the same warning")
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[)"
                   R"({"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"1"},"value":[1,"2"]}]}})")
            << true;
        QTest::newRow("NaN, Inf and exponents")
            << QByteArray(R"({"status":"success","data":{"resultType":"matrix","result":[)"
                          R"({"metric":{},"values":[[1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"1.5e-7"],)"
                          R"([5,"Inf"],[6,"-0"],[7,"123456789012345678901234567890"]]}]}})")
            << true;
        QTest::newRow("an escape in a label value")
            << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[)"
                          "{\"metric\":{\"a\":\"x\\\"y\"},\"value\":[1,\"1\"]}]}}")
            << false;
        QTest::newRow("non-ASCII label value")
            << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                          "{\"metric\":{\"a\":\"caf\xc3\xa9\"},\"value\":[1,\"1\"]}]}}")
            << false;
        QTest::newRow("error envelope")
            << QByteArray(R"({"status":"error","errorType":"bad_data","error":"x"})") << false;
        QTest::newRow("scalar")
            << QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[1,"1"]}})")
            << false;
        QTest::newRow("a value that is no number")
            << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[)"
                          R"({"metric":{},"value":[1,"1,5"]}]}})")
            << false;
        QTest::newRow("a vector element without value")
            << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[)"
                          R"({"metric":{},"values":[[1,"1"]]}]}})")
            << false;
        QTest::newRow("duplicate label name")
            << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[)"
                          R"({"metric":{"a":"1","a":"2"},"value":[1,"1"]}]}})")
            << false;
        QTest::newRow("truncated")
            << QByteArray(R"({"status":"success","data":{"resultType":)") << false;
        QTest::newRow("garbage after the object")
            << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[]}}x)")
            << false;
        QTest::newRow("native histogram")
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[)"
                   R"({"metric":{},"histogram":[1,{"count":"1","sum":"1","buckets":[]}]}]}})")
            << false;
        QByteArray deep = R"({"status":"success","x":)";
        deep += QByteArray(100, '[') + QByteArray(100, ']');
        deep += R"(,"data":{"resultType":"vector","result":[]}})";
        QTest::newRow("deep nesting in an unknown key") << deep << false;
    }
    void shapes()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, fast);
        const HttpResponse r = response(body);
        const auto got = VectorParser::parse(r);
        QCOMPARE(got.has_value(), fast);
        const auto general = PrometheusParser::parseQueryGeneric(r);
        if (got) {
            QVERIFY2(general.ok(), qPrintable(general.error()));
            const QString diff = difference(*got, *general);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
        // What callers get is the general parser's answer in every case.
        const auto viaEntry = PrometheusParser::parseQuery(r);
        QCOMPARE(viaEntry.ok(), general.ok());
        if (!general.ok())
            QCOMPARE(viaEntry.error(), general.error());
    }

    void duplicateWarningNamesTheSeries()
    {
        const auto got = VectorParser::parse(response(
            R"({"status":"success","data":{"resultType":"vector","result":[)"
            R"({"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"1"},"value":[1,"2"]}]}})"));
        QVERIFY(got);
        QCOMPARE(got->series.size(), size_t(1));
        QCOMPARE(got->series[0].samples[0].value, 1.0);
        QCOMPARE(got->warnings,
                 QStringList{"http://127.0.0.1:9090/api/v1/query sent the series {a=\"1\"} twice; "
                             "the second was ignored"});
    }

    // Thousands of series, every 97th sent again with another value and the labels in another
    // order, and series that differ only in which label holds a value: duplicates are found
    // wherever they land in the table, the rest kept, in the general parser's order.
    void duplicatesAmongManySeries()
    {
        QByteArray body = R"({"status":"success","data":{"resultType":"vector","result":[)";
        int sent = 0;
        auto add = [&](const QByteArray &metric, int value) {
            if (sent++ > 0)
                body += ',';
            body += "{\"metric\":{" + metric + "},\"value\":[1700000000,\"" +
                    QByteArray::number(value) + "\"]}";
        };
        for (int i = 0; i < 5000; ++i) {
            const QByteArray n = QByteArray::number(i);
            add("\"meshscope_edge\":\"c|ns|svc-" + n + "|c|ns|db\",\"code\":\"200\"", i);
            if (i % 97 == 0)
                add("\"code\":\"200\",\"meshscope_edge\":\"c|ns|svc-" + n + "|c|ns|db\"", -i);
        }
        add(R"("a":"x","b":"")", 1);
        add(R"("a":"","b":"x")", 2);
        body += "]}}";
        const HttpResponse r = response(body);
        const auto got = VectorParser::parse(r);
        QVERIFY(got);
        QCOMPARE(got->series.size(), size_t(5002));
        QCOMPARE(got->warnings.size(), 52); // 0, 97, ..., 4947
        QCOMPARE(got->series[4999].samples[0].value, 4999.0);
        const auto general = PrometheusParser::parseQueryGeneric(r);
        QVERIFY2(general.ok(), qPrintable(general.error()));
        const QString diff = difference(*got, *general);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
};

QTEST_GUILESS_MAIN(TstVectorParser)
#include "tst_vectorparser.moc"
