#include "core/prometheus/metricprofile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

#include <yaml-cpp/yaml.h>

#include <initializer_list>

namespace meshscope::core {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::MetricProfile", text);
}

struct ParseError
{
    QString message;
};

constexpr const char *kPlaceholders[] = {"groupBy", "filter", "window", "namespaces", "prefix"};

bool isLabelName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    return re.match(name).hasMatch();
}

class Reader
{
public:
    explicit Reader(QString origin) : m_origin(std::move(origin)) {}

    [[noreturn]] void fail(const YAML::Mark &mark, const QString &key, const QString &what) const
    {
        QString where = m_origin;
        if (!mark.is_null())
            where += QStringLiteral(":%1").arg(mark.line + 1);
        throw ParseError{key.isEmpty() ? QString(where + QStringLiteral(": ") + what)
                                       : QString(where + QStringLiteral(": ") + key +
                                                 QStringLiteral(": ") + what)};
    }

    void requireMap(const YAML::Node &node, const QString &key,
                    std::initializer_list<const char *> allowed) const
    {
        if (!node.IsMap())
            fail(node.Mark(), key, tr("expected a mapping"));
        QStringList names;
        for (const char *a : allowed)
            names << QString::fromLatin1(a);
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (!it->first.IsScalar())
                fail(it->first.Mark(), key, tr("keys must be plain names"));
            const QString name = QString::fromStdString(it->first.Scalar());
            if (!names.contains(name))
                fail(it->first.Mark(), key.isEmpty() ? name : key + QLatin1Char('.') + name,
                     tr("unknown key (expected one of: %1)").arg(names.join(QStringLiteral(", "))));
        }
    }

    QString scalar(const YAML::Node &parent, const char *name, const QString &key,
                   bool required = false) const
    {
        const YAML::Node node = parent[name];
        const QString full = key.isEmpty() ? QString::fromLatin1(name)
                                           : key + QLatin1Char('.') + QString::fromLatin1(name);
        if (!node || node.IsNull()) {
            if (required)
                fail(parent.Mark(), full, tr("missing"));
            return {};
        }
        if (!node.IsScalar())
            fail(node.Mark(), full, tr("expected a text value"));
        return QString::fromStdString(node.Scalar()).trimmed();
    }

    QString label(const YAML::Node &parent, const char *name, const QString &key,
                  bool required = false) const
    {
        const QString value = scalar(parent, name, key, required);
        if (!value.isEmpty() && !isLabelName(value))
            fail(parent[name].Mark(), key + QLatin1Char('.') + QString::fromLatin1(name),
                 tr("'%1' is not a Prometheus label name").arg(value));
        return value;
    }

    QStringList labelList(const YAML::Node &parent, const char *name) const
    {
        const YAML::Node node = parent[name];
        const QString key = QString::fromLatin1(name);
        QStringList out;
        if (!node || node.IsNull())
            return out;
        if (!node.IsSequence())
            fail(node.Mark(), key, tr("expected a list"));
        for (const YAML::Node &item : node) {
            if (!item.IsScalar())
                fail(item.Mark(), key, tr("expected a list of label names"));
            const QString value = QString::fromStdString(item.Scalar());
            if (!isLabelName(value))
                fail(item.Mark(), key, tr("'%1' is not a Prometheus label name").arg(value));
            out << value;
        }
        return out;
    }

    EndpointLabels endpoint(const YAML::Node &root, const char *name) const
    {
        const QString key = QString::fromLatin1(name);
        const YAML::Node node = root[name];
        if (!node)
            fail(root.Mark(), key, tr("missing (the labels that name this end of a call)"));
        requireMap(node, key, {"cluster", "namespace", "service", "workload", "app", "version"});
        EndpointLabels e;
        e.cluster = label(node, "cluster", key);
        e.ns = label(node, "namespace", key);
        e.service = label(node, "service", key, true);
        e.workload = label(node, "workload", key);
        e.app = label(node, "app", key);
        e.version = label(node, "version", key);
        return e;
    }

    void checkPlaceholders(const YAML::Node &node, const QString &key, const QString &text) const
    {
        static const QRegularExpression placeholder(QStringLiteral("\\$\\{([^}]*)\\}"));
        for (auto it = placeholder.globalMatch(text); it.hasNext();) {
            const QString name = it.next().captured(1);
            bool known = false;
            for (const char *p : kPlaceholders)
                known = known || name == QLatin1String(p);
            if (!known)
                fail(node.Mark(), key,
                     tr("unknown placeholder ${%1} (known: ${groupBy}, ${filter}, ${window}, "
                        "${namespaces}, ${prefix})")
                         .arg(name));
        }
        int depth = 0;
        for (const QChar c : text) {
            depth += c == u'(' ? 1 : c == u')' ? -1 : 0;
            if (depth < 0)
                break;
        }
        if (depth != 0)
            fail(node.Mark(), key, tr("unbalanced parentheses"));
    }

    MetricProfile::Query query(const YAML::Node &node, int index) const
    {
        const QString key = QStringLiteral("queries[%1]").arg(index);
        requireMap(node, key, {"role", "promql", "histogram"});
        MetricProfile::Query q;
        q.line = int(node.Mark().line) + 1;
        const QString role = scalar(node, "role", key, true);
        static const std::pair<const char *, MetricProfile::Role> roles[] = {
            {"requests", MetricProfile::Role::Requests},
            {"latency", MetricProfile::Role::Latency},
            {"serverRequests", MetricProfile::Role::ServerRequests},
            {"serverLatency", MetricProfile::Role::ServerLatency},
            {"tcp", MetricProfile::Role::Tcp},
            {"replicas", MetricProfile::Role::Replicas}};
        bool found = false;
        for (const auto &[name, value] : roles) {
            if (role == QLatin1String(name)) {
                q.role = value;
                found = true;
            }
        }
        if (!found)
            fail(node["role"].Mark(), key + QStringLiteral(".role"),
                 tr("unknown role '%1' (expected requests, latency, serverRequests, "
                    "serverLatency, tcp or replicas)")
                     .arg(role));
        q.promql = scalar(node, "promql", key);
        q.histogram = scalar(node, "histogram", key);
        const bool latency =
            q.role == MetricProfile::Role::Latency || q.role == MetricProfile::Role::ServerLatency;
        if (q.promql.isEmpty() == q.histogram.isEmpty())
            fail(node.Mark(), key, tr("needs exactly one of promql or histogram"));
        if (!q.histogram.isEmpty() && !latency)
            fail(node["histogram"].Mark(), key + QStringLiteral(".histogram"),
                 tr("only latency roles take a histogram selector"));
        const QString text = q.promql.isEmpty() ? q.histogram : q.promql;
        checkPlaceholders(
            node[q.promql.isEmpty() ? "histogram" : "promql"],
            key + (q.promql.isEmpty() ? QStringLiteral(".histogram") : QStringLiteral(".promql")),
            text);
        if (q.role != MetricProfile::Role::Replicas && !text.contains(QLatin1String("${filter}")))
            fail(node.Mark(), key,
                 tr("must use ${filter} (the namespace selection) in its selector"));
        return q;
    }

    MetricProfile profile(const YAML::Node &root) const
    {
        if (!root.IsDefined() || root.IsNull())
            fail(YAML::Mark::null_mark(), QString(), tr("the file is empty"));
        requireMap(root, QString(),
                   {"name", "description", "window", "probe", "namespaceLabels", "source",
                    "destination", "outcome", "latencyUnit", "unknownValue", "replicas",
                    "queries"});
        MetricProfile p;
        p.origin = m_origin;
        p.name = scalar(root, "name", QString(), true);
        static const QRegularExpression nameRe(QStringLiteral("^[a-z0-9][a-z0-9_-]*$"));
        if (!nameRe.match(p.name).hasMatch())
            fail(root["name"].Mark(), QStringLiteral("name"),
                 tr("'%1' must be lower-case letters, digits, - or _").arg(p.name));
        p.description = scalar(root, "description", QString());
        const QString window = scalar(root, "window", QString());
        if (!window.isEmpty()) {
            static const QRegularExpression re(QStringLiteral("^[1-9][0-9]{0,4}[smh]$"));
            if (!re.match(window).hasMatch())
                fail(root["window"].Mark(), QStringLiteral("window"),
                     tr("'%1' is not a duration such as 30s, 1m or 5m").arg(window));
            p.window = window;
        }
        if (const YAML::Node probe = root["probe"]) {
            requireMap(probe, QStringLiteral("probe"), {"metric", "hint"});
            p.probeMetric = scalar(probe, "metric", QStringLiteral("probe"), true);
            static const QRegularExpression metricRe(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
            if (!metricRe.match(p.probeMetric).hasMatch())
                fail(probe["metric"].Mark(), QStringLiteral("probe.metric"),
                     tr("'%1' is not a metric name").arg(p.probeMetric));
            p.probeHint = scalar(probe, "hint", QStringLiteral("probe"));
        } else {
            fail(root.Mark(), QStringLiteral("probe"),
                 tr("missing (the metric whose series show that the mesh is scraped)"));
        }
        p.namespaceLabels = labelList(root, "namespaceLabels");
        p.source = endpoint(root, "source");
        p.destination = endpoint(root, "destination");
        if (const YAML::Node outcome = root["outcome"]) {
            const QString key = QStringLiteral("outcome");
            requireMap(outcome, key,
                       {"protocol", "responseCode", "grpcStatus", "responseFlags", "securityPolicy",
                        "mtlsValues"});
            p.protocolLabel = label(outcome, "protocol", key);
            p.responseCodeLabel = label(outcome, "responseCode", key);
            p.grpcStatusLabel = label(outcome, "grpcStatus", key);
            p.responseFlagsLabel = label(outcome, "responseFlags", key);
            p.securityPolicyLabel = label(outcome, "securityPolicy", key);
            if (const YAML::Node values = outcome["mtlsValues"]) {
                if (!values.IsSequence())
                    fail(values.Mark(), QStringLiteral("outcome.mtlsValues"),
                         tr("expected a list"));
                for (const YAML::Node &v : values) {
                    if (!v.IsScalar())
                        fail(v.Mark(), QStringLiteral("outcome.mtlsValues"),
                             tr("expected a list of label values"));
                    p.mtlsValues << QString::fromStdString(v.Scalar());
                }
            }
        }
        const QString unit = scalar(root, "latencyUnit", QString());
        if (unit == QLatin1String("s"))
            p.latencyToMs = 1000.0;
        else if (!unit.isEmpty() && unit != QLatin1String("ms"))
            fail(root["latencyUnit"].Mark(), QStringLiteral("latencyUnit"),
                 tr("'%1' must be ms or s").arg(unit));
        if (root["unknownValue"])
            p.unknownValue = scalar(root, "unknownValue", QString());
        if (const YAML::Node replicas = root["replicas"]) {
            requireMap(replicas, QStringLiteral("replicas"), {"namespace", "name"});
            p.replicasNamespaceLabel =
                label(replicas, "namespace", QStringLiteral("replicas"), true);
            p.replicasNameLabel = label(replicas, "name", QStringLiteral("replicas"), true);
        }
        const YAML::Node queries = root["queries"];
        if (!queries || !queries.IsSequence() || queries.size() == 0)
            fail(queries ? queries.Mark() : root.Mark(), QStringLiteral("queries"),
                 tr("expected a non-empty list of queries"));
        if (int(queries.size()) > MetricProfile::kMaxQueries)
            fail(queries.Mark(), QStringLiteral("queries"),
                 tr("%1 queries; a profile may run at most %2 per refresh")
                     .arg(queries.size())
                     .arg(MetricProfile::kMaxQueries));
        int index = 0;
        bool hasRequests = false;
        for (const YAML::Node &q : queries) {
            p.queries.push_back(query(q, index++));
            hasRequests = hasRequests || p.queries.back().role == MetricProfile::Role::Requests;
            if (p.queries.back().role == MetricProfile::Role::Replicas &&
                p.replicasNameLabel.isEmpty())
                fail(q.Mark(), QStringLiteral("queries[%1]").arg(index - 1),
                     tr("a replicas query needs the replicas: labels (namespace, name)"));
        }
        if (!hasRequests)
            fail(queries.Mark(), QStringLiteral("queries"),
                 tr("needs a query with role requests (the calls of the graph)"));
        return p;
    }

private:
    QString m_origin;
};

} // namespace

