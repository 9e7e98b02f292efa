#!/usr/bin/env bash
# Load benchmark of the running service (issue 7). Builds nothing: give it the jar.
#   benchmarks/load/run.sh [cinemix-app/target/cinemix-app.jar]
# Starts a private redis-server, a local OMDb stub (STUB_DELAY_MS, default 200) and the app on loopback ports,
# then measures: (1) cached details (Redis hit) vs the app's constant baseline endpoint of the same body size:
# WARMUP (10s) on each, then ROUNDS (2) rounds of $LOAD_CPU wrk -t2 -c64 -d$DURATION (10s) on each, with the app's
# CPU microseconds per request; (2) bursts of 200 concurrent cold requests over 20 new ids: one on the miss path's
# first run, then BURSTS (5) after MISS_WARMUP (10s) of wrk asking for new ids (benchmarks/load/misses.lua);
# (3) startup time to the first successful response and resident memory after the load.
# The app runs with LOG_LEVEL=$APP_LOG_LEVEL (default WARN: no line per request). Needs wrk, redis-server, python3, curl;
# a C compiler (cc) for the burst client (benchmarks/load/burst.c), else the bursts fall back to a Python client.
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
STUB_DELAY_MS=${STUB_DELAY_MS:-200}
MISS_WARMUP=${MISS_WARMUP:-10s}
BURSTS=${BURSTS:-5}
JAVA_OPTS=${JAVA_OPTS:-}
# PIN=1: the app on CPU 1, wrk, Redis and the stub on CPU 0, so the two paths compete for nothing but the app's core.
if [ "${PIN:-0}" = 1 ]; then APP_CPU="taskset -c 1"; LOAD_CPU="taskset -c 0"; else APP_CPU=""; LOAD_CPU=""; fi
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
APP_PORT=18000 REDIS_PORT=16399 STUB_PORT=18089
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for tool in wrk redis-server python3 curl; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "no jar at $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 1; }

$LOAD_CPU redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pids+=($!)
STUB_DELAY_MS=$STUB_DELAY_MS $LOAD_CPU python3 "$HERE/omdb_stub.py" $STUB_PORT & pids+=($!)
sleep 0.5

start_ns=$(date +%s%N)
PORT=$APP_PORT OMDB_API_KEY=load-test-key OMDB_BASE_URL=http://127.0.0.1:$STUB_PORT/ \
  REDIS_URL=redis://127.0.0.1:$REDIS_PORT BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1000000 OMDB_DAILY_BUDGET=1000000 \
  BENCHMARK_BASELINE=true LOG_LEVEL=${APP_LOG_LEVEL:-WARN} \
  $APP_CPU java $JAVA_OPTS -jar "$JAR" >"$WORK/app.log" 2>&1 & APP_PID=$!; pids+=($APP_PID)
BASE=http://127.0.0.1:$APP_PORT
# Ready: the first 200 of GET /health (polled every 10 ms); then the first details answer, a cold miss.
for _ in $(seq 1 1500); do
  if curl -fs "$BASE/health" -o /dev/null; then break; fi
  sleep 0.01
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
curl -fs "$BASE/api/v1/search/id/?id=tt0372784" -o "$WORK/details.json" || true
startup_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
[ -s "$WORK/details.json" ] || { echo "app did not answer; log:" >&2; cat "$WORK/app.log" >&2; exit 1; }
bytes=$(wc -c <"$WORK/details.json")
echo "startup_to_first_health_200_ms=$ready_ms"
echo "startup_to_first_details_200_ms=$startup_ms (includes the first upstream fetch, ${STUB_DELAY_MS} ms)"
echo "details_body_bytes=$bytes"

