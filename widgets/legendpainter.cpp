#include "widgets/legendpainter.h"

#include "core/telemetry/telemetrytypes.h"
#include "widgets/edgelayeritem.h"
#include "widgets/healthpalette.h"
#include "widgets/nodeitem.h"

#include <QPainter>

#include <cmath>

namespace meshscope::widgets {

namespace {

constexpr double kWidth = 240.0;
constexpr double kPad = 10.0;
constexpr double kRampHeight = 12.0;
constexpr double kRow = 16.0;
constexpr double kHeight = 2 * kPad + 16 /*title*/ + kRampHeight + 14 /*ticks*/ +
                           3 * kRow /*bands*/ + 6 + 16 /*kinds title*/
                           + 2 * kRow /*kinds*/ + 6 + 16 /*width title*/ + kRow /*widths*/ +
                           kRow /*idle, pin*/;
const QColor kText(0x21, 0x21, 0x21);
const QColor kMuted(0x61, 0x61, 0x61);

QFont font(int pixelSize, bool bold = false)
{
    QFont f;
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

} // namespace

QSizeF LegendPainter::size(bool evidence)
{
    return {kWidth, kHeight + (evidence ? kRow : 0.0)};
}

void LegendPainter::paint(QPainter *painter, const QPointF &topLeft,
                          const core::HealthSettings::Bands &bands, bool evidence)
{
    // Scores show as whole numbers: the first one in a band is the threshold rounded up.
    const double healthyMin = std::ceil(bands.healthy);
    const double degradedMin = std::ceil(bands.degraded);
    painter->save();
    painter->translate(topLeft);
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setRenderHint(QPainter::TextAntialiasing, true);
    painter->setPen(QPen(QColor(0xbd, 0xbd, 0xbd), 1.0));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(QRectF(0.5, 0.5, kWidth - 1, size(evidence).height() - 1), 4, 4);

    const double x0 = kPad;
    const double w = kWidth - 2 * kPad;
    double y = kPad;

    painter->setFont(font(12, true));
    painter->setPen(kText);
    painter->drawText(QRectF(x0, y, w, 16), Qt::AlignLeft | Qt::AlignVCenter, tr("Health score"));
    y += 16;

    // The ramp, one sliver per score step so band boundaries show as steps like in the graph.
    constexpr int kSteps = 100;
    painter->setPen(Qt::NoPen);
    for (int s = 0; s < kSteps; ++s) {
        const double score = (s + 0.5) * 100.0 / kSteps;
        painter->setBrush(HealthPalette::colorForScore(score, bands));
        painter->drawRect(QRectF(x0 + w * s / kSteps, y, w / kSteps + 0.6, kRampHeight));
    }
    y += kRampHeight;
    painter->setFont(font(9));
    painter->setPen(kMuted);
    for (double tick : {0.0, degradedMin, healthyMin, 100.0}) {
        const double tx = x0 + w * tick / 100.0;
        painter->drawLine(QPointF(tx, y - 3), QPointF(tx, y + 2));
        const Qt::Alignment align = tick <= 0.0     ? Qt::AlignLeft
                                    : tick >= 100.0 ? Qt::AlignRight
                                                    : Qt::AlignHCenter;
        const QRectF box = tick <= 0.0     ? QRectF(tx, y + 1, 30, 12)
                           : tick >= 100.0 ? QRectF(tx - 30, y + 1, 30, 12)
                                           : QRectF(tx - 15, y + 1, 30, 12);
        painter->drawText(box, align | Qt::AlignTop, QString::number(tick, 'f', 0));
    }
    y += 14;

    const auto swatchRow = [&](const QColor &color, const QString &text) {
        painter->setPen(QPen(color.darker(160), 1.0));
        painter->setBrush(color);
        painter->drawRect(QRectF(x0, y + 3, 10, 10));
        painter->setPen(kText);
        painter->setFont(font(10));
        painter->drawText(QRectF(x0 + 16, y, w - 16, kRow), Qt::AlignLeft | Qt::AlignVCenter, text);
        y += kRow;
    };
    const auto band = [&](core::HealthBand b) { return HealthPalette::colorForBand(b); };
    // Failing and "no data" share the last row: keeps the legend short.
    swatchRow(band(core::HealthBand::Healthy), tr("Healthy  \u2265 %1").arg(healthyMin, 0, 'f', 0));
    swatchRow(band(core::HealthBand::Degraded),
              tr("Degraded  %1 \u2013 %2").arg(degradedMin, 0, 'f', 0).arg(healthyMin, 0, 'f', 0));
    {
        const double saveY = y;
        swatchRow(band(core::HealthBand::Failing), tr("Failing  < %1").arg(degradedMin, 0, 'f', 0));
        y = saveY;
        const double half = w / 2 + 10;
        painter->setPen(QPen(HealthPalette::noDataColor().darker(160), 1.0));
        painter->setBrush(HealthPalette::noDataColor());
        painter->drawRect(QRectF(x0 + half, y + 3, 10, 10));
        painter->setPen(kText);
        painter->drawText(QRectF(x0 + half + 16, y, w - half - 16, kRow),
                          Qt::AlignLeft | Qt::AlignVCenter, tr("No data"));
        y += kRow;
    }
    y += 6;

    painter->setFont(font(11, true));
    painter->setPen(kText);
    painter->drawText(QRectF(x0, y, w, 16), Qt::AlignLeft | Qt::AlignVCenter, tr("Node kinds"));
    y += 16;
    const QColor sample = HealthPalette::colorForBand(core::HealthBand::Healthy);
    const auto kindCell = [&](core::NodeKind kind, const QString &text, double cx, double cy) {
        NodeItem::paintShape(painter, kind, QPointF(cx + 6, cy + kRow / 2), 6.0, sample,
                             sample.darker(160), kind == core::NodeKind::External ? 1.2 : 1.0);
        painter->setPen(kText);
        painter->setFont(font(10));
        painter->drawText(QRectF(cx + 16, cy, w / 2 - 16, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                          text);
    };
    kindCell(core::NodeKind::Service, tr("service"), x0, y);
    kindCell(core::NodeKind::Gateway, tr("gateway"), x0 + w / 2, y);
    y += kRow;
    kindCell(core::NodeKind::Database, tr("database / cache"), x0, y);
    kindCell(core::NodeKind::External, tr("external"), x0 + w / 2, y);
    y += kRow + 6;

    painter->setFont(font(11, true));
    painter->setPen(kText);
    painter->drawText(QRectF(x0, y, w, 16), Qt::AlignLeft | Qt::AlignVCenter,
                      tr("Edge width = requests/s"));
    y += 16;
    painter->setFont(font(10));
    double cx = x0;
    for (double rps : {1.0, 10.0, 100.0, 1000.0}) {
        painter->setPen(QPen(kMuted, EdgeLayerItem::widthForRate(rps), Qt::SolidLine, Qt::FlatCap));
        painter->drawLine(QPointF(cx, y + kRow / 2), QPointF(cx + 18, y + kRow / 2));
        painter->setPen(kText);
        const QString text = rps >= 1000.0 ? tr("1k") : QString::number(rps, 'f', 0);
        painter->drawText(QRectF(cx + 21, y, 28, kRow), Qt::AlignLeft | Qt::AlignVCenter, text);
        cx += w / 4;
    }
    y += kRow;

    // Idle and pinned marks, in the same style as the node item.
    const QColor idle = NodeItem::faded(sample, 0.55);
    NodeItem::paintShape(painter, core::NodeKind::Service, QPointF(x0 + 6, y + kRow / 2), 6.0, idle,
                         NodeItem::faded(sample.darker(160), 0.3), 1.0);
    painter->setPen(kText);
    painter->drawText(QRectF(x0 + 16, y, w / 2 - 16, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                      tr("idle (faded)"));
    const QPointF head(x0 + w / 2 + 6, y + kRow / 2);
    painter->setPen(QPen(Qt::white, 1.0));
    painter->setBrush(QColor(0x37, 0x37, 0x37));
    painter->drawEllipse(head, 3.5, 3.5);
    painter->setPen(kText);
    painter->drawText(QRectF(x0 + w / 2 + 16, y, w / 2 - 16, kRow),
                      Qt::AlignLeft | Qt::AlignVCenter, tr("pinned"));

    if (evidence) {
        // The same pens as EdgeLayerItem draws (EvidenceStyle::penStyle).
        y += kRow;
        const struct
        {
            Qt::PenStyle style;
            const char *text;
        } pens[] = {{Qt::SolidLine, QT_TR_NOOP("both")},
                    {Qt::DashLine, QT_TR_NOOP("traces only")},
                    {Qt::DotLine, QT_TR_NOOP("mesh only")}};
        double px = x0;
        for (const auto &p : pens) {
            painter->setPen(QPen(kMuted, 1.5, p.style, Qt::FlatCap));
            painter->drawLine(QPointF(px, y + kRow / 2), QPointF(px + 12, y + kRow / 2));
            painter->setPen(kText);
            painter->drawText(QRectF(px + 15, y, w / 3 - 15, kRow),
                              Qt::AlignLeft | Qt::AlignVCenter, tr(p.text));
            px += w / 3;
        }
    }

    painter->restore();
}

} // namespace meshscope::widgets
