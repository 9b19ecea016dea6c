#include "chaos/manifest/yamlcodec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace meshscope::chaos {

namespace {

constexpr int kMaxDepth = 200; // a pasted document nests far less; deeper is an attack or a bug

// go-yaml v2 resolution of a plain (unquoted) scalar.
QJsonValue resolvePlain(const std::string &raw)
{
    const QString s = QString::fromStdString(raw);
    static const QStringList nulls{QStringLiteral("~"), QStringLiteral("null"),
                                   QStringLiteral("Null"), QStringLiteral("NULL"), QString()};
    if (nulls.contains(s))
        return QJsonValue(QJsonValue::Null);
    static const QStringList trues{
        QStringLiteral("y"),    QStringLiteral("Y"),   QStringLiteral("yes"),
        QStringLiteral("Yes"),  QStringLiteral("YES"), QStringLiteral("on"),
        QStringLiteral("On"),   QStringLiteral("ON"),  QStringLiteral("true"),
        QStringLiteral("True"), QStringLiteral("TRUE")};
    static const QStringList falses{
        QStringLiteral("n"),     QStringLiteral("N"),    QStringLiteral("no"),
        QStringLiteral("No"),    QStringLiteral("NO"),   QStringLiteral("off"),
        QStringLiteral("Off"),   QStringLiteral("OFF"),  QStringLiteral("false"),
        QStringLiteral("False"), QStringLiteral("FALSE")};
    if (trues.contains(s))
        return true;
    if (falses.contains(s))
        return false;
    static const QRegularExpression integer(QStringLiteral("^[-+]?(0|[1-9][0-9_]*)$"));
    if (integer.match(s).hasMatch()) {
        bool ok = false;
        const qint64 v = QString(s).remove(QLatin1Char('_')).toLongLong(&ok);
        if (ok)
            return QJsonValue(v);
    }
    static const QRegularExpression hex(QStringLiteral("^[-+]?0x[0-9a-fA-F_]+$"));
    if (hex.match(s).hasMatch()) {
        bool ok = false;
        QString h = QString(s).remove(QLatin1Char('_'));
        const bool negative = h.startsWith(QLatin1Char('-'));
        h.remove(QRegularExpression(QStringLiteral("^[-+]?0x")));
        const qint64 v = h.toLongLong(&ok, 16);
        if (ok)
            return QJsonValue(negative ? -v : v);
    }
    static const QRegularExpression real(QStringLiteral(
        "^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"));
    if (s != QLatin1String(".") && real.match(s).hasMatch()) {
        bool ok = false;
        const double v = QString(s).remove(QLatin1Char('_')).toDouble(&ok);
        if (ok && std::isfinite(v))
            return v;
    }
    return s;
}

struct Converter
{
    YamlDocument *doc = nullptr;
    QString error;

    void note(const QString &path, const YAML::Mark &mark)
    {
        if (!mark.is_null())
            doc->positions.insert(path, TextPosition{mark.line + 1, mark.column + 1});
    }

    QString where(const YAML::Mark &mark) const
    {
        return mark.is_null()
                   ? QString()
                   : QStringLiteral("line %1:%2: ").arg(mark.line + 1).arg(mark.column + 1);
    }

    bool convert(const YAML::Node &node, const QString &path, int depth, QJsonValue *out)
    {
        if (depth > kMaxDepth) {
            error =
                where(node.Mark()) + QStringLiteral("nested more than %1 levels").arg(kMaxDepth);
            return false;
        }
        note(path, node.Mark());
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            *out = QJsonValue(QJsonValue::Null);
            return true;
        case YAML::NodeType::Scalar:
            // "!" marks a quoted (or explicitly tagged string) scalar: always a string.
            if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str")
                *out = QString::fromStdString(node.Scalar());
            else
                *out = resolvePlain(node.Scalar());
            return true;
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            int index = 0;
            for (const YAML::Node &item : node) {
                QJsonValue v;
                if (!convert(item, path + QStringLiteral("[%1]").arg(index), depth + 1, &v))
                    return false;
                array.append(v);
                ++index;
            }
            *out = array;
            return true;
        }
        case YAML::NodeType::Map: {
            QJsonObject object;
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (!it->first.IsScalar()) {
                    error =
                        where(it->first.Mark()) + QStringLiteral("a mapping key must be a scalar");
                    return false;
                }
                const QString key = QString::fromStdString(it->first.Scalar());
                if (object.contains(key)) {
                    error = where(it->first.Mark()) +
                            QStringLiteral("duplicate key \"%1\" in %2")
                                .arg(key, path.isEmpty() ? QStringLiteral("the document") : path);
                    return false;
                }
                QJsonValue v;
                if (!convert(it->second, childFieldPath(path, key), depth + 1, &v))
                    return false;
                object.insert(key, v);
            }
            *out = object;
            return true;
        }
        }
        return false;
    }
};

