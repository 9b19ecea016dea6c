#include "core/prometheus/bucketquantile.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace meshscope::core {

double bucketQuantile(double q, std::vector<CumulativeBucket> buckets)
{
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    constexpr double kInf = std::numeric_limits<double>::infinity();
    if (std::isnan(q))
        return kNaN;
    if (q < 0)
        return -kInf;
    if (q > 1)
        return kInf;
    if (buckets.empty())
        return kNaN;
    // Go's sort.Sort is not stable, but equal bounds are merged next, so order among them does
    // not matter (their counts are added).
    std::sort(buckets.begin(), buckets.end(),
              [](const CumulativeBucket &a, const CumulativeBucket &b) {
                  return a.upperBound < b.upperBound;
              });
    if (!std::isinf(buckets.back().upperBound) || buckets.back().upperBound < 0)
        return kNaN;
    // coalesceBuckets
    size_t n = 0;
    CumulativeBucket last = buckets[0];
    for (size_t i = 1; i < buckets.size(); ++i) {
        if (buckets[i].upperBound == last.upperBound) {
            last.count += buckets[i].count;
        } else {
            buckets[n++] = last;
            last = buckets[i];
        }
    }
    buckets[n++] = last;
    buckets.resize(n);
    // ensureMonotonic
    double max = -kInf;
    for (CumulativeBucket &b : buckets) {
        if (b.count > max)
            max = b.count;
        else if (b.count < max)
            b.count = max;
    }
    if (buckets.size() < 2)
        return kNaN;
    const double observations = buckets.back().count;
    if (observations == 0)
        return kNaN;
    double rank = q * observations;
    // sort.Search over all but the last: the first bucket whose count reaches the rank.
    size_t b = 0;
    while (b < buckets.size() - 1 && !(buckets[b].count >= rank))
        ++b;
    if (b == buckets.size() - 1)
        return buckets[buckets.size() - 2].upperBound;
    if (b == 0 && buckets[0].upperBound <= 0)
        return buckets[0].upperBound;
    double bucketStart = 0;
    const double bucketEnd = buckets[b].upperBound;
    double count = buckets[b].count;
    if (b > 0) {
        bucketStart = buckets[b - 1].upperBound;
        count -= buckets[b - 1].count;
        rank -= buckets[b - 1].count;
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

} // namespace meshscope::core
