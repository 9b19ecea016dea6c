#pragma once

#include "core/alerts/alerttypes.h"
#include "core/net/httptypes.h"
#include "core/result.h"

#include <vector>

namespace meshscope::core {

// Turns Alertmanager's `GET /api/v2/alerts` answer (a JSON array of gettableAlert) into values,
// or into an error naming the URL and what was wrong: its error answers (a JSON string such as
// "bad matcher format: ..." with 400), non-JSON bodies (a proxy's HTML page), invalid JSON,
// and malformed elements with their index. Pure functions: safe on any thread.
class AlertParser
{
public:
    static constexpr qint64 kMaxBodyBytes = qint64(64) * 1024 * 1024;

    static Result<std::vector<Alert>> parseAlerts(const HttpResponse &response);
};

} // namespace meshscope::core
