#include "widgets/scenarioform.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace meshscope::widgets {

using chaos::FaultKind;

namespace {

bool isNetwork(FaultKind k)
{
    return chaos::chaosKind(k) == QLatin1String("NetworkChaos");
}
bool isHttp(FaultKind k)
{
    return k == FaultKind::HttpAbort || k == FaultKind::HttpDelay;
}
bool isDns(FaultKind k)
{
    return k == FaultKind::DnsError || k == FaultKind::DnsRandom;
}
bool isStress(FaultKind k)
{
    return k == FaultKind::StressCpu || k == FaultKind::StressMemory;
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

QString selectorText(const chaos::TargetSelector &t)
{
    if (t.isEmpty())
        return {};
    const QString name = t.displayName.isEmpty()
                             ? t.labels.value(t.labels.isEmpty() ? QString() : t.labels.firstKey())
                             : t.displayName;
    return t.ns + QLatin1Char('/') + name;
}

} // namespace

ScenarioForm::ScenarioForm(QWidget *parent) : QWidget(parent)
{
    m_layout = new QFormLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_target = new QLabel(this);
    m_target->setObjectName(QStringLiteral("targetLabel"));
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_target->setWordWrap(true);
    m_layout->addRow(tr("Target"), m_target);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    for (const QString &name : chaos::allFaultKindNames())
        m_kind->addItem(name, name);
    m_layout->addRow(tr("Fault"), m_kind);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showRowsFor(*chaos::faultKindFromString(m_kind->currentData().toString()));
        edited();
    });

    m_latency = addText(QStringLiteral("latencyEdit"), tr("Latency"), QStringLiteral("800ms"));
    addRowRule(m_latency, [](FaultKind k) { return k == FaultKind::NetworkDelay; });
    m_jitter = addText(QStringLiteral("jitterEdit"), tr("Jitter"), QStringLiteral("150ms"));
    addRowRule(m_jitter, [](FaultKind k) { return k == FaultKind::NetworkDelay; });
    m_loss = addText(QStringLiteral("lossEdit"), tr("Loss %"), QStringLiteral("25"));
    addRowRule(m_loss, [](FaultKind k) { return k == FaultKind::NetworkLoss; });
    m_correlation =
        addText(QStringLiteral("correlationEdit"), tr("Correlation %"), QStringLiteral("100"));
    addRowRule(m_correlation, [](FaultKind k) {
        return k == FaultKind::NetworkDelay || k == FaultKind::NetworkLoss;
    });
    m_rate = addText(QStringLiteral("rateEdit"), tr("Bandwidth"), QStringLiteral("1mbps"));
    addRowRule(m_rate, [](FaultKind k) { return k == FaultKind::NetworkBandwidth; });
    m_limit = addSpin(QStringLiteral("limitSpin"), tr("Queue limit (bytes)"), 1, 1 << 30);
    addRowRule(m_limit, [](FaultKind k) { return k == FaultKind::NetworkBandwidth; });
    m_buffer = addSpin(QStringLiteral("bufferSpin"), tr("Buffer (bytes)"), 1, 1 << 30);
    addRowRule(m_buffer, [](FaultKind k) { return k == FaultKind::NetworkBandwidth; });
    m_direction = new QComboBox(this);
    m_direction->setObjectName(QStringLiteral("directionCombo"));
    for (auto d : {chaos::NetworkDirection::To, chaos::NetworkDirection::From,
                   chaos::NetworkDirection::Both})
        m_direction->addItem(chaos::directionName(d), int(d));
    m_layout->addRow(tr("Direction"), m_direction);
    addRowRule(m_direction, isNetwork);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &ScenarioForm::edited);

    m_gracePeriod = addSpin(QStringLiteral("gracePeriodSpin"), tr("Grace period (s)"), 0, 3600);
    addRowRule(m_gracePeriod, [](FaultKind k) { return k == FaultKind::PodKill; });
    m_containers = addText(QStringLiteral("containersEdit"), tr("Containers"),
                           tr("istio-proxy, server (comma-separated)"));
    addRowRule(m_containers, [](FaultKind k) { return k == FaultKind::ContainerKill || isDns(k); });
    m_patterns = addText(QStringLiteral("patternsEdit"), tr("DNS names"),
                         tr("*.example.com, google.com (empty: every name)"));
    addRowRule(m_patterns, isDns);
    m_httpTarget = new QComboBox(this);
    m_httpTarget->setObjectName(QStringLiteral("httpTargetCombo"));
    m_httpTarget->addItems({QStringLiteral("Request"), QStringLiteral("Response")});
    m_layout->addRow(tr("HTTP phase"), m_httpTarget);
    addRowRule(m_httpTarget, isHttp);
    connect(m_httpTarget, &QComboBox::currentIndexChanged, this, &ScenarioForm::edited);
    m_port = addSpin(QStringLiteral("portSpin"), tr("Port"), 1, 65535);
    addRowRule(m_port, isHttp);
    m_path = addText(QStringLiteral("pathEdit"), tr("Path"), QStringLiteral("*"));
    addRowRule(m_path, isHttp);
    m_method = addText(QStringLiteral("methodEdit"), tr("Method"), tr("GET (empty: any)"));
    addRowRule(m_method, isHttp);
    m_httpDelay =
        addText(QStringLiteral("httpDelayEdit"), tr("HTTP delay"), QStringLiteral("500ms"));
    addRowRule(m_httpDelay, [](FaultKind k) { return k == FaultKind::HttpDelay; });
    m_workers = addSpin(QStringLiteral("workersSpin"), tr("Workers"), 1, 64);
    addRowRule(m_workers, isStress);
    m_load = addSpin(QStringLiteral("loadSpin"), tr("CPU load % per worker"), 1, 100);
    addRowRule(m_load, [](FaultKind k) { return k == FaultKind::StressCpu; });
    m_memorySize = addText(QStringLiteral("memorySizeEdit"), tr("Memory"), QStringLiteral("256MB"));
    addRowRule(m_memorySize, [](FaultKind k) { return k == FaultKind::StressMemory; });

    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    for (auto m : {chaos::SelectorMode::All, chaos::SelectorMode::One, chaos::SelectorMode::Fixed,
                   chaos::SelectorMode::FixedPercent, chaos::SelectorMode::RandomMaxPercent})
        m_mode->addItem(chaos::selectorModeName(m), int(m));
    m_layout->addRow(tr("Pods hit"), m_mode);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ScenarioForm::edited);
    m_value = addText(QStringLiteral("valueEdit"), tr("Count or %"), QStringLiteral("15"));
    // Only the counted modes read a value (fixed N, fixed-percent N, random-max-percent N).
    const auto valueNeeded = [this] {
        const auto mode = chaos::SelectorMode(m_mode->currentData().toInt());
        m_value->setEnabled(mode != chaos::SelectorMode::All && mode != chaos::SelectorMode::One);
    };
    connect(m_mode, &QComboBox::currentIndexChanged, this, valueNeeded);
    m_duration = addText(QStringLiteral("durationEdit"), tr("Duration"), QStringLiteral("5m"));
    m_duration->setToolTip(tr("Mandatory on every fault; capped by the chaos setting "
                              "maxDuration (30m by default)."));
    m_schedule = addText(QStringLiteral("scheduleEdit"), tr("Schedule"),
                         tr("@every 5m or cron (empty: once)"));
    setScenario(m_base);
}

