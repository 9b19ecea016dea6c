#pragma once

#include "core/prometheus/promlabels.h"

#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::core {

// Values as Prometheus' query API returns them. Timestamps are ms since the Unix epoch (the
// API sends seconds with a 3-digit fraction); values are doubles with NaN and ±Inf kept.

struct PromSample
{
    qint64 timestampMs = 0;
    double value = 0;
};

// A native histogram: `boundaryRule` 0 = (lower, upper], 1 = [lower, upper), 2 = open both,
// 3 = closed both (the zero bucket).
struct PromHistogramBucket
{
    int boundaryRule = 0;
    double lower = 0;
    double upper = 0;
    double count = 0;
};

struct PromHistogramSample
{
    qint64 timestampMs = 0;
    double count = 0;
    double sum = 0;
    std::vector<PromHistogramBucket> buckets;
};

struct PromSeries
{
    PromLabels labels;
    std::vector<PromSample> samples;             // one for a vector, many for a matrix
    std::vector<PromHistogramSample> histograms; // native histograms, same shape
};

enum class PromResultType
{
    Vector,
    Matrix,
    Scalar,
    String
};

struct PromQueryResult
{
    PromResultType type = PromResultType::Vector;
    std::vector<PromSeries> series; // Vector and Matrix
    PromSample scalar;              // Scalar (and the timestamp of String)
    QString string;                 // String
    // Shown to the user: partial answers (Thanos stores down, remote read failing), and what
    // the parser dropped (duplicate series).
    QStringList warnings;
    QStringList infos;
};

// The `status: success` envelope before its data is interpreted.
struct PromEnvelope
{
    QJsonValue data;
    QStringList warnings;
    QStringList infos;
};

struct PromBuildInfo
{
    QString version; // as sent: "2.42.0+ds"; empty when the server does not say (VictoriaMetrics)
    QString revision;
    QString branch;
    QString goVersion;
    int major = -1; // -1: unknown
    int minor = -1;
    int patch = -1;

    bool hasVersion() const { return major >= 0; }
};

} // namespace meshscope::core
