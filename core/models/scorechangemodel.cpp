#include "core/models/scorechangemodel.h"

#include <cmath>
#include <limits>

namespace meshscope::core {

ScoreChangeModel::ScoreChangeModel(QObject *parent) : QAbstractTableModel(parent) {}

void ScoreChangeModel::setDiff(const SnapshotDiff &diff)
{
    beginResetModel();
    m_diff = diff;
    rebuild();
    endResetModel();
}

void ScoreChangeModel::setShowUnchanged(bool show)
{
    if (show == m_showUnchanged)
        return;
    beginResetModel();
    m_showUnchanged = show;
    rebuild();
    endResetModel();
}

void ScoreChangeModel::clear()
{
    setDiff(SnapshotDiff{});
}

void ScoreChangeModel::rebuild()
{
    m_rows.clear();
    const auto &services = m_diff.services();
    for (size_t i = 0; i < services.size(); ++i) {
        if (m_showUnchanged || services[i].status != SnapshotDiff::Status::Unchanged)
            m_rows.push_back(int(i));
    }
}

int ScoreChangeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ScoreChangeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScoreChangeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const SnapshotDiff::Service &s = m_diff.services()[size_t(m_rows[size_t(index.row())])];
    const auto score = [](double v) -> QVariant {
        return std::isnan(v) ? QVariant(QStringLiteral("–")) : QVariant(int(shownScore(v)));
    };
    // Unknown scores sort below every known one, in either order they land together.
    const auto sortable = [](double v) {
        return std::isnan(v) ? -std::numeric_limits<double>::infinity() : v;
    };
    switch (role) {
    case NodeIdRole:
        return QVariant::fromValue(s.id);
    case StatusRole:
        return int(s.status);
    case Qt::DisplayRole:
        switch (index.column()) {
        case ServiceColumn:
            return s.id.name();
        case NamespaceColumn:
            return s.id.ns();
        case StatusColumn:
            return SnapshotDiff::statusKey(s.status);
        case BeforeColumn:
            return score(s.before);
        case AfterColumn:
            return score(s.after);
        case ChangeColumn: {
            const double d = shownScore(s.after) - shownScore(s.before);
            return std::isnan(d) ? QVariant(QStringLiteral("–"))
                                 : QVariant(QString((d > 0 ? QStringLiteral("+") : QString()) +
                                                    QString::number(d)));
        }
        }
        break;
    case SortRole:
        switch (index.column()) {
        case BeforeColumn:
            return sortable(s.before);
        case AfterColumn:
            return sortable(s.after);
        case ChangeColumn:
            return sortable(shownScore(s.after) - shownScore(s.before));
        case StatusColumn:
            return int(s.status);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        return index.column() >= BeforeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                              : QVariant();
    }
    return {};
}

QVariant ScoreChangeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServiceColumn:
        return tr("Service");
    case NamespaceColumn:
        return tr("Namespace");
    case StatusColumn:
        return tr("Status");
    case BeforeColumn:
        return tr("Before");
    case AfterColumn:
        return tr("After");
    case ChangeColumn:
        return tr("Change");
    }
    return {};
}

} // namespace meshscope::core
