#include "app/commandline.h"

#include "app/connectionoptions.h"
#include "core/session/connectionstore.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextStream>
#include <QUrl>

#include <cmath>

namespace meshscope::app {

namespace {

// User-visible text of the command line (no QObject here to call tr() on).
QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::app::CommandLine", text);
}

const char kHelp[] = R"(Usage:
  meshscope [options]                 open the window
  meshscope export [options] -o FILE  render a snapshot without a display and exit
  meshscope experiment run FILE.yaml --report DIR
                                      run a chaos experiment headless (experiment --help)
  meshscope diff BEFORE.json AFTER.json [-o OUT.csv|OUT.json]
                                      compare two saved JSON snapshots (docs/snapshot-diff.md);
                                      without -o the comparison is printed as CSV
  meshscope rules [--metric-profile NAME] [--granularity G] [--window W]
                                      print Prometheus recording rules for a profile's
                                      queries (rules --help; docs/query-profiles.md)

Meshscope draws a live service dependency graph coloured by a health score. With no data source
configured it runs on an embedded demo mesh.

Options (window and export):
  --demo MESH            demo mesh: shop (default), tickets, or generated:N (1..20000 services)
  --seed N               seed of the demo mesh and the layout (default 1)
  --health-config FILE   health model settings (YAML); default: the user's settings file,
                         created from the built-in defaults on first use
  --prometheus URL       read the mesh from a Prometheus-compatible store (Prometheus,
                         Thanos, Mimir, VictoriaMetrics) instead of the demo mesh
  --profile NAME         a saved connection profile (File > Connections...; stored in
                         ~/.config/meshscope/meshscope/connections.yaml; docs/connections.md)
  --metric-profile NAME  metric profile: istio (default), linkerd, tempo, or one of yours
                         in ~/.config/meshscope/meshscope/profiles/NAME.yaml
  --bearer-token-file F  send the token in file F as "Authorization: Bearer"
  --basic-auth-file F    basic auth from file F holding user:password
  --header 'K: V'        an extra header on every query (repeatable)
  --ca-file F            trust the CA certificates in PEM file F
  --insecure             do not verify the server's TLS certificate (unsafe)
  --tenant ID            Mimir/Cortex tenant (X-Scope-OrgID)
  --thanos               Thanos Querier: partial_response and dedup, partial answers warned
  --namespaces REGEX     namespaces to show (a call is shown when either end matches;
                         default .*)
  --granularity service|workload|app
                         one node per service (default), workload, or app and version
  --jaeger URL           Jaeger query service: trace-derived calls merged into the graph,
                         traces in the details panel; alone, a graph from traces only
  --alertmanager URL     Alertmanager: firing alerts on their services (needs --prometheus
                         or --jaeger)
  --alert-filter MATCHER only alerts matching, in Alertmanager's syntax (severity="critical");
                         repeat to require several
  -h, --help             show this help
  -v, --version          show the version

Window options:
  --interval SECONDS     refresh interval (default: the last one used, else 5)
  --context NAME         with --prometheus: run experiments on this kubeconfig context's
                         cluster (Chaos Mesh) instead of a connection profile's
  --kubeconfig PATH      kubeconfig file(s) for --context, ':'-separated
                         (default $KUBECONFIG, ~/.kube/config)

Export options:
  -o, --output FILE      output file; the format comes from the extension:
                         png, svg, pdf (image of the whole graph with legend, title, time)
                         json, dot, graphml (data: nodes, edges, scores, breakdown, positions)
  --sim-seconds S        simulated time to run the demo mesh before the snapshot (default 120)
  --scale F              PNG pixels per scene unit (default 2)
  --title TEXT           title on the image (default: the mesh and the time)
  --layout force|layered layout (default force)
  --edge-labels none|rps|errors|p95
                         edge labels on images (default none)
  --timeout SECONDS      with --prometheus: give up after this long (default 60)
  --at TIME              simulated wall-clock time of the snapshot, ISO 8601
                         (e.g. 2026-11-22T14:00:00Z); default now. Fix it for reproducible output.

Exit status: 0 on success; 1 when the export failed (the message says why); 2 on a usage error.

Examples:
  meshscope --demo tickets
  meshscope export --demo shop --seed 7 --sim-seconds 120 -o shop.png
  meshscope export --demo generated:5000 -o mesh.graphml
  meshscope --prometheus http://localhost:9090 --namespaces 'shop|istio-system'
  meshscope --profile prod-eu
  meshscope export --prometheus http://localhost:9090 -o mesh.json
)";

