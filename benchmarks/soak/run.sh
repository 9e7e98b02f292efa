#!/usr/bin/env bash
# Soak with faults (issue 17): about 3 minutes of mixed traffic at 64 connections while Redis and the upstream fail.
#   benchmarks/soak/run.sh [cinemix-app/target/cinemix-app.jar]
# Starts a private redis-server (AOF, appendfsync everysec, as a Redis that keeps its data would run), the OMDb stub of
# benchmarks/load (STUB_DELAY_MS, default 50) and the app (JAVA_OPTS, default below) on
# loopback ports, warms 200 ids, then runs five wrk processes through 13 phases, 182 s in all (PHASE 10 s each but
# two, COOL 32 s and LAST 40 s):
#   hit 24 connections, miss 12, unknown 8, search 12, bad 8 (benchmarks/soak/traffic.lua says what each asks)
# and, phase by phase: healthy; Redis SIGKILLed; Redis restarted; Redis SIGSTOPped; SIGCONTed; CLIENT PAUSE ALL for
# the phase; after the pause; maxmemory at its use with noeviction (writes refused: OOM); maxmemory lifted; the
# upstream hanging (OMDB_TIMEOUT=2); the upstream well (COOL); the upstream answering HTML 500s; well again (LAST).
# The upstream circuit opens after 5 failures for 30 s: COOL lets it close before the 500s, LAST shows it close.
# Prints the statuses per second and kind, the app's RSS and counters each second, and checks (exit 1 if one fails):
#   no 5xx while only Redis fails (phases 0-8) nor for a cached id ever; bad requests 400 throughout;
#   no movie_/missing_ key present before the kill, or before the maxmemory phase, missing at the end;
#   after the soak, 20 new ids are answered and stored in Redis; no lease left behind.
# Needs wrk, redis-server, redis-cli, python3, curl.
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
PHASE=${PHASE:-10}
COOL=${COOL:-32}  # the upstream well after it hung: the upstream circuit's 30 s cool-down, so the 500s find it closed
LAST=${LAST:-40}  # the last phase, the upstream well again: its circuit's cool-down, then recovery
STUB_DELAY_MS=${STUB_DELAY_MS:-50}
# The README's small-footprint flags, and the heap touched at start (AlwaysPreTouch): the RSS column then shows what
# grows, not a 128 MiB heap's pages being touched for the first time over the first minutes.
JAVA_OPTS=${JAVA_OPTS:--Xmx128m -Xss256k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=96m -XX:MaxDirectMemorySize=64m -XX:+AlwaysPreTouch}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
APP_PORT=18100 REDIS_PORT=16410 STUB_PORT=18189
BASE=http://127.0.0.1:$APP_PORT
STUB=http://127.0.0.1:$STUB_PORT
pids=()
REDIS_PID=""
cleanup() {
  [ -n "$REDIS_PID" ] && kill -CONT "$REDIS_PID" 2>/dev/null || true
  for p in "${pids[@]}" $REDIS_PID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for tool in wrk redis-server redis-cli python3 curl; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "no jar at $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 1; }

rcli() { redis-cli -p $REDIS_PORT "$@"; }
redis_start() {
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --dir "$WORK" --appendonly yes --appendfsync everysec --save '' \
    >>"$WORK/redis.log" 2>&1 & REDIS_PID=$!
  for _ in $(seq 1 500); do rcli ping 2>/dev/null | grep -q PONG && return; sleep 0.01; done
  echo "redis-server did not start" >&2; cat "$WORK/redis.log" >&2; exit 1
}
keys() { rcli --scan --pattern "$1" | sort; }

redis_start
STUB_DELAY_MS=$STUB_DELAY_MS python3 "$HERE/../load/omdb_stub.py" $STUB_PORT & pids+=($!)
PORT=$APP_PORT OMDB_API_KEY=soak-test-key OMDB_BASE_URL=$STUB/ OMDB_TIMEOUT=2 REDIS_URL=redis://127.0.0.1:$REDIS_PORT \
  SEARCH_CACHE_TTL=30 MAX_THRESHOLD=1000000 OMDB_DAILY_BUDGET=1000000 LOG_LEVEL=WARN \
  java $JAVA_OPTS -jar "$JAR" >"$WORK/app.log" 2>&1 & APP_PID=$!; pids+=($APP_PID)
for _ in $(seq 1 1500); do curl -fs "$BASE/health" -o /dev/null && break; sleep 0.01; done
curl -fs "$BASE/health" -o /dev/null || { echo "app did not start; log:" >&2; cat "$WORK/app.log" >&2; exit 1; }

# The ids the hit traffic asks for, in Redis before the soak.
seq 1000000 1000199 | xargs -P 16 -I{} curl -fs -o /dev/null "$BASE/api/v1/search/id/?id=tt{}"
echo "warmed: $(keys 'movie_tt1000*' | wc -l) of 200 hit ids in Redis"

START=$(date +%s)
TOTAL=$((11 * PHASE + COOL + LAST))
run_wrk() {  # kind connections
  wrk -t1 -c"$2" -d"$((TOTAL + 2))s" --timeout 10s -s "$HERE/traffic.lua" "$BASE" -- "$1" "$START" \
    | grep '^{' >"$WORK/wrk_$1.json" &
  pids+=($!)
}
run_wrk hit 24; run_wrk miss 12; run_wrk unknown 8; run_wrk search 12; run_wrk bad 8
# Each second: the app's RSS and its counters (Redis cache hits and errors, OMDb calls), read from /metrics (which,
# unlike /health, never PINGs Redis: a PING would end a back-off by itself and hide a back-off that never ends).
(while kill -0 $APP_PID 2>/dev/null; do
   counters=$(curl -s -m 1 "$BASE/metrics" | awk '
     $1 ~ /^cinemix_redis_cache_hits_total/ {h += $2} $1 ~ /^cinemix_redis_cache_errors_total/ {e += $2}
     $1 ~ /^cinemix_omdb_calls_total/ {c += $2} END {printf "%d %d %d", h, e, c}' || true)
   echo "$(( $(date +%s) - START )) $(ps -o rss= -p $APP_PID) ${counters:-- - -}" >>"$WORK/rss.txt"; sleep 1
 done) & pids+=($!)

phases=()
next=0  # the next phase's start, seconds after START
phase() {  # index seconds name: waits for the phase's start, records it, and counts its length towards the next
  while [ "$(date +%s)" -lt $(( START + next )) ]; do sleep 0.05; done
  phases+=("$1 $next $3"); echo "${next}s: phase $1, $3 ($2 s)" >&2
  next=$(( next + $2 ))
}
phase 0 $PHASE "healthy"
nmt() {  # with -XX:NativeMemoryTracking=summary in JAVA_OPTS: where the app's memory is, to $WORK/nmt_$1.txt
  case "$JAVA_OPTS" in *NativeMemoryTracking*) jcmd $APP_PID VM.native_memory summary >"$WORK/nmt_$1.txt" 2>&1 || true;; esac
}
nmt start
phase 1 $PHASE "Redis SIGKILLed"
keys 'movie_*' >"$WORK/before_kill.txt"; keys 'missing_*' >>"$WORK/before_kill.txt"
kill -9 "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
phase 2 $PHASE "Redis restarted"
redis_start
keys 'movie_*' >"$WORK/after_restart.txt"; keys 'missing_*' >>"$WORK/after_restart.txt"
phase 3 $PHASE "Redis SIGSTOPped"
kill -STOP "$REDIS_PID"
phase 4 $PHASE "Redis SIGCONTed"
kill -CONT "$REDIS_PID"
phase 5 $PHASE "Redis CLIENT PAUSE ALL"
rcli client pause $((PHASE * 1000)) all >/dev/null
phase 6 $PHASE "after the pause"
phase 7 $PHASE "Redis at maxmemory, noeviction"
keys 'movie_*' >"$WORK/before_full.txt"; keys 'missing_*' >>"$WORK/before_full.txt"
used=$(rcli info memory | awk -F: '/^used_memory:/ {print $2+0}')
rcli config set maxmemory-policy noeviction >/dev/null
rcli config set maxmemory "$used" >/dev/null
phase 8 $PHASE "maxmemory lifted"
oom=$(rcli info errorstats | awk -F'[=,]' '/^errorstat_OOM:/ {print $2}')
rcli config set maxmemory 0 >/dev/null
phase 9 $PHASE "upstream hangs"
curl -fs -X POST "$STUB/__fault?mode=hang" -o /dev/null
phase 10 $COOL "upstream well, its circuit cooling down"
curl -fs -X POST "$STUB/__fault?mode=ok" -o /dev/null
phase 11 $PHASE "upstream answers HTML 500"
curl -fs -X POST "$STUB/__fault?mode=500" -o /dev/null
phase 12 $LAST "upstream well again"
curl -fs -X POST "$STUB/__fault?mode=ok" -o /dev/null
for p in "${pids[@]:2:5}"; do wait "$p" || true; done  # the five wrk
nmt end

# After the soak: new ids are answered and stored again (once the upstream circuit lets a probe through, should it
# still be open), and nothing is left behind.
stored=0
deadline=$(( $(date +%s) + 40 ))
for n in $(seq 3000000 3000019); do
  until curl -fs -o /dev/null "$BASE/api/v1/search/id/?id=tt$n" || [ "$(date +%s)" -ge $deadline ]; do sleep 0.5; done
  [ "$(rcli exists "movie_tt$n")" = 1 ] && stored=$((stored + 1))
done
keys 'movie_*' >"$WORK/end.txt"; keys 'missing_*' >>"$WORK/end.txt"
leases=$(keys 'lease_*' | wc -l)
printf '%s\n' "${phases[@]}" >"$WORK/phases.txt"
status=0
python3 "$HERE/report.py" "$WORK" "$TOTAL" "${oom:-0}" "$stored" "$leases" "$(rcli info memory | awk -F: '/^used_memory_human:/ {print $2}' | tr -d '\r')" || status=$?
echo "== app log: $(grep -c ' WARN ' "$WORK/app.log") WARN lines ($(grep -c 'Cache miss for' "$WORK/app.log") of them cache misses);\
 ERROR lines by message (first 110 characters):"
grep -E ' ERROR ' "$WORK/app.log" | sed -E 's/^[^ ]+ [^ ]+ +//' | cut -c1-110 | sort | uniq -c | sort -rn | head -20
[ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$WORK"/*.txt "$WORK"/*.json "$WORK"/*.log "$KEEP"/
exit $status
