#include "chaos/scenario/scenarioparser.h"

#include "chaos/manifest/goduration.h"
#include "chaos/manifest/yamlcodec.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace meshscope::chaos {

namespace {

class Reader
{
public:
    Reader(const YamlDocument &doc, QString origin) : m_doc(doc), m_origin(std::move(origin)) {}

    QString error() const { return m_error; }
    bool failed() const { return !m_error.isEmpty(); }

    void fail(const QString &path, const QString &message)
    {
        if (failed())
            return;
        QString where = m_origin;
        const QString line = locateField(m_doc.positions, path);
        if (!line.isEmpty())
            where += (where.isEmpty() ? QString() : QStringLiteral(": ")) + line;
        m_error = (where.isEmpty() ? QString() : where + QStringLiteral(": ")) + path +
                  QStringLiteral(": ") + message;
    }

    void onlyKeys(const QJsonObject &o, const QString &path, const QStringList &allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!allowed.contains(it.key()))
                fail(join(path, it.key()), QStringLiteral("unknown key (expected one of: %1)")
                                               .arg(allowed.join(QLatin1String(", "))));
        }
    }

    QString string(const QJsonObject &o, const QString &path, const QString &key,
                   const QString &fallback = {})
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        // Numbers are accepted where Chaos Mesh wants percent strings: `correlation: 100`.
        if (v.isDouble() && std::trunc(v.toDouble()) == v.toDouble())
            return QString::number(v.toInteger());
        if (!v.isString()) {
            fail(join(path, key), QStringLiteral("expected text"));
            return fallback;
        }
        return v.toString();
    }

    int integer(const QJsonObject &o, const QString &path, const QString &key, int fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::trunc(d) != d || std::abs(d) > 1e9) {
            fail(join(path, key), QStringLiteral("expected a whole number"));
            return fallback;
        }
        return static_cast<int>(d);
    }

    QStringList list(const QJsonObject &o, const QString &path, const QString &key)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray()) {
            fail(join(path, key), QStringLiteral("expected a list"));
            return {};
        }
        QStringList out;
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString()) {
                fail(join(path, key), QStringLiteral("expected a list of text"));
                return {};
            }
            out << item.toString();
        }
        return out;
    }

    QJsonObject object(const QJsonObject &o, const QString &path, const QString &key)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject())
            fail(join(path, key), QStringLiteral("expected a mapping"));
        return v.toObject();
    }

    TargetSelector target(const QJsonObject &t, const QString &path)
    {
        onlyKeys(t, path,
                 {QStringLiteral("namespace"), QStringLiteral("labels"), QStringLiteral("pods"),
                  QStringLiteral("mode"), QStringLiteral("value"), QStringLiteral("service")});
        TargetSelector s;
        s.ns = string(t, path, QStringLiteral("namespace"));
        s.displayName = string(t, path, QStringLiteral("service"));
        s.pods = list(t, path, QStringLiteral("pods"));
        const QJsonObject labels = object(t, path, QStringLiteral("labels"));
        for (auto it = labels.begin(); it != labels.end(); ++it)
            s.labels.insert(it.key(),
                            string(labels, join(path, QStringLiteral("labels")), it.key()));
        const QString mode = string(t, path, QStringLiteral("mode"), QStringLiteral("all"));
        if (const auto m = selectorModeFromString(mode))
            s.mode = *m;
        else
            fail(join(path, QStringLiteral("mode")),
                 QStringLiteral("\"%1\" is not a mode (one, all, fixed, fixed-percent, "
                                "random-max-percent)")
                     .arg(mode));
        s.value = string(t, path, QStringLiteral("value"));
        return s;
    }

    static QString join(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

private:
    const YamlDocument &m_doc;
    QString m_origin;
    QString m_error;
};

