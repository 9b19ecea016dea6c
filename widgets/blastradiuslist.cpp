#include "widgets/blastradiuslist.h"

#include <QHeaderView>

#include <algorithm>

namespace meshscope::widgets {

BlastRadiusList::BlastRadiusList(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("blastRadiusList"));
    setHeaderLabels({tr("Service"), tr("Weight")});
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
}

void BlastRadiusList::setWeights(const QHash<QString, double> &weights)
{
    QList<std::pair<QString, double>> rows;
    for (auto it = weights.begin(); it != weights.end(); ++it)
        rows.append({it.key(), it.value()});
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    clear();
    for (const auto &[service, weight] : rows) {
        auto *item = new QTreeWidgetItem(
            {service, QStringLiteral("%1 %").arg(weight * 100.0, 0, 'f', weight < 0.01 ? 1 : 0)});
        item->setData(1, Qt::UserRole, weight);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        addTopLevelItem(item);
    }
}

} // namespace meshscope::widgets
