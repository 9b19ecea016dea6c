// ChaosPanel's Fault and Suggested Targets tabs (see chaospanel.h), apart from its behaviour.

#include "widgets/chaospanel.h"

#include "chaos/scenario/targetsuggestionmodel.h"
#include "widgets/blastradiuslist.h"
#include "widgets/chaospanelphases.h"
#include "widgets/scenarioform.h"
#include "widgets/suggestedtargetsview.h"

#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace meshscope::widgets {

QWidget *ChaosPanel::makeFaultTab()
{
    auto *split = new QSplitter(Qt::Vertical, this);
    // The fault's fields, then the run's phases, scrolled together.
    auto *fields = new QWidget(split);
    auto *fieldsLayout = new QVBoxLayout(fields);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    m_form = new ScenarioForm(fields);
    m_phases = new ChaosPanelPhases(fields);
    fieldsLayout->addWidget(m_form);
    fieldsLayout->addWidget(m_phases);
    fieldsLayout->addStretch(1);
    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(fields);
    auto *blast = new QWidget(split);
    auto *blastLayout = new QVBoxLayout(blast);
    blastLayout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Predicted blast radius</b> — services upstream of the "
                                "target, by the share of their traffic that depends on it"),
                             blast);
    title->setWordWrap(true);
    blastLayout->addWidget(title);
    m_blastList = new BlastRadiusList(blast);
    blastLayout->addWidget(m_blastList);
    split->addWidget(scroll);
    split->addWidget(blast);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

QWidget *ChaosPanel::makeSuggestionsTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    auto *intro = new QLabel(tr("Where a fault teaches the most: services no path avoids "
                                "(single points of failure), then services many calls go "
                                "through. Double-click or Enter to target one."),
                             tab);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_suggestions = new chaos::TargetSuggestionModel(this);
    m_suggestionsView = new SuggestedTargetsView(m_suggestions, tab);
    layout->addWidget(m_suggestionsView, 1);
    // The reasons are long sentences: the current row's is shown whole under the list.
    auto *why = new QLabel(tab);
    why->setObjectName(QStringLiteral("suggestionReason"));
    why->setWordWrap(true);
    why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(why);
    connect(m_suggestionsView->selectionModel(), &QItemSelectionModel::currentChanged, why,
            [why](const QModelIndex &current) {
                why->setText(current.isValid() ? current.siblingAtColumn(0).data().toString() +
                                                     QLatin1String(": ") +
                                                     current.siblingAtColumn(1).data().toString()
                                               : QString());
            });
    return tab;
}

} // namespace meshscope::widgets
