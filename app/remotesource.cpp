#include "app/remotesource.h"

#include "core/jaeger/jaegersource.h"
#include "core/session/combinedsource.h"
#include "core/session/connectionprofile.h"
#include "core/session/connectionstore.h"

#include <QDateTime>

#include <algorithm>

namespace meshscope::app {

Result<RemoteEndpoints> remoteEndpoints(const CommandLine &command, core::SecretVault *vault)
{
    RemoteEndpoints e;
    if (!command.connection.isEmpty()) {
        // The profile's Jaeger and Alertmanager, unless the command line names others.
        auto store = core::ConnectionStore::load(core::ConnectionStore::defaultPath());
        if (store) {
            if (const core::ConnectionProfile *p = store->find(command.connection)) {
                auto fromProfile = remoteEndpoints(*p, vault);
                if (!fromProfile)
                    return Error{fromProfile.error()};
                e = std::move(fromProfile).value();
            }
        }
    }
    if (command.usesPrometheus()) {
        // The profile (if any) with the one-off options on top; also reports a missing profile.
        auto options = command.prometheusOptions(vault);
        if (!options)
            return Error{options.error()};
        e.prometheus = std::move(options).value();
    }
    if (!command.jaeger.isEmpty()) {
        core::JaegerEndpoint endpoint;
        endpoint.baseUrl = QUrl(command.jaeger);
        e.jaeger = endpoint;
    }
    if (!command.alertmanager.isEmpty()) {
        core::AlertmanagerEndpoint endpoint;
        endpoint.baseUrl = QUrl(command.alertmanager);
        e.alertmanager = endpoint;
    }
    if (!command.alertFilters.isEmpty()) {
        if (!e.alertmanager)
            return Error{QStringLiteral("--alert-filter: profile \"%1\" has no Alertmanager URL; "
                                        "add one to the profile or give --alertmanager URL")
                             .arg(command.connection)};
        e.alertFilters = command.alertFilters;
    }
    return e;
}

Result<RemoteEndpoints> remoteEndpoints(const core::ConnectionProfile &profile,
                                        core::SecretVault *vault)
{
    RemoteEndpoints e;
    auto prometheus = profile.prometheusOptions(vault);
    if (!prometheus)
        return Error{prometheus.error()};
    e.prometheus = std::move(prometheus).value();
    if (!profile.jaegerUrl.isEmpty()) {
        auto jaeger = profile.jaegerEndpoint(vault);
        if (!jaeger)
            return Error{jaeger.error()};
        e.jaeger = std::move(jaeger).value();
    }
    if (!profile.alertmanagerUrl.isEmpty()) {
        auto alerts = profile.alertmanagerEndpoint(vault);
        if (!alerts)
            return Error{alerts.error()};
        e.alertmanager = std::move(alerts).value();
        e.alertFilters = profile.alertFilters;
    }
    return e;
}

Result<std::shared_ptr<core::TelemetrySource>> remoteSource(RemoteEndpoints e, qint64 timeoutMs)
{
    const auto bound = [timeoutMs](core::HttpOptions &http) {
        if (timeoutMs <= 0)
            return;
        http.totalTimeoutMs = int(std::min<qint64>(timeoutMs, 3'600'000));
        http.connectTimeoutMs = std::min(http.connectTimeoutMs, http.totalTimeoutMs);
    };
    core::CombinedSource::Parts parts;
    if (e.prometheus) {
        auto source = core::PrometheusSource::create(std::move(*e.prometheus));
        if (!source)
            return Error{source.error()};
        if (timeoutMs > 0)
            source.value()->setDeadline(QDateTime::currentMSecsSinceEpoch() + timeoutMs);
        parts.mesh = source.value();
    }
    if (e.jaeger) {
        bound(e.jaeger->http);
        parts.traces = std::make_shared<core::JaegerSource>(
            std::make_shared<core::JaegerClient>(*e.jaeger), core::JaegerSource::Options{});
    }
    if (e.alertmanager) {
        bound(e.alertmanager->http);
        parts.alerts = std::make_shared<core::AlertmanagerClient>(*e.alertmanager);
        parts.alertFilter.matchers = e.alertFilters;
    }
    if (!parts.mesh && !parts.traces)
        return Error{
            QStringLiteral("no source: give --prometheus URL, --jaeger URL or --profile NAME")};
    if (!parts.traces && !parts.alerts)
        return std::shared_ptr<core::TelemetrySource>(parts.mesh); // as before: Prometheus alone
    return std::shared_ptr<core::TelemetrySource>(
        std::make_shared<core::CombinedSource>(std::move(parts)));
}

} // namespace meshscope::app
