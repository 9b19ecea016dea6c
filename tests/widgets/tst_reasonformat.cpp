#include "widgets/reasonformat.h"

#include <QTest>

using namespace meshscope::core;
using meshscope::widgets::ReasonFormat;

namespace {

VerdictReason reason(ReasonCode code, double value = kNaN, double threshold = kNaN)
{
    VerdictReason r;
    r.code = code;
    r.value = value;
    r.threshold = threshold;
    return r;
}

VerdictReason shift(ReasonCode code, double value, double baseline, double sigma, int samples)
{
    VerdictReason r = reason(code, value);
    r.baseline = baseline;
    r.sigma = sigma;
    r.samples = samples;
    return r;
}

VerdictReason tolerance(ErrorClass c, double percent, double threshold, HealthBand level)
{
    VerdictReason r = reason(ReasonCode::ErrorTolerance, percent, threshold);
    r.errorClass = c;
    r.level = level;
    return r;
}

} // namespace

Q_DECLARE_METATYPE(meshscope::core::VerdictReason)

// The sentences the health model used to build in core (tst_healthmodel's worked examples),
// now worded in one place from the reason's code and figures.
class TestReasonFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wordsEveryCode_data()
    {
        QTest::addColumn<VerdictReason>("reason");
        QTest::addColumn<QString>("text");
        QTest::newRow("none") << VerdictReason{} << QString();
        QTest::newRow("within tolerance")
            << reason(ReasonCode::WithinTolerance) << QStringLiteral("all terms within tolerance");
        QTest::newRow("no edge traffic")
            << reason(ReasonCode::NoEdgeTraffic) << QStringLiteral("no traffic on this edge");
        QTest::newRow("idle") << reason(ReasonCode::Idle)
                              << QStringLiteral("idle: no traffic in this refresh");
        QTest::newRow("no data") << reason(ReasonCode::NoData)
                                 << QStringLiteral("no traffic and no replica information");
        QTest::newRow("failing tolerance")
            << tolerance(ErrorClass::Http5xx, 12.0, 10.0, HealthBand::Failing)
            << QStringLiteral("5xx 12.0 % \u2265 failing tolerance 10 %");
        // A zero threshold is Kiali's "any error": ">" rather than "≥ 0"; small shares keep two
        // significant digits.
        QTest::newRow("any error degrades")
            << tolerance(ErrorClass::GrpcError, 0.0024, 0.0, HealthBand::Degraded)
            << QStringLiteral("gRPC errors 0.0024 % > degraded tolerance 0 %");
        VerdictReason replicas = reason(ReasonCode::Replicas);
        replicas.ready = 0;
        replicas.desired = 3;
        QTest::newRow("replicas") << replicas << QStringLiteral("0/3 replicas ready");
        VerdictReason success = reason(ReasonCode::Success, 12.0);
        success.rate = 50.0;
        QTest::newRow("success") << success
                                 << QStringLiteral("errors 12.0 % of 50.0 req/s on its edges");
        QTest::newRow("latency in sigma")
            << shift(ReasonCode::LatencyShift, 250.0, 120.0, 6.5, 30)
            << QStringLiteral("p95 250 ms is 6.5\u03c3 above its baseline 120 ms (30 samples)");
        // Far outside the spread, the ratio to the usual value says more than "70σ".
        QTest::newRow("latency as a ratio")
            << shift(ReasonCode::LatencyShift, 800.0, 100.0, 70.0, 60)
            << QStringLiteral("p95 800 ms is 8.0\u00d7 its baseline 100 ms (60 samples)");
        QTest::newRow("error shift")
            << shift(ReasonCode::ErrorShift, 4.0, 0.5, 3.5, 20)
            << QStringLiteral(
                   "error ratio 4.0 % is 3.5\u03c3 above its baseline 0.5 % (20 samples)");
        QTest::newRow("mtls") << reason(ReasonCode::Mtls, 60.0, 100.0)
                              << QStringLiteral("mTLS 60 % of traffic < expected 100 %");
        QTest::newRow("handshake") << reason(ReasonCode::Handshake, 2.5)
                                   << QStringLiteral("TLS handshake failures 2.5 % of connections");
        QTest::newRow("reuse") << reason(ReasonCode::Reuse, 1.6, 2.0)
                               << QStringLiteral(
                                      "connection reuse 1.6 requests/connection < target 2.0");
        QTest::newRow("protocol failures")
            << reason(ReasonCode::ProtocolFailures, 7.5)
            << QStringLiteral("protocol failures (no response, gRPC errors) 7.5 % of requests");
        VerdictReason tcp = reason(ReasonCode::TcpFailures, 82.3);
        tcp.rate = 300.0;
        QTest::newRow("tcp failures")
            << tcp << QStringLiteral("failed TCP connections 82.3 % of 300.0 connections/s");
        VerdictReason objective = reason(ReasonCode::LatencyObjective, 8000.0, 1000.0);
        objective.level = HealthBand::Failing;
        QTest::newRow("objective failing")
            << objective << QStringLiteral("p95 8000 ms is far over its objective 1000 ms");
        objective.level = HealthBand::Degraded;
        objective.value = 1400.0;
        QTest::newRow("objective degraded")
            << objective << QStringLiteral("p95 1400 ms is over its objective 1000 ms");
        VerdictReason swing = shift(ReasonCode::LatencySwing, 40.0, 100.0, kNaN, 20);
        QTest::newRow("latency swing")
            << swing << QStringLiteral("p95 swings 40 % around its mean 100 ms (20 samples)");
        QTest::newRow("error swing")
            << shift(ReasonCode::ErrorSwing, 4.0, 2.0, kNaN, 20)
            << QStringLiteral("error ratio swings 4.0 points around its mean 2.0 % (20 samples)");
        // Meshscope mode judges the confidence bound; the sentence shows it.
        VerdictReason bounded = tolerance(ErrorClass::Http5xx, 1.0, 0.0, HealthBand::Degraded);
        bounded.bound = 0.46;
        QTest::newRow("tolerance with bound")
            << bounded << QStringLiteral("5xx 1.0 % (at least 0.46 %) > degraded tolerance 0 %");
        // A node's reason names the call that drove it.
        VerdictReason outbound = tolerance(ErrorClass::Http5xx, 3.3, 0.0, HealthBand::Degraded);
        outbound.direction = Direction::Outbound;
        outbound.peer =
            NodeId(QStringLiteral("c1"), QStringLiteral("shop"), QStringLiteral("productcatalog"));
        QTest::newRow("outbound call")
            << outbound
            << QStringLiteral("5xx 3.3 % > degraded tolerance 0 %, on calls to productcatalog");
        VerdictReason inbound = tcp;
        inbound.direction = Direction::Inbound;
        QTest::newRow("inbound calls, peer unknown")
            << inbound
            << QStringLiteral(
                   "failed TCP connections 82.3 % of 300.0 connections/s, on its inbound calls");
        VerdictReason tcpTolerance =
            tolerance(ErrorClass::TcpFailure, 82.3, 10.0, HealthBand::Failing);
        QTest::newRow("tcp tolerance")
            << tcpTolerance
            << QStringLiteral("failed TCP connections 82.3 % \u2265 failing tolerance 10 %");
    }

    void wordsEveryCode()
    {
        QFETCH(VerdictReason, reason);
        QFETCH(QString, text);
        QCOMPARE(ReasonFormat::text(reason), text);
    }

    void bandsAndFactors()
    {
        QCOMPARE(ReasonFormat::band(HealthBand::Degraded), QStringLiteral("Degraded"));
        QCOMPARE(ReasonFormat::band(HealthBand::NoData), QStringLiteral("No data"));
        QCOMPARE(ReasonFormat::factor(HealthFactor::Stability), QStringLiteral("stability"));
    }
};

QTEST_MAIN(TestReasonFormat)
#include "tst_reasonformat.moc"
