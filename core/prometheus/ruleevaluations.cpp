#include "core/prometheus/ruleevaluations.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcPrometheus) // defined in prometheusclient.cpp

namespace meshscope::core {

RuleEvaluations::Next RuleEvaluations::next(HttpClient &http, const PrometheusClient &client)
{
    Next out;
    if (m_off)
        return out;
    const HttpRequest request = client.rulesRequest(true);
    auto answer = http.fetch(request);
    out.asked = true;
    if (!answer) {
        // No answer at all (the server down, a timeout): the queries will say so; ask again
        // next time rather than give up on a store that does have the rules API.
        qCInfo(lcPrometheus).noquote() << "rule evaluations not asked:" << answer.error();
        return out;
    }
    out.bytes = answer->wireBytes;
    auto evaluation = RulesListParser::evaluation(*answer, m_record);
    if (!evaluation) {
        m_off = true;
        qCInfo(lcPrometheus).noquote()
            << "rule evaluations not followed (each refresh reads at its own time):"
            << evaluation.error();
        return out;
    }
    out.evaluation = *evaluation;
    if (out.evaluation && m_evaluationMs != out.evaluation->lastEvaluationMs)
        qCDebug(lcPrometheus).noquote()
            << "rule group" << out.evaluation->group << "evaluated at"
            << QDateTime::fromMSecsSinceEpoch(out.evaluation->lastEvaluationMs, Qt::UTC)
                   .toString(Qt::ISODateWithMs)
            << "in" << out.evaluation->evaluationSeconds << "s";
    return out;
}

void RuleEvaluations::remember(qint64 evaluationMs, const TelemetrySample &sample,
                               const QStringList &warnings)
{
    m_evaluationMs = evaluationMs;
    m_sample = sample;
    m_warnings = warnings;
}

const TelemetrySample *RuleEvaluations::unchanged(qint64 evaluationMs) const
{
    return m_evaluationMs == evaluationMs ? &m_sample : nullptr;
}

} // namespace meshscope::core
