#include "core/session/connectionstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

const char kFull[] = R"(# hand-written
profiles:
  - name: prod-mimir
    flavour: mimir
    prometheus:
      url: https://mimir.example.com:8080
      pathPrefix: /prometheus
      tenant: team-a
      bearerToken: env:MIMIR_TOKEN
      headers:
        X-Extra: blue
      caFile: /etc/ssl/ca.pem
      clientCert: /etc/ssl/me.crt
      clientKey: /etc/ssl/me.key
    jaeger:
      url: http://jaeger:16686
      basicAuth:
        user: viewer
        password: file:~/.secrets/jaeger
    alertmanager:
      url: http://am:9093
      insecure: true
      filters:
        - severity="critical"
        - 'namespace=~"shop|pay, ments"'
    metricProfile: linkerd
    namespaces: "shop|payments"
    granularity: workload
    refreshSeconds: 10
    kubernetes:
      kubeconfig: ~/.kube/config
      context: prod
  - name: local
    prometheus:
      url: http://localhost:9090
)";

} // namespace

class TestConnectionStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryField()
    {
        const auto store = ConnectionStore::parse(kFull, QStringLiteral("c.yaml"));
        QVERIFY2(store.ok(), qPrintable(store.error()));
        QCOMPARE(store->names(), QStringList({"prod-mimir", "local"}));
        QVERIFY(store->warnings().isEmpty());
        const ConnectionProfile *p = store->find(QStringLiteral("prod-mimir"));
        QVERIFY(p);
        QCOMPARE(p->flavour, StoreFlavour::Mimir);
        QCOMPARE(p->prometheusUrl, QStringLiteral("https://mimir.example.com:8080"));
        QCOMPARE(p->pathPrefix, QStringLiteral("/prometheus"));
        QCOMPARE(p->tenant, QStringLiteral("team-a"));
        QCOMPARE(p->prometheusAuth.bearerToken.kind(), SecretRef::Kind::Env);
        QCOMPARE(p->prometheusAuth.bearerToken.target(), QStringLiteral("MIMIR_TOKEN"));
        QCOMPARE(p->prometheusAuth.headers.value(0).second, QStringLiteral("blue"));
        QCOMPARE(p->prometheusAuth.clientKeyFile, QStringLiteral("/etc/ssl/me.key"));
        QCOMPARE(p->jaegerAuth.basicUser, QStringLiteral("viewer"));
        QCOMPARE(p->jaegerAuth.basicPassword.toString(), QStringLiteral("file:~/.secrets/jaeger"));
        QVERIFY(p->alertmanagerAuth.insecure);
        QCOMPARE(p->alertFilters,
                 QStringList({R"(severity="critical")", R"(namespace=~"shop|pay, ments")"}));
        QVERIFY(p->isInsecure());
        QCOMPARE(p->metricProfile, QStringLiteral("linkerd"));
        QCOMPARE(p->namespaces, QStringLiteral("shop|payments"));
        QCOMPARE(p->granularity, QStringLiteral("workload"));
        QCOMPARE(p->refreshSeconds, 10.0);
        QCOMPARE(p->kubeContext, QStringLiteral("prod"));
        // Defaults for what a short profile leaves out.
        const ConnectionProfile *local = store->find(QStringLiteral("local"));
        QCOMPARE(local->flavour, StoreFlavour::Prometheus);
        QCOMPARE(local->metricProfile, QStringLiteral("istio"));
        QVERIFY(!local->isInsecure());
    }

    void saveAndLoadRoundTrip()
    {
        const auto store = ConnectionStore::parse(kFull, QStringLiteral("c.yaml"));
        QVERIFY(store.ok());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/connections.yaml"));
        const auto saved = store->save(path);
        QVERIFY2(saved.ok(), qPrintable(saved.error()));
        QCOMPARE(QFile(path).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        const auto again = ConnectionStore::load(path);
        QVERIFY2(again.ok(), qPrintable(again.error()));
        QCOMPARE(again->profiles(), store->profiles());
    }

    // The dialog's one line: commas inside a quoted value belong to the value.
    void alertFilterLine()
    {
        const QString line = QStringLiteral(R"(severity="critical", namespace=~"shop|pay, ments" ,)"
                                            R"( alertname!="say \"hi\", then")");
        const QStringList matchers = ConnectionProfile::splitAlertFilters(line);
        QCOMPARE(matchers, QStringList({R"(severity="critical")", R"(namespace=~"shop|pay, ments")",
                                        R"(alertname!="say \"hi\", then")"}));
        QCOMPARE(
            ConnectionProfile::splitAlertFilters(ConnectionProfile::joinAlertFilters(matchers)),
            matchers);
        QVERIFY(ConnectionProfile::splitAlertFilters(QStringLiteral("  ")).isEmpty());
    }

    void badAlertFilterIsRefusedByName()
    {
        const auto notMatcher = ConnectionStore::parse(R"(profiles:
  - name: a
    prometheus:
      url: http://p:9090
    alertmanager:
      url: http://am:9093
      filters: [critical]
)",
                                                       QStringLiteral("c.yaml"));
        QVERIFY(!notMatcher.ok());
        QVERIFY2(notMatcher.error().contains(
                     QStringLiteral("alertmanager.filters: 'critical' is not a matcher")),
                 qPrintable(notMatcher.error()));
        ConnectionProfile p;
        p.name = QStringLiteral("a");
        p.prometheusUrl = QStringLiteral("http://p:9090");
        p.alertFilters = {QStringLiteral(R"(severity="critical")")};
        QCOMPARE(p.validate(),
                 QStringList({"alertmanager.filters: a filter needs an Alertmanager URL"}));
    }

    void missingFileIsEmpty()
    {
        const auto store = ConnectionStore::load(QStringLiteral("/nonexistent/connections.yaml"));
        QVERIFY(store.ok());
        QVERIFY(store->profiles().isEmpty());
    }

    void unknownFieldsWarnNotFail()
    {
        const auto store = ConnectionStore::parse(R"(profiles:
  - name: a
    colour: green
    prometheus:
      url: http://p:9090
      retries: 3
)",
                                                  QStringLiteral("c.yaml"));
        QVERIFY2(store.ok(), qPrintable(store.error()));
        QCOMPARE(store->warnings(),
                 QStringList({"c.yaml:3: a.colour: unknown field, ignored",
                              "c.yaml:6: a.prometheus.retries: unknown field, ignored"}));
        QCOMPARE(store->find(QStringLiteral("a"))->prometheusUrl, QStringLiteral("http://p:9090"));
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("syntax") << QByteArray("profiles:\n  - name: [a\n") << "c.yaml:3:";
        QTest::newRow("not a list")
            << QByteArray("profiles: 3\n") << "c.yaml:1: profiles: expected a list of profiles";
        QTest::newRow("no name") << QByteArray("profiles:\n  - prometheus: {url: http://p}\n")
                                 << "c.yaml:2: profiles[0].name: missing";
        QTest::newRow("no prometheus")
            << QByteArray("profiles:\n  - name: a\n") << "c.yaml:2: a.prometheus: missing";
        QTest::newRow("plain token")
            << QByteArray("profiles:\n  - name: a\n    prometheus:\n      url: http://p\n"
                          "      bearerToken: eyJhbGciOiJIUzI1NiJ9.secret\n")
            << "c.yaml:5: a.prometheus.bearerToken: expected a reference (env:NAME, file:PATH "
               "or keychain:KEY), not the secret itself";
        QTest::newRow("plain password")
            << QByteArray("profiles:\n  - name: a\n    prometheus:\n      url: http://p\n"
                          "      basicAuth: {user: u, password: hunter2}\n")
            << "a.prometheus.basicAuth.password: expected a reference";
        QTest::newRow("plain authorization header")
            << QByteArray("profiles:\n  - name: a\n    prometheus:\n      url: http://p\n"
                          "      headers: {Authorization: Bearer abc}\n")
            << "c.yaml:5: a.prometheus.headers.Authorization: credentials must be a reference";
        QTest::newRow("insecure not bool")
            << QByteArray("profiles:\n  - name: a\n    prometheus:\n      url: http://p\n"
                          "      insecure: maybe\n")
            << "c.yaml:5: a.prometheus.insecure: expected true or false";
        QTest::newRow("bad flavour")
            << QByteArray("profiles:\n  - name: a\n    flavour: cortex\n    prometheus: "
                          "{url: http://p}\n")
            << "c.yaml:3: a.flavour: 'cortex' is not a flavour";
        QTest::newRow("bad url") << QByteArray("profiles:\n  - name: a\n    prometheus: "
                                               "{url: 'ftp://p'}\n")
                                 << "a: prometheus.url: 'ftp://p' is not an http(s) URL";
        QTest::newRow("bad regex")
            << QByteArray("profiles:\n  - name: a\n    namespaces: 'shop('\n    prometheus: "
                          "{url: 'http://p'}\n")
            << "namespaces: 'shop(' is not a valid regular expression";
        QTest::newRow("refresh not a number")
            << QByteArray("profiles:\n  - name: a\n    refreshSeconds: soon\n    prometheus: "
                          "{url: 'http://p'}\n")
            << "c.yaml:3: a.refreshSeconds: expected a number";
        QTest::newRow("duplicate")
            << QByteArray("profiles:\n  - name: a\n    prometheus: {url: 'http://p'}\n"
                          "  - name: a\n    prometheus: {url: 'http://q'}\n")
            << "c.yaml:4: a.name: a profile of this name already exists above";
    }

    void badFiles()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        const auto store = ConnectionStore::parse(yaml, QStringLiteral("c.yaml"));
        QVERIFY(!store.ok());
        QVERIFY2(store.error().contains(error), qPrintable(store.error()));
        // A refused secret is never echoed back in the message.
        QVERIFY(!store.error().contains(QLatin1String("hunter2")));
        QVERIFY(!store.error().contains(QLatin1String("eyJhbGci")));
    }

    void upsertRenamesAndRefusesClashes()
    {
        auto store = ConnectionStore::parse(kFull, QStringLiteral("c.yaml")).value();
        ConnectionProfile p = *store.find(QStringLiteral("local"));
        p.name = QStringLiteral("prod-mimir");
        const auto clash = store.upsert(p, QStringLiteral("local"));
        QVERIFY(!clash.ok());
        QVERIFY2(clash.error().contains(QLatin1String("already exists")),
                 qPrintable(clash.error()));
        p.name = QStringLiteral("laptop");
        QVERIFY(store.upsert(p, QStringLiteral("local")).ok());
        QCOMPARE(store.names(), QStringList({"prod-mimir", "laptop"}));
        p.prometheusUrl = QStringLiteral("not a url");
        QVERIFY(!store.upsert(p).ok());
        QCOMPARE(store.find(QStringLiteral("laptop"))->prometheusUrl,
                 QStringLiteral("http://localhost:9090")); // last good kept
        QVERIFY(store.remove(QStringLiteral("laptop")));
        QCOMPARE(store.names(), QStringList({"prod-mimir"}));
    }
};

QTEST_GUILESS_MAIN(TestConnectionStore)
#include "tst_connectionstore.moc"
