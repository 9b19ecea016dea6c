#include "core/models/alertlistmodel.h"

#include <QUrl>

#include <algorithm>

namespace meshscope::core {

namespace {

int severityRank(const QString &severity)
{
    const QString s = severity.toLower();
    if (s == QLatin1String("critical") || s == QLatin1String("page"))
        return 0;
    if (s == QLatin1String("warning"))
        return 1;
    if (s == QLatin1String("info"))
        return 2;
    return 3;
}

bool firing(const Alert &a)
{
    return a.state == Alert::State::Active && !a.silenced() && !a.inhibited();
}

} // namespace

AlertListModel::AlertListModel(QObject *parent) : QAbstractTableModel(parent) {}

void AlertListModel::setAlerts(std::vector<Alert> alerts)
{
    std::stable_sort(alerts.begin(), alerts.end(), [](const Alert &a, const Alert &b) {
        if (firing(a) != firing(b))
            return firing(a);
        if (severityRank(a.severity) != severityRank(b.severity))
            return severityRank(a.severity) < severityRank(b.severity);
        return a.startsAt > b.startsAt;
    });
    beginResetModel();
    m_alerts = std::move(alerts);
    endResetModel();
}

const Alert *AlertListModel::alertAt(int row) const
{
    return row >= 0 && row < int(m_alerts.size()) ? &m_alerts[size_t(row)] : nullptr;
}

int AlertListModel::firingCount() const
{
    return int(std::count_if(m_alerts.begin(), m_alerts.end(), firing));
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertListModel::stateText(const Alert &a)
{
    if (a.state == Alert::State::Unprocessed)
        return tr("unprocessed");
    QStringList muted;
    if (a.silenced())
        muted.append(tr("silenced"));
    if (a.inhibited())
        muted.append(tr("inhibited"));
    if (!muted.isEmpty())
        return muted.join(QStringLiteral(", "));
    return a.state == Alert::State::Suppressed ? tr("suppressed") : tr("firing");
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    const Alert *a = index.isValid() ? alertAt(index.row()) : nullptr;
    if (!a)
        return {};
    switch (role) {
    case StateRole:
        return int(a->state);
    case SilencedRole:
        return a->silenced();
    case InhibitedRole:
        return a->inhibited();
    case FiringRole:
        return firing(*a);
    case FingerprintRole:
        return a->fingerprint;
    case GeneratorUrlRole:
        return QUrl(a->generatorUrl);
    case Qt::ToolTipRole: {
        QStringList lines;
        for (auto it = a->labels.begin(); it != a->labels.end(); ++it)
            lines.append(it.key() + QStringLiteral("=") + it.value());
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return a->name;
    case SeverityColumn:
        return a->severity;
    case StateColumn:
        return stateText(*a);
    case SummaryColumn:
        return a->summary;
    default:
        return {};
    }
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Alert");
    case SeverityColumn:
        return tr("Severity");
    case StateColumn:
        return tr("State");
    case SummaryColumn:
        return tr("Summary");
    default:
        return {};
    }
}

} // namespace meshscope::core
