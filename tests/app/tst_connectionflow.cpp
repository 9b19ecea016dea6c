#include "app/appsettings.h"
#include "app/connectionflow.h"
#include "app/keychainvault.h"
#include "app/mainwindow.h"
#include "core/session/connectionstore.h"
#include "core/session/livesession.h"
#include "widgets/connectiondialog.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace meshscope;

namespace {

app::CommandLine demoCommand()
{
    app::CommandLine c;
    c.demo = QStringLiteral("shop");
    c.demoGiven = true;
    c.intervalSeconds = 3600; // refreshes only when the test asks
    return c;
}

// Nothing listens on port 1: the window switches source at once and shows the failure later
// as its stale banner, which these tests do not look at.
const char kProfiles[] = R"(profiles:
  - name: risky
    prometheus:
      url: https://127.0.0.1:1
      insecure: true
    refreshSeconds: 1800
  - name: plain
    prometheus:
      url: http://127.0.0.1:1
)";

} // namespace

// Connection profiles in the window: switching to one, the red insecure marker, the last
// profile reopened at the next start, --profile, and the keychain where none runs.
class TestConnectionFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        app::initResources();
        const QString path = core::ConnectionStore::defaultPath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kProfiles);
    }

    void cleanupTestCase()
    {
        QFile::remove(core::ConnectionStore::defaultPath());
        QSettings().clear();
    }

    void connectingToAProfileSwitchesTheSourceAndMarksInsecure()
    {
        app::MainWindow window(demoCommand());
        window.show();
        app::ConnectionFlow *flow = window.connections();
        QCOMPARE(flow->action()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
        QVERIFY(!flow->insecureMarker()->isVisible());
        const Result<void> connected = flow->connectProfile(QStringLiteral("risky"));
        QVERIFY2(connected.ok(), qPrintable(connected.error()));
        QCOMPARE(window.session()->sourceName(), QStringLiteral("prometheus:https://127.0.0.1:1"));
        QVERIFY(flow->insecureMarker()->isVisible());
        QVERIFY(flow->insecureMarker()->styleSheet().contains(QLatin1String("#c62828")));
        QCOMPARE(window.session()->intervalSeconds(), 1800.0);
        QCOMPARE(app::ConnectionFlow::lastProfile(), QStringLiteral("risky"));
        QVERIFY(flow->connectProfile(QStringLiteral("plain")).ok());
        QVERIFY(!flow->insecureMarker()->isVisible());
        const Result<void> missing = flow->connectProfile(QStringLiteral("nope"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().contains(QLatin1String("no connection profile 'nope'")));
        QCOMPARE(window.session()->sourceName(), QStringLiteral("prometheus:http://127.0.0.1:1"));
    }

    void theLastProfileIsReopenedUntilTheUserLeavesIt()
    {
        {
            app::MainWindow window(demoCommand());
            QVERIFY(window.connections()->connectProfile(QStringLiteral("risky")).ok());
        }
        app::CommandLine plainStart = demoCommand();
        plainStart.demoGiven = false;
        {
            app::MainWindow window(plainStart);
            window.show();
            QCOMPARE(window.session()->sourceName(),
                     QStringLiteral("prometheus:https://127.0.0.1:1"));
            QCOMPARE(window.connections()->activeProfile(), QStringLiteral("risky"));
            QVERIFY(window.connections()->insecureMarker()->isVisible());
            window.setDemoMesh(QStringLiteral("tickets")); // the user leaves the profile
            QVERIFY(!window.connections()->insecureMarker()->isVisible());
            QVERIFY(app::ConnectionFlow::lastProfile().isEmpty());
        }
        app::MainWindow window(plainStart);
        QVERIFY(window.session()->sourceName().startsWith(QLatin1String("demo:")));
    }

    void profileFromTheCommandLine()
    {
        app::CommandLine c = demoCommand();
        c.demoGiven = false;
        c.connection = QStringLiteral("risky");
        app::MainWindow window(c);
        window.show();
        QCOMPARE(window.session()->sourceName(), QStringLiteral("prometheus:https://127.0.0.1:1"));
        QVERIFY(window.connections()->insecureMarker()->isVisible());
    }

    void theDialogOpensFromTheMenuWithTheProfiles()
    {
        app::MainWindow window(demoCommand());
        window.show();
        window.connections()->action()->trigger();
        widgets::ConnectionDialog *dialog = window.connections()->dialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->store().names(), QStringList({"risky", "plain"}));
        dialog->close();
    }

    void keychainWithoutASessionBus()
    {
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("XDG_RUNTIME_DIR");
        {
            app::KeychainVault vault;
            QVERIFY(!vault.isAvailable());
            QCOMPARE(vault.unavailableReason(), QStringLiteral("no D-Bus session bus"));
            const auto read = vault.read(QStringLiteral("meshscope/x/token"));
            QVERIFY(!read.ok());
            QVERIFY2(read.error().contains(QLatin1String("no keychain service")),
                     qPrintable(read.error()));
        }
        // A bus address that leads nowhere: QtKeychain itself reports the failure.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/meshscope-test-bus");
        {
            app::KeychainVault vault;
            QVERIFY(!vault.isAvailable());
            QVERIFY(!vault.unavailableReason().isEmpty());
        }
        for (const auto &[name, value] :
             {std::pair{"DBUS_SESSION_BUS_ADDRESS", bus}, std::pair{"XDG_RUNTIME_DIR", runtime}}) {
            if (value.isNull())
                qunsetenv(name);
            else
                qputenv(name, value);
        }
    }
};

QTEST_MAIN(TestConnectionFlow)
#include "tst_connectionflow.moc"
