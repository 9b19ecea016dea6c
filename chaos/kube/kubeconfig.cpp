#include "chaos/kube/kubeconfig.h"

#include "chaos/kube/kubeconfigentryreader_p.h"

#include "chaos/manifest/yamlcodec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace meshscope::chaos {

namespace {

KubeExecConfig readExec(KubeconfigEntryReader &r, const QJsonObject &execObject,
                        const QString &file)
{
    KubeconfigEntryReader e = r.child(execObject);
    const QString p = QStringLiteral("user.exec.");
    KubeExecConfig exec;
    exec.command = e.string(QStringLiteral("command"), p);
    // Only a command naming a path is relative to the kubeconfig; a bare name is looked up in
    // PATH when the plugin runs.
    if (exec.command.contains(QLatin1Char('/')) && !QDir::isAbsolutePath(exec.command))
        exec.command = QDir::cleanPath(QFileInfo(file).absoluteDir().filePath(exec.command));
    exec.apiVersion = e.string(QStringLiteral("apiVersion"), p);
    exec.installHint = e.string(QStringLiteral("installHint"), p);
    exec.provideClusterInfo = e.boolean(QStringLiteral("provideClusterInfo"), p);
    const QJsonArray args = e.array(QStringLiteral("args"), p);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (!args.at(i).isString())
            e.fail(p + QStringLiteral("args[%1]").arg(i), QStringLiteral("expected a string"));
        exec.args << args.at(i).toString();
    }
    const QJsonArray env = e.array(QStringLiteral("env"), p);
    for (qsizetype i = 0; i < env.size(); ++i) {
        KubeconfigEntryReader v = e.child(env.at(i).toObject());
        const QString where = p + QStringLiteral("env[%1].").arg(i);
        if (!env.at(i).isObject())
            e.fail(where.chopped(1), QStringLiteral("expected a mapping with name and value"));
        const QString name = v.string(QStringLiteral("name"), where);
        if (name.isEmpty() && env.at(i).isObject())
            v.fail(where + QStringLiteral("name"), QStringLiteral("is required"));
        exec.env.append({name, v.string(QStringLiteral("value"), where)});
        e.adopt(v);
    }
    if (exec.command.isEmpty())
        e.fail(p + QStringLiteral("command"), QStringLiteral("is required"));
    if (exec.apiVersion.isEmpty())
        e.fail(p + QStringLiteral("apiVersion"),
               QStringLiteral("is required (client.authentication.k8s.io/v1 or v1beta1)"));
    r.adopt(e);
    return exec;
}

// The `name` of entry i of a list, or an error naming the entry.
QString entryName(const QJsonValue &entry, const QString &list, qsizetype i, const QString &file,
                  QString *error)
{
    if (!entry.isObject()) {
        *error = QStringLiteral("%1: %2[%3]: expected a mapping with name and %4, got %5")
                     .arg(file, list)
                     .arg(i)
                     .arg(list.chopped(1), KubeconfigEntryReader::typeName(entry));
        return {};
    }
    const QJsonValue name = entry.toObject().value(QLatin1String("name"));
    if (!name.isString() && !name.isUndefined() && !name.isNull())
        *error = QStringLiteral("%1: %2[%3].name: expected a string, got %4")
                     .arg(file, list)
                     .arg(i)
                     .arg(KubeconfigEntryReader::typeName(name));
    return name.toString();
}

// kubectl refuses a name twice in one file's list (across files, the first file wins).
QString duplicate(const QString &file, const QString &list, qsizetype i, const QString &name)
{
    return QStringLiteral("%1: %2[%3]: the name '%4' is already used by an earlier entry of %2")
        .arg(file, list)
        .arg(i)
        .arg(name);
}

