#pragma once

// The chaos panel's hypothesis: what the user expects to hold while the fault acts (written
// before anything runs), the steady-state conditions that decide it, and the abort guardrail.
// Conditions are worded as the experiment file words them ("score of shop/frontend >= 80"), so
// the report reads the same whether a run started from the panel or from a file. Besides the
// per-service conditions: a PromQL expression compared with a bound, and a synthetic probe
// (HTTP GET or TCP connect to an address the user gives, every N seconds, its success rate).

#include "chaos/experiment/experimenttypes.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace meshscope::widgets {

class HypothesisEditor : public QWidget
{
    Q_OBJECT
public:
    explicit HypothesisEditor(QWidget *parent = nullptr);

    // The services the condition and guardrail pickers offer ("namespace/name"); `watched` is
    // preselected where nothing is chosen yet (the mesh's entry service).
    void setServices(const QStringList &services, const QString &watched);

    QString hypothesis() const;
    void setHypothesis(const QString &text);
    const std::vector<chaos::SteadyStateCondition> &conditions() const { return m_conditions; }
    void addCondition(const chaos::SteadyStateCondition &condition);
    void clearConditions();
    std::vector<chaos::AbortGuardrail> guardrails() const;

    // The seed's robustness table on `service` (success >= 95 %, mean score drift <= 0.05, p95
    // before/after) plus a score floor, with a hypothesis sentence about `faultText`.
    void applyRobustnessPreset(const QString &service, const QString &faultText);

    // "score of shop/frontend >= 80" — ExperimentParser's wording.
    static chaos::SteadyStateCondition makeCondition(chaos::SteadyStateCondition::Kind kind,
                                                     const QString &service, double threshold);
    // "sum(up) >= 1" and "probe http://shop:8080/ succeeds >= 95 %", as the parser words them.
    static chaos::SteadyStateCondition
    makeQueryCondition(const QString &query, chaos::SteadyStateCondition::Comparison comparison,
                       double threshold);
    static chaos::SteadyStateCondition makeProbeCondition(const QString &url, qint64 everyMs,
                                                          double threshold);

Q_SIGNALS:
    void changed();

private:
    void addFromPickers();
    void showPickersFor(chaos::SteadyStateCondition::Kind kind);
    void removeSelected();

    std::vector<chaos::SteadyStateCondition> m_conditions;
    QPlainTextEdit *m_hypothesis = nullptr;
    QListWidget *m_list = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_service = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QLineEdit *m_expression = nullptr; // the PromQL expression or the probe's address
    QComboBox *m_comparison = nullptr; // PromQL: >= or <=
    QComboBox *m_probeType = nullptr;  // HTTP GET or TCP connect
    QSpinBox *m_every = nullptr;       // probe interval, seconds
    QCheckBox *m_abort = nullptr;
    QComboBox *m_abortService = nullptr;
    QDoubleSpinBox *m_abortBelow = nullptr;
    QSpinBox *m_abortRefreshes = nullptr;
};

} // namespace meshscope::widgets
