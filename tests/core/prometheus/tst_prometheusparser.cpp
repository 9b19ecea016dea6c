#include "core/prometheus/prometheusparser.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <cmath>

using namespace meshscope;
using namespace meshscope::core;

namespace {

const QString kResponses = QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/prometheus/responses");

// A recorded answer with the status and Content-Type it came with (headers/<name>.headers).
HttpResponse recorded(const QString &file)
{
    HttpResponse r;
    QFile body(kResponses + u'/' + file);
    if (body.open(QIODevice::ReadOnly))
        r.body = body.readAll();
    QFile headers(kResponses + QStringLiteral("/headers/") + QFileInfo(file).completeBaseName() +
                  QStringLiteral(".headers"));
    if (headers.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = headers.readAll().split('\n');
        r.status = lines.value(0).split(' ').value(1).toInt();
        for (const QByteArray &line : lines)
            if (line.toLower().startsWith("content-type:"))
                r.contentType = line.mid(13).trimmed();
    }
    r.url = QStringLiteral("http://127.0.0.1:19090/api/v1/") + file;
    return r;
}

QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', 17);
}

// What a user would see of a parsed answer, in one line: kind, size, first value, warnings.
QString summary(const QString &kind, const HttpResponse &r)
{
    auto withNotes = [](QString s, const QStringList &warnings) {
        return warnings.isEmpty() ? s : s + QStringLiteral(" warnings=%1").arg(warnings.size());
    };
    if (kind == u"query") {
        auto q = PrometheusParser::parseQuery(r);
        if (!q)
            return QStringLiteral("error: ") + q.error();
        static const char *names[] = {"vector", "matrix", "scalar", "string"};
        QString s = QString::fromLatin1(names[int(q->type)]);
        if (q->type == PromResultType::Scalar)
            s += u' ' + number(q->scalar.value);
        else if (q->type == PromResultType::String)
            s += u' ' + q->string;
        else {
            s += u' ' + QString::number(q->series.size());
            if (!q->series.empty()) {
                const PromSeries &first = q->series.front();
                if (first.samples.empty())
                    s += QStringLiteral(" histogram count=%1 buckets=%2")
                             .arg(number(first.histograms.front().count))
                             .arg(first.histograms.front().buckets.size());
                else
                    s += u' ' + number(first.samples.front().value);
                if (q->type == PromResultType::Matrix)
                    s += QStringLiteral(" points=%1")
                             .arg(first.samples.size() + first.histograms.size());
            }
        }
        return withNotes(s, q->warnings);
    }
    if (kind == u"buildinfo") {
        auto b = PrometheusParser::parseBuildInfo(r);
        return b ? QStringLiteral("%1.%2.%3 (%4)")
                       .arg(b->major)
                       .arg(b->minor)
                       .arg(b->patch)
                       .arg(b->version)
                 : QStringLiteral("error: ") + b.error();
    }
    if (kind == u"strings") {
        auto l = PrometheusParser::parseStringList(r);
        return l ? QStringLiteral("strings %1").arg(l->size())
                 : QStringLiteral("error: ") + l.error();
    }
    if (kind == u"series") {
        auto s = PrometheusParser::parseSeries(r);
        return s ? QStringLiteral("series %1").arg(s->size())
                 : QStringLiteral("error: ") + s.error();
    }
    auto e = PrometheusParser::parseEnvelope(r);
    return e ? withNotes(QStringLiteral("ok"), e->warnings) : QStringLiteral("error: ") + e.error();
}

struct Expectation
{
    QString file;
    QString kind;     // which parser: query, buildinfo, strings, series, envelope
    QString expected; // the summary, or the start of the error message
};

