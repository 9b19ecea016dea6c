#include "app/rulescommand.h"

#include "core/prometheus/metricprofile.h"
#include "core/prometheus/recordingrules.h"

#include <QRegularExpression>

namespace meshscope::app {

namespace {

const char kRulesHelp[] = R"(Usage: meshscope rules [options] > meshscope-rules.yml

Prints Prometheus recording rules that precompute a metric profile's aggregations. Load the
file with `rule_files:` in prometheus.yml; Meshscope then reads the recorded series (probed when
it connects) and the raw metrics when they are missing. docs/query-profiles.md.

Options:
  --metric-profile NAME   istio (default), linkerd, tempo or a profile of your own
  --granularity G         service (default), workload or app: the graph you look at
  --window W              the rate window (default: the profile's, 1m for istio); the
                          window Meshscope queries with must be the same
)";

} // namespace

int runRulesCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QString profileName = QStringLiteral("istio");
    QString granularityName = QStringLiteral("service");
    QString window;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            out << kRulesHelp;
            return 0;
        }
        QString *target = arg == QLatin1String("--metric-profile") ? &profileName
                          : arg == QLatin1String("--granularity")  ? &granularityName
                          : arg == QLatin1String("--window")       ? &window
                                                                   : nullptr;
        if (!target) {
            err << "meshscope rules: unknown option '" << arg << "' (see meshscope rules --help)\n";
            return 2;
        }
        if (i + 1 >= arguments.size()) {
            err << "meshscope rules: " << arg << " needs a value\n";
            return 2;
        }
        *target = arguments.at(++i);
    }
    auto profile = core::MetricProfile::find(profileName);
    if (!profile) {
        err << "meshscope rules: " << profile.error() << '\n';
        return 2;
    }
    const auto granularity = core::granularityFromString(granularityName);
    if (!granularity) {
        err << "meshscope rules: --granularity: " << granularity.error() << '\n';
        return 2;
    }
    if (!window.isEmpty()) {
        // The profile loader's rule for a window.
        static const QRegularExpression re(QStringLiteral("^[1-9][0-9]{0,4}[smh]$"));
        if (!re.match(window).hasMatch()) {
            err << "meshscope rules: --window: '" << window
                << "' is not a duration such as 30s, 1m or 5m\n";
            return 2;
        }
        profile.value().window = window;
    }
    const auto rules = core::RecordingRules::create(*profile, *granularity);
    if (!rules) {
        err << "meshscope rules: " << rules.error() << '\n';
        return 2;
    }
    out << QString::fromUtf8(rules->toYaml());
    return 0;
}

} // namespace meshscope::app