QString toString(Granularity granularity)
{
    switch (granularity) {
    case Granularity::Service:
        return QStringLiteral("service");
    case Granularity::Workload:
        return QStringLiteral("workload");
    case Granularity::App:
        return QStringLiteral("app");
    }
    return {};
}

Result<Granularity> granularityFromString(const QString &text)
{
    for (Granularity g : {Granularity::Service, Granularity::Workload, Granularity::App}) {
        if (text == toString(g))
            return g;
    }
    return Error{tr("granularity must be service, workload or app, got '%1'").arg(text)};
}

QString MetricProfile::roleName(Role role)
{
    switch (role) {
    case Role::Requests:
        return QStringLiteral("requests");
    case Role::Latency:
        return QStringLiteral("latency");
    case Role::ServerRequests:
        return QStringLiteral("serverRequests");
    case Role::ServerLatency:
        return QStringLiteral("serverLatency");
    case Role::Tcp:
        return QStringLiteral("tcp");
    case Role::Replicas:
        return QStringLiteral("replicas");
    }
    return {};
}

Result<MetricProfile> MetricProfile::parse(const QByteArray &yaml, const QString &origin)
{
    Reader reader(origin);
    try {
        return reader.profile(YAML::Load(yaml.toStdString()));
    } catch (const ParseError &e) {
        return Error{e.message};
    } catch (const YAML::Exception &e) {
        // yaml-cpp's own syntax errors carry their position.
        return Error{QStringLiteral("%1:%2: %3")
                         .arg(origin)
                         .arg(e.mark.line + 1)
                         .arg(QString::fromStdString(e.msg))};
    }
}

