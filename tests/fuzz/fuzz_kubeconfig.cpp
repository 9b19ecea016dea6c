// libFuzzer harness for the kubeconfig reader (chaos/kube/kubeconfig.cpp and its entry reader)
// and the exec credential output parser: arbitrary bytes must give a Kubeconfig or an error that
// says what was wrong, and every context of a config that reads must resolve to a connection or
// such an error — never a crash, a hang, unbounded memory or an exception. Nothing is run and no
// file but the input is opened (resolve() is pure).
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: tests/fuzz/corpus/fuzz_kubeconfig
// and ../shared/reference/kubernetes/kubeconfig.

#include "chaos/kube/execcredentialplugin.h"
#include "chaos/kube/kubeconfig.h"

#include <cstddef>
#include <cstdint>

using namespace meshscope::chaos;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto config = Kubeconfig::parse(text, QStringLiteral("/fuzz/kubeconfig"));
    if (!config) {
        if (config.error().isEmpty())
            __builtin_trap(); // an error must say what was wrong
    } else {
        QStringList contexts = config->contextNames();
        contexts << QString(); // current-context
        for (const QString &name : std::as_const(contexts)) {
            auto c = config->resolve(name);
            if (!c && c.error().isEmpty())
                __builtin_trap();
            if (c && (c->contextName.isEmpty() || !c->server.isValid()))
                __builtin_trap(); // a resolved context always has a name and a usable URL
        }
    }
    auto credential = ExecCredentialPlugin::parseOutput(
        text, QStringLiteral("client.authentication.k8s.io/v1"), QStringLiteral("fuzz"));
    if (!credential && credential.error().isEmpty())
        __builtin_trap();
    return 0;
}
