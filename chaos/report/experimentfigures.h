#pragma once

// What a finished run measured, per service and overall (every figure is defined in
// docs/experiments.md "Figures"): time to detect, maximum drift, area under the drift curve,
// time to recover; predicted vs observed impact; the health model's detection quality for the
// run; one resilience figure.

#include "chaos/experiment/experimentrun.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace meshscope::chaos {

struct ServiceFigures
{
    QString service;
    double baselineMean = 0.0; // score
    double maxDrift = 0.0;     // score points below the baseline mean, worst refresh
    double driftArea = 0.0;    // score points x seconds from injection to the end of the run
    std::optional<qint64> timeToDetectMs;  // injection -> first refresh below mean - tolerance
    std::optional<qint64> timeToRecoverMs; // fault removed -> back within tolerance for good
    double predictedWeight = 0.0;          // blast-radius weight; 1 for a target
    bool predicted = false;                // a target or upstream of one
    bool degraded = false;                 // maxDrift >= tolerance (the score showed it)
    bool metricsMoved = false;             // p95 or error ratio left its baseline (ground truth)
};

struct DetectionQuality
{
    int truePositives = 0;  // degraded and the metrics moved
    int falsePositives = 0; // degraded, metrics unmoved (a false alarm)
    int falseNegatives = 0; // metrics moved, score did not show it
    double precision = 1.0;
    double recall = 1.0;
};

struct ExperimentFigures
{
    std::vector<ServiceFigures> services; // worst drift first
    QStringList predictedAndDegraded;
    QStringList predictedOnly;
    QStringList degradedOnly;
    DetectionQuality detection;
    double resilience = 100.0; // 0..100, see docs/experiments.md

    const ServiceFigures *find(const QString &service) const;
    static ExperimentFigures compute(const ExperimentRun &run);
};

} // namespace meshscope::chaos
