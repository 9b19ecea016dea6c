#include "core/session/refreshpipeline.h"
#include "tests/common/samplebuilder.h"
#include "tests/testsupport/scriptedsource.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <stdexcept>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::ScriptedSource;
using meshscope::testing::svc;

namespace {

// A source that throws, like a library call that escapes its seam (std::bad_alloc on a huge
// response, a yaml-cpp exception).
class ThrowingSource : public TelemetrySource
{
public:
    QString name() const override { return QStringLiteral("throwing"); }
    Result<TelemetrySample> fetch() override
    {
        if (throwing)
            throw std::runtime_error("response too large for this machine");
        return inner.fetch();
    }
    std::atomic<bool> throwing{true};
    ScriptedSource inner;
};

} // namespace

class TestRefreshPipeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deliversValues()
    {
        RefreshPipeline pipeline;
        auto source = std::make_shared<ScriptedSource>();
        pipeline.setSource(source, HealthSettings{});
        QSignalSpy spy(&pipeline, &RefreshPipeline::refreshed);
        pipeline.requestRefresh(RefreshRequest{});
        QTRY_COMPARE(spy.count(), 1);
        const auto result = spy.at(0).at(0).value<RefreshResult>();
        QCOMPARE(result.topology->nodeCount(), 3);
        QCOMPARE(result.scores->nodes.size(), size_t(3));
        QCOMPARE(result.scores->edges.size(), size_t(2));
        QCOMPARE(result.positions->size(), 3);
        QVERIFY(result.facts);
        QVERIFY(
            result.facts
                ->articulationPoint[size_t(result.topology->nodeIndex(svc(QStringLiteral("b"))))]);
        QCOMPARE(pipeline.sourceName(), QStringLiteral("scripted"));
    }

    void reportsErrorsAndRecovers()
    {
        RefreshPipeline pipeline;
        auto source = std::make_shared<ScriptedSource>();
        source->failure = QStringLiteral("prometheus at 127.0.0.1:9 refused the connection");
        source->failing = true;
        pipeline.setSource(source, HealthSettings{});
        QSignalSpy failed(&pipeline, &RefreshPipeline::refreshFailed);
        QSignalSpy refreshed(&pipeline, &RefreshPipeline::refreshed);
        pipeline.requestRefresh(RefreshRequest{});
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), source->failure);
        source->failing = false;
        pipeline.requestRefresh(RefreshRequest{});
        QTRY_COMPARE(refreshed.count(), 1);
    }

    void coalescesRequestsWhileBusy()
    {
        RefreshPipeline pipeline;
        QSemaphore gate;
        auto source = std::make_shared<ScriptedSource>();
        source->gate = &gate;
        pipeline.setSource(source, HealthSettings{});
        QSignalSpy refreshed(&pipeline, &RefreshPipeline::refreshed);
        for (int i = 0; i < 5; ++i)
            pipeline.requestRefresh(RefreshRequest{});
        QVERIFY(pipeline.isBusy());
        gate.release(10);
        QTRY_COMPARE(refreshed.count(), 2); // the running one, then one for the four queued
        QTRY_VERIFY(!pipeline.isBusy());
        QCOMPARE(source->fetches.load(), 2);
    }

    void anExceptionInARefreshIsAFailureWithItsReason()
    {
        RefreshPipeline pipeline;
        auto source = std::make_shared<ThrowingSource>();
        pipeline.setSource(source, HealthSettings{});
        QSignalSpy failed(&pipeline, &RefreshPipeline::refreshFailed);
        QSignalSpy refreshed(&pipeline, &RefreshPipeline::refreshed);
        pipeline.requestRefresh(RefreshRequest{});
        QTRY_COMPARE(failed.count(), 1);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("response too large")), qPrintable(message));
        QVERIFY(!pipeline.isBusy());
        // The next refresh works again: the pipeline survived.
        source->throwing = false;
        pipeline.requestRefresh(RefreshRequest{});
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(refreshed.at(0).at(0).value<RefreshResult>().topology->nodeCount(), 3);
    }

    void dropsResultsOfAnEarlierSource()
    {
        RefreshPipeline pipeline;
        QSemaphore gate;
        auto first = std::make_shared<ScriptedSource>();
        first->gate = &gate;
        pipeline.setSource(first, HealthSettings{});
        QSignalSpy refreshed(&pipeline, &RefreshPipeline::refreshed);
        pipeline.requestRefresh(RefreshRequest{});
        auto second = std::make_shared<ScriptedSource>();
        pipeline.setSource(second, HealthSettings{});
        QSignalSpy idle(&pipeline, &RefreshPipeline::busyChanged);
        gate.release(1);
        // The first source's result has been delivered to the pipeline (it went idle) and was
        // not handed on: the graph of the second source is never drawn with the first's nodes.
        QTRY_VERIFY(!idle.isEmpty() && !idle.last().at(0).toBool());
        QCOMPARE(first->fetches.load(), 1);
        QCOMPARE(refreshed.count(), 0);
        pipeline.requestRefresh(RefreshRequest{});
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(second->fetches.load(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRefreshPipeline)
#include "tst_refreshpipeline.moc"
