#!/usr/bin/env bash
# Installs what Meshscope needs to build, run and test on Debian 12, and nothing else.
# Idempotent: when every package is present it returns in well under a second.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config
    # Debian 12's qt6-charts-dev needs Qt6OpenGL's CMake config but does not depend on it.
    qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev qt6-qpa-plugins
    libboost-graph-dev libyaml-cpp-dev libcurl4-openssl-dev
    # zlib: the gzip test server (tests/servers), configured with every build.
    zlib1g-dev
    # libpng: PNG exports are encoded strip by strip (widgets/pngstripwriter), bounded memory.
    libpng-dev
    # QtKeychain: connection profile secrets in the OS keychain (app/keychainvault).
    qtkeychain-qt6-dev
    fonts-dejavu-core
)
if [[ "${1:-}" == "--test" ]]; then
    # Benchmarks (Google Benchmark, Graphviz sfdp as the reference layout), a real Prometheus
    # server for the Prometheus path, and Xvfb for screenshots of the real window.
    # clang-format: .ci/check-format.
    packages+=(libbenchmark-dev graphviz prometheus xvfb xauth clang-format)
    # The validators distributions run on the installed .desktop and AppStream files (tst_install).
    packages+=(desktop-file-utils appstream)
    # The Prometheus client is also tested against a real VictoriaMetrics (buildinfo without a
    # version, its own error envelope).
    packages+=(victoria-metrics)
    # libFuzzer harnesses (scripts/fuzz.sh): clang with the fuzzer/ASan/UBSan runtimes.
    packages+=(clang-14 libclang-rt-14-dev)
    # The real Kubernetes API server tests (tests/servers/kube): etcd to store, openssl for the
    # test CA and keys. kube-apiserver itself is built by scripts/build-apiserver.sh.
    packages+=(etcd-server openssl)
    # The Alertmanager client is tested against a real Alertmanager (alerts posted, silenced).
    packages+=(prometheus-alertmanager)
    # xdotool: scripts/screenshot-telemetry.sh selects a service in the real window (Find).
    packages+=(xdotool)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "meshscope: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
