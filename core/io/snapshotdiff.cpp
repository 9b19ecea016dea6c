#include "core/io/snapshotdiff.h"

#include "core/history/historystore.h"
#include "core/io/snapshotio_p.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace meshscope::core {

namespace {

const HealthVerdict &verdictOf(const SnapshotDiff::Side &side, int node)
{
    static const HealthVerdict kNone;
    if (!side.scores || side.scores->nodes.size() != size_t(side.topology->nodeCount()))
        return kNone;
    return side.scores->nodes[size_t(node)];
}

// Changes are judged on the score as shown (docs/health-model.md, "One rounding rule"), so a
// 74.6 -> 74.2 drift is not a change a user would see.
SnapshotDiff::Status statusOf(double before, double after)
{
    const double a = shownScore(before);
    const double b = shownScore(after);
    if (std::isnan(a) && std::isnan(b))
        return SnapshotDiff::Status::Unchanged;
    return a == b ? SnapshotDiff::Status::Unchanged : SnapshotDiff::Status::Changed;
}

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'f', 1) : QString();
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

std::vector<SnapshotDiff::Call> callsOf(const Topology &t)
{
    std::vector<SnapshotDiff::Call> out;
    out.reserve(t.edges().size());
    for (const TopologyEdge &e : t.edges())
        out.push_back({t.nodes()[size_t(e.source)].id, t.nodes()[size_t(e.target)].id});
    return out;
}

void sortCalls(std::vector<SnapshotDiff::Call> &calls)
{
    std::sort(calls.begin(), calls.end(), [](const auto &a, const auto &b) {
        return a.source != b.source ? a.source < b.source : a.target < b.target;
    });
}

} // namespace

QString SnapshotDiff::statusKey(Status status)
{
    switch (status) {
    case Status::Unchanged:
        return QStringLiteral("unchanged");
    case Status::Changed:
        return QStringLiteral("changed");
    case Status::Added:
        return QStringLiteral("added");
    case Status::Removed:
        return QStringLiteral("removed");
    }
    return {};
}

SnapshotDiff SnapshotDiff::compare(const Side &before, const Side &after)
{
    SnapshotDiff diff;
    diff.m_beforeLabel = before.label;
    diff.m_afterLabel = after.label;
    diff.m_beforeMs = before.timestampMs;
    diff.m_afterMs = after.timestampMs;
    static const Topology kEmpty;
    const Topology &b = before.topology ? *before.topology : kEmpty;
    const Topology &a = after.topology ? *after.topology : kEmpty;
    const Side bs{&b, before.scores, before.positions, before.label, before.timestampMs};
    const Side as{&a, after.scores, after.positions, after.label, after.timestampMs};

    for (int i = 0; i < a.nodeCount(); ++i) {
        Service s;
        s.id = a.nodes()[size_t(i)].id;
        const HealthVerdict &now = verdictOf(as, i);
        s.after = now.score;
        s.bandAfter = now.band;
        const int j = b.nodeIndex(s.id);
        if (j < 0) {
            s.status = Status::Added;
        } else {
            const HealthVerdict &then = verdictOf(bs, j);
            s.before = then.score;
            s.bandBefore = then.band;
            s.status = statusOf(s.before, s.after);
        }
        diff.m_services.push_back(s);
    }
    for (int j = 0; j < b.nodeCount(); ++j) {
        const NodeId &id = b.nodes()[size_t(j)].id;
        if (a.nodeIndex(id) >= 0)
            continue;
        Service s;
        s.id = id;
        s.status = Status::Removed;
        s.before = verdictOf(bs, j).score;
        s.bandBefore = verdictOf(bs, j).band;
        diff.m_services.push_back(s);
        if (before.positions && before.positions->contains(id))
            diff.m_removedPositions.insert(id, before.positions->value(id));
    }
    std::sort(diff.m_services.begin(), diff.m_services.end(),
              [](const Service &x, const Service &y) { return x.id < y.id; });

    for (const Call &c : callsOf(a)) {
        if (b.edgeIndex(c.source, c.target) < 0)
            diff.m_addedCalls.push_back(c);
    }
    for (const Call &c : callsOf(b)) {
        if (a.edgeIndex(c.source, c.target) < 0)
            diff.m_removedCalls.push_back(c);
    }
    sortCalls(diff.m_addedCalls);
    sortCalls(diff.m_removedCalls);
    return diff;
}

