#include "core/models/alertlistmodel.h"
#include "widgets/alertlistview.h"
#include "widgets/alertrowdelegate.h"

#include <QLabel>
#include <QStyleOptionViewItem>
#include <QTest>
#include <QTreeView>

using namespace meshscope::core;
using namespace meshscope::widgets;

namespace {

Alert alert(const char *name, QStringList silencedBy = {}, QStringList inhibitedBy = {})
{
    Alert a;
    a.name = QString::fromLatin1(name);
    a.severity = QStringLiteral("warning");
    a.state = silencedBy.isEmpty() && inhibitedBy.isEmpty() ? Alert::State::Active
                                                            : Alert::State::Suppressed;
    a.silencedBy = std::move(silencedBy);
    a.inhibitedBy = std::move(inhibitedBy);
    return a;
}

// What the list's delegate paints a cell with (initStyleOption is protected).
struct Probe : AlertRowDelegate
{
    using AlertRowDelegate::initStyleOption;
};

QStyleOptionViewItem styleOf(QTreeView *list, int row)
{
    QStyleOptionViewItem option;
    option.initFrom(list);
    Probe probe;
    probe.initStyleOption(&option, list->model()->index(row, 0));
    return option;
}

} // namespace

// The alert list counts what fires and what is muted, and greys the muted rows.
class TstAlertListView : public QObject
{
    Q_OBJECT

private slots:
    void countsAndMutedRows()
    {
        AlertListModel model;
        AlertListView view(&model);
        view.show();
        QVERIFY(qobject_cast<AlertRowDelegate *>(view.list()->itemDelegate()));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("No alerts."));
        model.setAlerts({alert("A"), alert("B"), alert("C", {"s1"}), alert("D", {}, {"f"})});
        QCOMPARE(view.countLabel()->text(), QStringLiteral("2 firing, 1 silenced, 1 inhibited"));
        QVERIFY(!styleOf(view.list(), 0).font.italic());
        QVERIFY(styleOf(view.list(), 2).font.italic());
        QCOMPARE(styleOf(view.list(), 3).palette.color(QPalette::Text),
                 view.list()->palette().color(QPalette::Disabled, QPalette::Text));

        view.setError(QStringLiteral("Could not connect to http://am:9093/api/v2/alerts"));
        QVERIFY(view.countLabel()->text().startsWith(QStringLiteral("Could not connect")));
        QCOMPARE(model.rowCount(), 4);
    }
};

QTEST_MAIN(TstAlertListView)
#include "tst_alertlistview.moc"
