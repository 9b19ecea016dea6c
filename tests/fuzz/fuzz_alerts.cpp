// libFuzzer harness for the Alertmanager response parser (core/alerts/alertparser.cpp):
// arbitrary bodies (JSON or not, any status) must give alerts or an error, never a crash, a hang
// or an exception. Every alert that parses has a name to show.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: the recorded Alertmanager
// responses in ../shared/reference and tests/fuzz/corpus/fuzz_alerts/.

#include "core/alerts/alertparser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpResponse response;
    // The first byte picks the status and content type, so error paths are reached as well.
    const uint8_t pick = size > 0 ? data[0] : 0;
    response.status = (pick & 3) == 0 ? 500 : 200;
    response.contentType = (pick & 4) ? "text/html" : "application/json";
    response.url = QStringLiteral("http://alertmanager.fuzz/api/v2/alerts");
    if (size > 0)
        response.body = QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const auto alerts = AlertParser::parseAlerts(response);
    if (!alerts) {
        if (alerts.error().isEmpty())
            std::abort(); // an error that says nothing
        return 0;
    }
    return 0;
}