QLineEdit *ScenarioForm::addText(const QString &name, const QString &label,
                                 const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    m_layout->addRow(label, edit);
    connect(edit, &QLineEdit::textChanged, this, &ScenarioForm::edited);
    return edit;
}

QSpinBox *ScenarioForm::addSpin(const QString &name, const QString &label, int min, int max)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(name);
    spin->setRange(min, max);
    m_layout->addRow(label, spin);
    connect(spin, &QSpinBox::valueChanged, this, &ScenarioForm::edited);
    return spin;
}

void ScenarioForm::addRowRule(QWidget *field, std::function<bool(FaultKind)> shown)
{
    m_rules.emplace_back(field, std::move(shown));
}

void ScenarioForm::showRowsFor(FaultKind kind)
{
    for (const auto &[field, shown] : m_rules)
        m_layout->setRowVisible(field, shown(kind));
}

void ScenarioForm::edited()
{
    if (!m_filling)
        Q_EMIT scenarioEdited();
}

void ScenarioForm::setScenario(const chaos::Scenario &s)
{
    m_filling = true;
    m_base = s;
    const chaos::FaultParameters &p = s.parameters;
    setTarget(s.target, p.peer);
    m_kind->setCurrentIndex(m_kind->findData(chaos::faultKindName(s.kind)));
    m_direction->setCurrentIndex(m_direction->findData(int(p.direction)));
    m_latency->setText(p.latency);
    m_jitter->setText(p.jitter);
    m_correlation->setText(p.correlation);
    m_loss->setText(p.loss);
    m_rate->setText(p.rate);
    m_limit->setValue(p.limit);
    m_buffer->setValue(p.buffer);
    m_gracePeriod->setValue(p.gracePeriod);
    m_containers->setText(p.containerNames.join(QLatin1String(", ")));
    m_patterns->setText(p.patterns.join(QLatin1String(", ")));
    m_httpTarget->setCurrentText(p.httpTarget);
    m_port->setValue(p.port);
    m_path->setText(p.path);
    m_method->setText(p.method);
    m_httpDelay->setText(p.httpDelay);
    m_workers->setValue(p.workers);
    m_load->setValue(p.load);
    m_memorySize->setText(p.memorySize);
    m_mode->setCurrentIndex(m_mode->findData(int(s.target.mode)));
    m_value->setText(s.target.value);
    m_value->setEnabled(s.target.mode != chaos::SelectorMode::All &&
                        s.target.mode != chaos::SelectorMode::One);
    m_duration->setText(s.duration);
    m_schedule->setText(s.schedule);
    showRowsFor(s.kind);
    m_filling = false;
}

