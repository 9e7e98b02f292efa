#!/usr/bin/env bash
# Cold bursts one after the other on one Cinemix, each printed on its own line: how the cold path's time falls as the
# JIT compiles it (a cold miss runs code that hits never run: the OMDb client, its parsing, the claim and the store).
#   benchmarks/peers/trend.sh [cinemix-app/target/cinemix-app.jar]   (BURSTS=40, REDIS=1: with its own redis-server;
#                                                                      REDIS=0: in-process cache and rate limiter)
# After 10 s of wrk on a cached title, BURSTS bursts of 200 concurrent requests over 20 new ids (bursts.py, burst.c,
# the stub answering after 200 ms); per burst the median of: each request's time over the upstream, the time from the
# burst's start to each id's upstream call, and from the upstream's answer to the id's first answer.
# Needs redis-server, wrk, java, python3, curl and cc.
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
BURSTS=${BURSTS:-40}
REDIS=${REDIS:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
LOAD=$HERE/../load
WORK=$(mktemp -d)
STUB_PORT=18389 PORT=18382 REDIS_PORT=16691
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cc -O2 -o "$WORK/burst" "$LOAD/burst.c"
echo "jar: $JAR; redis: $REDIS; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
STUB_DELAY_MS=200 python3 "$LOAD/omdb_stub.py" $STUB_PORT & pids+=($!)
redis_url=
if [ "$REDIS" = 1 ]; then
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pids+=($!)
  redis_url=redis://127.0.0.1:$REDIS_PORT
  sleep 0.3
fi
PORT=$PORT OMDB_API_KEY=trend-key OMDB_BASE_URL=http://127.0.0.1:$STUB_PORT/ REDIS_URL=$redis_url \
  BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1048575 OMDB_DAILY_BUDGET=100000000 LOG_LEVEL=WARN \
  java -jar "$JAR" >"$WORK/cinemix.log" 2>&1 & pids+=($!)
hit="http://127.0.0.1:$PORT/api/v1/search/id/tt0372784?plot=full"
for _ in $(seq 1 1200); do curl -fs "$hit" -o /dev/null && break; sleep 0.05; done
wrk -t2 -c64 -d10s "$hit" >/dev/null
for n in $(seq 1 "$BURSTS"); do
  python3 "$HERE/bursts.py" burst "$WORK/burst" cinemix $PORT "http://127.0.0.1:$STUB_PORT" \
    "/api/v1/search/id/{id}" "7$(printf %03d "$n")" >>"$WORK/bursts.jsonl"
done
python3 - "$WORK/bursts.jsonl" <<'PY'
import json, statistics, sys
print("burst | upstream calls | over the upstream p50 ms | upstream asked after p50 ms | first answer after the upstream's p50 ms")
for i, line in enumerate(open(sys.argv[1]), 1):
    b = json.loads(line)
    m = statistics.median
    print(f"{i} | {b['upstream_calls']} | {m(b['over_upstream_ms']):.1f} | {m(b['upstream_asked_after_ms']):.1f} | "
          f"{m(b['first_answer_after_upstream_ms']):.1f}")
PY
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
