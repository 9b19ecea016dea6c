#include "app/sim/metricsserver.h"
#include "app/sim/simoptions.h"
#include "core/demo/demomeshes.h"
#include "core/demo/istioexporter.h"
#include "core/demo/meshsimulator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>

#include <sys/socket.h>
#include <unistd.h>

namespace {

// SIGTERM/SIGINT end the event loop through a socket pair (a signal handler may only write),
// so that a stop by a test, systemd or Ctrl-C is a clean exit 0.
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[0], &c, 1);
}

} // namespace

// meshscope-sim: the demo mesh simulator with its clock in real time, served at /metrics in
// Istio's names and labels so that a real Prometheus can scrape it (docs/demo-exporter.md).
int main(int argc, char *argv[])
{
    using meshscope::sim::SimOptions;
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const SimOptions options = SimOptions::parse(arguments);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (options.mode == SimOptions::Mode::Help) {
        out << options.message << '\n';
        return 0;
    }
    if (options.mode == SimOptions::Mode::Error) {
        err << "meshscope-sim: " << options.message << '\n';
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("meshscope.*.debug=false"));

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("meshscope-sim"));
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
    }

    auto spec = meshscope::core::loadDemoMesh(options.mesh, options.seed);
    if (!spec) {
        err << "meshscope-sim: " << spec.error() << '\n';
        return 1;
    }
    meshscope::core::MeshSimulator simulator(spec.value(), options.seed,
                                             QDateTime::currentMSecsSinceEpoch());
    const meshscope::core::IstioExporter exporter(simulator.spec());

    // The simulated clock follows the wall clock: counters move every simulator tick (5 s),
    // whether or not anyone scrapes, and a scrape sees the state as of now.
    const auto catchUp = [&simulator] {
        simulator.advanceTo(std::max(simulator.nowMs(), QDateTime::currentMSecsSinceEpoch()));
    };
    QTimer clock;
    clock.setInterval(1000);
    QObject::connect(&clock, &QTimer::timeout, &app, catchUp);
    clock.start();

    meshscope::sim::MetricsServer server(
        [&] {
            catchUp();
            return exporter.format(simulator);
        },
        meshscope::core::IstioExporter::kContentType);
    if (auto listening = server.listen(options.address, options.port); !listening) {
        err << "meshscope-sim: " << listening.error() << '\n';
        return 1;
    }
    const QString host = server.address().protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + server.address().toString() + QLatin1Char(']')
                             : server.address().toString();
    out << "listening on " << host << ':' << server.port() << Qt::endl;
    return app.exec();
}
