#include "core/session/connectiontester.h"

#include <QCoreApplication>
#include <QElapsedTimer>

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

} // namespace meshscope::core
