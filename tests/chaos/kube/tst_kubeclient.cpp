// KubeClient against a real kube-apiserver + etcd (KubeTestServer): every way a kubeconfig can
// say who the user is and how to trust the server reaches the server as that user — a token,
// a tokenFile, a client certificate from files or from data, an exec credential plugin, the CA
// as a file or as data; a proxy-url is really used; no credentials is 401 and a Status error is
// worded with its reason. Without a built kube-apiserver this test FAILS (never skips).

#include "chaos/kube/execcredentialplugin.h"
#include "chaos/kube/kubeclient.h"
#include "chaos/kube/kubeconfig.h"
#include "tests/servers/kube/kubetestobjects.h"
#include "tests/servers/kube/kubetestserver.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope::chaos;
using meshscope::testing::KubeTestObjects;
using meshscope::testing::KubeTestServer;

namespace {

// Only system:masters may list namespaces here; a refusal names the user the server saw.
const QString kNamespaces = QStringLiteral("/api/v1/namespaces");

QByteArray base64Of(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toBase64() : QByteArray();
}

} // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT

    KubeTestServer m_server;
    KubeTestObjects m_objects{m_server};
    QTemporaryDir m_dir;

    std::unique_ptr<KubeClient> client(const QString &file, const QString &userYaml,
                                       const QString &clusterYaml = {})
    {
        auto config = Kubeconfig::loadFiles(
            {m_objects.writeKubeconfig(m_dir.filePath(file), userYaml, clusterYaml)});
        if (!config)
            qFatal("kubeconfig: %s", qPrintable(config.error()));
        auto connection = config->resolve();
        if (!connection)
            qFatal("context: %s", qPrintable(connection.error()));
        auto c = KubeClient::create(*connection);
        if (!c)
            qFatal("client: %s", qPrintable(c.error()));
        return std::move(c.value());
    }

    static QString adminToken()
    {
        return QStringLiteral("    token: %1\n").arg(QLatin1String(KubeTestServer::kAdminToken));
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto started = m_server.startWith();
        QVERIFY2(started, qPrintable(started.error()));
    }

    void tokenAndTokenFile()
    {
        auto token = client(QStringLiteral("token.yaml"), adminToken());
        auto listed =
            token->call(QStringLiteral("Listing namespaces"), KubeClient::Method::Get, kNamespaces);
        QVERIFY2(listed, qPrintable(listed.error()));
        QCOMPARE(listed->value(QLatin1String("kind")).toString(), QStringLiteral("NamespaceList"));

        // tokenFile, relative to the kubeconfig, read on every request: a rotated token is
        // used without a restart.
        QFile file(m_dir.filePath(QStringLiteral("rotating.token")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(KubeTestServer::kNobodyToken) + '\n');
        file.close();
        auto viaFile = client(QStringLiteral("tokenfile.yaml"),
                              QStringLiteral("    tokenFile: rotating.token\n"));
        auto refused = viaFile->call(QStringLiteral("Listing namespaces"), KubeClient::Method::Get,
                                     kNamespaces);
        QVERIFY(!refused);
        QVERIFY2(refused.error().startsWith(QLatin1String("Listing namespaces: 403 Forbidden: ")) &&
                     refused.error().contains(QLatin1String("User \"meshscope-nobody\"")),
                 qPrintable(refused.error()));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray(KubeTestServer::kAdminToken));
        file.close();
        listed = viaFile->call(QStringLiteral("Listing namespaces"), KubeClient::Method::Get,
                               kNamespaces);
        QVERIFY2(listed, qPrintable(listed.error()));
    }

    void clientCertificatesFromFilesAndData()
    {
        auto cert = m_server.issueClientCertificate(QStringLiteral("cert-admin"),
                                                    QStringLiteral("system:masters"));
        QVERIFY2(cert, qPrintable(cert.error()));
        auto files = client(QStringLiteral("certfiles.yaml"),
                            QStringLiteral("    client-certificate: %1\n    client-key: %2\n")
                                .arg(cert->certFile, cert->keyFile));
        auto r = files->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY2(r, qPrintable(r.error()));

        // Data in the kubeconfig, and the CA as data too: nothing is read from disk for TLS.
        auto data =
            client(QStringLiteral("certdata.yaml"),
                   QStringLiteral("    client-certificate-data: %1\n    client-key-data: %2\n")
                       .arg(QString::fromLatin1(base64Of(cert->certFile)),
                            QString::fromLatin1(base64Of(cert->keyFile))),
                   QStringLiteral("    certificate-authority-data: %1\n")
                       .arg(QString::fromLatin1(base64Of(m_server.caFile()))));
        r = data->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY2(r, qPrintable(r.error()));

        // A certificate whose user has no rights is authenticated (403, not 401), by its CN.
        auto plain = m_server.issueClientCertificate(QStringLiteral("cert-nobody"),
                                                     QStringLiteral("nobody-group"));
        QVERIFY2(plain, qPrintable(plain.error()));
        auto weak = client(QStringLiteral("certnobody.yaml"),
                           QStringLiteral("    client-certificate: %1\n    client-key: %2\n")
                               .arg(plain->certFile, plain->keyFile));
        r = weak->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("403 Forbidden")) &&
                     r.error().contains(QLatin1String("User \"cert-nobody\"")),
                 qPrintable(r.error()));
    }

    // The plugin (a script, run without a shell) supplies the token; it runs once, not once
    // per request.
    void execCredentialPlugin()
    {
        const QString plugin = m_dir.filePath(QStringLiteral("get-token"));
        QVERIFY(QFile::copy(
            QStringLiteral(MESHSCOPE_SOURCE_DIR "/tests/chaos/kube/data/get-token.sh"), plugin));
        QVERIFY(QFile::setPermissions(plugin, QFile::ReadOwner | QFile::ExeOwner));
        auto exec = client(QStringLiteral("exec.yaml"),
                           QStringLiteral("    exec:\n      apiVersion: "
                                          "client.authentication.k8s.io/v1beta1\n"
                                          "      command: ./get-token\n"
                                          "      env: [{name: MESHSCOPE_TOKEN, value: %1}]\n")
                               .arg(QLatin1String(KubeTestServer::kAdminToken)));
        for (int i = 0; i < 3; ++i) {
            auto r = exec->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
            QVERIFY2(r, qPrintable(r.error()));
        }
        QVERIFY(exec->execPlugin());
        QCOMPARE(exec->execPlugin()->runCount(), 1);
    }

    void noCredentialsIsUnauthorized()
    {
        auto anonymous = client(QStringLiteral("anonymous.yaml"), QStringLiteral("    {}\n"));
        auto r = anonymous->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY(!r);
        QVERIFY2(r.error().startsWith(QLatin1String("Listing: 401 Unauthorized")),
                 qPrintable(r.error()));
    }

    // The CA is really checked, and a proxy-url is really used.
    void tlsVerificationAndProxy()
    {
        // Without the test CA (the system's CAs only) the serving certificate is refused.
        auto noCa = client(QStringLiteral("systemca.yaml"), adminToken(),
                           QStringLiteral("    insecure-skip-tls-verify: false\n"));
        auto r = noCa->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("could not be verified")), qPrintable(r.error()));
        auto insecure = client(QStringLiteral("insecure.yaml"), adminToken(),
                               QStringLiteral("    insecure-skip-tls-verify: true\n"));
        r = insecure->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY2(r, qPrintable(r.error()));

        // Nothing listens on port 1: through that proxy the request cannot go out.
        auto proxied = client(QStringLiteral("proxy.yaml"), adminToken(),
                              QStringLiteral("    certificate-authority: %1\n    proxy-url: "
                                             "http://127.0.0.1:1\n")
                                  .arg(m_server.caFile()));
        QCOMPARE(proxied->connection().cluster.proxyUrl, QStringLiteral("http://127.0.0.1:1"));
        r = proxied->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("port 1 ")) &&
                     r.error().startsWith(QLatin1String("Listing: ")),
                 qPrintable(r.error()));
    }

    // tls-server-name: the server is reached at 127.0.0.1, but the name sent as SNI and checked
    // in the certificate is the kubeconfig's. The server has a certificate for that name only,
    // from a CA of its own, which it presents only to a client that asks for the name.
    void tlsServerName()
    {
        const QString sniCa =
            QStringLiteral("    certificate-authority: %1\n").arg(m_server.sniCaFile());
        auto named = client(QStringLiteral("sni.yaml"), adminToken(),
                            sniCa + QStringLiteral("    tls-server-name: %1\n")
                                        .arg(QLatin1String(KubeTestServer::kSniServerName)));
        QCOMPARE(named->connection().server.host(), QStringLiteral("127.0.0.1"));
        auto r = named->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY2(r, qPrintable(r.error()));
        QVERIFY(r->value(QLatin1String("items")).isArray());

        // Without the name the server presents its default certificate, which that CA did not
        // sign: the name really travels as SNI.
        auto unnamed = client(QStringLiteral("nosni.yaml"), adminToken(), sniCa);
        r = unnamed->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("could not be verified")), qPrintable(r.error()));

        // A name the certificate does not carry is refused: the name is really checked.
        auto wrong = client(QStringLiteral("wrongname.yaml"), adminToken(),
                            QStringLiteral("    certificate-authority: %1\n    tls-server-name: "
                                           "elsewhere.meshscope.test\n")
                                .arg(m_server.caFile()));
        r = wrong->call(QStringLiteral("Listing"), KubeClient::Method::Get, kNamespaces);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String(
                     "no alternative certificate subject name matches target host name "
                     "'elsewhere.meshscope.test'")),
                 qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
