#include "chaos/experiment/experimentrunner.h"

#include "chaos/chaoslog_p.h"
#include "chaos/experiment/orphancleanup.h"
#include "chaos/experiment/steadystate.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/manifest/manifestvalidator.h"

#include <QDateTime>

#include <cmath>

namespace meshscope::chaos {

namespace {
constexpr int kRemoveTimeoutMs = 60'000;

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 0);
}
} // namespace

ExperimentRunner::ExperimentRunner(Experiment experiment, std::shared_ptr<ChaosExecutor> executor,
                                   std::shared_ptr<MeshObserver> observer, RunnerOptions options,
                                   QObject *parent)
    : QObject(parent), m_executor(std::move(executor)), m_observer(std::move(observer)),
      m_options(std::move(options)),
      m_journal(m_options.journalFolder,
                m_options.runId.isEmpty()
                    ? experiment.id + QLatin1Char('-') +
                          QString::number(QDateTime::currentMSecsSinceEpoch(), 36)
                    : m_options.runId)
{
    m_run.runId = m_journal.runId();
    m_run.experiment = std::move(experiment);
    m_run.executor = m_executor->name();
    m_belowCount.assign(m_run.experiment.abortGuardrails.size(), 0);
}

ExperimentRunner::~ExperimentRunner() = default;

void ExperimentRunner::transition(ExperimentPhase phase, const QString &note)
{
    m_run.phase = phase;
    m_run.timeline.push_back({m_observer->nowMs(), phase, note});
    // Journalled before anyone hears of it: what the user saw is always on disk.
    if (auto written = m_journal.write(m_run.toJson()); !written) {
        m_run.warnings << written.error();
        qCWarning(lcChaos) << written.error();
    }
    qCInfo(lcChaos) << "experiment" << m_run.runId << phaseName(phase) << note;
    emit phaseChanged(phase, note);
    if (isFinal(phase))
        emit finished(m_run.outcome);
}

void ExperimentRunner::fail(const QString &message)
{
    if (m_applied) {
        // Never leave a fault behind because something else went wrong.
        (void)m_executor->pause(*m_applied);
        if (auto removed = m_executor->remove(*m_applied, kRemoveTimeoutMs); !removed)
            m_run.warnings << removed.error();
        m_applied.reset();
    }
    m_run.error = message;
    m_run.outcome = ExperimentOutcome::Error;
    transition(ExperimentPhase::Failed, message);
}

bool ExperimentRunner::start()
{
    if (m_run.phase != ExperimentPhase::Draft)
        return !isFinal(m_run.phase);
    transition(ExperimentPhase::Draft,
               QStringLiteral("hypothesis: ") + m_run.experiment.hypothesis);
    transition(ExperimentPhase::Validate,
               QStringLiteral("checking the manifest and the conditions"));
    if (!validate())
        return false;
    m_run.baselineStartMs = m_last->timestampMs;
    transition(ExperimentPhase::Baseline, QStringLiteral("measuring the steady state for %1")
                                              .arg(seconds(m_run.experiment.baselineMs)));
    record(*m_last);
    snapshot(QStringLiteral("before"), *m_last);
    return true;
}

bool ExperimentRunner::validate()
{
    const Experiment &e = m_run.experiment;
    auto manifest = ManifestBuilder(m_options.policy).build(e.scenario, m_run.runId);
    if (!manifest) {
        fail(QStringLiteral("scenario: ") + manifest.error());
        return false;
    }
    m_manifest = *manifest;
    m_run.manifest = m_manifest.object;
    auto registry = m_options.registry;
    if (!registry) {
        const auto &builtIn = CrdRegistry::builtIn();
        if (!builtIn) {
            fail(builtIn.error());
            return false;
        }
        registry = *builtIn;
    }
    const ManifestValidator validator(registry);
    ValidationIssues issues = validator.validate(m_manifest);
    const ValidationIssues policy = validator.checkPolicy(m_manifest, m_options.policy);
    issues.insert(issues.end(), policy.begin(), policy.end());
    if (!issues.empty()) {
        fail(QStringLiteral("manifest: ") + issueTexts(issues).join(QLatin1String("; ")));
        return false;
    }
    if (auto dry = m_executor->dryRun(m_manifest); !dry) {
        fail(QStringLiteral("%1 refused the manifest: %2").arg(m_executor->name(), dry.error()));
        return false;
    }
    for (const SteadyStateCondition &c : e.steadyState)
        if (c.kind == SteadyStateCondition::Kind::PromQL && m_options.prometheusUrl.isEmpty()) {
            fail(QStringLiteral("steadyState: \"%1\" is a PromQL condition and no Prometheus URL "
                                "is configured (give --prometheus URL or use score, errorRatio "
                                "or p95 conditions)")
                     .arg(c.query));
            return false;
        }
    if (!observe())
        return false;
    // Every service the run names must be on the graph, or its conditions could never be judged.
    QStringList known;
    for (const core::TopologyNode &n : m_last->topology->nodes())
        known << ExperimentSample::serviceKey(n);
    for (const QString &s : watchedServices())
        if (!known.contains(s)) {
            fail(QStringLiteral("\"%1\" is not a service of %2 (known: %3)")
                     .arg(s, m_executor->name(), known.join(QLatin1String(", "))));
            return false;
        }
    return true;
}

