#include "core/prometheus/prometheussource.h"

#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/recordingrules.h"
#include "core/prometheus/ruleslistparser.h"
#include "core/prometheus/samplebuilder.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <map>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcPrometheus) // defined in prometheusclient.cpp

namespace meshscope::core {

namespace {

// Range queries of a backfill go in slices of this many points, so that the past of a big mesh
// never has to fit under the response cap in one answer.
constexpr qint64 kBackfillPointsPerBatch = 10;

QString shortQuery(const QString &query)
{
    return query.size() > 160 ? query.left(160) + QStringLiteral("…") : query;
}

} // namespace

Result<std::shared_ptr<PrometheusSource>> PrometheusSource::create(PrometheusSourceOptions options,
                                                                   std::shared_ptr<HttpClient> http,
                                                                   Clock clock)
{
    const QUrl &url = options.endpoint.baseUrl;
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return Error{QStringLiteral("'%1' is not a Prometheus URL (expected http(s)://host:port, "
                                    "e.g. http://localhost:9090)")
                         .arg(url.toDisplayString())};
    auto queries = QueryBuilder::create(options.profile, options.granularity, options.namespaces);
    if (!queries)
        return Error{queries.error()};
    if (!clock)
        clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    return std::shared_ptr<PrometheusSource>(new PrometheusSource(
        std::move(options), std::move(http), std::move(clock), std::move(queries).value()));
}

PrometheusSource::PrometheusSource(PrometheusSourceOptions options,
                                   std::shared_ptr<HttpClient> http, Clock clock,
                                   QueryBuilder queries)
    : m_options(std::move(options)), m_http(std::move(http)), m_client(m_options.endpoint, m_http),
      m_clock(std::move(clock))
{
    Q_UNUSED(queries); // validated; rebuilt with the probed prefix on connect
}

QString PrometheusSource::name() const
{
    return QStringLiteral("prometheus:") +
           m_options.endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
}

PrometheusRefreshStats PrometheusSource::lastStats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

QString PrometheusSource::serverDescription() const
{
    std::lock_guard lock(m_mutex);
    return m_server;
}

Result<HttpOptions> PrometheusSource::httpOptions() const
{
    HttpOptions http = m_options.endpoint.http;
    const qint64 deadline = m_deadlineMs.load();
    if (deadline > 0) {
        const qint64 left = deadline - QDateTime::currentMSecsSinceEpoch();
        if (left <= 0)
            return Error{QStringLiteral("gave up on %1: the total time allowed is over")
                             .arg(m_options.endpoint.baseUrl.toDisplayString())};
        http.totalTimeoutMs = int(std::min<qint64>(http.totalTimeoutMs, left));
        http.connectTimeoutMs = std::min(http.connectTimeoutMs, http.totalTimeoutMs);
    }
    return http;
}

Result<std::vector<PromQueryResult>> PrometheusSource::run(const std::vector<HttpRequest> &requests,
                                                           qint64 *bytes)
{
    // Each answer is read as soon as it arrives, while the others are still on the way (the
    // server writes them concurrently); the first failure in the profile's order is reported.
    std::vector<std::optional<Result<PromQueryResult>>> parsed(requests.size());
    m_http->runEach(requests, [&](size_t i, Result<HttpResponse> response) {
        const MetricProfile::Query &q = m_options.profile.queries[i];
        const QString what = QStringLiteral("%1 query (profile %2, %3:%4)")
                                 .arg(MetricProfile::roleName(q.role), m_options.profile.name,
                                      m_options.profile.origin)
                                 .arg(q.line);
        if (!response) {
            parsed[i].emplace(
                Error{response.error() + QStringLiteral(" [") + what + QLatin1Char(']')});
            return;
        }
        if (bytes)
            *bytes += response->wireBytes;
        auto result = PrometheusParser::parseQuery(*response);
        if (!result)
            parsed[i].emplace(
                Error{result.error() + QStringLiteral(" [") + what + QLatin1Char(']')});
        else
            parsed[i].emplace(std::move(result).value());
    });
    std::vector<PromQueryResult> out;
    out.reserve(requests.size());
    for (auto &result : parsed) {
        if (!*result)
            return Error{result->error()};
        out.push_back(std::move(*result).value());
    }
    return out;
}

// The recorded series a refresh can read instead of the raw queries: all of the profile's rules
// (RecordingRules) must have series, else a refresh would mix recorded and missing parts; any
// doubt (an error, a rule missing) keeps the raw queries, which always work.
QStringList PrometheusSource::probeRecordingRules(const PrometheusClient &client,
                                                  const QString &prefix) const
{
    if (!m_options.useRecordingRules)
        return {};
    const auto rules = RecordingRules::create(m_options.profile, m_options.granularity, prefix);
    if (!rules)
        return {};
    QStringList wanted;
    for (const QString &n : rules->recordedNames())
        if (!n.isEmpty() && !wanted.contains(n))
            wanted << n;
    if (wanted.isEmpty())
        return {};
    // Names are [a-zA-Z0-9_:] only (RecordingRules), so they need no regex escaping. Series
    // without the joined identity label come from rules of an older shape: not read.
    auto probe =
        client.instantQuery(QStringLiteral("count by (__name__) ({__name__=~\"%1\",%2!=\"\"})")
                                .arg(wanted.join(u'|'), QLatin1String(QueryBuilder::kEdgeLabel)));
    if (!probe) {
        qCInfo(lcPrometheus).noquote() << "recording rules not probed:" << probe.error();
        return {};
    }
    QStringList found;
    for (const PromSeries &s : probe->series)
        found << s.labels.value(QStringLiteral("__name__"));
    // A rule with nothing to record (no TCP calls in the mesh) has no series yet is loaded:
    // the rules API says so. Only asked when some name has no series.
    const bool allFound = std::all_of(wanted.cbegin(), wanted.cend(),
                                      [&](const QString &n) { return found.contains(n); });
    if (!found.isEmpty() && !allFound) { // none at all, the common case: no second request
        auto listed = m_http->fetch(client.rulesRequest());
        auto names = listed ? RulesListParser::recordNames(*listed)
                            : Result<QStringList>(Error{listed.error()});
        if (names)
            found += *names;
        else
            qCInfo(lcPrometheus).noquote() << "recording rules not listed:" << names.error();
    }
    for (const QString &n : wanted) {
        if (!found.contains(n)) {
            qCInfo(lcPrometheus).noquote()
                << QStringLiteral("no recorded series %1 (with label %2): reading the raw "
                                  "metrics (`meshscope rules` prints the rule file)")
                       .arg(n, QLatin1String(QueryBuilder::kEdgeLabel));
            return {};
        }
    }
    return rules->recordedNames();
}

Result<void> PrometheusSource::connect()
{
    const QString url = m_options.endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
    auto http = httpOptions();
    if (!http)
        return Error{http.error()};
    PrometheusEndpoint endpoint = m_options.endpoint;
    endpoint.http = *http;
    const PrometheusClient client(endpoint, m_http);
    auto info = client.buildInfo();
    if (!info)
        return Error{info.error()};
    const QString metric = m_options.profile.probeMetric;
    // Exporters may prefix the metric (Tempo's service graph behind an OTel collector): ask
    // for any name that ends in it.
    auto probe = client.instantQuery(
        QStringLiteral("count by (__name__) ({__name__=~\"(.+_)?%1\"})").arg(metric));
    if (!probe)
        return Error{probe.error()};
    QStringList names;
    for (const PromSeries &s : probe->series)
        names << s.labels.value(QStringLiteral("__name__"));
    names.sort();
    if (names.isEmpty()) {
        QString message = QStringLiteral("no %1 series at %2").arg(metric, url);
        if (!m_options.profile.probeHint.isEmpty())
            message += QStringLiteral(" — ") + m_options.profile.probeHint;
        return Error{message};
    }
    const QString found = names.contains(metric) ? metric : names.first();
    const QString prefix = found.left(found.size() - metric.size());
    const QStringList recorded = probeRecordingRules(client, prefix);
    auto queries = QueryBuilder::create(m_options.profile, m_options.granularity,
                                        m_options.namespaces, prefix, recorded);
    if (!queries)
        return Error{queries.error()};
    m_queries = std::move(queries).value();
    m_evaluations.reset();
    if (m_queries->readsRecorded() && m_options.followRuleEvaluations)
        m_evaluations.emplace(recorded.first());
    QString server =
        info->version.isEmpty()
            ? QStringLiteral("a Prometheus-compatible server (no version) at %1").arg(url)
            : QStringLiteral("Prometheus %1 at %2").arg(info->version, url);
    const bool readsRecorded = m_queries->readsRecorded();
    if (readsRecorded)
        server += QStringLiteral(", reading Meshscope's recording rules");
    qCInfo(lcPrometheus).noquote()
        << "connected to" << server << "profile" << m_options.profile.name << "metric" << found
        << (readsRecorded ? "(recorded series)" : "(raw queries)");
    std::lock_guard lock(m_mutex);
    m_server = server;
    m_recorded = readsRecorded;
    return {};
}

Result<TelemetrySample> PrometheusSource::fetch()
{
    QElapsedTimer timer;
    timer.start();
    if (!m_queries) {
        if (m_connectError)
            return Error{*std::exchange(m_connectError, std::nullopt)};
        auto connected = connect();
        if (!connected)
            return Error{connected.error()};
    }
    auto http = httpOptions();
    if (!http)
        return Error{http.error()};
    PrometheusEndpoint endpoint = m_options.endpoint;
    endpoint.http = *http;
    const PrometheusClient client(endpoint, m_http);
    // One evaluation time for every query: the parts of the sample describe the same moment.
    // Reading recorded series, that moment is the rule group's last completed evaluation.
    const qint64 now = m_clock();
    qint64 at = now;
    RuleEvaluations::Next evaluation;
    if (m_evaluations) {
        evaluation = m_evaluations->next(*m_http, client);
        if (evaluation.evaluation) {
            at = evaluation.evaluation->lastEvaluationMs;
            if (const TelemetrySample *same = m_evaluations->unchanged(at)) {
                TelemetrySample sample = *same;
                sample.timestampMs = now;
                std::lock_guard lock(m_mutex);
                m_stats = {.queries = 1,
                           .bytes = evaluation.bytes,
                           .elapsedMs = timer.elapsed(),
                           .warnings = m_evaluations->warnings(),
                           .atMs = now,
                           .recordingRules = m_recorded,
                           .evaluationMs = at,
                           .reused = true};
                return sample;
            }
        }
    }
    std::vector<HttpRequest> requests;
    for (const QString &q : m_queries->queries())
        requests.push_back(client.instantQueryRequest(q, at));
    qint64 bytes = evaluation.bytes;
    auto results = run(requests, &bytes);
    if (!results)
        return Error{results.error()};

    QStringList warnings;
    std::vector<const PromQueryResult *> pointers;
    for (size_t i = 0; i < results->size(); ++i) {
        const PromQueryResult &r = (*results)[i];
        pointers.push_back(&r);
        for (const QString &w : r.warnings)
            warnings << QStringLiteral("%1: %2").arg(
                MetricProfile::roleName(m_options.profile.queries[i].role), w);
        if (m_options.profile.queries[i].role == MetricProfile::Role::Requests && r.series.empty())
            return Error{QStringLiteral("Prometheus at %1 returned no series for the requests "
                                        "query (namespaces '%2', window %3): no traffic, or "
                                        "none in the selected namespaces [query: %4]")
                             .arg(m_options.endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo),
                                  m_options.namespaces, m_options.profile.window,
                                  shortQuery(m_queries->queries()[qsizetype(i)]))};
    }
    const SampleBuilder builder(m_options.profile, m_options.granularity, m_options.namespaces);
    TelemetrySample sample = builder.build(pointers, now);
    sample.sourceName = name();
    if (builder.sanitisedValues() > 0)
        warnings << QStringLiteral("%1 NaN or infinite values were dropped")
                        .arg(builder.sanitisedValues());
    if (builder.unreadableSeries() > 0)
        warnings << QStringLiteral("%1 calls were left out: one of their label values "
                                   "contains '%2'")
                        .arg(builder.unreadableSeries())
                        .arg(QChar(QueryBuilder::kEdgeSeparator));
    for (const QString &w : warnings)
        qCInfo(lcPrometheus).noquote() << "warning:" << w;
    const bool followed = evaluation.evaluation.has_value();
    if (followed)
        m_evaluations->remember(at, sample, warnings);
    std::lock_guard lock(m_mutex);
    m_stats = {.queries = int(requests.size()) + (evaluation.asked ? 1 : 0),
               .bytes = bytes,
               .elapsedMs = timer.elapsed(),
               .warnings = warnings,
               .atMs = now,
               .recordingRules = m_recorded,
               .evaluationMs = followed ? at : 0,
               .reused = false};
    return sample;
}

