#include "chaos/kube/kubeconfigentryreader_p.h"

#include <QDir>
#include <QFileInfo>

namespace meshscope::chaos {

QString KubeconfigEntryReader::string(const QString &key, const QString &prefix)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString()) {
        fail(prefix + key, QStringLiteral("expected a string, got %1").arg(typeName(v)));
        return {};
    }
    return v.toString();
}

bool KubeconfigEntryReader::boolean(const QString &key, const QString &prefix)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return false;
    if (!v.isBool()) {
        fail(prefix + key, QStringLiteral("expected true or false, got %1").arg(typeName(v)));
        return false;
    }
    return v.toBool();
}

QByteArray KubeconfigEntryReader::base64(const QString &key, const QString &prefix)
{
    const QString text = string(key, prefix);
    if (text.isEmpty())
        return {};
    auto decoded =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        fail(prefix + key, QStringLiteral("is not valid base64"));
        return {};
    }
    return *decoded;
}

QString KubeconfigEntryReader::path(const QString &key, const QString &prefix)
{
    const QString p = string(key, prefix);
    if (p.isEmpty() || QDir::isAbsolutePath(p) || m_file.isEmpty())
        return p;
    return QDir::cleanPath(QFileInfo(m_file).absoluteDir().filePath(p));
}

QJsonObject KubeconfigEntryReader::object(const QString &key, const QString &prefix)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject())
        fail(prefix + key, QStringLiteral("expected a mapping, got %1").arg(typeName(v)));
    return v.toObject();
}

QJsonArray KubeconfigEntryReader::array(const QString &key, const QString &prefix)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray())
        fail(prefix + key, QStringLiteral("expected a list, got %1").arg(typeName(v)));
    return v.toArray();
}

void KubeconfigEntryReader::fail(const QString &field, const QString &what)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1: %2: %3 %4").arg(m_file, m_where, field, what);
}

void KubeconfigEntryReader::adopt(const KubeconfigEntryReader &other)
{
    if (m_error.isEmpty())
        m_error = other.m_error;
}

QString KubeconfigEntryReader::typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("a mapping");
    default:
        return QStringLiteral("null");
    }
}

} // namespace meshscope::chaos
