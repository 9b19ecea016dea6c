#include "core/health/servicerules.h"

#include <cmath>

namespace meshscope::core {

namespace {

// Meshscope's nodes stand for Kiali's app, service and workload alike: a rule whose kind
// pattern matches any of them applies.
bool kindMatches(const QRegularExpression &kind)
{
    for (const char *k : {"app", "service", "workload"}) {
        if (kind.match(QLatin1String(k)).hasMatch())
            return true;
    }
    return false;
}

} // namespace

QRegularExpression ServiceRules::kialiPattern(const QString &pattern, bool code)
{
    QString p = pattern.isEmpty() ? QStringLiteral(".*") : pattern;
    if (code) {
        p.replace(QLatin1Char('X'), QStringLiteral("\\d"));
        p.replace(QLatin1Char('x'), QStringLiteral("\\d"));
    }
    // Go's regexp anchors "^a|b$" as alternatives; adding ^/$ only where missing keeps that.
    if (!p.startsWith(QLatin1Char('^')))
        p.prepend(QLatin1Char('^'));
    if (!p.endsWith(QLatin1Char('$')))
        p.append(QLatin1Char('$'));
    return QRegularExpression(p);
}

QRegularExpression ServiceRules::glob(const QString &pattern)
{
    // Names hold no '/', so the path-aware default conversion is the plain glob.
    return QRegularExpression(QRegularExpression::wildcardToRegularExpression(
        pattern.isEmpty() ? QStringLiteral("*") : pattern));
}

ServiceRules::ServiceRules(const HealthSettings &settings)
    : m_defaultTolerances(settings.tolerances), m_rules(settings.rateRules),
      m_overrides(settings.objectives.overrides)
{
    for (const RateRule &r : m_rules)
        m_compiled.push_back(CompiledRule{kialiPattern(r.namespacePattern),
                                          kialiPattern(r.kindPattern),
                                          kialiPattern(r.namePattern)});
    m_defaultObjective = Objective{settings.objectives.p95Ms, settings.objectives.p99Ms};
    for (const LatencyObjective &o : m_overrides)
        m_overrideGlobs.emplace_back(glob(o.namespaceGlob), glob(o.serviceGlob));
}

int ServiceRules::ruleIndex(const NodeId &id) const
{
    if (m_rules.size() <= 1)
        return int(m_rules.size()) - 1; // the only rule is also the fallback
    auto it = m_ruleOf.constFind(id);
    if (it != m_ruleOf.cend())
        return *it;
    int found = int(m_rules.size()) - 1;
    const QString ns = id.ns();
    const QString name = id.name();
    for (size_t i = 0; i < m_compiled.size(); ++i) {
        const CompiledRule &c = m_compiled[i];
        if (c.ns.match(ns).hasMatch() && c.name.match(name).hasMatch() && kindMatches(c.kind)) {
            found = int(i);
            break;
        }
    }
    m_ruleOf.insert(id, found);
    return found;
}

const std::vector<ErrorTolerance> &ServiceRules::tolerances(const NodeId &id) const
{
    const int i = ruleIndex(id);
    return i < 0 ? m_defaultTolerances : m_rules[size_t(i)].tolerances;
}

ServiceRules::Objective ServiceRules::objective(const NodeId &id) const
{
    if (m_overrides.empty())
        return m_defaultObjective;
    auto it = m_objectiveOf.constFind(id);
    if (it != m_objectiveOf.cend())
        return *it;
    Objective o = m_defaultObjective;
    bool p95Set = false;
    bool p99Set = false;
    const QString ns = id.ns();
    const QString name = id.name();
    for (size_t i = 0; i < m_overrides.size() && !(p95Set && p99Set); ++i) {
        if (!m_overrideGlobs[i].first.match(ns).hasMatch() ||
            !m_overrideGlobs[i].second.match(name).hasMatch())
            continue;
        if (!p95Set && !std::isnan(m_overrides[i].p95Ms)) {
            o.p95Ms = m_overrides[i].p95Ms;
            p95Set = true;
        }
        if (!p99Set && !std::isnan(m_overrides[i].p99Ms)) {
            o.p99Ms = m_overrides[i].p99Ms;
            p99Set = true;
        }
    }
    m_objectiveOf.insert(id, o);
    return o;
}

} // namespace meshscope::core
