// libFuzzer harness for connection profiles (core/session/connectionyaml.cpp, the reader of
// connections.yaml): arbitrary bytes must give profiles or an error naming the file, never a
// crash, a hang or an exception; profiles that load must be written back and read again with the
// same names (what the dialog saves it must reopen).
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: tests/fuzz/corpus/fuzz_connections/.

#include "core/session/connectionstore.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto store = ConnectionStore::parse(text, QStringLiteral("fuzz.yaml"));
    if (!store) {
        if (!store.error().contains(QLatin1String("fuzz.yaml")))
            std::abort(); // an error that does not say where
        return 0;
    }
    auto again = ConnectionStore::parse(store->toYaml(), QStringLiteral("again.yaml"));
    if (!again || again->names() != store->names())
        std::abort(); // what we write we must read back
    return 0;
}
