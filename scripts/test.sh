#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build with warnings as errors, run the tests;
# then, if time allows, the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
# Options: --no-sanitize  skip the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=1
for a in "$@"; do
    case "$a" in
        --no-sanitize) sanitize=0 ;;
        *) echo "usage: scripts/test.sh [--no-sanitize]" >&2; exit 2 ;;
    esac
done

scripts/deps.sh --test
# The Chaos Mesh executor tests run against a real kube-apiserver, which no Debian package ships:
# built once from Debian's kubernetes source (about 8 min on 2 cores) and cached in ~/.cache.
scripts/build-apiserver.sh
jobs=$(nproc)
start=$(date +%s)

echo "== normal build (warnings as errors) =="
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMESHSCOPE_WERROR=ON >/dev/null
cmake --build build-ci -j "$jobs"
ctest --test-dir build-ci --output-on-failure -j "$jobs"

elapsed=$(( $(date +%s) - start ))
# The sanitizer pass rebuilds everything. Locally it is skipped when the first pass already took
# long; CI (CI=true) always runs it, since warnings-as-errors and ASan + UBSan are both CI's bar.
if [[ $sanitize -eq 1 && ( ${CI:-} == true || $elapsed -lt 900 ) ]]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMESHSCOPE_WERROR=ON \
        -DMESHSCOPE_SANITIZE=ON -DMESHSCOPE_BENCH=OFF >/dev/null
    cmake --build build-asan -j "$jobs"
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j "$jobs"
elif [[ $sanitize -eq 1 ]]; then
    echo "== sanitizer pass skipped: the normal pass took ${elapsed}s =="
fi
echo "meshscope: all tests passed in $(( $(date +%s) - start ))s"
