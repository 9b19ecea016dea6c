#include "app/headlessexport.h"

#include "app/appsettings.h"
#include "app/keychainvault.h"
#include "app/remotesource.h"
#include "core/alerts/alertsnapshot.h"
#include "core/demo/demosource.h"
#include "core/io/snapshotio.h"
#include "core/prometheus/prometheussource.h"
#include "core/session/refreshengine.h"
#include "widgets/sceneexporter.h"
#include "widgets/topologyscene.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>
#include <memory>

namespace meshscope::app {

namespace {
// User-visible text of the export command (no QObject here to call tr() on).
QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::app::HeadlessExport", text);
}
} // namespace

namespace {

constexpr qint64 kRefreshStepMs = 10'000; // simulated time between refreshes during the run

widgets::EdgeLabelMode edgeLabelMode(const QString &name)
{
    if (name == QLatin1String("rps"))
        return widgets::EdgeLabelMode::RequestRate;
    if (name == QLatin1String("errors"))
        return widgets::EdgeLabelMode::ErrorPercent;
    if (name == QLatin1String("p95"))
        return widgets::EdgeLabelMode::P95;
    return widgets::EdgeLabelMode::None;
}

} // namespace

int runHeadlessExport(const CommandLine &command, QTextStream &out, QTextStream &err)
{
    const QString suffix = QFileInfo(command.output).suffix().toLower();
    const bool image = suffix == QLatin1String("png") || suffix == QLatin1String("svg") ||
                       suffix == QLatin1String("pdf");
    const bool data = suffix == QLatin1String("json") || suffix == QLatin1String("dot") ||
                      suffix == QLatin1String("gv") || suffix == QLatin1String("graphml");
    if (!image && !data) {
        err << tr("meshscope: cannot export to '%1': unknown format '%2' (use png, svg, pdf, json, "
                  "dot or graphml)")
                   .arg(command.output, suffix)
            << '\n';
        return 2;
    }

    Result<core::HealthSettings> settings = AppSettings::loadHealthSettings(command.healthConfig);
    if (!settings) {
        err << "meshscope: " << settings.error() << '\n';
        return 1;
    }

    core::RefreshRequest request;
    request.mode = command.layout == QLatin1String("layered") ? core::LayoutMode::Layered
                                                              : core::LayoutMode::Force;
    request.seed = command.seed;
    request.analytics = false;
    request.historyCapacity = 0; // an export shows one snapshot: no charts to fill
    std::optional<core::RefreshResult> last;
    QString sourceName;
    const bool remote = command.usesPrometheus() || !command.jaeger.isEmpty();
    if (remote) {
        // One refresh of the live store; its backfill warms the baselines. Every request is
        // bounded by the deadline, so a server that never answers cannot hang a script.
        KeychainVault keychain; // asked only for keychain: references
        auto endpoints = remoteEndpoints(command, &keychain);
        if (!endpoints) {
            err << "meshscope: " << endpoints.error() << '\n';
            return 1;
        }
        auto source =
            remoteSource(std::move(endpoints).value(), qint64(command.timeoutSeconds * 1000.0));
        if (!source) {
            err << "meshscope: " << source.error() << '\n';
            return 1;
        }
        sourceName = source.value()->name();
        core::RefreshEngine engine(source.value(), settings.value());
        Result<core::RefreshResult> result = engine.refresh(request);
        if (!result) {
            err << tr("meshscope: refresh failed: %1").arg(result.error()) << '\n';
            return 1;
        }
        // A backend the user named that failed makes the export incomplete: a script must
        // not take a graph without its traces or alerts for a whole one.
        if (!result->warnings.isEmpty()) {
            for (const QString &warning : result->warnings)
                err << tr("meshscope: %1").arg(warning) << '\n';
            return 1;
        }
        last = std::move(result).value();
    } else {
        const qint64 endMs = command.at.isValid() ? command.at.toMSecsSinceEpoch()
                                                  : QDateTime::currentMSecsSinceEpoch();
        const qint64 simMs = qint64(command.simSeconds * 1000.0);
        auto clock = std::make_shared<qint64>(endMs - simMs);
        Result<std::shared_ptr<core::DemoSource>> source =
            core::DemoSource::create(command.demo, command.seed, [clock] { return *clock; });
        if (!source) {
            err << "meshscope: " << source.error() << '\n';
            return 1;
        }
        sourceName = source.value()->name();
        core::RefreshEngine engine(source.value(), settings.value());
        for (;;) {
            Result<core::RefreshResult> result = engine.refresh(request);
            if (!result) {
                err << tr("meshscope: refresh failed: %1").arg(result.error()) << '\n';
                return 1;
            }
            request.previous = *result->positions;
            last = std::move(result).value();
            if (*clock >= endMs)
                break;
            *clock = std::min(endMs, *clock + kRefreshStepMs);
        }
    }

    const core::Topology &topology = *last->topology;
    if (data) {
        const core::NodeIdSet noPins;
        core::SnapshotView view;
        view.topology = &topology;
        view.scores = last->scores.get();
        view.positions = last->positions.get();
        view.pinned = &noPins;
        view.generatedAt = QDateTime::currentDateTimeUtc();
        view.evidence = !command.jaeger.isEmpty();
        view.alerts = last->alerts.get();
        Result<void> written = core::writeSnapshotFile(view, command.output);
        if (!written) {
            err << "meshscope: " << written.error() << '\n';
            return 1;
        }
    } else {
        widgets::TopologyScene scene;
        scene.setHealthSettings(settings.value()); // the bands the image is drawn with
        scene.setSnapshot(last->topology, last->scores, *last->positions);
        scene.setEdgeLabelMode(edgeLabelMode(command.edgeLabels));
        widgets::ExportOptions options;
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(topology.timestampMs());
        options.title =
            command.title.isEmpty()
                ? (!remote ? tr("Meshscope — %1 (seed %2)").arg(sourceName).arg(command.seed)
                           : tr("Meshscope — %1").arg(sourceName))
                : command.title;
        options.timestamp = at;
        options.scale = command.scale;
        Result<void> written =
            widgets::SceneExporter::exportTo(scene, command.output, options, last->alerts.get());
        if (!written) {
            err << "meshscope: " << written.error() << '\n';
            return 1;
        }
    }
    out << "meshscope: wrote " << command.output << " (" << topology.nodeCount() << " services, "
        << topology.edgeCount() << " calls, ";
    if (!remote)
        out << command.simSeconds << " s simulated)\n";
    else if (last->alerts)
        out << "from " << sourceName << ", " << last->alerts->firingCount()
            << (last->alerts->firingCount() == 1 ? " alert firing)\n" : " alerts firing)\n");
    else
        out << "from " << sourceName << ")\n";
    return 0;
}

} // namespace meshscope::app
