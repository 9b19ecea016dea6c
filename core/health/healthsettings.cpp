#include "core/health/healthsettings.h"

#include "core/health/healthlog_p.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <initializer_list>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcHealth, "meshscope.core.health")

namespace {

// Messages a user reads (the window shows them) go through Qt's translation like the views'
// text; keys and values quoted from the file are not translated.
QString tr(const char *text)
{
    return QCoreApplication::translate("HealthSettings", text);
}

} // namespace

QString toString(ErrorClass code)
{
    switch (code) {
    case ErrorClass::Http5xx:
        return QStringLiteral("5xx");
    case ErrorClass::Http4xx:
        return QStringLiteral("4xx");
    case ErrorClass::GrpcError:
        return QStringLiteral("grpc");
    case ErrorClass::NoResponse:
        return QStringLiteral("no-response");
    }
    return QStringLiteral("5xx");
}

HealthBand HealthSettings::Bands::bandOf(double score) const
{
    if (std::isnan(score))
        return HealthBand::NoData;
    const double shown = shownScore(score);
    return shown >= healthy    ? HealthBand::Healthy
           : shown >= degraded ? HealthBand::Degraded
                               : HealthBand::Failing;
}

std::vector<ErrorTolerance> HealthSettings::kialiDefaultTolerances()
{
    // Kiali config/config.go AddHealthDefault: 5XX http failure 10; 4XX http degraded 10 failure
    // 20; gRPC codes 1-16 failure 10; "-" (no response) http|grpc failure 10. Degraded left at 0
    // means "any error > 0" because Kiali's check requires value > 0 first.
    return {
        ErrorTolerance{ErrorClass::Http5xx, true, false, 0.0, 10.0},
        ErrorTolerance{ErrorClass::Http4xx, true, false, 10.0, 20.0},
        ErrorTolerance{ErrorClass::GrpcError, false, true, 0.0, 10.0},
        ErrorTolerance{ErrorClass::NoResponse, true, true, 0.0, 10.0},
    };
}

