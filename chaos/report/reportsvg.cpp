#include "chaos/report/reportsvg.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace meshscope::chaos {

namespace {

constexpr double kWidth = 860.0;
constexpr double kHeight = 320.0;
constexpr double kLeft = 50.0;
constexpr double kRight = 170.0; // legend
constexpr double kTop = 16.0;
constexpr double kBottom = 34.0;
const char *const kColours[] = {"#c0392b", "#2471a3", "#ca6f1e", "#7d3c98", "#148f77", "#b7950b"};

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

QString bandColour(core::HealthBand band)
{
    switch (band) {
    case core::HealthBand::Healthy:
        return QStringLiteral("#2e8b57");
    case core::HealthBand::Degraded:
        return QStringLiteral("#e6a23c");
    case core::HealthBand::Failing:
        return QStringLiteral("#d64541");
    case core::HealthBand::NoData:
        break;
    }
    return QStringLiteral("#9e9e9e");
}

} // namespace

QString ReportSvg::driftChart(const ExperimentRun &run, const QStringList &services)
{
    if (run.samples.empty())
        return {};
    const qint64 t0 = run.samples.front().atMs;
    const qint64 t1 = std::max(run.samples.back().atMs, t0 + 1);
    const double plotW = kWidth - kLeft - kRight;
    const double plotH = kHeight - kTop - kBottom;
    const auto x = [&](qint64 t) { return kLeft + plotW * double(t - t0) / double(t1 - t0); };
    const auto y = [&](double score) { return kTop + plotH * (1.0 - score / 100.0); };

    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" "
                                 "height=\"%2\" viewBox=\"0 0 %1 %2\" font-family=\"sans-serif\" "
                                 "font-size=\"11\">\n")
                      .arg(kWidth)
                      .arg(kHeight);
    // Phases: the shaded spans of baseline, fault and recovery.
    const qint64 inject = run.injectStartMs ? run.injectStartMs : t1;
    const qint64 recover = run.recoverStartMs ? run.recoverStartMs : t1;
    const auto shade = [&](qint64 a, qint64 b, const char *colour, const QString &label) {
        if (b <= a)
            return;
        svg += QStringLiteral("<rect class=\"phase\" x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" "
                              "fill=\"%5\"/><text x=\"%6\" y=\"%7\" fill=\"#555\">%8</text>\n")
                   .arg(num(x(a)), num(kTop), num(x(b) - x(a)), num(plotH), QLatin1String(colour),
                        num(x(a) + 4), num(kTop + 12), label);
    };
    shade(t0, inject, "#eaf2fb", QStringLiteral("baseline"));
    shade(inject, recover, "#fdecea", QStringLiteral("fault"));
    shade(recover, t1, "#eafaf1", QStringLiteral("recovery"));

    if (!services.isEmpty()) {
        const double base = run.baselineMean(services.first());
        const double tol = run.experiment.recoveryTolerance;
        if (std::isfinite(base))
            svg += QStringLiteral("<rect class=\"baseline-band\" x=\"%1\" y=\"%2\" width=\"%3\" "
                                  "height=\"%4\" fill=\"%5\" fill-opacity=\"0.15\"/>\n")
                       .arg(num(kLeft), num(y(std::min(100.0, base + tol))), num(plotW),
                            num(y(std::max(0.0, base - tol)) - y(std::min(100.0, base + tol))),
                            QLatin1String(kColours[0]));
    }
    for (int s = 0; s <= 100; s += 25)
        svg += QStringLiteral("<line x1=\"%1\" x2=\"%2\" y1=\"%3\" y2=\"%3\" stroke=\"#ddd\"/>"
                              "<text x=\"%4\" y=\"%5\" text-anchor=\"end\">%6</text>\n")
                   .arg(num(kLeft), num(kLeft + plotW), num(y(s)), num(kLeft - 4), num(y(s) + 4))
                   .arg(s);
    const qint64 spanS = (t1 - t0) / 1000;
    const qint64 tickS = spanS > 600 ? 120 : spanS > 240 ? 60 : spanS > 60 ? 30 : 10;
    for (qint64 s = 0; s <= spanS; s += tickS)
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3 s</text>\n")
                   .arg(num(x(t0 + s * 1000)), num(kTop + plotH + 16))
                   .arg(s);

    const auto line = [&](const std::function<double(const ExperimentSample &)> &value,
                          const QString &colour, double width, const QString &label, int row,
                          bool dashed) {
        QString points;
        for (const ExperimentSample &sample : run.samples)
            if (const double v = value(sample); std::isfinite(v))
                points += num(x(sample.atMs)) + QLatin1Char(',') + num(y(v)) + QLatin1Char(' ');
        svg += QStringLiteral("<polyline class=\"series\" data-service=\"%1\" fill=\"none\" "
                              "stroke=\"%2\" stroke-width=\"%3\"%4 points=\"%5\"/>\n")
                   .arg(label.toHtmlEscaped(), colour, num(width),
                        dashed ? QStringLiteral(" stroke-dasharray=\"4 3\"") : QString(),
                        points.trimmed());
        const double ly = kTop + 14.0 * row + 6.0;
        svg += QStringLiteral("<line x1=\"%1\" x2=\"%2\" y1=\"%3\" y2=\"%3\" stroke=\"%4\" "
                              "stroke-width=\"2\"/><text x=\"%5\" y=\"%6\">%7</text>\n")
                   .arg(num(kWidth - kRight + 10), num(kWidth - kRight + 28), num(ly), colour,
                        num(kWidth - kRight + 32), num(ly + 4), label.toHtmlEscaped());
    };
    int row = 0;
    line([](const ExperimentSample &s) { return s.meshScore; }, QStringLiteral("#777"), 1.5,
         QStringLiteral("whole mesh"), row++, true);
    for (const QString &service : services) {
        if (row > 6)
            break;
        line([&service](const ExperimentSample &s) { return s.services.value(service).score; },
             QLatin1String(kColours[(row - 1) % 6]), row == 1 ? 2.5 : 1.5, service, row, false);
        ++row;
    }
    for (const TimelineEntry &t : run.timeline)
        if (t.phase == ExperimentPhase::Aborted)
            svg += QStringLiteral("<line class=\"abort\" x1=\"%1\" x2=\"%1\" y1=\"%2\" y2=\"%3\" "
                                  "stroke=\"#000\" stroke-width=\"2\"/><text x=\"%4\" y=\"%5\">"
                                  "%6</text>\n")
                       .arg(num(x(t.atMs)), num(kTop), num(kTop + plotH), num(x(t.atMs) + 3),
                            num(kTop + plotH - 4),
                            t.note.startsWith(QLatin1String("halt")) ? QStringLiteral("halt")
                                                                     : QStringLiteral("abort"));
    svg += QStringLiteral("</svg>\n");
    return svg;
}