void ScenarioForm::setTarget(const chaos::TargetSelector &target,
                             const std::optional<chaos::TargetSelector> &peer)
{
    m_base.target = target;
    m_base.parameters.peer = peer;
    const QString text = targetText(m_base);
    m_target->setText(text.isEmpty() ? tr("none: select a service or a call in the graph") : text);
}

chaos::Scenario ScenarioForm::scenario() const
{
    chaos::Scenario s = m_base;
    chaos::FaultParameters &p = s.parameters;
    s.kind = *chaos::faultKindFromString(m_kind->currentData().toString());
    p.direction = chaos::NetworkDirection(m_direction->currentData().toInt());
    p.latency = m_latency->text().trimmed();
    p.jitter = m_jitter->text().trimmed();
    p.correlation = m_correlation->text().trimmed();
    p.loss = m_loss->text().trimmed();
    p.rate = m_rate->text().trimmed();
    p.limit = m_limit->value();
    p.buffer = m_buffer->value();
    p.gracePeriod = m_gracePeriod->value();
    p.containerNames = splitList(m_containers->text());
    p.patterns = splitList(m_patterns->text());
    p.httpTarget = m_httpTarget->currentText();
    p.port = m_port->value();
    p.path = m_path->text().trimmed();
    p.method = m_method->text().trimmed();
    p.httpDelay = m_httpDelay->text().trimmed();
    p.workers = m_workers->value();
    p.load = m_load->value();
    p.memorySize = m_memorySize->text().trimmed();
    // A call's peer only exists for network faults (TargetMapper::onCall).
    if (!isNetwork(s.kind))
        p.peer.reset();
    s.target.mode = chaos::SelectorMode(m_mode->currentData().toInt());
    s.target.value = m_value->text().trimmed();
    s.duration = m_duration->text().trimmed();
    s.schedule = m_schedule->text().trimmed();
    return s;
}

QString ScenarioForm::targetText(const chaos::Scenario &s)
{
    const QString from = selectorText(s.target);
    if (from.isEmpty() || !s.parameters.peer)
        return from;
    return QStringLiteral("%1 → %2 (%3 only)")
        .arg(from, selectorText(*s.parameters.peer), chaos::directionName(s.parameters.direction));
}

} // namespace meshscope::widgets
