#include "widgets/chaospanelphases.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSpinBox>
#include <QVBoxLayout>

namespace meshscope::widgets {

namespace {

QSpinBox *seconds(QWidget *parent, const QString &name, int min, int max)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(min, max);
    spin->setSuffix(QStringLiteral(" s"));
    return spin;
}

} // namespace

ChaosPanelPhases::ChaosPanelPhases(QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *box = new QGroupBox(tr("Run phases"), this);
    auto *form = new QFormLayout(box);
    m_baseline = seconds(box, QStringLiteral("baselineSpin"), 2, 24 * 3600);
    m_baseline->setToolTip(tr("How long the steady state is measured before the fault"));
    form->addRow(tr("Baseline"), m_baseline);
    m_recoverWithin = seconds(box, QStringLiteral("recoverWithinSpin"), 1, 24 * 3600);
    m_recoverWithin->setToolTip(
        tr("After the fault is removed, the scores must be back within the tolerance of their "
           "baseline within this time (T), or the recovery is not verified"));
    form->addRow(tr("Recover within (T)"), m_recoverWithin);
    m_tolerance = new QDoubleSpinBox(box);
    m_tolerance->setObjectName(QStringLiteral("recoveryToleranceSpin"));
    m_tolerance->setRange(0, 100);
    m_tolerance->setDecimals(1);
    m_tolerance->setSuffix(tr(" score points"));
    form->addRow(tr("Recovery tolerance"), m_tolerance);
    m_refresh = seconds(box, QStringLiteral("refreshSpin"), 1, 3600);
    m_refresh->setToolTip(tr("The run judges the mesh at every refresh of this period"));
    form->addRow(tr("Refresh"), m_refresh);
    outer->addWidget(box);
    set(chaos::Experiment{});
    for (QSpinBox *s : {m_baseline, m_recoverWithin, m_refresh})
        connect(s, &QSpinBox::valueChanged, this, &ChaosPanelPhases::changed);
    connect(m_tolerance, &QDoubleSpinBox::valueChanged, this, &ChaosPanelPhases::changed);
}

void ChaosPanelPhases::apply(chaos::Experiment &e) const
{
    e.baselineMs = qint64(m_baseline->value()) * 1000;
    e.recoverWithinMs = qint64(m_recoverWithin->value()) * 1000;
    e.recoveryTolerance = m_tolerance->value();
    e.refreshMs = qint64(m_refresh->value()) * 1000;
}

void ChaosPanelPhases::set(const chaos::Experiment &e)
{
    const QSignalBlocker b1(m_baseline), b2(m_recoverWithin), b3(m_tolerance), b4(m_refresh);
    m_baseline->setValue(int(e.baselineMs / 1000));
    m_recoverWithin->setValue(int(e.recoverWithinMs / 1000));
    m_tolerance->setValue(e.recoveryTolerance);
    m_refresh->setValue(int(e.refreshMs / 1000));
}

} // namespace meshscope::widgets
