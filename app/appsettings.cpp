#include "app/appsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

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

QString AppSettings::rememberedLayoutPath(const QString &sourceName)
{
    // "demo:generated:5000", "prometheus:http://host:9090" -> a safe file name.
    QString name = sourceName;
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/layouts/") + name + QStringLiteral(".json");
}

Result<QString> AppSettings::ensureHealthConfig()
{
    const QString path = defaultHealthConfigPath();
    if (QFileInfo::exists(path))
        return path;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error{QStringLiteral("cannot create the folder for %1").arg(path)};
    QFile defaults(QStringLiteral(":/meshscope/health.yaml"));
    if (!defaults.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("the built-in health settings are missing from this build")};
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(defaults.readAll()) < 0)
        return Error{QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
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
