#include "core/models/servicestablemodel.h"

#include "core/models/modelslog_p.h"

#include <cmath>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcModels, "meshscope.core.models")

namespace {

bool sameNumber(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

QString unknownText()
{
    return QStringLiteral("\u2014");
}

// Severity order, so that ascending puts the worst band first; no data is NaN (sorted last).
double bandRank(HealthBand band)
{
    switch (band) {
    case HealthBand::Failing:
        return 0.0;
    case HealthBand::Degraded:
        return 1.0;
    case HealthBand::Healthy:
        return 2.0;
    case HealthBand::NoData:
        break;
    }
    return kNaN;
}

QString fixed(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : unknownText();
}

} // namespace

// Words for the view, translatable (toString() in core gives the stable, untranslated spelling
// used in files and logs).
QString ServicesTableModel::kindText(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Service:
        return tr("service");
    case NodeKind::Gateway:
        return tr("gateway");
    case NodeKind::Database:
        return tr("database");
    case NodeKind::External:
        return tr("external");
    }
    return tr("service");
}

QString ServicesTableModel::bandText(HealthBand band)
{
    switch (band) {
    case HealthBand::NoData:
        return tr("No data");
    case HealthBand::Healthy:
        return tr("Healthy");
    case HealthBand::Degraded:
        return tr("Degraded");
    case HealthBand::Failing:
        return tr("Failing");
    }
    return tr("No data");
}

QString ServicesTableModel::driverText(const Row &row)
{
    if (row.band == HealthBand::NoData) // no verdict, so nothing drove it
        return {};
    switch (row.driver) {
    case HealthFactor::Connectivity:
        return tr("connectivity");
    case HealthFactor::Stability:
        return tr("stability");
    case HealthFactor::Protocol:
        return tr("protocol");
    }
    return {};
}

ServicesTableModel::ServicesTableModel(QObject *parent) : QAbstractTableModel(parent) {}

NodeId ServicesTableModel::nodeAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].id : NodeId();
}

ServicesTableModel::Row ServicesTableModel::makeRow(const Topology &topology, int node,
                                                    const HealthScores *scores,
                                                    const GraphFacts *facts)
{
    const TopologyNode &n = topology.nodes()[size_t(node)];
    Row row;
    row.id = n.id;
    row.name = n.name;
    row.ns = n.ns;
    row.kind = n.kind;
    if (scores) {
        const HealthVerdict &v = scores->nodes[size_t(node)];
        row.score = v.score;
        row.band = v.band;
        row.driver = v.driver;
    }
    // Gateways have no callers inside the mesh: their traffic is their outbound calls (as in
    // the details panel and docs/health-model.md).
    row.requestRate = n.kind == NodeKind::Gateway ? n.outRate : n.inRate;
    row.errorRatio = n.errorRatio;
    row.p95Ms = n.p95Ms;
    row.replicasReady = n.replicasReady;
    row.replicasDesired = n.replicasDesired;
    if (facts)
        row.spof = facts->articulationPoint[size_t(node)] ? 1 : 0;
    return row;
}

bool ServicesTableModel::sameCell(const Row &a, const Row &b, int column)
{
    switch (column) {
    case NameColumn:
        return a.name == b.name;
    case NamespaceColumn:
        return a.ns == b.ns;
    case KindColumn:
        return a.kind == b.kind;
    case ScoreColumn:
        return sameNumber(a.score, b.score);
    case BandColumn:
        return a.band == b.band;
    case DriverColumn: { // no driver is shown without a verdict
        const bool aShown = a.band != HealthBand::NoData;
        const bool bShown = b.band != HealthBand::NoData;
        return aShown == bShown && (!aShown || a.driver == b.driver);
    }
    case RequestRateColumn:
        return sameNumber(a.requestRate, b.requestRate);
    case ErrorPercentColumn:
        return sameNumber(a.errorRatio, b.errorRatio);
    case P95Column:
        return sameNumber(a.p95Ms, b.p95Ms);
    case ReplicasColumn:
        return a.replicasReady == b.replicasReady && a.replicasDesired == b.replicasDesired;
    case SpofColumn:
        return a.spof == b.spof;
    default:
        return true;
    }
}

bool ServicesTableModel::sameNodeSet(const Topology &topology) const
{
    if (topology.nodeCount() != int(m_rows.size()))
        return false;
    for (const TopologyNode &n : topology.nodes()) {
        if (!m_rowOf.contains(n.id))
            return false;
    }
    return true;
}

void ServicesTableModel::setSnapshot(TopologyPtr topology, const HealthScores &scores,
                                     const GraphFacts *facts)
{
    if (!topology) {
        clear();
        return;
    }
    const Topology &t = *topology;
    const size_t nodes = size_t(t.nodeCount());
    const HealthScores *usableScores =
        scores.generation == t.generation() && scores.nodes.size() == nodes ? &scores : nullptr;
    const GraphFacts *usableFacts =
        facts && facts->generation == t.generation() && facts->articulationPoint.size() == nodes
            ? facts
            : nullptr;

    if (!sameNodeSet(t)) {
        qCDebug(lcModels) << "services table reset:" << t.nodeCount() << "services";
        beginResetModel();
        m_rows.clear();
        m_rows.reserve(nodes);
        m_rowOf.clear();
        m_rowOf.reserve(qsizetype(nodes));
        for (int i = 0; i < t.nodeCount(); ++i) {
            m_rows.push_back(makeRow(t, i, usableScores, usableFacts));
            m_rowOf.insert(m_rows.back().id, i);
        }
        endResetModel();
        return;
    }

    // Same services: rows keep their order (the snapshot's node order may differ), and the
    // changes are announced per column as runs of consecutive changed rows, which is exactly
    // the changed cells and far fewer signals than one per cell.
    std::vector<std::vector<char>> changed(ColumnCount, std::vector<char>(nodes, 0));
    bool any = false;
    for (size_t r = 0; r < nodes; ++r) {
        Row next = makeRow(t, t.nodeIndex(m_rows[r].id), usableScores, usableFacts);
        for (int c = 0; c < ColumnCount; ++c) {
            if (!sameCell(m_rows[r], next, c)) {
                changed[size_t(c)][r] = 1;
                any = true;
            }
        }
        m_rows[r] = std::move(next);
    }
    if (!any)
        return;
    const QList<int> roles{Qt::DisplayRole, SortRole, BandRole, ScoreRole};
    for (int c = 0; c < ColumnCount; ++c) {
        const std::vector<char> &column = changed[size_t(c)];
        for (size_t r = 0; r < nodes;) {
            if (!column[r]) {
                ++r;
                continue;
            }
            const size_t first = r;
            while (r < nodes && column[r])
                ++r;
            Q_EMIT dataChanged(index(int(first), c), index(int(r - 1), c), roles);
        }
    }
}

void ServicesTableModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

int ServicesTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServicesTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServicesTableModel::displayValue(const Row &row, int column) const
{
    switch (column) {
    case NameColumn:
        return row.name;
    case NamespaceColumn:
        return row.ns;
    case KindColumn:
        return kindText(row.kind);
    case ScoreColumn: // the one rounding rule: floor, so a 74.6 never reads as a healthy 75
        return std::isfinite(row.score) ? QString::number(std::floor(row.score)) : unknownText();
    case BandColumn:
        return bandText(row.band);
    case DriverColumn:
        return driverText(row);
    case RequestRateColumn:
        return fixed(row.requestRate, row.requestRate < 10.0 ? 2 : 1);
    case ErrorPercentColumn:
        return fixed(row.errorRatio * 100.0, 2);
    case P95Column:
        return std::isfinite(row.p95Ms) ? tr("%1 ms").arg(row.p95Ms, 0, 'f', 0) : unknownText();
    case ReplicasColumn: {
        if (row.replicasReady < 0 && row.replicasDesired < 0)
            return unknownText();
        const auto count = [](int n) { return n < 0 ? QStringLiteral("?") : QString::number(n); };
        return QString(count(row.replicasReady) + QStringLiteral(" / ") +
                       count(row.replicasDesired));
    }
    case SpofColumn:
        return row.spof < 0 ? unknownText() : row.spof ? tr("yes") : tr("no");
    default:
        return {};
    }
}

QVariant ServicesTableModel::sortValue(const Row &row, int column)
{
    switch (column) {
    case NameColumn:
        return row.name;
    case NamespaceColumn:
        return row.ns;
    case KindColumn:
        return kindText(row.kind);
    case ScoreColumn:
        return row.score;
    case BandColumn:
        return bandRank(row.band);
    case DriverColumn:
        return driverText(row);
    case RequestRateColumn:
        return row.requestRate;
    case ErrorPercentColumn:
        return row.errorRatio * 100.0;
    case P95Column:
        return row.p95Ms;
    case ReplicasColumn: // availability: the least available first when ascending
        return row.replicasReady >= 0 && row.replicasDesired > 0
                   ? double(row.replicasReady) / double(row.replicasDesired)
                   : kNaN;
    case SpofColumn:
        return row.spof < 0 ? kNaN : double(row.spof);
    default:
        return {};
    }
}

QVariant ServicesTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case Qt::ToolTipRole:
        return index.column() == NameColumn ? QVariant(row.id.key()) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= ScoreColumn && index.column() != BandColumn &&
                       index.column() != DriverColumn
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    case SortRole:
        return sortValue(row, index.column());
    case NodeIdRole:
        return QVariant::fromValue(row.id);
    case BandRole:
        return int(row.band);
    case ScoreRole:
        return row.score;
    default:
        return {};
    }
}

QVariant ServicesTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount ||
        (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    struct Header
    {
        const char *title;
        const char *toolTip;
    };
    static constexpr Header kHeaders[ColumnCount] = {
        {QT_TR_NOOP("Service"), nullptr},
        {QT_TR_NOOP("Namespace"), nullptr},
        {QT_TR_NOOP("Kind"), nullptr},
        {QT_TR_NOOP("Score"), QT_TR_NOOP("Health score 0\u2013100, shown rounded down")},
        {QT_TR_NOOP("Band"), nullptr},
        {QT_TR_NOOP("Driver"), QT_TR_NOOP("The health factor that cost the most points")},
        {QT_TR_NOOP("req/s"), QT_TR_NOOP("Inbound requests per second (gateways: outbound)")},
        {QT_TR_NOOP("Error %"),
         QT_TR_NOOP("Share of inbound requests answered 5xx, gRPC error or no response")},
        {QT_TR_NOOP("p95"), QT_TR_NOOP("Request-weighted mean of the inbound calls' p95 latency")},
        {QT_TR_NOOP("Replicas"), QT_TR_NOOP("Ready / desired replicas")},
        {QT_TR_NOOP("SPOF"),
         QT_TR_NOOP("Single point of failure: removing it cuts services off from each other")},
    };
    const Header &header = kHeaders[section];
    if (role == Qt::DisplayRole)
        return tr(header.title);
    return header.toolTip ? QVariant(tr(header.toolTip)) : QVariant();
}

QHash<int, QByteArray> ServicesTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(NodeIdRole, "nodeId");
    names.insert(BandRole, "band");
    names.insert(ScoreRole, "score");
    return names;
}

} // namespace meshscope::core
