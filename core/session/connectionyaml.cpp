#include "core/session/connectionyaml_p.h"

#include <QCoreApplication>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <initializer_list>

namespace meshscope::core::connectionyaml {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::ConnectionStore", text);
}

struct ParseError
{
    QString message;
};

class Reader
{
public:
    Reader(QString origin, QStringList *warnings)
        : m_origin(std::move(origin)), m_warnings(warnings)
    {
    }

    QString where(const YAML::Mark &mark) const
    {
        return mark.is_null() ? m_origin : QStringLiteral("%1:%2").arg(m_origin).arg(mark.line + 1);
    }

    [[noreturn]] void fail(const YAML::Mark &mark, const QString &key, const QString &what) const
    {
        throw ParseError{where(mark) + QStringLiteral(": ") + key + QStringLiteral(": ") + what};
    }

    // Unknown keys are warned about, not refused: a file written by a newer Meshscope opens.
    void checkKeys(const YAML::Node &node, const QString &key,
                   std::initializer_list<const char *> allowed) const
    {
        if (!node.IsMap())
            fail(node.Mark(), key, tr("expected a mapping"));
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString name = QString::fromStdString(it->first.Scalar());
            bool known = false;
            for (const char *a : allowed)
                known = known || name == QLatin1String(a);
            if (!known && m_warnings)
                *m_warnings << where(it->first.Mark()) + QStringLiteral(": ") + key +
                                   QLatin1Char('.') + name + tr(": unknown field, ignored");
        }
    }

    QString text(const YAML::Node &parent, const char *name, const QString &key,
                 const QString &fallback = {}) const
    {
        const YAML::Node node = parent[name];
        if (!node || node.IsNull())
            return fallback;
        if (!node.IsScalar())
            fail(node.Mark(), key + QLatin1Char('.') + QLatin1String(name),
                 tr("expected a text value"));
        return QString::fromStdString(node.Scalar()).trimmed();
    }

    // A list of text values, or one text value alone.
    QStringList texts(const YAML::Node &parent, const char *name, const QString &key) const
    {
        const YAML::Node node = parent[name];
        QStringList out;
        if (!node || node.IsNull())
            return out;
        if (node.IsScalar())
            return {QString::fromStdString(node.Scalar()).trimmed()};
        if (!node.IsSequence())
            fail(node.Mark(), key + QLatin1Char('.') + QLatin1String(name),
                 tr("expected a list of text values"));
        for (const YAML::Node &item : node) {
            if (!item.IsScalar())
                fail(item.Mark(), key + QLatin1Char('.') + QLatin1String(name),
                     tr("expected a list of text values"));
            out << QString::fromStdString(item.Scalar()).trimmed();
        }
        return out;
    }

    bool flag(const YAML::Node &parent, const char *name, const QString &key) const
    {
        const YAML::Node node = parent[name];
        if (!node || node.IsNull())
            return false;
        bool value = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
            fail(node.Mark(), key + QLatin1Char('.') + QLatin1String(name),
                 tr("expected true or false"));
        return value;
    }

    double number(const YAML::Node &parent, const char *name, const QString &key) const
    {
        const YAML::Node node = parent[name];
        if (!node || node.IsNull())
            return 0;
        double value = 0;
        if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) ||
            !std::isfinite(value))
            fail(node.Mark(), key + QLatin1Char('.') + QLatin1String(name),
                 tr("expected a number"));
        return value;
    }

    SecretRef secret(const YAML::Node &parent, const char *name, const QString &key) const
    {
        const QString value = text(parent, name, key);
        auto ref = SecretRef::parse(value);
        if (!ref)
            fail(parent[name].Mark(), key + QLatin1Char('.') + QLatin1String(name), ref.error());
        return ref.value();
    }

    // url + auth of one backend; `extra` are the keys only that backend has.
    QString backend(const YAML::Node &node, const QString &key, BackendAuth *auth,
                    std::initializer_list<const char *> allowed) const
    {
        checkKeys(node, key, allowed);
        auth->bearerToken = secret(node, "bearerToken", key);
        if (const YAML::Node basic = node["basicAuth"]; basic && !basic.IsNull()) {
            const QString k = key + QStringLiteral(".basicAuth");
            checkKeys(basic, k, {"user", "password"});
            auth->basicUser = text(basic, "user", k);
            auth->basicPassword = secret(basic, "password", k);
        }
        if (const YAML::Node headers = node["headers"]; headers && !headers.IsNull()) {
            const QString k = key + QStringLiteral(".headers");
            if (!headers.IsMap())
                fail(headers.Mark(), k, tr("expected a mapping of header names to values"));
            for (auto it = headers.begin(); it != headers.end(); ++it) {
                if (!it->second.IsScalar())
                    fail(it->second.Mark(), k, tr("expected a text value"));
                const QString name = QString::fromStdString(it->first.Scalar());
                const QString value = QString::fromStdString(it->second.Scalar());
                if (BackendAuth::isCredentialHeader(name) && !SecretRef::looksLikeReference(value))
                    fail(it->second.Mark(), k + QLatin1Char('.') + name,
                         BackendAuth::credentialHeaderError());
                auth->headers.append({name, value});
            }
        }
        auth->caFile = text(node, "caFile", key);
        auth->clientCertFile = text(node, "clientCert", key);
        auth->clientKeyFile = text(node, "clientKey", key);
        auth->insecure = flag(node, "insecure", key);
        const QString url = text(node, "url", key);
        if (url.isEmpty())
            fail(node.Mark(), key + QStringLiteral(".url"), tr("missing"));
        return url;
    }

    ConnectionProfile profile(const YAML::Node &node, int index) const
    {
        QString key = QStringLiteral("profiles[%1]").arg(index);
        if (!node.IsMap())
            fail(node.Mark(), key, tr("expected a mapping"));
        ConnectionProfile p;
        p.name = text(node, "name", key);
        if (p.name.isEmpty())
            fail(node.Mark(), key + QStringLiteral(".name"), tr("missing"));
        key = p.name; // messages name the profile from here on
        checkKeys(node, key,
                  {"name", "flavour", "prometheus", "jaeger", "alertmanager", "metricProfile",
                   "namespaces", "granularity", "refreshSeconds", "kubernetes"});
        if (const QString f = text(node, "flavour", key); !f.isEmpty()) {
            auto flavour = flavourFromString(f);
            if (!flavour)
                fail(node["flavour"].Mark(), key + QStringLiteral(".flavour"), flavour.error());
            p.flavour = flavour.value();
        }
        const YAML::Node prom = node["prometheus"];
        if (!prom || prom.IsNull())
            fail(node.Mark(), key + QStringLiteral(".prometheus"), tr("missing"));
        const QString pk = key + QStringLiteral(".prometheus");
        p.prometheusUrl = backend(prom, pk, &p.prometheusAuth,
                                  {"url", "pathPrefix", "tenant", "bearerToken", "basicAuth",
                                   "headers", "caFile", "clientCert", "clientKey", "insecure"});
        p.pathPrefix = text(prom, "pathPrefix", pk);
        p.tenant = text(prom, "tenant", pk);
        const std::initializer_list<const char *> plain = {"url",       "bearerToken", "basicAuth",
                                                           "headers",   "caFile",      "clientCert",
                                                           "clientKey", "insecure"};
        if (const YAML::Node j = node["jaeger"]; j && !j.IsNull())
            p.jaegerUrl = backend(j, key + QStringLiteral(".jaeger"), &p.jaegerAuth, plain);
        if (const YAML::Node a = node["alertmanager"]; a && !a.IsNull()) {
            const QString ak = key + QStringLiteral(".alertmanager");
            p.alertmanagerUrl = backend(a, ak, &p.alertmanagerAuth,
                                        {"url", "bearerToken", "basicAuth", "headers", "caFile",
                                         "clientCert", "clientKey", "insecure", "filters"});
            p.alertFilters = texts(a, "filters", ak);
        }
        p.metricProfile = text(node, "metricProfile", key, p.metricProfile);
        p.namespaces = text(node, "namespaces", key, p.namespaces);
        p.granularity = text(node, "granularity", key, p.granularity);
        p.refreshSeconds = number(node, "refreshSeconds", key);
        if (const YAML::Node k = node["kubernetes"]; k && !k.IsNull()) {
            const QString kk = key + QStringLiteral(".kubernetes");
            checkKeys(k, kk, {"kubeconfig", "context"});
            p.kubeconfig = text(k, "kubeconfig", kk);
            p.kubeContext = text(k, "context", kk);
        }
        // Values that parse but make no sense (a bad regex, a URL without a host) are refused
        // here too, so the window never starts from a profile the dialog would not save.
        if (const QStringList problems = p.validate(); !problems.isEmpty())
            fail(node.Mark(), key, problems.first());
        return p;
    }

    QList<ConnectionProfile> file(const YAML::Node &root) const
    {
        QList<ConnectionProfile> out;
        if (!root || root.IsNull())
            return out; // an empty file
        if (!root.IsMap())
            fail(root.Mark(), QStringLiteral("(top level)"),
                 tr("expected a mapping with a 'profiles' list"));
        checkKeys(root, QStringLiteral("(top level)"), {"profiles"});
        const YAML::Node list = root["profiles"];
        if (!list || list.IsNull())
            return out;
        if (!list.IsSequence())
            fail(list.Mark(), QStringLiteral("profiles"), tr("expected a list of profiles"));
        int index = 0;
        for (const YAML::Node &node : list) {
            ConnectionProfile p = profile(node, index++);
            for (const ConnectionProfile &other : out)
                if (other.name == p.name)
                    fail(node.Mark(), p.name + QStringLiteral(".name"),
                         tr("a profile of this name already exists above"));
            out << p;
        }
        return out;
    }

