#include "core/models/tracelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace meshscope::core;

namespace {

TraceSummary trace(const char *id, qint64 durationUs, int spans, int errors)
{
    TraceSummary t;
    t.traceId = QString::fromLatin1(id);
    t.rootService = QStringLiteral("frontend");
    t.rootOperation = QStringLiteral("GET /cart");
    t.durationUs = durationUs;
    t.spanCount = spans;
    t.errorSpanCount = errors;
    t.services = {QStringLiteral("frontend"), QStringLiteral("cart")};
    return t;
}

} // namespace

// What the trace list in the details panel shows: the newest error traces or the slowest,
// with duration, span count, error flag and trace id, and the id the "Open in Jaeger" action
// reads.
class TstTraceListModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsAndModes()
    {
        TraceListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        TraceSelection s;
        s.newestErrors = {trace("00000000000000a7", 200'000, 2, 1),
                          trace("00000000000000a3", 850, 4, 2)};
        s.slowest = {trace("00000000000000b4", 1'234'000, 12, 0),
                     trace("00000000000000a7", 200'000, 2, 1), trace("00000000000000a1", 5, 1, 0)};
        model.setSelection(s);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 5);
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, TraceListModel::RootColumn), QStringLiteral("frontend: GET /cart"));
        QCOMPARE(cell(0, TraceListModel::DurationColumn), QStringLiteral("200 ms"));
        QCOMPARE(cell(0, TraceListModel::SpansColumn), QStringLiteral("2"));
        QCOMPARE(cell(1, TraceListModel::ErrorColumn), QStringLiteral("error (2 spans)"));
        QCOMPARE(cell(1, TraceListModel::DurationColumn), QStringLiteral("850 µs"));
        QCOMPARE(cell(1, TraceListModel::TraceIdColumn), QStringLiteral("00000000000000a3"));
        QCOMPARE(model.index(1, 0).data(TraceListModel::TraceIdRole).toString(),
                 QStringLiteral("00000000000000a3"));
        QVERIFY(model.index(1, 0).data(TraceListModel::ErrorRole).toBool());

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setMode(TraceListModel::Mode::Slowest);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(0, TraceListModel::DurationColumn), QStringLiteral("1.23 s"));
        QCOMPARE(cell(0, TraceListModel::ErrorColumn), QString());
        QVERIFY(!model.index(0, 0).data(TraceListModel::ErrorRole).toBool());
        QCOMPARE(model.index(0, TraceListModel::DurationColumn).data(TraceListModel::SortRole),
                 QVariant(qint64(1'234'000)));
        QCOMPARE(model.headerData(TraceListModel::TraceIdColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Trace ID"));

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.traceAt(0));
    }

    void durations_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("µs") << qint64(5) << "5 µs";
        QTest::newRow("ms fraction") << qint64(3720) << "3.7 ms";
        QTest::newRow("ms") << qint64(390'000) << "390 ms";
        QTest::newRow("s") << qint64(1'000'000) << "1.00 s";
    }

    void durations()
    {
        QFETCH(qint64, us);
        QTEST(TraceListModel::formatDuration(us), "text");
    }
};

QTEST_GUILESS_MAIN(TstTraceListModel)
#include "tst_tracelistmodel.moc"
