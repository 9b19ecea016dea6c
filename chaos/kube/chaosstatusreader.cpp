#include "chaos/kube/chaosstatusreader.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

bool conditionTrue(const QJsonArray &conditions, QLatin1String type)
{
    for (const QJsonValue &c : conditions)
        if (c[QLatin1String("type")].toString() == type)
            return c[QLatin1String("status")].toString() == QLatin1String("True");
    return false;
}

} // namespace

InjectionStatus ChaosStatusReader::read(const QJsonObject &cr)
{
    InjectionStatus s;
    s.observedAt = QDateTime::currentDateTimeUtc();
    const QJsonObject meta = cr.value(QLatin1String("metadata")).toObject();
    const QJsonObject status = cr.value(QLatin1String("status")).toObject();
    const QJsonArray conditions = status.value(QLatin1String("conditions")).toArray();
    const QJsonObject experiment = status.value(QLatin1String("experiment")).toObject();
    const QJsonArray records = experiment.value(QLatin1String("containerRecords")).toArray();

    bool everInjected = false;
    QString failure;
    for (const QJsonValue &r : records) {
        // "<ns>/<pod>" or "<ns>/<pod>/<container>": the target is the pod.
        const QStringList parts = r[QLatin1String("id")].toString().split(QLatin1Char('/'));
        const QString pod = parts.mid(0, 2).join(QLatin1Char('/'));
        if (!pod.isEmpty() && !s.targets.contains(pod))
            s.targets << pod;
        everInjected = everInjected || r[QLatin1String("injectedCount")].toInt() > 0 ||
                       r[QLatin1String("phase")].toString() == QLatin1String("Injected");
        const QJsonArray events = r[QLatin1String("events")].toArray();
        if (!events.isEmpty()) {
            const QJsonObject last = events.last().toObject();
            if (last.value(QLatin1String("type")).toString() == QLatin1String("Failed"))
                failure = QStringLiteral("%1 on %2 failed: %3")
                              .arg(last.value(QLatin1String("operation")).toString(), pod,
                                   last.value(QLatin1String("message")).toString());
        }
    }
    for (const QJsonValue &f : meta.value(QLatin1String("finalizers")).toArray())
        s.finalizers << f.toString();

    const bool stopping =
        experiment.value(QLatin1String("desiredPhase")).toString() == QLatin1String("Stop");
    if (meta.contains(QLatin1String("deletionTimestamp"))) {
        s.phase = InjectionPhase::Deleting;
        s.message =
            QStringLiteral("deleting; held by %1").arg(s.finalizers.join(QLatin1String(", ")));
    } else if (conditionTrue(conditions, QLatin1String("Paused"))) {
        s.phase = InjectionPhase::Paused;
    } else if (!failure.isEmpty()) {
        s.phase = InjectionPhase::Failed;
        s.message = failure;
    } else if (conditionTrue(conditions, QLatin1String("AllRecovered")) &&
               (stopping || everInjected) && !records.isEmpty()) {
        // AllRecovered is also true before the first injection (no record injected yet).
        s.phase = InjectionPhase::Recovered;
    } else if (conditionTrue(conditions, QLatin1String("AllInjected"))) {
        s.phase = InjectionPhase::Injected;
    } else if (conditionTrue(conditions, QLatin1String("Selected"))) {
        s.phase = InjectionPhase::Selected;
    }
    return s;
}

QString ChaosStatusReader::latestEventText(const QJsonObject &eventList)
{
    QString best;
    QString bestTime;
    for (const QJsonValue &e : eventList.value(QLatin1String("items")).toArray()) {
        const QJsonObject o = e.toObject();
        // RFC 3339 UTC times compare as strings; lastTimestamp is set by the classic recorder,
        // eventTime by the events.k8s.io one, creationTimestamp always.
        QString t = o.value(QLatin1String("lastTimestamp")).toString();
        if (t.isEmpty())
            t = o.value(QLatin1String("eventTime")).toString();
        if (t.isEmpty())
            t = o.value(QLatin1String("metadata"))
                    .toObject()
                    .value(QLatin1String("creationTimestamp"))
                    .toString();
        if (best.isEmpty() || t >= bestTime) {
            bestTime = t;
            best = QStringLiteral("%1: %2").arg(o.value(QLatin1String("reason")).toString(),
                                                o.value(QLatin1String("message")).toString());
        }
    }
    return best;
}

} // namespace meshscope::chaos
