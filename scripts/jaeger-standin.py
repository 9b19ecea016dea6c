#!/usr/bin/env python3
"""A stand-in for a Jaeger query service (v1 JSON API) for scripts/screenshot-telemetry.sh.

Serves the train-ticket services' traces (made up, seeded) and dependency links on loopback:
/api/services, /api/dependencies, /api/traces (service, start, end, limit, tags). /api/v3/*
answers 404, as a Jaeger before the v3 gateway does, so Meshscope uses the v1 API. Not a test
fixture (tests use tests/servers/jaegertestserver); only there so that the screenshot shows
real-looking trace lists without a Jaeger installation.

Usage: jaeger-standin.py PORT
"""
import json
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# Calls of the tickets mesh (core/demo/demomeshes.cpp) as traces see them, plus one the mesh
# does not report (ts-order -> ts-notification: an async notification the sidecar-less worker
# sends), which shows as a traces-only call.
CALLS = [
    ("ts-ui-dashboard", "ts-order", 40), ("ts-ui-dashboard", "ts-travel", 120),
    ("ts-travel", "ts-order", 60), ("ts-travel", "ts-ticketinfo", 90),
    ("ts-preserve", "ts-order", 20), ("ts-order", "ts-station", 30),
    ("ts-order", "ts-notification", 14), ("ts-seat", "ts-order", 25),
]

random.seed(7)
NOW_US = int(time.time() * 1e6)
TRACES = []
for n in range(120):
    caller, callee, _ = random.choice(CALLS)
    start = NOW_US - random.randint(60, 1800) * 1_000_000
    duration = int(random.lognormvariate(11.5, 0.7))  # ~100 ms, a long tail
    error = random.random() < (0.25 if callee == "ts-order" or caller == "ts-order" else 0.04)
    tid = "%032x" % random.getrandbits(128)
    root_tags = [{"key": "error", "type": "bool", "value": True}] if error else []
    spans = [
        {"traceID": tid, "spanID": "%016x" % 1, "operationName": "POST /api/v1/" + callee,
         "references": [], "startTime": start, "duration": duration, "tags": root_tags,
         "processID": "p1"},
        {"traceID": tid, "spanID": "%016x" % 2, "operationName": "handle " + callee,
         "references": [{"refType": "CHILD_OF", "traceID": tid, "spanID": "%016x" % 1}],
         "startTime": start + 800, "duration": duration * 2 // 3,
         "tags": [{"key": "span.kind", "type": "string", "value": "server"}], "processID": "p2"},
    ]
    TRACES.append({"traceID": tid, "spans": spans, "warnings": None,
                   "processes": {"p1": {"serviceName": caller, "tags": []},
                                 "p2": {"serviceName": callee, "tags": []}}})


def envelope(data):
    return {"data": data, "total": len(data), "limit": 0, "offset": 0, "errors": None}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, kind="application/json"):
        raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        if url.path.startswith("/api/v3/"):
            return self.send(404, "404 page not found\n", "text/plain")
        if url.path == "/api/services":
            names = sorted({s for c in CALLS for s in c[:2]})
            return self.send(200, envelope(names))
        if url.path == "/api/dependencies":
            return self.send(200, envelope([{"parent": a, "child": b, "callCount": n * 60}
                                            for a, b, n in CALLS]))
        if url.path == "/api/traces":
            service = q.get("service", [""])[0]
            start = int(q.get("start", ["0"])[0])
            end = int(q.get("end", [str(NOW_US * 2)])[0])
            limit = int(q.get("limit", ["20"])[0])
            errors_only = "error" in q.get("tags", ["{}"])[0]
            found = [t for t in TRACES
                     if any(t["processes"][s["processID"]]["serviceName"] == service and
                            start <= s["startTime"] <= end and
                            (not errors_only or s["tags"] and s["tags"][0]["key"] == "error")
                            for s in t["spans"])]
            found.sort(key=lambda t: -t["spans"][0]["startTime"])
            return self.send(200, envelope(found[:limit]))
        return self.send(404, "404 page not found\n", "text/plain")


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
