// A kubeconfig user's exec credential plugin, as kubectl runs it: a real script in a temporary
// folder, run without a shell, with the kubeconfig's env and KUBERNETES_EXEC_INFO; its token is
// cached until it expires; a failing or silent plugin is an error that says so.

#include "chaos/kube/execcredentialplugin.h"
#include "chaos/kube/kubeconfig.h"
#include "tests/testsupport/tempfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope::chaos;
using meshscope::testing::writeTempFile;

namespace {

// A kubeconfig whose user runs `plugin` as an exec credential plugin.
QByteArray execKubeconfig(const QString &command, const QString &apiVersion)
{
    return QStringLiteral("apiVersion: v1\n"
                          "kind: Config\n"
                          "current-context: exec\n"
                          "clusters:\n"
                          "- name: c\n"
                          "  cluster:\n"
                          "    server: https://127.0.0.1:6443\n"
                          "contexts:\n"
                          "- name: exec\n"
                          "  context: {cluster: c, user: plugin}\n"
                          "users:\n"
                          "- name: plugin\n"
                          "  user:\n"
                          "    exec:\n"
                          "      apiVersion: %2\n"
                          "      command: %1\n"
                          "      args: [\"--cluster\", \"a b\", \"$HOME;true\"]\n"
                          "      env:\n"
                          "      - {name: PLUGIN_MODE, value: token}\n"
                          "      provideClusterInfo: true\n"
                          "      installHint: install the test plugin\n")
        .arg(command, apiVersion)
        .toUtf8();
}

// Prints an ExecCredential whose token carries what the plugin saw: its arguments, its env and
// the server of KUBERNETES_EXEC_INFO, so the test can check how it was run.
QByteArray pluginScript()
{
    QFile f(QStringLiteral(MESHSCOPE_SOURCE_DIR "/tests/chaos/kube/data/get-token.sh"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the test plugin");
    return f.readAll();
}

} // namespace

class TestKubeconfigExec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void execPlugin_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::newRow("v1") << "client.authentication.k8s.io/v1";
        QTest::newRow("v1beta1") << "client.authentication.k8s.io/v1beta1";
    }
    // The plugin runs without a shell (an argument "$HOME;true" arrives as it is), with the
    // kubeconfig's env, KUBERNETES_EXEC_INFO of the requested version and the cluster info;
    // its token is kept until the expiry, then it runs again.
    void execPlugin()
    {
        QFETCH(QString, apiVersion);
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("bin")));
        writeTempFile(dir, QStringLiteral("bin/get-token"), pluginScript(),
                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        // A relative command with a slash resolves against the kubeconfig's folder.
        const QString file =
            writeTempFile(dir, QStringLiteral("config"),
                          execKubeconfig(QStringLiteral("./bin/get-token"), apiVersion));
        auto config = Kubeconfig::loadFiles({file});
        QVERIFY2(config, qPrintable(config.error()));
        auto c = config->resolve();
        QVERIFY2(c, qPrintable(c.error()));
        QCOMPARE(c->user.exec->command, dir.filePath(QStringLiteral("bin/get-token")));

        ExecCredentialPlugin plugin(*c->user.exec, c->cluster, c->user.name, c->contextName);
        QDateTime now = QDateTime(QDate(2029, 12, 31), QTime(23, 0), Qt::UTC);
        plugin.setClock([&now] { return now; });
        auto cred = plugin.credential();
        QVERIFY2(cred, qPrintable(cred.error()));
        QCOMPARE(cred->token, QStringLiteral("argc=3 a2=a b a3=$HOME;true mode=token "
                                             "server=https://127.0.0.1:6443"));
        QCOMPARE(cred->expiry, QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC));
        QVERIFY(plugin.credential());
        QCOMPARE(plugin.runCount(), 1); // cached before the expiry
        now = now.addSecs(3600);
        QVERIFY(plugin.credential());
        QCOMPARE(plugin.runCount(), 2); // expired: ran again
        plugin.invalidate();
        QVERIFY(plugin.credential());
        QCOMPARE(plugin.runCount(), 3); // a 401 makes the next request run it again
    }

    void execPluginFailures()
    {
        QTemporaryDir dir;
        KubeExecConfig exec;
        exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        exec.command = QStringLiteral("meshscope-no-such-plugin");
        exec.installHint = QStringLiteral("brew install no-such-plugin");
        ExecCredentialPlugin missing(exec, {}, QStringLiteral("u"), QStringLiteral("ctx"));
        auto r = missing.credential();
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("not found in PATH")) &&
                     r.error().contains(QLatin1String("brew install no-such-plugin")) &&
                     r.error().contains(QLatin1String("context 'ctx'")),
                 qPrintable(r.error()));

        exec.command = writeTempFile(dir, QStringLiteral("fails"),
                                     "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n",
                                     QFile::ReadOwner | QFile::ExeOwner);
        ExecCredentialPlugin failing(exec, {}, QStringLiteral("u"), QStringLiteral("ctx"));
        r = failing.credential();
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("exit code 3")) &&
                     r.error().contains(QLatin1String("token expired, run login")),
                 qPrintable(r.error()));

        const QString where = QStringLiteral("plugin");
        const QString v1 = QStringLiteral("client.authentication.k8s.io/v1");
        QVERIFY(!ExecCredentialPlugin::parseOutput("not json", v1, where));
        auto wrongVersion = ExecCredentialPlugin::parseOutput(
            R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})",
            v1, where);
        QVERIFY(!wrongVersion);
        QVERIFY2(wrongVersion.error().contains(QLatin1String("answered")),
                 qPrintable(wrongVersion.error()));
        auto certOnly = ExecCredentialPlugin::parseOutput(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----"}})",
            v1, where);
        QVERIFY(!certOnly);
        QVERIFY2(certOnly.error().contains(QLatin1String("without clientKeyData")),
                 qPrintable(certOnly.error()));
        auto badExpiry = ExecCredentialPlugin::parseOutput(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"tomorrow"}})",
            v1, where);
        QVERIFY(!badExpiry);
        QVERIFY2(badExpiry.error().contains(QLatin1String("'tomorrow'")),
                 qPrintable(badExpiry.error()));
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigExec)
#include "tst_kubeconfigexec.moc"
