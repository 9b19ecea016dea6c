#include "core/io/snapshotio.h"

#include "core/io/snapshotio_p.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcSnapshotIo, "meshscope.core.snapshotio")

namespace meshscope::core {

namespace snapshotio {

QString bandKey(HealthBand band)
{
    switch (band) {
    case HealthBand::NoData:
        return QStringLiteral("noData");
    case HealthBand::Healthy:
        return QStringLiteral("healthy");
    case HealthBand::Degraded:
        return QStringLiteral("degraded");
    case HealthBand::Failing:
        return QStringLiteral("failing");
    }
    return QStringLiteral("noData");
}

std::optional<HealthBand> bandFromKey(const QString &key)
{
    for (HealthBand band :
         {HealthBand::NoData, HealthBand::Healthy, HealthBand::Degraded, HealthBand::Failing}) {
        if (bandKey(band) == key)
            return band;
    }
    return std::nullopt;
}

double nodeRate(const TopologyNode &node)
{
    return node.inRate > 0.0 ? node.inRate : node.outRate;
}

const HealthVerdict *nodeVerdict(const SnapshotView &view, int node)
{
    if (!view.scores || view.scores->nodes.size() != size_t(view.topology->nodeCount()))
        return nullptr;
    return &view.scores->nodes[size_t(node)];
}

const HealthVerdict *edgeVerdict(const SnapshotView &view, int edge)
{
    if (!view.scores || view.scores->edges.size() != size_t(view.topology->edgeCount()))
        return nullptr;
    return &view.scores->edges[size_t(edge)];
}

std::optional<QPointF> positionOf(const SnapshotView &view, const NodeId &id)
{
    if (!view.positions)
        return std::nullopt;
    auto it = view.positions->constFind(id);
    if (it == view.positions->constEnd())
        return std::nullopt;
    return *it;
}

Result<void> writeAll(QIODevice &device, const QByteArray &bytes, const char *format)
{
    qint64 done = 0;
    while (done < bytes.size()) {
        const qint64 n = device.write(bytes.constData() + done, bytes.size() - done);
        if (n <= 0) {
            return Result<void>::failure(
                QStringLiteral("writing the %1 export failed after %2 of %3 bytes: %4")
                    .arg(QLatin1String(format))
                    .arg(done)
                    .arg(bytes.size())
                    .arg(device.errorString()));
        }
        done += n;
    }
    return Result<void>::success();
}

Result<void> checkWritable(const SnapshotView &view, QIODevice &device, const char *format)
{
    if (!view.topology)
        return Result<void>::failure(
            QStringLiteral("nothing to export as %1: no topology yet").arg(QLatin1String(format)));
    if (!device.isOpen() || !device.isWritable())
        return Result<void>::failure(
            QStringLiteral("cannot write the %1 export: the output is not open for writing")
                .arg(QLatin1String(format)));
    return Result<void>::success();
}

} // namespace snapshotio

Result<void> writeSnapshotFile(const SnapshotView &view, const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    Result<void> (*writer)(const SnapshotView &, QIODevice &) = nullptr;
    if (suffix == QLatin1String("json"))
        writer = &writeJson;
    else if (suffix == QLatin1String("dot") || suffix == QLatin1String("gv"))
        writer = &writeDot;
    else if (suffix == QLatin1String("graphml"))
        writer = &writeGraphMl;
    if (!writer) {
        const QString got = suffix.isEmpty() ? QStringLiteral("no extension")
                                             : QStringLiteral("extension '.%1'").arg(suffix);
        return Result<void>::failure(
            QStringLiteral("cannot export to '%1': %2; expected .json, .dot, .gv or .graphml")
                .arg(path, got));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(
            QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    Result<void> written = writer(view, file);
    if (!written) {
        file.cancelWriting();
        return Result<void>::failure(
            QStringLiteral("cannot write '%1': %2").arg(path, written.error()));
    }
    if (!file.commit())
        return Result<void>::failure(
            QStringLiteral("cannot write '%1': %2").arg(path, file.errorString()));
    qCDebug(lcSnapshotIo) << "exported" << view.topology->nodeCount() << "nodes to" << path;
    return Result<void>::success();
}

Result<LoadedSnapshot> readSnapshotFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<LoadedSnapshot>::failure(
            QStringLiteral("cannot read '%1': %2").arg(path, file.errorString()));
    Result<LoadedSnapshot> loaded = readJson(file);
    if (!loaded)
        return Result<LoadedSnapshot>::failure(
            QStringLiteral("'%1': %2").arg(path, loaded.error()));
    return loaded;
}

} // namespace meshscope::core
