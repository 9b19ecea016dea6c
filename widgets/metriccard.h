#pragma once

// One figure in the details panel: a value in a larger font over a small caption.

#include <QFrame>

class QLabel;

namespace meshscope::widgets {

class MetricCard : public QFrame
{
    Q_OBJECT
public:
    // `valueObjectName` names the value label, so tests and style sheets can find it.
    MetricCard(const QString &caption, const QString &valueObjectName, QWidget *parent = nullptr);

    void setValue(const QString &value, const QString &toolTip = {});
    void setCaption(const QString &caption);
    QString value() const;

private:
    QLabel *m_value = nullptr;
    QLabel *m_caption = nullptr;
};

} // namespace meshscope::widgets
