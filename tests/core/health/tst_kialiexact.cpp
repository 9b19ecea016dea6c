// HealthModel in HealthSettings::Mode::KialiExact: each row builds a small mesh, names the Kiali
// rule it checks (file and function of kiali/kiali at d733a096, Aug 2026) and asserts the band
// Kiali shows for the service under test.

#include "tests/core/health/healthfixture.h"

#include <QTest>

using namespace meshscope::core;
using namespace meshscope::testing::health;
using meshscope::testing::svc;

namespace {

// Counts per second on one call; everything else as makeEdge.
struct Call
{
    const char *from;
    const char *to;
    double rps = 100.0;
    double r5xx = 0.0;
    double r4xx = 0.0;
    double grpc = 0.0;
    double none = 0.0; // response code 0
    Protocol protocol = Protocol::Http;
};

struct Case
{
    std::vector<Call> calls;
    std::vector<NodeSample> nodes;
    QByteArray yaml; // settings on top of the defaults (mode is forced to kiali-exact)
};

EdgeSample edgeOf(const Call &c)
{
    EdgeSample e = makeEdge({c.from, c.to, c.rps, 20.0, 1.0, 1.0, c.protocol});
    e.rate5xx = c.r5xx;
    e.rate4xx = c.r4xx;
    e.rateGrpcError = c.grpc;
    e.rateNoResponse = c.none;
    return e;
}

} // namespace

Q_DECLARE_METATYPE(Case)

