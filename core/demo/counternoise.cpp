#include "core/demo/counternoise.h"

#include <cmath>

namespace meshscope::core {

namespace {

constexpr double kPoissonExactBelow = 30.0;

quint64 splitmix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

} // namespace

double CounterNoise::uniform(qint64 tick, quint64 subject, quint64 stream) const
{
    const quint64 h =
        splitmix64(m_seed ^ splitmix64(quint64(tick) * 0xD1B54A32D192ED03ULL + stream) ^
                   (subject * 0x8CB92BA72F3D8DD7ULL));
    return double(h >> 11) * 0x1.0p-52 - 1.0; // [-1, 1)
}

double CounterNoise::poisson(double mean, qint64 tick, quint64 subject, quint64 stream) const
{
    if (mean <= 0.0)
        return 0.0;
    if (mean >= kPoissonExactBelow)
        return mean;
    // Inverting the Poisson CDF with one uniform.
    const double u = 0.5 * (uniform(tick, subject, stream) + 1.0); // [0, 1)
    double p = std::exp(-mean);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 4 * int(kPoissonExactBelow)) {
        ++k;
        p *= mean / k;
        cdf += p;
    }
    return double(k);
}

} // namespace meshscope::core
