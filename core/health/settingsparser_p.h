#pragma once

// The settings file reader, shared by healthsettingsyaml.cpp (the document, weights, bands,
// tolerances…) and healthsettingsrules.cpp (Kiali's health_config block, latency objectives).
// Private to core/health; yaml-cpp types stay out of public headers.

#include "core/health/healthlog_p.h"
#include "core/health/healthsettings.h"
#include "core/health/healthsettings_p.h"

#include <QHash>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <initializer_list>

namespace meshscope::core::settingsdetail {

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
        requireMap(node, key, {"code", "protocol", "direction", "degraded", "failure"});
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
        if (const YAML::Node dir = node["direction"]) {
            const QString d = dir.IsScalar()
                                  ? QString::fromStdString(dir.Scalar()).trimmed().toLower()
                                  : QString();
            if (d == QLatin1String("inbound")) {
                t.outbound = false;
            } else if (d == QLatin1String("outbound")) {
                t.inbound = false;
            } else if (d != QLatin1String("both") && d != QLatin1String(".*")) {
                fail(dir.Mark(), key + QStringLiteral(".direction"),
                     tr("expected inbound, outbound or both, got %1").arg(describe(dir)));
            }
        }
        readDouble(node, "degraded", key + QLatin1Char('.'), t.degradedPercent);
        readDouble(node, "failure", key + QLatin1Char('.'), t.failurePercent);
        return t;
    }
    // Kiali's health_config and the objectives (healthsettingsrules.cpp).
    QString readPattern(const YAML::Node &parent, const char *name, const QString &prefix,
                        bool code = false);
    ErrorTolerance readKialiTolerance(const YAML::Node &node, const QString &key);
    void readHealthConfig(const YAML::Node &n, HealthSettings &s);
    void readObjectives(const YAML::Node &n, HealthSettings &s);

    HealthSettings parse(const YAML::Node &root)
    {
        HealthSettings s;
        if (!root || root.IsNull())
            return s;
        requireMap(root, QString(),
                   {"mode", "weights", "bands", "caps", "tolerances", "health_config",
                    "connectivity", "stability", "objectives", "confidence", "protocol"});
        if (const YAML::Node n = root["mode"]) {
            remember(QStringLiteral("mode"), n);
            const QString m =
                n.IsScalar() ? QString::fromStdString(n.Scalar()).trimmed().toLower() : QString();
            if (m == QLatin1String("meshscope"))
                s.mode = HealthSettings::Mode::Meshscope;
            else if (m == QLatin1String("kiali-exact"))
                s.mode = HealthSettings::Mode::KialiExact;
            else
                fail(n.Mark(), QStringLiteral("mode"),
                     tr("expected meshscope or kiali-exact, got %1").arg(describe(n)));
        }
        if (root["tolerances"] && root["health_config"])
            fail(root["health_config"].Mark(), QStringLiteral("health_config"),
                 tr("give either tolerances or health_config, not both"));
        if (const YAML::Node n = root["health_config"])
            readHealthConfig(n, s);
        if (const YAML::Node n = root["objectives"])
            readObjectives(n, s);
        if (const YAML::Node n = root["confidence"]) {
            requireMap(n, QStringLiteral("confidence"),
                       {"z", "windowSeconds", "minRequests", "zeroTolerancePercent"});
            const QString p = QStringLiteral("confidence.");
            readDouble(n, "z", p, s.confidence.z);
            readDouble(n, "windowSeconds", p, s.confidence.windowSeconds);
            readDouble(n, "minRequests", p, s.confidence.minRequests);
            readDouble(n, "zeroTolerancePercent", p, s.confidence.zeroTolerancePercent);
        }

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
                        "latencyRelativeFloor", "latencyAbsoluteFloorMs", "errorRatioFloor",
                        "latencySwingTolerated", "latencySwingAtZero", "errorSwingTolerated",
                        "errorSwingAtZero", "shiftVerdictSigma"});
            const QString p = QStringLiteral("stability.");
            readInt(n, "windowSamples", p, s.stability.windowSamples);
            readInt(n, "minSamples", p, s.stability.minSamples);
            readDouble(n, "toleratedSigma", p, s.stability.toleratedSigma);
            readDouble(n, "sigmaSpan", p, s.stability.sigmaSpan);
            readDouble(n, "latencyRelativeFloor", p, s.stability.latencyRelativeFloor);
            readDouble(n, "latencyAbsoluteFloorMs", p, s.stability.latencyAbsoluteFloorMs);
            readDouble(n, "errorRatioFloor", p, s.stability.errorRatioFloor);
            readDouble(n, "latencySwingTolerated", p, s.stability.latencySwingTolerated);
            readDouble(n, "latencySwingAtZero", p, s.stability.latencySwingAtZero);
            readDouble(n, "errorSwingTolerated", p, s.stability.errorSwingTolerated);
            readDouble(n, "errorSwingAtZero", p, s.stability.errorSwingAtZero);
            readDouble(n, "shiftVerdictSigma", p, s.stability.shiftVerdictSigma);
        }
        if (const YAML::Node n = root["protocol"]) {
            requireMap(n, QStringLiteral("protocol"),
                       {"expectedMtlsShare", "failureRatioAtZero", "tcpFailureRatioAtZero",
                        "tcpDegradedPercent", "tcpFailurePercent", "handshakeFailureRatioAtZero",
                        "targetRequestsPerConnection"});
            const QString p = QStringLiteral("protocol.");
            // Terms with no Istio metric behind them, dropped in issue 7: a file copied from
            // an older default still loads; the values are checked as numbers and ignored.
            for (const char *gone :
                 {"handshakeFailureRatioAtZero", "targetRequestsPerConnection"}) {
                double ignored = 0.0;
                readDouble(n, gone, p, ignored);
                if (n[gone])
                    qCInfo(lcHealth) << "protocol." << gone << "is no longer used; ignored";
            }
            readDouble(n, "expectedMtlsShare", p, s.protocol.expectedMtlsShare);
            readDouble(n, "failureRatioAtZero", p, s.protocol.failureRatioAtZero);
            readDouble(n, "tcpFailureRatioAtZero", p, s.protocol.tcpFailureRatioAtZero);
            readDouble(n, "tcpDegradedPercent", p, s.protocol.tcpDegradedPercent);
            readDouble(n, "tcpFailurePercent", p, s.protocol.tcpFailurePercent);
        }
        return s;
    }

private:
    QString m_origin;
    QHash<QString, YAML::Mark> m_marks;
};

} // namespace meshscope::core::settingsdetail
