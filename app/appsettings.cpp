#include "app/appsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

static void initMeshscopeResources()
{
    Q_INIT_RESOURCE(meshscope);
}

namespace meshscope::app {

void initResources()
{
    initMeshscopeResources();
}

QString AppSettings::defaultHealthConfigPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/health.yaml");
}

QString AppSettings::layoutMemoryFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/layouts");
}

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kInterval = QStringLiteral("live/interval");
const QString kEdgeLabels = QStringLiteral("view/edgeLabels");
const QString kLegend = QStringLiteral("view/legend");
const QString kLayered = QStringLiteral("view/layered");
const QString kDemoMesh = QStringLiteral("source/demo");
const QString kExportDir = QStringLiteral("export/dir");
const QString kExportScale = QStringLiteral("export/scale");
const QString kGroupBy = QStringLiteral("view/groupBy");
const QString kGroupThreshold = QStringLiteral("view/groupThreshold");
} // namespace

WindowPreferences AppSettings::windowPreferences()
{
    const QSettings s;
    WindowPreferences p;
    p.geometry = s.value(kGeometry).toByteArray();
    p.state = s.value(kState).toByteArray();
    p.intervalSeconds = s.value(kInterval, p.intervalSeconds).toDouble();
    if (!(p.intervalSeconds > 0.0))
        p.intervalSeconds = 5.0;
    p.edgeLabels = s.value(kEdgeLabels, p.edgeLabels).toInt();
    p.legend = s.value(kLegend, p.legend).toBool();
    p.layered = s.value(kLayered, p.layered).toBool();
    p.demoMesh = s.value(kDemoMesh, p.demoMesh).toString();
    p.groupBy = s.value(kGroupBy, p.groupBy).toString();
    p.groupThreshold = std::max(0, s.value(kGroupThreshold, p.groupThreshold).toInt());
    return p;
}

void AppSettings::setWindowPreferences(const WindowPreferences &p)
{
    QSettings s;
    s.setValue(kGeometry, p.geometry);
    s.setValue(kState, p.state);
    s.setValue(kInterval, p.intervalSeconds);
    s.setValue(kEdgeLabels, p.edgeLabels);
    s.setValue(kLegend, p.legend);
    s.setValue(kLayered, p.layered);
    s.setValue(kDemoMesh, p.demoMesh);
    s.setValue(kGroupBy, p.groupBy);
    s.setValue(kGroupThreshold, p.groupThreshold);
}

QString AppSettings::exportFolder()
{
    return QSettings().value(kExportDir).toString();
}

void AppSettings::setExportFolder(const QString &folder)
{
    QSettings().setValue(kExportDir, folder);
}

double AppSettings::exportScale()
{
    return QSettings().value(kExportScale, 2.0).toDouble();
}

void AppSettings::setExportScale(double scale)
{
    QSettings().setValue(kExportScale, scale);
}

Result<QString> AppSettings::ensureHealthConfig()
{
    const QString path = defaultHealthConfigPath();
    if (QFileInfo::exists(path))
        return path;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error{QCoreApplication::translate("meshscope::app::AppSettings",
                                                 "cannot create the folder for %1")
                         .arg(path)};
    QFile defaults(QStringLiteral(":/meshscope/health.yaml"));
    if (!defaults.open(QIODevice::ReadOnly))
        return Error{QCoreApplication::translate(
            "meshscope::app::AppSettings",
            "the built-in health settings are missing from this build")};
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(defaults.readAll()) < 0)
        return Error{
            QCoreApplication::translate("meshscope::app::AppSettings", "cannot write %1: %2")
                .arg(path, out.errorString())};
    return path;
}

Result<core::HealthSettings> AppSettings::loadHealthSettings(const QString &path)
{
    if (!path.isEmpty())
        return core::HealthSettings::load(path);
    Result<QString> userFile = ensureHealthConfig();
    if (!userFile)
        return Error{userFile.error()};
    return core::HealthSettings::load(userFile.value());
}

} // namespace meshscope::app
