// InjectionFollower: what the runner writes into the timeline while a fault acts — one note per
// change of the controller's view (phase, targets, message), nothing while it stays the same,
// an unreadable status noted once and not taken for a failure.

#include "chaos/experiment/injectionfollower.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;

class TestInjectionFollower : public QObject
{
    Q_OBJECT

    static AppliedChaos chaos()
    {
        AppliedChaos a;
        a.kind = QStringLiteral("NetworkChaos");
        a.ns = QStringLiteral("shop");
        a.name = QStringLiteral("networkchaos-delay-checkout-r1");
        return a;
    }

    static InjectionStatus status(InjectionPhase phase, QStringList targets = {},
                                  QString message = {})
    {
        InjectionStatus s;
        s.phase = phase;
        s.targets = std::move(targets);
        s.message = std::move(message);
        return s;
    }

private Q_SLOTS:
    void notesOnlyChanges()
    {
        InjectionFollower f;
        QCOMPARE(f.update(chaos(), status(InjectionPhase::Pending)),
                 QStringLiteral("NetworkChaos shop/networkchaos-delay-checkout-r1: pending"));
        QCOMPARE(f.update(chaos(), status(InjectionPhase::Pending)), QString());
        const InjectionStatus injected =
            status(InjectionPhase::Injected, {QStringLiteral("shop/checkout-1")},
                   QStringLiteral("Applied: Successfully apply chaos for shop/checkout-1"));
        QCOMPARE(f.update(chaos(), injected),
                 QStringLiteral("NetworkChaos shop/networkchaos-delay-checkout-r1: injected "
                                "(targets: shop/checkout-1) - Applied: Successfully apply chaos "
                                "for shop/checkout-1"));
        QCOMPARE(f.update(chaos(), injected), QString());
        // A second pod selected is a change.
        InjectionStatus more = injected;
        more.targets << QStringLiteral("shop/checkout-2");
        QVERIFY(f.update(chaos(), more)
                    .contains(QLatin1String("(targets: shop/checkout-1, shop/checkout-2)")));
    }

    void unreadableStatusIsNotedOnce()
    {
        InjectionFollower f;
        const Result<InjectionStatus> down = Error{QStringLiteral("connection refused")};
        QCOMPARE(f.update(chaos(), down),
                 QStringLiteral("NetworkChaos shop/networkchaos-delay-checkout-r1: status not "
                                "readable: connection refused"));
        QCOMPARE(f.update(chaos(), down), QString());
        QVERIFY(f.update(chaos(), status(InjectionPhase::Recovered))
                    .endsWith(QLatin1String(": recovered")));
    }
};

QTEST_GUILESS_MAIN(TestInjectionFollower)
#include "tst_injectionfollower.moc"
