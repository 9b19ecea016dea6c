#include "chaos/experiment/experimentrun.h"

#include <QJsonArray>

#include <cmath>

namespace meshscope::chaos {

namespace {
// JSON has no NaN: a missing figure is null.
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}
} // namespace

QString ExperimentSample::serviceKey(const core::TopologyNode &node)
{
    return node.ns + QLatin1Char('/') + node.name;
}

ExperimentSample ExperimentSample::of(const MeshObservation &o, ExperimentPhase phase)
{
    ExperimentSample s;
    s.atMs = o.timestampMs;
    s.phase = phase;
    double sum = 0.0;
    int n = 0;
    const auto &nodes = o.topology->nodes();
    for (size_t i = 0; i < nodes.size(); ++i) {
        const core::HealthVerdict &v = o.scores.nodes[i];
        ServiceReading r;
        r.score = v.score;
        r.errorPercent = nodes[i].errorRatio * 100.0;
        r.p95Ms = nodes[i].p95Ms;
        r.ready = nodes[i].replicasReady;
        r.desired = nodes[i].replicasDesired;
        s.services.insert(serviceKey(nodes[i]), r);
        if (std::isfinite(v.score)) {
            sum += v.score;
            ++n;
        }
    }
    s.meshScore = n ? sum / n : core::kNaN;
    return s;
}

double ExperimentRun::baselineMean(const QString &service) const
{
    double sum = 0.0;
    int n = 0;
    for (const ExperimentSample &s : samples) {
        if (s.phase != ExperimentPhase::Baseline)
            continue;
        const auto it = s.services.constFind(service);
        if (it != s.services.constEnd() && std::isfinite(it->score)) {
            sum += it->score;
            ++n;
        }
    }
    return n ? sum / n : core::kNaN;
}

QJsonObject ExperimentRun::toJson() const
{
    QJsonArray timelineJson;
    for (const TimelineEntry &t : timeline)
        timelineJson.append(QJsonObject{{QStringLiteral("atMs"), t.atMs},
                                        {QStringLiteral("phase"), phaseName(t.phase)},
                                        {QStringLiteral("note"), t.note}});
    QJsonArray samplesJson;
    for (const ExperimentSample &s : samples) {
        QJsonObject services;
        for (auto it = s.services.begin(); it != s.services.end(); ++it)
            services.insert(it.key(),
                            QJsonObject{{QStringLiteral("score"), number(it->score)},
                                        {QStringLiteral("errorPercent"), number(it->errorPercent)},
                                        {QStringLiteral("p95Ms"), number(it->p95Ms)}});
        QJsonArray queries;
        for (double q : s.queries)
            queries.append(number(q));
        samplesJson.append(QJsonObject{{QStringLiteral("atMs"), s.atMs},
                                       {QStringLiteral("phase"), phaseName(s.phase)},
                                       {QStringLiteral("meshScore"), number(s.meshScore)},
                                       {QStringLiteral("services"), services},
                                       {QStringLiteral("queries"), queries}});
    }
    QJsonArray probesJson;
    for (const ProbeResult &p : probes)
        probesJson.append(QJsonObject{{QStringLiteral("url"), p.url},
                                      {QStringLiteral("atMs"), p.atMs},
                                      {QStringLiteral("success"), p.success},
                                      {QStringLiteral("latencyMs"), p.latencyMs},
                                      {QStringLiteral("error"), p.error}});
    QJsonArray conditionsJson;
    for (const ConditionResult &c : conditions)
        conditionsJson.append(QJsonObject{{QStringLiteral("condition"), c.text},
                                          {QStringLiteral("held"), c.held},
                                          {QStringLiteral("observed"), c.observed}});
    const Experiment &e = experiment;
    return QJsonObject{
        {QStringLiteral("runId"), runId},
        {QStringLiteral("executor"), executor},
        {QStringLiteral("phase"), phaseName(phase)},
        {QStringLiteral("outcome"), isFinal(phase) ? outcomeName(outcome) : QString()},
        {QStringLiteral("error"), error},
        {QStringLiteral("experiment"),
         QJsonObject{{QStringLiteral("id"), e.id},
                     {QStringLiteral("name"), e.name},
                     {QStringLiteral("hypothesis"), e.hypothesis},
                     {QStringLiteral("target"), e.target},
                     {QStringLiteral("peer"), e.peer},
                     {QStringLiteral("fault"), faultKindName(e.scenario.kind)},
                     {QStringLiteral("baselineMs"), e.baselineMs},
                     {QStringLiteral("injectMs"), e.injectMs},
                     {QStringLiteral("recoverWithinMs"), e.recoverWithinMs}}},
        {QStringLiteral("manifest"), manifest},
        {QStringLiteral("baselineStartMs"), baselineStartMs},
        {QStringLiteral("injectStartMs"), injectStartMs},
        {QStringLiteral("recoverStartMs"), recoverStartMs},
        {QStringLiteral("recoveredAtMs"), recoveredAtMs},
        {QStringLiteral("timeline"), timelineJson},
        {QStringLiteral("conditions"), conditionsJson},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
        {QStringLiteral("probes"), probesJson},
        {QStringLiteral("samples"), samplesJson}};
}

} // namespace meshscope::chaos
