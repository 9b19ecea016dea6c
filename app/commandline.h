#pragma once

#include "core/prometheus/prometheussource.h"
#include "core/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace meshscope::core {
class SecretVault;
}

namespace meshscope::app {

// What the user asked for on the command line. Parsed before any QApplication exists (the
// export subcommand must choose the offscreen platform first), so this is plain data.
struct CommandLine
{
    enum class Mode
    {
        Gui,
        Export,
        Experiment, // `meshscope experiment …`: app/experimentcommand parses the rest
        Diff,       // meshscope diff BEFORE.json AFTER.json [-o OUT]
        Rules,      // `meshscope rules …`: app/rulescommand parses the rest
        Help,
        Version,
        Error
    };
    Mode mode = Mode::Gui;
    QString message; // help text, version, or the error

    // Shared by the window and export.
    QString demo = QStringLiteral("shop");
    bool demoGiven = false;
    quint64 seed = 1;
    QString healthConfig; // empty = the user's settings file (created from the defaults)

    // A Prometheus-compatible store instead of the demo mesh (empty = demo).
    QString prometheus;
    QString connection; // --profile NAME: a saved connection profile (connections.yaml)
    QString metricProfile = QStringLiteral("istio");
    // One-off auth and flavour (docs/connections.md); on top of a connection profile's.
    QString bearerTokenFile;
    QString basicAuthFile; // "user:password"
    QStringList headers;   // "Name: value"
    QString caFile;
    bool insecure = false;
    QString tenant; // Mimir/Cortex X-Scope-OrgID
    bool thanos = false;
    QStringList given; // the options present, so a profile's values yield only to them
    QString namespaces = QStringLiteral(".*");
    QString granularity = QStringLiteral("service");
    double timeoutSeconds = 60.0; // export: the whole run, connection to file
    // Traces and alerts beside (or, for Jaeger, instead of) the store; empty = none.
    QString jaeger;
    QString alertmanager;
    QStringList alertFilters; // Alertmanager matchers, e.g. severity="critical"

    // Window.
    double intervalSeconds = 0.0; // 0 = remembered setting
    // Experiments on a cluster (--context, --kubeconfig), over a profile's kubernetes: fields.
    QString kubeContext;
    QStringList kubeconfig;

    // Export.
    QString output;
    double simSeconds = 120.0;
    double scale = 2.0;
    QString title;
    QString layout = QStringLiteral("force");
    QString edgeLabels = QStringLiteral("none");
    QDateTime at; // invalid = now; fixes simulated time for reproducible output

    // Experiment: the arguments after "experiment".
    QStringList experimentArguments;
    // Rules: the arguments after "rules".
    QStringList rulesArguments;
    // Diff (output: -o, optional; stdout gets CSV without it).
    QString diffBefore;
    QString diffAfter;

    static CommandLine parse(const QStringList &arguments);
    // A Prometheus-backed source was asked for (--prometheus or --profile).
    bool usesPrometheus() const { return !prometheus.isEmpty() || !connection.isEmpty(); }
    // --profile or --prometheus with the auth, metric profile, namespace and granularity
    // options as source options (app/connectionoptions; profiles and secret files are read
    // now: a missing name or a broken file is an error naming it). `vault` resolves
    // keychain: secrets; null = env/file only.
    Result<core::PrometheusSourceOptions>
    prometheusOptions(core::SecretVault *vault = nullptr) const;
    static QString helpText();
};

} // namespace meshscope::app
