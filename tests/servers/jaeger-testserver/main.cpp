// jaeger-testserver: our JaegerTestServer as a program, for screenshots and manual use
// (docs/jaeger-and-alerts.md, "Standalone Jaeger test server"). Not a Jaeger: the same
// in-memory trace store and HTTP API the tests use, on a port of your choice.

#include "core/demo/demomeshes.h"
#include "tests/core/jaeger/tracefactory.h"
#include "tests/servers/jaegertestserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTextStream>

#include <cmath>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using meshscope::tests::JaegerTestServer;

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char one = 1;
    (void)!::write(g_signalFd[0], &one, 1);
}

struct Call
{
    QString caller;
    QString callee;
    double weight = 1.0; // share of the traces
};

// Traces over the last `windowS` seconds for `calls`, newest last: durations log-normal around
// `medianMs`, about 5 % failed (25 % on the calls of `errorService`). Seeded: the same lists on
// every run.
int addTraces(JaegerTestServer &server, const std::vector<Call> &calls, int count, quint64 seed,
              const QString &errorService, qint64 nowUs, qint64 windowS)
{
    QRandomGenerator random(quint32(seed & 0xffffffffu));
    double total = 0.0;
    for (const Call &c : calls)
        total += c.weight;
    for (int i = 0; i < count; ++i) {
        double pick = random.generateDouble() * total;
        size_t k = 0;
        while (k + 1 < calls.size() && pick > calls[k].weight) {
            pick -= calls[k].weight;
            ++k;
        }
        const Call &c = calls[k];
        const qint64 startUs = nowUs - qint64(random.bounded(int(windowS))) * 1'000'000 -
                               qint64(random.bounded(1'000'000));
        // Box-Muller: a normal for the log-normal duration (median ~60 ms, a long tail).
        const double u1 = std::max(1e-9, random.generateDouble());
        const double u2 = random.generateDouble();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        const qint64 durationUs = qint64(60'000.0 * std::exp(0.8 * normal));
        const bool hot = c.caller == errorService || c.callee == errorService;
        const bool error = random.generateDouble() < (hot ? 0.25 : 0.05);
        const QString id = QStringLiteral("%1%2")
                               .arg(random.generate64(), 16, 16, QLatin1Char('0'))
                               .arg(random.generate64(), 16, 16, QLatin1Char('0'));
        server.addTrace(
            meshscope::tests::makeTrace(id, startUs, durationUs, c.caller, c.callee, error));
    }
    return count;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jaeger-testserver"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves Meshscope's Jaeger test server (Jaeger's query API: /api/services, /api/traces, "
        "/api/dependencies, /api/v3/*) on 127.0.0.1 until interrupted."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("port to listen on (0: a free one)"),
                      QStringLiteral("N"), QStringLiteral("16686")});
    parser.addOption({QStringLiteral("apis"),
                      QStringLiteral("which Jaeger generation to look like: both (1.35 to 2.20), "
                                     "v1 (before the v3 API), v3 (after 2.20)"),
                      QStringLiteral("both|v1|v3"), QStringLiteral("both")});
    parser.addOption({QStringLiteral("fixtures"),
                      QStringLiteral("load the recorded v1 traces of this folder (e.g. "
                                     "../shared/reference/jaeger/fixtures)"),
                      QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("mesh"),
                      QStringLiteral("traces and dependencies for the calls of a demo mesh, as "
                                     "meshscope-sim --mesh serves its metrics"),
                      QStringLiteral("shop|tickets|generated:N")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("the demo mesh's seed"),
                      QStringLiteral("S"), QStringLiteral("7")});
    parser.addOption({QStringLiteral("traces"), QStringLiteral("traces to make for --mesh"),
                      QStringLiteral("N"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("extra-call"),
                      QStringLiteral("a call only traces know, CALLER:CALLEE (repeatable): "
                                     "shown as a traces-only call"),
                      QStringLiteral("A:B")});
    parser.addOption({QStringLiteral("error-service"),
                      QStringLiteral("a service whose calls fail more often in the traces"),
                      QStringLiteral("NAME")});
    parser.process(app);
    QTextStream err(stderr);
    QTextStream out(stdout);

    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535) {
        err << "jaeger-testserver: --port " << parser.value(QStringLiteral("port"))
            << " is not a port number\n";
        return 2;
    }
    const QString apisText = parser.value(QStringLiteral("apis"));
    JaegerTestServer::Apis apis = JaegerTestServer::Apis::Both;
    if (apisText == QLatin1String("v1"))
        apis = JaegerTestServer::Apis::V1Only;
    else if (apisText == QLatin1String("v3"))
        apis = JaegerTestServer::Apis::V3Only;
    else if (apisText != QLatin1String("both")) {
        err << "jaeger-testserver: --apis " << apisText << ": expected both, v1 or v3\n";
        return 2;
    }
    if (!parser.isSet(QStringLiteral("fixtures")) && !parser.isSet(QStringLiteral("mesh"))) {
        err << "jaeger-testserver: give --fixtures DIR, --mesh NAME or both (see --help)\n";
        return 2;
    }

    JaegerTestServer server(apis, quint16(port));
    if (server.server().port() == 0) {
        err << "jaeger-testserver: cannot listen on 127.0.0.1:" << port
            << " (in use, or not allowed)\n";
        return 1;
    }
    int traces = 0;
    if (parser.isSet(QStringLiteral("fixtures"))) {
        const QString dir = parser.value(QStringLiteral("fixtures"));
        if (!QDir(dir).exists()) {
            err << "jaeger-testserver: --fixtures " << dir << ": no such folder\n";
            return 2;
        }
        traces += server.loadRecordedTraces(dir);
    }
    if (parser.isSet(QStringLiteral("mesh"))) {
        const quint64 seed = parser.value(QStringLiteral("seed")).toULongLong();
        const auto mesh = meshscope::core::loadDemoMesh(parser.value(QStringLiteral("mesh")), seed);
        if (!mesh) {
            err << "jaeger-testserver: " << mesh.error() << '\n';
            return 2;
        }
        std::vector<Call> calls;
        for (const meshscope::core::CallSpec &c : mesh->calls) {
            const meshscope::core::ServiceSpec &from = mesh->services[size_t(c.from)];
            const meshscope::core::ServiceSpec &to = mesh->services[size_t(c.to)];
            // An external host (paygateway.example.com) runs no tracer of ours, and its dotted
            // name would read as "service.namespace" as Istio names spans.
            if (from.kind == meshscope::core::NodeKind::External ||
                to.kind == meshscope::core::NodeKind::External)
                continue;
            calls.push_back({from.name, to.name, c.callsPerRequest});
        }
        for (const QString &extra : parser.values(QStringLiteral("extra-call"))) {
            const QStringList ends = extra.split(QLatin1Char(':'));
            if (ends.size() != 2 || ends[0].isEmpty() || ends[1].isEmpty()) {
                err << "jaeger-testserver: --extra-call " << extra << ": expected CALLER:CALLEE\n";
                return 2;
            }
            calls.push_back({ends[0], ends[1], 1.0});
        }
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        traces += addTraces(server, calls, parser.value(QStringLiteral("traces")).toInt(), seed,
                            parser.value(QStringLiteral("error-service")), nowMs * 1000, 1800);
        // Jaeger's dependency job output: each call counted over the last half hour, observed
        // from a minute before start on and every run since, so the window's /api/dependencies
        // (its lookback back from now) sees the calls however long the server has been up.
        QJsonArray links;
        for (const Call &c : calls)
            links.append(QJsonObject{{QStringLiteral("parent"), c.caller},
                                     {QStringLiteral("child"), c.callee},
                                     {QStringLiteral("callCount"), qRound(100.0 * c.weight)}});
        server.addRollingDependencies(links, nowMs - 60'000);
    }

    // SIGINT/SIGTERM end the event loop cleanly (the server thread is joined on the way out).
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    out << "jaeger-testserver: serving " << server.url().toString() << " (" << traces
        << " traces, API " << apisText << ")" << Qt::endl;
    return app.exec();
}
