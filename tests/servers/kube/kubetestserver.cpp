#include "tests/servers/kube/kubetestserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace meshscope::testing {

namespace {

// A port the kernel just gave out and took back; the window for another process to take it
// before etcd or the API server binds it is tiny on a test machine.
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

std::unique_ptr<QProcess> makeProcess(const QString &logFile)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->setStandardOutputFile(logFile);
    // Die with the test process, even when it crashes or is killed.
    p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    return p;
}

Result<void> run(const QString &program, const QStringList &args, const QString &workDir)
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return Error{
            QStringLiteral("%1 %2 failed: %3")
                .arg(program, args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()))};
    return Result<void>::success();
}

void stopProcess(std::unique_ptr<QProcess> &p)
{
    if (!p)
        return;
    if (p->state() != QProcess::NotRunning) {
        const qint64 pid = p->processId();
        if (pid > 0)
            ::kill(static_cast<pid_t>(pid), SIGTERM);
        if (!p->waitForFinished(10000)) {
            if (pid > 0)
                ::kill(static_cast<pid_t>(pid), SIGKILL);
            p->waitForFinished(5000);
        }
    }
    p.reset();
}

} // namespace

KubeTestServer::KubeTestServer() = default;

KubeTestServer::~KubeTestServer()
{
    stop();
}

QString KubeTestServer::apiserverBinary()
{
    const QString env = qEnvironmentVariable("MESHSCOPE_KUBE_APISERVER");
    if (!env.isEmpty())
        return env;
    return QDir::homePath() + QStringLiteral("/.cache/meshscope/bin/kube-apiserver");
}

QString KubeTestServer::missingPrerequisites()
{
    QStringList missing;
    if (!QFileInfo(apiserverBinary()).isExecutable())
        missing << QStringLiteral(
                       "kube-apiserver is not built (%1): run scripts/build-apiserver.sh "
                       "(about 8 minutes once; cached in ~/.cache/meshscope)")
                       .arg(apiserverBinary());
    if (QStandardPaths::findExecutable(QStringLiteral("etcd")).isEmpty())
        missing << QStringLiteral(
            "etcd is not installed: run scripts/deps.sh --test (etcd-server)");
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        missing << QStringLiteral("openssl is not installed: run scripts/deps.sh --test");
    return missing.join(QLatin1String("; "));
}

Result<void> KubeTestServer::makeCredentials()
{
    const QString d = m_dir->path();
    QFile ext(d + QStringLiteral("/server.ext"));
    if (!ext.open(QIODevice::WriteOnly))
        return Error{ext.errorString()};
    ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    ext.close();
    QFile sniExt(d + QStringLiteral("/sni.ext"));
    if (!sniExt.open(QIODevice::WriteOnly))
        return Error{sniExt.errorString()};
    sniExt.write(QByteArray("subjectAltName=DNS:") + kSniServerName + '\n');
    sniExt.close();
    // A CA that signs the serving certificate (so clients verify TLS for real) and, later,
    // client certificates; the service-account signing key pair.
    for (const char *command : {
             "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 "
             "-subj /CN=meshscope-test-ca",
             "req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1",
             "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
             "-extfile server.ext -out server.crt",
             // A second serving certificate, for kSniServerName only and from a CA of its own:
             // a client sees it only when it sends that name as SNI (tls-server-name).
             "req -x509 -newkey rsa:2048 -nodes -keyout sni-ca.key -out sni-ca.crt -days 2 "
             "-subj /CN=meshscope-test-sni-ca",
             "req -newkey rsa:2048 -nodes -keyout sni.key -out sni.csr -subj "
             "/CN=apiserver.meshscope.test",
             "x509 -req -in sni.csr -CA sni-ca.crt -CAkey sni-ca.key -CAcreateserial -days 2 "
             "-extfile sni.ext -out sni.crt",
             "genrsa -out sa.key 2048",
             "rsa -in sa.key -pubout -out sa.pub",
         }) {
        auto r =
            run(QStringLiteral("openssl"), QString::fromLatin1(command).split(QLatin1Char(' ')), d);
        if (!r)
            return r;
    }
    QFile tokens(d + QStringLiteral("/tokens.csv"));
    if (!tokens.open(QIODevice::WriteOnly))
        return Error{tokens.errorString()};
    tokens.write(QByteArray(kAdminToken) + ",meshscope-admin,1,\"system:masters\"\n" +
                 QByteArray(kNobodyToken) + ",meshscope-nobody,2\n" + QByteArray(kLimitedToken) +
                 ',' + kLimitedUser + ",3\n");
    return Result<void>::success();
}

