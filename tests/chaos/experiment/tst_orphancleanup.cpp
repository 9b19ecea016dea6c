// A run killed (SIGKILL) while its fault is injected, then a new process: the unfinished
// journal and the orphaned fault are found, cleaned, and the journal closed as aborted.
// The test binary plays the killed run itself (`--child-run FOLDER`).

#include "experimentfixtures.h"

#include "chaos/experiment/experimentjournal.h"
#include "chaos/experiment/orphancleanup.h"
#include "chaos/manifest/manifestbuilder.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace meshscope;
using namespace meshscope::chaos;

namespace {

int childRun(const QString &folder)
{
    auto rig = fixtures::demoRig(folder + QStringLiteral("/demo"));
    ExperimentRunner runner(
        fixtures::parse(fixtures::experimentYaml(QStringLiteral("shop/productcatalogservice"),
                                                 "  - score: shop/frontend\n    atLeast: 1\n")),
        rig.executor, rig.observer, {QStringLiteral("crashed-run"), folder, {}, {}, {}});
    if (!runner.start())
        return 3;
    while (runner.phase() != ExperimentPhase::Observe)
        if (!runner.step())
            return 4;
    std::puts("injected");
    std::fflush(stdout);
    for (;;)
        ::pause(); // waits for the parent's SIGKILL
}

} // namespace

class TestOrphanCleanup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aKilledRunIsFoundAndCleanedAfterARestart()
    {
        QTemporaryDir dir;
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--child-run"), dir.path()});
        QVERIFY(child.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += child.readAllStandardOutput()).contains("injected") ||
                                     child.state() == QProcess::NotRunning,
                                 60000);
        QVERIFY2(child.state() == QProcess::Running,
                 child.readAllStandardError().right(2000).constData());
        child.kill(); // SIGKILL: no destructor, no cleanup
        QVERIFY(child.waitForFinished());

        // The restarted process has a new simulator; only the state on disk tells.
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        CrashLeftovers left = OrphanCleanup::find(*rig.executor, dir.path());
        QVERIFY2(left.errors.isEmpty(), qPrintable(left.errors.join(QLatin1Char('\n'))));
        QCOMPARE(left.journals.size(), size_t(1));
        QCOMPARE(left.journals[0].runId, QStringLiteral("crashed-run"));
        QCOMPARE(left.journals[0].phase, QStringLiteral("observe"));
        QCOMPARE(left.journals[0].executor, QStringLiteral("demo:shop"));
        QCOMPARE(left.managed.size(), size_t(1));
        QCOMPARE(left.managed[0].kind, QStringLiteral("NetworkChaos"));
        QCOMPARE(left.managed[0].runId, QStringLiteral("crashed-run"));

        QVERIFY(OrphanCleanup::clean(*rig.executor, left));
        QVERIFY(OrphanCleanup::find(*rig.executor, dir.path()).isEmpty());
        auto journal = ExperimentJournal::read(left.journals[0].path);
        QVERIFY(journal);
        QCOMPARE(journal->value(QStringLiteral("phase")).toString(), QStringLiteral("aborted"));
        QVERIFY(journal->value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("stopped in observe")));
    }

    void haltAllRemovesEveryManagedFault()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        for (const char *service : {"cartservice", "adservice"}) {
            Experiment e = fixtures::parse(fixtures::experimentYaml(
                QStringLiteral("shop/") + QLatin1String(service), "  - score: shop/frontend\n"
                                                                  "    atLeast: 1\n"));
            auto manifest = ManifestBuilder().build(e.scenario, QStringLiteral("r"));
            QVERIFY(manifest);
            QVERIFY(rig.executor->create(*manifest));
        }
        QCOMPARE(rig.executor->listManaged()->size(), size_t(2));
        auto halted = OrphanCleanup::haltAll(*rig.executor);
        QVERIFY2(halted, qPrintable(halted.error()));
        QCOMPARE(*halted, 2);
        QVERIFY(rig.executor->listManaged()->empty());
    }
};

int main(int argc, char *argv[])
{
    if (argc == 3 && qstrcmp(argv[1], "--child-run") == 0) {
        QCoreApplication app(argc, argv);
        return childRun(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestOrphanCleanup test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_orphancleanup.moc"
