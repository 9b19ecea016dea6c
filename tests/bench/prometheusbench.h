#pragma once

#include "core/prometheus/prometheussource.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <vector>

namespace meshscope::bench {

// CPU time of this process, ms.
double processCpuMs();
// /proc/loadavg as printed.
QByteArray loadAverage();
double median(std::vector<double> v);
// MemAvailable in MB, 0 when unknown.
qint64 availableMemoryMb();
// VmRSS of a process in MB, 0 when unknown.
qint64 residentMb(qint64 pid);

// One value of a PromQL expression about Prometheus itself; NaN when it has none.
double selfValue(const QUrl &url, const QString &query);

// The recorded answers of one refresh written to `dir` (answer-<i>.json, in the profile's order).
bool saveAnswers(const core::PrometheusSourceOptions &o, const QString &dir);
// Our parse and build of the answers in `dir`, `rounds` times: figure prom_client_cpu_ms_<label>.
// Returns the exit status.
int replayAnswers(const QString &dir, const QString &label, int rounds);

} // namespace meshscope::bench
