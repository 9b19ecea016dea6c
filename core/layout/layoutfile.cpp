#include "core/layout/layoutfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

namespace meshscope::core {

namespace {
const QString kFormat = QStringLiteral("meshscope-layout");
}

QByteArray LayoutFile::toJson(const SavedLayout &layout)
{
    QJsonArray nodes;
    // Sorted so that saved files diff cleanly.
    QList<NodeId> ids = layout.positions.keys();
    std::sort(ids.begin(), ids.end());
    for (const NodeId &id : ids) {
        const QPointF p = layout.positions.value(id);
        QJsonObject node{{QStringLiteral("id"), id.key()},
                         {QStringLiteral("x"), p.x()},
                         {QStringLiteral("y"), p.y()}};
        if (layout.pinned.contains(id))
            node.insert(QStringLiteral("pinned"), true);
        nodes.append(node);
    }
    QJsonObject root{{QStringLiteral("format"), kFormat},
                     {QStringLiteral("version"), 1},
                     {QStringLiteral("source"), layout.source},
                     {QStringLiteral("nodes"), nodes}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<SavedLayout> LayoutFile::fromJson(const QByteArray &json, const QString &origin)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error{QStringLiteral("%1: not valid JSON at offset %2: %3")
                         .arg(origin)
                         .arg(error.offset)
                         .arg(error.errorString())};
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != kFormat)
        return Error{QStringLiteral("%1: not a Meshscope layout file (\"format\" is not \"%2\")")
                         .arg(origin, kFormat)};
    if (root.value(QStringLiteral("version")).toInt() != 1)
        return Error{QStringLiteral("%1: unsupported layout file version %2")
                         .arg(origin)
                         .arg(root.value(QStringLiteral("version")).toInt())};
    SavedLayout layout;
    layout.source = root.value(QStringLiteral("source")).toString();
    const QJsonArray nodes = root.value(QStringLiteral("nodes")).toArray();
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        const QJsonObject node = nodes.at(i).toObject();
        const QString id = node.value(QStringLiteral("id")).toString();
        const QJsonValue x = node.value(QStringLiteral("x"));
        const QJsonValue y = node.value(QStringLiteral("y"));
        if (id.isEmpty() || !x.isDouble() || !y.isDouble() || !std::isfinite(x.toDouble()) ||
            !std::isfinite(y.toDouble()))
            return Error{
                QStringLiteral("%1: node %2 needs an \"id\" and finite numbers \"x\" and \"y\"")
                    .arg(origin)
                    .arg(i)};
        const NodeId nodeId = NodeId::fromKey(id);
        layout.positions.insert(nodeId, QPointF(x.toDouble(), y.toDouble()));
        if (node.value(QStringLiteral("pinned")).toBool())
            layout.pinned.insert(nodeId);
    }
    return layout;
}

Result<void> LayoutFile::save(const SavedLayout &layout, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    file.write(toJson(layout));
    if (!file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return {};
}

Result<SavedLayout> LayoutFile::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    return fromJson(file.readAll(), path);
}

} // namespace meshscope::core