// Would this string read back as something other than the same string?
bool needsQuotes(const QString &s)
{
    if (s.isEmpty() || s != s.trimmed())
        return true;
    const QJsonValue resolved = resolvePlain(s.toStdString());
    if (!resolved.isString() || resolved.toString() != s)
        return true;
    static const QRegularExpression special(
        QStringLiteral("^[-?:,\\[\\]{}#&*!|>'\"%@`]|: | #|:$|[\\x00-\\x1f\\x7f]"));
    return special.match(s).hasMatch();
}

void emitValue(YAML::Emitter &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        break;
    case QJsonValue::Bool:
        out << (value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::trunc(d) == d && std::abs(d) < 9.0e15)
            out << static_cast<long long>(d);
        else
            out << QByteArray::number(d, 'g', 17).toStdString();
        break;
    }
    case QJsonValue::String: {
        const QString s = value.toString();
        // Double quotes escape line breaks and control characters exactly; a literal block
        // would change them (a trailing newline added, "\r" read back as "\n").
        if (needsQuotes(s))
            out << YAML::DoubleQuoted << s.toStdString();
        else
            out << s.toStdString();
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            break;
        }
        out << YAML::BeginSeq;
        for (const QJsonValue &item : array)
            emitValue(out, item);
        out << YAML::EndSeq;
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            break;
        }
        out << YAML::BeginMap;
        for (auto it = object.begin(); it != object.end(); ++it) {
            out << YAML::Key;
            if (needsQuotes(it.key()))
                out << YAML::DoubleQuoted;
            out << it.key().toStdString() << YAML::Value;
            emitValue(out, it.value());
        }
        out << YAML::EndMap;
        break;
    }
    }
}

// yaml-cpp 0.7's LoadAll never returns on some inputs (",kn": a flow entry at document level is
// never consumed, so the parser yields empty documents at the same place forever; found by
// tests/fuzz/fuzz_scenario). A first pass over the events notices a document that starts where
// the previous one did and stops there.
class ProgressCheck : public YAML::EventHandler
{
public:
    int lastPos = -2;
    int line = 0;
    int column = 0;
    bool stuck = false;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        stuck = mark.pos == lastPos;
        lastPos = mark.pos;
        line = mark.line + 1;
        column = mark.column + 1;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t,
                  const std::string &) override
    {
    }
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
    }
    void OnMapEnd() override {}
};

} // namespace

Result<std::vector<YamlDocument>> YamlCodec::parseAll(const QByteArray &text)
{
    std::vector<YamlDocument> docs;
    try {
        const std::string input = text.toStdString();
        {
            std::istringstream stream(input);
            YAML::Parser parser(stream);
            ProgressCheck check;
            while (parser.HandleNextDocument(check)) {
                if (check.stuck)
                    return Error{QStringLiteral("line %1:%2: the text is not YAML here")
                                     .arg(check.line)
                                     .arg(check.column)};
            }
        }
        const std::vector<YAML::Node> nodes = YAML::LoadAll(input);
        for (const YAML::Node &node : nodes) {
            if (node.IsNull())
                continue; // an empty document between two "---"
            YamlDocument doc;
            Converter converter{&doc, {}};
            if (!converter.convert(node, QString(), 0, &doc.value))
                return Error{converter.error};
            docs.push_back(std::move(doc));
        }
    } catch (const YAML::Exception &e) {
        return Error{QStringLiteral("line %1:%2: %3")
                         .arg(e.mark.line + 1)
                         .arg(e.mark.column + 1)
                         .arg(QString::fromStdString(e.msg))};
    } catch (const std::exception &e) {
        return Error{QStringLiteral("YAML: %1").arg(QString::fromLocal8Bit(e.what()))};
    }
    return docs;
}

Result<YamlDocument> YamlCodec::parse(const QByteArray &text)
{
    auto docs = parseAll(text);
    if (!docs)
        return Error{docs.error()};
    if (docs->empty())
        return Error{QStringLiteral("the text holds no YAML document")};
    if (docs->size() > 1)
        return Error{
            QStringLiteral("the text holds %1 YAML documents; expected one").arg(docs->size())};
    return std::move(docs.value().front());
}

QByteArray YamlCodec::dump(const QJsonValue &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    emitValue(out, value);
    QByteArray text(out.c_str(), static_cast<qsizetype>(out.size()));
    if (!text.endsWith('\n'))
        text.append('\n');
    return text;
}

} // namespace meshscope::chaos
