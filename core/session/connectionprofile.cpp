#include "core/session/connectionprofile.h"

#include "core/session/secretvault.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace meshscope::core {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::ConnectionProfile", text);
}

Result<QUrl> httpUrl(const QString &text, const QString &field)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return Error{
            tr("%1: '%2' is not an http(s) URL such as http://localhost:9090").arg(field, text)};
    return url;
}

} // namespace

bool BackendAuth::isCredentialHeader(const QString &name)
{
    return name.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0 ||
           name.compare(QLatin1String("Proxy-Authorization"), Qt::CaseInsensitive) == 0 ||
           name.compare(QLatin1String("Cookie"), Qt::CaseInsensitive) == 0;
}

QString BackendAuth::credentialHeaderError()
{
    return tr("credentials must be a reference (env:NAME, file:PATH or keychain:KEY), not the "
              "value");
}

QString flavourName(StoreFlavour flavour)
{
    switch (flavour) {
    case StoreFlavour::Prometheus:
        return QStringLiteral("prometheus");
    case StoreFlavour::Thanos:
        return QStringLiteral("thanos");
    case StoreFlavour::Mimir:
        return QStringLiteral("mimir");
    case StoreFlavour::VictoriaMetrics:
        return QStringLiteral("victoriametrics");
    }
    return {};
}

Result<StoreFlavour> flavourFromString(const QString &name)
{
    for (StoreFlavour f : {StoreFlavour::Prometheus, StoreFlavour::Thanos, StoreFlavour::Mimir,
                           StoreFlavour::VictoriaMetrics})
        if (flavourName(f) == name.trimmed().toLower())
            return f;
    return Error{
        tr("'%1' is not a flavour (prometheus, thanos, mimir, victoriametrics)").arg(name)};
}

QUrl joinPathPrefix(const QUrl &base, const QString &prefix)
{
    const QString p = prefix.trimmed();
    if (p.isEmpty() || p == QLatin1String("/"))
        return base;
    QUrl url = base;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QLatin1Char('/') + (p.startsWith(QLatin1Char('/')) ? p.mid(1) : p));
    return url;
}

Result<HttpOptions> BackendAuth::httpOptions(SecretVault *vault, const QString &where) const
{
    HttpOptions http;
    http.insecure = insecure;
    http.caFile = caFile;
    http.clientCertFile = clientCertFile;
    http.clientKeyFile = clientKeyFile;
    if ((clientCertFile.isEmpty()) != (clientKeyFile.isEmpty()))
        return Error{tr("%1: a client certificate needs both clientCert and clientKey").arg(where)};
    auto token = bearerToken.resolve(vault);
    if (!token)
        return Error{where + QStringLiteral(".bearerToken: ") + token.error()};
    http.bearerToken = token.value();
    if (!basicUser.isEmpty() || !basicPassword.isEmpty()) {
        auto password = basicPassword.resolve(vault);
        if (!password)
            return Error{where + QStringLiteral(".basicAuth.password: ") + password.error()};
        http.basicUser = basicUser;
        http.basicPassword = password.value();
    }
    for (const auto &[name, value] : headers) {
        QString plain = value;
        if (SecretRef::looksLikeReference(value)) {
            auto ref = SecretRef::parse(value);
            auto resolved = ref ? ref->resolve(vault) : Result<QString>(Error{ref.error()});
            if (!resolved)
                return Error{where + QStringLiteral(".headers.") + name + QStringLiteral(": ") +
                             resolved.error()};
            plain = resolved.value();
        }
        http.extraHeaders.append({name.toUtf8(), plain.toUtf8()});
    }
    return http;
}

bool ConnectionProfile::isInsecure() const
{
    return prometheusAuth.insecure || (!jaegerUrl.isEmpty() && jaegerAuth.insecure) ||
           (!alertmanagerUrl.isEmpty() && alertmanagerAuth.insecure);
}

