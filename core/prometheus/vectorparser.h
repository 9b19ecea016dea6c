#pragma once

#include "core/net/httptypes.h"
#include "core/prometheus/prometheustypes.h"

#include <optional>

namespace meshscope::core {

// The fast path for the answers a refresh gets in bulk: `"status": "success"` with a vector or
// matrix of float samples, read in one pass over the bytes with label strings shared between
// series (a 5,000-service mesh answers with hundreds of thousands of series; QJsonDocument
// builds a tree of the whole body first, which costs several times the parse and its memory).
// It answers only where it is sure: anything else (an error envelope, scalars, native
// histograms, escapes or non-ASCII bytes in strings, a number spelled unusually, deep nesting,
// duplicate keys) gives nullopt, and PrometheusParser's general path reads it and says what is
// wrong. Where it answers, the answer equals PrometheusParser::parseQueryGeneric's: checked by
// tst_vectorparser and differentially by tests/fuzz/fuzz_prometheus_response.
class VectorParser
{
public:
    static std::optional<PromQueryResult> parse(const HttpResponse &response);
};

} // namespace meshscope::core
