#pragma once

// The traces the details panel lists for the selected service or edge: either the newest error
// traces or the slowest ones of a TraceSelection (the view switches between them). One row per
// trace: root service and operation, duration, span count, error flag, trace id. GUI thread
// only; a new selection or mode resets the model.

#include "core/jaeger/jaegertypes.h"

#include <QAbstractTableModel>

namespace meshscope::core {

class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        RootColumn,
        DurationColumn,
        SpansColumn,
        ErrorColumn,
        TraceIdColumn,
        ColumnCount
    };
    enum Role
    {
        TraceIdRole = Qt::UserRole + 1, // QString, normalised
        DurationUsRole,                 // qint64
        StartUsRole,                    // qint64, µs since the epoch
        ErrorRole,                      // bool
        SortRole                        // the column's raw value, for proxies
    };
    enum class Mode
    {
        NewestErrors,
        Slowest
    };

    explicit TraceListModel(QObject *parent = nullptr);

    void setSelection(TraceSelection selection);
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void clear();
    const TraceSummary *traceAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "1.23 s", "390 ms", "850 µs".
    static QString formatDuration(qint64 us);

private:
    const std::vector<TraceSummary> &rows() const;

    TraceSelection m_selection;
    Mode m_mode = Mode::NewestErrors;
};

} // namespace meshscope::core
