// The main window's docks as a user first sees them at 1400 x 900.

#include "app/mainwindow.h"
#include "tests/testsupport/windowtest.h"
#include "widgets/topologyview.h"

#include <QDockWidget>
#include <QTest>

using namespace meshscope;

class TestMainWindowDocks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { meshscope::testing::initWindowTest(); }

    // At 1400 x 900 the docks on the right leave the graph most of the window: Details and
    // Chaos (tabbed together) open at about 340 px, and the Chaos panel's wide forms scroll
    // inside its dock instead of widening it.
    void rightDocksLeaveTheGraphRoom()
    {
        app::MainWindow window(meshscope::testing::demoCommand(QStringLiteral("shop")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(1400, 900));
        for (const char *name : {"detailsDock", "chaosDock"}) {
            auto *dock = window.findChild<QDockWidget *>(QString::fromLatin1(name));
            QVERIFY2(dock, name);
            QVERIFY2(dock->minimumSizeHint().width() <= 340,
                     qPrintable(QStringLiteral("%1: %2")
                                    .arg(QLatin1String(name))
                                    .arg(dock->minimumSizeHint().width())));
        }
        // The Chaos panel's pages fit the dock's width: no sideways scrolling.
        auto *chaos = window.findChild<QDockWidget *>(QStringLiteral("chaosDock"));
        chaos->show();
        chaos->raise();
        auto *panel = window.findChild<QWidget *>(QStringLiteral("chaosPanel"));
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        const int room = panel->parentWidget()->width(); // the scroll area's viewport
        QVERIFY2(panel->minimumSizeHint().width() <= room,
                 qPrintable(QStringLiteral("panel %1 in a viewport of %2")
                                .arg(panel->minimumSizeHint().width())
                                .arg(room)));
        auto *details = window.findChild<QDockWidget *>(QStringLiteral("detailsDock"));
        QVERIFY2(details->width() <= 360, qPrintable(QString::number(details->width())));
        const auto *view = window.findChild<widgets::TopologyView *>();
        QVERIFY2(view->width() >= 1000, qPrintable(QString::number(view->width())));
    }
};

QTEST_MAIN(TestMainWindowDocks)
#include "tst_mainwindowdocks.moc"
