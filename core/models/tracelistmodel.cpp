#include "core/models/tracelistmodel.h"

namespace meshscope::core {

TraceListModel::TraceListModel(QObject *parent) : QAbstractTableModel(parent) {}

void TraceListModel::setSelection(TraceSelection selection)
{
    beginResetModel();
    m_selection = std::move(selection);
    endResetModel();
}

void TraceListModel::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    beginResetModel();
    m_mode = mode;
    endResetModel();
}

void TraceListModel::clear()
{
    setSelection({});
}

const std::vector<TraceSummary> &TraceListModel::rows() const
{
    return m_mode == Mode::NewestErrors ? m_selection.newestErrors : m_selection.slowest;
}

const TraceSummary *TraceListModel::traceAt(int row) const
{
    return row >= 0 && row < int(rows().size()) ? &rows()[size_t(row)] : nullptr;
}

int TraceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows().size());
}

int TraceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TraceListModel::formatDuration(qint64 us)
{
    if (us >= 1'000'000)
        return QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'f', 2);
    if (us >= 1000)
        return QStringLiteral("%1 ms").arg(double(us) / 1e3, 0, 'f', us >= 100'000 ? 0 : 1);
    return QStringLiteral("%1 µs").arg(us);
}

QVariant TraceListModel::data(const QModelIndex &index, int role) const
{
    const TraceSummary *t = index.isValid() ? traceAt(index.row()) : nullptr;
    if (!t)
        return {};
    switch (role) {
    case TraceIdRole:
        return t->traceId;
    case DurationUsRole:
        return t->durationUs;
    case StartUsRole:
        return t->startUs;
    case ErrorRole:
        return t->hasError();
    case Qt::ToolTipRole:
        return QStringLiteral("%1 spans, %2 with errors; services: %3")
            .arg(t->spanCount)
            .arg(t->errorSpanCount)
            .arg(t->services.join(QStringLiteral(", ")));
    default:
        break;
    }
    if (role == SortRole) {
        switch (index.column()) {
        case DurationColumn:
            return t->durationUs;
        case SpansColumn:
            return t->spanCount;
        case ErrorColumn:
            return t->errorSpanCount;
        default:
            break;
        }
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case RootColumn:
        return t->rootService.isEmpty() ? t->rootOperation
                                        : t->rootService + QStringLiteral(": ") + t->rootOperation;
    case DurationColumn:
        return formatDuration(t->durationUs);
    case SpansColumn:
        return t->spanCount;
    case ErrorColumn:
        if (!t->hasError())
            return QString();
        return t->errorSpanCount == 1 ? tr("error (1 span)")
                                      : tr("error (%1 spans)").arg(t->errorSpanCount);
    case TraceIdColumn:
        return t->traceId;
    default:
        return {};
    }
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RootColumn:
        return tr("Root");
    case DurationColumn:
        return tr("Duration");
    case SpansColumn:
        return tr("Spans");
    case ErrorColumn:
        return tr("Error");
    case TraceIdColumn:
        return tr("Trace ID");
    default:
        return {};
    }
}

} // namespace meshscope::core
