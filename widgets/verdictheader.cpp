#include "widgets/verdictheader.h"

#include "widgets/healthpalette.h"
#include "widgets/metricformat.h"
#include "widgets/reasonformat.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace meshscope::widgets {

namespace {

QLabel *makeLabel(const QString &objectName, QWidget *parent, bool wrap = false)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(wrap);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void setText(QLabel *label, const QString &text)
{
    if (label->text() != text)
        label->setText(text);
}

} // namespace

VerdictHeader::VerdictHeader(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    auto *header = new QGridLayout;
    header->setHorizontalSpacing(8);
    header->setVerticalSpacing(1);
    m_title = makeLabel(QStringLiteral("titleLabel"), this, true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle = makeLabel(QStringLiteral("subtitleLabel"), this, true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_driver = makeLabel(QStringLiteral("driverLabel"), this, true);
    m_score = makeLabel(QStringLiteral("scoreLabel"), this);
    QFont scoreFont = m_score->font();
    scoreFont.setPointSizeF(scoreFont.pointSizeF() * 2.2);
    scoreFont.setBold(true);
    m_score->setFont(scoreFont);
    m_score->setAlignment(Qt::AlignCenter);
    m_score->setMinimumWidth(64);
    m_band = makeLabel(QStringLiteral("bandLabel"), this);
    m_band->setAlignment(Qt::AlignCenter);
    header->addWidget(m_title, 0, 0);
    header->addWidget(m_subtitle, 1, 0);
    header->addWidget(m_driver, 2, 0);
    header->addWidget(m_score, 0, 1, 2, 1);
    header->addWidget(m_band, 2, 1);
    header->setColumnStretch(0, 1);
    layout->addLayout(header);
    m_reason = makeLabel(QStringLiteral("reasonLabel"), this, true);
    layout->addWidget(m_reason);
    m_confidence = makeLabel(QStringLiteral("confidenceLabel"), this, true);
    m_confidence->setForegroundRole(QPalette::PlaceholderText);
    m_confidence->hide();
    layout->addWidget(m_confidence);
    m_strength = makeLabel(QStringLiteral("strengthLabel"), this, true);
    m_strength->hide();
    layout->addWidget(m_strength);
}

void VerdictHeader::show(const QString &title, const QString &subtitle,
                         const core::HealthVerdict *verdict, const QString &caller)
{
    setText(m_title, title);
    setText(m_subtitle, subtitle);
    const double score = verdict ? verdict->score : core::kNaN;
    // The band of the number shown, under the active bands: badge colour and name agree.
    const core::HealthBand band = m_bands.bandOf(score);
    setText(m_score, MetricFormat::score(score));
    const QColor background = HealthPalette::colorForScore(score, m_bands);
    const QString style =
        QStringLiteral(
            "QLabel { background: %1; color: %2; border-radius: 6px; padding: 0px 8px; }")
            .arg(background.name(), HealthPalette::textOn(background).name());
    if (style != m_scoreStyle) { // re-polishing a style sheet is the costly part of a refresh
        m_score->setStyleSheet(style);
        m_scoreStyle = style;
    }
    setText(m_band, ReasonFormat::band(band));
    m_score->setToolTip(tr("Health score 0\u2013100: %1").arg(ReasonFormat::band(band)));
    if (verdict && band != core::HealthBand::NoData) {
        setText(m_driver, tr("Driven by <b>%1</b>").arg(ReasonFormat::factor(verdict->driver)));
        m_driver->setVisible(true);
    } else {
        m_driver->setVisible(false);
    }
    QString reason = verdict ? ReasonFormat::text(verdict->reason) : QString();
    if (reason.isEmpty())
        reason = verdict ? tr("No reason given.") : tr("No score for the latest refresh.");
    setText(m_reason, reason);

    const bool low = verdict && verdict->lowConfidence;
    if (low)
        setText(m_confidence, tr("Low confidence: too few requests in the window to tell a "
                                 "real error rate from chance."));
    m_confidence->setVisible(low);
    const bool strength = verdict && !std::isnan(verdict->dependencyStrength);
    if (strength)
        setText(m_strength, tr("Dependency strength: %1 of %2's calls")
                                .arg(MetricFormat::percent(verdict->dependencyStrength),
                                     caller.isEmpty() ? tr("the caller") : caller));
    m_strength->setVisible(strength);
}

} // namespace meshscope::widgets
