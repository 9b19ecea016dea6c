#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang-14 in build-fuzz (a separate build
# dir) and runs each for SECONDS (default 30). Seeds: the checked-in corpus of each harness plus
# the recorded real responses (../shared/reference). New inputs found go to build-fuzz/corpus/.
# Prints "figure fuzz_<harness>_execs N runs" per harness; exit 1 on a crash (the input is
# saved as build-fuzz/crash-*).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shared=${MESHSCOPE_SHARED_DIR:-$(pwd)/../shared}
jobs=${FUZZ_BUILD_JOBS:-2}

cmake -S tests/fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$jobs"

status=0
for harness in build-fuzz/fuzz_*; do
    [[ -x $harness && -f $harness ]] || continue
    name=$(basename "$harness")
    seeds=(tests/fuzz/corpus/"$name")
    dict=()
    case $name in
    fuzz_prometheus_response)
        seeds+=("$shared/reference/prometheus/responses")
        dict=(-dict=tests/fuzz/prometheus.dict)
        ;;
    fuzz_jaeger_response)
        seeds+=("$shared/reference/jaeger/fixtures/jaeger" "$shared/reference/jaeger/fixtures/jaeger-ui")
        dict=(-dict=tests/fuzz/jaeger.dict)
        ;;
    fuzz_scenario)
        seeds+=(resources/chaos/scenarios)
        dict=(-dict=tests/fuzz/scenario.dict)
        ;;
    fuzz_kubeconfig)
        seeds+=("$shared/reference/kubernetes/kubeconfig")
        dict=(-dict=tests/fuzz/kubeconfig.dict)
        ;;
    fuzz_experiment)
        seeds+=(resources/experiments)
        dict=(-dict=tests/fuzz/experiment.dict)
        ;;
    fuzz_metric_profile)
        seeds+=(resources/profiles)
        dict=(-dict=tests/fuzz/metric_profile.dict)
        ;;
    esac
    corpus=build-fuzz/corpus/$name
    mkdir -p "$corpus"
    log=build-fuzz/$name.log
    echo "fuzz: $name for ${seconds}s" >&2
    if ! "$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix=build-fuzz/ "${dict[@]}" \
        "$corpus" "${seeds[@]}" >"$log" 2>&1; then
        echo "fuzz: $name FAILED, see $log" >&2
        tail -40 "$log" >&2
        status=1
    fi
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
    echo "figure fuzz_${name#fuzz_}_execs $execs runs"
done
exit $status
