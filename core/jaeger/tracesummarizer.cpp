#include "core/jaeger/tracesummarizer_p.h"

#include <QHash>

#include <algorithm>

namespace meshscope::core::jaeger_detail {

TraceSummary summarize(const QString &traceId, const std::vector<SpanFacts> &spans,
                       QStringList warnings)
{
    TraceSummary t;
    t.traceId = traceId;
    t.spanCount = int(spans.size());
    t.warnings = std::move(warnings);
    if (spans.empty())
        return t;

    // Duplicate span ids happen (Zipkin's shared client/server spans): the first one stands for
    // the id when resolving parents, as Jaeger's UI does.
    QHash<QString, int> byId;
    for (int i = int(spans.size()) - 1; i >= 0; --i)
        byId[spans[size_t(i)].spanId] = i;

    qint64 start = spans.front().startUs;
    qint64 end = spans.front().endUs;
    int root = -1;
    for (int i = 0; i < int(spans.size()); ++i) {
        const SpanFacts &s = spans[size_t(i)];
        start = std::min(start, s.startUs);
        end = std::max(end, s.endUs);
        if (s.error)
            ++t.errorSpanCount;
        if (!s.service.isEmpty() && !t.services.contains(s.service))
            t.services.append(s.service);

        // A parent outside the trace (the v1 fixture points at span 00000000000000ff) makes the
        // span a root, as in Jaeger's UI.
        int parent = -1;
        if (!s.parentId.isEmpty() && byId.contains(s.parentId) && byId.value(s.parentId) != i)
            parent = byId.value(s.parentId);
        else if (!s.followsFromId.isEmpty() && byId.contains(s.followsFromId) &&
                 byId.value(s.followsFromId) != i)
            parent = byId.value(s.followsFromId);
        if (parent < 0) {
            if (root < 0 || s.startUs < spans[size_t(root)].startUs)
                root = i;
            continue;
        }
        const QString &caller = spans[size_t(parent)].service;
        if (!caller.isEmpty() && !s.service.isEmpty() && caller != s.service &&
            !t.hasCall(caller, s.service))
            t.calls.append(qMakePair(caller, s.service));
    }
    if (root < 0) // every span has a parent: a cycle of references; take the earliest
        root = int(std::min_element(spans.begin(), spans.end(),
                                    [](const SpanFacts &a, const SpanFacts &b) {
                                        return a.startUs < b.startUs;
                                    }) -
                   spans.begin());
    t.rootService = spans[size_t(root)].service;
    t.rootOperation = spans[size_t(root)].operation;
    t.startUs = start;
    t.durationUs = std::max<qint64>(0, end - start);
    return t;
}

} // namespace meshscope::core::jaeger_detail