CommandLine error(const QString &message)
{
    CommandLine c;
    c.mode = CommandLine::Mode::Error;
    c.message = message + tr("\nTry 'meshscope --help'.");
    return c;
}

CommandLine parseDiff(const QStringList &arguments)
{
    CommandLine c;
    c.mode = CommandLine::Mode::Diff;
    QStringList files;
    for (int i = 2; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("-o") || arg == QLatin1String("--output")) {
            if (i + 1 >= arguments.size() || arguments.at(i + 1).isEmpty())
                return error(tr("%1 needs a file name (.csv or .json)").arg(arg));
            c.output = arguments.at(++i);
        } else if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            c.mode = CommandLine::Mode::Help;
            c.message = CommandLine::helpText();
            return c;
        } else if (arg.startsWith(QLatin1Char('-'))) {
            return error(tr("unknown option '%1' for diff").arg(arg));
        } else {
            files << arg;
        }
    }
    if (files.size() != 2)
        return error(tr("diff needs two snapshot files: meshscope diff BEFORE.json AFTER.json "
                        "[-o OUT.csv|OUT.json], got %1")
                         .arg(files.size()));
    c.diffBefore = files.at(0);
    c.diffAfter = files.at(1);
    return c;
}

} // namespace

QString CommandLine::helpText()
{
    return tr(kHelp);
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine c;
    int i = 1;
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("experiment")) {
        c.mode = Mode::Experiment;
        c.experimentArguments = arguments.mid(2);
        return c;
    }
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("diff"))
        return parseDiff(arguments);
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("rules")) {
        c.mode = Mode::Rules;
        c.rulesArguments = arguments.mid(2);
        return c;
    }
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("export")) {
        c.mode = Mode::Export;
        i = 2;
    }
    auto value = [&](const QString &option, QString *out) {
        if (i + 1 >= arguments.size())
            return false;
        *out = arguments.at(++i);
        Q_UNUSED(option);
        return true;
    };
    auto number = [](const QString &text, double *out) {
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return false;
        *out = v;
        return true;
    };
    for (; i < arguments.size(); ++i) {
        QString arg = arguments.at(i);
        QString inlineValue;
        const bool hasInline =
            arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='));
        if (hasInline) {
            inlineValue = arg.section(QLatin1Char('='), 1);
            arg = arg.section(QLatin1Char('='), 0, 0);
        }
        c.given << arg;
        QString v;
        auto take = [&](QString *out) {
            if (hasInline) {
                *out = inlineValue;
                return true;
            }
            return value(arg, out);
        };
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            c.mode = Mode::Help;
            c.message = helpText();
            return c;
        }
        if (arg == QLatin1String("-v") || arg == QLatin1String("--version")) {
            c.mode = Mode::Version;
            c.message = QStringLiteral("meshscope %1")
                            .arg(QCoreApplication::applicationVersion().isEmpty()
                                     ? QStringLiteral(MESHSCOPE_VERSION)
                                     : QCoreApplication::applicationVersion());
            return c;
        }
        if (arg == QLatin1String("--demo")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("--demo needs a mesh name (shop, tickets, generated:N)"));
            c.demo = v;
            c.demoGiven = true;
        } else if (arg == QLatin1String("--seed")) {
            bool ok = false;
            if (!take(&v) || (c.seed = v.toULongLong(&ok), !ok))
                return error(tr("--seed needs a non-negative whole number, got '%1'").arg(v));
        } else if (arg == QLatin1String("--health-config")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("--health-config needs a file name"));
            c.healthConfig = v;
        } else if (arg == QLatin1String("--prometheus")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("--prometheus needs a URL such as http://localhost:9090"));
            const QUrl parsed(v, QUrl::StrictMode);
            if (!parsed.isValid() || parsed.host().isEmpty() ||
                (parsed.scheme() != QLatin1String("http") &&
                 parsed.scheme() != QLatin1String("https")))
                return error(
                    tr("--prometheus: '%1' is not an http(s) URL such as http://localhost:9090")
                        .arg(v));
            c.prometheus = v;
        } else if (arg == QLatin1String("--jaeger") || arg == QLatin1String("--alertmanager")) {
            const bool jaeger = arg == QLatin1String("--jaeger");
            const QString example = jaeger ? QStringLiteral("http://localhost:16686")
                                           : QStringLiteral("http://localhost:9093");
            if (!take(&v) || v.isEmpty())
                return error(tr("%1 needs a URL such as %2").arg(arg, example));
            const QUrl parsed(v, QUrl::StrictMode);
            if (!parsed.isValid() || parsed.host().isEmpty() ||
                (parsed.scheme() != QLatin1String("http") &&
                 parsed.scheme() != QLatin1String("https")))
                return error(tr("%1: '%2' is not an http(s) URL such as %3").arg(arg, v, example));
            (jaeger ? c.jaeger : c.alertmanager) = v;
        } else if (arg == QLatin1String("--alert-filter")) {
            static const QRegularExpression matcher(
                QStringLiteral(R"(^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)\s*\S.*$)"));
            if (!take(&v) || !matcher.match(v).hasMatch())
                return error(tr("--alert-filter needs a matcher such as severity=\"critical\" "
                                "(label, then =, !=, =~ or !~, then a value), got '%1'")
                                 .arg(v));
            c.alertFilters << v.trimmed();
        } else if (arg == QLatin1String("--context") || arg == QLatin1String("--kubeconfig")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("%1 needs a value (a kubeconfig context name or file)").arg(arg));
            if (arg == QLatin1String("--context"))
                c.kubeContext = v;
            else
                c.kubeconfig += v.split(QLatin1Char(':'), Qt::SkipEmptyParts);
        } else if (arg == QLatin1String("--profile")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("--profile needs a connection profile name (File > "
                                "Connections...); metric profiles are --metric-profile"));
            c.connection = v;
        } else if (arg == QLatin1String("--metric-profile")) {
            if (!take(&v) || v.isEmpty())
                return error(
                    tr("--metric-profile needs a metric profile name (istio, linkerd, tempo)"));
            c.metricProfile = v;
        } else if (arg == QLatin1String("--bearer-token-file") ||
                   arg == QLatin1String("--basic-auth-file") || arg == QLatin1String("--ca-file")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("%1 needs a file name").arg(arg));
            (arg == QLatin1String("--ca-file")           ? c.caFile
             : arg == QLatin1String("--basic-auth-file") ? c.basicAuthFile
                                                         : c.bearerTokenFile) = v;
        } else if (arg == QLatin1String("--header")) {
            if (!take(&v) || v.indexOf(QLatin1Char(':')) <= 0)
                return error(tr("--header needs 'Name: value', got '%1'").arg(v));
            c.headers << v;
        } else if (arg == QLatin1String("--tenant")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("--tenant needs a tenant ID (sent as X-Scope-OrgID)"));
            c.tenant = v;
        } else if (arg == QLatin1String("--insecure") && !hasInline) {
            c.insecure = true;
        } else if (arg == QLatin1String("--thanos") && !hasInline) {
            c.thanos = true;
        } else if (arg == QLatin1String("--namespaces")) {
            if (!take(&v) || v.isEmpty())
                return error(tr("--namespaces needs a regular expression, e.g. 'shop|payments'"));
            if (const QRegularExpression re(v); !re.isValid())
                return error(tr("--namespaces: '%1' is not a valid regular expression: %2")
                                 .arg(v, re.errorString()));
            c.namespaces = v;
        } else if (arg == QLatin1String("--granularity")) {
            if (!take(&v) || (v != QLatin1String("service") && v != QLatin1String("workload") &&
                              v != QLatin1String("app")))
                return error(tr("--granularity must be service, workload or app, got '%1'").arg(v));
            c.granularity = v;
        } else if (arg == QLatin1String("--timeout") && c.mode == Mode::Export) {
            if (!take(&v) || !number(v, &c.timeoutSeconds) || c.timeoutSeconds < 1 ||
                c.timeoutSeconds > 3600)
                return error(tr("--timeout needs seconds from 1 to 3600, got '%1'").arg(v));
        } else if (arg == QLatin1String("--interval") && c.mode == Mode::Gui) {
            if (!take(&v) || !number(v, &c.intervalSeconds) || c.intervalSeconds < 0.5 ||
                c.intervalSeconds > 3600)
                return error(tr("--interval needs seconds from 0.5 to 3600, got '%1'").arg(v));
        } else if ((arg == QLatin1String("-o") || arg == QLatin1String("--output")) &&
                   c.mode == Mode::Export) {
            if (!take(&v) || v.isEmpty())
                return error(tr("%1 needs a file name").arg(arg));
            c.output = v;
        } else if (arg == QLatin1String("--sim-seconds") && c.mode == Mode::Export) {
            if (!take(&v) || !number(v, &c.simSeconds) || c.simSeconds < 0 ||
                c.simSeconds > 7 * 24 * 3600)
                return error(tr("--sim-seconds needs seconds from 0 to 604800, got '%1'").arg(v));
        } else if (arg == QLatin1String("--scale") && c.mode == Mode::Export) {
            if (!take(&v) || !number(v, &c.scale) || c.scale <= 0 || c.scale > 16)
                return error(tr("--scale needs a number above 0 and at most 16, got '%1'").arg(v));
        } else if (arg == QLatin1String("--title") && c.mode == Mode::Export) {
            if (!take(&v))
                return error(tr("--title needs a text"));
            c.title = v;
        } else if (arg == QLatin1String("--layout") && c.mode == Mode::Export) {
            if (!take(&v) || (v != QLatin1String("force") && v != QLatin1String("layered")))
                return error(tr("--layout must be force or layered, got '%1'").arg(v));
            c.layout = v;
        } else if (arg == QLatin1String("--edge-labels") && c.mode == Mode::Export) {
            static const QStringList modes{QStringLiteral("none"), QStringLiteral("rps"),
                                           QStringLiteral("errors"), QStringLiteral("p95")};
            if (!take(&v) || !modes.contains(v))
                return error(tr("--edge-labels must be none, rps, errors or p95, got '%1'").arg(v));
            c.edgeLabels = v;
        } else if (arg == QLatin1String("--at") && c.mode == Mode::Export) {
            if (!take(&v))
                return error(tr("--at needs an ISO 8601 time"));
            c.at = QDateTime::fromString(v, Qt::ISODate);
            if (!c.at.isValid())
                return error(
                    tr("--at: '%1' is not an ISO 8601 time such as 2026-11-22T14:00:00Z").arg(v));
        } else if (arg.startsWith(QLatin1Char('-'))) {
            return error(
                tr("unknown option '%1'%2")
                    .arg(arg, c.mode == Mode::Gui ? QString() : QStringLiteral(" for export")));
        } else {
            return error(tr("unexpected argument '%1'").arg(arg));
        }
    }
    if (!c.prometheus.isEmpty() && c.demoGiven)
        return error(tr("--demo and --prometheus exclude each other: choose one source"));
    if (c.demoGiven && (!c.jaeger.isEmpty() || !c.alertmanager.isEmpty()))
        return error(tr("--jaeger and --alertmanager read a real mesh: use them with "
                        "--prometheus (or --jaeger alone), not with --demo"));
    if (!c.alertmanager.isEmpty() && !c.usesPrometheus() && c.jaeger.isEmpty())
        return error(tr("--alertmanager needs a graph to place the alerts on: add --prometheus "
                        "URL, --jaeger URL or --profile NAME"));
    if (!c.alertFilters.isEmpty() && c.alertmanager.isEmpty() && c.connection.isEmpty())
        return error(tr("--alert-filter needs --alertmanager URL (or --profile NAME with an "
                        "Alertmanager)"));
    if (!c.connection.isEmpty() && (c.demoGiven || !c.prometheus.isEmpty()))
        return error(tr("--profile names its own store: leave out --%1")
                         .arg(c.demoGiven ? QStringLiteral("demo") : QStringLiteral("prometheus")));
    if (c.mode == Mode::Export && c.output.isEmpty())
        return error(
            tr("export needs an output file: -o FILE (png, svg, pdf, json, dot or graphml)"));
    return c;
}

Result<core::PrometheusSourceOptions> CommandLine::prometheusOptions(core::SecretVault *vault) const
{
    return connectionOptions(*this, vault, core::ConnectionStore::defaultPath());
}

} // namespace meshscope::app
