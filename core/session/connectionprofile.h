#pragma once

#include "core/alerts/alertmanagerclient.h"
#include "core/jaeger/jaegerclient.h"
#include "core/prometheus/prometheussource.h"
#include "core/result.h"
#include "core/session/secretref.h"

#include <QList>
#include <QPair>
#include <QString>

namespace meshscope::core {

class SecretVault;

// Which Prometheus-compatible store answers: it decides the extra parameters and headers.
enum class StoreFlavour
{
    Prometheus,
    Thanos,         // partial_response=true and dedup=true; partial answers become warnings
    Mimir,          // X-Scope-OrgID from `tenant`, usually a /prometheus path prefix
    VictoriaMetrics // nothing extra (vmselect's /select/N/prometheus goes in the path prefix)
};

QString flavourName(StoreFlavour flavour);
Result<StoreFlavour> flavourFromString(const QString &name);

// How to authenticate to and trust one backend. Secrets are references (SecretRef); header
// values are plain text unless they are a reference too (an Authorization header must be).
struct BackendAuth
{
    SecretRef bearerToken;
    QString basicUser;
    SecretRef basicPassword;
    QList<QPair<QString, QString>> headers; // name, value or reference
    QString caFile;
    QString clientCertFile;
    QString clientKeyFile;
    bool insecure = false; // TLS verification off: shown in red everywhere

    // Plain values filled in: the transport's options. Errors name the field.
    Result<HttpOptions> httpOptions(SecretVault *vault, const QString &where) const;
    bool operator==(const BackendAuth &other) const = default;

    // Authorization, Proxy-Authorization, Cookie: a plain value there is a secret in the file.
    static bool isCredentialHeader(const QString &name);
    static QString credentialHeaderError();
};

// One named way to reach a mesh's telemetry, as the user saved it in connections.yaml
// (docs/connections.md). Plain data: no secret values, only references.
struct ConnectionProfile
{
    QString name;
    StoreFlavour flavour = StoreFlavour::Prometheus;
    QString prometheusUrl;
    QString pathPrefix; // appended to the URL's path ("/prometheus" for Mimir)
    QString tenant;     // X-Scope-OrgID (Mimir, Cortex)
    BackendAuth prometheusAuth;
    QString jaegerUrl;
    BackendAuth jaegerAuth;
    QString alertmanagerUrl;
    BackendAuth alertmanagerAuth;
    // Alertmanager matchers, all of which an alert must match (`severity="critical"`), as
    // `--alert-filter` takes them; the server checks their syntax.
    QStringList alertFilters;
    QString metricProfile = QStringLiteral("istio");
    QString namespaces = QStringLiteral(".*");
    QString granularity = QStringLiteral("service");
    double refreshSeconds = 0; // 0: the window's own interval
    QString kubeconfig;
    QString kubeContext;

    // Any backend with TLS verification switched off.
    bool isInsecure() const;
    // The problems a user must fix before saving, each naming the field; empty = fine.
    QStringList validate() const;

    // The Prometheus source this profile describes: URL + prefix, secrets resolved through
    // `vault` (null = env/file only), flavour parameters, metric profile looked up.
    Result<PrometheusSourceOptions> prometheusOptions(SecretVault *vault) const;
    Result<JaegerEndpoint> jaegerEndpoint(SecretVault *vault) const; // needs jaegerUrl
    Result<AlertmanagerEndpoint> alertmanagerEndpoint(SecretVault *vault) const;

    bool operator==(const ConnectionProfile &other) const = default;

    // The dialog's one-line form of alertFilters: matchers separated by commas outside quotes
    // (`severity="critical", namespace=~"shop|pay"`), as Alertmanager writes a matcher set.
    static QStringList splitAlertFilters(const QString &text);
    static QString joinAlertFilters(const QStringList &matchers);
};

// base + prefix with exactly one slash between them ("http://m:8080" + "prometheus").
QUrl joinPathPrefix(const QUrl &base, const QString &prefix);

} // namespace meshscope::core
