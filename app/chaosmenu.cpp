#include "app/chaosmenu.h"

#include <QAction>
#include <QMenu>

namespace meshscope::app {

QStringList ChaosMenu::applicable(const chaos::ScenarioLibrary &library, bool onCall)
{
    QStringList ids;
    for (const chaos::Scenario &s : library.scenarios()) {
        if (!onCall || chaos::chaosKind(s.kind) == QLatin1String("NetworkChaos"))
            ids << s.id;
    }
    return ids;
}

QMenu *ChaosMenu::build(const chaos::ScenarioLibrary &library, bool onCall, QWidget *parent,
                        std::function<void(const QString &)> pick)
{
    auto *menu = new QMenu(QObject::tr("Inject &Fault"), parent);
    menu->setObjectName(QStringLiteral("injectFaultMenu"));
    for (const QString &id : applicable(library, onCall)) {
        const chaos::Scenario *s = library.find(id);
        QAction *action = menu->addAction(s->name);
        action->setObjectName(QStringLiteral("injectFault:") + id);
        action->setData(id);
        action->setToolTip(s->description);
        QObject::connect(action, &QAction::triggered, menu, [pick, id] { pick(id); });
    }
    menu->setToolTipsVisible(true);
    if (menu->isEmpty())
        menu->addAction(QObject::tr("No scenario in the library applies"))->setEnabled(false);
    return menu;
}

} // namespace meshscope::app
