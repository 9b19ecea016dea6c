#include "chaos/experiment/experimentwriter.h"

#include "chaos/manifest/goduration.h"
#include "chaos/manifest/yamlcodec.h"
#include "chaos/scenario/scenarioparser.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

QString duration(qint64 ms)
{
    return GoDuration::format(std::chrono::milliseconds(ms));
}

} // namespace

QJsonObject ExperimentWriter::conditionJson(const SteadyStateCondition &c)
{
    using K = SteadyStateCondition::Kind;
    const QString bound = c.comparison == SteadyStateCondition::Comparison::AtMost
                              ? QStringLiteral("atMost")
                              : QStringLiteral("atLeast");
    switch (c.kind) {
    case K::Score:
        return {{QStringLiteral("score"), c.service}, {QStringLiteral("atLeast"), c.threshold}};
    case K::ErrorRatio:
        return {{QStringLiteral("errorRatio"), c.service}, {QStringLiteral("atMost"), c.threshold}};
    case K::P95:
        return {{QStringLiteral("p95"), c.service}, {QStringLiteral("atMost"), c.threshold}};
    case K::PromQL:
        return {{QStringLiteral("promql"), c.query}, {bound, c.threshold}};
    case K::Probe:
        return {{QStringLiteral("probe"), c.url},
                {QStringLiteral("atLeast"), c.threshold},
                {QStringLiteral("every"), duration(c.everyMs)}};
    case K::Robustness:
        return {{QStringLiteral("robustness"), c.service}};
    }
    return {};
}

QByteArray ExperimentWriter::toYaml(const Experiment &e)
{
    // The fault inline, as a scenario file words it; its length is phases.inject.
    const auto doc = YamlCodec::parse(ScenarioParser::toYaml(e.scenario));
    QJsonObject scenario = doc ? doc->value.toObject() : QJsonObject();
    scenario.remove(QStringLiteral("kind"));
    scenario.remove(QStringLiteral("duration"));
    QJsonObject root{{QStringLiteral("kind"), QStringLiteral("Experiment")},
                     {QStringLiteral("id"), e.id},
                     {QStringLiteral("name"), e.name},
                     {QStringLiteral("hypothesis"), e.hypothesis},
                     {QStringLiteral("target"), e.target},
                     {QStringLiteral("scenario"), scenario},
                     {QStringLiteral("phases"),
                      QJsonObject{{QStringLiteral("baseline"), duration(e.baselineMs)},
                                  {QStringLiteral("inject"), duration(e.injectMs)},
                                  {QStringLiteral("recoverWithin"), duration(e.recoverWithinMs)}}},
                     {QStringLiteral("refresh"), duration(e.refreshMs)},
                     {QStringLiteral("recoveryTolerance"), e.recoveryTolerance}};
    if (!e.peer.isEmpty())
        root.insert(QStringLiteral("peer"), e.peer);
    QJsonArray conditions;
    for (const SteadyStateCondition &c : e.steadyState)
        conditions.append(conditionJson(c));
    root.insert(QStringLiteral("steadyState"), conditions);
    if (!e.abortGuardrails.empty()) {
        QJsonArray aborts;
        for (const AbortGuardrail &g : e.abortGuardrails)
            aborts.append(QJsonObject{{QStringLiteral("service"), g.service},
                                      {QStringLiteral("below"), g.below},
                                      {QStringLiteral("refreshes"), g.refreshes}});
        root.insert(QStringLiteral("guardrails"), QJsonObject{{QStringLiteral("abort"), aborts}});
    }
    return QByteArrayLiteral(
               "# Written by Meshscope's chaos panel; run it with\n"
               "# meshscope experiment run FILE --report DIR (docs/experiments.md)\n") +
           YamlCodec::dump(root);
}

} // namespace meshscope::chaos
