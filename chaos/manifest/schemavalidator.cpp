#include "chaos/manifest/schemavalidator.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace meshscope::chaos {

namespace {

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return std::trunc(d) == d ? QStringLiteral("integer") : QStringLiteral("number");
    }
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

// How a value is quoted in a message, as the API server does: strings quoted, numbers bare.
QString shown(const QJsonValue &v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isDouble()) {
        const double d = v.toDouble();
        return std::trunc(d) == d && std::abs(d) < 9e15 ? QString::number(static_cast<qint64>(d))
                                                        : QString::number(d);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull())
        return QStringLiteral("null");
    return QString::fromUtf8(
        QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
            .toJson(QJsonDocument::Compact));
}

const QRegularExpression &cachedRegex(const QString &pattern)
{
    // Schemas repeat a handful of patterns thousands of times; compile each once.
    static QMutex mutex;
    static QHash<QString, QRegularExpression> cache;
    QMutexLocker lock(&mutex);
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        QRegularExpression re(pattern);
        re.optimize();
        it = cache.insert(pattern, re);
    }
    return *it;
}

bool isTypeOk(const QString &type, const QJsonValue &v)
{
    if (type.isEmpty())
        return true;
    if (type == QLatin1String("object"))
        return v.isObject();
    if (type == QLatin1String("array"))
        return v.isArray();
    if (type == QLatin1String("string"))
        return v.isString();
    if (type == QLatin1String("boolean"))
        return v.isBool();
    if (type == QLatin1String("number"))
        return v.isDouble();
    if (type == QLatin1String("integer"))
        return v.isDouble() && std::trunc(v.toDouble()) == v.toDouble();
    return true;
}

struct Walker
{
    ValidationIssues *issues;

    void add(const QString &path, const QString &message)
    {
        issues->push_back({path, message, {}});
    }

    void validate(const QJsonValue &v, const QJsonObject &schema, const QString &path)
    {
        if (v.isNull()) {
            // An explicit null is allowed where the schema says nullable; the server also
            // drops nulls for fields that have a default.
            if (!schema.value(QLatin1String("nullable")).toBool() &&
                !schema.contains(QLatin1String("default")))
                add(path, QStringLiteral("Invalid value: \"null\": %1 in body must be of type %2")
                              .arg(path, schema.value(QLatin1String("type"))
                                             .toString(QStringLiteral("object"))));
            return;
        }

        const bool intOrString = schema.value(QLatin1String("x-kubernetes-int-or-string")).toBool();
        const QString type = schema.value(QLatin1String("type")).toString();
        if (intOrString) {
            if (!isTypeOk(QStringLiteral("integer"), v) && !v.isString()) {
                add(path, QStringLiteral("Invalid value: \"%1\": %2 in body must be of type "
                                         "integer or string")
                              .arg(jsonTypeName(v), path));
                return;
            }
        } else if (!isTypeOk(type, v)) {
            add(path, QStringLiteral("Invalid value: \"%1\": %2 in body must be of type %3: \"%1\"")
                          .arg(jsonTypeName(v), path, type));
            return;
        }

        checkScalar(v, schema, path);
        if (v.isObject())
            checkObject(v.toObject(), schema, path);
        else if (v.isArray())
            checkArray(v.toArray(), schema, path);

        const QJsonArray anyOf = schema.value(QLatin1String("anyOf")).toArray();
        if (!anyOf.isEmpty() && !intOrString) {
            bool matched = false;
            for (const QJsonValue &branch : anyOf) {
                ValidationIssues sub;
                Walker{&sub}.validate(v, branch.toObject(), path);
                if (sub.empty()) {
                    matched = true;
                    break;
                }
            }
            if (!matched)
                add(path, QStringLiteral("Invalid value: %1: must match one of the allowed forms")
                              .arg(shown(v)));
        }
    }

