// libFuzzer harness for a Chaos Mesh Schedule's `spec.schedule` as the API server hands it to the
// experiment monitor (chaos/kube/schedulestatustimes.cpp: "@every <Go duration>", five-field
// cron with lists, ranges and steps, the @hourly family): any text must give the next tick after
// `now` or no time — never a crash, a hang (a step of 0, an empty range, a date that never comes)
// or a tick in the past.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: tests/fuzz/corpus/fuzz_schedule.

#include "chaos/kube/schedulestatustimes.h"

#include <QDateTime>

#include <cstddef>
#include <cstdint>

using namespace meshscope::chaos;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString expression =
        QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QDateTime last(QDate(2026, 2, 28), QTime(23, 59, 30), Qt::UTC);
    const QDateTime now = last.addSecs(45);
    const QDateTime next = ScheduleStatusTimes::next(expression, last, now);
    if (next.isValid() && next <= now)
        __builtin_trap(); // a "next run" before now would mislead the user
    return 0;
}
