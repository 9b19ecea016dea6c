#include "widgets/snapshotdiffdialog.h"

#include "core/models/scorechangemodel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace meshscope::widgets {

SnapshotDiffDialog::SnapshotDiffDialog(QWidget *parent)
    : QDialog(parent), m_model(new core::ScoreChangeModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_summary(new QLabel(this)), m_showUnchanged(new QCheckBox(tr("Show unchanged"), this))
{
    setObjectName(QStringLiteral("snapshotDiffDialog"));
    setWindowTitle(tr("Comparison"));
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_summary->setWordWrap(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(core::ScoreChangeModel::SortRole);
    m_table->setObjectName(QStringLiteral("diffTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(core::ScoreChangeModel::ChangeColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(core::ScoreChangeModel::ServiceColumn,
                                                      QHeaderView::Stretch);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT serviceActivated(
            index.data(core::ScoreChangeModel::NodeIdRole).value<core::NodeId>());
    });
    connect(m_showUnchanged, &QCheckBox::toggled, m_model,
            &core::ScoreChangeModel::setShowUnchanged);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *csv = buttons->addButton(tr("Export CSV…"), QDialogButtonBox::ActionRole);
    csv->setObjectName(QStringLiteral("exportCsvButton"));
    QPushButton *json = buttons->addButton(tr("Export JSON…"), QDialogButtonBox::ActionRole);
    json->setObjectName(QStringLiteral("exportJsonButton"));
    connect(csv, &QPushButton::clicked, this, [this] { askAndExport(QStringLiteral("csv")); });
    connect(json, &QPushButton::clicked, this, [this] { askAndExport(QStringLiteral("json")); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_showUnchanged);
    layout->addWidget(buttons);
    resize(640, 480);
}

void SnapshotDiffDialog::setDiff(const core::SnapshotDiff &diff)
{
    m_model->setDiff(diff);
    m_summary->setText(summary());
    setWindowTitle(tr("Comparison: %1 → %2").arg(diff.beforeLabel(), diff.afterLabel()));
}

QString SnapshotDiffDialog::summary() const
{
    using Status = core::SnapshotDiff::Status;
    const core::SnapshotDiff &d = m_model->diff();
    if (d.isEmpty())
        return tr("No change between %1 and %2.").arg(d.beforeLabel(), d.afterLabel());
    QString text = tr("%1 → %2: %n service(s) added, ", nullptr, d.count(Status::Added))
                       .arg(d.beforeLabel(), d.afterLabel());
    text += d.removedKnown()
                ? tr("%n removed, ", nullptr, d.count(Status::Removed))
                : tr("removed ones not known (the history keeps no list of services), ");
    text += tr("%n score(s) changed; ", nullptr, d.count(Status::Changed));
    text += tr("%n call(s) added", nullptr, int(d.addedCalls().size()));
    if (d.removedKnown())
        text += tr(", %n removed", nullptr, int(d.removedCalls().size()));
    return text + QLatin1Char('.');
}

Result<void> SnapshotDiffDialog::exportTo(const QString &path) const
{
    return m_model->diff().write(path);
}

void SnapshotDiffDialog::askAndExport(const QString &suffix)
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Comparison"), QStringLiteral("comparison.%1").arg(suffix),
        suffix == QLatin1String("csv") ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const Result<void> written = exportTo(path);
    if (!written)
        QMessageBox::warning(this, tr("Export Comparison"), written.error());
}

} // namespace meshscope::widgets