private:
    QString m_origin;
    QStringList *m_warnings;
};

void writeBackend(YAML::Emitter &out, const QString &url, const BackendAuth &auth,
                  const ConnectionProfile *prometheus, const QStringList &filters = {})
{
    auto put = [&out](const char *key, const QString &value) {
        if (!value.isEmpty())
            out << YAML::Key << key << YAML::Value << value.toStdString();
    };
    out << YAML::BeginMap;
    put("url", url);
    if (prometheus) {
        put("pathPrefix", prometheus->pathPrefix);
        put("tenant", prometheus->tenant);
    }
    // Only references reach the file: a BackendAuth cannot hold a plain secret.
    put("bearerToken", auth.bearerToken.toString());
    if (!auth.basicUser.isEmpty() || !auth.basicPassword.isEmpty()) {
        out << YAML::Key << "basicAuth" << YAML::Value << YAML::BeginMap;
        put("user", auth.basicUser);
        put("password", auth.basicPassword.toString());
        out << YAML::EndMap;
    }
    if (!auth.headers.isEmpty()) {
        out << YAML::Key << "headers" << YAML::Value << YAML::BeginMap;
        for (const auto &[name, value] : auth.headers)
            out << YAML::Key << name.toStdString() << YAML::Value << value.toStdString();
        out << YAML::EndMap;
    }
    put("caFile", auth.caFile);
    put("clientCert", auth.clientCertFile);
    put("clientKey", auth.clientKeyFile);
    if (auth.insecure)
        out << YAML::Key << "insecure" << YAML::Value << true;
    if (!filters.isEmpty()) {
        out << YAML::Key << "filters" << YAML::Value << YAML::BeginSeq;
        for (const QString &f : filters)
            out << YAML::SingleQuoted << f.toStdString();
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

} // namespace

Result<QList<ConnectionProfile>> read(const QByteArray &yaml, const QString &origin,
                                      QStringList *warnings)
{
    Reader reader(origin, warnings);
    try {
        return reader.file(YAML::Load(yaml.toStdString()));
    } catch (const ParseError &e) {
        return Error{e.message};
    } catch (const YAML::Exception &e) {
        return Error{QStringLiteral("%1:%2: %3")
                         .arg(origin)
                         .arg(e.mark.line + 1)
                         .arg(QString::fromStdString(e.msg))};
    }
}

QByteArray write(const QList<ConnectionProfile> &profiles)
{
    YAML::Emitter out;
    out << YAML::Comment("Meshscope connection profiles (docs/connections.md). Secrets are "
                         "references only: env:NAME, file:PATH or keychain:KEY.");
    out << YAML::BeginMap << YAML::Key << "profiles" << YAML::Value << YAML::BeginSeq;
    for (const ConnectionProfile &p : profiles) {
        out << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << p.name.toStdString();
        out << YAML::Key << "flavour" << YAML::Value << flavourName(p.flavour).toStdString();
        out << YAML::Key << "prometheus" << YAML::Value;
        writeBackend(out, p.prometheusUrl, p.prometheusAuth, &p);
        if (!p.jaegerUrl.isEmpty()) {
            out << YAML::Key << "jaeger" << YAML::Value;
            writeBackend(out, p.jaegerUrl, p.jaegerAuth, nullptr);
        }
        if (!p.alertmanagerUrl.isEmpty()) {
            out << YAML::Key << "alertmanager" << YAML::Value;
            writeBackend(out, p.alertmanagerUrl, p.alertmanagerAuth, nullptr, p.alertFilters);
        }
        out << YAML::Key << "metricProfile" << YAML::Value << p.metricProfile.toStdString();
        out << YAML::Key << "namespaces" << YAML::Value << YAML::DoubleQuoted
            << p.namespaces.toStdString();
        out << YAML::Key << "granularity" << YAML::Value << p.granularity.toStdString();
        if (p.refreshSeconds > 0)
            out << YAML::Key << "refreshSeconds" << YAML::Value << p.refreshSeconds;
        if (!p.kubeconfig.isEmpty() || !p.kubeContext.isEmpty()) {
            out << YAML::Key << "kubernetes" << YAML::Value << YAML::BeginMap;
            if (!p.kubeconfig.isEmpty())
                out << YAML::Key << "kubeconfig" << YAML::Value << p.kubeconfig.toStdString();
            if (!p.kubeContext.isEmpty())
                out << YAML::Key << "context" << YAML::Value << p.kubeContext.toStdString();
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace meshscope::core::connectionyaml
