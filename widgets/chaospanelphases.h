#pragma once

// The chaos panel's timing of a guided run, beside the fault's own duration (the inject phase):
// how long the steady state is measured first (baseline), how long the scores have after the
// fault is removed to come back (recover within, the T of "back within tolerance of the baseline
// within T"), that tolerance in score points, and the refresh the run judges at. Defaults are
// the experiment file's.

#include "chaos/experiment/experimenttypes.h"

#include <QWidget>

class QDoubleSpinBox;
class QSpinBox;

namespace meshscope::widgets {

class ChaosPanelPhases : public QWidget
{
    Q_OBJECT
public:
    explicit ChaosPanelPhases(QWidget *parent = nullptr);

    // Writes baseline, recover within, tolerance and refresh into `experiment`.
    void apply(chaos::Experiment &experiment) const;
    void set(const chaos::Experiment &experiment);

Q_SIGNALS:
    void changed();

private:
    QSpinBox *m_baseline = nullptr; // seconds
    QSpinBox *m_recoverWithin = nullptr;
    QDoubleSpinBox *m_tolerance = nullptr; // score points
    QSpinBox *m_refresh = nullptr;
};

} // namespace meshscope::widgets