// Reads one of the three lists (clusters, users, contexts) into `into`, stopping at the first
// error. Each entry is `{name, <singular>: {...}}`; `read` fills a value from the inner
// mapping, naming its fields with the prefix it is given ("cluster.server" ...).
template <typename T, typename Read>
QString readList(const QJsonArray &list, const QString &listName, const QString &file,
                 QMap<QString, T> &into, Read read)
{
    const QString singular = listName.chopped(1);
    const QString prefix = singular + QLatin1Char('.');
    QString error;
    for (qsizetype i = 0; i < list.size() && error.isEmpty(); ++i) {
        const QString name = entryName(list.at(i), listName, i, file, &error);
        if (error.isEmpty() && into.contains(name))
            error = duplicate(file, listName, i, name);
        if (!error.isEmpty() || name.isEmpty())
            continue; // an unnamed entry cannot be selected
        KubeconfigEntryReader outer(file,
                                    QStringLiteral("%1[%2] (%3)").arg(listName).arg(i).arg(name),
                                    list.at(i).toObject());
        KubeconfigEntryReader r = outer.child(outer.object(singular));
        T value = read(r, prefix);
        value.name = name;
        value.file = file;
        outer.adopt(r);
        error = outer.error();
        into.insert(name, value);
    }
    return error;
}

} // namespace

Result<Kubeconfig> Kubeconfig::parse(const QByteArray &text, const QString &file)
{
    auto doc = YamlCodec::parse(text);
    if (!doc)
        return Error{QStringLiteral("%1: not valid YAML: %2").arg(file, doc.error())};
    Kubeconfig config;
    config.m_files << file;
    if (doc->value.isNull() || doc->value.isUndefined())
        return config; // an empty file is an empty config, as for kubectl
    if (!doc->value.isObject())
        return Error{QStringLiteral("%1: a kubeconfig is a mapping (apiVersion, kind: Config, "
                                    "clusters, users, contexts), got %2")
                         .arg(file, KubeconfigEntryReader::typeName(doc->value))};
    KubeconfigEntryReader top(file, QStringLiteral("top level"), doc->value.toObject());
    const QString kind = top.string(QStringLiteral("kind"));
    if (!kind.isEmpty() && kind != QLatin1String("Config"))
        return Error{
            QStringLiteral("%1: kind is '%2'; a kubeconfig has kind: Config").arg(file, kind)};
    config.m_currentContext = top.string(QStringLiteral("current-context"));
    config.m_currentContextFile = file;
    const QJsonArray clusters = top.array(QStringLiteral("clusters"));
    const QJsonArray users = top.array(QStringLiteral("users"));
    const QJsonArray contexts = top.array(QStringLiteral("contexts"));
    if (!top.error().isEmpty())
        return Error{top.error()};

    QString error =
        readList(clusters, QStringLiteral("clusters"), file, config.m_clusters,
                 [](KubeconfigEntryReader &r, const QString &p) {
                     KubeCluster c;
                     c.server = r.string(QStringLiteral("server"), p);
                     c.caFile = r.path(QStringLiteral("certificate-authority"), p);
                     c.caData = r.base64(QStringLiteral("certificate-authority-data"), p);
                     c.insecure = r.boolean(QStringLiteral("insecure-skip-tls-verify"), p);
                     c.proxyUrl = r.string(QStringLiteral("proxy-url"), p);
                     c.tlsServerName = r.string(QStringLiteral("tls-server-name"), p);
                     return c;
                 });
    if (error.isEmpty())
        error = readList(users, QStringLiteral("users"), file, config.m_users,
                         [&file](KubeconfigEntryReader &r, const QString &p) {
                             KubeUser u;
                             u.token = r.string(QStringLiteral("token"), p);
                             u.tokenFile = r.path(QStringLiteral("tokenFile"), p);
                             u.clientCertData =
                                 r.base64(QStringLiteral("client-certificate-data"), p);
                             u.clientKeyData = r.base64(QStringLiteral("client-key-data"), p);
                             u.clientCertFile = r.path(QStringLiteral("client-certificate"), p);
                             u.clientKeyFile = r.path(QStringLiteral("client-key"), p);
                             u.username = r.string(QStringLiteral("username"), p);
                             u.password = r.string(QStringLiteral("password"), p);
                             const QJsonObject exec = r.object(QStringLiteral("exec"), p);
                             if (!exec.isEmpty())
                                 u.exec = readExec(r, exec, file);
                             u.authProvider = r.child(r.object(QStringLiteral("auth-provider"), p))
                                                  .string(QStringLiteral("name"),
                                                          p + QStringLiteral("auth-provider."));
                             return u;
                         });
    if (error.isEmpty())
        error = readList(contexts, QStringLiteral("contexts"), file, config.m_contexts,
                         [](KubeconfigEntryReader &r, const QString &p) {
                             KubeContextEntry c;
                             c.cluster = r.string(QStringLiteral("cluster"), p);
                             c.user = r.string(QStringLiteral("user"), p);
                             c.ns = r.string(QStringLiteral("namespace"), p);
                             return c;
                         });
    if (!error.isEmpty())
        return Error{error};
    return config;
}

