#include "core/alerts/alertsnapshot.h"

#include <QJsonObject>

namespace meshscope::core {

bool AlertSnapshot::isFiring(const Alert &alert)
{
    return alert.state == Alert::State::Active && !alert.silenced() && !alert.inhibited();
}

std::vector<Alert> AlertSnapshot::alertsOf(const NodeId &node) const
{
    std::vector<Alert> out;
    const auto it = byNode.constFind(node);
    if (it == byNode.cend())
        return out;
    out.reserve(it->size());
    for (int i : *it)
        out.push_back(alerts[size_t(i)]);
    return out;
}

int AlertSnapshot::firingCount() const
{
    int n = 0;
    for (const Alert &a : alerts)
        n += isFiring(a);
    return n;
}

int AlertSnapshot::firingCountOf(const NodeId &node) const
{
    int n = 0;
    for (int i : byNode.value(node))
        n += isFiring(alerts[size_t(i)]);
    return n;
}

int AlertSnapshot::mutedCountOf(const NodeId &node) const
{
    return int(byNode.value(node).size()) - firingCountOf(node);
}

QJsonArray AlertSnapshot::toJson(const NodeId &node) const
{
    QJsonArray out;
    for (int i : byNode.value(node)) {
        const Alert &a = alerts[size_t(i)];
        QJsonObject labels;
        for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
            labels.insert(it.key(), it.value());
        QString state = toString(a.state);
        if (a.silenced())
            state = QStringLiteral("silenced");
        else if (a.inhibited())
            state = QStringLiteral("inhibited");
        out.append(QJsonObject{
            {QStringLiteral("name"), a.name},
            {QStringLiteral("severity"), a.severity},
            {QStringLiteral("state"), state},
            {QStringLiteral("firing"), isFiring(a)},
            {QStringLiteral("summary"), a.summary},
            {QStringLiteral("startsAt"), a.startsAt.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("labels"), labels},
        });
    }
    return out;
}

} // namespace meshscope::core
