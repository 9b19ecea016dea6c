#pragma once

// One row per service of the current snapshot: identity, health verdict, traffic figures and
// structural facts, for the Services table. GUI thread only (it is a QAbstractItemModel).
//
// A snapshot with a different node set resets the model; a snapshot with the same node set
// (the usual score tick) updates the rows in place and emits dataChanged only for the cells
// whose value changed, so a view keeps its selection and scroll position.
//
// Display text follows the one rounding rule of the views: a score is shown floored, and its
// band is the health model's verdict on the unrounded score (HealthVerdict::band, decided with
// the active HealthSettings thresholds). SortRole gives numbers for numeric columns (NaN when
// unknown: ServicesProxyModel sorts it last) and text for the others.

#include "core/health/healthtypes.h"
#include "core/telemetry/telemetrytypes.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topology.h"

#include <QAbstractTableModel>
#include <QHash>

#include <vector>

namespace meshscope::core {

class ServicesTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        NamespaceColumn,
        KindColumn,
        ScoreColumn,
        BandColumn,
        DriverColumn,
        RequestRateColumn,
        ErrorPercentColumn,
        P95Column,
        ReplicasColumn,
        SpofColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1, // double for numeric columns (NaN = unknown), else QString
        NodeIdRole,                  // NodeId of the row (any column)
        BandRole,                    // int(HealthBand) of the row (any column), for colouring
        ScoreRole                    // the unrounded score (any column)
    };

    explicit ServicesTableModel(QObject *parent = nullptr);

    // `scores` and `facts` of another generation than `topology` are not used: the cells they
    // feed read as unknown until matching ones arrive. `facts` may be null (analysis running).
    void setSnapshot(TopologyPtr topology, const HealthScores &scores, const GraphFacts *facts);
    void clear();

    int rowOf(const NodeId &id) const { return m_rowOf.value(id, -1); }
    NodeId nodeAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        NodeId id;
        QString name;
        QString ns;
        NodeKind kind = NodeKind::Service;
        double score = kNaN;
        HealthBand band = HealthBand::NoData;
        HealthFactor driver = HealthFactor::Connectivity;
        double requestRate = kNaN;
        double errorRatio = kNaN;
        double p95Ms = kNaN;
        int replicasReady = -1;
        int replicasDesired = -1;
        int spof = -1; // -1 unknown (no usable facts), 0 no, 1 yes
    };

    static QString kindText(NodeKind kind);
    static QString bandText(HealthBand band);
    static QString driverText(const Row &row);
    static Row makeRow(const Topology &topology, int node, const HealthScores *scores,
                       const GraphFacts *facts);
    static bool sameCell(const Row &a, const Row &b, int column);
    QVariant displayValue(const Row &row, int column) const;
    static QVariant sortValue(const Row &row, int column);
    bool sameNodeSet(const Topology &topology) const;

    std::vector<Row> m_rows;
    QHash<NodeId, int> m_rowOf;
};

} // namespace meshscope::core
