#pragma once

// A Kubernetes `Status` error body (reason, message, details.causes[]) read from a failed
// response, worded for the user: "422 Invalid: NetworkChaos.chaos-mesh.org "x" is invalid: …;
// spec.action: Unsupported value: "delayy"". A body that is not a Status (a proxy's HTML page)
// is shown as an excerpt.

#include <QByteArray>
#include <QString>

#include <vector>

namespace meshscope::chaos {

struct KubeStatusCause
{
    QString field;
    QString reason;
    QString message;
};

struct KubeStatus
{
    int code = 0;
    QString reason; // "AlreadyExists", "Invalid", "Forbidden"…
    QString message;
    std::vector<KubeStatusCause> causes;

    // From an HTTP status and its body; reason and message stay empty when the body is not a
    // Status object.
    static KubeStatus fromResponse(int httpStatus, const QByteArray &body);
    QString text() const;
};

} // namespace meshscope::chaos
