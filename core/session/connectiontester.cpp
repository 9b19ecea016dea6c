#include "core/session/connectiontester.h"

#include "core/alerts/alertsnapshot.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent>

#include <cmath>

namespace meshscope::core {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::ConnectionTester", text);
}

} // namespace

Result<ConnectionTestReport> ConnectionTester::run(const PrometheusSourceOptions &options,
                                                   std::shared_ptr<HttpClient> http,
                                                   const CancelToken &cancel)
{
    QElapsedTimer timer;
    timer.start();
    const PrometheusClient client(options.endpoint, std::move(http));
    ConnectionTestReport report;
    report.url = options.endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
    auto info = client.buildInfo(cancel);
    if (!info)
        return Error{info.error()};
    report.server = info->version.isEmpty() ? tr("a Prometheus-compatible server (no version)")
                                            : QStringLiteral("Prometheus %1").arg(info->version);
    const QString metric = options.profile.probeMetric;
    // The same probe as the source's connect(): exporters may prefix the metric name.
    auto counted = client.instantQuery(
        QStringLiteral("count by (__name__) ({__name__=~\"(.+_)?%1\"})").arg(metric), std::nullopt,
        cancel);
    if (!counted)
        return Error{counted.error()};
    for (const PromSeries &s : counted->series) {
        report.metrics << s.labels.value(QStringLiteral("__name__"));
        if (!s.samples.empty() && std::isfinite(s.samples.front().value))
            report.seriesCount += qint64(s.samples.front().value);
    }
    report.metrics.sort();
    report.warnings = counted->warnings;
    report.elapsedMs = timer.elapsed();
    if (report.seriesCount == 0) {
        QString message = tr("%1 at %2 answers, but has no %3 series (metric profile %4)")
                              .arg(report.server, report.url, metric, options.profile.name);
        if (!options.profile.probeHint.isEmpty())
            message += QStringLiteral(" — ") + options.profile.probeHint;
        return Error{message};
    }
    return report;
}

bool ConnectionTestOutcome::ok() const
{
    return prometheus.ok() && std::all_of(backends.begin(), backends.end(),
                                          [](const BackendTestReport &b) { return b.ok(); });
}

BackendTestReport ConnectionTester::runJaeger(const JaegerEndpoint &endpoint,
                                              std::shared_ptr<HttpClient> http,
                                              const CancelToken &cancel)
{
    QElapsedTimer timer;
    timer.start();
    BackendTestReport report;
    report.backend = QStringLiteral("Jaeger");
    report.url = endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
    const JaegerClient client(endpoint, std::move(http));
    const Result<JaegerApi> api = client.detectApi(cancel);
    if (!api) {
        report.error = api.error();
        return report;
    }
    report.server = *api == JaegerApi::V3 ? tr("Jaeger (API v3)") : tr("Jaeger (API v1)");
    const Result<QStringList> services = client.services(cancel);
    if (!services) {
        report.error = services.error();
        return report;
    }
    report.count = services->size();
    report.elapsedMs = timer.elapsed();
    if (report.count == 0)
        report.error = tr("%1 at %2 answers, but knows no services yet (no traces stored)")
                           .arg(report.server, report.url);
    return report;
}

BackendTestReport ConnectionTester::runAlertmanager(const AlertmanagerEndpoint &endpoint,
                                                    const AlertFilter &filter,
                                                    std::shared_ptr<HttpClient> http,
                                                    const CancelToken &cancel)
{
    QElapsedTimer timer;
    timer.start();
    BackendTestReport report;
    report.backend = QStringLiteral("Alertmanager");
    report.url = endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo);
    QUrl statusUrl = endpoint.baseUrl;
    QString path = statusUrl.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    statusUrl.setPath(path + QStringLiteral("/api/v2/status"));
    const Result<HttpResponse> status =
        http->fetch(HttpRequest::get(statusUrl, {}, endpoint.http), cancel);
    if (!status) {
        report.error = status.error();
        return report;
    }
    // versionInfo.version: present in every Alertmanager with the v2 API (0.16 and later).
    const QJsonObject root = QJsonDocument::fromJson(status->body).object();
    const QString version = root.value(QLatin1String("versionInfo"))
                                .toObject()
                                .value(QLatin1String("version"))
                                .toString();
    if (!status->isSuccess() || !root.contains(QLatin1String("versionInfo"))) {
        report.error = tr("%1 is not Alertmanager's status (HTTP %2): \"%3\"")
                           .arg(status->url)
                           .arg(status->status)
                           .arg(status->bodyExcerpt(120));
        return report;
    }
    report.server = version.isEmpty() ? tr("Alertmanager") : tr("Alertmanager %1").arg(version);
    const AlertmanagerClient client(endpoint, std::move(http));
    const Result<std::vector<Alert>> alerts = client.alerts(filter, cancel);
    if (!alerts) {
        report.error = alerts.error();
        return report;
    }
    report.count = std::count_if(alerts->begin(), alerts->end(), &AlertSnapshot::isFiring);
    report.elapsedMs = timer.elapsed();
    return report;
}

ConnectionTestOutcome ConnectionTester::runAll(const ConnectionTestTargets &targets,
                                               std::shared_ptr<HttpClient> http)
{
    // The side backends on their own threads, so that a slow one does not add to the others'
    // time (and this worker, from the global pool, never waits on that same pool).
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    QFuture<BackendTestReport> jaeger;
    QFuture<BackendTestReport> alertmanager;
    if (targets.jaeger)
        jaeger = QtConcurrent::run(&pool, [&] { return runJaeger(*targets.jaeger, http); });
    if (targets.alertmanager)
        alertmanager = QtConcurrent::run(&pool, [&] {
            return runAlertmanager(*targets.alertmanager, targets.alertFilter, http);
        });
    ConnectionTestOutcome outcome;
    outcome.prometheus = run(targets.prometheus, http);
    if (targets.jaeger)
        outcome.backends.push_back(jaeger.result());
    if (targets.alertmanager)
        outcome.backends.push_back(alertmanager.result());
    return outcome;
}

} // namespace meshscope::core