namespace {

struct Problem
{
    QString key; // dotted path, "" = document
    QString message;
};

// Checks in the order a user reads the file; the first problem is reported.
Problem firstProblem(const HealthSettings &s)
{
    const auto &w = s.weights;
    for (auto [key, value] :
         {std::pair{"weights.connectivity", w.connectivity},
          std::pair{"weights.stability", w.stability}, std::pair{"weights.protocol", w.protocol}}) {
        if (!(value >= 0.0))
            return {QString::fromLatin1(key), tr("weight must be >= 0, got %1").arg(value)};
    }
    if (w.connectivity + w.stability + w.protocol <= 0.0)
        return {QStringLiteral("weights"), tr("at least one weight must be > 0")};

    const auto &b = s.bands;
    const auto &c = s.caps;
    // failing cap < degraded threshold <= degraded cap < healthy threshold <= 100: a capped
    // score then always lands in the band of its verdict.
    if (!(b.healthy > 0.0 && b.healthy <= 100.0))
        return {QStringLiteral("bands.healthy"), tr("must be in (0, 100], got %1").arg(b.healthy)};
    if (!(b.degraded > 0.0 && b.degraded < b.healthy))
        return {QStringLiteral("bands.degraded"),
                tr("must be > 0 and < bands.healthy (%1), got %2").arg(b.healthy).arg(b.degraded)};
    if (!(c.degraded >= b.degraded && c.degraded < b.healthy))
        return {QStringLiteral("caps.degraded"),
                tr("must be >= bands.degraded (%1) and < bands.healthy (%2), got %3")
                    .arg(b.degraded)
                    .arg(b.healthy)
                    .arg(c.degraded)};
    if (!(c.failing >= 0.0 && c.failing < b.degraded))
        return {
            QStringLiteral("caps.failing"),
            tr("must be >= 0 and < bands.degraded (%1), got %2").arg(b.degraded).arg(c.failing)};

    for (size_t i = 0; i < s.tolerances.size(); ++i) {
        const ErrorTolerance &t = s.tolerances[i];
        const QString key = QStringLiteral("tolerances[%1]").arg(i);
        if (!(t.degradedPercent >= 0.0 && t.degradedPercent <= 100.0))
            return {key + QStringLiteral(".degraded"),
                    tr("must be a percentage in [0, 100], got %1").arg(t.degradedPercent)};
        if (!(t.failurePercent >= t.degradedPercent && t.failurePercent <= 100.0))
            return {key + QStringLiteral(".failure"), tr("must be in [degraded (%1), 100], got %2")
                                                          .arg(t.degradedPercent)
                                                          .arg(t.failurePercent)};
        if (!t.http && !t.grpc)
            return {key + QStringLiteral(".protocol"), tr("names no protocol")};
    }

    if (!(s.connectivity.errorRatioAtZero > 0.0 && s.connectivity.errorRatioAtZero <= 1.0))
        return {QStringLiteral("connectivity.errorRatioAtZero"),
                tr("must be in (0, 1], got %1").arg(s.connectivity.errorRatioAtZero)};

    const auto &st = s.stability;
    if (st.windowSamples < 2 || st.windowSamples > 10000)
        return {QStringLiteral("stability.windowSamples"),
                tr("must be in [2, 10000], got %1").arg(st.windowSamples)};
    if (st.minSamples < 2 || st.minSamples > st.windowSamples)
        return {QStringLiteral("stability.minSamples"),
                tr("must be in [2, windowSamples (%1)], got %2")
                    .arg(st.windowSamples)
                    .arg(st.minSamples)};
    if (!(st.toleratedSigma >= 0.0))
        return {QStringLiteral("stability.toleratedSigma"),
                tr("must be >= 0, got %1").arg(st.toleratedSigma)};
    if (!(st.sigmaSpan > 0.0))
        return {QStringLiteral("stability.sigmaSpan"), tr("must be > 0, got %1").arg(st.sigmaSpan)};
    if (!(st.latencyRelativeFloor >= 0.0))
        return {QStringLiteral("stability.latencyRelativeFloor"),
                tr("must be >= 0, got %1").arg(st.latencyRelativeFloor)};
    if (!(st.latencyAbsoluteFloorMs > 0.0))
        return {QStringLiteral("stability.latencyAbsoluteFloorMs"),
                tr("must be > 0, got %1").arg(st.latencyAbsoluteFloorMs)};
    if (!(st.errorRatioFloor > 0.0 && st.errorRatioFloor <= 1.0))
        return {QStringLiteral("stability.errorRatioFloor"),
                tr("must be in (0, 1], got %1").arg(st.errorRatioFloor)};

    const auto &p = s.protocol;
    if (!(p.expectedMtlsShare >= 0.0 && p.expectedMtlsShare <= 1.0))
        return {QStringLiteral("protocol.expectedMtlsShare"),
                tr("must be in [0, 1], got %1").arg(p.expectedMtlsShare)};
    if (!(p.handshakeFailureRatioAtZero > 0.0 && p.handshakeFailureRatioAtZero <= 1.0))
        return {QStringLiteral("protocol.handshakeFailureRatioAtZero"),
                tr("must be in (0, 1], got %1").arg(p.handshakeFailureRatioAtZero)};
    if (!(p.targetRequestsPerConnection >= 0.0))
        return {QStringLiteral("protocol.targetRequestsPerConnection"),
                tr("must be >= 0, got %1").arg(p.targetRequestsPerConnection)};
    if (!(p.failureRatioAtZero > 0.0 && p.failureRatioAtZero <= 1.0))
        return {QStringLiteral("protocol.failureRatioAtZero"),
                tr("must be in (0, 1], got %1").arg(p.failureRatioAtZero)};
    return {};
}

// Thrown inside the parser only, caught in fromYaml: carries a finished message.
struct ParseError
{
    QString message;
};

class Parser
{
public:
    explicit Parser(QString origin) : m_origin(std::move(origin)) {}

    [[noreturn]] void fail(const YAML::Mark &mark, const QString &key, const QString &what) const
    {
        QString where = m_origin;
        if (!mark.is_null())
            where += QStringLiteral(":%1:%2").arg(mark.line + 1).arg(mark.column + 1);
        const QString message =
            key.isEmpty()
                ? QString(where + QStringLiteral(": ") + what)
                : QString(where + QStringLiteral(": ") + key + QStringLiteral(": ") + what);
        throw ParseError{message};
    }

    QString where(const YAML::Mark &mark) const
    {
        return mark.is_null()
                   ? m_origin
                   : m_origin + QStringLiteral(":%1:%2").arg(mark.line + 1).arg(mark.column + 1);
    }