QString ReportSvg::topology(const GraphSnapshot &snapshot, const QStringList &targets)
{
    if (!snapshot.topology)
        return {};
    const core::Topology &t = *snapshot.topology;
    const int n = t.nodeCount();
    // Longest path from an entry point: callers in a column left of their callees.
    std::vector<int> layer(size_t(n), 0);
    for (int pass = 0; pass < n; ++pass) {
        bool changed = false;
        for (const core::TopologyEdge &e : t.edges())
            if (layer[size_t(e.target)] < layer[size_t(e.source)] + 1 &&
                layer[size_t(e.source)] + 1 < n) {
                layer[size_t(e.target)] = layer[size_t(e.source)] + 1;
                changed = true;
            }
        if (!changed)
            break;
    }
    const int layers = n ? *std::max_element(layer.begin(), layer.end()) + 1 : 1;
    std::vector<int> rowOf(size_t(n), 0);
    std::vector<int> rows(size_t(layers), 0);
    for (int i = 0; i < n; ++i)
        rowOf[size_t(i)] = rows[size_t(layer[size_t(i)])]++;
    const int maxRows = rows.empty() ? 1 : std::max(1, *std::max_element(rows.begin(), rows.end()));
    const double colW = 150.0;
    const double rowH = 46.0;
    const double w = 40.0 + colW * layers;
    const double h = 30.0 + rowH * maxRows;
    const auto px = [&](int i) { return 40.0 + colW * layer[size_t(i)]; };
    const auto py = [&](int i) { return 26.0 + rowH * rowOf[size_t(i)]; };

    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" "
                                 "height=\"%2\" viewBox=\"0 0 %1 %2\" font-family=\"sans-serif\" "
                                 "font-size=\"10\">\n")
                      .arg(num(w), num(h));
    for (const core::TopologyEdge &e : t.edges())
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%4\" stroke=\"#bbb\"/>\n")
                   .arg(num(px(e.source)), num(py(e.source)), num(px(e.target)), num(py(e.target)));
    for (int i = 0; i < n; ++i) {
        const core::TopologyNode &node = t.nodes()[size_t(i)];
        const QString key = node.ns + QLatin1Char('/') + node.name;
        const core::HealthVerdict &v = snapshot.scores.nodes[size_t(i)];
        const bool target = targets.contains(key);
        svg +=
            QStringLiteral("<circle class=\"node\" data-service=\"%1\" data-score=\"%2\" "
                           "cx=\"%3\" cy=\"%4\" r=\"9\" fill=\"%5\"%6/>"
                           "<text x=\"%3\" y=\"%7\" text-anchor=\"middle\">%8 %9</text>\n")
                .arg(key.toHtmlEscaped(),
                     std::isfinite(v.score) ? QString::number(int(v.score)) : QString(), num(px(i)),
                     num(py(i)), bandColour(v.band),
                     target ? QStringLiteral(" stroke=\"#000\" stroke-width=\"3\"") : QString(),
                     num(py(i) + 21), node.name.toHtmlEscaped(),
                     std::isfinite(v.score) ? QString::number(int(v.score)) : QStringLiteral("–"));
    }
    svg += QStringLiteral("</svg>\n");
    return svg;
}

} // namespace meshscope::chaos