// The expected outcome of every recorded response.
std::vector<Expectation> expectations()
{
    std::vector<Expectation> out;
    auto row = [&](const char *file, const char *kind, const QString &expected) {
        out.push_back({QString::fromLatin1(file), QString::fromLatin1(kind), expected});
    };
    const QString url = QStringLiteral("http://127.0.0.1:19090/api/v1/");
    auto error = [&](const char *file, const char *type, int status, const char *message) {
        return QStringLiteral("error: Prometheus at %1%2 answered with an error (%3, HTTP %4): %5")
            .arg(url, QString::fromLatin1(file), QString::fromLatin1(type))
            .arg(status)
            .arg(QString::fromUtf8(message));
    };
    row("buildinfo.json", "buildinfo", "2.42.0 (2.42.0+ds)");
    row("empty_vector.json", "query", "vector 0");
    row("error_admin_disabled.json", "query",
        error("error_admin_disabled.json", "unavailable", 500, "admin APIs disabled"));
    row("error_bad_data_bad_time.json", "query",
        error("error_bad_data_bad_time.json", "bad_data", 400,
              "invalid parameter \"time\": Invalid time value for 'time': cannot parse "
              "\"yesterday\" to a valid timestamp"));
    row("error_bad_data_end_before_start.json", "query",
        error("error_bad_data_end_before_start.json", "bad_data", 400,
              "invalid parameter \"end\": end timestamp must not be before start time"));
    row("error_bad_data_label_name.json", "strings",
        error("error_bad_data_label_name.json", "bad_data", 400,
              "invalid label name: \"bad-name\""));
    row("error_bad_data_missing_match.json", "series",
        error("error_bad_data_missing_match.json", "bad_data", 400,
              "no match[] parameter provided"));
    row("error_bad_data_missing_step.json", "query",
        error("error_bad_data_missing_step.json", "bad_data", 400,
              "invalid parameter \"step\": cannot parse \"\" to a valid duration"));
    row("error_bad_data_range_in_range_query.json", "query",
        error("error_bad_data_range_in_range_query.json", "bad_data", 400,
              "invalid expression type \"range vector\" for range query, must be Scalar or "
              "instant Vector"));
    row("error_bad_data_syntax.json", "query",
        error("error_bad_data_syntax.json", "bad_data", 400,
              "invalid parameter \"query\": 1:61: parse error: unclosed left parenthesis"));
    row("error_bad_data_timeout_unit.json", "query",
        error("error_bad_data_timeout_unit.json", "bad_data", 400,
              "invalid parameter \"timeout\": cannot parse \"1ns\" to a valid duration"));
    row("error_bad_data_too_many_points.json", "query",
        error("error_bad_data_too_many_points.json", "bad_data", 400,
              "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing "
              "the query resolution (?step=XX)"));
    row("error_execution_many_to_many.json", "query",
        error("error_execution_many_to_many.json", "execution", 422,
              "found duplicate series for the match group {destination_service=\"details"));
    row("error_timeout.json", "query",
        error("error_timeout.json", "timeout", 503, "query timed out in expression evaluation"));
    row("error_unknown_endpoint.txt", "query",
        QStringLiteral("error: HTTP 404 from %1error_unknown_endpoint.txt is not JSON "
                       "(text/plain; charset=utf-8): \"404 page not found\"")
            .arg(url));
    row("histogram_quantile.json", "query", "vector 4 16.195652173913032");
    row("inf_vector.json", "query", "vector 4 +Inf");
    row("instant_vector.json", "query", "vector 7 10.182373584013673");
    row("instant_vector_post.json", "query", "vector 7 10.182373584013673");
    row("instant_vector_stats.json", "query", "vector 7 10.182373584013673");
    row("label_values_destination_service.json", "strings", "strings 5");
    row("label_values_name_match.json", "strings", "strings 14");
    row("labels.json", "strings", "strings 29");
    row("labels_match.json", "strings", "strings 27");
    row("matrix.json", "query", "matrix 4 4.9021970696849708 points=11");
    row("matrix_error_ratio.json", "query", "matrix 2 0 points=6");
    row("metadata.json", "envelope", "ok");
    row("metadata_metric.json", "envelope", "ok");
    row("nan_histogram_quantile.json", "query", "vector 1 NaN");
    row("nan_vector.json", "query", "vector 1 NaN");
    row("native_histogram_count.json", "query", "vector 2 5.5999999999999996");
    row("native_histogram_matrix.json", "query",
        "matrix 1 histogram count=7.1090909090909085 buckets=8 points=3");
    row("native_histogram_quantile.json", "query", "vector 2 0.071874999999999981");
    row("native_histogram_rate_vector.json", "query",
        "vector 2 histogram count=5.5999999999999996 buckets=9");
    row("native_histogram_vector.json", "query", "vector 2 histogram count=1087 buckets=9");
    row("range_vector_instant.json", "query", "matrix 1 398303 points=6");
    row("raw_vector_selector.json", "query", "vector 1 64");
    row("scalar.json", "query", "scalar 36.965652671963923");
    row("scalar_neg_inf.json", "query", "scalar -Inf");
    row("series.json", "series", "series 4");
    row("series_post.json", "series", "series 2");
    row("string.json", "query", "string istio");
    row("warnings_instant_vector.json", "query", "vector 4 10.182373584013673 warnings=1");
    row("warnings_labels.json", "envelope", "ok warnings=1");
    row("warnings_series.json", "envelope", "ok warnings=1");
    return out;
}

} // namespace

