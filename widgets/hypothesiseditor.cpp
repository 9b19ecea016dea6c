#include "widgets/hypothesiseditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace meshscope::widgets {

using Kind = chaos::SteadyStateCondition::Kind;

namespace {

QComboBox *serviceCombo(QWidget *parent, const QString &name)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(name);
    combo->setEditable(true); // a service the graph does not show yet can be typed
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(9); // the popup shows whole names
    return combo;
}

void fillServices(QComboBox *combo, const QStringList &services, const QString &watched)
{
    const QString current = combo->currentText();
    combo->clear();
    combo->addItems(services);
    combo->setCurrentText(current.isEmpty() ? watched : current);
}

} // namespace

HypothesisEditor::HypothesisEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Hypothesis (written before the fault is injected):"), this));
    m_hypothesis = new QPlainTextEdit(this);
    m_hypothesis->setObjectName(QStringLiteral("hypothesisEdit"));
    m_hypothesis->setPlaceholderText(
        tr("While productcatalogservice answers 800 ms slower, the frontend keeps a score of at "
           "least 80 and recovers within 2 minutes."));
    m_hypothesis->setTabChangesFocus(true);
    m_hypothesis->setMaximumHeight(m_hypothesis->fontMetrics().lineSpacing() * 5);
    connect(m_hypothesis, &QPlainTextEdit::textChanged, this, &HypothesisEditor::changed);
    layout->addWidget(m_hypothesis);

    auto *steady = new QGroupBox(tr("Steady state (all must hold)"), this);
    auto *steadyLayout = new QVBoxLayout(steady);
    m_list = new QListWidget(steady);
    m_list->setObjectName(QStringLiteral("conditionsList"));
    steadyLayout->addWidget(m_list);
    auto *pickers = new QHBoxLayout;
    m_kind = new QComboBox(steady);
    m_kind->setObjectName(QStringLiteral("conditionKindCombo"));
    m_kind->addItem(tr("score ≥"), int(Kind::Score));
    m_kind->addItem(tr("error ratio % ≤"), int(Kind::ErrorRatio));
    m_kind->addItem(tr("p95 ms ≤"), int(Kind::P95));
    m_kind->addItem(tr("PromQL"), int(Kind::PromQL));
    m_kind->addItem(tr("probe success % ≥"), int(Kind::Probe));
    m_kind->addItem(tr("robustness of"), int(Kind::Robustness));
    m_service = serviceCombo(steady, QStringLiteral("conditionServiceCombo"));
    m_threshold = new QDoubleSpinBox(steady);
    m_threshold->setObjectName(QStringLiteral("conditionThresholdSpin"));
    m_threshold->setRange(0, 100000);
    m_threshold->setValue(80);
    m_threshold->setDecimals(3);
    // PromQL and probes: what to ask instead of a service.
    m_expression = new QLineEdit(steady);
    m_expression->setObjectName(QStringLiteral("conditionExpressionEdit"));
    m_comparison = new QComboBox(steady);
    m_comparison->setObjectName(QStringLiteral("conditionComparisonCombo"));
    m_comparison->addItem(QStringLiteral("≥"),
                          int(chaos::SteadyStateCondition::Comparison::AtLeast));
    m_comparison->addItem(QStringLiteral("≤"),
                          int(chaos::SteadyStateCondition::Comparison::AtMost));
    m_probeType = new QComboBox(steady);
    m_probeType->setObjectName(QStringLiteral("probeTypeCombo"));
    m_probeType->addItem(tr("HTTP GET"), QStringLiteral("http://"));
    m_probeType->addItem(tr("TCP connect"), QStringLiteral("tcp://"));
    m_every = new QSpinBox(steady);
    m_every->setObjectName(QStringLiteral("probeEverySpin"));
    m_every->setRange(1, 3600);
    m_every->setValue(5);
    m_every->setPrefix(tr("every "));
    m_every->setSuffix(tr(" s"));
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const Kind k = Kind(m_kind->currentData().toInt());
        m_threshold->setValue(k == Kind::Score        ? 80
                              : k == Kind::ErrorRatio ? 1
                              : k == Kind::PromQL     ? 1
                              : k == Kind::Probe      ? 95
                                                      : 300);
        showPickersFor(k);
    });
    connect(m_probeType, &QComboBox::currentIndexChanged, this,
            [this] { showPickersFor(Kind(m_kind->currentData().toInt())); });
    auto *add = new QPushButton(tr("Add"), steady);
    add->setObjectName(QStringLiteral("addConditionButton"));
    connect(add, &QPushButton::clicked, this, &HypothesisEditor::addFromPickers);
    auto *remove = new QPushButton(tr("Remove"), steady);
    connect(remove, &QPushButton::clicked, this, &HypothesisEditor::removeSelected);
    // Two rows (what, then the bound and the buttons) so that the dock fits in ~340 px.
    pickers->addWidget(m_kind);
    pickers->addWidget(m_probeType);
    pickers->addWidget(m_service, 1);
    pickers->addWidget(m_expression, 1);
    steadyLayout->addLayout(pickers);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_comparison);
    buttons->addWidget(m_threshold);
    buttons->addWidget(m_every);
    buttons->addStretch(1);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    steadyLayout->addLayout(buttons);
    showPickersFor(Kind::Score);
    auto *preset = new QPushButton(tr("Seed Robustness Template"), steady);
    preset->setObjectName(QStringLiteral("robustnessPresetButton"));
    preset->setToolTip(tr("Success ≥ 95 %, mean score drift ≤ 0.05, p95 before/after, and a "
                          "score of at least 80 on the chosen service"));
    connect(preset, &QPushButton::clicked, this,
            [this] { applyRobustnessPreset(m_service->currentText(), {}); });
    steadyLayout->addWidget(preset, 0, Qt::AlignLeft);
    layout->addWidget(steady, 1);

    auto *guard = new QGroupBox(tr("Abort guardrail"), this);
    auto *form = new QFormLayout(guard);
    m_abort = new QCheckBox(tr("Pause and delete the fault when"), guard);
    m_abort->setObjectName(QStringLiteral("abortCheck"));
    m_abort->setChecked(true);
    form->addRow(m_abort);
    m_abortService = serviceCombo(guard, QStringLiteral("abortServiceCombo"));
    form->addRow(tr("the score of"), m_abortService);
    m_abortBelow = new QDoubleSpinBox(guard);
    m_abortBelow->setObjectName(QStringLiteral("abortBelowSpin"));
    m_abortBelow->setRange(0, 100);
    m_abortBelow->setValue(30);
    form->addRow(tr("stays below"), m_abortBelow);
    m_abortRefreshes = new QSpinBox(guard);
    m_abortRefreshes->setObjectName(QStringLiteral("abortRefreshesSpin"));
    m_abortRefreshes->setRange(1, 100);
    m_abortRefreshes->setValue(3);
    m_abortRefreshes->setSuffix(tr(" refreshes in a row"));
    form->addRow(tr("for"), m_abortRefreshes);
    layout->addWidget(guard);
}

