#pragma once

// A bank of fixed-window series (one per node or edge of the graph) with O(1) push and O(1)
// mean / population standard deviation of the last `window` values. Values live in one flat
// float array (slot i at [i*window, (i+1)*window)), so 20,000 series cost no allocation per
// refresh. Not thread-safe; owned by HealthModel.

#include <cstdint>
#include <vector>

namespace meshscope::core {

class RollingBaseline
{
public:
    struct Stats
    {
        int count = 0;       // values in the window (<= window)
        double mean = 0.0;   // of those values
        double stddev = 0.0; // population standard deviation (divide by count)
    };

    explicit RollingBaseline(int window = 60);

    int window() const { return m_window; }
    // Forgets everything and changes the window length.
    void reset(int window);

    int allocate();         // a fresh, empty series; reuses freed slots
    void release(int slot); // the slot may be handed out again by allocate()
    int slotCount() const { return int(m_count.size()); }

    // Non-finite values (NaN, ±Inf, or beyond float range) are ignored by push() and offer().
    void push(int slot, double value);
    // push() unless `anomalous`: then the value is held back, but for at most one window in a
    // row, after which anomalous values are taken in again (the shift is the new normal).
    void offer(int slot, double value, bool anomalous);
    Stats stats(int slot) const;

private:
    static bool storable(double value);
    void recompute(int slot);

    int m_window = 60;
    std::vector<float> m_values;
    std::vector<std::int32_t> m_count;
    std::vector<std::int32_t> m_head; // next write position
    std::vector<std::int32_t> m_held; // anomalous values held back in a row
    std::vector<double> m_sum;
    std::vector<double> m_sumSq;
    std::vector<int> m_free;
};

} // namespace meshscope::core