QString KubeTestServer::logTail(const QString &file) const
{
    QFile f(dir() + QLatin1Char('/') + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    return QString::fromLocal8Bit(all.right(1500));
}

Result<void> KubeTestServer::start(int timeoutMs)
{
    const QString missing = missingPrerequisites();
    if (!missing.isEmpty())
        return Error{missing};
    stop();
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                            QStringLiteral("/meshscope-kube-XXXXXX"));
    if (!m_dir->isValid())
        return Error{
            QStringLiteral("cannot create a temporary folder: %1").arg(m_dir->errorString())};
    auto creds = makeCredentials();
    if (!creds)
        return creds;
    const QString d = m_dir->path();

    m_etcdClientPort = freePort();
    const int peerPort = freePort();
    m_securePort = freePort();
    if (!m_etcdClientPort || !peerPort || !m_securePort)
        return Error{QStringLiteral("no free loopback port")};

    m_http.setBaseUrl(baseUrl());
    m_http.setCaFile(caFile());

    const QString client = QStringLiteral("http://127.0.0.1:%1").arg(m_etcdClientPort);
    const QString peer = QStringLiteral("http://127.0.0.1:%1").arg(peerPort);
    m_etcd = makeProcess(d + QStringLiteral("/etcd.log"));
    m_etcd->start(QStandardPaths::findExecutable(QStringLiteral("etcd")),
                  {QStringLiteral("--name=meshscope-test"),
                   QStringLiteral("--data-dir=") + d + QStringLiteral("/etcd"),
                   QStringLiteral("--listen-client-urls=") + client,
                   QStringLiteral("--advertise-client-urls=") + client,
                   QStringLiteral("--listen-peer-urls=") + peer,
                   QStringLiteral("--initial-advertise-peer-urls=") + peer,
                   QStringLiteral("--initial-cluster=meshscope-test=") + peer,
                   QStringLiteral("--unsafe-no-fsync"), QStringLiteral("--log-level=warn"),
                   QStringLiteral("--logger=zap")});
    if (!m_etcd->waitForStarted(10000))
        return Error{QStringLiteral("etcd did not start: %1").arg(m_etcd->errorString())};

    m_apiserver = makeProcess(d + QStringLiteral("/kube-apiserver.log"));
    m_apiserver->start(
        apiserverBinary(),
        {QStringLiteral("--etcd-servers=") + client, QStringLiteral("--bind-address=127.0.0.1"),
         QStringLiteral("--secure-port=%1").arg(m_securePort),
         QStringLiteral("--cert-dir=") + d + QStringLiteral("/certs"),
         QStringLiteral("--tls-cert-file=") + d + QStringLiteral("/server.crt"),
         QStringLiteral("--tls-private-key-file=") + d + QStringLiteral("/server.key"),
         QStringLiteral("--tls-sni-cert-key=%1/sni.crt,%1/sni.key:%2")
             .arg(d, QLatin1String(kSniServerName)),
         QStringLiteral("--client-ca-file=") + d + QStringLiteral("/ca.crt"),
         QStringLiteral("--service-account-issuer=https://kubernetes.default.svc"),
         QStringLiteral("--service-account-key-file=") + d + QStringLiteral("/sa.pub"),
         QStringLiteral("--service-account-signing-key-file=") + d + QStringLiteral("/sa.key"),
         QStringLiteral("--service-cluster-ip-range=10.96.0.0/24"),
         QStringLiteral("--token-auth-file=") + d + QStringLiteral("/tokens.csv"),
         QStringLiteral("--authorization-mode=RBAC"),
         // Without credentials a request is refused (401) rather than run as system:anonymous
         // (403), so tests can tell "not authenticated" from "not allowed".
         QStringLiteral("--anonymous-auth=false")});
    if (!m_apiserver->waitForStarted(10000))
        return Error{
            QStringLiteral("kube-apiserver did not start: %1").arg(m_apiserver->errorString())};

    // Polling /readyz is how kubeadm and envtest wait too; qWaitFor keeps the event loop going.
    KubeReply last;
    const bool ready = QTest::qWaitFor(
        [&] {
            if (m_apiserver->state() == QProcess::NotRunning ||
                m_etcd->state() == QProcess::NotRunning)
                return true;
            last = request("GET", QStringLiteral("/readyz"));
            return last.status == 200;
        },
        timeoutMs);
    if (m_etcd->state() == QProcess::NotRunning)
        return Error{QStringLiteral("etcd exited: %1").arg(logTail(QStringLiteral("etcd.log")))};
    if (m_apiserver->state() == QProcess::NotRunning)
        return Error{QStringLiteral("kube-apiserver exited: %1")
                         .arg(logTail(QStringLiteral("kube-apiserver.log")))};
    if (!ready || last.status != 200)
        return Error{
            QStringLiteral("kube-apiserver not ready after %1 ms (last /readyz: %2); log: %3")
                .arg(timeoutMs)
                .arg(last.summary(), logTail(QStringLiteral("kube-apiserver.log")))};
    return Result<void>::success();
}

