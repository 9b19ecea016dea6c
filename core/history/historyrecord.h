#pragma once

// One point of one entity in HistoryStore's ring, packed into 10 bytes: scores and factors in
// half points (0..200 <=> 0..100), request rate, error ratio and p95 as 16-bit unsigned floats.
// Internal to core/history; the store's budget (1 h at 5,000 services) rests on its size.

#include "core/health/healthtypes.h"
#include "core/history/historystore.h"

#include <cstdint>

namespace meshscope::core {

struct HistoryRecord
{
    // Two codes above the score range are markers.
    static constexpr std::uint8_t kScoreNaN = 255;
    static constexpr std::uint8_t kAbsent = 254; // the entity was not in the snapshot of this point
    static constexpr std::uint8_t kScoreMax = 200;
    static constexpr std::uint16_t kUfloatNaN = 0xFFFF;

    std::uint8_t score = kAbsent;
    std::uint8_t connectivity = kAbsent;
    std::uint8_t stability = kAbsent;
    std::uint8_t protocol = kAbsent;
    std::uint16_t requestRate = kUfloatNaN;
    std::uint16_t errorRatio = kUfloatNaN;
    std::uint16_t p95Ms = kUfloatNaN;

    // `verdict` null: the entity has no score at this point (its figures are still kept).
    static HistoryRecord encode(const HealthVerdict *verdict, double rate, double errorRatio,
                                double p95Ms);
    static HistoryPoint decode(const HistoryRecord &r, qint64 timestampMs);

    static std::uint8_t encodeScore(double v);
    static float decodeScore(std::uint8_t code);
    // 16-bit unsigned float: the top 16 bits under the sign bit of an IEEE float (8-bit
    // exponent, 8-bit mantissa), rounded to nearest. Same range as float, 0.2 % precision.
    static std::uint16_t encodeUfloat(double v);
    static float decodeUfloat(std::uint16_t code);
};
static_assert(sizeof(HistoryRecord) == 10,
              "the memory budget assumes 10 bytes per entity per point");

} // namespace meshscope::core