class TstPrometheusParser : public QObject
{
    Q_OBJECT

private slots:
    void recordedResponses_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        for (const Expectation &e : expectations())
            QTest::newRow(qPrintable(e.file)) << e.file << e.kind << e.expected;
    }

    void recordedResponses()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const HttpResponse r = recorded(file);
        QVERIFY2(!r.body.isEmpty() && r.status != 0, qPrintable("fixture missing: " + file));
        const QString got = summary(kind, r);
        if (got != expected)
            QVERIFY2(got.startsWith(expected),
                     qPrintable("\n got: " + got + "\nwant: " + expected));
    }

    void everyRecordedResponseHasARow()
    {
        // A new recording must get an expected outcome above, not be skipped silently.
        const QStringList files = QDir(kResponses).entryList({"*.json", "*.txt"}, QDir::Files);
        QStringList covered;
        for (const Expectation &e : expectations())
            covered.append(e.file);
        covered.sort();
        QVERIFY(files.size() >= 45);
        QCOMPARE(covered, files);
    }

    void specialValues()
    {
        QVERIFY(std::isnan(*PrometheusParser::parseValue("NaN")));
        QCOMPARE(*PrometheusParser::parseValue("+Inf"), std::numeric_limits<double>::infinity());
        QCOMPARE(*PrometheusParser::parseValue("-Inf"), -std::numeric_limits<double>::infinity());
        QCOMPARE(*PrometheusParser::parseValue("1e-07"), 1e-07);
        QCOMPARE(*PrometheusParser::parseValue("1.5e+21"), 1.5e21);
        QVERIFY(!PrometheusParser::parseValue("1,5").has_value());
        QVERIFY(!PrometheusParser::parseValue("").has_value());
    }

    void timestampsAndLabels()
    {
        const auto q = PrometheusParser::parseQuery(recorded("instant_vector.json"));
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QCOMPARE(q->series.front().samples.front().timestampMs, 1795301916547);
        QCOMPARE(q->series.front().labels.value("source_workload"),
                 QStringLiteral("productpage-v1"));
        QCOMPARE(q->series.front().labels.value("response_code"), QStringLiteral("200"));
    }

    void warningTextIsDecoded()
    {
        const auto q = PrometheusParser::parseQuery(recorded("warnings_instant_vector.json"));
        QVERIFY(q.ok());
        QVERIFY2(q->warnings.front().contains("<!DOCTYPE HTML>\n<html"),
                 qPrintable(q->warnings.front()));
    }

    void badInput_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");

        QTest::newRow("truncated json")
            << 200 << QByteArray("application/json")
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{)")
            << "Invalid JSON from http://p/api/v1/query (HTTP 200, 71 bytes): unterminated object "
               "at byte 71";
        QTest::newRow("100k-deep nesting") << 200 << QByteArray("application/json")
                                           << QByteArray(100000, '[') + QByteArray(100000, ']')
                                           << "Invalid JSON from http://p/api/v1/query (HTTP 200, "
                                              "200000 bytes): nested too deeply";
        QTest::newRow("html from a proxy")
            << 502 << QByteArray("text/html")
            << QByteArray(
                   "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            << "HTTP 502 from http://p/api/v1/query is not JSON (text/html): "
               "\"<html><head><title>502 Bad Gateway";
        QTest::newRow("empty body") << 503 << QByteArray("text/plain") << QByteArray()
                                    << "HTTP 503 from http://p/api/v1/query with an empty body";
        QTest::newRow("json but no envelope")
            << 200 << QByteArray("application/json") << QByteArray(R"({"hello":1})")
            << "HTTP 200 from http://p/api/v1/query is JSON but not a Prometheus API answer";
        QTest::newRow("unknown result type")
            << 200 << QByteArray("application/json")
            << QByteArray(R"({"status":"success","data":{"resultType":"table","result":[]}})")
            << "Unexpected answer from http://p/api/v1/query: data.resultType is \"table\"";
        QTest::newRow("value not a string")
            << 200 << QByteArray("application/json")
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"2"]},{"metric":{"a":"b"},"value":[1,2]}]}})")
            << "Unexpected answer from http://p/api/v1/query: data.result[1].value[1] is not a "
               "number in quotes (got 2)";
        QTest::newRow("bad matrix point")
            << 200 << QByteArray("application/json")
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"2"],[1]]}]}})")
            << "Unexpected answer from http://p/api/v1/query: data.result[0].values[1] is not a "
               "[timestamp, \"value\"] pair";
        QTest::newRow("error without errorType")
            << 500 << QByteArray("application/json") << QByteArray(R"({"status":"error"})")
            << "Prometheus at http://p/api/v1/query answered with an error (no errorType, HTTP "
               "500): (no message)";
    }

    void badInput()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        HttpResponse r;
        r.status = status;
        r.contentType = contentType;
        r.body = body;
        r.url = QStringLiteral("http://p/api/v1/query");
        const auto q = PrometheusParser::parseQuery(r);
        QVERIFY(!q.ok());
        QVERIFY2(q.error().startsWith(expected),
                 qPrintable("\n got: " + q.error() + "\nwant: " + expected));
    }

    void duplicateSeriesKeepTheFirstAndWarn()
    {
        HttpResponse r;
        r.status = 200;
        r.contentType = "application/json";
        r.url = QStringLiteral("http://p/api/v1/query");
        r.body = R"({"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"destination_service":"a","source_workload":"b"},"value":[1,"1"]},
            {"metric":{"source_workload":"b","destination_service":"a"},"value":[1,"9"]},
            {"metric":{"destination_service":"c"},"value":[1,"3"]}]}})";
        const auto q = PrometheusParser::parseQuery(r);
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QCOMPARE(q->series.size(), size_t(2));
        QCOMPARE(q->series[0].samples[0].value, 1.0);
        QCOMPARE(q->warnings, QStringList{"http://p/api/v1/query sent the series "
                                          "{destination_service=\"a\",source_workload=\"b\"} "
                                          "twice; the second was ignored"});
    }

    void victoriaMetricsBuildInfoWithoutVersion()
    {
        HttpResponse r;
        r.status = 200;
        r.contentType = "application/json";
        r.url = QStringLiteral("http://vm/api/v1/status/buildinfo");
        r.body = R"({"status":"success","data":{}})";
        auto b = PrometheusParser::parseBuildInfo(r);
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QVERIFY(!b->hasVersion());
        r.body = R"({"status":"success","data":{"version":"v2.45.0-rc.1"}})";
        b = PrometheusParser::parseBuildInfo(r);
        QVERIFY(b.ok());
        QCOMPARE(b->major, 2);
        QCOMPARE(b->minor, 45);
    }
};

QTEST_GUILESS_MAIN(TstPrometheusParser)
#include "tst_prometheusparser.moc"