void Kubeconfig::mergeFrom(const Kubeconfig &later)
{
    m_files += later.m_files;
    if (m_currentContext.isEmpty()) {
        m_currentContext = later.m_currentContext;
        m_currentContextFile = later.m_currentContextFile;
    }
    for (auto it = later.m_clusters.cbegin(); it != later.m_clusters.cend(); ++it)
        if (!m_clusters.contains(it.key()))
            m_clusters.insert(it.key(), it.value());
    for (auto it = later.m_users.cbegin(); it != later.m_users.cend(); ++it)
        if (!m_users.contains(it.key()))
            m_users.insert(it.key(), it.value());
    for (auto it = later.m_contexts.cbegin(); it != later.m_contexts.cend(); ++it)
        if (!m_contexts.contains(it.key()))
            m_contexts.insert(it.key(), it.value());
}

Result<Kubeconfig> Kubeconfig::loadFiles(const QStringList &files)
{
    Kubeconfig merged;
    QStringList missing;
    bool any = false;
    for (const QString &path : files) {
        QFile f(path);
        if (!f.exists()) {
            missing << path;
            continue;
        }
        if (!f.open(QIODevice::ReadOnly))
            return Error{
                QStringLiteral("%1: cannot read the kubeconfig: %2").arg(path, f.errorString())};
        auto one = parse(f.readAll(), QFileInfo(path).absoluteFilePath());
        if (!one)
            return one;
        merged.mergeFrom(*one);
        any = true;
    }
    if (!any)
        return Error{QStringLiteral("no kubeconfig found: %1 (set KUBECONFIG or create "
                                    "~/.kube/config)")
                         .arg(missing.isEmpty() ? QStringLiteral("no file given")
                                                : missing.join(QLatin1String(", ")))};
    return merged;
}

QStringList Kubeconfig::defaultFiles()
{
    const QString env = qEnvironmentVariable("KUBECONFIG");
    QStringList files;
    for (const QString &part : env.split(QLatin1Char(':'), Qt::SkipEmptyParts))
        if (!files.contains(part))
            files << part;
    if (files.isEmpty())
        files << QDir::homePath() + QStringLiteral("/.kube/config");
    return files;
}

