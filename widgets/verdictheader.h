#pragma once

// The top of the details panel: who is selected, and its verdict as everywhere else (score as
// shown in the band colour, band name, driving factor, worded reason), with how much to trust
// it (low confidence) and, for a call, its dependency strength.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"

#include <QWidget>

class QLabel;

namespace meshscope::widgets {

class VerdictHeader : public QWidget
{
    Q_OBJECT
public:
    explicit VerdictHeader(QWidget *parent = nullptr);

    void setBands(const core::HealthSettings::Bands &bands) { m_bands = bands; }
    // `verdict` null = no score for the latest refresh. `caller` names the source of a call,
    // for its dependency strength ("35 % of frontend's calls"); empty for a service.
    void show(const QString &title, const QString &subtitle, const core::HealthVerdict *verdict,
              const QString &caller = {});

private:
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_score = nullptr;
    QLabel *m_band = nullptr;
    QLabel *m_driver = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_confidence = nullptr;
    QLabel *m_strength = nullptr;
    core::HealthSettings::Bands m_bands;
    QString m_scoreStyle; // last style sheet of the score badge: restyle only on change
};

} // namespace meshscope::widgets
