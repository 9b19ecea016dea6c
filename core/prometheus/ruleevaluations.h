#pragma once

#include "core/net/httpclient.h"
#include "core/prometheus/prometheusclient.h"
#include "core/prometheus/ruleslistparser.h"
#include "core/telemetry/telemetrytypes.h"

#include <QStringList>

#include <optional>

namespace meshscope::core {

// Follows the evaluations of Meshscope's recording rule group, for a PrometheusSource that reads
// the recorded series (docs/query-profiles.md, "Following the rule evaluations"):
//  - a refresh reads at the group's last *completed* evaluation, so every recorded part of one
//    sample comes from one evaluation, even while the next one is writing its rules one by one;
//  - until the next evaluation completes the recorded series cannot change: a refresh then
//    reuses the last sample it built and sends no query but the rules API's.
// Not thread-safe: used by fetch(), which the pipeline never runs twice at once.
class RuleEvaluations
{
public:
    // `record`: a name the group records (any: they are in one group).
    explicit RuleEvaluations(QString record) : m_record(std::move(record)) {}

    struct Next
    {
        std::optional<RuleGroupEvaluation> evaluation; // none: read at the refresh's own time
        qint64 bytes = 0;                              // of the rules API's answer
        bool asked = false;                            // a request was sent
    };
    // Asks the rules API (recording rules only) when the group last completed. An answer that
    // is not one (a store without the rules API, an HTML page from a proxy, an error envelope)
    // is logged once, and the source stops asking: it reads at its own time, as without
    // recording rules. No answer at all (server down, timeout) is asked again next time.
    Next next(HttpClient &http, const PrometheusClient &client);

    // The sample built from `evaluationMs`, for the refreshes until the next evaluation.
    void remember(qint64 evaluationMs, const TelemetrySample &sample, const QStringList &warnings);
    // The remembered sample when it was built from `evaluationMs`, else null.
    const TelemetrySample *unchanged(qint64 evaluationMs) const;
    const QStringList &warnings() const { return m_warnings; }

private:
    QString m_record;
    bool m_off = false; // the rules API failed: not asked again
    std::optional<qint64> m_evaluationMs;
    TelemetrySample m_sample;
    QStringList m_warnings;
};

} // namespace meshscope::core
