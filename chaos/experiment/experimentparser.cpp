#include "chaos/experiment/experimentparser.h"

#include "chaos/manifest/goduration.h"
#include "chaos/manifest/yamlcodec.h"
#include "chaos/scenario/scenarioparser.h"
#include "chaos/scenario/targetmapper.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace meshscope::chaos {

namespace {

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

class Reader
{
public:
    Reader(const YamlDocument &doc, QString origin) : m_doc(doc), m_origin(std::move(origin)) {}

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    // The first problem wins: later ones are often consequences of it.
    void fail(const QString &path, const QString &message)
    {
        if (failed())
            return;
        QStringList parts;
        if (!m_origin.isEmpty())
            parts << m_origin;
        const QString line = locateField(m_doc.positions, path);
        if (!line.isEmpty())
            parts << line;
        if (!path.isEmpty())
            parts << path;
        parts << message;
        m_error = parts.join(QLatin1String(": "));
    }

    void onlyKeys(const QJsonObject &o, const QString &path, const QStringList &allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!allowed.contains(it.key()))
                fail(join(path, it.key()), QStringLiteral("unknown key (expected one of: %1)")
                                               .arg(allowed.join(QLatin1String(", "))));
    }

    QString text(const QJsonObject &o, const QString &path, const QString &key)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (v.isDouble())
            return QString::number(v.toDouble());
        if (!v.isString()) {
            fail(join(path, key), QStringLiteral("expected text"));
            return {};
        }
        return v.toString().trimmed();
    }

    // A Go duration ("20s", "1m30s"); a bare number is seconds.
    qint64 duration(const QJsonObject &o, const QString &path, const QString &key, qint64 fallback)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (v.isDouble() && v.toDouble() > 0 && v.toDouble() < 1e7)
            return qint64(v.toDouble() * 1000.0);
        const auto d = GoDuration::parse(v.isString() ? v.toString() : QString());
        if (!d || d->count() <= 0) {
            fail(join(path, key),
                 QStringLiteral("expected a duration longer than zero such as 30s or 2m"));
            return fallback;
        }
        return d->count();
    }

    // A number, optionally with a unit suffix that is stripped ("1%", "300ms").
    std::optional<double> number(const QJsonValue &v, const QString &path, const QString &unit)
    {
        if (v.isDouble() && std::isfinite(v.toDouble()))
            return v.toDouble();
        QString s = v.isString() ? v.toString().trimmed() : QString();
        if (!unit.isEmpty() && s.endsWith(unit))
            s.chop(unit.size());
        bool ok = false;
        const double d = s.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(d)) {
            fail(path, QStringLiteral("expected a number%1")
                           .arg(unit.isEmpty() ? QString() : QStringLiteral(" (in %1)").arg(unit)));
            return std::nullopt;
        }
        return d;
    }

    QString service(const QJsonObject &o, const QString &path, const QString &key)
    {
        const QString s = text(o, path, key);
        if (s.count(QLatin1Char('/')) != 1 || s.startsWith(QLatin1Char('/')) ||
            s.endsWith(QLatin1Char('/')))
            fail(join(path, key),
                 QStringLiteral("\"%1\" is not a service: write namespace/name (shop/frontend)")
                     .arg(s));
        return s;
    }

    SteadyStateCondition condition(const QJsonObject &o, const QString &path);

private:
    const YamlDocument &m_doc;
    QString m_origin;
    QString m_error;
};