void KubeTestServer::stop()
{
    // The API server first, so it does not spend its last seconds retrying a dead etcd.
    stopProcess(m_apiserver);
    stopProcess(m_etcd);
}

bool KubeTestServer::isRunning() const
{
    return m_apiserver && m_apiserver->state() == QProcess::Running;
}

QString KubeTestServer::baseUrl() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(m_securePort);
}

QString KubeTestServer::caFile() const
{
    return dir() + QStringLiteral("/ca.crt");
}

QString KubeTestServer::sniCaFile() const
{
    return dir() + QStringLiteral("/sni-ca.crt");
}

qint64 KubeTestServer::etcdPid() const
{
    return m_etcd ? m_etcd->processId() : 0;
}

qint64 KubeTestServer::apiserverPid() const
{
    return m_apiserver ? m_apiserver->processId() : 0;
}

KubeReply KubeTestServer::request(const QByteArray &method, const QString &path,
                                  const QByteArray &body, const QByteArray &contentType,
                                  const QByteArray &token) const
{
    return m_http.request(method, path, body, contentType, token);
}

Result<KubeTestServer::ClientCertificate>
KubeTestServer::issueClientCertificate(const QString &user, const QString &group)
{
    const QString d = dir();
    ClientCertificate c{d + QStringLiteral("/%1.crt").arg(user),
                        d + QStringLiteral("/%1.key").arg(user)};
    const QStringList steps[] = {
        {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
         QStringLiteral("-nodes"), QStringLiteral("-keyout"), c.keyFile, QStringLiteral("-out"),
         d + QStringLiteral("/%1.csr").arg(user), QStringLiteral("-subj"),
         QStringLiteral("/CN=%1/O=%2").arg(user, group)},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
         d + QStringLiteral("/%1.csr").arg(user), QStringLiteral("-CA"), caFile(),
         QStringLiteral("-CAkey"), d + QStringLiteral("/ca.key"), QStringLiteral("-CAcreateserial"),
         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"), c.certFile},
    };
    for (const QStringList &args : steps) {
        auto r = run(QStringLiteral("openssl"), args, d);
        if (!r)
            return Error{r.error()};
    }
    return c;
}

} // namespace meshscope::testing