    void remember(const QString &key, const YAML::Node &node) { m_marks.insert(key, node.Mark()); }
    YAML::Mark markOf(QString key) const
    {
        // Fall back to the closest parent that was present in the file.
        while (!key.isEmpty()) {
            auto it = m_marks.constFind(key);
            if (it != m_marks.cend())
                return *it;
            const qsizetype dot = key.lastIndexOf(QLatin1Char('.'));
            key = dot > 0 ? key.left(dot) : QString();
        }
        return YAML::Mark::null_mark();
    }

    // A mapping (or null = empty); every key must be one of `allowed`.
    void requireMap(const YAML::Node &node, const QString &key,
                    std::initializer_list<const char *> allowed) const
    {
        if (node.IsNull())
            return;
        if (!node.IsMap())
            fail(node.Mark(), key, tr("expected a mapping"));
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString name = QString::fromStdString(it->first.Scalar());
            bool known = false;
            QStringList names;
            for (const char *a : allowed) {
                known = known || name == QLatin1String(a);
                names << QString::fromLatin1(a);
            }
            if (!known) {
                fail(it->first.Mark(), key.isEmpty() ? name : key + QLatin1Char('.') + name,
                     tr("unknown key (expected one of: %1)").arg(names.join(QStringLiteral(", "))));
            }
        }
    }

