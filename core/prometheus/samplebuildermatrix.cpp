// SampleBuilder over range answers: a matrix regrouped into one instant vector per moment, then
// one sample per moment (PrometheusSource::backfill and RangeFetcher share it).

#include "core/prometheus/samplebuilder.h"

namespace meshscope::core {

void SampleBuilder::addMatrix(ByTime &byTime, size_t query, size_t queryCount,
                              const std::vector<PromSeries> &series)
{
    for (const PromSeries &s : series) {
        for (const PromSample &point : s.samples) {
            auto &slot = byTime[point.timestampMs];
            slot.resize(queryCount);
            PromSeries one;
            one.labels = s.labels;
            one.samples.push_back(point);
            slot[query].series.push_back(std::move(one));
        }
    }
}

int SampleBuilder::buildEach(const ByTime &byTime, const QString &sourceName,
                             const std::function<void(const TelemetrySample &)> &consume) const
{
    int count = 0;
    for (const auto &[at, perQuery] : byTime) {
        std::vector<const PromQueryResult *> pointers;
        for (const PromQueryResult &r : perQuery)
            pointers.push_back(&r);
        TelemetrySample sample = build(pointers, at);
        sample.sourceName = sourceName;
        consume(sample);
        ++count;
    }
    return count;
}

} // namespace meshscope::core
