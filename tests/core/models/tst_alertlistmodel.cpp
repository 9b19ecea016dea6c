#include "core/models/alertlistmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace meshscope::core;

namespace {

Alert alert(const char *name, const char *severity, Alert::State state, QStringList silencedBy = {},
            QStringList inhibitedBy = {}, int minute = 0)
{
    Alert a;
    a.name = QString::fromLatin1(name);
    a.severity = QString::fromLatin1(severity);
    a.summary = a.name + QStringLiteral(" summary");
    a.state = state;
    a.silencedBy = std::move(silencedBy);
    a.inhibitedBy = std::move(inhibitedBy);
    a.startsAt = QDateTime(QDate(2026, 11, 29), QTime(22, minute), Qt::UTC);
    a.labels = {{QStringLiteral("alertname"), a.name}};
    return a;
}

} // namespace

// The alert list of the details panel: firing alerts first by severity, muted ones kept and
// marked, and the count the status bar shows.
class TstAlertListModel : public QObject
{
    Q_OBJECT

private slots:
    void orderAndStates()
    {
        AlertListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAlerts({alert("Silenced", "critical", Alert::State::Suppressed, {"s1"}),
                         alert("InfoOld", "info", Alert::State::Active, {}, {}, 1),
                         alert("Warn", "warning", Alert::State::Active),
                         alert("Inhibited", "warning", Alert::State::Suppressed, {}, {"f1"}),
                         alert("InfoNew", "info", Alert::State::Active, {}, {}, 5),
                         alert("Crit", "critical", Alert::State::Active),
                         alert("Both", "warning", Alert::State::Suppressed, {"s2"}, {"f2"})});
        QCOMPARE(model.rowCount(), 7);
        QStringList names;
        for (int row = 0; row < model.rowCount(); ++row)
            names.append(model.index(row, AlertListModel::NameColumn).data().toString());
        QCOMPARE(names, (QStringList{"Crit", "Warn", "InfoNew", "InfoOld", "Silenced", "Inhibited",
                                     "Both"}));
        auto state = [&](int row) {
            return model.index(row, AlertListModel::StateColumn).data().toString();
        };
        QCOMPARE(state(0), QStringLiteral("firing"));
        QCOMPARE(state(4), QStringLiteral("silenced"));
        QCOMPARE(state(5), QStringLiteral("inhibited"));
        QCOMPARE(state(6), QStringLiteral("silenced, inhibited"));
        QCOMPARE(model.index(1, AlertListModel::SeverityColumn).data().toString(),
                 QStringLiteral("warning"));
        QCOMPARE(model.index(1, AlertListModel::SummaryColumn).data().toString(),
                 QStringLiteral("Warn summary"));
        QVERIFY(model.index(4, 0).data(AlertListModel::SilencedRole).toBool());
        QVERIFY(!model.index(4, 0).data(AlertListModel::FiringRole).toBool());
        QVERIFY(model.index(5, 0).data(AlertListModel::InhibitedRole).toBool());
        QCOMPARE(model.firingCount(), 4);

        model.setAlerts({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.firingCount(), 0);
    }

    void unprocessed()
    {
        AlertListModel model;
        model.setAlerts({alert("New", "critical", Alert::State::Unprocessed)});
        QCOMPARE(model.index(0, AlertListModel::StateColumn).data().toString(),
                 QStringLiteral("unprocessed"));
        QCOMPARE(model.firingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TstAlertListModel)
#include "tst_alertlistmodel.moc"
