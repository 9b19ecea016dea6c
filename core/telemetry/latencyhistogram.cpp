#include "core/telemetry/latencyhistogram.h"

#include "core/telemetry/telemetrytypes.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace meshscope::core {

void addLogNormal(float *perBucket, double count, double mu, double sigma)
{
    if (!(count > 0.0))
        return;
    // Buckets far outside mu +- 8 sigma get nothing; skipping their erfc keeps a tick of a
    // 20000-service mesh cheap.
    constexpr double kCutoff = 8.0;
    const double scale = 1.0 / (std::max(sigma, 1e-6) * std::numbers::sqrt2);
    double previous = 0.0;
    for (std::size_t i = 0; i < kIstioDurationBucketsMs.size(); ++i) {
        const double z = (std::log(kIstioDurationBucketsMs[i]) - mu) * scale;
        double cdf;
        if (z < -kCutoff)
            cdf = 0.0;
        else if (z > kCutoff)
            cdf = 1.0;
        else
            cdf = 0.5 * std::erfc(-z);
        perBucket[i] += float(count * (cdf - previous));
        previous = cdf;
        if (cdf >= 1.0) {
            previous = 1.0;
            break;
        }
    }
    perBucket[kIstioBucketCount - 1] += float(count * (1.0 - previous));
}

LogNormal logNormalFromMoments(double meanMs, double varianceMs2)
{
    const double mean = std::max(meanMs, 1e-3);
    const double var = std::max(varianceMs2, 0.0);
    const double s2 = std::log1p(var / (mean * mean));
    return LogNormal{std::log(mean) - 0.5 * s2, std::sqrt(std::max(s2, 1e-8))};
}

double histogramQuantile(double q, const double *perBucket)
{
    double total = 0.0;
    for (std::size_t i = 0; i < kIstioBucketCount; ++i)
        total += perBucket[i];
    if (!(total > 0.0))
        return kNaN;
    const double rank = std::clamp(q, 0.0, 1.0) * total;
    double cumulative = 0.0;
    for (std::size_t i = 0; i < kIstioBucketCount; ++i) {
        const double below = cumulative;
        cumulative += perBucket[i];
        if (cumulative >= rank && perBucket[i] > 0.0) {
            if (i == kIstioBucketCount - 1)
                return kIstioDurationBucketsMs.back();
            const double lower = i == 0 ? 0.0 : kIstioDurationBucketsMs[i - 1];
            const double upper = kIstioDurationBucketsMs[i];
            return lower + (upper - lower) * ((rank - below) / perBucket[i]);
        }
    }
    return kIstioDurationBucketsMs.back();
}

} // namespace meshscope::core
