#include "widgets/chaospanel.h"

#include "chaos/manifest/goduration.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/manifest/manifestreader.h"
#include "chaos/scenario/targetblastradius.h"
#include "chaos/scenario/targetmapper.h"
#include "chaos/scenario/targetsuggestionmodel.h"
#include "widgets/blastradiuslist.h"
#include "widgets/chaospanelphases.h"
#include "widgets/hypothesiseditor.h"
#include "widgets/manifesteditor.h"
#include "widgets/scenarioform.h"
#include "widgets/suggestedtargetsview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace meshscope::widgets {

namespace {

// The run id the preview's CR names carry; the runner names the real run (id + time stamp).
const QString kPreviewRunId = QStringLiteral("draft");

QString serviceKey(const core::NodeId &id)
{
    return id.ns() + QLatin1Char('/') + id.name();
}

} // namespace

ChaosPanel::ChaosPanel(chaos::ScenarioLibrary library,
                       std::shared_ptr<const chaos::CrdRegistry> registry,
                       chaos::ManifestPolicy policy, QWidget *parent)
    : QWidget(parent), m_library(std::move(library)), m_policy(policy)
{
    setObjectName(QStringLiteral("chaosPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4); // a dock's frame is margin enough
    auto *picker = new QHBoxLayout;
    picker->addWidget(new QLabel(tr("Scenario:"), this));
    m_scenarioPicker = new QComboBox(this);
    m_scenarioPicker->setObjectName(QStringLiteral("scenarioCombo"));
    picker->addWidget(m_scenarioPicker, 1);
    layout->addLayout(picker);
    m_libraryErrors = new QLabel(this);
    m_libraryErrors->setObjectName(QStringLiteral("libraryErrors"));
    m_libraryErrors->setWordWrap(true);
    layout->addWidget(m_libraryErrors);

    m_editor = new ManifestEditor(
        chaos::ManifestImporter(chaos::ManifestValidator(std::move(registry)), policy), this);
    m_hypothesis = new HypothesisEditor(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("chaosTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(makeFaultTab(), tr("Fault"));
    m_tabs->addTab(m_editor, tr("Manifest"));
    m_tabs->addTab(m_hypothesis, tr("Hypothesis"));
    m_tabs->addTab(makeSuggestionsTab(), tr("Suggested Targets"));
    layout->addWidget(m_tabs, 1);

    // The state above the buttons: side by side they made the dock ~360 px at the least.
    m_runState = new QLabel(this);
    m_runState->setObjectName(QStringLiteral("runState"));
    m_runState->setWordWrap(true);
    layout->addWidget(m_runState);
    auto *runRow = new QHBoxLayout;
    runRow->addStretch(1);
    m_run = new QPushButton(tr("Run Experiment"), this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setDefault(true);
    m_save = new QPushButton(tr("Save as File…"), this);
    m_save->setObjectName(QStringLiteral("saveExperimentButton"));
    m_save->setToolTip(tr("The experiment as a file for 'meshscope experiment run'"));
    runRow->addWidget(m_save);
    runRow->addWidget(m_run);
    layout->addLayout(runRow);

    connect(m_scenarioPicker, &QComboBox::activated, this,
            [this] { selectScenario(m_scenarioPicker->currentData().toString()); });
    connect(m_form, &ScenarioForm::scenarioEdited, this, &ChaosPanel::regenerate);
    connect(m_editor, &ManifestEditor::manifestEdited, this, &ChaosPanel::onManifestEdited);
    connect(m_editor, &ManifestEditor::validityChanged, this, &ChaosPanel::updateRunState);
    connect(m_hypothesis, &HypothesisEditor::changed, this, &ChaosPanel::updateRunState);
    connect(m_suggestionsView, &SuggestedTargetsView::targetChosen, this,
            [this](const core::NodeId &node) {
                setTargetNode(node);
                Q_EMIT targetActivated(node);
            });
    connect(m_phases, &ChaosPanelPhases::changed, this, &ChaosPanel::updateRunState);
    connect(m_run, &QPushButton::clicked, this, &ChaosPanel::requestRun);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (runBlockedReason().isEmpty())
            Q_EMIT saveRequested(experiment());
    });
    fillLibrary();
    // The seed's latency fault is the one a first experiment usually starts from.
    if (!selectScenario(QStringLiteral("seed-latency")) && !m_library.scenarios().empty())
        selectScenario(m_library.scenarios().front().id);
    regenerate();
}

ChaosPanel::~ChaosPanel() = default;

QString ChaosPanel::userScenarioFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QLatin1String("/scenarios");
}

void ChaosPanel::fillLibrary()
{
    m_scenarioPicker->clear();
    for (const chaos::Scenario &s : m_library.scenarios())
        m_scenarioPicker->addItem(s.name, s.id);
    const QStringList &errors = m_library.errors();
    m_libraryErrors->setVisible(!errors.isEmpty());
    m_libraryErrors->setText(tr("Scenarios not loaded: %1").arg(errors.join(QLatin1String("; "))));
}

bool ChaosPanel::selectScenario(const QString &id)
{
    const chaos::Scenario *s = m_library.find(id);
    if (!s)
        return false;
    m_scenarioPicker->setCurrentIndex(m_scenarioPicker->findData(id));
    chaos::Scenario picked = *s;
    if (m_customTarget)
        picked.target = m_form->scenario().target; // the edited selector stays
    m_form->setScenario(picked);
    regenerate();
    return true;
}

void ChaosPanel::setTopology(core::TopologyPtr topology,
                             std::shared_ptr<const core::GraphFacts> facts)
{
    const bool structureChanged = !m_topology || facts != m_facts || !facts ||
                                  topology->nodeCount() != m_topology->nodeCount();
    m_topology = std::move(topology);
    m_facts = std::move(facts);
    if (structureChanged) {
        m_suggestions->setSuggestions(chaos::TargetSuggester::suggest(*m_topology, m_facts.get()));
        m_suggestionsView->setCurrentIndex(m_suggestions->index(0, 0));
        QStringList services;
        for (const core::TopologyNode &n : m_topology->nodes())
            services << n.ns + QLatin1Char('/') + n.name;
        services.sort();
        const QString watched = chaos::TargetSuggester::userFacingService(*m_topology);
        m_hypothesis->setServices(services, watched);
    }
    updateBlastRadius();
}

void ChaosPanel::setTargetNode(const core::NodeId &node)
{
    m_node = node;
    m_peer = {};
    m_customTarget = false;
    regenerate();
}

void ChaosPanel::setTargetCall(const core::NodeId &from, const core::NodeId &to)
{
    m_node = from;
    m_peer = to;
    m_customTarget = false;
    // A call maps to direction: to; the user may widen it afterwards.
    chaos::Scenario s = m_form->scenario();
    s.parameters.direction = chaos::NetworkDirection::To;
    m_form->setScenario(s);
    regenerate();
}

void ChaosPanel::prefill(const QString &scenarioId, const core::NodeId &node,
                         const core::NodeId &peer)
{
    if (peer.isValid())
        setTargetCall(node, peer);
    else
        setTargetNode(node);
    selectScenario(scenarioId);
    m_tabs->setCurrentIndex(0);
}

Result<chaos::Scenario> ChaosPanel::targetedScenario() const
{
    chaos::Scenario s = m_form->scenario();
    if (m_customTarget)
        return s;
    if (!m_node.isValid()) {
        s.target = {};
        s.parameters.peer.reset();
        return s; // the builder says what is missing
    }
    const chaos::TargetMapper mapper;
    if (!m_peer.isValid()) {
        s.parameters.peer.reset();
        return mapper.onNode(std::move(s), m_node);
    }
    const chaos::NetworkDirection direction = s.parameters.direction;
    auto call = mapper.onCall(std::move(s), m_node, m_peer);
    if (call)
        call.value().parameters.direction = direction;
    return call;
}

chaos::Scenario ChaosPanel::currentScenario() const
{
    auto s = targetedScenario();
    return s ? s.value() : m_form->scenario();
}

void ChaosPanel::regenerate()
{
    const auto scenario = targetedScenario();
    if (!scenario) {
        m_editor->showBuildError(scenario.error());
    } else {
        // The form shows the target it acts on (its fields are left as the user typed them).
        m_form->setTarget(scenario->target, scenario->parameters.peer);
        const chaos::ManifestBuilder builder(m_policy);
        const auto manifest = builder.build(scenario.value(), kPreviewRunId);
        if (manifest)
            m_editor->showManifest(manifest.value());
        else
            m_editor->showBuildError(manifest.error());
    }
    updateBlastRadius();
    updateRunState();
}

void ChaosPanel::onManifestEdited(const chaos::Manifest &manifest)
{
    auto read = chaos::ManifestReader::toScenario(manifest);
    if (!read) {
        m_editor->addIssue(tr("the form cannot show this manifest: %1").arg(read.error()));
        updateRunState();
        return;
    }
    chaos::Scenario s = read.value();
    const chaos::Scenario before = m_form->scenario();
    s.id = before.id;
    s.name = before.name;
    s.description = before.description;
    const core::NodeId node = findNode(s.target);
    const core::NodeId peer = s.parameters.peer ? findNode(*s.parameters.peer) : core::NodeId();
    m_customTarget = !node.isValid() || (s.parameters.peer && !peer.isValid());
    if (!m_customTarget) {
        m_node = node;
        m_peer = peer;
    }
    m_form->setScenario(s);
    updateBlastRadius();
    updateRunState();
}

core::NodeId ChaosPanel::findNode(const chaos::TargetSelector &selector) const
{
    if (!m_topology || selector.ns.isEmpty())
        return {};
    const chaos::TargetSelector wanted =
        chaos::TargetMapper().forNode(core::NodeId(QString(), selector.ns, selector.displayName));
    for (const core::TopologyNode &n : m_topology->nodes()) {
        if (n.ns == selector.ns && n.name == selector.displayName &&
            (selector.labels == wanted.labels || !selector.pods.isEmpty()))
            return n.id;
    }
    return {};
}

void ChaosPanel::updateBlastRadius()
{
    QHash<QString, double> weights;
    if (m_topology && m_node.isValid() && !m_customTarget) {
        weights = m_peer.isValid() &&
                          chaos::chaosKind(m_form->scenario().kind) == QLatin1String("NetworkChaos")
                      ? chaos::TargetBlastRadius::forCall(*m_topology, m_node, m_peer)
                      : chaos::TargetBlastRadius::forService(*m_topology, m_node);
    }
    if (weights == m_blast && m_blastList->topLevelItemCount() == weights.size())
        return;
    m_blast = weights;
    m_blastList->setWeights(m_blast);
    Q_EMIT blastRadiusChanged(m_blast);
}

QString ChaosPanel::runBlockedReason() const
{
    const chaos::Scenario s = currentScenario();
    if (s.target.isEmpty())
        return tr("Select a service or a call in the graph, or pick a suggested target.");
    if (!m_editor->isValid())
        return tr("Fix the problems listed under Manifest.");
    if (m_hypothesis->hypothesis().isEmpty())
        return tr("Write the hypothesis first (Hypothesis tab).");
    if (m_hypothesis->conditions().empty())
        return tr("Add a steady-state condition, or use the seed robustness template.");
    if (const chaos::Experiment e = experiment(); e.baselineMs < 2 * e.refreshMs)
        return tr("The baseline needs at least two refreshes: make it at least %1 s.")
            .arg(2 * e.refreshMs / 1000);
    return {};
}

void ChaosPanel::updateRunState()
{
    const QString reason = runBlockedReason();
    m_run->setEnabled(reason.isEmpty());
    m_save->setEnabled(reason.isEmpty());
    m_runState->setText(reason.isEmpty()
                            ? tr("Ready: %1").arg(ScenarioForm::targetText(currentScenario()))
                            : reason);
    const int issues = int(m_editor->issues().size());
    m_tabs->setTabText(1, issues == 0 ? tr("Manifest") : tr("Manifest (%1)").arg(issues));
}

chaos::Experiment ChaosPanel::experiment() const
{
    chaos::Experiment e;
    e.scenario = currentScenario();
    const QString id = e.scenario.id.isEmpty() ? QStringLiteral("custom") : e.scenario.id;
    e.id =
        id + QLatin1Char('-') + (m_node.isValid() ? m_node.name() : e.scenario.target.displayName);
    e.target = m_node.isValid() && !m_customTarget
                   ? serviceKey(m_node)
                   : e.scenario.target.ns + QLatin1Char('/') + e.scenario.target.displayName;
    if (e.scenario.parameters.peer)
        e.peer = m_peer.isValid() && !m_customTarget
                     ? serviceKey(m_peer)
                     : e.scenario.parameters.peer->ns + QLatin1Char('/') +
                           e.scenario.parameters.peer->displayName;
    e.name = tr("%1 on %2")
                 .arg(e.scenario.name.isEmpty() ? chaos::faultKindName(e.scenario.kind)
                                                : e.scenario.name,
                      ScenarioForm::targetText(e.scenario));
    e.hypothesis = m_hypothesis->hypothesis();
    if (const auto d = chaos::GoDuration::parse(e.scenario.duration))
        e.injectMs = d->count();
    e.steadyState = m_hypothesis->conditions();
    e.abortGuardrails = m_hypothesis->guardrails();
    m_phases->apply(e);
    return e;
}

void ChaosPanel::requestRun()
{
    if (!runBlockedReason().isEmpty())
        return;
    Q_EMIT runRequested(experiment());
}

} // namespace meshscope::widgets
