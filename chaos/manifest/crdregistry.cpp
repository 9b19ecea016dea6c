#include "chaos/manifest/crdregistry.h"

#include "chaos/chaoslog_p.h"
#include "chaos/manifest/yamlcodec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

namespace meshscope::chaos {

namespace {

Result<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, f.errorString())};
    return f.readAll();
}

} // namespace

const Result<std::shared_ptr<const CrdRegistry>> &CrdRegistry::builtIn()
{
    static const Result<std::shared_ptr<const CrdRegistry>> registry =
        []() -> Result<std::shared_ptr<const CrdRegistry>> {
        auto loaded = loadDirectory(QStringLiteral(":/chaos/crds"));
        if (!loaded) {
            qCWarning(lcChaos) << "built-in CRDs:" << loaded.error();
            return Error{loaded.error()};
        }
        return std::make_shared<const CrdRegistry>(std::move(loaded.value()));
    }();
    return registry;
}

Result<CrdRegistry> CrdRegistry::loadDirectory(const QString &dir)
{
    CrdRegistry registry;
    const QStringList files = QDir(dir).entryList(
        {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        const QString path = dir + QLatin1Char('/') + name;
        auto text = readFile(path);
        if (!text)
            return Error{text.error()};
        auto added = registry.addYaml(*text, path);
        if (!added)
            return Error{added.error()};
    }
    if (registry.isEmpty())
        return Error{QStringLiteral("no CustomResourceDefinition found in %1").arg(dir)};
    return registry;
}

Result<void> CrdRegistry::addYaml(const QByteArray &text, const QString &origin)
{
    auto docs = YamlCodec::parseAll(text);
    if (!docs)
        return Error{QStringLiteral("%1: %2").arg(origin, docs.error())};
    for (const YamlDocument &doc : *docs) {
        const QJsonObject crd = doc.value.toObject();
        if (crd.value(QLatin1String("kind")).toString() !=
            QLatin1String("CustomResourceDefinition"))
            continue;
        const QJsonObject spec = crd.value(QLatin1String("spec")).toObject();
        const QJsonObject names = spec.value(QLatin1String("names")).toObject();
        CrdInfo info;
        info.kind = names.value(QLatin1String("kind")).toString();
        info.plural = names.value(QLatin1String("plural")).toString();
        info.group = spec.value(QLatin1String("group")).toString();
        info.crd = crd;
        info.origin = origin;
        for (const QJsonValue &v : spec.value(QLatin1String("versions")).toArray()) {
            const QJsonObject version = v.toObject();
            if (!version.value(QLatin1String("storage")).toBool(true) ||
                !version.value(QLatin1String("served")).toBool(true))
                continue;
            info.version = version.value(QLatin1String("name")).toString();
            info.schema = version.value(QLatin1String("schema"))
                              .toObject()
                              .value(QLatin1String("openAPIV3Schema"))
                              .toObject();
        }
        if (info.kind.isEmpty() || info.plural.isEmpty() || info.schema.isEmpty())
            return Error{QStringLiteral("%1: CustomResourceDefinition %2 has no kind, plural or "
                                        "served schema")
                             .arg(origin, crd.value(QLatin1String("metadata"))
                                              .toObject()
                                              .value(QLatin1String("name"))
                                              .toString())};
        m_byKind[info.kind] = std::move(info);
    }
    return Result<void>::success();
}

const CrdInfo *CrdRegistry::find(const QString &kind) const
{
    const auto it = m_byKind.find(kind);
    return it == m_byKind.end() ? nullptr : &it->second;
}

QStringList CrdRegistry::kinds() const
{
    QStringList out;
    for (const auto &[kind, info] : m_byKind)
        out << kind;
    return out;
}

} // namespace meshscope::chaos
