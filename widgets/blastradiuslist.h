#pragma once

// The predicted blast radius as a list: service and weight (percent of its traffic that depends
// on the target), heaviest first.

#include <QHash>
#include <QTreeWidget>

namespace meshscope::widgets {

class BlastRadiusList : public QTreeWidget
{
    Q_OBJECT
public:
    explicit BlastRadiusList(QWidget *parent = nullptr);

    void setWeights(const QHash<QString, double> &weights);
};

} // namespace meshscope::widgets
