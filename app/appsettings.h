#pragma once

#include "core/health/healthsettings.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace meshscope::app {

// What the window remembers between runs. Read and written in one place, so that no raw
// settings key appears anywhere else.
struct WindowPreferences
{
    QByteArray geometry;
    QByteArray state; // toolbars and docks
    double intervalSeconds = 5.0;
    int edgeLabels = 0; // widgets::EdgeLabelMode
    bool legend = true;
    bool layered = false;
    QString demoMesh = QStringLiteral("shop");
    QString groupBy = QStringLiteral("namespace"); // core::GroupingKey::toString(), or "none"
    int groupThreshold = 300; // services above which a mesh opens with groups collapsed
};

// Where the app keeps its files and settings, and the health settings file it reads.
class AppSettings
{
public:
    static WindowPreferences windowPreferences();
    static void setWindowPreferences(const WindowPreferences &preferences);
    // Export dialogs start in the folder of the last export, at the last PNG scale.
    static QString exportFolder();
    static void setExportFolder(const QString &folder);
    static double exportScale();
    static void setExportScale(double scale);
    // Where the positions and pins last shown for each source are remembered.
    static QString layoutMemoryFolder();

    // The user's health settings file (~/.config/meshscope/meshscope/health.yaml), written from the
    // built-in defaults (:/meshscope/health.yaml) the first time it is needed.
    static QString defaultHealthConfigPath();
    static Result<QString> ensureHealthConfig();
    // `path` empty = the user's file. Errors name the file and what was wrong in it.
    static Result<core::HealthSettings> loadHealthSettings(const QString &path);
};

void initResources();

} // namespace meshscope::app
