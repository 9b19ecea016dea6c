#pragma once

// Shared set-up of the experiment tests: the demo mesh "shop" on a simulated clock, its demo
// executor, and an experiment file written inline.

#include "chaos/executor/demoexecutor.h"
#include "chaos/experiment/demoobserver.h"
#include "chaos/experiment/experimentparser.h"
#include "chaos/experiment/experimentrunner.h"

#include <QDateTime>
#include <QTest>

#include <memory>

namespace meshscope::chaos::fixtures {

// A fixed simulated start, so every run sees the same telemetry.
inline qint64 startMs()
{
    return QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
}

struct DemoRig
{
    std::shared_ptr<DemoObserver> observer;
    std::shared_ptr<DemoExecutor> executor;
};

inline DemoRig demoRig(const QString &stateFolder, const QString &mesh = QStringLiteral("shop"))
{
    auto observer = DemoObserver::create(mesh, 1, startMs());
    if (!observer)
        qFatal("demo observer: %s", qPrintable(observer.error()));
    DemoRig rig;
    rig.observer = std::move(observer.value());
    rig.executor = std::make_shared<DemoExecutor>(rig.observer->source(), mesh, stateFolder,
                                                  rig.observer->clock());
    return rig;
}

// An experiment on shop with short phases; `extra` is appended (more conditions, guardrails).
inline QByteArray experimentYaml(const QString &target, const QByteArray &conditions,
                                 const QByteArray &extra = {})
{
    return QByteArray("kind: Experiment\nid: test\nhypothesis: the test's claim\ntarget: ") +
           target.toUtf8() +
           "\nscenario: seed-latency\nphases: {baseline: 30s, inject: 30s, recoverWithin: 2m}\n"
           "refresh: 5s\nsteadyState:\n" +
           conditions + extra;
}

inline Experiment parse(const QByteArray &yaml)
{
    auto e = ExperimentParser::parse(yaml, QStringLiteral("test.yaml"));
    if (!e)
        qFatal("experiment: %s", qPrintable(e.error()));
    return *e;
}

} // namespace meshscope::chaos::fixtures
