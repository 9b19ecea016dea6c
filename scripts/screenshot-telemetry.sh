#!/usr/bin/env bash
# The window on the Prometheus-backed tickets mesh with Jaeger and Alertmanager beside it, one
# service selected so that its alerts and traces show in the details panel, as a PNG:
#   meshscope-sim --mesh tickets  <- scraped every second by a real Prometheus
#   prometheus-alertmanager       <- two alerts posted for ts-order (one silenced), one for ts-seat
#   jaeger-testserver             <- our Jaeger test server (tests/servers) with seeded traces
#                                    for the tickets mesh's calls, plus ts-order -> ts-notification
#                                    that only traces know
#   meshscope --prometheus ... --jaeger ... --alertmanager ...   under Xvfb; xdotool finds
#   ts-order (Ctrl+F), import grabs the screen.
# Usage: scripts/screenshot-telemetry.sh [OUT.png]   (default docs/screenshot-telemetry.png)
# Needs a build (meshscope, meshscope-sim, jaeger-testserver in $MESHSCOPE_BUILD_DIR, default
# build) and
# scripts/deps.sh --test (prometheus, prometheus-alertmanager, xvfb, xdotool, imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MESHSCOPE_BUILD_DIR:-build}
out=$(realpath -m "${1:-docs/screenshot-telemetry.png}")
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL: until it answers 200, up to 30 s
    for _ in $(seq 60); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
    echo "screenshot-telemetry: $1 did not come up" >&2; return 1
}

sim=$(port); prom=$(port); am=$(port); jaeger=$(port)
"$build/app/sim/meshscope-sim" --mesh tickets --seed 7 --listen "127.0.0.1:$sim" >"$work/sim.log" 2>&1 &
pids+=($!)
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: sim
    static_configs:
      - targets: ['127.0.0.1:$sim']
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$prom" --log.level=warn >"$work/prometheus.log" 2>&1 &
pids+=($!)
cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: nobody
receivers:
  - name: nobody
YAML
prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/am" \
    --web.listen-address="127.0.0.1:$am" --cluster.listen-address= --log.level=warn \
    >"$work/alertmanager.log" 2>&1 &
pids+=($!)
"$build/tests/servers/jaeger-testserver" --port "$jaeger" --mesh tickets --seed 7 \
    --extra-call ts-order:ts-notification --error-service ts-order >"$work/jaeger.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$prom/-/ready"
wait_http "http://127.0.0.1:$am/-/ready"
wait_http "http://127.0.0.1:$jaeger/api/services"

curl -fs -XPOST -H 'Content-Type: application/json' "http://127.0.0.1:$am/api/v2/alerts" -d '[
 {"labels":{"alertname":"HighErrorRate","severity":"critical","namespace":"train-ticket","service":"ts-order"},
  "annotations":{"summary":"ts-order answers 9% 5xx to ts-travel"}},
 {"labels":{"alertname":"SlowQueries","severity":"warning","namespace":"train-ticket","service":"ts-order"},
  "annotations":{"summary":"order queries above 1 s (p95)"}},
 {"labels":{"alertname":"PodRestarting","severity":"warning","namespace":"train-ticket","workload":"ts-seat-v1"},
  "annotations":{"summary":"ts-seat-v1 restarted 3 times in 10 min"}}]' >/dev/null
now=$(date -u +%Y-%m-%dT%H:%M:%SZ); later=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
curl -fs -XPOST -H 'Content-Type: application/json' "http://127.0.0.1:$am/api/v2/silences" -d '{
 "matchers":[{"name":"alertname","value":"SlowQueries","isRegex":false,"isEqual":true}],
 "startsAt":"'"$now"'","endsAt":"'"$later"'","createdBy":"screenshot","comment":"known, ticket 42"}' >/dev/null

sleep 12 # two scrapes of moving counters before the first refresh has rates for every call

export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
    set -e
    "$0" --prometheus "http://127.0.0.1:$1" --jaeger "http://127.0.0.1:$2" \
         --alertmanager "http://127.0.0.1:$3" --interval 2 >"$4/meshscope.log" 2>&1 &
    app=$!
    for _ in $(seq 60); do
        win=$(xdotool search --onlyvisible --name "Meshscope" 2>/dev/null | head -1) &&
            [ -n "$win" ] && break
        sleep 0.5
    done
    xdotool windowmove "$win" 0 0 windowsize "$win" 1400 900
    sleep 8
    # No window manager under Xvfb: focus the window directly; keys then go to it (XTEST).
    xdotool windowfocus --sync "$win" || true
    xdotool key ctrl+f
    xdotool type --delay 40 ts-order
    xdotool key Return
    sleep 1
    xdotool key Escape # clears the find text (it fades what does not match); the selection stays
    xdotool key ctrl+t # hides the services table: the details panel gets the height
    # Zoom in on the train-ticket group (the wheel zooms about the cursor) so that the badges
    # and labels read at 1400x900, then park the pointer on the status bar (no hover tooltip).
    xdotool mousemove 490 445 click --repeat 3 --delay 150 4
    xdotool mousemove 700 885
    sleep 6 # the debounced trace request, and a refresh after it
    import -window root "$5"
    kill $app
' "$build/app/meshscope" "$prom" "$jaeger" "$am" "$work" "$out"
echo "screenshot-telemetry: wrote $out"