QJsonObject targetJson(const TargetSelector &t)
{
    QJsonObject o;
    if (!t.ns.isEmpty())
        o.insert(QStringLiteral("namespace"), t.ns);
    if (!t.displayName.isEmpty())
        o.insert(QStringLiteral("service"), t.displayName);
    if (!t.labels.isEmpty()) {
        QJsonObject labels;
        for (auto it = t.labels.begin(); it != t.labels.end(); ++it)
            labels.insert(it.key(), it.value());
        o.insert(QStringLiteral("labels"), labels);
    }
    if (!t.pods.isEmpty())
        o.insert(QStringLiteral("pods"), QJsonArray::fromStringList(t.pods));
    o.insert(QStringLiteral("mode"), selectorModeName(t.mode));
    if (!t.value.isEmpty())
        o.insert(QStringLiteral("value"), t.value);
    return o;
}

} // namespace

Result<Scenario> ScenarioParser::parse(const QByteArray &text, const QString &origin)
{
    auto doc = YamlCodec::parse(text);
    if (!doc)
        return Error{origin.isEmpty() ? doc.error() : origin + QStringLiteral(": ") + doc.error()};
    if (!doc->value.isObject())
        return Error{(origin.isEmpty() ? QString() : origin + QStringLiteral(": ")) +
                     QStringLiteral("a scenario is a mapping with kind: Scenario")};
    Reader r(*doc, origin);
    const QJsonObject root = doc->value.toObject();
    r.onlyKeys(root, {},
               {QStringLiteral("kind"), QStringLiteral("id"), QStringLiteral("name"),
                QStringLiteral("description"), QStringLiteral("fault"), QStringLiteral("duration"),
                QStringLiteral("schedule"), QStringLiteral("target"), QStringLiteral("peer"),
                QStringLiteral("parameters")});
    if (r.string(root, {}, QStringLiteral("kind")) != QLatin1String("Scenario"))
        r.fail(QStringLiteral("kind"), QStringLiteral("expected \"Scenario\""));

    Scenario s;
    s.id = r.string(root, {}, QStringLiteral("id"));
    if (s.id.isEmpty())
        r.fail(QStringLiteral("id"), QStringLiteral("required"));
    s.name = r.string(root, {}, QStringLiteral("name"), s.id);
    s.description = r.string(root, {}, QStringLiteral("description"));
    const QString fault = r.string(root, {}, QStringLiteral("fault"));
    if (const auto kind = faultKindFromString(fault))
        s.kind = *kind;
    else
        r.fail(QStringLiteral("fault"),
               QStringLiteral("\"%1\" is not a fault (one of: %2)")
                   .arg(fault, allFaultKindNames().join(QLatin1String(", "))));
    s.duration = r.string(root, {}, QStringLiteral("duration"));
    if (s.duration.isEmpty())
        r.fail(QStringLiteral("duration"), QStringLiteral("required: every fault has a duration"));
    else if (const auto d = GoDuration::parse(s.duration); !d)
        r.fail(QStringLiteral("duration"), d.error());
    s.schedule = r.string(root, {}, QStringLiteral("schedule"));
    s.target = r.target(r.object(root, {}, QStringLiteral("target")), QStringLiteral("target"));

    const QString pp = QStringLiteral("parameters");
    const QJsonObject p = r.object(root, {}, pp);
    r.onlyKeys(p, pp,
               {QStringLiteral("latency"), QStringLiteral("jitter"), QStringLiteral("correlation"),
                QStringLiteral("loss"), QStringLiteral("rate"), QStringLiteral("limit"),
                QStringLiteral("buffer"), QStringLiteral("direction"),
                QStringLiteral("containerNames"), QStringLiteral("gracePeriod"),
                QStringLiteral("patterns"), QStringLiteral("httpTarget"), QStringLiteral("port"),
                QStringLiteral("path"), QStringLiteral("method"), QStringLiteral("delay"),
                QStringLiteral("workers"), QStringLiteral("load"), QStringLiteral("memorySize")});
    FaultParameters &f = s.parameters;
    const FaultParameters defaults;
    f.latency = r.string(p, pp, QStringLiteral("latency"));
    f.jitter = r.string(p, pp, QStringLiteral("jitter"));
    f.correlation = r.string(p, pp, QStringLiteral("correlation"));
    f.loss = r.string(p, pp, QStringLiteral("loss"));
    f.rate = r.string(p, pp, QStringLiteral("rate"));
    f.limit = r.integer(p, pp, QStringLiteral("limit"), defaults.limit);
    f.buffer = r.integer(p, pp, QStringLiteral("buffer"), defaults.buffer);
    const QString direction = r.string(p, pp, QStringLiteral("direction"), QStringLiteral("to"));
    if (const auto d = networkDirectionFromString(direction))
        f.direction = *d;
    else
        r.fail(pp + QStringLiteral(".direction"),
               QStringLiteral("\"%1\" is not to, from or both").arg(direction));
    f.containerNames = r.list(p, pp, QStringLiteral("containerNames"));
    f.gracePeriod = r.integer(p, pp, QStringLiteral("gracePeriod"), defaults.gracePeriod);
    f.patterns = r.list(p, pp, QStringLiteral("patterns"));
    f.httpTarget = r.string(p, pp, QStringLiteral("httpTarget"), defaults.httpTarget);
    f.port = r.integer(p, pp, QStringLiteral("port"), defaults.port);
    f.path = r.string(p, pp, QStringLiteral("path"), defaults.path);
    f.method = r.string(p, pp, QStringLiteral("method"));
    f.httpDelay = r.string(p, pp, QStringLiteral("delay"));
    f.workers = r.integer(p, pp, QStringLiteral("workers"), defaults.workers);
    f.load = r.integer(p, pp, QStringLiteral("load"), defaults.load);
    f.memorySize = r.string(p, pp, QStringLiteral("memorySize"));
    if (root.contains(QLatin1String("peer")))
        f.peer = r.target(r.object(root, {}, QStringLiteral("peer")), QStringLiteral("peer"));

    if (r.failed())
        return Error{r.error()};
    return s;
}

