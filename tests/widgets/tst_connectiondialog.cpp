#include "core/session/secretvault.h"
#include "widgets/connectiondialog.h"
#include "widgets/connectionform.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QToolButton>

#include <atomic>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::widgets::ConnectionDialog;

namespace {

// As on this machine and in CI: no D-Bus secret service.
class NoKeychain : public SecretVault
{
public:
    bool isAvailable() const override { return false; }
    QString unavailableReason() const override { return QStringLiteral("no D-Bus session bus"); }
    Result<QString> read(const QString &) override { return Error{QStringLiteral("none")}; }
    Result<void> write(const QString &, const QString &) override
    {
        return Error{QStringLiteral("none")};
    }
};

ConnectionStore storeWith(const QString &url)
{
    ConnectionStore store;
    ConnectionProfile p;
    p.name = QStringLiteral("local");
    p.prometheusUrl = url;
    (void)store.upsert(p);
    return store;
}

template <typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    Q_ASSERT(found);
    return found;
}

} // namespace

class TestConnectionDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void saysThereIsNoKeychainAndOffersReferences()
    {
        QTemporaryDir dir;
        NoKeychain vault;
        ConnectionDialog dialog(storeWith(QStringLiteral("http://localhost:9090")),
                                dir.filePath(QStringLiteral("c.yaml")), &vault);
        const QString notice = child<QLabel>(&dialog, "keychainNotice")->text();
        QVERIFY2(notice.contains(QLatin1String("No keychain service is running (no D-Bus session "
                                               "bus)")) &&
                     notice.contains(QLatin1String("env:NAME")) &&
                     notice.contains(QLatin1String("file:PATH")),
                 qPrintable(notice));
        QVERIFY(!child<QToolButton>(&dialog, "bearerTokenKeychain")->isEnabled());
    }

    void testConnectionShowsVersionSeriesAndTimeFromAWorker()
    {
        QTemporaryDir dir;
        NoKeychain vault;
        ConnectionDialog dialog(storeWith(QStringLiteral("http://prom.example:9090")),
                                dir.filePath(QStringLiteral("c.yaml")), &vault);
        std::atomic<QThread *> ranOn = nullptr;
        QString askedUrl;
        dialog.setTester([&](ConnectionTestTargets targets) {
            ranOn = QThread::currentThread();
            askedUrl = targets.prometheus.endpoint.baseUrl.toString();
            ConnectionTestReport r;
            r.server = QStringLiteral("Prometheus 2.45.3");
            r.seriesCount = 42;
            r.metrics = {QStringLiteral("istio_requests_total")};
            r.elapsedMs = 17;
            ConnectionTestOutcome outcome;
            outcome.prometheus = r;
            return outcome;
        });
        QSignalSpy shown(&dialog, &ConnectionDialog::resultShown);
        child<QPushButton>(&dialog, "testConnection")->click();
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).at(0).toBool(), true);
        QVERIFY(ranOn.load() != QThread::currentThread()); // never on the GUI thread
        QCOMPARE(askedUrl, QStringLiteral("http://prom.example:9090"));
        const QString text = dialog.resultText();
        QVERIFY2(text.contains(QLatin1String("Prometheus 2.45.3")) &&
                     text.contains(QLatin1String("42 mesh series")) &&
                     text.contains(QLatin1String("17 ms")),
                 qPrintable(text));
    }

    void testConnectionShowsTheErrorInRed()
    {
        QTemporaryDir dir;
        ConnectionDialog dialog(storeWith(QStringLiteral("http://127.0.0.1:9")),
                                dir.filePath(QStringLiteral("c.yaml")), nullptr);
        dialog.setTester([](ConnectionTestTargets) {
            ConnectionTestOutcome outcome;
            outcome.prometheus = Error{QStringLiteral("could not connect to http://127.0.0.1:9/api/"
                                                      "v1/status/buildinfo: Connection refused")};
            return outcome;
        });
        QSignalSpy shown(&dialog, &ConnectionDialog::resultShown);
        child<QPushButton>(&dialog, "testConnection")->click();
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).at(0).toBool(), false);
        QVERIFY(dialog.resultText().contains(QLatin1String("Connection refused")));
        QVERIFY(
            child<QLabel>(&dialog, "testResult")->styleSheet().contains(QLatin1String("#c62828")));
    }

    void insecureIsRed()
    {
        QTemporaryDir dir;
        ConnectionDialog dialog(storeWith(QStringLiteral("https://p:9090")),
                                dir.filePath(QStringLiteral("c.yaml")), nullptr);
        auto *insecure = child<QCheckBox>(&dialog, "insecure");
        QVERIFY(!insecure->styleSheet().contains(QLatin1String("#c62828")));
        insecure->setChecked(true);
        QVERIFY(insecure->styleSheet().contains(QLatin1String("#c62828")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // What the user sees: the label is drawn in red.
        const QImage image = insecure->grab().toImage();
        bool red = false;
        for (int y = 0; y < image.height() && !red; ++y)
            for (int x = 0; x < image.width() && !red; ++x) {
                const QColor c = image.pixelColor(x, y);
                red = c.red() > 150 && c.green() < 90 && c.blue() < 90;
            }
        QVERIFY(red);
    }

    void saveKeepsOnlyReferences()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.yaml"));
        ConnectionDialog dialog(storeWith(QStringLiteral("http://p:9090")), path, nullptr);
        auto *token = child<QLineEdit>(&dialog, "bearerToken");
        token->setText(QStringLiteral("eyJhbGciOi-plain-token"));
        QSignalSpy shown(&dialog, &ConnectionDialog::resultShown);
        QVERIFY(!dialog.saveProfile());
        QVERIFY2(
            dialog.resultText().startsWith(QLatin1String("Bearer token: expected a reference")),
            qPrintable(dialog.resultText()));
        QVERIFY(!dialog.resultText().contains(QLatin1String("eyJhbGci")));
        QVERIFY(!QFile::exists(path)); // nothing written
        token->setText(QStringLiteral("env:PROM_TOKEN"));
        QVERIFY(dialog.saveProfile());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray yaml = file.readAll();
        QVERIFY2(yaml.contains("bearerToken: env:PROM_TOKEN"), yaml.constData());
        QCOMPARE(dialog.store().find(QStringLiteral("local"))->prometheusAuth.bearerToken.target(),
                 QStringLiteral("PROM_TOKEN"));
    }

    // A profile with Jaeger and Alertmanager: the test is handed both (with the saved alert
    // filter) and shows a line for each; one failing turns the whole answer red and names it.
    void jaegerAndAlertmanagerAreTestedAndTheFilterSaved()
    {
        QTemporaryDir dir;
        ConnectionDialog dialog(storeWith(QStringLiteral("http://p:9090")),
                                dir.filePath(QStringLiteral("c.yaml")), nullptr);
        child<QLineEdit>(&dialog, "jaegerUrl")->setText(QStringLiteral("http://j:16686"));
        child<QLineEdit>(&dialog, "alertmanagerUrl")->setText(QStringLiteral("http://am:9093"));
        child<QLineEdit>(&dialog, "alertFilter")
            ->setText(QStringLiteral(R"(severity="critical", namespace=~"shop|pay")"));
        ConnectionTestTargets seen;
        dialog.setTester([&seen](ConnectionTestTargets targets) {
            seen = targets;
            ConnectionTestReport r;
            r.server = QStringLiteral("Prometheus 2.45.3");
            r.seriesCount = 42;
            ConnectionTestOutcome outcome;
            outcome.prometheus = r;
            BackendTestReport jaeger;
            jaeger.backend = QStringLiteral("Jaeger");
            jaeger.server = QStringLiteral("Jaeger (API v3)");
            jaeger.url = targets.jaeger->baseUrl.toString();
            jaeger.count = 7;
            jaeger.elapsedMs = 5;
            BackendTestReport am;
            am.backend = QStringLiteral("Alertmanager");
            am.url = targets.alertmanager->baseUrl.toString();
            am.error = QStringLiteral("could not connect to http://am:9093/api/v2/status");
            outcome.backends = {jaeger, am};
            return outcome;
        });
        QSignalSpy shown(&dialog, &ConnectionDialog::resultShown);
        child<QPushButton>(&dialog, "testConnection")->click();
        QTRY_COMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).at(0).toBool(), false);
        QVERIFY(seen.jaeger && seen.alertmanager);
        QCOMPARE(seen.alertFilter.matchers,
                 QStringList({R"(severity="critical")", R"(namespace=~"shop|pay")"}));
        const QStringList lines = dialog.resultText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[0].startsWith(QLatin1String("Connected: Prometheus 2.45.3")),
                 qPrintable(lines[0]));
        QCOMPARE(lines[1], QStringLiteral("Jaeger (API v3) at http://j:16686: 7 services · 5 ms"));
        QCOMPARE(lines[2], QStringLiteral("Alertmanager failed: could not connect to "
                                          "http://am:9093/api/v2/status"));
        QVERIFY(
            child<QLabel>(&dialog, "testResult")->styleSheet().contains(QLatin1String("#c62828")));

        QVERIFY(dialog.saveProfile());
        const auto again = ConnectionStore::load(dir.filePath(QStringLiteral("c.yaml")));
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QCOMPARE(again->find(QStringLiteral("local"))->alertFilters, seen.alertFilter.matchers);
    }

    void connectSavesAndAsksTheWindowToSwitch()
    {
        QTemporaryDir dir;
        ConnectionDialog dialog(storeWith(QStringLiteral("http://p:9090")),
                                dir.filePath(QStringLiteral("c.yaml")), nullptr);
        child<QLineEdit>(&dialog, "namespaces")->setText(QStringLiteral("shop|pay"));
        QSignalSpy requested(&dialog, &ConnectionDialog::connectRequested);
        child<QPushButton>(&dialog, "connectProfile")->click();
        QCOMPARE(requested.size(), 1);
        const auto p = requested.at(0).at(0).value<ConnectionProfile>();
        QCOMPARE(p.namespaces, QStringLiteral("shop|pay"));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("c.yaml"))));
    }

    // Not a check: with MESHSCOPE_SCREENSHOT_DIR and MESHSCOPE_SCREENSHOT_PROMETHEUS set (a real
    // Prometheus scraping meshscope-sim), saves the dialog after a real Test connection.
    void screenshot()
    {
        const QString dir = qEnvironmentVariable("MESHSCOPE_SCREENSHOT_DIR");
        const QString url = qEnvironmentVariable("MESHSCOPE_SCREENSHOT_PROMETHEUS");
        if (dir.isEmpty() || url.isEmpty())
            QSKIP("set MESHSCOPE_SCREENSHOT_DIR and MESHSCOPE_SCREENSHOT_PROMETHEUS");
        QTemporaryDir config;
        ConnectionStore store = storeWith(url);
        ConnectionProfile staging;
        staging.name = QStringLiteral("staging-thanos");
        staging.flavour = StoreFlavour::Thanos;
        staging.prometheusUrl = QStringLiteral("https://thanos.staging.example:10902");
        staging.prometheusAuth.insecure = true;
        (void)store.upsert(staging);
        NoKeychain vault;
        ConnectionDialog dialog(store, config.filePath(QStringLiteral("c.yaml")), &vault);
        dialog.selectProfile(QStringLiteral("local"));
        child<QLineEdit>(&dialog, "bearerToken")->setText(QStringLiteral("env:PROM_TOKEN"));
        child<QLineEdit>(&dialog, "namespaces")->setText(QStringLiteral("shop|istio-system"));
        qputenv("PROM_TOKEN", "screenshot");
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy shown(&dialog, &ConnectionDialog::resultShown);
        child<QPushButton>(&dialog, "testConnection")->click();
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 30'000);
        QVERIFY2(shown.at(0).at(0).toBool(), qPrintable(dialog.resultText()));
        QVERIFY(dialog.grab().save(dir + QStringLiteral("/connection-dialog.png")));
        dialog.selectProfile(QStringLiteral("staging-thanos"));
        QCoreApplication::processEvents(); // the layout takes the bold label's width
        QVERIFY(dialog.grab().save(dir + QStringLiteral("/connection-dialog-insecure.png")));
    }
};

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