QStringList ExperimentRunner::watchedServices() const
{
    const Experiment &e = m_run.experiment;
    QStringList out{e.target};
    if (!e.peer.isEmpty())
        out << e.peer;
    for (const SteadyStateCondition &c : e.steadyState)
        if (!c.service.isEmpty() && !out.contains(c.service))
            out << c.service;
    for (const AbortGuardrail &g : e.abortGuardrails)
        if (!out.contains(g.service))
            out << g.service;
    return out;
}

bool ExperimentRunner::observe()
{
    auto o = m_observer->next(m_run.experiment.refreshMs);
    if (!o) {
        fail(QStringLiteral("reading the mesh: ") + o.error());
        return false;
    }
    m_last = std::move(*o);
    return true;
}

void ExperimentRunner::record(const MeshObservation &o)
{
    ExperimentSample s = ExperimentSample::of(o, m_run.phase);
    const auto &conditions = m_run.experiment.steadyState;
    s.queries = SteadyState::queryValues(conditions, m_options.prometheusUrl, &m_run.warnings);
    m_run.samples.push_back(std::move(s));
    runProbes(o.timestampMs);
    emit sampleRecorded(int(m_run.samples.size()) - 1);
}

void ExperimentRunner::runProbes(qint64 nowMs)
{
    const auto &conditions = m_run.experiment.steadyState;
    m_probeAt.resize(conditions.size(), 0);
    for (size_t i = 0; i < conditions.size(); ++i) {
        const SteadyStateCondition &c = conditions[i];
        if (c.kind != SteadyStateCondition::Kind::Probe ||
            (m_probeAt[i] != 0 && nowMs - m_probeAt[i] < c.everyMs))
            continue;
        ProbeResult p = SyntheticProbe::run(c.url);
        p.atMs = nowMs;
        m_run.probes.push_back(p);
        m_probeAt[i] = nowMs;
    }
}

void ExperimentRunner::snapshot(const QString &label, const MeshObservation &o)
{
    m_run.snapshots.push_back({label, o.timestampMs, o.topology, o.scores});
}

bool ExperimentRunner::step()
{
    if (m_run.phase == ExperimentPhase::Draft && !start())
        return false;
    if (isFinal(m_run.phase))
        return false;
    if (!observe())
        return false;
    record(*m_last);
    const Experiment &e = m_run.experiment;
    const qint64 now = m_last->timestampMs;
    switch (m_run.phase) {
    case ExperimentPhase::Baseline:
        if (now - m_run.baselineStartMs >= e.baselineMs) {
            // The steady state must hold before the fault, or the run proves nothing.
            for (size_t i = 0; i < e.steadyState.size(); ++i) {
                const ConditionResult r = SteadyState::evaluate(e.steadyState[i], int(i), m_run,
                                                                ExperimentPhase::Baseline);
                if (!r.held) {
                    fail(QStringLiteral("the steady state does not hold before the fault: %1 (%2)")
                             .arg(r.text, r.observed));
                    return false;
                }
            }
            inject();
        }
        break;
    case ExperimentPhase::Observe:
        if (const QString note = m_follower.follow(*m_executor, m_applied); !note.isEmpty()) {
            m_run.timeline.push_back({now, m_run.phase, note}); // journalled with the next phase
            emit injectionNoted(note);
        }
        m_run.schedule = m_follower.schedule();
        checkGuardrails();
        if (m_run.phase == ExperimentPhase::Observe &&
            now - m_run.injectStartMs >= e.injectMs / 2 && m_run.snapshots.size() < 2)
            snapshot(QStringLiteral("during"), *m_last);
        if (m_run.phase == ExperimentPhase::Observe && now - m_run.injectStartMs >= e.injectMs)
            recover();
        break;
    case ExperimentPhase::Verify:
        if (recoveredNow()) {
            m_run.recoveredAtMs = now;
            finish();
        } else if (now - m_run.recoverStartMs >= e.recoverWithinMs) {
            finish();
        }
        break;
    default:
        break;
    }
    return !isFinal(m_run.phase);
}

void ExperimentRunner::inject()
{
    transition(ExperimentPhase::Inject,
               QStringLiteral("creating %1 %2 on %3")
                   .arg(m_manifest.kind(), m_manifest.name(), m_executor->name()));
    auto applied = m_executor->create(m_manifest);
    if (!applied) {
        fail(QStringLiteral("creating the fault: ") + applied.error());
        return;
    }
    m_applied = *applied;
    m_run.injectStartMs = m_observer->nowMs();
    const QString state = m_follower.follow(*m_executor, m_applied);
    m_run.schedule = m_follower.schedule();
    transition(ExperimentPhase::Observe,
               QStringLiteral("fault injected for %1%2")
                   .arg(seconds(m_run.experiment.injectMs),
                        state.isEmpty() ? QString() : QStringLiteral(": ") + state));
}

