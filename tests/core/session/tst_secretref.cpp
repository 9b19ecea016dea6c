#include "core/session/secretref.h"
#include "core/session/secretvault.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

// A keychain that works (a map), or one that is not there, as on a machine without a D-Bus
// secret service.
class MapVault : public SecretVault
{
public:
    explicit MapVault(bool available) : m_available(available) {}
    bool isAvailable() const override { return m_available; }
    QString unavailableReason() const override { return QStringLiteral("no D-Bus session bus"); }
    Result<QString> read(const QString &key) override
    {
        if (!m_secrets.contains(key))
            return Error{QStringLiteral("no entry %1").arg(key)};
        return m_secrets.value(key);
    }
    Result<void> write(const QString &key, const QString &secret) override
    {
        m_secrets.insert(key, secret);
        return {};
    }

private:
    bool m_available;
    QHash<QString, QString> m_secrets;
};

} // namespace

class TestSecretRef : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesReferences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("target");
        QTest::newRow("empty") << "" << int(SecretRef::Kind::None) << "";
        QTest::newRow("env") << "env:PROM_TOKEN" << int(SecretRef::Kind::Env) << "PROM_TOKEN";
        QTest::newRow("file") << " file:~/t.txt " << int(SecretRef::Kind::File) << "~/t.txt";
        QTest::newRow("keychain") << "keychain:meshscope/prod/token"
                                  << int(SecretRef::Kind::Keychain) << "meshscope/prod/token";
    }

    void parsesReferences()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(QString, target);
        const auto ref = SecretRef::parse(text);
        QVERIFY2(ref.ok(), qPrintable(ref.error()));
        QCOMPARE(int(ref->kind()), kind);
        QCOMPARE(ref->target(), target);
        QCOMPARE(ref->toString(), text.trimmed());
    }

    void refusesPlainSecretsWithoutRepeatingThem()
    {
        for (const QString &text : {QStringLiteral("s3cr3t-token"), QStringLiteral("Bearer:abc"),
                                    QStringLiteral("env:")}) {
            const auto ref = SecretRef::parse(text);
            QVERIFY(!ref.ok());
            QVERIFY2(!ref.error().contains(QLatin1String("s3cr3t")), qPrintable(ref.error()));
            QVERIFY2(!ref.error().contains(QLatin1String("abc")), qPrintable(ref.error()));
        }
    }

    void resolvesEnvironment()
    {
        qputenv("MESHSCOPE_TEST_TOKEN", "tok-123");
        QCOMPARE(
            SecretRef::parse(QStringLiteral("env:MESHSCOPE_TEST_TOKEN"))->resolve(nullptr).value(),
            QStringLiteral("tok-123"));
        const auto missing =
            SecretRef::parse(QStringLiteral("env:MESHSCOPE_TEST_UNSET"))->resolve(nullptr);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error(), QStringLiteral("env:MESHSCOPE_TEST_UNSET: the environment "
                                                 "variable MESHSCOPE_TEST_UNSET is not set"));
    }

    void resolvesFilesWithoutTheTrailingNewline()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("pw")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("p@ss word\n");
        f.close();
        const auto value =
            SecretRef::parse(QStringLiteral("file:") + f.fileName())->resolve(nullptr);
        QCOMPARE(value.value(), QStringLiteral("p@ss word"));
        const auto missing =
            SecretRef::parse(QStringLiteral("file:/nonexistent/pw"))->resolve(nullptr);
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().startsWith(QLatin1String("file:/nonexistent/pw: cannot read")),
                 qPrintable(missing.error()));
    }

    void keychainThroughTheVault()
    {
        MapVault vault(true);
        QVERIFY(vault.write(QStringLiteral("meshscope/a/token"), QStringLiteral("k-1")).ok());
        const SecretRef ref = SecretRef::keychain(QStringLiteral("meshscope/a/token"));
        QCOMPARE(ref.resolve(&vault).value(), QStringLiteral("k-1"));
        // No keychain service: the message says so and what to use instead.
        MapVault none(false);
        const auto refused = ref.resolve(&none);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error(),
                 QStringLiteral("keychain:meshscope/a/token: no keychain service is available (no "
                                "D-Bus session bus); use an env:NAME or file:PATH reference "
                                "instead"));
        QVERIFY(!ref.resolve(nullptr).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretRef)
#include "tst_secretref.moc"