# Warm both paths (JIT) before measuring either: the hit path is now a cache hit. Then ROUNDS rounds of baseline
# and hit, one after the other, so that both are measured on the same JVM in the same state, and a drift (JIT,
# machine) shows as a difference between rounds rather than between the paths.
$LOAD_CPU wrk -t2 -c64 -d"$WARMUP" "$BASE/bench/baseline?bytes=$bytes" >/dev/null
$LOAD_CPU wrk -t2 -c64 -d"$WARMUP" "$BASE/api/v1/search/id/?id=tt0372784" >/dev/null
# The app's CPU time (user + system, clock ticks) and, per phase, its CPU microseconds per request: what a request
# costs the app whatever else the machine is doing.
app_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
measure() {
  local before out requests
  before=$(app_ticks)
  out=$($LOAD_CPU wrk -t2 -c64 -d"$DURATION" --latency "$1")
  echo "$out" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
  if echo "$out" | grep -q "Non-2xx"; then echo "some answers were not 200: the figures above are void" >&2; exit 1; fi
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "app_cpu_us_per_request=$(( ($(app_ticks) - before) * 1000000 / $(getconf CLK_TCK) / requests ))"
}
for round in $(seq 1 "$ROUNDS"); do
  echo "== 1a. round $round: baseline, a constant body of $bytes bytes"
  measure "$BASE/bench/baseline?bytes=$bytes"
  echo "== 1b. round $round: cached details (hit)"
  measure "$BASE/api/v1/search/id/?id=tt0372784"
done

# Cold bursts over fresh ids (cache-cold: nothing has asked for these ids). The first runs the miss path's code for
# the first time since start (the JIT has only seen hits): as after a deployment. Then MISS_WARMUP of wrk asking for a
# new id each time compiles that path, as in a service that has been running, and BURSTS more bursts are measured.
burst() {
  echo "== 2$1. cold misses, 200 concurrent requests over 20 new ids, upstream delay ${STUB_DELAY_MS} ms ($2)"
  BURST_CLIENT=$BURST_CLIENT python3 "$HERE/cold_misses.py" "$BASE" "http://127.0.0.1:$STUB_PORT" 200 20 \
    "$(date +%s | tail -c 4)$3" "$STUB_DELAY_MS" | tee -a "$WORK/bursts.jsonl"
}
BURST_CLIENT=""
if ! command -v cc >/dev/null; then
  echo "no C compiler (cc): the bursts use the Python client, whose own cost shows in their figures" >&2
elif cc -O2 -o "$WORK/burst" "$HERE/burst.c"; then BURST_CLIENT="$WORK/burst"
else echo "burst.c did not compile: the bursts use the Python client, whose own cost shows in their figures" >&2; fi
burst a "the miss path's first run since start" 0
$LOAD_CPU wrk -t2 -c64 -d"$MISS_WARMUP" -s "$HERE/misses.lua" "$BASE" >"$WORK/misses.txt"
if grep -q "Non-2xx" "$WORK/misses.txt"; then echo "some misses were not answered 200" >&2; cat "$WORK/misses.txt" >&2; exit 1; fi
echo "miss_warmup: $(awk '/requests in/ {print $1}' "$WORK/misses.txt") misses in $MISS_WARMUP"
sleep 2
: >"$WORK/bursts.jsonl"
for n in $(seq 1 "$BURSTS"); do burst b "miss path warm, burst $n of $BURSTS" "$n"; done
python3 - "$WORK/bursts.jsonl" <<'SUMMARY'
import json, statistics, sys
bursts = [json.loads(line) for line in open(sys.argv[1])]
def across(field, q):
    values = sorted(b[field][q] for b in bursts)
    return "median %.1f (%.1f-%.1f)" % (statistics.median(values), values[0], values[-1])
print("warm bursts: %d; upstream calls %s" % (len(bursts), sorted({b["upstream_calls"] for b in bursts})))
for field in ("over_upstream_ms", "upstream_asked_after_request_ms", "answered_after_upstream_answer_ms",
              "same_burst_cached_latency_ms"):
    print("  %s: p50 %s, p99 %s" % (field, across(field, "p50"), across(field, "p99")))
SUMMARY

echo "== 3. memory"
echo "rss_after_load_mib=$(( $(ps -o rss= -p $APP_PID) / 1024 ))"
