#include "experimentfixtures.h"

#include "chaos/experiment/syntheticprobe.h"

#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace meshscope;
using namespace meshscope::chaos;

namespace {

// A loopback port that accepts connections (the kernel completes them into the backlog), and
// one that refuses them (bound, never listening).
struct Port
{
    int fd = -1;
    int port = 0;
    explicit Port(bool listening)
    {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
        if (listening)
            ::listen(fd, 64);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~Port() { ::close(fd); }
    QString url() const { return QStringLiteral("tcp://127.0.0.1:%1").arg(port); }
};

} // namespace

class TestSyntheticProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tcpConnectSucceedsOrSaysWhy()
    {
        const Port open(true);
        const ProbeResult ok = SyntheticProbe::run(open.url());
        QVERIFY2(ok.success, qPrintable(ok.error));
        QVERIFY(ok.latencyMs >= 0.0);

        const Port closed(false);
        const ProbeResult refused = SyntheticProbe::run(closed.url());
        QVERIFY(!refused.success);
        QVERIFY2(refused.error.contains(closed.url()) &&
                     refused.error.contains(QStringLiteral("refused")),
                 qPrintable(refused.error));
    }

    void httpToAClosedPortFails()
    {
        const Port closed(false);
        const ProbeResult r =
            SyntheticProbe::run(QStringLiteral("http://127.0.0.1:%1/healthz").arg(closed.port));
        QVERIFY(!r.success);
        QVERIFY(!r.error.isEmpty());
    }

    void aProbeConditionIsJudgedOverTheFault()
    {
        const Port open(true);
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        const QByteArray condition =
            "  - probe: " + open.url().toUtf8() + "\n    every: 10s\n    atLeast: 95%\n";
        ExperimentRunner runner(fixtures::parse(fixtures::experimentYaml(
                                    QStringLiteral("shop/cartservice"), condition)),
                                rig.executor, rig.observer,
                                {QStringLiteral("probe-run"), dir.path(), {}, {}, {}});
        QCOMPARE(runner.runToEnd(), ExperimentOutcome::Held);
        const ExperimentRun &run = runner.run();
        // Every 10 s of simulated time, over baseline, fault and recovery.
        QVERIFY(run.probes.size() >= 6);
        for (size_t i = 1; i < run.probes.size(); ++i)
            QVERIFY(run.probes[i].atMs - run.probes[i - 1].atMs >= 10000);
        // 30 s of fault, a probe every 10 s: the three that ran with the fault's refreshes.
        QVERIFY2(run.conditions[0].held && run.conditions[0].observed.startsWith(
                                               QStringLiteral("3 of 3 probes succeeded (100.0 %)")),
                 qPrintable(run.conditions[0].observed));
    }

    void aFailingProbeStopsTheRunBeforeTheFault()
    {
        const Port closed(false);
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        const QByteArray condition = "  - probe: " + closed.url().toUtf8() + "\n    atLeast: 95\n";
        ExperimentRunner runner(fixtures::parse(fixtures::experimentYaml(
                                    QStringLiteral("shop/cartservice"), condition)),
                                rig.executor, rig.observer,
                                {QStringLiteral("probe-fail"), dir.path(), {}, {}, {}});
        QCOMPARE(runner.runToEnd(), ExperimentOutcome::Error);
        QVERIFY2(runner.run().error.contains(QStringLiteral("0 of ")),
                 qPrintable(runner.run().error));
        QCOMPARE(runner.run().injectStartMs, 0);
    }
};

QTEST_GUILESS_MAIN(TestSyntheticProbe)
#include "tst_syntheticprobe.moc"
