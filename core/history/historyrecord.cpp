#include "core/history/historyrecord.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace meshscope::core {

std::uint8_t HistoryRecord::encodeScore(double v)
{
    if (std::isnan(v))
        return kScoreNaN;
    return std::uint8_t(std::clamp(std::lround(v * 2.0), 0L, long(kScoreMax)));
}

float HistoryRecord::decodeScore(std::uint8_t code)
{
    return code > kScoreMax ? std::numeric_limits<float>::quiet_NaN() : float(code) * 0.5f;
}

std::uint16_t HistoryRecord::encodeUfloat(double v)
{
    if (std::isnan(v))
        return kUfloatNaN;
    if (!(v > 0.0))
        return 0;
    const auto bits = std::bit_cast<std::uint32_t>(float(v)); // +Inf beyond float range
    // Round half up on the 15 dropped bits; the largest finite floats round to +Inf (0xFF00),
    // never into the NaN code.
    return std::uint16_t(std::min<std::uint32_t>((bits + 0x4000u) >> 15, 0xFF00u));
}

float HistoryRecord::decodeUfloat(std::uint16_t code)
{
    if (code == kUfloatNaN)
        return std::numeric_limits<float>::quiet_NaN();
    return std::bit_cast<float>(std::uint32_t(code) << 15);
}

HistoryRecord HistoryRecord::encode(const HealthVerdict *verdict, double rate, double errorRatio,
                                    double p95Ms)
{
    HistoryRecord r;
    r.score = encodeScore(verdict ? verdict->score : kNaN);
    r.connectivity = encodeScore(verdict ? verdict->factors.connectivity : kNaN);
    r.stability = encodeScore(verdict ? verdict->factors.stability : kNaN);
    r.protocol = encodeScore(verdict ? verdict->factors.protocol : kNaN);
    r.requestRate = encodeUfloat(rate);
    r.errorRatio = encodeUfloat(errorRatio);
    r.p95Ms = encodeUfloat(p95Ms);
    return r;
}

HistoryPoint HistoryRecord::decode(const HistoryRecord &r, qint64 timestampMs)
{
    HistoryPoint p;
    p.timestampMs = timestampMs;
    p.score = decodeScore(r.score);
    p.connectivity = decodeScore(r.connectivity);
    p.stability = decodeScore(r.stability);
    p.protocol = decodeScore(r.protocol);
    p.requestRate = decodeUfloat(r.requestRate);
    p.errorRatio = decodeUfloat(r.errorRatio);
    p.p95Ms = decodeUfloat(r.p95Ms);
    return p;
}

} // namespace meshscope::core