void HypothesisEditor::setServices(const QStringList &services, const QString &watched)
{
    fillServices(m_service, services, watched);
    fillServices(m_abortService, services, watched);
}

QString HypothesisEditor::hypothesis() const
{
    return m_hypothesis->toPlainText().trimmed();
}

void HypothesisEditor::setHypothesis(const QString &text)
{
    m_hypothesis->setPlainText(text);
}

chaos::SteadyStateCondition HypothesisEditor::makeCondition(Kind kind, const QString &service,
                                                            double threshold)
{
    chaos::SteadyStateCondition c;
    c.kind = kind;
    c.service = service;
    c.threshold = threshold;
    c.comparison = kind == Kind::Score || kind == Kind::Robustness
                       ? chaos::SteadyStateCondition::Comparison::AtLeast
                       : chaos::SteadyStateCondition::Comparison::AtMost;
    switch (kind) {
    case Kind::Score:
        c.text = QStringLiteral("score of %1 >= %2").arg(service).arg(threshold);
        break;
    case Kind::ErrorRatio:
        c.text = QStringLiteral("error ratio of %1 <= %2 %").arg(service).arg(threshold);
        break;
    case Kind::P95:
        c.text = QStringLiteral("p95 of %1 <= %2 ms").arg(service).arg(threshold);
        break;
    case Kind::Robustness:
        c.threshold = 95.0; // the template's success floor, as ExperimentParser sets it
        c.text = QStringLiteral("robustness of %1 (success >= 95 %, drift <= 0.05)").arg(service);
        break;
    case Kind::PromQL:
    case Kind::Probe:
        break; // makeQueryCondition, makeProbeCondition
    }
    return c;
}