Result<KubeConnection> Kubeconfig::resolve(const QString &context) const
{
    const QString name = context.isEmpty() ? m_currentContext : context;
    const QString files = m_files.join(QLatin1String(", "));
    if (name.isEmpty())
        return Error{QStringLiteral("no context chosen: current-context is not set in %1 and no "
                                    "--context was given (contexts: %2)")
                         .arg(files, contextNames().join(QLatin1String(", ")))};
    const auto ctx = m_contexts.constFind(name);
    if (ctx == m_contexts.cend())
        return Error{QStringLiteral("context '%1' is not defined in %2 (contexts: %3)")
                         .arg(name, files, contextNames().join(QLatin1String(", ")))};
    const QString where = QStringLiteral("context '%1' (%2)").arg(name, ctx->file);
    if (ctx->cluster.isEmpty())
        return Error{QStringLiteral("%1: context.cluster is not set").arg(where)};
    const auto cluster = m_clusters.constFind(ctx->cluster);
    if (cluster == m_clusters.cend())
        return Error{QStringLiteral("%1: cluster '%2' is not defined in %3")
                         .arg(where, ctx->cluster, files)};
    KubeConnection c;
    c.contextName = name;
    c.cluster = *cluster;
    if (!ctx->ns.isEmpty())
        c.ns = ctx->ns;
    if (!ctx->user.isEmpty()) {
        const auto user = m_users.constFind(ctx->user);
        if (user == m_users.cend())
            return Error{
                QStringLiteral("%1: user '%2' is not defined in %3").arg(where, ctx->user, files)};
        c.user = *user;
    }

    const QString cw = QStringLiteral("cluster '%1' (%2, used by context '%3')")
                           .arg(c.cluster.name, c.cluster.file, name);
    if (c.cluster.server.isEmpty())
        return Error{QStringLiteral("%1: cluster.server is not set").arg(cw)};
    c.server = QUrl(c.cluster.server, QUrl::StrictMode);
    const QString scheme = c.server.scheme().toLower();
    if (!c.server.isValid() || (scheme != u"https" && scheme != u"http") ||
        c.server.host().isEmpty())
        return Error{QStringLiteral("%1: cluster.server '%2' is not an http(s) URL")
                         .arg(cw, c.cluster.server)};
    if (!c.cluster.proxyUrl.isEmpty()) {
        const QUrl proxy(c.cluster.proxyUrl, QUrl::StrictMode);
        const QString ps = proxy.scheme().toLower();
        if (!proxy.isValid() || proxy.host().isEmpty() ||
            (ps != u"http" && ps != u"https" && ps != u"socks5"))
            return Error{QStringLiteral("%1: cluster.proxy-url '%2' is not an http, https or "
                                        "socks5 URL")
                             .arg(cw, c.cluster.proxyUrl)};
    }
    if (!c.cluster.caFile.isEmpty() && !c.cluster.caData.isEmpty())
        return Error{QStringLiteral("%1: both cluster.certificate-authority and "
                                    "certificate-authority-data are set; keep one")
                         .arg(cw)};
    // kubectl refuses this combination too: skipping verification makes a CA meaningless, and
    // silently ignoring one of the two would hide a mistake.
    if (c.cluster.insecure && (!c.cluster.caFile.isEmpty() || !c.cluster.caData.isEmpty()))
        return Error{QStringLiteral("%1: insecure-skip-tls-verify is true and a certificate "
                                    "authority is set; specifying a root certificate with the "
                                    "insecure flag is not allowed")
                         .arg(cw)};

    const KubeUser &u = c.user;
    const QString uw =
        QStringLiteral("user '%1' (%2, used by context '%3')").arg(u.name, u.file, name);
    if (!u.clientCertData.isEmpty() && !u.clientCertFile.isEmpty())
        return Error{QStringLiteral("%1: both user.client-certificate and "
                                    "client-certificate-data are set; keep one")
                         .arg(uw)};
    if (!u.clientKeyData.isEmpty() && !u.clientKeyFile.isEmpty())
        return Error{
            QStringLiteral("%1: both user.client-key and client-key-data are set; keep one")
                .arg(uw)};
    const bool hasCert = !u.clientCertData.isEmpty() || !u.clientCertFile.isEmpty();
    const bool hasKey = !u.clientKeyData.isEmpty() || !u.clientKeyFile.isEmpty();
    if (hasCert != hasKey)
        return Error{QStringLiteral("%1: %2 is set without %3; a client certificate needs both")
                         .arg(uw,
                              hasCert ? QStringLiteral("user.client-certificate")
                                      : QStringLiteral("user.client-key"),
                              hasCert ? QStringLiteral("user.client-key")
                                      : QStringLiteral("user.client-certificate"))};
    const bool hasToken = !u.token.isEmpty() || !u.tokenFile.isEmpty();
    const bool hasBasic = !u.username.isEmpty() || !u.password.isEmpty();
    if (hasToken && hasBasic)
        return Error{QStringLiteral("%1: more than one authentication method (a token and "
                                    "username/password); only one is allowed")
                         .arg(uw)};
    if (!u.authProvider.isEmpty())
        return Error{QStringLiteral("%1: user.auth-provider '%2' is not supported (kubectl "
                                    "removed auth providers too); use an exec credential plugin")
                         .arg(uw, u.authProvider)};
    if (u.exec) {
        const QString v = u.exec->apiVersion;
        if (v != u"client.authentication.k8s.io/v1" && v != u"client.authentication.k8s.io/v1beta1")
            return Error{QStringLiteral("%1: user.exec.apiVersion '%2' is not supported; use "
                                        "client.authentication.k8s.io/v1 or v1beta1")
                             .arg(uw, v)};
    }
    return c;
}

} // namespace meshscope::chaos