Result<SnapshotDiff> SnapshotDiff::compareWithHistory(const HistoryStore &history, qint64 momentMs,
                                                      const Side &after)
{
    const std::vector<qint64> times = history.timestamps();
    const auto it = std::upper_bound(times.cbegin(), times.cend(), momentMs);
    if (it == times.cbegin())
        return Result<SnapshotDiff>::failure(
            QStringLiteral("the history holds nothing at or before %1 (its oldest point is %2)")
                .arg(QDateTime::fromMSecsSinceEpoch(momentMs, Qt::UTC).toString(Qt::ISODate),
                     times.empty() ? QStringLiteral("none")
                                   : QDateTime::fromMSecsSinceEpoch(times.front(), Qt::UTC)
                                         .toString(Qt::ISODate)));
    const qint64 moment = *(it - 1);
    SnapshotDiff diff;
    diff.m_beforeLabel = QDateTime::fromMSecsSinceEpoch(moment, Qt::UTC).toString(Qt::ISODate);
    diff.m_afterLabel = after.label;
    diff.m_beforeMs = moment;
    diff.m_afterMs = after.timestampMs;
    diff.m_removedKnown = false;
    const auto pointAt = [moment](const std::vector<HistoryPoint> &series) -> const HistoryPoint * {
        for (const HistoryPoint &p : series) {
            if (p.timestampMs == moment)
                return &p;
        }
        return nullptr;
    };
    static const Topology kEmpty;
    const Topology &a = after.topology ? *after.topology : kEmpty;
    const Side as{&a, after.scores, after.positions, after.label, after.timestampMs};
    for (int i = 0; i < a.nodeCount(); ++i) {
        Service s;
        s.id = a.nodes()[size_t(i)].id;
        s.after = verdictOf(as, i).score;
        s.bandAfter = verdictOf(as, i).band;
        const std::vector<HistoryPoint> series = history.nodeSeries(s.id);
        if (const HistoryPoint *p = pointAt(series)) {
            s.before = double(p->score);
            s.status = statusOf(s.before, s.after);
        } else {
            s.status = Status::Added;
        }
        diff.m_services.push_back(s);
    }
    for (const Call &c : callsOf(a)) {
        if (!pointAt(history.edgeSeries(c.source, c.target)))
            diff.m_addedCalls.push_back(c);
    }
    std::sort(diff.m_services.begin(), diff.m_services.end(),
              [](const Service &x, const Service &y) { return x.id < y.id; });
    sortCalls(diff.m_addedCalls);
    return diff;
}

int SnapshotDiff::count(Status status) const
{
    return int(std::count_if(m_services.cbegin(), m_services.cend(),
                             [status](const Service &s) { return s.status == status; }));
}

bool SnapshotDiff::isEmpty() const
{
    return m_addedCalls.empty() && m_removedCalls.empty() &&
           std::all_of(m_services.cbegin(), m_services.cend(),
                       [](const Service &s) { return s.status == Status::Unchanged; });
}

QByteArray SnapshotDiff::toCsv() const
{
    QString out =
        QStringLiteral("kind,id,name,namespace,status,before,after,change,bandBefore,bandAfter\n");
    for (const Service &s : m_services) {
        out += QStringLiteral("service,%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                   .arg(csvField(s.id.key()), csvField(s.id.name()), csvField(s.id.ns()),
                        statusKey(s.status), csvNumber(s.before), csvNumber(s.after),
                        csvNumber(s.delta()), snapshotio::bandKey(s.bandBefore),
                        snapshotio::bandKey(s.bandAfter));
    }
    const auto calls = [&out](const std::vector<Call> &list, const QString &status) {
        for (const Call &c : list)
            out += QStringLiteral("call,%1,,,%2,,,,,\n")
                       .arg(csvField(c.source.key() + QStringLiteral(" -> ") + c.target.key()),
                            status);
    };
    calls(m_addedCalls, statusKey(Status::Added));
    calls(m_removedCalls, statusKey(Status::Removed));
    return out.toUtf8();
}

QByteArray SnapshotDiff::toJson() const
{
    QJsonArray services;
    for (const Service &s : m_services) {
        services.append(QJsonObject{{"id", s.id.key()},
                                    {"status", statusKey(s.status)},
                                    {"before", number(s.before)},
                                    {"after", number(s.after)},
                                    {"change", number(s.delta())},
                                    {"bandBefore", snapshotio::bandKey(s.bandBefore)},
                                    {"bandAfter", snapshotio::bandKey(s.bandAfter)}});
    }
    const auto calls = [](const std::vector<Call> &list) {
        QJsonArray out;
        for (const Call &c : list)
            out.append(QJsonObject{{"source", c.source.key()}, {"target", c.target.key()}});
        return out;
    };
    const QJsonObject root{
        {"format", "meshscope-diff"},
        {"version", 1},
        {"before", QJsonObject{{"label", m_beforeLabel}, {"timestamp", double(m_beforeMs)}}},
        {"after", QJsonObject{{"label", m_afterLabel}, {"timestamp", double(m_afterMs)}}},
        {"removedKnown", m_removedKnown},
        {"summary", QJsonObject{{"added", count(Status::Added)},
                                {"removed", count(Status::Removed)},
                                {"changed", count(Status::Changed)},
                                {"addedCalls", int(m_addedCalls.size())},
                                {"removedCalls", int(m_removedCalls.size())}}},
        {"services", services},
        {"addedCalls", calls(m_addedCalls)},
        {"removedCalls", calls(m_removedCalls)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<void> SnapshotDiff::write(const QString &path) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("csv") && suffix != QLatin1String("json"))
        return Result<void>::failure(
            QStringLiteral("cannot write the comparison to '%1': expected a .csv or .json file")
                .arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(
            QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    const Result<void> written =
        snapshotio::writeAll(file, suffix == QLatin1String("csv") ? toCsv() : toJson(), "diff");
    if (!written) {
        file.cancelWriting();
        return Result<void>::failure(
            QStringLiteral("cannot write '%1': %2").arg(path, written.error()));
    }
    if (!file.commit())
        return Result<void>::failure(
            QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    return Result<void>::success();
}

} // namespace meshscope::core