chaos::SteadyStateCondition HypothesisEditor::makeQueryCondition(
    const QString &query, chaos::SteadyStateCondition::Comparison comparison, double threshold)
{
    chaos::SteadyStateCondition c;
    c.kind = Kind::PromQL;
    c.query = query.trimmed();
    c.comparison = comparison;
    c.threshold = threshold;
    c.text = QStringLiteral("%1 %2 %3")
                 .arg(c.query, comparison == chaos::SteadyStateCondition::Comparison::AtMost
                                   ? QStringLiteral("<=")
                                   : QStringLiteral(">="))
                 .arg(threshold);
    return c;
}

chaos::SteadyStateCondition HypothesisEditor::makeProbeCondition(const QString &url, qint64 everyMs,
                                                                 double threshold)
{
    chaos::SteadyStateCondition c;
    c.kind = Kind::Probe;
    c.url = url.trimmed();
    c.everyMs = everyMs;
    c.threshold = threshold;
    c.text = QStringLiteral("probe %1 succeeds >= %2 %").arg(c.url).arg(threshold);
    return c;
}

void HypothesisEditor::showPickersFor(Kind kind)
{
    const bool query = kind == Kind::PromQL;
    const bool probe = kind == Kind::Probe;
    m_service->setVisible(!query && !probe);
    m_expression->setVisible(query || probe);
    m_comparison->setVisible(query);
    m_probeType->setVisible(probe);
    m_every->setVisible(probe);
    m_threshold->setEnabled(kind != Kind::Robustness);
    const bool http = m_probeType->currentIndex() == 0;
    m_expression->setPlaceholderText(query  ? tr("PromQL, e.g. sum(rate(istio_requests_total[1m]))")
                                     : http ? tr("URL, e.g. http://frontend.shop:8080/healthz")
                                            : tr("host:port, e.g. cartservice.shop:7070"));
}

void HypothesisEditor::addCondition(const chaos::SteadyStateCondition &condition)
{
    m_conditions.push_back(condition);
    m_list->addItem(condition.text);
    Q_EMIT changed();
}

void HypothesisEditor::clearConditions()
{
    m_conditions.clear();
    m_list->clear();
    Q_EMIT changed();
}

void HypothesisEditor::addFromPickers()
{
    const Kind kind = Kind(m_kind->currentData().toInt());
    const QString expression = m_expression->text().trimmed();
    if (kind == Kind::PromQL || kind == Kind::Probe) {
        if (expression.isEmpty())
            return;
        if (kind == Kind::PromQL) {
            addCondition(makeQueryCondition(
                expression,
                chaos::SteadyStateCondition::Comparison(m_comparison->currentData().toInt()),
                m_threshold->value()));
            return;
        }
        // The scheme says how to probe: a typed one wins over the picker.
        const QString scheme = m_probeType->currentData().toString();
        const bool hasScheme = expression.startsWith(QLatin1String("http://")) ||
                               expression.startsWith(QLatin1String("tcp://"));
        addCondition(makeProbeCondition(hasScheme ? expression : scheme + expression,
                                        qint64(m_every->value()) * 1000, m_threshold->value()));
        return;
    }
    const QString service = m_service->currentText().trimmed();
    if (service.isEmpty())
        return;
    addCondition(makeCondition(kind, service, m_threshold->value()));
}

void HypothesisEditor::removeSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= int(m_conditions.size()))
        return;
    m_conditions.erase(m_conditions.begin() + row);
    delete m_list->takeItem(row);
    Q_EMIT changed();
}

std::vector<chaos::AbortGuardrail> HypothesisEditor::guardrails() const
{
    const QString service = m_abortService->currentText().trimmed();
    if (!m_abort->isChecked() || service.isEmpty())
        return {};
    return {chaos::AbortGuardrail{service, m_abortBelow->value(), m_abortRefreshes->value()}};
}

void HypothesisEditor::applyRobustnessPreset(const QString &service, const QString &faultText)
{
    if (service.trimmed().isEmpty())
        return;
    clearConditions();
    addCondition(makeCondition(Kind::Robustness, service, 0));
    addCondition(makeCondition(Kind::Score, service, 80));
    if (hypothesis().isEmpty()) {
        const QString fault = faultText.isEmpty() ? tr("the fault acts") : faultText;
        setHypothesis(tr("While %1, %2 keeps a success rate of at least 95 %, its score drifts "
                         "by no more than 0.05 on average and stays at or above 80.")
                          .arg(fault, service));
    }
}

} // namespace meshscope::widgets
