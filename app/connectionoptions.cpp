#include "app/connectionoptions.h"

#include "core/session/connectionstore.h"

#include <QCoreApplication>

namespace meshscope::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::app::CommandLine", text);
}

Result<QString> readSecretFile(const QString &option, const QString &file)
{
    auto value = core::SecretRef::parse(QStringLiteral("file:") + file)->resolve(nullptr);
    if (!value)
        return Error{option + QStringLiteral(": ") + value.error()};
    return value;
}

// The one-off options on top of what a profile (or nothing) set.
Result<void> applyAuth(const CommandLine &c, core::PrometheusSourceOptions *options)
{
    core::HttpOptions &http = options->endpoint.http;
    if (!c.bearerTokenFile.isEmpty()) {
        auto token = readSecretFile(QStringLiteral("--bearer-token-file"), c.bearerTokenFile);
        if (!token)
            return Error{token.error()};
        http.bearerToken = token->trimmed();
    }
    if (!c.basicAuthFile.isEmpty()) {
        auto pair = readSecretFile(QStringLiteral("--basic-auth-file"), c.basicAuthFile);
        if (!pair)
            return Error{pair.error()};
        const qsizetype colon = pair->indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return Error{tr("--basic-auth-file: %1 must hold user:password on one line")
                             .arg(c.basicAuthFile)};
        http.basicUser = pair->left(colon);
        http.basicPassword = pair->mid(colon + 1);
    }
    for (const QString &header : c.headers) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        http.extraHeaders.append(
            {header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    if (!c.caFile.isEmpty())
        http.caFile = c.caFile;
    if (c.insecure)
        http.insecure = true;
    if (!c.tenant.isEmpty())
        http.extraHeaders.append({"X-Scope-OrgID", c.tenant.toUtf8()});
    if (c.thanos) {
        options->endpoint.partialResponse = true;
        options->endpoint.dedup = true;
    }
    return {};
}

} // namespace

Result<core::PrometheusSourceOptions>
connectionOptions(const CommandLine &c, core::SecretVault *vault, const QString &storePath)
{
    core::ConnectionProfile profile;
    if (!c.connection.isEmpty()) {
        auto store = core::ConnectionStore::load(storePath);
        if (!store)
            return Error{store.error()};
        const core::ConnectionProfile *found = store->find(c.connection);
        if (!found) {
            const QStringList names = store->names();
            return Error{tr("no connection profile '%1' in %2 (%3); File > Connections... "
                            "creates one, and metric profiles are chosen with --metric-profile")
                             .arg(c.connection, storePath,
                                  names.isEmpty()
                                      ? tr("it has none")
                                      : tr("it has: %1").arg(names.join(QStringLiteral(", "))))};
        }
        profile = *found;
    } else {
        profile.name = QStringLiteral("--prometheus");
        profile.prometheusUrl = c.prometheus;
    }
    // Options typed on the command line win over the profile's.
    if (c.connection.isEmpty() || c.given.contains(QLatin1String("--metric-profile")))
        profile.metricProfile = c.metricProfile;
    if (c.connection.isEmpty() || c.given.contains(QLatin1String("--namespaces")))
        profile.namespaces = c.namespaces;
    if (c.connection.isEmpty() || c.given.contains(QLatin1String("--granularity")))
        profile.granularity = c.granularity;
    auto options = profile.prometheusOptions(vault);
    if (!options) {
        QString message = options.error();
        if (c.connection.isEmpty() && message.startsWith(profile.name + QStringLiteral(": ")))
            message = message.mid(profile.name.size() + 2); // no profile to name
        return Error{message};
    }
    if (const Result<void> applied = applyAuth(c, &options.value()); !applied)
        return Error{applied.error()};
    return options;
}

} // namespace meshscope::app