QByteArray ScenarioParser::toYaml(const Scenario &s)
{
    const FaultParameters &f = s.parameters;
    const FaultParameters defaults;
    QJsonObject p;
    auto put = [&p](const char *key, const QString &v) {
        if (!v.isEmpty())
            p.insert(QLatin1String(key), v);
    };
    put("latency", f.latency);
    put("jitter", f.jitter);
    put("correlation", f.correlation);
    put("loss", f.loss);
    put("rate", f.rate);
    put("method", f.method);
    put("delay", f.httpDelay);
    put("memorySize", f.memorySize);
    if (f.limit != defaults.limit)
        p.insert(QStringLiteral("limit"), f.limit);
    if (f.buffer != defaults.buffer)
        p.insert(QStringLiteral("buffer"), f.buffer);
    if (f.direction != defaults.direction)
        p.insert(QStringLiteral("direction"), directionName(f.direction));
    if (!f.containerNames.isEmpty())
        p.insert(QStringLiteral("containerNames"), QJsonArray::fromStringList(f.containerNames));
    if (f.gracePeriod != defaults.gracePeriod)
        p.insert(QStringLiteral("gracePeriod"), f.gracePeriod);
    if (!f.patterns.isEmpty())
        p.insert(QStringLiteral("patterns"), QJsonArray::fromStringList(f.patterns));
    if (f.httpTarget != defaults.httpTarget)
        p.insert(QStringLiteral("httpTarget"), f.httpTarget);
    if (f.port != defaults.port)
        p.insert(QStringLiteral("port"), f.port);
    if (f.path != defaults.path)
        p.insert(QStringLiteral("path"), f.path);
    if (f.workers != defaults.workers)
        p.insert(QStringLiteral("workers"), f.workers);
    if (f.load != defaults.load)
        p.insert(QStringLiteral("load"), f.load);

    QJsonObject root{{QStringLiteral("kind"), QStringLiteral("Scenario")},
                     {QStringLiteral("id"), s.id},
                     {QStringLiteral("name"), s.name},
                     {QStringLiteral("fault"), faultKindName(s.kind)},
                     {QStringLiteral("duration"), s.duration},
                     {QStringLiteral("target"), targetJson(s.target)}};
    if (!s.description.isEmpty())
        root.insert(QStringLiteral("description"), s.description);
    if (!s.schedule.isEmpty())
        root.insert(QStringLiteral("schedule"), s.schedule);
    if (!p.isEmpty())
        root.insert(QStringLiteral("parameters"), p);
    if (f.peer)
        root.insert(QStringLiteral("peer"), targetJson(*f.peer));
    return YamlCodec::dump(root);
}

} // namespace meshscope::chaos
