#pragma once

#include "core/health/healthsettings.h"
#include "core/result.h"

#include <QString>

namespace meshscope::app {

// Where the app keeps its files, and the health settings file it reads.
class AppSettings
{
public:
    // The user's health settings file (~/.config/meshscope/health.yaml), written from the
    // built-in defaults (:/meshscope/health.yaml) the first time it is needed.
    static QString defaultHealthConfigPath();
    static Result<QString> ensureHealthConfig();
    // `path` empty = the user's file. Errors name the file and what was wrong in it.
    static Result<core::HealthSettings> loadHealthSettings(const QString &path);
    // Where the window keeps the positions and pins it last showed for a source.
    static QString rememberedLayoutPath(const QString &sourceName);
};

void initResources();

} // namespace meshscope::app