    void checkScalar(const QJsonValue &v, const QJsonObject &schema, const QString &path)
    {
        const QJsonArray enumValues = schema.value(QLatin1String("enum")).toArray();
        if (!enumValues.isEmpty() && !enumValues.contains(v)) {
            QStringList supported;
            for (const QJsonValue &e : enumValues)
                supported << shown(e);
            add(path, QStringLiteral("Unsupported value: %1: supported values: %2")
                          .arg(shown(v), supported.join(QLatin1String(", "))));
        }
        if (v.isString()) {
            const QString s = v.toString();
            const QString pattern = schema.value(QLatin1String("pattern")).toString();
            if (!pattern.isEmpty() && !cachedRegex(pattern).match(s).hasMatch())
                add(path, QStringLiteral("Invalid value: %1: %2 in body should match '%3'")
                              .arg(shown(v), path, pattern));
            if (schema.contains(QLatin1String("maxLength")) &&
                s.size() > schema.value(QLatin1String("maxLength")).toInteger())
                add(path, QStringLiteral("Too long: may not be longer than %1")
                              .arg(schema.value(QLatin1String("maxLength")).toInteger()));
            if (schema.contains(QLatin1String("minLength")) &&
                s.size() < schema.value(QLatin1String("minLength")).toInteger())
                add(path, QStringLiteral("Invalid value: %1: %2 in body should be at least %3 "
                                         "chars long")
                              .arg(shown(v), path)
                              .arg(schema.value(QLatin1String("minLength")).toInteger()));
            const QString format = schema.value(QLatin1String("format")).toString();
            if (format == QLatin1String("date-time") &&
                !QDateTime::fromString(s, Qt::ISODateWithMs).isValid())
                add(path, QStringLiteral("Invalid value: %1: %2 in body must be of type "
                                         "date-time: %1")
                              .arg(shown(v), path));
            if (format == QLatin1String("byte")) {
                const auto decoded = QByteArray::fromBase64Encoding(
                    s.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded)
                    add(path, QStringLiteral("Invalid value: %1: %2 in body must be of type "
                                             "byte: %1")
                                  .arg(shown(v), path));
            }
        }
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (schema.contains(QLatin1String("minimum"))) {
                const double min = schema.value(QLatin1String("minimum")).toDouble();
                const bool exclusive = schema.value(QLatin1String("exclusiveMinimum")).toBool();
                if (exclusive ? d <= min : d < min)
                    add(path, QStringLiteral("Invalid value: %1: %2 in body should be greater "
                                             "than %3%4")
                                  .arg(shown(v), path,
                                       exclusive ? QString() : QStringLiteral("or equal to "))
                                  .arg(shown(QJsonValue(min))));
            }
            if (schema.contains(QLatin1String("maximum"))) {
                const double max = schema.value(QLatin1String("maximum")).toDouble();
                const bool exclusive = schema.value(QLatin1String("exclusiveMaximum")).toBool();
                if (exclusive ? d >= max : d > max)
                    add(path, QStringLiteral("Invalid value: %1: %2 in body should be less "
                                             "than %3%4")
                                  .arg(shown(v), path,
                                       exclusive ? QString() : QStringLiteral("or equal to "))
                                  .arg(shown(QJsonValue(max))));
            }
            if (schema.value(QLatin1String("format")).toString() == QLatin1String("int32") &&
                (d < std::numeric_limits<qint32>::min() || d > std::numeric_limits<qint32>::max()))
                add(path, QStringLiteral("Invalid value: %1: %2 in body must be a 32-bit integer")
                              .arg(shown(v), path));
        }
    }

    void checkObject(const QJsonObject &object, const QJsonObject &schema, const QString &path)
    {
        const QJsonArray required = schema.value(QLatin1String("required")).toArray();
        for (const QJsonValue &r : required) {
            if (!object.contains(r.toString()))
                add(childFieldPath(path, r.toString()), QStringLiteral("Required value"));
        }
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        const bool preserveUnknown =
            schema.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool();
        // Schemas with neither properties nor additionalProperties (metadata, free maps) accept
        // anything; the API server handles metadata itself.
        const bool openObject = properties.isEmpty() && additional.isUndefined();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString childPath = childFieldPath(path, it.key());
            if (properties.contains(it.key())) {
                validate(it.value(), properties.value(it.key()).toObject(), childPath);
            } else if (additional.isObject()) {
                validate(it.value(), additional.toObject(), childPath);
            } else if (additional.isBool() && additional.toBool()) {
                continue;
            } else if (!openObject && !preserveUnknown) {
                // The API server prunes unknown fields silently: a misspelt `latncy` would vanish
                // and the fault run with defaults. Refuse it here instead.
                add(childPath, QStringLiteral("unknown field \"%1\" (the API server would drop it)")
                                   .arg(it.key()));
            }
        }
    }

    void checkArray(const QJsonArray &array, const QJsonObject &schema, const QString &path)
    {
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        if (schema.contains(QLatin1String("maxItems")) &&
            array.size() > schema.value(QLatin1String("maxItems")).toInteger())
            add(path, QStringLiteral("Too many: %1: must have at most %2 items")
                          .arg(array.size())
                          .arg(schema.value(QLatin1String("maxItems")).toInteger()));
        if (schema.contains(QLatin1String("minItems")) &&
            array.size() < schema.value(QLatin1String("minItems")).toInteger())
            add(path, QStringLiteral("Invalid value: %1: %2 in body should have at least %3 items")
                          .arg(array.size())
                          .arg(path)
                          .arg(schema.value(QLatin1String("minItems")).toInteger()));
        for (qsizetype i = 0; i < array.size(); ++i)
            validate(array.at(i), items, path + QStringLiteral("[%1]").arg(i));

        const QString listType = schema.value(QLatin1String("x-kubernetes-list-type")).toString();
        if (listType == QLatin1String("set")) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                for (qsizetype j = 0; j < i; ++j) {
                    if (array.at(i) == array.at(j)) {
                        add(path + QStringLiteral("[%1]").arg(i),
                            QStringLiteral("Duplicate value: %1").arg(shown(array.at(i))));
                        break;
                    }
                }
            }
        } else if (listType == QLatin1String("map")) {
            const QJsonArray keys =
                schema.value(QLatin1String("x-kubernetes-list-map-keys")).toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                for (qsizetype j = 0; j < i; ++j) {
                    bool same = !keys.isEmpty();
                    for (const QJsonValue &k : keys)
                        same = same && array.at(i).toObject().value(k.toString()) ==
                                           array.at(j).toObject().value(k.toString());
                    if (same) {
                        add(path + QStringLiteral("[%1]").arg(i),
                            QStringLiteral("Duplicate value: %1").arg(shown(array.at(i))));
                        break;
                    }
                }
            }
        }
    }
};

} // namespace

void SchemaValidator::validate(const QJsonValue &value, const QJsonObject &schema,
                               const QString &path, ValidationIssues *issues)
{
    Walker{issues}.validate(value, schema, path);
}

} // namespace meshscope::chaos
