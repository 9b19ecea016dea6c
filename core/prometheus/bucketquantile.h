#pragma once

#include <vector>

namespace meshscope::core {

// One bucket of a classic Prometheus histogram: the cumulative count (or rate) of observations
// at most `upperBound` (the `le` label; +Inf for the last).
struct CumulativeBucket
{
    double upperBound = 0;
    double count = 0;
};

// Prometheus' histogram_quantile over one series group, computed here so that one bucket query
// gives p50, p95 and p99 (each histogram_quantile query re-evaluates the rate of every bucket
// series). The algorithm of promql/quantile.go bucketQuantile in Prometheus 2.42 step by step:
// sort by bound, NaN without a +Inf bucket, merge equal bounds, force the counts monotonic, NaN
// with fewer than two buckets or no observations, the highest finite bound when the rank falls
// in +Inf, the first bound when it is ≤ 0, else linear interpolation inside the bucket (0 as the
// lower bound of the first). q outside [0, 1] gives ∓Inf; NaN q gives NaN. Same arithmetic in
// the same order, so the result is Prometheus' to the last bit (tst_samplebuilder_real checks
// it against a real server).
double bucketQuantile(double q, std::vector<CumulativeBucket> buckets);

} // namespace meshscope::core
