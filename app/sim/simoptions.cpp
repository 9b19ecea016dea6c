#include "app/sim/simoptions.h"

namespace meshscope::sim {

namespace {

SimOptions error(const QString &message)
{
    SimOptions o;
    o.mode = SimOptions::Mode::Error;
    o.message = message + QStringLiteral(" (see meshscope-sim --help)");
    return o;
}

} // namespace

QString SimOptions::helpText()
{
    return QStringLiteral(
        "Usage: meshscope-sim [--mesh NAME] [--seed S] [--listen HOST:PORT]\n"
        "Serves Meshscope's demo mesh as a Prometheus exporter, with Istio's metric names and\n"
        "labels, its clock running in real time.\n"
        "\n"
        "  --mesh NAME         shop, tickets or generated:N (default shop)\n"
        "  --seed S            random seed, a whole number >= 0 (default 7)\n"
        "  --listen HOST:PORT  address to serve on (default 127.0.0.1:9464); port 0 picks a\n"
        "                      free one; the address is printed as 'listening on HOST:PORT'\n"
        "  -h, --help          this text\n"
        "\n"
        "Paths: /metrics (text format 0.0.4), /-/healthy, / (a page linking /metrics).\n"
        "Exit codes: 0 stopped cleanly (SIGTERM, SIGINT), 1 could not run (mesh, port), 2 bad "
        "command line.");
}

SimOptions SimOptions::parse(const QStringList &arguments)
{
    SimOptions o;
    for (int i = 1; i < arguments.size(); ++i) {
        QString arg = arguments[i];
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            o.mode = Mode::Help;
            o.message = helpText();
            return o;
        }
        QString value;
        bool hasValue = false;
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (arg.startsWith(QLatin1String("--")) && eq > 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
            hasValue = true;
        }
        const bool known = arg == QLatin1String("--mesh") || arg == QLatin1String("--seed") ||
                           arg == QLatin1String("--listen");
        if (!known)
            return error(QStringLiteral("unknown argument '%1'").arg(arguments[i]));
        if (!hasValue) {
            if (i + 1 >= arguments.size())
                return error(QStringLiteral("%1 needs a value").arg(arg));
            value = arguments[++i];
        }
        if (arg == QLatin1String("--mesh")) {
            if (value.isEmpty())
                return error(QStringLiteral("--mesh needs a name"));
            o.mesh = value;
        } else if (arg == QLatin1String("--seed")) {
            bool ok = false;
            o.seed = value.toULongLong(&ok);
            if (!ok)
                return error(QStringLiteral("--seed '%1' is not a whole number >= 0").arg(value));
        } else {
            const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
            bool ok = false;
            const uint port = colon > 0 ? value.mid(colon + 1).toUInt(&ok) : 0;
            QString host = colon > 0 ? value.left(colon) : QString();
            if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
                host = host.mid(1, host.size() - 2);
            QHostAddress address;
            if (!ok || port > 65535 || !address.setAddress(host))
                return error(QStringLiteral("--listen '%1' is not HOST:PORT with a numeric "
                                            "address and a port 0-65535 (e.g. 127.0.0.1:0)")
                                 .arg(value));
            o.address = address;
            o.port = quint16(port);
        }
    }
    return o;
}

} // namespace meshscope::sim
