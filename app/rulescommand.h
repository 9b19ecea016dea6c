#pragma once

#include <QStringList>
#include <QTextStream>

namespace meshscope::app {

// `meshscope rules [--metric-profile NAME] [--granularity G] [--window W]`: prints the
// Prometheus recording rules (core/prometheus/recordingrules) that precompute the profile's
// aggregations, for `rule_files:` in prometheus.yml. Exit 0, or 2 with a message naming the
// wrong option or profile. `arguments` are those after "rules".
int runRulesCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace meshscope::app
