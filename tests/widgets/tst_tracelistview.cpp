#include "core/models/tracelistmodel.h"
#include "widgets/tracelistview.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace meshscope::core;
using namespace meshscope::widgets;

namespace {

TraceSelection selection()
{
    TraceSelection s;
    TraceSummary slow;
    slow.traceId = QStringLiteral("df84e36b9e2ee3815d07f0867a5be1f");
    slow.durationUs = 2'000'000;
    slow.spanCount = 15;
    TraceSummary failed;
    failed.traceId = QStringLiteral("00000000000000a7");
    failed.durationUs = 1000;
    failed.errorSpanCount = 1;
    s.newestErrors = {failed};
    s.slowest = {slow, failed};
    return s;
}

} // namespace

// The user picks a trace and opens it in Jaeger: the browser gets <UI>/trace/<id>.
class TstTraceListView : public QObject
{
    Q_OBJECT

private slots:
    void openInJaeger()
    {
        TraceListModel model;
        TraceListView view(&model);
        QList<QUrl> opened;
        view.setUrlOpener([&](const QUrl &url) {
            opened.append(url);
            return true;
        });
        QSignalSpy spy(&view, &TraceListView::traceOpened);
        view.show();

        QVERIFY(!view.openAction()->isEnabled()); // nothing selected, no Jaeger address
        model.setSelection(selection());
        view.setJaegerUiUrl(QUrl("http://jaeger.example:16686"));
        QCOMPARE(view.list()->model()->rowCount(), 1); // newest errors by default
        view.list()->setCurrentIndex(model.index(0, 0));
        QVERIFY(view.openAction()->isEnabled());
        view.openAction()->trigger();
        QCOMPARE(opened, QList<QUrl>{QUrl("http://jaeger.example:16686/trace/00000000000000a7")});
        QCOMPARE(spy.count(), 1);

        // Switching to the slowest traces: the 31-digit id is opened padded to 32.
        view.modeSwitch()->setCurrentIndex(1);
        QCOMPARE(model.mode(), TraceListModel::Mode::Slowest);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!view.openAction()->isEnabled()); // the reset cleared the selection
        view.list()->setCurrentIndex(model.index(0, 0));
        emit view.list()->activated(model.index(0, 0)); // double-click or Enter
        QCOMPARE(opened.last(),
                 QUrl("http://jaeger.example:16686/trace/0df84e36b9e2ee3815d07f0867a5be1f"));
    }

    void emptyAndErrorStates()
    {
        TraceListModel model;
        TraceListView view(&model);
        view.show();
        QCOMPARE(view.statusLabel()->text(), QStringLiteral("No error traces in the window."));
        model.setSelection(selection());
        QVERIFY(view.statusLabel()->text().isEmpty());
        view.setError(QStringLiteral("HTTP 502 from http://jaeger/api/traces is not JSON"));
        QCOMPARE(view.statusLabel()->text(),
                 QStringLiteral("HTTP 502 from http://jaeger/api/traces is not JSON"));
        QCOMPARE(model.rowCount(), 1); // the last rows stay
    }
};

QTEST_MAIN(TstTraceListView)
#include "tst_tracelistview.moc"
