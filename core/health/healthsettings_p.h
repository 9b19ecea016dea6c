#pragma once

// Shared by healthsettings.cpp (values, validation) and healthsettingsyaml.cpp (the file format).

#include "core/health/healthsettings.h"

#include <QString>

namespace meshscope::core::settingsdetail {

// Messages a user reads (the window shows them) go through Qt's translation like the views'
// text; keys and values quoted from the file are not translated.
QString tr(const char *text);

struct Problem
{
    QString key; // dotted path, "" = document
    QString message;
};

// Checks in the order a user reads the file; the first problem is reported.
Problem firstProblem(const HealthSettings &s);

} // namespace meshscope::core::settingsdetail
