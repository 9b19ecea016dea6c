#pragma once

// The chaos panel's fault form: the kind, its parameters (only the rows the kind uses are
// shown), which of the target's pods are hit, the duration (mandatory; the manifest policy caps
// it) and an optional schedule. The target itself comes from the graph and is only shown here.
//
// setScenario() fills the form without emitting; every user change emits scenarioEdited(), and
// scenario() reads the form back over the scenario it was given (id, name, target and peer are
// kept from there).

#include "chaos/scenario/scenariotypes.h"

#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace meshscope::widgets {

class ScenarioForm : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioForm(QWidget *parent = nullptr);

    void setScenario(const chaos::Scenario &scenario);
    chaos::Scenario scenario() const;
    // Aims the form at another target; the fields (mode and value included) stay as they are.
    void setTarget(const chaos::TargetSelector &target,
                   const std::optional<chaos::TargetSelector> &peer);
    // The service or call the fault acts on, in words ("shop/productcatalogservice", "a → b").
    static QString targetText(const chaos::Scenario &scenario);

Q_SIGNALS:
    void scenarioEdited();

private:
    QLineEdit *addText(const QString &name, const QString &label, const QString &placeholder);
    QSpinBox *addSpin(const QString &name, const QString &label, int min, int max);
    void addRowRule(QWidget *field, std::function<bool(chaos::FaultKind)> shown);
    void showRowsFor(chaos::FaultKind kind);
    void edited();

    chaos::Scenario m_base;
    bool m_filling = false; // setScenario() is writing the fields: no scenarioEdited
    QFormLayout *m_layout = nullptr;
    std::vector<std::pair<QWidget *, std::function<bool(chaos::FaultKind)>>> m_rules;
    QLabel *m_target = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_direction = nullptr;
    QLineEdit *m_latency = nullptr;
    QLineEdit *m_jitter = nullptr;
    QLineEdit *m_correlation = nullptr;
    QLineEdit *m_loss = nullptr;
    QLineEdit *m_rate = nullptr;
    QSpinBox *m_limit = nullptr;
    QSpinBox *m_buffer = nullptr;
    QSpinBox *m_gracePeriod = nullptr;
    QLineEdit *m_containers = nullptr;
    QLineEdit *m_patterns = nullptr;
    QComboBox *m_httpTarget = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QLineEdit *m_method = nullptr;
    QLineEdit *m_httpDelay = nullptr;
    QSpinBox *m_workers = nullptr;
    QSpinBox *m_load = nullptr;
    QLineEdit *m_memorySize = nullptr;
    QComboBox *m_mode = nullptr;
    QLineEdit *m_value = nullptr;
    QLineEdit *m_duration = nullptr;
    QLineEdit *m_schedule = nullptr;
};

} // namespace meshscope::widgets
