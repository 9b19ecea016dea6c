#include "app/remotesource.h"

#include "core/alerts/alertmanagerclient.h"
#include "core/jaeger/jaegersource.h"
#include "core/prometheus/prometheussource.h"
#include "core/session/combinedsource.h"

#include <QDateTime>

#include <algorithm>

namespace meshscope::app {

Result<std::shared_ptr<core::TelemetrySource>> remoteSource(const CommandLine &command,
                                                            qint64 timeoutMs)
{
    core::CombinedSource::Parts parts;
    if (!command.prometheus.isEmpty()) {
        auto options = command.prometheusOptions();
        if (!options)
            return Error{options.error()};
        auto source = core::PrometheusSource::create(std::move(options).value());
        if (!source)
            return Error{source.error()};
        if (timeoutMs > 0)
            source.value()->setDeadline(QDateTime::currentMSecsSinceEpoch() + timeoutMs);
        parts.mesh = source.value();
    }
    core::HttpOptions http;
    if (timeoutMs > 0) {
        http.totalTimeoutMs = int(std::min<qint64>(timeoutMs, 3'600'000));
        http.connectTimeoutMs = std::min(http.connectTimeoutMs, http.totalTimeoutMs);
    }
    if (!command.jaeger.isEmpty()) {
        core::JaegerEndpoint endpoint;
        endpoint.baseUrl = QUrl(command.jaeger);
        endpoint.http = http;
        parts.traces = std::make_shared<core::JaegerSource>(
            std::make_shared<core::JaegerClient>(endpoint), core::JaegerSource::Options{});
    }
    if (!command.alertmanager.isEmpty()) {
        core::AlertmanagerEndpoint endpoint;
        endpoint.baseUrl = QUrl(command.alertmanager);
        endpoint.http = http;
        parts.alerts = std::make_shared<core::AlertmanagerClient>(endpoint);
        parts.alertFilter.matchers = command.alertFilters;
    }
    if (!parts.mesh && !parts.traces)
        return Error{QStringLiteral("no source: give --prometheus URL or --jaeger URL")};
    if (!parts.traces && !parts.alerts)
        return std::shared_ptr<core::TelemetrySource>(parts.mesh); // as before: Prometheus alone
    return std::shared_ptr<core::TelemetrySource>(
        std::make_shared<core::CombinedSource>(std::move(parts)));
}

} // namespace meshscope::app
