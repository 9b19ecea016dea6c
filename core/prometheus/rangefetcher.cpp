#include "core/prometheus/rangefetcher.h"

#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/samplebuilder.h"

#include <QLoggingCategory>

#include <algorithm>
#include <map>

Q_DECLARE_LOGGING_CATEGORY(lcPrometheus) // defined in prometheusclient.cpp

namespace meshscope::core {

Result<std::shared_ptr<RangeFetcher>> RangeFetcher::create(PrometheusSourceOptions options,
                                                           std::shared_ptr<HttpClient> http)
{
    const QUrl &url = options.endpoint.baseUrl;
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return Error{QStringLiteral("'%1' is not a Prometheus URL (expected http(s)://host:port)")
                         .arg(url.toDisplayString())};
    auto queries = QueryBuilder::create(options.profile, options.granularity, options.namespaces);
    if (!queries)
        return Error{queries.error()};
    return std::shared_ptr<RangeFetcher>(new RangeFetcher(std::move(options), std::move(http)));
}

RangeFetcher::RangeFetcher(PrometheusSourceOptions options, std::shared_ptr<HttpClient> http)
    : m_options(std::move(options)), m_http(std::move(http)), m_client(m_options.endpoint, m_http)
{
}

QString RangeFetcher::name() const
{
    return QStringLiteral("prometheus:") +
           m_options.endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
}

QString RangeFetcher::describe(size_t query) const
{
    const MetricProfile::Query &q = m_options.profile.queries[query];
    return QStringLiteral("%1 range query (profile %2, %3:%4)")
        .arg(MetricProfile::roleName(q.role), m_options.profile.name, m_options.profile.origin)
        .arg(q.line);
}

Result<void> RangeFetcher::probePrefix(const CancelToken &cancel)
{
    // The same probe as a live connect: an exporter may have prefixed the metric's name.
    const QString metric = m_options.profile.probeMetric;
    auto probe = m_client.instantQuery(
        QStringLiteral("count by (__name__) ({__name__=~\"(.+_)?%1\"})").arg(metric), std::nullopt,
        cancel);
    if (!probe)
        return Error{probe.error()};
    QStringList names;
    for (const PromSeries &s : probe->series)
        names << s.labels.value(QStringLiteral("__name__"));
    names.sort();
    const QString found = names.isEmpty() || names.contains(metric) ? metric : names.first();
    auto queries =
        QueryBuilder::create(m_options.profile, m_options.granularity, m_options.namespaces,
                             found.left(found.size() - metric.size()));
    if (!queries)
        return Error{queries.error()};
    m_queries = std::move(queries).value();
    return {};
}

Result<int> RangeFetcher::fetchWindow(const ReplayWindow &window,
                                      const TelemetrySource::SampleConsumer &consume,
                                      const Progress &progress, const CancelToken &cancel)
{
    m_requests = 0;
    if (window.stepMs <= 0 || window.endMs < window.startMs)
        return Error{QStringLiteral("replay window: needs a step > 0 and an end after the start "
                                    "(got step %1 ms, %2 ms long)")
                         .arg(window.stepMs)
                         .arg(window.endMs - window.startMs)};
    const qint64 total = window.pointCount();
    if (total > kMaxPoints)
        return Error{QStringLiteral("replay window: %1 steps of %2 s is more than the %3 points "
                                    "replay holds; choose a larger step or a shorter window")
                         .arg(total)
                         .arg(double(window.stepMs) / 1000.0)
                         .arg(kMaxPoints)};
    if (!m_queries) {
        auto probed = probePrefix(cancel);
        if (!probed)
            return Error{probed.error()};
    }
    const SampleBuilder builder(m_options.profile, m_options.granularity, m_options.namespaces);
    // Server-side quantiles: buckets at every step would be 20 times larger.
    const QStringList &queries = m_queries->rangeQueries();
    int count = 0;
    qint64 done = 0;
    for (qint64 sliceStart = window.startMs; sliceStart <= window.endMs;
         sliceStart += window.stepMs * kPointsPerSlice) {
        if (cancel.isCancelled())
            return Error{QStringLiteral("replay of %1 cancelled").arg(name())};
        const qint64 sliceEnd =
            std::min(window.endMs, sliceStart + window.stepMs * (kPointsPerSlice - 1));
        std::vector<HttpRequest> requests;
        for (const QString &q : queries)
            requests.push_back(m_client.rangeQueryRequest(q, sliceStart, sliceEnd, window.stepMs));
        m_requests += int(requests.size());
        auto responses = m_http->runBatch(requests, cancel);
        if (cancel.isCancelled())
            return Error{QStringLiteral("replay of %1 cancelled").arg(name())};
        // Matrix -> one vector per timestamp and query, for this slice only.
        SampleBuilder::ByTime byTime;
        for (size_t i = 0; i < responses.size(); ++i) {
            if (!responses[i])
                return Error{responses[i].error() + QStringLiteral(" [%1]").arg(describe(i))};
            auto parsed = PrometheusParser::parseQuery(*responses[i]);
            if (!parsed)
                return Error{parsed.error() + QStringLiteral(" [%1]").arg(describe(i))};
            if (parsed->type != PromResultType::Matrix && !parsed->series.empty())
                return Error{QStringLiteral("%1 answered a range query with no matrix [%2]")
                                 .arg(name(), describe(i))};
            for (const QString &w : parsed->warnings)
                qCInfo(lcPrometheus).noquote() << "replay warning:" << describe(i) << w;
            SampleBuilder::addMatrix(byTime, i, responses.size(), parsed->series);
        }
        count += builder.buildEach(byTime, name(), consume);
        done = std::min(total, done + kPointsPerSlice);
        if (progress)
            progress(done, total);
    }
    return count;
}

} // namespace meshscope::core
