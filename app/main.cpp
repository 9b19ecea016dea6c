#include "app/appsettings.h"
#include "app/commandline.h"
#include "app/experimentcommand.h"
#include "app/headlessdiff.h"
#include "app/headlessexport.h"
#include "app/mainwindow.h"
#include "app/rulescommand.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    using meshscope::app::CommandLine;
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = CommandLine::parse(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    switch (command.mode) {
    case CommandLine::Mode::Help:
    case CommandLine::Mode::Version:
        out << command.message << '\n';
        return 0;
    case CommandLine::Mode::Error:
        err << "meshscope: " << command.message << '\n';
        return 2;
    case CommandLine::Mode::Diff:
        return meshscope::app::runHeadlessDiff(command, out, err); // files only, no display
    case CommandLine::Mode::Export:
    case CommandLine::Mode::Experiment:
    case CommandLine::Mode::Rules:
        // Headless: no display needed, whatever the environment says.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        break;
    case CommandLine::Mode::Gui:
        break;
    }

    // Our own debug lines are for developers: QT_LOGGING_RULES="meshscope.*.debug=true" shows them.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("meshscope.*.debug=false"));

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("meshscope"));
    QApplication::setApplicationName(QStringLiteral("meshscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Meshscope"));
    QApplication::setApplicationVersion(QStringLiteral(MESHSCOPE_VERSION));
    // Matches the installed launcher (resources/io.meshscope.Meshscope.desktop) on Wayland.
    QApplication::setDesktopFileName(QStringLiteral("io.meshscope.Meshscope"));
    meshscope::app::initResources();

    if (command.mode == CommandLine::Mode::Export)
        return meshscope::app::runHeadlessExport(command, out, err);
    if (command.mode == CommandLine::Mode::Experiment)
        return meshscope::app::runExperimentCommand(command.experimentArguments, out, err);
    if (command.mode == CommandLine::Mode::Rules) // after initResources(): built-in profiles
        return meshscope::app::runRulesCommand(command.rulesArguments, out, err);

    meshscope::app::MainWindow window(command);
    window.show();
    return app.exec();
}
