#!/usr/bin/env bash
# Where the time of the peer benchmark's Cinemix paths goes (issue 26: a goal not met is written down with a profile).
#   benchmarks/peers/profile.sh [cinemix-app/target/cinemix-app.jar]
# One Cinemix instance as run.sh starts it (its own redis-server, the load benchmark's OMDb stub, the same limits),
# at LOG_LEVEL (WARN), then one of (MODE):
#   hit       the cached full-plot title, wrk -t2 -c64 (GZIP=1: with Accept-Encoding: gzip)
#   baseline  the constant baseline endpoint with a body of the hit's size (the framework floor)
#   bursts    BURSTS (10) cold bursts of 200 requests over 20 new ids, one after the other (bursts.py, burst.c);
#             also the Redis commands one burst makes (INFO commandstats), by command
# After WARMUP (10s) of the same traffic (2 bursts for MODE=bursts), a JFR recording (settings=profile: a Java
# sample every 10 ms a thread) of DURATION (30s) while the traffic runs, then jfr_top.py on it; the recording is
# kept as OUT (/tmp/cinemix-MODE-LEVEL.jfr) for `jfr print` / `jfr summary`.
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
MODE=${MODE:-hit}
LOG_LEVEL=${LOG_LEVEL:-WARN}
GZIP=${GZIP:-}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
BURSTS=${BURSTS:-10}
STUB_DELAY_MS=${STUB_DELAY_MS:-200}
OUT=${OUT:-/tmp/cinemix-$MODE${GZIP:+-gzip}-$LOG_LEVEL.jfr}
HERE=$(cd "$(dirname "$0")" && pwd)
LOAD=$HERE/../load
WORK=$(mktemp -d)
STUB_PORT=18289 PORT=18282 REDIS_PORT=16591 KEY=peers-bench-key
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for tool in wrk redis-server redis-cli java jcmd jfr python3 curl cc; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
cc -O2 -o "$WORK/burst" "$LOAD/burst.c"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
STUB_DELAY_MS=$STUB_DELAY_MS python3 "$LOAD/omdb_stub.py" $STUB_PORT & pids+=($!)
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pids+=($!)
sleep 0.3
PORT=$PORT OMDB_API_KEY=$KEY OMDB_BASE_URL=http://127.0.0.1:$STUB_PORT/ REDIS_URL=redis://127.0.0.1:$REDIS_PORT \
  BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1048575 OMDB_DAILY_BUDGET=100000000 LOG_LEVEL=$LOG_LEVEL \
  BENCHMARK_BASELINE=true java -XX:+FlightRecorder -XX:FlightRecorderOptions:stackdepth=512 -jar "$JAR" \
  >"$WORK/cinemix.log" 2>&1 & APP=$!; pids+=($APP)
hit="http://127.0.0.1:$PORT/api/v1/search/id/tt0372784?plot=full"
for _ in $(seq 1 1200); do curl -fs "$hit" -o "$WORK/hit.json" && break; sleep 0.05; done
[ -s "$WORK/hit.json" ] || { echo "cinemix did not answer" >&2; tail -20 "$WORK/cinemix.log" >&2; exit 1; }
header=(); [ -n "$GZIP" ] && header=(-H 'Accept-Encoding: gzip')
case $MODE in
  hit) url=$hit ;;
  baseline) url="http://127.0.0.1:$PORT/bench/baseline?bytes=$(wc -c <"$WORK/hit.json")" ;;
  bursts) url= ;;
  *) echo "MODE: hit, baseline or bursts" >&2; exit 1 ;;
esac
n=0
bursts() { # COUNT
  local i
  for i in $(seq 1 "$1"); do
    n=$((n + 1))
    python3 "$HERE/bursts.py" burst "$WORK/burst" cinemix $PORT "http://127.0.0.1:$STUB_PORT" \
      "/api/v1/search/id/{id}" "8$(printf %03d $n)" >>"$WORK/bursts.jsonl"
  done
}
seconds() { echo "${1%s}"; }
if [ -n "$url" ]; then
  wrk -t2 -c64 -d"$WARMUP" "${header[@]}" "$url" >/dev/null
  jcmd $APP JFR.start name=peers settings=profile duration="$DURATION" filename="$OUT" >/dev/null
  wrk -t2 -c64 -d"$(( $(seconds "$DURATION") + 1 ))s" "${header[@]}" "$url" | grep -E "Requests/sec|Non-2xx" || true
else
  bursts 2
  : >"$WORK/bursts.jsonl"
  redis-cli -p $REDIS_PORT CONFIG RESETSTAT >/dev/null
  bursts 1
  echo "Redis commands for one cold burst (200 requests over 20 ids), calls by command:"
  redis-cli -p $REDIS_PORT INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([a-z|]*\):calls=\([0-9]*\),.*/  \1 \2/p'
  jcmd $APP JFR.start name=peers settings=profile filename="$OUT" >/dev/null
  bursts "$BURSTS"
  jcmd $APP JFR.stop name=peers filename="$OUT" >/dev/null
  python3 "$HERE/bursts.py" summary "$WORK/bursts.jsonl"
fi
for _ in $(seq 1 100); do jcmd $APP JFR.check name=peers 2>/dev/null | grep -q running || break; sleep 0.2; done
sleep 1
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/jfr_top.py" "$OUT"
