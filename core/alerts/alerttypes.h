#pragma once

// Alerts as Alertmanager's API v2 (`GET /api/v2/alerts`) reports them. Plain values: safe to
// hand between threads.

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace meshscope::core {

struct Alert
{
    // Alertmanager's own words: "active" (firing, notified), "suppressed" (silenced or
    // inhibited), "unprocessed" (just received, not yet through the pipeline).
    enum class State
    {
        Active,
        Suppressed,
        Unprocessed
    };

    QString name;     // the alertname label
    QString severity; // the severity label, empty when the rule sets none
    QString summary;  // annotation summary, else description, else message
    QMap<QString, QString> labels;
    QMap<QString, QString> annotations;
    State state = State::Active;
    QStringList silencedBy;  // silence ids
    QStringList inhibitedBy; // fingerprints of the inhibiting alerts
    QDateTime startsAt;
    QString fingerprint;
    QString generatorUrl;

    bool silenced() const { return !silencedBy.isEmpty(); }
    bool inhibited() const { return !inhibitedBy.isEmpty(); }
};

QString toString(Alert::State state);

// What `GET /api/v2/alerts` is asked for. Matchers use Alertmanager's syntax
// (`severity="critical"`, `namespace=~"shop|bookinfo"`, `alertname!="Watchdog"`); all must match.
struct AlertFilter
{
    QStringList matchers;
    bool active = true;
    bool silenced = true;
    bool inhibited = true;
    bool unprocessed = true;
    QString receiver; // regex over receiver names; empty = all
};

} // namespace meshscope::core
