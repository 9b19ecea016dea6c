#pragma once

// The content of the Chaos dock: author a fault from the graph and hand it to the runner.
//  - Fault: a library scenario (built-in + the user's folder), its kind-specific fields, the
//    target taken from the graph selection (a service -> its pods; a call A -> B -> a
//    NetworkChaos on A towards B), and the predicted blast radius of that target.
//  - Manifest: the Chaos Mesh YAML, live while the form changes, editable (an accepted edit
//    fills the form), validated against the real CRDs; imports go through ManifestImporter.
//  - Hypothesis: the hypothesis text, steady-state conditions and the abort guardrail.
//  - Suggested targets: single points of failure and central services, with why.
// Run emits runRequested(experiment) only while everything above is valid; the panel runs
// nothing itself. It speaks in intents: targetActivated() asks the window to select a service.

#include "chaos/experiment/experimenttypes.h"
#include "chaos/manifest/crdregistry.h"
#include "chaos/manifest/manifesttypes.h"
#include "chaos/scenario/scenariolibrary.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topology.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace meshscope::chaos {
class TargetSuggestionModel;
}

namespace meshscope::widgets {

class BlastRadiusList;
class ChaosPanelPhases;
class HypothesisEditor;
class ManifestEditor;
class ScenarioForm;
class SuggestedTargetsView;

class ChaosPanel : public QWidget
{
    Q_OBJECT
public:
    ChaosPanel(chaos::ScenarioLibrary library, std::shared_ptr<const chaos::CrdRegistry> registry,
               chaos::ManifestPolicy policy = {}, QWidget *parent = nullptr);
    ~ChaosPanel() override;

    // Where the user's own scenarios live: <AppDataLocation>/scenarios.
    static QString userScenarioFolder();

    // Every refresh: services for the pickers, blast radius weights; suggestions when the
    // structure changed (new facts).
    void setTopology(core::TopologyPtr topology, std::shared_ptr<const core::GraphFacts> facts);
    void setTargetNode(const core::NodeId &node);
    void setTargetCall(const core::NodeId &from, const core::NodeId &to);
    // Picks a library scenario (the target stays); false when the id is unknown.
    bool selectScenario(const QString &id);
    // The graph's "Inject fault" menu: scenario and target at once, Fault tab shown.
    void prefill(const QString &scenarioId, const core::NodeId &node,
                 const core::NodeId &peer = {});

    const chaos::ScenarioLibrary &library() const { return m_library; }
    chaos::Scenario currentScenario() const; // the form's scenario aimed at the target
    chaos::Experiment experiment() const;
    // Empty when Run is enabled; otherwise what the user has to do first.
    QString runBlockedReason() const;
    const QHash<QString, double> &blastRadius() const { return m_blast; }

    ScenarioForm *form() const { return m_form; }
    ManifestEditor *manifestEditor() const { return m_editor; }
    HypothesisEditor *hypothesisEditor() const { return m_hypothesis; }
    SuggestedTargetsView *suggestionsView() const { return m_suggestionsView; }
    BlastRadiusList *blastRadiusList() const { return m_blastList; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *saveButton() const { return m_save; }
    ChaosPanelPhases *phases() const { return m_phases; }
    QTabWidget *tabs() const { return m_tabs; }

public Q_SLOTS:
    void requestRun();

Q_SIGNALS:
    void runRequested(const meshscope::chaos::Experiment &experiment);
    // "Save as File…": the experiment as Run would start it.
    void saveRequested(const meshscope::chaos::Experiment &experiment);
    void blastRadiusChanged(const QHash<QString, double> &weights);
    void targetActivated(const meshscope::core::NodeId &node);

private:
    QWidget *makeFaultTab();
    QWidget *makeSuggestionsTab();
    Result<chaos::Scenario> targetedScenario() const;
    void regenerate();
    void onManifestEdited(const chaos::Manifest &manifest);
    void updateBlastRadius();
    void updateRunState();
    void fillLibrary();
    core::NodeId findNode(const chaos::TargetSelector &selector) const;

    chaos::ScenarioLibrary m_library;
    chaos::ManifestPolicy m_policy;
    core::TopologyPtr m_topology;
    std::shared_ptr<const core::GraphFacts> m_facts;
    core::NodeId m_node; // the target service (or the caller A of a call A -> B)
    core::NodeId m_peer; // B of a call; invalid for a service
    // An accepted YAML edit whose selector names no service of the graph: its target is used
    // as written until the graph selection changes.
    bool m_customTarget = false;
    QHash<QString, double> m_blast;
    chaos::TargetSuggestionModel *m_suggestions = nullptr;
    QComboBox *m_scenarioPicker = nullptr;
    QLabel *m_libraryErrors = nullptr;
    QTabWidget *m_tabs = nullptr;
    ScenarioForm *m_form = nullptr;
    ManifestEditor *m_editor = nullptr;
    HypothesisEditor *m_hypothesis = nullptr;
    SuggestedTargetsView *m_suggestionsView = nullptr;
    BlastRadiusList *m_blastList = nullptr;
    QLabel *m_runState = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_save = nullptr;
    ChaosPanelPhases *m_phases = nullptr;
};

} // namespace meshscope::widgets
