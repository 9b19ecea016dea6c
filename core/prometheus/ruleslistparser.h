#pragma once

#include "core/net/httptypes.h"
#include "core/result.h"

#include <QStringList>

namespace meshscope::core {

// Reads Prometheus' rules API (`GET /api/v1/rules`, also Thanos', Mimir's ruler and vmalert's):
// the names of the recording rules loaded, in every group. The connect probe asks it for a
// recorded metric that has no series: a rule whose input is empty (a mesh with no TCP calls)
// records nothing, yet it is loaded, and the refresh can read it. Errors name the field, as
// PrometheusParser's do.
class RulesListParser
{
public:
    static Result<QStringList> recordNames(const HttpResponse &response);
};

} // namespace meshscope::core
