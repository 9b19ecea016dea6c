#include "widgets/metriccard.h"

#include <QLabel>
#include <QVBoxLayout>

namespace meshscope::widgets {

MetricCard::MetricCard(const QString &caption, const QString &valueObjectName, QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->setSpacing(0);
    m_value = new QLabel(this);
    m_value->setObjectName(valueObjectName);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_value->setFont(big);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption = new QLabel(caption, this);
    QFont small = m_caption->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_caption->setFont(small);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_value);
    layout->addWidget(m_caption);
}

void MetricCard::setValue(const QString &value, const QString &toolTip)
{
    if (m_value->text() != value)
        m_value->setText(value);
    setToolTip(toolTip);
}

void MetricCard::setCaption(const QString &caption)
{
    if (m_caption->text() != caption)
        m_caption->setText(caption);
}

QString MetricCard::value() const
{
    return m_value->text();
}

} // namespace meshscope::widgets
