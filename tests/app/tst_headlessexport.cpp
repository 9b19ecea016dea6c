#include "app/appsettings.h"
#include "app/commandline.h"
#include "app/headlessexport.h"

#include <QApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using meshscope::app::CommandLine;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run runExport(QStringList args)
{
    args.prepend(QStringLiteral("export"));
    args.prepend(QStringLiteral("meshscope"));
    const CommandLine command = CommandLine::parse(args);
    Run run;
    if (command.mode != CommandLine::Mode::Export) {
        run.code = 2;
        run.err = command.message;
        return run;
    }
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.code = meshscope::app::runHeadlessExport(command, out, err);
    return run;
}

const QString kAt = QStringLiteral("2026-11-22T14:00:00Z");

} // namespace

class TestHeadlessExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        meshscope::app::initResources();
        QVERIFY(m_dir.isValid());
    }

    void png()
    {
        const QString path = m_dir.filePath(QStringLiteral("shop.png"));
        const Run run =
            runExport({QStringLiteral("--demo"), QStringLiteral("shop"), QStringLiteral("--seed"),
                       QStringLiteral("7"), QStringLiteral("--sim-seconds"), QStringLiteral("120"),
                       QStringLiteral("--at"), kAt, QStringLiteral("-o"), path});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("wrote")));
        QImage image;
        QVERIFY(image.load(path));
        QVERIFY(image.width() > 400 && image.height() > 300);
    }

    void svgAndPdf_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("svg") << QStringLiteral("tickets.svg") << QByteArray("<svg");
        QTest::newRow("pdf") << QStringLiteral("tickets.pdf") << QByteArray("%PDF");
    }

    void svgAndPdf()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        const QString path = m_dir.filePath(name);
        const Run run = runExport({QStringLiteral("--demo"), QStringLiteral("tickets"),
                                   QStringLiteral("--at"), kAt, QStringLiteral("--sim-seconds"),
                                   QStringLiteral("30"), QStringLiteral("-o"), path});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains(magic));
    }

    void jsonIsDeterministicForASeed()
    {
        auto nodes = [this](const QString &name, const QString &seed) {
            const QString path = m_dir.filePath(name);
            const Run run = runExport({QStringLiteral("--demo"), QStringLiteral("shop"),
                                       QStringLiteral("--seed"), seed, QStringLiteral("--at"), kAt,
                                       QStringLiteral("--sim-seconds"), QStringLiteral("60"),
                                       QStringLiteral("-o"), path});
            QFile file(path);
            if (run.code != 0 || !file.open(QIODevice::ReadOnly))
                return QJsonArray();
            return QJsonDocument::fromJson(file.readAll())
                .object()
                .value(QStringLiteral("nodes"))
                .toArray();
        };
        const QJsonArray a = nodes(QStringLiteral("a.json"), QStringLiteral("7"));
        const QJsonArray b = nodes(QStringLiteral("b.json"), QStringLiteral("7"));
        const QJsonArray c = nodes(QStringLiteral("c.json"), QStringLiteral("8"));
        QCOMPARE(a.size(), 12);
        QCOMPARE(a, b);
        QVERIFY(a != c);
        const QJsonObject first = a.at(0).toObject();
        QVERIFY(first.contains(QStringLiteral("health")));
        QVERIFY(first.contains(QStringLiteral("position")));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown mesh")
            << QStringList{QStringLiteral("--demo"), QStringLiteral("moon"), QStringLiteral("-o"),
                           QStringLiteral("x.png")}
            << 1 << QStringLiteral("moon");
        QTest::newRow("unknown format")
            << QStringList{QStringLiteral("-o"), QStringLiteral("x.bmp")} << 2
            << QStringLiteral("bmp");
        QTest::newRow("unwritable")
            << QStringList{QStringLiteral("--sim-seconds"), QStringLiteral("0"),
                           QStringLiteral("-o"), QStringLiteral("/nonexistent/dir/x.png")}
            << 1 << QStringLiteral("/nonexistent/dir/x.png");
        QTest::newRow("bad health config")
            << QStringList{QStringLiteral("--health-config"), QStringLiteral("/nonexistent/h.yaml"),
                           QStringLiteral("-o"), QStringLiteral("x.json")}
            << 1 << QStringLiteral("/nonexistent/h.yaml");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, messagePart);
        const Run run = runExport(args);
        QCOMPARE(run.code, code);
        QVERIFY2(run.err.contains(messagePart), qPrintable(run.err));
    }

    void binaryWorksWithoutDisplay()
    {
        // The real executable, as CI and scripts call it: no DISPLAY, exit code, message.
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        const QString path = m_dir.filePath(QStringLiteral("bin.graphml"));
        process.start(QStringLiteral(MESHSCOPE_BINARY),
                      {QStringLiteral("export"), QStringLiteral("--demo"), QStringLiteral("shop"),
                       QStringLiteral("-o"), path});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("<graphml"));

        process.start(QStringLiteral(MESHSCOPE_BINARY),
                      {QStringLiteral("export"), QStringLiteral("--demo"), QStringLiteral("nope"),
                       QStringLiteral("-o"), path});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardError().contains("nope"));

        process.start(QStringLiteral(MESHSCOPE_BINARY), {QStringLiteral("--help")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("meshscope export"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestHeadlessExport)
#include "tst_headlessexport.moc"
