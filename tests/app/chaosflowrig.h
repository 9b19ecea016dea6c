#pragma once

// Shared by tst_chaosflow: the chaos flow without a MainWindow (a live session on the demo mesh
// "shop" with a manual clock, the scene, the flow), the experiments it runs, and a headless
// render of a report for the screenshots.

#include "../chaos/experiment/experimentfixtures.h"
#include "app/chaosflow.h"
#include "core/demo/demosource.h"
#include "core/session/livesession.h"
#include "widgets/topologyscene.h"

#include <QFile>
#include <QImage>
#include <QMainWindow>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QUrl>

namespace meshscope::chaosflowtest {

inline const QString kSeedFile =
    QStringLiteral(MESHSCOPE_SOURCE_DIR "/resources/experiments/seed-latency.yaml");
inline const QString kCheckout = QStringLiteral("shop/checkoutservice");
inline constexpr qint64 kStepMs = 5000;

struct Rig
{
    explicit Rig(const QString &journalFolder)
        : clock(std::make_shared<qint64>(chaos::fixtures::startMs()))
    {
        session.setClock([c = clock] { return *c; });
        session.setPaused(true); // refreshes only when the test asks
        QObject::connect(&session, &core::LiveSession::snapshotReady, &scene,
                         [this](const core::RefreshResult &r) {
                             scene.setSnapshot(r.topology, r.scores, *r.positions);
                         });
        flow = new app::ChaosFlow(&window, &session, &scene,
                                  [this](const QString &title, const QString &message) {
                                      errors << title + QStringLiteral(": ") + message;
                                  },
                                  {journalFolder});
        source =
            core::DemoSource::create(QStringLiteral("shop"), 1, [c = clock] { return *c; }).value();
        session.setSource(source, core::HealthSettings{});
    }

    // One refresh 5 s after the previous one; false if it did not arrive.
    bool refresh()
    {
        *clock += kStepMs;
        QSignalSpy ready(&session, &core::LiveSession::snapshotReady);
        session.refreshNow();
        return ready.wait(30000) || ready.count() > 0;
    }

    std::shared_ptr<qint64> clock;
    QMainWindow window;
    core::LiveSession session;
    widgets::TopologyScene scene;
    app::ChaosFlow *flow = nullptr;
    std::shared_ptr<core::DemoSource> source;
    QStringList errors;
};

inline chaos::Experiment seedExperiment()
{
    auto e = chaos::ExperimentParser::parseFile(kSeedFile);
    if (!e)
        qFatal("%s", qPrintable(e.error()));
    return *e;
}

// The chart's points of a line between two run times (s since the baseline began).
inline QList<double> valuesBetween(const QList<QPointF> &points, double from, double to)
{
    QList<double> out;
    for (const QPointF &p : points)
        if (p.x() >= from && p.x() <= to)
            out << p.y();
    return out;
}

// A headless look at report.html: its inline SVGs rendered with QSvgRenderer and the page laid
// out by QTextDocument (no browser here). For the screenshots only, not an assertion.
inline bool renderReport(const QString &html, const QString &png)
{
    QFile file(html);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QString text = QString::fromUtf8(file.readAll());
    QTextDocument doc;
    static const QRegularExpression svg(QStringLiteral("<svg[\\s\\S]*?</svg>"));
    int n = 0;
    for (QRegularExpressionMatch m = svg.match(text); m.hasMatch(); m = svg.match(text)) {
        QSvgRenderer renderer(m.captured(0).toUtf8());
        QSize size = renderer.defaultSize();
        if (size.width() > 1000)
            size = size.scaled(1000, 10000, Qt::KeepAspectRatio);
        QImage image(size, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        const QString name = QStringLiteral("svg%1.png").arg(n++);
        doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
        text.replace(m.capturedStart(0), m.capturedLength(0),
                     QStringLiteral("<img src=\"%1\">").arg(name));
    }
    doc.setHtml(text);
    doc.setTextWidth(1040);
    QImage page(QSize(1060, int(doc.size().height()) + 20), QImage::Format_ARGB32);
    page.fill(Qt::white);
    QPainter painter(&page);
    painter.translate(10, 10);
    doc.drawContents(&painter);
    painter.end();
    return page.save(png);
}

inline QByteArray catalogLatencyYaml()
{
    return "kind: Experiment\nid: catalog-latency\nname: Product catalog 800 ms slower\n"
           "hypothesis: >-\n  While the product catalog answers 800 ms slower, the frontend keeps "
           "a score of at least 40 and every service is back within 10 points of its baseline "
           "within 2 minutes.\ntarget: shop/productcatalogservice\nscenario: seed-latency\n"
           "phases: {baseline: 60s, inject: 60s, recoverWithin: 2m}\nrefresh: 5s\n"
           "steadyState:\n  - score: shop/frontend\n    atLeast: 40\n"
           "  - errorRatio: shop/frontend\n    atMost: 1%\n";
}

} // namespace meshscope::chaosflowtest
