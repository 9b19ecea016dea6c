#include "widgets/tracelistview.h"

#include "core/jaeger/jaegerclient.h"
#include "core/models/tracelistmodel.h"

#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace meshscope::widgets {

using core::TraceListModel;

TraceListView::TraceListView(TraceListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model),
      m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Newest errors"), int(TraceListModel::Mode::NewestErrors));
    m_mode->addItem(tr("Slowest"), int(TraceListModel::Mode::Slowest));
    m_mode->setCurrentIndex(m_model->mode() == TraceListModel::Mode::Slowest ? 1 : 0);

    m_open = new QAction(tr("Open in Jaeger"), this);
    m_open->setToolTip(tr("Open the selected trace in the Jaeger UI"));
    auto *openButton = new QToolButton(this);
    openButton->setDefaultAction(m_open);

    m_list = new QTreeView(this);
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_list->addAction(m_open);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(TraceListModel::RootColumn, QHeaderView::Stretch);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_mode, 1);
    top->addWidget(openButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);

    connect(m_mode, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setMode(TraceListModel::Mode(m_mode->currentData().toInt())); });
    connect(m_open, &QAction::triggered, this, &TraceListView::openCurrent);
    connect(m_list, &QAbstractItemView::activated, this, &TraceListView::openCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TraceListView::updateState);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TraceListView::updateState);
    updateState();
}

void TraceListView::setJaegerUiUrl(const QUrl &url)
{
    m_ui = url;
    updateState();
}

void TraceListView::setUrlOpener(std::function<bool(const QUrl &)> opener)
{
    m_opener = std::move(opener);
}

void TraceListView::setError(const QString &message)
{
    m_error = message;
    updateState();
}

QUrl TraceListView::urlOf(const QModelIndex &index) const
{
    const QString id = index.data(TraceListModel::TraceIdRole).toString();
    if (m_ui.isEmpty() || id.isEmpty())
        return {};
    return core::JaegerClient::traceUrl(m_ui, id);
}

void TraceListView::openCurrent()
{
    const QUrl url = urlOf(m_list->currentIndex());
    if (url.isEmpty())
        return;
    if (m_opener(url))
        emit traceOpened(url);
    else
        m_status->setText(tr("Could not open %1 in a browser.").arg(url.toString()));
}

void TraceListView::updateState()
{
    m_open->setEnabled(!m_ui.isEmpty() && m_list->currentIndex().isValid());
    if (!m_error.isEmpty())
        m_status->setText(m_error);
    else if (m_model->rowCount() == 0)
        m_status->setText(m_model->mode() == TraceListModel::Mode::NewestErrors
                              ? tr("No error traces in the window.")
                              : tr("No traces in the window."));
    else
        m_status->clear();
    m_status->setVisible(!m_status->text().isEmpty());
}

} // namespace meshscope::widgets
