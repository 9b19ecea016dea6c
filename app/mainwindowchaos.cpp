// MainWindow's part in cluster experiments: which kubeconfig context the chaos flow acts on,
// updated whenever the source changes (docs/experiments.md, "Cluster runs in the window").

#include "app/chaosflow.h"
#include "app/connectionflow.h"
#include "app/mainwindow.h"
#include "core/session/connectionstore.h"
#include "core/session/livesession.h"

#include <QLoggingCategory>

namespace meshscope::app {

Q_DECLARE_LOGGING_CATEGORY(lcWindow)

void MainWindow::setupClusterContext(const CommandLine &command)
{
    const ClusterContext given{command.kubeContext, command.kubeconfig};
    connect(m_session, &core::LiveSession::sourceChanged, m_chaos, [this, given] {
        // --context / --kubeconfig win; else the connected profile's kubernetes: fields.
        ClusterContext context = given;
        const QString profile = m_connections->activeProfile();
        if (!context.isSet() && !profile.isEmpty()) {
            const auto store = core::ConnectionStore::load(m_connections->storePath());
            const core::ConnectionProfile *p = store ? store->find(profile) : nullptr;
            if (p && !p->kubeContext.isEmpty())
                context.context = p->kubeContext;
            if (p && !p->kubeconfig.isEmpty())
                context.kubeconfig = p->kubeconfig.split(QLatin1Char(':'), Qt::SkipEmptyParts);
        }
        if (context.isSet())
            qCInfo(lcWindow).noquote()
                << "experiments act on kubeconfig context" << context.label();
        m_chaos->setClusterContext(context);
    });
}

} // namespace meshscope::app
