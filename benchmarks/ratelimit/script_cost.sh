#!/usr/bin/env bash
# What the shared rate-limit decision costs Redis (issue 26, goal 2): Redis CPU microseconds per EVALSHA of
# RedisRateLimits' script, as Redis itself counts them (`INFO commandstats`, `usec_per_call`, after CONFIG RESETSTAT).
# Runs the script exactly as the adapter sends it (Redis TIME, no given time) against a fresh local redis-server,
# with redis-benchmark as the client, in three shapes:
#   peers   the load and peers benchmarks' policy (BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1048575), one client:
#           every request admitted, a new bucket every second
#   default the default policy (10 s buckets, 60 s window, 10 requests) over 1,000 clients: mostly rejections
#   wide    10 s buckets, 60 s window, a threshold never reached, one client: admitted, up to 6 buckets read
#   batch8  the peers policy, 8 clients in one call (RedisRateLimits sends decisions asked together as one call): the
#           cost per decision is usec_per_call / 8
#   benchmarks/ratelimit/script_cost.sh [git revision]   (N=200000 decisions a shape, ROUNDS=3, CLIENTS=8)
# Builds nothing: the script's text is read from RedisRateLimits.java, in the work tree or at the given revision (to
# measure before and after in one sitting). usec_per_call also depends on how busy Redis is kept: idle between calls
# (CLIENTS=1) it is higher than with many clients. Needs redis-server, redis-cli, redis-benchmark.
set -euo pipefail
REVISION=${1:-}
N=${N:-200000}
CLIENTS=${CLIENTS:-8}
ROUNDS=${ROUNDS:-3}
PORT=${REDIS_PORT:-16419}
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE="$HERE/../../cinemix-adapter-redis/src/main/java/io/cinemix/adapter/redis/RedisRateLimits.java"
WORK=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for tool in redis-server redis-cli redis-benchmark; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

# The text block of `SCRIPT = new LuaScript("""` up to its closing `""");`.
if [ -n "$REVISION" ]; then
  git -C "$HERE" show "$REVISION:cinemix-adapter-redis/src/main/java/io/cinemix/adapter/redis/RedisRateLimits.java"
else
  cat "$SOURCE"
fi | awk '/SCRIPT = new LuaScript\("""/ {on = 1; next} on && /^ *"""\);/ {exit} on {print}' >"$WORK/script.lua"
[ -s "$WORK/script.lua" ] || { echo "no script found in $SOURCE" >&2; exit 1; }

redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pid=$!
cli() { redis-cli -p "$PORT" "$@"; }
for _ in $(seq 1 100); do cli ping >/dev/null 2>&1 && break; sleep 0.05; done
sha=$(cli -x script load <"$WORK/script.lua")

if [ -n "$REVISION" ]; then script_at=$(git -C "$HERE" rev-parse --short "$REVISION"); else
  script_at="$(git -C "$HERE" rev-parse --short HEAD)$(git -C "$HERE" diff --quiet HEAD -- "$SOURCE" || echo '+changes')"; fi
echo "script of $script_at, redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), $CLIENTS clients, $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
shape() { # label, key, bucket µs, buckets, threshold, redis-benchmark args...
  local label=$1 key=$2 bucket=$3 buckets=$4 limit=$5; shift 5
  cli flushdb >/dev/null
  cli config resetstat >/dev/null
  redis-benchmark -p "$PORT" -n "$N" -c "$CLIENTS" -q "$@" evalsha "$sha" 1 "$key" "$bucket" "$buckets" "$limit" >/dev/null
  cli info commandstats | tr -d '\r' | awk -F'[:=,]' -v label="$label" '
    /^cmdstat_evalsha:/ {head = sprintf("%-8s evalsha %s calls, usec_per_call %s |", label, $3, $7)}
    /^cmdstat_/ && !/evalsha|config/ {sub("cmdstat_", "", $1); inner = inner sprintf(" %s %s calls %s us", $1, $3, $7)}
    END {print head inner}'
}
shape_batch() { # KEYS: the peers policy, KEYS clients decided in one call, as DecisionBatches sends them under load
  local keys=$1 args=() i
  for i in $(seq 1 "$keys"); do args+=("rate_limit_{10.0.0.$i}"); done
  cli flushdb >/dev/null
  cli config resetstat >/dev/null
  redis-benchmark -p "$PORT" -n "$((N / keys))" -c "$CLIENTS" -q evalsha "$sha" "$keys" "${args[@]}" 1000000 2 1048575 >/dev/null
  cli info commandstats | tr -d '\r' | awk -F'[:=,]' -v keys="$keys" '
    /^cmdstat_evalsha:/ {printf "batch%-3s evalsha %s calls of %s decisions, usec_per_call %s, per decision %.2f\n", keys, $3, keys, $7, $7 / keys}'
}
for round in $(seq 1 "$ROUNDS"); do
  shape peers 'rate_limit_{127.0.0.1}' 1000000 2 1048575
  shape default 'rate_limit_{__rand_int__}' 10000000 6 10 -r 1000
  shape wide 'rate_limit_{127.0.0.1}' 10000000 6 1048575
  shape_batch 8
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