class TestKialiExact : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void verdict_data()
    {
        QTest::addColumn<Case>("mesh");
        QTest::addColumn<QString>("subject"); // the service whose band is checked
        QTest::addColumn<int>("band");
        QTest::addColumn<QString>("rule"); // the Kiali rule the row checks
        const int healthy = int(HealthBand::Healthy), degraded = int(HealthBand::Degraded);
        const int failing = int(HealthBand::Failing);
        const auto row = [](const char *name, Case c, const char *subject, int band,
                            const char *rule) {
            QTest::newRow(name) << c << QString::fromLatin1(subject) << band
                                << QString::fromLatin1(rule);
        };

        row("5xx 0.1 % degraded (degraded 0 = any error)",
            Case{{{"web", "api", 1000.0, 1.0}}, {}, {}}, "api", degraded,
            "config/config.go AddHealthDefault (5XX failure 10, no degraded) + "
            "business/health_calculator.go applyThresholds (ratio > 0, >= degraded 0)");
        row("5xx 9.9 % degraded", Case{{{"web", "api", 1000.0, 99.0}}, {}, {}}, "api", degraded,
            "business/health_calculator.go applyThresholds (< failure 10)");
        row("5xx 10 % failing", Case{{{"web", "api", 1000.0, 100.0}}, {}, {}}, "api", failing,
            "business/health_calculator.go applyThresholds (>= failure)");
        row("3 errors in 70,000 requests degraded",
            Case{{{"gw", "api", 70000.0 / 60.0, 0.05}}, {}, {}}, "api", degraded,
            "business/health_calculator.go applyThresholds (no confidence bound)");
        row("4xx 9.9 % healthy", Case{{{"web", "api", 1000.0, 0.0, 99.0}}, {}, {}}, "api", healthy,
            "config/config.go AddHealthDefault (4XX degraded 10, failure 20)");
        row("4xx 10 % degraded", Case{{{"web", "api", 1000.0, 0.0, 100.0}}, {}, {}}, "api",
            degraded, "config/config.go AddHealthDefault (4XX degraded 10)");
        row("4xx 20 % failing", Case{{{"web", "api", 1000.0, 0.0, 200.0}}, {}, {}}, "api", failing,
            "config/config.go AddHealthDefault (4XX failure 20)");
        // Envoy's local 503s (UH, UF, URX, DF) carry response_code 503: the 5XX tolerance.
        row("6 % app 500 + 6 % Envoy UH 503 failing", Case{{{"web", "api", 100.0, 12.0}}, {}, {}},
            "api", failing, "models/health.go aggregate (class from response_code; 503 is 5XX)");
        row("gRPC status 14 at 10 % failing",
            Case{{{"web", "api", 100.0, 0.0, 0.0, 10.0, 0.0, Protocol::Grpc}}, {}, {}}, "api",
            failing,
            "models/health.go aggregate (grpc_response_status on grpc) + AddHealthDefault "
            "(^[1-9]$|^1[0-6]$ grpc failure 10)");
        row("gRPC 5xx-free but 1 % status 2 degraded",
            Case{{{"web", "api", 100.0, 0.0, 0.0, 1.0, 0.0, Protocol::Grpc}}, {}, {}}, "api",
            degraded, "config/config.go AddHealthDefault (grpc degraded 0)");
        row("no response (code 0) on gRPC 10 % failing",
            Case{{{"web", "api", 100.0, 0.0, 0.0, 0.0, 10.0, Protocol::Grpc}}, {}, {}}, "api",
            failing,
            "models/health.go aggregate (code 0 -> \"-\") + AddHealthDefault (^-$ http|grpc)");
        // Per protocol: the 5XX tolerance is over the HTTP requests only.
        row("1 of 10 HTTP requests 5xx beside clean gRPC failing",
            Case{{{"web", "api", 10.0, 1.0}, {"mobile", "api", 1000.0, 0, 0, 0, 0, Protocol::Grpc}},
                 {},
                 {}},
            "api", failing,
            "business/health_calculator.go processDirectionalTraffic (totalCount per protocol)");
        row("outbound 5 % 5xx degrades the caller",
            Case{{{"gw", "frontend", 100.0}, {"frontend", "catalog", 100.0, 5.0}}, {}, {}},
            "frontend", degraded,
            "business/health_calculator.go calculateRequestStatus (worst of inbound, outbound)");
        row("gateway judged on outbound", Case{{{"gw", "frontend", 100.0, 20.0}}, {}, {}}, "gw",
            failing, "business/health_calculator.go calculateRequestStatus (outbound traffic)");
        row("inbound-only tolerance ignores outbound errors",
            Case{{{"gw", "frontend", 100.0}, {"frontend", "catalog", 100.0, 50.0}},
                 {},
                 "health_config:\n  rate:\n    - tolerance:\n        - code: \"5XX\"\n"
                 "          direction: \"inbound\"\n          protocol: \"http\"\n"
                 "          failure: 10\n"},
            "frontend", healthy,
            "business/health_calculator.go processDirectionalTraffic (tol.Direction match)");
        row("namespace/name rule loosens one service",
            Case{{{"web", "api", 100.0, 20.0}},
                 {},
                 "health_config:\n  rate:\n    - namespace: \"shop\"\n      name: \"ap.*\"\n"
                 "      tolerance:\n        - code: \"5xx\"\n          degraded: 5\n"
                 "          failure: 50\n    - tolerance:\n        - code: \"5XX\"\n"
                 "          failure: 10\n"},
            "api", degraded,
            "business/health_config.go getCompiledTolerancesForEntity (first match) + "
            "compileCodePattern (x = digit)");
        row("entity no rule matches takes the last rule",
            Case{{{"web", "other", 100.0, 20.0}},
                 {},
                 "health_config:\n  rate:\n    - namespace: \"payments\"\n"
                 "      tolerance:\n        - code: \"5XX\"\n          failure: 50\n"
                 "    - namespace: \"billing\"\n      tolerance:\n        - code: \"5XX\"\n"
                 "          degraded: 30\n          failure: 90\n"},
            "other", healthy,
            "business/health_config.go getCompiledTolerancesForEntity (fall back to last rate)");
        row("2 of 3 replicas degraded", Case{{{"web", "api", 100.0}}, {makeNode("api", 3, 2)}, {}},
            "api", degraded, "models/health_status.go WorkloadStatusHealth (available < desired)");
        row("0 of 3 replicas failing", Case{{{"web", "api", 100.0}}, {makeNode("api", 3, 0)}, {}},
            "api", failing, "models/health_status.go WorkloadStatusHealth (available == 0)");
    }

    void verdict()
    {
        QFETCH(Case, mesh);
        QFETCH(QString, subject);
        QFETCH(int, band);
        QFETCH(QString, rule);
        const auto settings = HealthSettings::fromYaml(
            QByteArrayLiteral("mode: kiali-exact\n") + mesh.yaml, QStringLiteral("row"));
        QVERIFY2(settings.ok(), qPrintable(settings.error()));
        TelemetrySample s;
        s.nodes = mesh.nodes;
        for (const Call &c : mesh.calls)
            s.edges.push_back(edgeOf(c));
        const Scored scored = scoreOnce(s, settings.value());
        const HealthVerdict &v = scored.node(subject.toLatin1().constData());
        QVERIFY2(v.band == HealthBand(band),
                 qPrintable(rule + QStringLiteral(": got ") + toString(v.band) +
                            QStringLiteral(" ") + QString::number(v.score) + QStringLiteral(" ") +
                            reasonKey(v.reason.code)));
        // Kiali applies no confidence bound: a tolerance reason carries none.
        if (v.reason.code == ReasonCode::ErrorTolerance)
            QVERIFY(std::isnan(v.reason.bound));
    }

    void clampsTheScoreIntoKialisBand()
    {
        // Kiali has no mTLS rule: a plaintext call with clean traffic is Healthy there, however
        // much the protocol factor weighs (business/health_calculator.go calculateRequestStatus:
        // traffic and no tolerance matched -> Healthy).
        TelemetrySample s;
        s.edges.push_back(makeEdge({"web", "api", 100.0, 20.0, 0.0}));
        HealthSettings settings;
        settings.weights.protocol = 0.9;
        const Scored mesh = scoreOnce(s, settings);
        QVERIFY(mesh.edge("web", "api").band == HealthBand::Failing); // (40 + 35 + 0) / 1.65
        settings.mode = HealthSettings::Mode::KialiExact;
        const Scored k = scoreOnce(s, settings);
        QVERIFY(k.edge("web", "api").band == HealthBand::Healthy);
        QCOMPARE(k.edge("web", "api").score, 75.0); // lifted to the Healthy band's floor
        QVERIFY(k.edge("web", "api").reason.code == ReasonCode::WithinTolerance);
    }
};

QTEST_GUILESS_MAIN(TestKialiExact)
#include "tst_kialiexact.moc"
