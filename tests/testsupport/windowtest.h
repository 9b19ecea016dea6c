#pragma once

// What the window tests (tests/app) share: a clean settings and data folder, a demo command
// line that refreshes only when the test asks, and the window's parts found as a user finds
// them (by object name). Header-only; include as "tests/testsupport/windowtest.h".

#include "app/appsettings.h"
#include "app/commandline.h"
#include "app/mainwindow.h"
#include "widgets/topologyscene.h"

#include <QAction>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace meshscope::testing {

// For initTestCase(): Qt's test-mode folders (never the user's), emptied, since test-mode
// settings survive between runs; then the application's resources.
inline void initWindowTest()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    app::initResources();
}

// The built-in demo `mesh` ("shop", "generated:400" ...), refreshed only on request.
inline app::CommandLine demoCommand(const QString &mesh, quint64 seed = 3)
{
    app::CommandLine c;
    c.demo = mesh;
    c.demoGiven = true;
    c.seed = seed;
    c.intervalSeconds = 3600;
    return c;
}

inline widgets::TopologyScene *sceneOf(const app::MainWindow &w)
{
    return w.findChild<widgets::TopologyScene *>();
}

inline QAction *actionOf(const app::MainWindow &w, const char *objectName)
{
    return w.findChild<QAction *>(QString::fromLatin1(objectName));
}

} // namespace meshscope::testing
