#!/usr/bin/env bash
# What gzip costs end to end on the hit path (issue 14): the same cached full-plot details (a body over the 1 KiB
# compression threshold), asked with and without `Accept-Encoding: gzip`, on the real jar with Redis and the load
# benchmark's OMDb stub. Builds nothing: give it the jar.
#   benchmarks/gzip/hit_path.sh [cinemix-app/target/cinemix-app.jar]
# After WARMUP (10s) of each, ROUNDS (3) rounds of wrk -t2 -c64 -d$DURATION (10s), plain then gzip in each round, with
# the app's CPU microseconds per request (from /proc) and the bytes of one answer of each kind.
# LOG_LEVEL=WARN (no line per request). Needs wrk, redis-server, python3, curl.
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
APP_PORT=18010 REDIS_PORT=16409 STUB_PORT=18099
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for tool in wrk redis-server python3 curl; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "no jar at $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 1; }

redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pids+=($!)
STUB_DELAY_MS=0 python3 "$HERE/../load/omdb_stub.py" $STUB_PORT & pids+=($!)
sleep 0.5
PORT=$APP_PORT OMDB_API_KEY=load-test-key OMDB_BASE_URL=http://127.0.0.1:$STUB_PORT/ \
  REDIS_URL=redis://127.0.0.1:$REDIS_PORT BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1000000 OMDB_DAILY_BUDGET=1000000 \
  LOG_LEVEL=WARN java -jar "$JAR" >"$WORK/app.log" 2>&1 & APP_PID=$!; pids+=($APP_PID)
BASE=http://127.0.0.1:$APP_PORT
URL="$BASE/api/v1/search/id/tt0372784?plot=full"
for _ in $(seq 1 1500); do
  if curl -fs "$BASE/health" -o /dev/null; then break; fi
  sleep 0.01
done
curl -fs "$URL" -o /dev/null || { echo "app did not answer; log:" >&2; cat "$WORK/app.log" >&2; exit 1; }
plain_bytes=$(curl -fs "$URL" | wc -c)
gzip_bytes=$(curl -fs -H 'Accept-Encoding: gzip' "$URL" | wc -c)
encoding=$(curl -fs -D - -o /dev/null -H 'Accept-Encoding: gzip' "$URL" | tr -d '\r' | grep -i '^content-encoding:' || true)
echo "plain_body_bytes=$plain_bytes gzip_body_bytes=$gzip_bytes ($encoding)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
TICK=$(getconf CLK_TCK)
run() { # label, extra wrk args...
  local label=$1; shift
  local before after out requests
  before=$(cpu_ticks)
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$@" "$URL")
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-5s %10s req/s  p50 %-8s p99 %-8s  cpu/request %s us\n' "$label" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(( (after - before) * 1000000 / TICK / requests ))"
}
wrk -t2 -c64 -d"$WARMUP" "$URL" >/dev/null
wrk -t2 -c64 -d"$WARMUP" -H 'Accept-Encoding: gzip' "$URL" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  run plain
  run gzip -H 'Accept-Encoding: gzip'
done