Result<MetricProfile> MetricProfile::load(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return Error{tr("%1: cannot read the profile: %2").arg(fileName, file.errorString())};
    // A profile is a page of YAML; refuse anything that is clearly not one.
    constexpr qint64 kMaxBytes = 1024 * 1024;
    if (file.size() > kMaxBytes)
        return Error{
            tr("%1: %2 bytes is too large for a metric profile").arg(fileName).arg(file.size())};
    return parse(file.readAll(), fileName);
}

QString MetricProfile::userFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/profiles");
}

QStringList MetricProfile::available()
{
    QStringList names;
    for (const QString &dir : {QStringLiteral(":/meshscope/profiles"), userFolder()})
        for (const QString &file : QDir(dir).entryList({QStringLiteral("*.yaml")}, QDir::Files))
            names << file.chopped(5);
    names.removeDuplicates();
    names.sort();
    return names;
}

Result<MetricProfile> MetricProfile::find(const QString &name)
{
    static const QRegularExpression nameRe(QStringLiteral("^[a-z0-9][a-z0-9_-]*$"));
    if (!nameRe.match(name).hasMatch())
        return Error{tr("'%1' is not a profile name (known: %2)")
                         .arg(name, available().join(QStringLiteral(", ")))};
    const QString user = userFolder() + QLatin1Char('/') + name + QStringLiteral(".yaml");
    if (QFile::exists(user))
        return load(user);
    const QString builtIn =
        QStringLiteral(":/meshscope/profiles/") + name + QStringLiteral(".yaml");
    if (QFile::exists(builtIn))
        return load(builtIn);
    return Error{tr("no metric profile '%1' (known: %2; your own go to %3)")
                     .arg(name, available().join(QStringLiteral(", ")), userFolder())};
}

} // namespace meshscope::core
