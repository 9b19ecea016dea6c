// CallModel: how one call ends in both sidecars' views (docs/demo-mesh.md, "One call").

#include "core/demo/callmodel.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace meshscope::core;

Q_DECLARE_METATYPE(meshscope::core::CallOutcome)
Q_DECLARE_METATYPE(meshscope::core::Protocol)

namespace {

double total(const CallResult &r)
{
    return std::accumulate(r.share.begin(), r.share.end(), 0.0);
}

CallInputs answering(double meanMs, double sdMs)
{
    CallInputs in;
    in.serverMeanMs = meanMs;
    in.serverVarMs2 = sdMs * sdMs;
    return in;
}

} // namespace

class TestCallModel : public QObject
{
    Q_OBJECT

private slots:
    void labels_data()
    {
        QTest::addColumn<CallOutcome>("outcome");
        QTest::addColumn<Protocol>("protocol");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("grpc");
        QTest::addColumn<QString>("flags");
        using O = CallOutcome;
        const auto H = Protocol::Http;
        const auto G = Protocol::Grpc;
        QTest::newRow("http ok") << O::Ok << H << 200 << -1 << "-";
        QTest::newRow("http 500") << O::ServerError << H << 500 << -1 << "-";
        QTest::newRow("http UH is a 5xx") << O::NoHealthyUpstream << H << 503 << -1 << "UH";
        QTest::newRow("http URX") << O::RetriesExhausted << H << 503 << -1 << "URX";
        QTest::newRow("http timeout 504 UT") << O::Timeout << H << 504 << -1 << "UT";
        QTest::newRow("http DNS: no response") << O::DnsFailure << H << 0 << -1 << "DF";
        QTest::newRow("grpc ok") << O::Ok << G << 200 << 0 << "-";
        QTest::newRow("grpc INTERNAL over 200") << O::ServerError << G << 200 << 13 << "-";
        QTest::newRow("grpc overload UNAVAILABLE") << O::Overloaded << G << 200 << 14 << "-";
        QTest::newRow("grpc local 503 -> 14") << O::ConnectFailure << G << 200 << 14 << "UF";
        QTest::newRow("grpc local 504 -> 14") << O::Timeout << G << 200 << 14 << "UT";
        QTest::newRow("grpc DNS: no response") << O::DnsFailure << G << 0 << -1 << "DF";
    }
    void labels()
    {
        QFETCH(CallOutcome, outcome);
        QFETCH(Protocol, protocol);
        QFETCH(int, code);
        QFETCH(int, grpc);
        QFETCH(QString, flags);
        const CallModel::Labels l = CallModel::labels(outcome, protocol);
        QCOMPARE(l.responseCode, code);
        QCOMPARE(l.grpcStatus, grpc);
        QCOMPARE(QString::fromLatin1(l.flags), flags);
    }

    void retries_data()
    {
        QTest::addColumn<int>("retries");
        QTest::addColumn<double>("exhausted"); // URX share (or the callee's 503 without retries)
        QTest::addColumn<double>("attempts");  // at the callee, per request
        // Half the attempts rejected: 1 + 0.5 + 0.25 attempts, 0.5^3 fail after the last one.
        QTest::newRow("Istio's default 2") << 2 << 0.125 << 1.75;
        QTest::newRow("one retry") << 1 << 0.25 << 1.5;
        QTest::newRow("none") << 0 << 0.5 << 1.0;
    }
    void retries()
    {
        QFETCH(int, retries);
        QFETCH(double, exhausted);
        QFETCH(double, attempts);
        CallInputs in = answering(10, 3);
        in.rejectShare = 0.5;
        in.retries = retries;
        const CallResult r = CallModel::evaluate(in);
        const CallOutcome failed =
            retries > 0 ? CallOutcome::RetriesExhausted : CallOutcome::Overloaded;
        QVERIFY(std::abs(r.share[size_t(failed)] - exhausted) < 1e-12);
        QVERIFY(std::abs(r.reachShare - attempts) < 1e-12);
        QVERIFY(std::abs(CallModel::reachPerRequest(in) - attempts) < 1e-12);
        QVERIFY(std::abs(total(r) - 1.0) < 1e-12);
        // Every rejected attempt reached the callee and was answered 503 there.
        QVERIFY(std::abs(r.serverShare[size_t(ServerOutcome::Overloaded)] -
                         (attempts - (1.0 - exhausted))) < 1e-12);
    }

    void timeoutCutsTheTail()
    {
        // Mean 100 ms, sd 100 ms (log-normal sigma^2 = ln 2): P(X > 100 ms) = 1 - Phi(0.4163).
        CallInputs in = answering(100, 100);
        const CallResult free = CallModel::evaluate(in);
        QCOMPARE(free.share[size_t(CallOutcome::Timeout)], 0.0);
        QVERIFY(std::abs(free.meanMs - 100.0) < 1e-9);
        in.timeoutMs = 100;
        const CallResult cut = CallModel::evaluate(in);
        const double tail = cut.share[size_t(CallOutcome::Timeout)];
        QVERIFY2(std::abs(tail - 0.3386) < 0.001, qPrintable(QString::number(tail)));
        QVERIFY(std::abs(total(cut) - 1.0) < 1e-12);
        // The caller waits at most the timeout: the mean drops below it.
        QVERIFY2(cut.meanMs < 100.0 && cut.meanMs > 60.0, qPrintable(QString::number(cut.meanMs)));
        // The callee saw them all, reset by the caller.
        QCOMPARE(cut.serverShare[size_t(ServerOutcome::Cancelled)], tail);
        // In the histogram nothing lies above the timeout's bucket (100 ms).
        std::array<float, kIstioBucketCount> buckets{};
        CallModel::fill(buckets.data(), 1000.0, cut.client);
        for (size_t b = 7; b < kIstioBucketCount; ++b)
            QCOMPARE(buckets[b], 0.0f);
        QVERIFY(std::abs(std::accumulate(buckets.begin(), buckets.end(), 0.0) - 1000.0) < 0.1);
    }

    void dnsFailuresNeverReachTheCallee()
    {
        CallInputs in = answering(10, 3);
        in.dnsShare = 0.15;
        const CallResult r = CallModel::evaluate(in);
        QCOMPARE(r.share[size_t(CallOutcome::DnsFailure)], 0.15);
        QVERIFY(std::abs(r.reachShare - 0.85) < 1e-12);
        QVERIFY(std::abs(total(r) - 1.0) < 1e-12);
    }

    void noEndpointFailsFastWithUh()
    {
        CallInputs in = answering(10, 3);
        in.noEndpoint = true;
        const CallResult r = CallModel::evaluate(in);
        QCOMPARE(r.share[size_t(CallOutcome::NoHealthyUpstream)], 1.0);
        QCOMPARE(r.reachShare, 0.0);
        QVERIFY(r.meanMs < 2.0);
    }
};

QTEST_GUILESS_MAIN(TestCallModel)
#include "tst_callmodel.moc"
