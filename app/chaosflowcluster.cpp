// ChaosFlow's cluster runs (see chaosflow.h): the run itself goes on ChaosClusterFlow's thread;
// here its reports are shown as a demo run's are, on the GUI thread.

#include "app/chaosflow.h"

#include "core/session/livesession.h"

#include <QLoggingCategory>
#include <QMainWindow>
#include <QStatusBar>

namespace meshscope::app {

Q_DECLARE_LOGGING_CATEGORY(lcWindow) // mainwindow.cpp: one category for the app

void ChaosFlow::setupCluster()
{
    m_cluster = new ChaosClusterFlow(this);
    connect(m_cluster, &ChaosClusterFlow::runChanged, this, [this](const chaos::RunPtr &run) {
        if (m_onCluster && run)
            onPhaseChanged(*run);
    });
    connect(m_cluster, &ChaosClusterFlow::warningRaised, this,
            [this](const QString &text) { status(tr("Experiment: %1").arg(text)); });
    connect(m_cluster, &ChaosClusterFlow::injectionNoted, this,
            [this](const QString &note) { status(tr("Experiment: %1").arg(note)); });
    connect(m_cluster, &ChaosClusterFlow::finished, this, [this](const chaos::RunPtr &run) {
        if (m_onCluster && run)
            onFinished(*run);
    });
    connect(
        m_cluster, &ChaosClusterFlow::haltDone, this, [this](int removed, const QString &error) {
            if (!error.isEmpty())
                m_showError(tr("Halt all on %1").arg(m_cluster->context().label()), error);
            else
                status(removed == 0
                           ? tr("Halt all: no fault created by Meshscope is active on %1")
                                 .arg(m_cluster->context().label())
                           : tr("Halt all: %n fault(s) paused and deleted on %1", nullptr, removed)
                                 .arg(m_cluster->context().label()));
        });
    connect(m_cluster, &ChaosClusterFlow::leftoversFound, this,
            [this](const chaos::CrashLeftovers &left) { showLeftovers(left, true); });
    connect(m_cluster, &ChaosClusterFlow::cleaned, this, [this](const QString &error) {
        if (!error.isEmpty())
            m_showError(tr("Clean up"), error);
        else
            status(tr("Cleaned up the faults left on %1").arg(m_cluster->context().label()));
    });
}

void ChaosFlow::setClusterContext(const ClusterContext &context)
{
    m_cluster->setContext(context);
}

bool ChaosFlow::startOnCluster(const chaos::Experiment &experiment)
{
    const core::PrometheusSource *prometheus =
        ChaosClusterFlow::prometheusOf(m_session->source().get());
    if (!prometheus || !m_cluster->context().isSet())
        return false;
    const core::RefreshResult *last = m_session->snapshot();
    if (!last) {
        m_showError(tr("Run experiment"), tr("There is no graph yet: wait for the first refresh."));
        return true;
    }
    beginRun(experiment, *last, true);
    m_cluster->start(experiment, prometheus->options(), m_journalFolder);
    status(tr("Experiment %1 on %2: reading the recent past from %3, then the baseline")
               .arg(experiment.id, m_cluster->context().label(),
                    prometheus->options().endpoint.baseUrl.toString()));
    emit runStarted();
    return true;
}

} // namespace meshscope::app
