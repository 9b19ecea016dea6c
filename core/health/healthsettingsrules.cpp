#include "core/health/servicerules.h"
#include "core/health/settingsparser_p.h"

#include <QRegularExpression>

// The settings file's rules per service: Kiali's health_config.rate block, read verbatim, and
// the latency objectives with their overrides.

namespace meshscope::core::settingsdetail {

// A scalar regex of a Kiali rule, checked here so the message can point at it.
QString Parser::readPattern(const YAML::Node &parent, const char *name, const QString &prefix,
                            bool code)
{
    const YAML::Node node = parent[name];
    if (!node)
        return {};
    const QString key = prefix + QString::fromLatin1(name);
    if (!node.IsScalar())
        fail(node.Mark(), key, tr("expected a regular expression, got %1").arg(describe(node)));
    const QString pattern = QString::fromStdString(node.Scalar());
    const QRegularExpression re = ServiceRules::kialiPattern(pattern, code);
    if (!re.isValid())
        fail(node.Mark(), key,
             tr("invalid regular expression \"%1\": %2").arg(pattern, re.errorString()));
    return pattern;
}

// One tolerance of Kiali's health_config.rate, verbatim. Kiali matches a regex against
// each response code; Meshscope has the codes by class (5xx, 4xx, gRPC 1-16, "-"), so the
// regex must take a whole class or none of it, and no success code.
ErrorTolerance Parser::readKialiTolerance(const YAML::Node &node, const QString &key)
{
    requireMap(node, key, {"code", "direction", "protocol", "degraded", "failure"});
    if (!node.IsMap())
        fail(node.Mark(), key, tr("expected a mapping"));
    remember(key, node);
    const QString prefix = key + QLatin1Char('.');
    const QString code = readPattern(node, "code", prefix, true);
    const QRegularExpression re = ServiceRules::kialiPattern(code, true);
    const auto matched = [&re](int from, int to, int &count) {
        count = 0;
        for (int c = from; c <= to; ++c)
            count += re.match(QString::number(c)).hasMatch();
        return to - from + 1;
    };
    struct ClassRange
    {
        ErrorClass cls;
        int from, to;
    };
    ErrorTolerance t;
    int classes = 0;
    for (const ClassRange &r :
         {ClassRange{ErrorClass::Http5xx, 500, 599}, ClassRange{ErrorClass::Http4xx, 400, 499},
          ClassRange{ErrorClass::GrpcError, 1, 16}}) {
        int hits = 0;
        const int all = matched(r.from, r.to, hits);
        if (hits > 0 && hits < all)
            fail(markOf(key), prefix + QStringLiteral("code"),
                 tr("\"%1\" matches %2 of the %3 codes of class %4; Meshscope counts errors "
                    "by whole class (5XX, 4XX, gRPC 1-16, \"-\")")
                     .arg(code)
                     .arg(hits)
                     .arg(all)
                     .arg(toString(r.cls)));
        if (hits == all) {
            t.code = r.cls;
            ++classes;
        }
    }
    if (re.match(QStringLiteral("-")).hasMatch()) {
        t.code = ErrorClass::NoResponse;
        ++classes;
    }
    int success = 0;
    matched(100, 399, success);
    if (success > 0 || re.match(QStringLiteral("0")).hasMatch())
        fail(markOf(key), prefix + QStringLiteral("code"),
             tr("\"%1\" matches success codes (1xx-3xx or gRPC 0)").arg(code));
    if (classes != 1)
        fail(markOf(key), prefix + QStringLiteral("code"),
             tr("\"%1\" must match exactly one class (5XX, 4XX, gRPC 1-16 or \"-\"), "
                "matches %2")
                 .arg(code)
                 .arg(classes));
    const QRegularExpression proto =
        ServiceRules::kialiPattern(readPattern(node, "protocol", prefix));
    t.http = proto.match(QStringLiteral("http")).hasMatch();
    t.grpc = proto.match(QStringLiteral("grpc")).hasMatch();
    const QRegularExpression dir =
        ServiceRules::kialiPattern(readPattern(node, "direction", prefix));
    t.inbound = dir.match(QStringLiteral("inbound")).hasMatch();
    t.outbound = dir.match(QStringLiteral("outbound")).hasMatch();
    // Kiali's zero values: a tolerance without degraded/failure has 0 for both.
    t.degradedPercent = 0.0;
    t.failurePercent = 0.0;
    readDouble(node, "degraded", prefix, t.degradedPercent);
    readDouble(node, "failure", prefix, t.failurePercent);
    return t;
}

void Parser::readHealthConfig(const YAML::Node &n, HealthSettings &s)
{
    remember(QStringLiteral("health_config"), n);
    requireMap(n, QStringLiteral("health_config"), {"rate"});
    const YAML::Node rate = n["rate"];
    if (!rate)
        return;
    remember(QStringLiteral("health_config.rate"), rate);
    if (!rate.IsSequence())
        fail(rate.Mark(), QStringLiteral("health_config.rate"), tr("expected a list"));
    for (size_t i = 0; i < rate.size(); ++i) {
        const QString key = QStringLiteral("health_config.rate[%1]").arg(i);
        const YAML::Node r = rate[i];
        requireMap(r, key, {"namespace", "kind", "name", "tolerance"});
        if (!r.IsMap())
            fail(r.Mark(), key, tr("expected a mapping"));
        remember(key, r);
        RateRule rule;
        const QString prefix = key + QLatin1Char('.');
        rule.namespacePattern = readPattern(r, "namespace", prefix);
        rule.kindPattern = readPattern(r, "kind", prefix);
        rule.namePattern = readPattern(r, "name", prefix);
        if (const YAML::Node tol = r["tolerance"]) {
            if (!tol.IsSequence())
                fail(tol.Mark(), prefix + QStringLiteral("tolerance"), tr("expected a list"));
            for (size_t k = 0; k < tol.size(); ++k)
                rule.tolerances.push_back(
                    readKialiTolerance(tol[k], prefix + QStringLiteral("tolerance[%1]").arg(k)));
        }
        s.rateRules.push_back(std::move(rule));
    }
}

void Parser::readObjectives(const YAML::Node &n, HealthSettings &s)
{
    remember(QStringLiteral("objectives"), n);
    requireMap(n, QStringLiteral("objectives"), {"p95Ms", "p99Ms", "failingFactor", "overrides"});
    const QString p = QStringLiteral("objectives.");
    readDouble(n, "p95Ms", p, s.objectives.p95Ms);
    readDouble(n, "p99Ms", p, s.objectives.p99Ms);
    readDouble(n, "failingFactor", p, s.objectives.failingFactor);
    const YAML::Node list = n["overrides"];
    if (!list || list.IsNull())
        return;
    if (!list.IsSequence())
        fail(list.Mark(), p + QStringLiteral("overrides"), tr("expected a list"));
    for (size_t i = 0; i < list.size(); ++i) {
        const QString key = p + QStringLiteral("overrides[%1]").arg(i);
        const YAML::Node o = list[i];
        requireMap(o, key, {"namespace", "service", "p95Ms", "p99Ms"});
        if (!o.IsMap())
            fail(o.Mark(), key, tr("expected a mapping"));
        remember(key, o);
        LatencyObjective ov;
        for (auto [name, out] :
             {std::pair{"namespace", &ov.namespaceGlob}, std::pair{"service", &ov.serviceGlob}}) {
            if (const YAML::Node g = o[name]) {
                if (!g.IsScalar())
                    fail(g.Mark(), key + QLatin1Char('.') + QLatin1String(name),
                         tr("expected a glob, got %1").arg(describe(g)));
                *out = QString::fromStdString(g.Scalar());
            }
        }
        readDouble(o, "p95Ms", key + QLatin1Char('.'), ov.p95Ms);
        readDouble(o, "p99Ms", key + QLatin1Char('.'), ov.p99Ms);
        s.objectives.overrides.push_back(ov);
    }
}

} // namespace meshscope::core::settingsdetail
