#pragma once

// The demo simulator's randomness: counter-based, a hash of (seed, tick, subject, stream) instead
// of a stateful engine, so a value never depends on how many draws came before (faults, chunked
// advance): the same seed gives the same mesh bit for bit.

#include <QtGlobal>

namespace meshscope::core {

class CounterNoise
{
public:
    explicit CounterNoise(quint64 seed = 0) : m_seed(seed) {}

    // Uniform in [-1, 1).
    double uniform(qint64 tick, quint64 subject, quint64 stream) const;
    // A whole-number draw with the given mean: exact below 30, the mean itself above (the
    // relative noise is small there and a normal draw would only add cost).
    double poisson(double mean, qint64 tick, quint64 subject, quint64 stream) const;

private:
    quint64 m_seed = 0;
};

} // namespace meshscope::core
