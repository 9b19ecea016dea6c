// `cmake --install` of the real build tree into a temporary prefix: the files a desktop needs are
// where it looks for them, they pass the same validators distributions run, and they name each
// other consistently (a launcher whose Icon= matches no installed icon shows a blank square).

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString kAppId = QStringLiteral("io.meshscope.Meshscope");
const QString kDesktopFile = QStringLiteral("share/applications/") + kAppId + ".desktop";
const QString kIconFile = QStringLiteral("share/icons/hicolor/scalable/apps/") + kAppId + ".svg";
const QString kMetainfoFile = QStringLiteral("share/metainfo/") + kAppId + ".metainfo.xml";

struct Run
{
    int code = -1;
    QString output; // stdout and stderr together, for failure messages
};

Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted()) {
        r.output = program + QStringLiteral(": ") + p.errorString();
        return r;
    }
    p.waitForFinished(120'000);
    r.output = QString::fromLocal8Bit(p.readAll());
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

// The validators come from Debian packages that scripts/deps.sh --test installs; a machine
// without them must fail here rather than pass without checking anything.
QString tool(const QString &name, const QString &package)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        qWarning("%s not found: install the Debian package %s (scripts/deps.sh --test)",
                 qPrintable(name), qPrintable(package));
    return path;
}

Run validateDesktop(const QString &path)
{
    const QString validator =
        tool(QStringLiteral("desktop-file-validate"), QStringLiteral("desktop-file-utils"));
    if (validator.isEmpty())
        return Run{-1, QStringLiteral("desktop-file-validate missing")};
    return run(validator, {path});
}

Run validateMetainfo(const QString &path)
{
    const QString validator = tool(QStringLiteral("appstreamcli"), QStringLiteral("appstream"));
    if (validator.isEmpty())
        return Run{-1, QStringLiteral("appstreamcli missing")};
    return run(validator, {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
}

// The keys of a desktop entry's [Desktop Entry] group (untranslated ones; no escapes needed here).
QHash<QString, QString> readDesktopEntry(const QString &path)
{
    QHash<QString, QString> keys;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return keys;
    bool inGroup = false;
    for (const QString &line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('[')))
            inGroup = line == QLatin1String("[Desktop Entry]");
        else if (inGroup && line.contains(QLatin1Char('=')))
            keys.insert(line.section(QLatin1Char('='), 0, 0).trimmed(),
                        line.section(QLatin1Char('='), 1).trimmed());
    }
    return keys;
}

// What a software centre reads from the metainfo file (untranslated values).
struct Metainfo
{
    QString id;
    QString name;
    QString summary;
    QString projectLicense;
    QString launchable;     // desktop-id
    QString providedBinary; // <provides><binary>
    QString newestRelease;  // version of the first <release>
    bool hasDescription = false;
    QString error;
};

Metainfo readMetainfo(const QString &path)
{
    Metainfo m;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        m.error = f.errorString();
        return m;
    }
    QXmlStreamReader xml(&f);
    QStringList stack;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement()) {
            stack.removeLast();
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const QString parent = stack.join(QLatin1Char('/'));
        const QString element = xml.name().toString();
        stack << element;
        if (parent == QLatin1String("component/releases") && element == QLatin1String("release") &&
            m.newestRelease.isEmpty()) {
            m.newestRelease = xml.attributes().value(QLatin1String("version")).toString();
        } else if (parent == QLatin1String("component/provides") &&
                   element == QLatin1String("binary")) {
            m.providedBinary = xml.readElementText();
            stack.removeLast();
        } else if (parent == QLatin1String("component")) {
            if (element == QLatin1String("description")) {
                m.hasDescription = true;
            } else if (element == QLatin1String("launchable") &&
                       xml.attributes().value(QLatin1String("type")) ==
                           QLatin1String("desktop-id")) {
                m.launchable = xml.readElementText();
                stack.removeLast();
            } else if (element == QLatin1String("id") || element == QLatin1String("name") ||
                       element == QLatin1String("summary") ||
                       element == QLatin1String("project_license")) {
                // Untranslated values only: translated ones carry xml:lang.
                const bool translated = xml.attributes().hasAttribute(QLatin1String("xml:lang"));
                const QString text = xml.readElementText();
                stack.removeLast();
                if (translated)
                    continue;
                if (element == QLatin1String("id"))
                    m.id = text;
                else if (element == QLatin1String("name"))
                    m.name = text;
                else if (element == QLatin1String("summary"))
                    m.summary = text;
                else
                    m.projectLicense = text;
            }
        }
    }
    if (xml.hasError())
        m.error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return m;
}

} // namespace

