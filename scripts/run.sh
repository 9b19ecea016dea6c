#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and start Meshscope.
# With no data source configured it opens on the embedded demo mesh. Arguments go to meshscope.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
build=${MESHSCOPE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMESHSCOPE_BENCH=OFF >/dev/null
cmake --build "$build" --target meshscope
exec "$build/app/meshscope" "$@"
