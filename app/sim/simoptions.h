#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace meshscope::sim {

// meshscope-sim's command line. Exit codes as `meshscope export`: 0 done, 1 it could not run
// (mesh would not load, port taken), 2 the command line itself is wrong.
struct SimOptions
{
    enum class Mode
    {
        Run,
        Help,
        Error
    };
    Mode mode = Mode::Run;
    QString message; // help text, or what was wrong
    QString mesh = QStringLiteral("shop");
    quint64 seed = 7;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 9464;

    static SimOptions parse(const QStringList &arguments);
    static QString helpText();
};

} // namespace meshscope::sim
