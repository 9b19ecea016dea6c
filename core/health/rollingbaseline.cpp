#include "core/health/rollingbaseline.h"

#include <algorithm>
#include <cmath>

namespace meshscope::core {

RollingBaseline::RollingBaseline(int window)
{
    reset(window);
}

void RollingBaseline::reset(int window)
{
    m_window = std::max(1, window);
    m_values.clear();
    m_count.clear();
    m_head.clear();
    m_held.clear();
    m_sum.clear();
    m_sumSq.clear();
    m_free.clear();
}

int RollingBaseline::allocate()
{
    if (!m_free.empty()) {
        const int slot = m_free.back();
        m_free.pop_back();
        m_count[size_t(slot)] = 0;
        m_head[size_t(slot)] = 0;
        m_held[size_t(slot)] = 0;
        m_sum[size_t(slot)] = 0.0;
        m_sumSq[size_t(slot)] = 0.0;
        return slot;
    }
    const int slot = int(m_count.size());
    m_values.resize(m_values.size() + size_t(m_window), 0.0f);
    m_count.push_back(0);
    m_head.push_back(0);
    m_held.push_back(0);
    m_sum.push_back(0.0);
    m_sumSq.push_back(0.0);
    return slot;
}

void RollingBaseline::release(int slot)
{
    if (slot >= 0 && slot < slotCount())
        m_free.push_back(slot);
}

void RollingBaseline::offer(int slot, double value, bool anomalous)
{
    // Checked before the hold: a NaN or +Inf quantile says nothing about a shift.
    if (!storable(value))
        return;
    std::int32_t &held = m_held[size_t(slot)];
    if (anomalous && held < m_window) {
        ++held;
        return;
    }
    // Past a window of anomalies the baseline takes them in until they stop being anomalous.
    if (!anomalous)
        held = 0;
    push(slot, value);
}

bool RollingBaseline::storable(double value)
{
    // Values are stored as float: 1e300 would become +Inf there. One non-finite value would make
    // the running sums NaN until two laps later (Inf - Inf), so it is not taken in at all.
    return std::isfinite(float(value));
}

void RollingBaseline::push(int slot, double value)
{
    if (!storable(value))
        return;
    const size_t s = size_t(slot);
    float *ring = m_values.data() + s * size_t(m_window);
    const int head = m_head[s];
    const float v = float(value);
    if (m_count[s] == m_window) {
        const double old = ring[head];
        m_sum[s] -= old;
        m_sumSq[s] -= old * old;
    } else {
        ++m_count[s];
    }
    ring[head] = v;
    m_sum[s] += double(v);
    m_sumSq[s] += double(v) * double(v);
    m_head[s] = (head + 1) % m_window;
    // Running sums drift after many add/subtract pairs; once per lap they are summed afresh,
    // which keeps push O(1) amortised and the statistics exact to float precision.
    if (m_head[s] == 0)
        recompute(slot);
}

void RollingBaseline::recompute(int slot)
{
    const size_t s = size_t(slot);
    const float *ring = m_values.data() + s * size_t(m_window);
    double sum = 0.0;
    double sumSq = 0.0;
    for (int i = 0; i < m_count[s]; ++i) {
        sum += ring[i];
        sumSq += double(ring[i]) * double(ring[i]);
    }
    m_sum[s] = sum;
    m_sumSq[s] = sumSq;
}

RollingBaseline::Stats RollingBaseline::stats(int slot) const
{
    Stats st;
    if (slot < 0 || slot >= slotCount())
        return st;
    const size_t s = size_t(slot);
    st.count = m_count[s];
    if (st.count == 0)
        return st;
    st.mean = m_sum[s] / st.count;
    const double var = m_sumSq[s] / st.count - st.mean * st.mean;
    st.stddev = var > 0.0 ? std::sqrt(var) : 0.0;
    return st;
}

} // namespace meshscope::core
