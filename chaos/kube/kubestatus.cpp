#include "chaos/kube/kubestatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace meshscope::chaos {

KubeStatus KubeStatus::fromResponse(int httpStatus, const QByteArray &body)
{
    KubeStatus s;
    s.code = httpStatus;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.value(QLatin1String("kind")).toString() != QLatin1String("Status")) {
        QString excerpt = QString::fromUtf8(body.left(800));
        static const QRegularExpression space(QStringLiteral("\\s+"));
        excerpt = excerpt.replace(space, QStringLiteral(" ")).trimmed();
        s.message = excerpt.left(200);
        return s;
    }
    if (o.contains(QLatin1String("code")))
        s.code = o.value(QLatin1String("code")).toInt(httpStatus);
    s.reason = o.value(QLatin1String("reason")).toString();
    s.message = o.value(QLatin1String("message")).toString();
    const QJsonArray causes =
        o.value(QLatin1String("details")).toObject().value(QLatin1String("causes")).toArray();
    for (const QJsonValue &c : causes) {
        const QJsonObject co = c.toObject();
        s.causes.push_back({co.value(QLatin1String("field")).toString(),
                            co.value(QLatin1String("reason")).toString(),
                            co.value(QLatin1String("message")).toString()});
    }
    return s;
}

QString KubeStatus::text() const
{
    QString t = QString::number(code);
    if (!reason.isEmpty())
        t += QLatin1Char(' ') + reason;
    if (!message.isEmpty())
        t += QStringLiteral(": ") + message;
    // The message of an Invalid already lists the causes in one line; the list below is what
    // a user scans for the field, so it is kept even when it repeats.
    for (const KubeStatusCause &c : causes) {
        t += QStringLiteral("\n  - ");
        if (!c.field.isEmpty())
            t += c.field + QStringLiteral(": ");
        t += c.message.isEmpty() ? c.reason : c.message;
    }
    return t;
}

} // namespace meshscope::chaos