SteadyStateCondition Reader::condition(const QJsonObject &o, const QString &path)
{
    using K = SteadyStateCondition::Kind;
    SteadyStateCondition c;
    const QStringList kinds{QStringLiteral("score"), QStringLiteral("errorRatio"),
                            QStringLiteral("p95"),   QStringLiteral("promql"),
                            QStringLiteral("probe"), QStringLiteral("robustness")};
    QStringList present;
    for (const QString &k : kinds)
        if (o.contains(k))
            present << k;
    if (present.size() != 1) {
        fail(path, QStringLiteral("a condition has exactly one of: %1")
                       .arg(kinds.join(QLatin1String(", "))));
        return c;
    }
    const QString kind = present.first();
    onlyKeys(o, path,
             {kind, QStringLiteral("atLeast"), QStringLiteral("atMost"), QStringLiteral("every")});
    const bool least = o.contains(QLatin1String("atLeast"));
    const bool most = o.contains(QLatin1String("atMost"));
    c.comparison =
        most ? SteadyStateCondition::Comparison::AtMost : SteadyStateCondition::Comparison::AtLeast;
    auto bound = [&](const QString &unit, bool needLeast, bool needMost) {
        if ((least && most) || (!least && !most) || (needLeast && !least) || (needMost && !most)) {
            fail(path, QStringLiteral("%1 needs %2")
                           .arg(kind, needLeast  ? QStringLiteral("atLeast")
                                      : needMost ? QStringLiteral("atMost")
                                                 : QStringLiteral("atLeast or atMost")));
            return;
        }
        const QString key = least ? QStringLiteral("atLeast") : QStringLiteral("atMost");
        if (auto v = number(o.value(key), join(path, key), unit))
            c.threshold = *v;
    };
    if (kind == QLatin1String("score")) {
        c.kind = K::Score;
        c.service = service(o, path, kind);
        bound({}, true, false);
        c.text = QStringLiteral("score of %1 >= %2").arg(c.service).arg(c.threshold);
    } else if (kind == QLatin1String("errorRatio")) {
        c.kind = K::ErrorRatio;
        c.service = service(o, path, kind);
        bound(QStringLiteral("%"), false, true);
        c.text = QStringLiteral("error ratio of %1 <= %2 %").arg(c.service).arg(c.threshold);
    } else if (kind == QLatin1String("p95")) {
        c.kind = K::P95;
        c.service = service(o, path, kind);
        bound(QStringLiteral("ms"), false, true);
        c.text = QStringLiteral("p95 of %1 <= %2 ms").arg(c.service).arg(c.threshold);
    } else if (kind == QLatin1String("promql")) {
        c.kind = K::PromQL;
        c.query = text(o, path, kind);
        if (c.query.isEmpty())
            fail(join(path, kind), QStringLiteral("the PromQL expression is empty"));
        bound({}, false, false);
        c.text = QStringLiteral("%1 %2 %3")
                     .arg(c.query, most ? QStringLiteral("<=") : QStringLiteral(">="))
                     .arg(c.threshold);
    } else if (kind == QLatin1String("probe")) {
        c.kind = K::Probe;
        c.url = text(o, path, kind);
        if (!c.url.startsWith(QLatin1String("http://")) &&
            !c.url.startsWith(QLatin1String("tcp://")))
            fail(join(path, kind),
                 QStringLiteral("\"%1\" is not a probe target: write http://host:port/path or "
                                "tcp://host:port")
                     .arg(c.url));
        c.everyMs = duration(o, path, QStringLiteral("every"), 5000);
        bound(QStringLiteral("%"), true, false);
        c.text = QStringLiteral("probe %1 succeeds >= %2 %").arg(c.url).arg(c.threshold);
    } else {
        c.kind = K::Robustness;
        c.service = service(o, path, kind);
        if (least || most)
            fail(path, QStringLiteral("robustness is a fixed template (success >= 95 %, mean "
                                      "score drift <= 0.05): it takes no bound"));
        c.threshold = 95.0;
        c.text = QStringLiteral("robustness of %1 (success >= 95 %, drift <= 0.05)").arg(c.service);
    }
    return c;
}