    void readDouble(const YAML::Node &parent, const char *name, const QString &prefix, double &out)
    {
        const YAML::Node node = parent[name];
        if (!node)
            return;
        const QString key = prefix + QString::fromLatin1(name);
        remember(key, node);
        double value = 0.0;
        if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) ||
            !std::isfinite(value))
            fail(node.Mark(), key, tr("expected a number, got %1").arg(describe(node)));
        out = value;
    }

    void readInt(const YAML::Node &parent, const char *name, const QString &prefix, int &out)
    {
        const YAML::Node node = parent[name];
        if (!node)
            return;
        const QString key = prefix + QString::fromLatin1(name);
        remember(key, node);
        int value = 0;
        if (!node.IsScalar() || !YAML::convert<int>::decode(node, value))
            fail(node.Mark(), key, tr("expected an integer, got %1").arg(describe(node)));
        out = value;
    }

    void readBool(const YAML::Node &parent, const char *name, const QString &prefix, bool &out)
    {
        const YAML::Node node = parent[name];
        if (!node)
            return;
        const QString key = prefix + QString::fromLatin1(name);
        remember(key, node);
        bool value = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
            fail(node.Mark(), key, tr("expected true or false, got %1").arg(describe(node)));
        out = value;
    }

    static QString describe(const YAML::Node &node)
    {
        if (node.IsScalar())
            return QLatin1Char('"') + QString::fromStdString(node.Scalar()) + QLatin1Char('"');
        if (node.IsMap())
            return tr("a mapping");
        if (node.IsSequence())
            return tr("a list");
        return tr("nothing");
    }

    ErrorTolerance readTolerance(const YAML::Node &node, const QString &key)
    {
        requireMap(node, key, {"code", "protocol", "degraded", "failure"});
        if (!node.IsMap())
            fail(node.Mark(), key, tr("expected a mapping with code, protocol, degraded, failure"));
        remember(key, node);
        ErrorTolerance t;
        const YAML::Node code = node["code"];
        if (!code || !code.IsScalar())
            fail(node.Mark(), key + QStringLiteral(".code"),
                 tr("missing (one of 5xx, 4xx, grpc, no-response)"));
        // Kiali's own spellings of the default codes are accepted too, so a health_config block
        // can be pasted with little editing.
        const QString c = QString::fromStdString(code.Scalar()).trimmed().toLower();
        if (c == QLatin1String("5xx") || c == QLatin1String("^5\\d\\d$"))
            t.code = ErrorClass::Http5xx;
        else if (c == QLatin1String("4xx") || c == QLatin1String("^4\\d\\d$"))
            t.code = ErrorClass::Http4xx;
        else if (c == QLatin1String("grpc") || c == QLatin1String("^[1-9]$|^1[0-6]$"))
            t.code = ErrorClass::GrpcError;
        else if (c == QLatin1String("no-response") || c == QLatin1String("-") ||
                 c == QLatin1String("^-$"))
            t.code = ErrorClass::NoResponse;
        else
            fail(code.Mark(), key + QStringLiteral(".code"),
                 tr("unknown error class \"%1\" (expected 5xx, 4xx, grpc or no-response)").arg(c));

        // Default protocol: the one the class belongs to.
        t.http = t.code != ErrorClass::GrpcError;
        t.grpc = t.code == ErrorClass::GrpcError || t.code == ErrorClass::NoResponse;
        if (const YAML::Node proto = node["protocol"]) {
            const QString p = proto.IsScalar()
                                  ? QString::fromStdString(proto.Scalar()).trimmed().toLower()
                                  : QString();
            if (p == QLatin1String("http")) {
                t.http = true;
                t.grpc = false;
            } else if (p == QLatin1String("grpc")) {
                t.http = false;
                t.grpc = true;
            } else if (p == QLatin1String("http|grpc") || p == QLatin1String("grpc|http") ||
                       p == QLatin1String(".*")) {
                t.http = t.grpc = true;
            } else {
                fail(proto.Mark(), key + QStringLiteral(".protocol"),
                     tr("expected http, grpc or http|grpc, got %1").arg(describe(proto)));
            }
        }
        readDouble(node, "degraded", key + QLatin1Char('.'), t.degradedPercent);
        readDouble(node, "failure", key + QLatin1Char('.'), t.failurePercent);
        return t;
    }

    HealthSettings parse(const YAML::Node &root)
    {
        HealthSettings s;
        if (!root || root.IsNull())
            return s;
        requireMap(
            root, QString(),
            {"weights", "bands", "caps", "tolerances", "connectivity", "stability", "protocol"});

        if (const YAML::Node n = root["weights"]) {
            remember(QStringLiteral("weights"), n);
            requireMap(n, QStringLiteral("weights"), {"connectivity", "stability", "protocol"});
            const QString p = QStringLiteral("weights.");
            readDouble(n, "connectivity", p, s.weights.connectivity);
            readDouble(n, "stability", p, s.weights.stability);
            readDouble(n, "protocol", p, s.weights.protocol);
        }
        if (const YAML::Node n = root["bands"]) {
            requireMap(n, QStringLiteral("bands"), {"healthy", "degraded"});
            readDouble(n, "healthy", QStringLiteral("bands."), s.bands.healthy);
            readDouble(n, "degraded", QStringLiteral("bands."), s.bands.degraded);
        }
        if (const YAML::Node n = root["caps"]) {
            requireMap(n, QStringLiteral("caps"), {"degraded", "failing"});
            readDouble(n, "degraded", QStringLiteral("caps."), s.caps.degraded);
            readDouble(n, "failing", QStringLiteral("caps."), s.caps.failing);
        }
        if (const YAML::Node n = root["tolerances"]) {
            remember(QStringLiteral("tolerances"), n);
            s.tolerances.clear();
            if (!n.IsNull()) {
                if (!n.IsSequence())
                    fail(n.Mark(), QStringLiteral("tolerances"), tr("expected a list"));
                for (size_t i = 0; i < n.size(); ++i)
                    s.tolerances.push_back(
                        readTolerance(n[i], QStringLiteral("tolerances[%1]").arg(i)));
            }
        }
        if (const YAML::Node n = root["connectivity"]) {
            requireMap(n, QStringLiteral("connectivity"), {"errorRatioAtZero", "replicaVerdict"});
            readDouble(n, "errorRatioAtZero", QStringLiteral("connectivity."),
                       s.connectivity.errorRatioAtZero);
            readBool(n, "replicaVerdict", QStringLiteral("connectivity."),
                     s.connectivity.replicaVerdict);
        }
        if (const YAML::Node n = root["stability"]) {
            requireMap(n, QStringLiteral("stability"),
                       {"windowSamples", "minSamples", "toleratedSigma", "sigmaSpan",
                        "latencyRelativeFloor", "latencyAbsoluteFloorMs", "errorRatioFloor"});
            const QString p = QStringLiteral("stability.");
            readInt(n, "windowSamples", p, s.stability.windowSamples);
            readInt(n, "minSamples", p, s.stability.minSamples);
            readDouble(n, "toleratedSigma", p, s.stability.toleratedSigma);
            readDouble(n, "sigmaSpan", p, s.stability.sigmaSpan);
            readDouble(n, "latencyRelativeFloor", p, s.stability.latencyRelativeFloor);
            readDouble(n, "latencyAbsoluteFloorMs", p, s.stability.latencyAbsoluteFloorMs);
            readDouble(n, "errorRatioFloor", p, s.stability.errorRatioFloor);
        }
        if (const YAML::Node n = root["protocol"]) {
            requireMap(n, QStringLiteral("protocol"),
                       {"expectedMtlsShare", "handshakeFailureRatioAtZero",
                        "targetRequestsPerConnection", "failureRatioAtZero"});
            const QString p = QStringLiteral("protocol.");
            readDouble(n, "expectedMtlsShare", p, s.protocol.expectedMtlsShare);
            readDouble(n, "handshakeFailureRatioAtZero", p, s.protocol.handshakeFailureRatioAtZero);
            readDouble(n, "targetRequestsPerConnection", p, s.protocol.targetRequestsPerConnection);
            readDouble(n, "failureRatioAtZero", p, s.protocol.failureRatioAtZero);
        }
        return s;
    }