class TestInstall : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_prefix.isValid());
        const Run install = run(QStringLiteral(MESHSCOPE_CMAKE_COMMAND),
                                {QStringLiteral("--install"), QStringLiteral(MESHSCOPE_BUILD_DIR),
                                 QStringLiteral("--prefix"), m_prefix.path()});
        QVERIFY2(install.code == 0, qPrintable(install.output));
    }

    void installsFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("binary") << QStringLiteral("bin/meshscope");
        QTest::newRow("desktop entry") << kDesktopFile;
        QTest::newRow("icon") << kIconFile;
        QTest::newRow("AppStream metainfo") << kMetainfoFile;
    }
    void installsFiles()
    {
        QFETCH(QString, path);
        const QFileInfo info(m_prefix.filePath(path));
        QVERIFY2(info.isFile(), qPrintable(path + QStringLiteral(" is not installed")));
        QVERIFY2(info.size() > 0, qPrintable(path + QStringLiteral(" is empty")));
    }

    // The installed copy works on its own (no path back into the build tree it came from).
    void installedBinaryRuns()
    {
        const QString binary = m_prefix.filePath(QStringLiteral("bin/meshscope"));
        QVERIFY(QFileInfo(binary).isExecutable());
        const Run version = run(binary, {QStringLiteral("--version")});
        QVERIFY2(version.code == 0, qPrintable(version.output));
        QVERIFY2(version.output.contains(QStringLiteral(MESHSCOPE_VERSION)),
                 qPrintable(version.output));
    }

    void desktopEntryIsValid()
    {
        const QString path = m_prefix.filePath(kDesktopFile);
        const Run check = validateDesktop(path);
        QVERIFY2(check.code == 0, qPrintable(check.output));

        const QHash<QString, QString> entry = readDesktopEntry(path);
        QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
        QCOMPARE(entry.value(QStringLiteral("Name")), QStringLiteral("Meshscope"));
        // The launcher starts the installed program and shows the installed icon.
        const QString exec = entry.value(QStringLiteral("Exec"));
        const QString program = exec.section(QLatin1Char(' '), 0, 0);
        QVERIFY2(QFileInfo::exists(m_prefix.filePath(QStringLiteral("bin/") + program)),
                 qPrintable(QStringLiteral("Exec=") + exec + QStringLiteral(" is not installed")));
        const QString icon = entry.value(QStringLiteral("Icon"));
        QVERIFY2(QFileInfo::exists(m_prefix.filePath(QStringLiteral("share/icons/hicolor/"
                                                                    "scalable/apps/") +
                                                     icon + QStringLiteral(".svg"))),
                 qPrintable(QStringLiteral("Icon=") + icon + QStringLiteral(" is not installed")));
        // Without a category the entry is in no application menu.
        QVERIFY(!entry.value(QStringLiteral("Categories")).isEmpty());
    }

    void iconRenders()
    {
        QSvgRenderer svg(m_prefix.filePath(kIconFile));
        QVERIFY(svg.isValid());
        // Launchers draw icons in square cells; a non-square one is squashed or letterboxed.
        QCOMPARE(svg.viewBoxF().width(), svg.viewBoxF().height());
    }

    void metainfoIsValid()
    {
        const QString path = m_prefix.filePath(kMetainfoFile);
        const Run check = validateMetainfo(path);
        QVERIFY2(check.code == 0, qPrintable(check.output));

        const Metainfo m = readMetainfo(path);
        QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
        QCOMPARE(m.id, kAppId);
        QCOMPARE(m.name, QStringLiteral("Meshscope"));
        QVERIFY(!m.summary.isEmpty());
        QVERIFY(m.hasDescription);
        QVERIFY(!m.projectLicense.isEmpty());
        // A software centre's "Launch" button opens this desktop file; it must be the one
        // installed.
        QCOMPARE(m.launchable, QFileInfo(kDesktopFile).fileName());
        QCOMPARE(m.providedBinary, QStringLiteral("meshscope"));
        // A version bump in CMakeLists.txt needs its release entry, or stores show the old one.
        QCOMPARE(m.newestRelease, QStringLiteral(MESHSCOPE_VERSION));
    }

    // The validators above are the checks that fail on bad files: show that they do, with one
    // broken copy of each file (a missing required key, an unescaped '&').
    void validatorsRejectBrokenFiles_data()
    {
        QTest::addColumn<QString>("installed");
        QTest::addColumn<QString>("remove");
        QTest::addColumn<QString>("insert");
        QTest::newRow("desktop entry without Type")
            << kDesktopFile << QStringLiteral("Type=Application\n") << QString();
        QTest::newRow("desktop entry with an unknown category")
            << kDesktopFile << QStringLiteral("Categories=")
            << QStringLiteral("Categories=NotACategory;");
        QTest::newRow("metainfo without a name")
            << kMetainfoFile << QStringLiteral("<name>Meshscope</name>") << QString();
        QTest::newRow("metainfo that is not XML")
            << kMetainfoFile << QStringLiteral("<summary>") << QStringLiteral("<summary>& ");
    }
    void validatorsRejectBrokenFiles()
    {
        QFETCH(QString, installed);
        QFETCH(QString, remove);
        QFETCH(QString, insert);
        QFile original(m_prefix.filePath(installed));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(original.readAll());
        QVERIFY2(text.contains(remove), qPrintable(remove));
        text.replace(remove, insert);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Same file name: both validators check that it matches the id.
        const QString broken = dir.filePath(QFileInfo(installed).fileName());
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();

        const Run check =
            installed == kDesktopFile ? validateDesktop(broken) : validateMetainfo(broken);
        QVERIFY2(check.code > 0, qPrintable(QStringLiteral("accepted: ") + check.output));
    }

private:
    QTemporaryDir m_prefix;
};

QTEST_MAIN(TestInstall)
#include "tst_install.moc"
