#pragma once

// Go's time.ParseDuration syntax, which Chaos Mesh uses for `duration`, `latency`, `delay`:
// "300ms", "1.5h", "2h45m", "-1.5h". Parsed to milliseconds (sub-millisecond parts round down).

#include "core/result.h"

#include <QString>

#include <chrono>

namespace meshscope::chaos {

class GoDuration
{
public:
    static Result<std::chrono::milliseconds> parse(const QString &text);
    // The shortest Go form of a whole number of milliseconds: 90000 ms -> "1m30s".
    static QString format(std::chrono::milliseconds duration);
};

} // namespace meshscope::chaos