// The inline `scenario:` mapping as a Scenario file, so both spellings share one parser.
Result<Scenario> inlineScenario(QJsonObject o, const QString &id)
{
    o.insert(QStringLiteral("kind"), QStringLiteral("Scenario"));
    if (!o.contains(QLatin1String("id")))
        o.insert(QStringLiteral("id"), id.isEmpty() ? QStringLiteral("inline") : id);
    if (!o.contains(QLatin1String("duration")))
        o.insert(QStringLiteral("duration"), QStringLiteral("1m")); // replaced by phases.inject
    return ScenarioParser::parse(YamlCodec::dump(o));
}

} // namespace

Result<Experiment> ExperimentParser::parse(const QByteArray &text, const QString &origin,
                                           const ScenarioLibrary *library)
{
    const QString prefix = origin.isEmpty() ? QString() : origin + QStringLiteral(": ");
    auto doc = YamlCodec::parse(text);
    if (!doc)
        return Error{prefix + doc.error()};
    if (!doc->value.isObject())
        return Error{prefix + QStringLiteral("an experiment is a mapping with kind: Experiment")};
    Reader r(*doc, origin);
    const QJsonObject root = doc->value.toObject();
    r.onlyKeys(root, {},
               {QStringLiteral("kind"), QStringLiteral("id"), QStringLiteral("name"),
                QStringLiteral("hypothesis"), QStringLiteral("target"), QStringLiteral("peer"),
                QStringLiteral("scenario"), QStringLiteral("phases"), QStringLiteral("refresh"),
                QStringLiteral("recoveryTolerance"), QStringLiteral("steadyState"),
                QStringLiteral("guardrails")});
    if (r.text(root, {}, QStringLiteral("kind")) != QLatin1String("Experiment"))
        r.fail(QStringLiteral("kind"), QStringLiteral("expected \"Experiment\""));

    Experiment e;
    e.id = r.text(root, {}, QStringLiteral("id"));
    if (e.id.isEmpty())
        r.fail(QStringLiteral("id"), QStringLiteral("required"));
    e.name = r.text(root, {}, QStringLiteral("name"));
    if (e.name.isEmpty())
        e.name = e.id;
    e.hypothesis = r.text(root, {}, QStringLiteral("hypothesis"));
    if (e.hypothesis.isEmpty())
        r.fail(QStringLiteral("hypothesis"),
               QStringLiteral("required: write what you expect to hold before running the fault"));
    e.target = r.service(root, {}, QStringLiteral("target"));
    if (root.contains(QLatin1String("peer")))
        e.peer = r.service(root, {}, QStringLiteral("peer"));

    const QJsonObject phases = root.value(QLatin1String("phases")).toObject();
    r.onlyKeys(
        phases, QStringLiteral("phases"),
        {QStringLiteral("baseline"), QStringLiteral("inject"), QStringLiteral("recoverWithin")});
    e.baselineMs =
        r.duration(phases, QStringLiteral("phases"), QStringLiteral("baseline"), e.baselineMs);
    e.injectMs = r.duration(phases, QStringLiteral("phases"), QStringLiteral("inject"), e.injectMs);
    e.recoverWithinMs = r.duration(phases, QStringLiteral("phases"),
                                   QStringLiteral("recoverWithin"), e.recoverWithinMs);
    e.refreshMs = r.duration(root, {}, QStringLiteral("refresh"), e.refreshMs);
    if (root.contains(QLatin1String("recoveryTolerance")))
        if (auto t = r.number(root.value(QLatin1String("recoveryTolerance")),
                              QStringLiteral("recoveryTolerance"), {}))
            e.recoveryTolerance = *t;
    if (!r.failed() && e.baselineMs < 2 * e.refreshMs)
        r.fail(QStringLiteral("phases.baseline"),
               QStringLiteral("the baseline needs at least two refreshes (refresh is %1)")
                   .arg(GoDuration::format(std::chrono::milliseconds(e.refreshMs))));

    // The fault: a library id or an inline scenario; the experiment's target and inject length
    // replace the scenario's own.
    const QJsonValue sv = root.value(QLatin1String("scenario"));
    std::optional<Scenario> scenario;
    if (sv.isString()) {
        ScenarioLibrary builtIn;
        if (!library) {
            builtIn = ScenarioLibrary::load();
            library = &builtIn;
        }
        if (const Scenario *s = library->find(sv.toString()))
            scenario = *s;
        else
            r.fail(QStringLiteral("scenario"),
                   QStringLiteral("no scenario \"%1\" in the library").arg(sv.toString()));
    } else if (sv.isObject()) {
        auto s = inlineScenario(sv.toObject(), e.id);
        if (s)
            scenario = *s;
        else
            r.fail(QStringLiteral("scenario"), s.error());
    } else {
        r.fail(QStringLiteral("scenario"),
               QStringLiteral("required: a library scenario id (seed-latency) or a mapping with "
                              "fault and parameters"));
    }
    if (scenario && !r.failed()) {
        const TargetMapper mapper;
        const auto node = [](const QString &s) {
            return core::NodeId(QString(), s.section(QLatin1Char('/'), 0, 0),
                                s.section(QLatin1Char('/'), 1));
        };
        if (e.peer.isEmpty()) {
            e.scenario = mapper.onNode(*scenario, node(e.target));
        } else {
            auto onCall = mapper.onCall(*scenario, node(e.target), node(e.peer));
            if (onCall)
                e.scenario = *onCall;
            else
                r.fail(QStringLiteral("peer"), onCall.error());
        }
        e.scenario.duration = GoDuration::format(std::chrono::milliseconds(e.injectMs));
    }

    const QJsonValue ss = root.value(QLatin1String("steadyState"));
    if (!ss.isArray() || ss.toArray().isEmpty())
        r.fail(QStringLiteral("steadyState"),
               QStringLiteral("required: a list of conditions the hypothesis claims"));
    const QJsonArray conditions = ss.toArray();
    for (qsizetype i = 0; i < conditions.size(); ++i) {
        const QString path = QStringLiteral("steadyState[%1]").arg(i);
        if (!conditions.at(i).isObject())
            r.fail(path, QStringLiteral("expected a mapping such as {score: shop/frontend, "
                                        "atLeast: 60}"));
        else
            e.steadyState.push_back(r.condition(conditions.at(i).toObject(), path));
    }

    const QJsonObject guardrails = root.value(QLatin1String("guardrails")).toObject();
    r.onlyKeys(guardrails, QStringLiteral("guardrails"), {QStringLiteral("abort")});
    const QJsonArray aborts = guardrails.value(QLatin1String("abort")).toArray();
    for (qsizetype i = 0; i < aborts.size(); ++i) {
        const QString path = QStringLiteral("guardrails.abort[%1]").arg(i);
        const QJsonObject a = aborts.at(i).toObject();
        r.onlyKeys(
            a, path,
            {QStringLiteral("service"), QStringLiteral("below"), QStringLiteral("refreshes")});
        AbortGuardrail g;
        g.service = r.service(a, path, QStringLiteral("service"));
        if (auto below =
                r.number(a.value(QLatin1String("below")), join(path, QStringLiteral("below")), {}))
            g.below = *below;
        if (auto n = r.number(a.value(QLatin1String("refreshes")).isUndefined()
                                  ? QJsonValue(3)
                                  : a.value(QLatin1String("refreshes")),
                              join(path, QStringLiteral("refreshes")), {})) {
            if (*n < 1 || *n > 1000 || std::trunc(*n) != *n)
                r.fail(join(path, QStringLiteral("refreshes")),
                       QStringLiteral("expected a whole number from 1 to 1000"));
            else
                g.refreshes = int(*n);
        }
        e.abortGuardrails.push_back(g);
    }

    if (r.failed())
        return Error{r.error()};
    return e;
}

Result<Experiment> ExperimentParser::parseFile(const QString &path, const ScenarioLibrary *library)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    return parse(file.readAll(), path, library);
}

} // namespace meshscope::chaos
