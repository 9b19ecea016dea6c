#include "widgets/alertlistview.h"

#include "core/models/alertlistmodel.h"
#include "widgets/alertrowdelegate.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace meshscope::widgets {

using core::AlertListModel;

AlertListView::AlertListView(AlertListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model)
{
    m_count = new QLabel(this);
    m_count->setWordWrap(true);
    m_list = new QTreeView(this);
    m_list->setModel(m_model);
    m_list->setItemDelegate(new AlertRowDelegate(m_list));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->header()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_count);
    layout->addWidget(m_list, 1);

    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertListView::updateCount);
    updateCount();
}

void AlertListView::setError(const QString &message)
{
    m_error = message;
    updateCount();
}

void AlertListView::updateCount()
{
    int silenced = 0;
    int inhibited = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, 0);
        silenced += index.data(AlertListModel::SilencedRole).toBool() ? 1 : 0;
        inhibited += index.data(AlertListModel::InhibitedRole).toBool() ? 1 : 0;
    }
    QStringList parts{tr("%n firing", nullptr, m_model->firingCount())};
    if (silenced > 0)
        parts.append(tr("%n silenced", nullptr, silenced));
    if (inhibited > 0)
        parts.append(tr("%n inhibited", nullptr, inhibited));
    QString text = m_model->rowCount() == 0 ? tr("No alerts.") : parts.join(QStringLiteral(", "));
    if (!m_error.isEmpty())
        text = m_error + QLatin1Char('\n') + text;
    m_count->setText(text);
}

} // namespace meshscope::widgets
