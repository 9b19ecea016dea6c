#pragma once

// Istio's request-duration histogram: the default bucket bounds of
// istio_request_duration_milliseconds, how the simulator fills them from a latency distribution,
// and Prometheus' histogram_quantile over bucket increments (so simulated quantiles carry the same
// bucket quantisation as real ones).

#include <array>
#include <cstddef>

namespace meshscope::core {

// Upper bounds in ms of Istio's default duration buckets; a last +Inf bucket follows them.
inline constexpr std::array<double, 19> kIstioDurationBucketsMs = {
    0.5,  1,    5,     10,    25,    50,     100,    250,     500,    1000,
    2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000};
inline constexpr std::size_t kIstioBucketCount = kIstioDurationBucketsMs.size() + 1; // with +Inf

// Adds `count` observations drawn from a log-normal latency (median e^mu ms, shape sigma) to
// per-bucket (not cumulative) counts: bucket i holds (bound[i-1], bound[i]], the last one +Inf.
void addLogNormal(float *perBucket, double count, double mu, double sigma);

// Log-normal parameters (mu, sigma) with the given mean and variance (ms, ms^2).
struct LogNormal
{
    double mu = 0.0;
    double sigma = 0.0;
};
LogNormal logNormalFromMoments(double meanMs, double varianceMs2);

// Prometheus' histogram_quantile (promql/quantile.go, bucketQuantile) over per-bucket counts in
// Istio's layout: linear interpolation inside the bucket holding rank q*total, 0 as the lower
// bound of the first bucket, the highest finite bound when the rank falls in +Inf.
// NaN when the histogram is empty.
double histogramQuantile(double q, const double *perBucket);

} // namespace meshscope::core
