#pragma once

#include "core/net/httptypes.h"
#include "core/result.h"

#include <QStringList>

#include <optional>

namespace meshscope::core {

// Reads Prometheus' rules API (`GET /api/v1/rules`, also Thanos', Mimir's ruler and vmalert's):
// the names of the recording rules loaded, in every group. The connect probe asks it for a
// recorded metric that has no series: a rule whose input is empty (a mesh with no TCP calls)
// records nothing, yet it is loaded, and the refresh can read it. Errors name the field, as
// PrometheusParser's do.
// The last completed evaluation of one rule group, as the rules API reports it.
struct RuleGroupEvaluation
{
    QString group;
    qint64 lastEvaluationMs = 0;    // when it started (server's clock, ms since the epoch)
    double evaluationSeconds = 0.0; // how long it took
    double intervalSeconds = 0.0;
};

class RulesListParser
{
public:
    static Result<QStringList> recordNames(const HttpResponse &response);
    // The group that holds the recording rule `record` (whatever the group is called: with the
    // Prometheus Operator it is the PrometheusRule's). std::nullopt when no group holds it, or
    // the group has not completed an evaluation yet (Go's zero time), or the server does not
    // say when (older servers, some rulers): the caller then reads at its own time.
    static Result<std::optional<RuleGroupEvaluation>> evaluation(const HttpResponse &response,
                                                                 const QString &record);
    // RFC 3339 with any fraction and offset ("2026-11-30T12:42:02.954509654Z"), truncated to
    // the millisecond; std::nullopt for anything else and for Go's zero time (year 1).
    static std::optional<qint64> parseTimeMs(const QString &text);
};

} // namespace meshscope::core
