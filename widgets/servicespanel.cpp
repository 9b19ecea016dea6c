#include "widgets/servicespanel.h"

#include "core/models/servicesproxymodel.h"
#include "core/models/servicestablemodel.h"
#include "widgets/servicesdelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace meshscope::widgets {

using Model = core::ServicesTableModel;

ServicesPanel::ServicesPanel(core::ServicesTableModel *model, QWidget *parent)
    : QWidget(parent), m_model(model)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("servicesFilter"));
    m_filter->setPlaceholderText(tr("Filter by name or namespace"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("servicesCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_proxy = new core::ServicesProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("servicesTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new ServicesDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view never measures 5,000 rows to lay them out.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setDefaultSectionSize(72);
    header->setHighlightSections(false);
    header->resizeSection(Model::NameColumn, 170);
    header->resizeSection(Model::NamespaceColumn, 100);
    header->resizeSection(Model::ScoreColumn, 52);
    header->resizeSection(Model::DriverColumn, 96);
    header->resizeSection(Model::SpofColumn, 48);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(Model::ScoreColumn, Qt::AscendingOrder); // worst first
    // A header click re-sorts: the selected service moves, and the view follows it (after the
    // view's own sort, which the same signal starts). A refresh re-sorting does not scroll: the
    // user may be reading elsewhere in the list.
    connect(
        header, &QHeaderView::sortIndicatorChanged, this,
        [this] {
            if (const QModelIndex current = m_table->currentIndex();
                current.isValid() && m_table->selectionModel()->isSelected(current))
                m_table->scrollTo(current, QAbstractItemView::PositionAtCenter);
        },
        Qt::QueuedConnection);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updateCount();
        // Hiding the selected row makes the view select a neighbour, which would show another
        // service than the graph's: show the graph's, or none when it is filtered out.
        showCurrent();
    });
    // Enter in the filter: the first (worst) match, as Find does on the graph.
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_proxy->rowCount() > 0) {
            const QModelIndex first = m_proxy->index(0, 0);
            m_table->setCurrentIndex(first);
            activate(first);
        }
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_filter);
    escape->setContext(Qt::WidgetShortcut);
    connect(escape, &QShortcut::activated, m_filter, &QLineEdit::clear);

    // A click or Enter is an intent; moving the keyboard cursor alone is not (the graph would
    // jump around while the user reads down the list). Styles that activate on a single click
    // already emit activated() for the click.
    connect(m_table, &QAbstractItemView::activated, this, &ServicesPanel::activate);
    if (!m_table->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr,
                                     m_table))
        connect(m_table, &QAbstractItemView::clicked, this, &ServicesPanel::activate);

    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        updateCount();
        showCurrent(); // a new set of services: the selected one stays selected if still there
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ServicesPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ServicesPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ServicesPanel::updateCount);
    updateCount();
}

ServicesPanel::~ServicesPanel() = default;

void ServicesPanel::activate(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const auto node = proxyIndex.data(Model::NodeIdRole).value<core::NodeId>();
    if (!node.isValid())
        return;
    m_current = node;
    Q_EMIT serviceActivated(node);
}

void ServicesPanel::setCurrentService(const core::NodeId &node)
{
    m_current = node;
    showCurrent();
}

void ServicesPanel::showCurrent()
{
    const int sourceRow = m_current.isValid() ? m_model->rowOf(m_current) : -1;
    const QModelIndex proxyIndex =
        sourceRow >= 0 ? m_proxy->mapFromSource(m_model->index(sourceRow, 0)) : QModelIndex();
    QItemSelectionModel *selection = m_table->selectionModel();
    if (!proxyIndex.isValid()) {
        selection->clear();
        return;
    }
    // Selection changes emit nothing of ours: only activate() speaks to the graph.
    selection->setCurrentIndex(proxyIndex,
                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(proxyIndex);
}

core::NodeId ServicesPanel::currentService() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? core::NodeId()
                          : rows.front().data(Model::NodeIdRole).value<core::NodeId>();
}

void ServicesPanel::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    if (shown != all)
        m_count->setText(tr("%1 of %2").arg(shown).arg(all));
    else
        m_count->setText(all == 1 ? tr("1 service") : tr("%1 services").arg(all));
}

} // namespace meshscope::widgets
