#pragma once

// The words of a health verdict, in one place: the reason a model gave (a code and its figures,
// core::VerdictReason), the band and the factor names. Every tooltip, panel and export that
// shows a verdict words it here, through tr(), so that a translation or a change of phrasing
// reaches all of them at once.

#include "core/health/healthtypes.h"

#include <QCoreApplication>
#include <QString>

namespace meshscope::widgets {

class ReasonFormat
{
    Q_DECLARE_TR_FUNCTIONS(ReasonFormat)
public:
    // One line: "5xx 12.0 % ≥ failing tolerance 10 %", with the call that drove a node's
    // verdict ("…, on calls to cartservice"). Empty for ReasonCode::None.
    static QString text(const core::VerdictReason &reason);
    // The same without the call.
    static QString sentence(const core::VerdictReason &reason);
    static QString band(core::HealthBand band);       // "Healthy", "Degraded", …
    static QString factor(core::HealthFactor factor); // "connectivity", …
    static QString errorClass(core::ErrorClass code); // "5xx", "gRPC errors", …
};

} // namespace meshscope::widgets