int PrometheusSource::backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume)
{
    if (stepMs <= 0 || spanMs < stepMs)
        return 0;
    if (!m_queries) {
        auto connected = connect();
        if (!connected) {
            m_connectError = connected.error(); // fetch() reports it
            return 0;
        }
    }
    const qint64 end = m_clock() - stepMs; // the next fetch() shows now
    const qint64 start = end - spanMs + stepMs;
    const SampleBuilder builder(m_options.profile, m_options.granularity, m_options.namespaces);
    int count = 0;
    for (qint64 sliceStart = start; sliceStart <= end;
         sliceStart += stepMs * kBackfillPointsPerBatch) {
        const qint64 sliceEnd = std::min(end, sliceStart + stepMs * (kBackfillPointsPerBatch - 1));
        auto http = httpOptions();
        if (!http)
            return count;
        PrometheusEndpoint endpoint = m_options.endpoint;
        endpoint.http = *http;
        const PrometheusClient client(endpoint, m_http);
        std::vector<HttpRequest> requests;
        for (const QString &q : m_queries->rangeQueries())
            requests.push_back(client.rangeQueryRequest(q, sliceStart, sliceEnd, stepMs));
        auto results = run(requests, nullptr);
        if (!results) {
            qCInfo(lcPrometheus).noquote() << "backfill stopped:" << results.error();
            return count;
        }
        SampleBuilder::ByTime byTime;
        for (size_t i = 0; i < results->size(); ++i)
            SampleBuilder::addMatrix(byTime, i, results->size(), (*results)[i].series);
        count += builder.buildEach(byTime, name(), consume);
    }
    return count;
}

} // namespace meshscope::core
