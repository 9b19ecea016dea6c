#pragma once

#include <QtGlobal>

#include <random>

namespace meshscope::core {

// Seeded uniform numbers for the layout code. Built on the raw output of std::mt19937_64
// because std::uniform_*_distribution differ between standard libraries, and a layout must be
// the same everywhere for a seed.
class LayoutRandom
{
public:
    explicit LayoutRandom(quint64 seed) : m_engine(seed * 0x9E3779B97F4A7C15ULL + 0x5EEDULL) {}

    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; } // [0, 1)
    int below(int n) { return n <= 1 ? 0 : int(uniform() * n); }      // [0, n)

private:
    std::mt19937_64 m_engine;
};

} // namespace meshscope::core
