#pragma once

// A real Kubernetes API server for tests: etcd + kube-apiserver (built from Debian's source by
// scripts/build-apiserver.sh) on 127.0.0.1 with free ports, in a temporary folder with its own
// CA, serving certificate, service-account keys and a token file. Both processes die with the
// test process (PR_SET_PDEATHSIG) and are stopped by PID in the destructor, so a failing or
// crashing test leaves nothing running.

#include "core/result.h"
#include "tests/servers/kube/kubehttpclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace meshscope::testing {

class KubeTestServer
{
public:
    // Users in the token file: an administrator (system:masters) and a user with no RBAC rights.
    static constexpr auto kAdminToken = "meshscope-admin-token";
    static constexpr auto kNobodyToken = "meshscope-nobody-token";
    // A user whose rights a test grants with grant() (RBAC: a Role and a RoleBinding).
    static constexpr auto kLimitedToken = "meshscope-limited-token";
    static constexpr auto kLimitedUser = "meshscope-limited";
    // The server also serves a certificate for this name only (SAN DNS), signed by sniCaFile()
    // instead of caFile(), to a client that sends the name as SNI.
    static constexpr auto kSniServerName = "apiserver.meshscope.test";

    KubeTestServer();
    ~KubeTestServer();
    KubeTestServer(const KubeTestServer &) = delete;
    KubeTestServer &operator=(const KubeTestServer &) = delete;

    // $MESHSCOPE_KUBE_APISERVER, else ~/.cache/meshscope/bin/kube-apiserver.
    static QString apiserverBinary();
    // Empty when etcd and kube-apiserver are there; else what is missing and how to get it.
    static QString missingPrerequisites();

    // Starts etcd, then kube-apiserver, and waits for /readyz (the server answers in ~6 s).
    Result<void> start(int timeoutMs = 90000);
    void stop();
    bool isRunning() const;

    QString baseUrl() const;   // https://127.0.0.1:<port>
    QString caFile() const;    // the CA that signed the serving and client certificates
    QString sniCaFile() const; // the CA of the kSniServerName certificate only
    QString dir() const { return m_dir ? m_dir->path() : QString(); }
    qint64 etcdPid() const;
    qint64 apiserverPid() const;

    // One HTTPS request; the body is sent for POST/PUT/PATCH. TLS is verified against caFile().
    KubeReply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                      const QByteArray &contentType = "application/json",
                      const QByteArray &token = kAdminToken) const;

    // POSTs one CustomResourceDefinition and waits until it is Established.
    Result<void> registerCrd(const QJsonObject &crd, int timeoutMs = 30000);
    // Every CRD in a folder of YAML files. `default: ""` keys are dropped first: the 1.20 server
    // refuses them deep in the Schedule and Workflow schemas (newer servers accept them).
    Result<void> registerCrdsFrom(const QString &folder, int timeoutMs = 60000);
    Result<void> createNamespace(const QString &name);
    // What a test's initTestCase does: checks the prerequisites (the error then says what is
    // missing and how to get it), starts, registers the CRDs of `crdFolder` (if given) and
    // creates `namespaces`. The tests FAIL rather than skip on an error.
    Result<void> startWith(const QString &crdFolder = {}, const QStringList &namespaces = {});

    struct ClientCertificate
    {
        QString certFile;
        QString keyFile;
    };
    // A client certificate signed by caFile() (the API server's --client-ca-file): CN is the
    // user name, O the group ("system:masters" for an administrator).
    Result<ClientCertificate> issueClientCertificate(const QString &user, const QString &group);

    // Drops every `default: ""` in a CRD (see registerCrdsFrom). Returns how many were dropped.
    static int dropEmptyDefaults(QJsonObject *crd);

private:
    Result<void> makeCredentials();
    QString logTail(const QString &file) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_etcd;
    std::unique_ptr<QProcess> m_apiserver;
    KubeHttpClient m_http;
    int m_etcdClientPort = 0;
    int m_securePort = 0;
};

} // namespace meshscope::testing