QStringList ConnectionProfile::validate() const
{
    QStringList problems;
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    if (!nameRe.match(name).hasMatch())
        problems << tr("name: '%1' must start with a letter or digit and hold only letters, "
                       "digits, '.', '_' and '-'")
                        .arg(name);
    if (auto url = httpUrl(prometheusUrl, QStringLiteral("prometheus.url")); !url)
        problems << url.error();
    if (!jaegerUrl.isEmpty())
        if (auto url = httpUrl(jaegerUrl, QStringLiteral("jaeger.url")); !url)
            problems << url.error();
    if (!alertmanagerUrl.isEmpty())
        if (auto url = httpUrl(alertmanagerUrl, QStringLiteral("alertmanager.url")); !url)
            problems << url.error();
    if (!alertFilters.isEmpty() && alertmanagerUrl.isEmpty())
        problems << tr("alertmanager.filters: a filter needs an Alertmanager URL");
    // Only the shape is checked here (a label, an operator); Alertmanager judges the rest and
    // names a bad one in its HTTP 400.
    static const QRegularExpression matcherRe(
        QStringLiteral(R"(^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)\s*\S.*$)"));
    for (const QString &m : alertFilters)
        if (!matcherRe.match(m).hasMatch())
            problems << tr("alertmanager.filters: '%1' is not a matcher such as "
                           "severity=\"critical\"")
                            .arg(m);
    if (auto g = granularityFromString(granularity); !g)
        problems << QStringLiteral("granularity: ") + g.error();
    if (const QRegularExpression re(namespaces); !re.isValid())
        problems << tr("namespaces: '%1' is not a valid regular expression: %2")
                        .arg(namespaces, re.errorString());
    if (refreshSeconds != 0 && (refreshSeconds < 0.5 || refreshSeconds > 3600))
        problems << tr("refreshSeconds: %1 is outside 0.5 to 3600").arg(refreshSeconds);
    const std::pair<const char *, const BackendAuth *> auths[] = {
        {"prometheus", &prometheusAuth},
        {"jaeger", &jaegerAuth},
        {"alertmanager", &alertmanagerAuth}};
    for (const auto &[where, auth] : auths) {
        for (const auto &header : auth->headers)
            if (BackendAuth::isCredentialHeader(header.first) &&
                !SecretRef::looksLikeReference(header.second))
                problems << QStringLiteral("%1.headers.%2: ")
                                    .arg(QString::fromLatin1(where), header.first) +
                                BackendAuth::credentialHeaderError();
    }
    return problems;
}

Result<PrometheusSourceOptions> ConnectionProfile::prometheusOptions(SecretVault *vault) const
{
    auto url = httpUrl(prometheusUrl, name + QStringLiteral(": prometheus.url"));
    if (!url)
        return Error{url.error()};
    PrometheusSourceOptions options;
    options.endpoint.baseUrl = joinPathPrefix(url.value(), pathPrefix);
    auto http = prometheusAuth.httpOptions(vault, name + QStringLiteral(": prometheus"));
    if (!http)
        return Error{http.error()};
    options.endpoint.http = std::move(http).value();
    if (!tenant.isEmpty())
        options.endpoint.http.extraHeaders.append({"X-Scope-OrgID", tenant.toUtf8()});
    if (flavour == StoreFlavour::Thanos) {
        // Thanos answers what the reachable stores hold and says which were missing: a graph
        // with a warning beats no graph while one store is down.
        options.endpoint.partialResponse = true;
        options.endpoint.dedup = true;
    }
    auto profile = MetricProfile::find(metricProfile);
    if (!profile)
        return Error{name + QStringLiteral(": metricProfile: ") + profile.error()};
    options.profile = std::move(profile).value();
    auto g = granularityFromString(granularity);
    if (!g)
        return Error{name + QStringLiteral(": granularity: ") + g.error()};
    options.granularity = g.value();
    options.namespaces = namespaces;
    return options;
}

Result<JaegerEndpoint> ConnectionProfile::jaegerEndpoint(SecretVault *vault) const
{
    auto url = httpUrl(jaegerUrl, name + QStringLiteral(": jaeger.url"));
    if (!url)
        return Error{url.error()};
    auto http = jaegerAuth.httpOptions(vault, name + QStringLiteral(": jaeger"));
    if (!http)
        return Error{http.error()};
    JaegerEndpoint endpoint;
    endpoint.baseUrl = url.value();
    endpoint.http = std::move(http).value();
    return endpoint;
}

Result<AlertmanagerEndpoint> ConnectionProfile::alertmanagerEndpoint(SecretVault *vault) const
{
    auto url = httpUrl(alertmanagerUrl, name + QStringLiteral(": alertmanager.url"));
    if (!url)
        return Error{url.error()};
    auto http = alertmanagerAuth.httpOptions(vault, name + QStringLiteral(": alertmanager"));
    if (!http)
        return Error{http.error()};
    AlertmanagerEndpoint endpoint;
    endpoint.baseUrl = url.value();
    endpoint.http = std::move(http).value();
    return endpoint;
}

QStringList ConnectionProfile::splitAlertFilters(const QString &text)
{
    QStringList out;
    QString current;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && quoted && i + 1 < text.size()) {
            current += c;
            current += text.at(++i); // an escaped quote stays inside the value
            continue;
        }
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        if (c == QLatin1Char(',') && !quoted) {
            if (!current.trimmed().isEmpty())
                out << current.trimmed();
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        out << current.trimmed();
    return out;
}

QString ConnectionProfile::joinAlertFilters(const QStringList &matchers)
{
    return matchers.join(QStringLiteral(", "));
}

} // namespace meshscope::core