private:
    QString m_origin;
    QHash<QString, YAML::Mark> m_marks;
};

} // namespace

QString HealthSettings::validate() const
{
    const Problem p = firstProblem(*this);
    return p.message.isEmpty() ? QString() : p.key + QStringLiteral(": ") + p.message;
}

Result<HealthSettings> HealthSettings::fromYaml(const QByteArray &yaml, const QString &origin)
{
    Parser parser(origin);
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        HealthSettings s = parser.parse(root);
        const Problem p = firstProblem(s);
        if (!p.message.isEmpty())
            parser.fail(parser.markOf(p.key), p.key, p.message);
        return s;
    } catch (const ParseError &e) {
        return Result<HealthSettings>::failure(e.message);
    } catch (const YAML::Exception &e) {
        // Syntax errors: yaml-cpp's Mark is 0-based.
        return Result<HealthSettings>::failure(parser.where(e.mark) + tr(": YAML syntax error: ") +
                                               QString::fromStdString(e.msg));
    }
}

Result<HealthSettings> HealthSettings::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<HealthSettings>::failure(path + tr(": cannot read: ") + file.errorString());
    return fromYaml(file.readAll(), path);
}

QByteArray HealthSettings::toYaml() const
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "weights" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "connectivity" << YAML::Value << weights.connectivity;
    out << YAML::Key << "stability" << YAML::Value << weights.stability;
    out << YAML::Key << "protocol" << YAML::Value << weights.protocol;
    out << YAML::EndMap;
    out << YAML::Key << "bands" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "healthy" << YAML::Value << bands.healthy;
    out << YAML::Key << "degraded" << YAML::Value << bands.degraded;
    out << YAML::EndMap;
    out << YAML::Key << "caps" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "degraded" << YAML::Value << caps.degraded;
    out << YAML::Key << "failing" << YAML::Value << caps.failing;
    out << YAML::EndMap;
    out << YAML::Key << "tolerances" << YAML::Value << YAML::BeginSeq;
    for (const ErrorTolerance &t : tolerances) {
        out << YAML::BeginMap;
        out << YAML::Key << "code" << YAML::Value << toString(t.code).toStdString();
        out << YAML::Key << "protocol" << YAML::Value
            << (t.http && t.grpc ? "http|grpc"
                : t.grpc         ? "grpc"
                                 : "http");
        out << YAML::Key << "degraded" << YAML::Value << t.degradedPercent;
        out << YAML::Key << "failure" << YAML::Value << t.failurePercent;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "connectivity" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "errorRatioAtZero" << YAML::Value << connectivity.errorRatioAtZero;
    out << YAML::Key << "replicaVerdict" << YAML::Value << connectivity.replicaVerdict;
    out << YAML::EndMap;
    out << YAML::Key << "stability" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "windowSamples" << YAML::Value << stability.windowSamples;
    out << YAML::Key << "minSamples" << YAML::Value << stability.minSamples;
    out << YAML::Key << "toleratedSigma" << YAML::Value << stability.toleratedSigma;
    out << YAML::Key << "sigmaSpan" << YAML::Value << stability.sigmaSpan;
    out << YAML::Key << "latencyRelativeFloor" << YAML::Value << stability.latencyRelativeFloor;
    out << YAML::Key << "latencyAbsoluteFloorMs" << YAML::Value << stability.latencyAbsoluteFloorMs;
    out << YAML::Key << "errorRatioFloor" << YAML::Value << stability.errorRatioFloor;
    out << YAML::EndMap;
    out << YAML::Key << "protocol" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "expectedMtlsShare" << YAML::Value << protocol.expectedMtlsShare;
    out << YAML::Key << "handshakeFailureRatioAtZero" << YAML::Value
        << protocol.handshakeFailureRatioAtZero;
    out << YAML::Key << "targetRequestsPerConnection" << YAML::Value
        << protocol.targetRequestsPerConnection;
    out << YAML::Key << "failureRatioAtZero" << YAML::Value << protocol.failureRatioAtZero;
    out << YAML::EndMap;
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace meshscope::core