void ExperimentRunner::checkGuardrails()
{
    const ExperimentSample &s = m_run.samples.back();
    const auto &guardrails = m_run.experiment.abortGuardrails;
    for (size_t i = 0; i < guardrails.size(); ++i) {
        const ServiceReading r = s.services.value(guardrails[i].service);
        m_belowCount[i] =
            std::isfinite(r.score) && r.score < guardrails[i].below ? m_belowCount[i] + 1 : 0;
        if (m_belowCount[i] >= guardrails[i].refreshes) {
            abortRun(QStringLiteral("guardrail: score of %1 stayed below %2 for %3 refreshes "
                                    "(last %4)")
                         .arg(guardrails[i].service)
                         .arg(guardrails[i].below)
                         .arg(guardrails[i].refreshes)
                         .arg(r.score, 0, 'f', 1));
            return;
        }
    }
    // Pods of the target restarting during the run change what the run measures: say so once.
    const ServiceReading t = s.services.value(m_run.experiment.target);
    if (!m_restartWarned && t.desired > 0 && t.ready >= 0 && t.ready < t.desired &&
        m_run.experiment.scenario.kind != FaultKind::PodKill &&
        m_run.experiment.scenario.kind != FaultKind::PodFailure) {
        m_restartWarned = true;
        const QString text = QStringLiteral("pods of %1 restarted during the run (%2 of %3 ready)")
                                 .arg(m_run.experiment.target)
                                 .arg(t.ready)
                                 .arg(t.desired);
        m_run.warnings << text;
        emit warningRaised(text);
    }
}

void ExperimentRunner::abortRun(const QString &why)
{
    if (m_applied) {
        // Pause first: injection stops at once even when the deletion has to wait.
        if (auto paused = m_executor->pause(*m_applied); !paused)
            m_run.warnings << paused.error();
        if (auto removed = m_executor->remove(*m_applied, kRemoveTimeoutMs); !removed)
            m_run.warnings << removed.error();
        m_applied.reset();
        if (!m_run.recoverStartMs)
            m_run.recoverStartMs = m_observer->nowMs();
    }
    m_run.error = why;
    m_run.outcome = ExperimentOutcome::Aborted;
    transition(ExperimentPhase::Aborted, why);
}

void ExperimentRunner::haltAll(const QString &why)
{
    if (auto halted = OrphanCleanup::haltAll(*m_executor); !halted)
        m_run.warnings << halted.error();
    m_applied.reset();
    if (!isFinal(m_run.phase))
        abortRun(QStringLiteral("halt-all: ") + why);
}

void ExperimentRunner::recover()
{
    transition(ExperimentPhase::Recover, QStringLiteral("removing the fault"));
    if (m_applied) {
        if (auto removed = m_executor->remove(*m_applied, kRemoveTimeoutMs); !removed) {
            fail(QStringLiteral("removing the fault: ") + removed.error());
            return;
        }
        m_applied.reset();
    }
    m_run.recoverStartMs = m_observer->nowMs();
    transition(ExperimentPhase::Verify,
               QStringLiteral("waiting up to %1 for the scores to return within %2 of the "
                              "baseline")
                   .arg(seconds(m_run.experiment.recoverWithinMs))
                   .arg(m_run.experiment.recoveryTolerance));
}

bool ExperimentRunner::recoveredNow() const
{
    const ExperimentSample &s = m_run.samples.back();
    for (const QString &service : watchedServices()) {
        const double base = m_run.baselineMean(service);
        const double now = s.services.value(service).score;
        if (std::isfinite(base) &&
            (!std::isfinite(now) || now < base - m_run.experiment.recoveryTolerance))
            return false;
    }
    return true;
}

void ExperimentRunner::finish()
{
    snapshot(QStringLiteral("after"), *m_last);
    const auto &conditions = m_run.experiment.steadyState;
    bool held = true;
    for (size_t i = 0; i < conditions.size(); ++i) {
        m_run.conditions.push_back(
            SteadyState::evaluate(conditions[i], int(i), m_run, ExperimentPhase::Observe));
        held = held && m_run.conditions.back().held;
    }
    ConditionResult recovery;
    recovery.text =
        QStringLiteral("recovery within %1").arg(seconds(m_run.experiment.recoverWithinMs));
    recovery.held = m_run.recoveredAtMs != 0;
    recovery.observed = recovery.held
                            ? QStringLiteral("back within tolerance %1 after the fault was removed")
                                  .arg(seconds(m_run.recoveredAtMs - m_run.recoverStartMs))
                            : QStringLiteral("not back within tolerance");
    m_run.conditions.push_back(recovery);
    held = held && recovery.held;
    m_run.outcome = held ? ExperimentOutcome::Held : ExperimentOutcome::NotHeld;
    transition(ExperimentPhase::Done,
               QStringLiteral("hypothesis %1").arg(outcomeName(m_run.outcome)));
}

ExperimentOutcome ExperimentRunner::runToEnd()
{
    if (start())
        while (step()) {
        }
    return m_run.outcome;
}

} // namespace meshscope::chaos
