// Kubeconfig as kubectl reads it: the reference files of the official JavaScript client, the
// $KUBECONFIG merge rule (the first file to define a name wins), --context, namespaces, relative
// paths, and errors that name the file, the context and the field. The exec credential plugin is
// in tst_kubeconfigexec.cpp.

#include "chaos/kube/kubeclient.h"
#include "chaos/kube/kubeconfig.h"
#include "tests/testsupport/tempfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope::chaos;
using meshscope::testing::writeTempFile;

namespace {

QString reference(const QString &file)
{
    return QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/kubernetes/kubeconfig/") + file;
}

} // namespace

class TestKubeconfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void referenceFileCurrentContext()
    {
        auto config = Kubeconfig::loadFiles({reference(QStringLiteral("kubeconfig.yaml"))});
        QVERIFY2(config, qPrintable(config.error()));
        QCOMPARE(config->currentContext(), QStringLiteral("context2"));
        QCOMPARE(config->contextNames(),
                 (QStringList{QStringLiteral("context1"), QStringLiteral("context2"),
                              QStringLiteral("passwd")}));
        // context1: client certificate and key data, a SOCKS proxy; namespace defaults.
        auto c1 = config->resolve(QStringLiteral("context1"));
        QVERIFY2(c1, qPrintable(c1.error()));
        QCOMPARE(c1->server.toString(), QStringLiteral("http://example.com"));
        QCOMPARE(c1->ns, QStringLiteral("default"));
        QCOMPARE(c1->cluster.caData, QByteArray("CADATA"));
        QCOMPARE(c1->cluster.proxyUrl, QStringLiteral("socks5://localhost:1181"));
        QCOMPARE(c1->user.clientCertData, QByteArray("USER_CADATA"));
        QCOMPARE(c1->user.clientKeyData, QByteArray("USER_CKDATA"));
        // passwd: basic auth.
        auto p = config->resolve(QStringLiteral("passwd"));
        QVERIFY2(!p, "cluster2 sets a CA and insecure-skip-tls-verify, which kubectl refuses");
        QVERIFY2(p.error().contains(QLatin1String("cluster 'cluster2'")) &&
                     p.error().contains(QLatin1String("insecure-skip-tls-verify")) &&
                     p.error().contains(QLatin1String("kubeconfig.yaml")),
                 qPrintable(p.error()));
        // The fake CA "CADATA" is not PEM: refused before any request, naming the field.
        auto client = KubeClient::create(*c1);
        QVERIFY(!client);
        QVERIFY2(client.error().contains(QLatin1String("certificate-authority-data")) &&
                     client.error().contains(QLatin1String("'cluster1'")),
                 qPrintable(client.error()));
    }

    void referenceProxyUrls_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("proxy");
        QTest::addColumn<QString>("error");
        QTest::newRow("socks5") << "contextA"
                                << "socks5://example:1187"
                                << "";
        QTest::newRow("https server, http proxy") << "contextB"
                                                  << "http://example:9443"
                                                  << "";
        QTest::newRow("bad scheme") << "contextD"
                                    << ""
                                    << "cluster.server 'htto://exampleerror.com' is not an "
                                       "http(s) URL";
        QTest::newRow("no proxy") << "contextF"
                                  << ""
                                  << "";
    }
    void referenceProxyUrls()
    {
        QFETCH(QString, context);
        QFETCH(QString, proxy);
        QFETCH(QString, error);
        auto config =
            Kubeconfig::loadFiles({reference(QStringLiteral("kubeconfig-proxy-url.yaml"))});
        QVERIFY2(config, qPrintable(config.error()));
        auto c = config->resolve(context);
        if (!error.isEmpty()) {
            QVERIFY(!c);
            QVERIFY2(c.error().contains(error) && c.error().contains(QLatin1String("clusterD")),
                     qPrintable(c.error()));
            return;
        }
        QVERIFY2(c, qPrintable(c.error()));
        QCOMPARE(c->cluster.proxyUrl, proxy);
    }

    void referenceEmptyUsersAndContexts()
    {
        auto users =
            Kubeconfig::loadFiles({reference(QStringLiteral("empty-user-kubeconfig.yaml"))});
        QVERIFY2(users, qPrintable(users.error()));
        // `user:` with no body: a context that connects without credentials.
        auto c1 = users->resolve(QStringLiteral("context1"));
        QVERIFY2(c1, qPrintable(c1.error()));
        QVERIFY(c1->user.token.isEmpty() && c1->user.clientCertData.isEmpty());
        QCOMPARE(c1->user.name, QStringLiteral("user1"));

        auto contexts =
            Kubeconfig::loadFiles({reference(QStringLiteral("empty-context-kubeconfig.yaml"))});
        QVERIFY2(contexts, qPrintable(contexts.error()));
        // The unnamed context cannot be chosen; the others resolve.
        QCOMPARE(contexts->contextNames(),
                 (QStringList{QStringLiteral("context2"), QStringLiteral("passwd")}));
        auto c2 = contexts->resolve();
        QVERIFY2(!c2, "cluster2 sets a CA and the insecure flag");
        auto tls =
            Kubeconfig::loadFiles({reference(QStringLiteral("tls-server-name-kubeconfig.yaml"))});
        QVERIFY2(tls, qPrintable(tls.error()));
    }

    // $KUBECONFIG with several files: the first file to define a name wins, the first
    // current-context wins, and relative paths resolve against the file that names them.
    void mergeRules()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("second")));
        const QString first = writeTempFile(
            dir, QStringLiteral("first.yaml"),
            "apiVersion: v1\n"
            "kind: Config\n"
            "clusters:\n"
            "- name: shared\n"
            "  cluster: {server: \"https://first.example:6443\", certificate-authority: ca.crt}\n"
            "users:\n"
            "- name: alice\n"
            "  user: {token: from-first}\n"
            "contexts:\n"
            "- name: work\n"
            "  context: {cluster: shared, user: alice, namespace: shop}\n");
        const QString second =
            writeTempFile(dir, QStringLiteral("second/config"),
                          "apiVersion: v1\n"
                          "kind: Config\n"
                          "current-context: work\n"
                          "clusters:\n"
                          "- name: shared\n"
                          "  cluster: {server: \"https://second.example:6443\"}\n"
                          "- name: other\n"
                          "  cluster: {server: \"https://other.example\", "
                          "certificate-authority: ../certs/other.crt}\n"
                          "users:\n"
                          "- name: alice\n"
                          "  user: {token: from-second}\n"
                          "- name: bob\n"
                          "  user: {tokenFile: bob.token}\n"
                          "contexts:\n"
                          "- name: work\n"
                          "  context: {cluster: other, user: bob}\n"
                          "- name: extra\n"
                          "  context: {cluster: other, user: bob}\n");
        qputenv("KUBECONFIG", (first + QStringLiteral("::") + second + QLatin1Char(':') + first +
                               QStringLiteral(":/nonexistent/config"))
                                  .toUtf8());
        const QStringList files = Kubeconfig::defaultFiles();
        qunsetenv("KUBECONFIG");
        QCOMPARE(files, (QStringList{first, second, QStringLiteral("/nonexistent/config")}));
        auto config = Kubeconfig::loadFiles(files);
        QVERIFY2(config, qPrintable(config.error()));
        QCOMPARE(config->currentContext(), QStringLiteral("work")); // from the second file
        auto work = config->resolve();
        QVERIFY2(work, qPrintable(work.error()));
        // The context itself comes from the first file, so do its cluster and user.
        QCOMPARE(work->server.host(), QStringLiteral("first.example"));
        QCOMPARE(work->user.token, QStringLiteral("from-first"));
        QCOMPARE(work->ns, QStringLiteral("shop"));
        QCOMPARE(work->cluster.caFile, dir.filePath(QStringLiteral("ca.crt")));
        auto extra = config->resolve(QStringLiteral("extra")); // --context
        QVERIFY2(extra, qPrintable(extra.error()));
        QCOMPARE(extra->cluster.caFile, dir.filePath(QStringLiteral("certs/other.crt")));
        QCOMPARE(extra->user.tokenFile, dir.filePath(QStringLiteral("second/bob.token")));
        QCOMPARE(extra->ns, QStringLiteral("default"));

        auto missing = config->resolve(QStringLiteral("prod"));
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(QLatin1String("context 'prod' is not defined")) &&
                     missing.error().contains(QLatin1String("extra, work")),
                 qPrintable(missing.error()));
        auto none = Kubeconfig::loadFiles({dir.filePath(QStringLiteral("nope"))});
        QVERIFY(!none);
        QVERIFY2(none.error().contains(QLatin1String("no kubeconfig found")),
                 qPrintable(none.error()));
    }

    void errorsNameFileContextAndField_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QStringList>("expected");
        const QByteArray head = "kind: Config\nclusters:\n- name: c\n  cluster: {server: "
                                "\"https://k.example\"}\ncontexts:\n- name: ctx\n  context: "
                                "{cluster: c, user: u}\n";
        QTest::newRow("token is a number")
            << head + "users:\n- name: u\n  user: {token: 12345}\n"
            << "ctx"
            << QStringList{"users[0] (u)", "user.token", "expected a string, got a number"};
        QTest::newRow("bad base64")
            << head + "users:\n- name: u\n  user: {client-certificate-data: \"%%%\", "
                      "client-key-data: a2V5}\n"
            << "ctx" << QStringList{"users[0] (u)", "client-certificate-data", "base64"};
        QTest::newRow("cert without key")
            << head + "users:\n- name: u\n  user: {client-certificate: c.crt}\n"
            << "ctx" << QStringList{"user 'u'", "context 'ctx'", "without user.client-key"};
        QTest::newRow("token and password")
            << head + "users:\n- name: u\n  user: {token: t, username: a, password: b}\n"
            << "ctx" << QStringList{"user 'u'", "more than one authentication method"};
        QTest::newRow("unknown user")
            << head + "users: []\n"
            << "ctx" << QStringList{"context 'ctx'", "user 'u' is not defined"};
        QTest::newRow("exec without apiVersion")
            << head + "users:\n- name: u\n  user:\n    exec: {command: get-token}\n"
            << "ctx" << QStringList{"users[0] (u)", "user.exec.apiVersion", "is required"};
        QTest::newRow("exec alpha")
            << head + "users:\n- name: u\n  user:\n    exec: {command: t, apiVersion: "
                      "client.authentication.k8s.io/v1alpha1}\n"
            << "ctx" << QStringList{"user.exec.apiVersion", "v1alpha1", "is not supported"};
        QTest::newRow("auth provider")
            << head + "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n"
            << "ctx" << QStringList{"auth-provider 'gcp' is not supported"};
        QTest::newRow("duplicate user")
            << head + "users:\n- name: u\n  user: {token: a}\n- name: u\n  user: {token: b}\n"
            << "ctx" << QStringList{"users[1]", "the name 'u' is already used"};
        QTest::newRow("no current context")
            << QByteArray("kind: Config\n") << "" << QStringList{"current-context is not set"};
        QTest::newRow("not a config")
            << QByteArray("kind: Pod\n") << "" << QStringList{"kind is 'Pod'"};
        QTest::newRow("bad yaml") << QByteArray("clusters: [\n") << ""
                                  << QStringList{"not valid YAML", "line"};
        QTest::newRow("contexts not a list")
            << QByteArray("contexts: {a: 1}\n") << "" << QStringList{"contexts", "expected a list"};
    }
    void errorsNameFileContextAndField()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, context);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const QString file = writeTempFile(dir, QStringLiteral("config"), yaml);
        auto config = Kubeconfig::loadFiles({file});
        QString error = config ? QString() : config.error();
        if (config) {
            auto c = config->resolve(context);
            QVERIFY2(!c, "expected an error");
            error = c.error();
        }
        QVERIFY2(error.contains(file), qPrintable(error));
        for (const QString &e : expected)
            QVERIFY2(error.contains(e),
                     qPrintable(QStringLiteral("'%1' not in: %2").arg(e, error)));
    }
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
