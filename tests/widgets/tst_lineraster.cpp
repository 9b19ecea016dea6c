#include "widgets/lineraster.h"

#include <QImage>
#include <QPainter>
#include <QTest>

#include <cmath>

using meshscope::widgets::LineRaster;

namespace {

constexpr QRgb kRed = 0xffd03020;

bool inked(const QImage &image, int x, int y)
{
    return qAlpha(image.pixel(x, y)) > 127;
}

} // namespace

class TestLineRaster : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The zoom frames draw edges with LineRaster instead of QPainter: the pixels must be
    // (nearly) those QPainter's aliased lines of the same width give.
    void matchesQPaintersAliasedLines_data()
    {
        QTest::addColumn<QLineF>("line");
        QTest::addColumn<double>("width");
        QTest::newRow("shallow 1px") << QLineF(10, 20, 180, 60) << 1.0;
        QTest::newRow("steep 1px") << QLineF(30, 10, 70, 190) << 1.0;
        QTest::newRow("diagonal 3px") << QLineF(10, 10, 190, 190) << 3.0;
        QTest::newRow("shallow 6px") << QLineF(190, 40, 10, 120) << 6.0;
        QTest::newRow("vertical 4px") << QLineF(100, 10, 100, 190) << 4.0;
    }
    void matchesQPaintersAliasedLines()
    {
        QFETCH(QLineF, line);
        QFETCH(double, width);
        LineRaster raster;
        raster.begin(QSize(200, 200));
        raster.drawLine(line.p1(), line.p2(), width, kRed);
        QImage reference(200, 200, QImage::Format_ARGB32_Premultiplied);
        reference.fill(0u);
        {
            QPainter p(&reference);
            QPen pen(QColor::fromRgb(kRed), width < 1.5 ? 0.0 : width);
            pen.setCapStyle(Qt::FlatCap);
            p.setPen(pen);
            p.drawLine(line);
        }
        int both = 0;
        int either = 0;
        for (int y = 0; y < 200; ++y)
            for (int x = 0; x < 200; ++x) {
                const bool a = inked(raster.image(), x, y);
                const bool b = inked(reference, x, y);
                both += a && b ? 1 : 0;
                either += a || b ? 1 : 0;
            }
        QVERIFY(either > 100);
        // Aliased lines differ by rounding at their sides only.
        QVERIFY2(double(both) / either > 0.6,
                 qPrintable(QStringLiteral("%1 of %2 pixels shared").arg(both).arg(either)));
        QCOMPARE(raster.image().pixel(int(line.center().x()), int(line.center().y())), kRed);
    }

    void aWideLineHasNoGaps()
    {
        LineRaster raster;
        raster.begin(QSize(100, 100));
        raster.drawLine(QPointF(5, 10), QPointF(95, 70), 4.0, kRed);
        for (int x = 15; x <= 85; ++x) {
            int first = -1, last = -1, count = 0;
            for (int y = 0; y < 100; ++y) {
                if (!inked(raster.image(), x, y))
                    continue;
                first = first < 0 ? y : first;
                last = y;
                ++count;
            }
            QVERIFY2(count >= 4 && count <= 6, qPrintable(QString::number(count)));
            QCOMPARE(last - first + 1, count); // contiguous across the line
        }
    }

    void linesBeyondTheImageAreClipped()
    {
        LineRaster raster;
        raster.begin(QSize(64, 32));
        raster.drawLine(QPointF(-1e6, 16.5), QPointF(1e6, 16.5), 1.0, kRed);
        raster.drawLine(QPointF(-50, -50), QPointF(-10, 500), 3.0, kRed); // all outside
        for (int x = 0; x < 64; ++x)
            QVERIFY(inked(raster.image(), x, 16));
        int total = 0;
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 64; ++x)
                total += inked(raster.image(), x, y) ? 1 : 0;
        QCOMPARE(total, 64);
        // A new frame starts transparent.
        raster.begin(QSize(64, 32));
        QCOMPARE(qAlpha(raster.image().pixel(10, 16)), 0);
    }
};

QTEST_MAIN(TestLineRaster)
#include "tst_lineraster.moc"
