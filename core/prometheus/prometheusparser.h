#pragma once

#include "core/net/httptypes.h"
#include "core/prometheus/prometheustypes.h"
#include "core/result.h"

namespace meshscope::core {

// Turns answers of the Prometheus HTTP API (and Thanos, Mimir, VictoriaMetrics) into values or
// into errors that say what was wrong and where: the error envelope, non-JSON bodies (plain-text
// 404, an HTML page from a proxy) with their status and first bytes, invalid or too deeply
// nested JSON with the byte offset, and malformed results with the path of the bad element.
// Pure functions over a response: safe on any thread, and the fuzz harness's target.
class PrometheusParser
{
public:
    // Bodies above this are refused before parsing (the transport caps them too).
    static constexpr qint64 kMaxBodyBytes = qint64(64) * 1024 * 1024;

    static Result<PromEnvelope> parseEnvelope(const HttpResponse &response);
    // /api/v1/query and /api/v1/query_range: VectorParser's fast path where it is sure, else
    // parseQueryGeneric.
    static Result<PromQueryResult> parseQuery(const HttpResponse &response);
    // The same through QJsonDocument, for every shape and every error.
    static Result<PromQueryResult> parseQueryGeneric(const HttpResponse &response);
    // /api/v1/status/buildinfo.
    static Result<PromBuildInfo> parseBuildInfo(const HttpResponse &response);
    // /api/v1/labels and /api/v1/label/<name>/values.
    static Result<QStringList> parseStringList(const HttpResponse &response);
    // /api/v1/series.
    static Result<std::vector<PromLabels>> parseSeries(const HttpResponse &response);

    // "NaN", "+Inf", "-Inf" and decimal numbers in the C locale; nullopt for anything else.
    static std::optional<double> parseValue(const QString &text);
};

} // namespace meshscope::core
