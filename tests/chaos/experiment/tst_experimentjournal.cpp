// The journal is never left corrupt: a child process rewrites one journal as fast as it can and
// is SIGKILLed at a random moment, many times; every time the file that remains parses, and is
// one of the documents that was written whole. The test binary plays the writer itself.

#include "chaos/experiment/experimentjournal.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace meshscope::chaos;

namespace {

// A document of realistic size (a few hundred refreshes) whose content says which write it is.
QJsonObject document(int generation)
{
    QJsonArray samples;
    for (int i = 0; i < 400; ++i)
        samples.append(QJsonObject{{QStringLiteral("atMs"), i * 5000},
                                   {QStringLiteral("score"), (generation + i) % 100}});
    return QJsonObject{{QStringLiteral("runId"), QStringLiteral("torture")},
                       {QStringLiteral("phase"), QStringLiteral("observe")},
                       {QStringLiteral("generation"), generation},
                       {QStringLiteral("samples"), samples},
                       {QStringLiteral("last"), generation}};
}

int childWriter(const QString &folder)
{
    const ExperimentJournal journal(folder, QStringLiteral("torture"));
    std::puts("writing");
    std::fflush(stdout);
    for (int generation = 0;; ++generation) {
        if (!journal.write(document(generation)))
            return 3;
        std::puts("w"); // one line per committed write: the parent picks which one to kill after
        std::fflush(stdout);
    }
}

} // namespace

class TestExperimentJournal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void survivesSigkillAtRandomPoints()
    {
        QTemporaryDir dir;
        const ExperimentJournal journal(dir.path(), QStringLiteral("torture"));
        QRandomGenerator random(20260301);
        int survived = 0;
        for (int round = 0; round < 40; ++round) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("--child-writer"), dir.path()});
            QVERIFY(child.waitForStarted());
            // A random moment: after 0 to 30 committed writes, while the next one is under way.
            const int writes = int(random.bounded(31));
            QByteArray seen;
            QTRY_VERIFY(child.state() != QProcess::Running ||
                        (seen += child.readAllStandardOutput()).count('w') >= writes);
            child.kill();
            QVERIFY(child.waitForFinished());

            if (!QFile::exists(journal.path()))
                continue; // killed before the first commit: no journal, which is no corruption
            auto doc = ExperimentJournal::read(journal.path());
            QVERIFY2(doc, qPrintable(QStringLiteral("round %1: %2").arg(round).arg(doc.error())));
            const int generation = doc->value(QStringLiteral("generation")).toInt();
            QCOMPARE(doc->value(QStringLiteral("last")).toInt(), generation);
            QCOMPARE(*doc, document(generation));
            ++survived;
        }
        QVERIFY2(survived > 20, qPrintable(QString::number(survived)));
        // What a kill mid-write leaves (a temporary) is not taken for a journal.
        QStringList errors;
        const auto open = ExperimentJournal::unfinished(dir.path(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(open.size(), size_t(1));
        QCOMPARE(open[0].phase, QStringLiteral("observe"));
    }

    void finishedRunsAreNotOffered()
    {
        QTemporaryDir dir;
        QVERIFY(ExperimentJournal(dir.path(), QStringLiteral("a"))
                    .write({{QStringLiteral("runId"), QStringLiteral("a")},
                            {QStringLiteral("phase"), QStringLiteral("done")}}));
        QVERIFY(ExperimentJournal(dir.path(), QStringLiteral("b"))
                    .write({{QStringLiteral("runId"), QStringLiteral("b")},
                            {QStringLiteral("phase"), QStringLiteral("verify")}}));
        QFile broken(dir.filePath(QStringLiteral("c.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"runId\": ");
        broken.close();
        QStringList errors;
        const auto open = ExperimentJournal::unfinished(dir.path(), &errors);
        QCOMPARE(open.size(), size_t(1));
        QCOMPARE(open[0].runId, QStringLiteral("b"));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains(QStringLiteral("c.json")), qPrintable(errors[0]));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child-writer") == 0)
        return childWriter(QString::fromLocal8Bit(argv[2]));
    TestExperimentJournal test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_experimentjournal.moc"
