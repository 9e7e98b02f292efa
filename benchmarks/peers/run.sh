#!/usr/bin/env bash
# Peer benchmark (issues 17 and 26): Cinemix against nginx proxy_cache and Varnish, each in front of the same OMDb
# stub (benchmarks/load/omdb_stub.py, STUB_DELAY_MS, default 200 ms), with the same clients, on one machine, in one
# run; at the end, every ratio of issue 26 against its goal (ratios.py).
#   benchmarks/peers/run.sh [cinemix-app/target/cinemix-app.jar]      (./mvnw -B -DskipTests package first)
#   TRACING_ABSENT_JAR=/path/to/pre-tracing/cinemix-app.jar benchmarks/peers/run.sh   (one more instance, below)
# Systems, on loopback ports: nginx (nginx.conf), Varnish (peers.vcl, -s malloc,64m), and Cinemix, each instance
# with its own redis-server:
#   cinemix-warn   LOG_LEVEL=WARN (no line per request), the JVM's defaults
#   cinemix-info   LOG_LEVEL=INFO (the default level: one access line per request), the JVM's defaults
#   cinemix-small  LOG_LEVEL=WARN with the small-footprint flags of docs/operations.md (read from it), for the RSS
#   cinemix-untraced  only with TRACING_ABSENT_JAR: LOG_LEVEL=WARN, that jar (built without the tracing module), so
#                  that its hits can be set against cinemix-warn's (tracing present but off)
#   cinemix-local  LOG_LEVEL=WARN without Redis (in-process cache and rate limiter: one instance, nothing shared), so
#                  that what the shared rate-limit decision's round trip costs a hit shows beside cinemix-warn
# The proxies cache OMDb's own URL space (/?i=<id>&apikey=...); Cinemix is asked /api/v1/search/id/<id>. The hit is
# the full plot (plot=full, a body over Cinemix's 1 KiB gzip threshold).
# Also measured on cinemix-warn: its constant baseline endpoint with a body of the hit's size (the Micronaut/Netty
# floor under the hit path), and the same hit asked with Accept-Encoding: gzip.
# After a warm-up (WARMUP, 20s, of wrk and 2 cold bursts on each), ROUNDS (2) rounds, the systems interleaved
# within each: (a) the cached title: wrk -t2 -c64 -d$DURATION (10s) --latency on each, with the CPU per request of
# its processes (nginx's workers, Varnish's child, the JVM; Cinemix's redis-server apart); (b) BURSTS (3) cold bursts
# on each system but cinemix-untraced, one after the other: 200 concurrent requests over 20 new ids (bursts.py and
# the C client benchmarks/load/burst.c); then (c) the resident memory of each, and the ratios.
# Needs nginx, varnishd, wrk, redis-server, java, python3, curl and cc (apt-get install -y nginx varnish wrk).
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
TRACING_ABSENT_JAR=${TRACING_ABSENT_JAR:-}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-20s}
ROUNDS=${ROUNDS:-2}
BURSTS=${BURSTS:-3}
STUB_DELAY_MS=${STUB_DELAY_MS:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
LOAD=$HERE/../load
SMALL=$(sed -n 's/^SMALL="\(.*\)"$/\1/p' "$HERE/../../docs/operations.md")
[ -n "$SMALL" ] || { echo "no SMALL=\"...\" line in docs/operations.md" >&2; exit 1; }
WORK=$(mktemp -d)
chmod 755 "$WORK"   # nginx workers (nobody) and the Varnish child (vcache) read configs and write under it
STUB_PORT=18189 NGINX_PORT=18180 VARNISH_PORT=18181
KEY=peers-bench-key
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for tool in nginx varnishd wrk redis-server java python3 curl cc; do
  command -v $tool >/dev/null || { echo "missing: $tool (apt-get install -y nginx varnish wrk)" >&2; exit 1; }
done
for jar in "$JAR" $TRACING_ABSENT_JAR; do
  [ -f "$jar" ] || { echo "no jar at $jar: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
done
cc -O2 -o "$WORK/burst" "$LOAD/burst.c"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uname -sr)"
echo "versions: $(nginx -v 2>&1 | cut -d' ' -f3); $(varnishd -V 2>&1 | head -1 | grep -o 'varnish-[0-9.]*');" \
  "$(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f3)"
echo "jar: $JAR${TRACING_ABSENT_JAR:+; without tracing: $TRACING_ABSENT_JAR}; small-footprint flags: $SMALL"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

STUB_DELAY_MS=$STUB_DELAY_MS python3 "$LOAD/omdb_stub.py" $STUB_PORT & pids+=($!)
sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@STUB_PORT@|$STUB_PORT|g" "$HERE/nginx.conf" >"$WORK/nginx.conf"
mkdir -p "$WORK/nginx-cache"
[ "$(id -u)" = 0 ] && chown nobody "$WORK/nginx-cache"   # the workers run as nobody when nginx starts as root
nginx -p "$WORK" -c "$WORK/nginx.conf" & NGINX_PID=$!; pids+=($NGINX_PID)
sed -e "s|@STUB_PORT@|$STUB_PORT|g" "$HERE/peers.vcl" >"$WORK/peers.vcl"
varnishd -F -a 127.0.0.1:$VARNISH_PORT -s malloc,64m -f "$WORK/peers.vcl" -n "$WORK/varnish" >"$WORK/varnish.log" 2>&1 &
VARNISH_PID=$!; pids+=($VARNISH_PID)

systems=(nginx varnish)
declare -A port=([nginx]=$NGINX_PORT [varnish]=$VARNISH_PORT) template index cpu_pids
template=([nginx]="/?i={id}&apikey=$KEY" [varnish]="/?i={id}&apikey=$KEY")
index=([nginx]=1 [varnish]=2)
cinemix() { # NAME PORT REDIS_PORT LOG_LEVEL JAR [JVM flags]: one instance and its redis-server (none for REDIS_PORT -)
  local name=$1 redis_url=
  if [ "$3" != - ]; then
    redis-server --port "$3" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pids+=($!)
    cpu_pids[$name-redis]=$! redis_url=redis://127.0.0.1:$3
    sleep 0.3
  fi
  # shellcheck disable=SC2086 # the flags are words
  PORT=$2 OMDB_API_KEY=$KEY OMDB_BASE_URL=http://127.0.0.1:$STUB_PORT/ REDIS_URL=$redis_url \
    BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1048575 OMDB_DAILY_BUDGET=100000000 LOG_LEVEL=$4 BENCHMARK_BASELINE=true \
    java ${6:-} -jar "$5" >"$WORK/$name.log" 2>&1 & pids+=($!)
  cpu_pids[$name]=$!
  systems+=("$name") port[$name]=$2 template[$name]="/api/v1/search/id/{id}" index[$name]=$((${#systems[@]}))
}
cinemix cinemix-warn 18182 16491 WARN "$JAR"
cinemix cinemix-info 18183 16492 INFO "$JAR"
cinemix cinemix-small 18184 16493 WARN "$JAR" "$SMALL"
[ -n "$TRACING_ABSENT_JAR" ] && cinemix cinemix-untraced 18185 16494 WARN "$TRACING_ABSENT_JAR"
cinemix cinemix-local 18186 - WARN "$JAR"
hit_url() { # the cached title, full plot
  case $1 in cinemix-*) echo "http://127.0.0.1:${port[$1]}/api/v1/search/id/tt0372784?plot=full" ;;
    *) echo "http://127.0.0.1:${port[$1]}/?i=tt0372784&plot=full&apikey=$KEY" ;; esac
}
# Ready: the first 200 on the hit URL of each (polled every 50 ms, at most 60 s); that answer fills its cache.
for s in "${systems[@]}"; do
  for _ in $(seq 1 1200); do curl -fs "$(hit_url "$s")" -o "$WORK/$s.json" && break; sleep 0.05; done
  [ -s "$WORK/$s.json" ] || { echo "$s did not answer" >&2; tail -20 "$WORK"/*.log >&2; exit 1; }
  echo "$s: hit body $(wc -c <"$WORK/$s.json") bytes"
done
GZIP_HEADER='Accept-Encoding: gzip'
curl -fs -D - -o /dev/null -H "$GZIP_HEADER" "$(hit_url cinemix-warn)" | grep -qi '^content-encoding: gzip' \
  || { echo "cinemix-warn does not answer the hit gzipped" >&2; exit 1; }

calls() { curl -fs "http://127.0.0.1:$STUB_PORT/__calls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"])'; }
# CPU time (user + system, clock ticks) of a system's processes (nginx's cache loader exits after a minute: a process
# gone counts nothing).
ticks() {
  local t=0 p
  for p in ${cpu_pids[$1]:-}; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo $t
}
hits() { # NAME ROUND [SYSTEM URL [HEADER]]: wrk; fails if an answer was not 200 or if the stub was called
  local name=$1 system=${3:-$1} out before cpu_before redis_before url=${4:-$(hit_url "$1")}
  local header=(); [ -n "${5:-}" ] && header=(-H "$5")
  before=$(calls) cpu_before=$(ticks "$system") redis_before=$(ticks "$system-redis")
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "${header[@]}" "$url")
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then echo "$name: errors during wrk:" >&2; echo "$out" >&2; exit 1; fi
  [ "$(calls)" = "$before" ] || { echo "$name: the stub was called during the hit phase" >&2; exit 1; }
  echo "$out" | awk -v s="$name" -v r="$2" -v cpu=$(( ($(ticks "$system") - cpu_before) * 1000000 / $(getconf CLK_TCK) )) \
    -v redis=$(( ($(ticks "$system-redis") - redis_before) * 1000000 / $(getconf CLK_TCK) )) \
    '/requests in/ {n=$1} /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    END {printf "{\"system\":\"%s\",\"round\":%s,\"rps\":%s,\"p50\":\"%s\",\"p99\":\"%s\",\"cpu_us_per_request\":%.1f,\"redis_cpu_us_per_request\":%.1f}\n",
         s, r, rps, p50, p99, cpu / n, redis / n}' \
    | tee -a "$WORK/hits.jsonl"
}
n=0
burst() { # SYSTEM OUT
  n=$((n + 1))
  python3 "$HERE/bursts.py" burst "$WORK/burst" "$1" "${port[$1]}" "http://127.0.0.1:$STUB_PORT" "${template[$1]}" \
    "${index[$1]}$(printf %03d $n)" >>"$2"
}

cpu_pids[nginx]="$(pgrep -P $NGINX_PID | xargs)" cpu_pids[varnish]="$(pgrep -P $VARNISH_PID | xargs)"
burst_systems=(nginx varnish cinemix-warn cinemix-info cinemix-small cinemix-local)
# The floor under Cinemix's hit path: its constant baseline endpoint (BENCHMARK_BASELINE) with a body of the hit's size.
baseline_url="http://127.0.0.1:${port[cinemix-warn]}/bench/baseline?bytes=$(wc -c <"$WORK/cinemix-warn.json")"
echo "== warm-up: $WARMUP of wrk and 2 cold bursts on each"
for s in "${systems[@]}"; do wrk -t2 -c64 -d"$WARMUP" "$(hit_url "$s")" >/dev/null; done
wrk -t2 -c64 -d"$WARMUP" -H "$GZIP_HEADER" "$(hit_url cinemix-warn)" >/dev/null
wrk -t2 -c64 -d"$WARMUP" "$baseline_url" >/dev/null
for s in "${burst_systems[@]}"; do burst "$s" "$WORK/warmup.jsonl"; burst "$s" "$WORK/warmup.jsonl"; done
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for s in "${systems[@]}"; do hits "$s" "$round"; done
  hits cinemix-warn-gzip "$round" cinemix-warn "$(hit_url cinemix-warn)" "$GZIP_HEADER"
  hits cinemix-baseline "$round" cinemix-warn "$baseline_url"
  for b in $(seq 1 "$BURSTS"); do for s in "${burst_systems[@]}"; do burst "$s" "$WORK/bursts.jsonl"; done; done
done
echo "== cold bursts, $((ROUNDS * BURSTS)) per system: 200 concurrent requests over 20 new ids, upstream ${STUB_DELAY_MS} ms"
python3 "$HERE/bursts.py" summary "$WORK/bursts.jsonl" | tee "$WORK/bursts-summary.jsonl"
echo "== resident memory after the load, MiB"
rss() { ps -o rss= -p "$(echo "$@" | tr ' ' ',')" | awk '{k += $1} END {printf "%.0f", k / 1024}'; }
{
  echo "{\"system\":\"nginx\",\"rss_mib\":$(rss $NGINX_PID $(pgrep -P $NGINX_PID))}"
  echo "{\"system\":\"varnish\",\"rss_mib\":$(rss $VARNISH_PID $(pgrep -P $VARNISH_PID))}"
  for s in "${systems[@]}"; do
    case $s in cinemix-*) echo "{\"system\":\"$s\",\"rss_mib\":$(rss "${cpu_pids[$s]}"),\"redis_rss_mib\":$([ -n "${cpu_pids[$s-redis]:-}" ] && rss "${cpu_pids[$s-redis]}" || echo 0)}" ;; esac
  done
} | tee "$WORK/rss.jsonl"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== ratios (issue 26), per round where measured per round"
python3 "$HERE/ratios.py" "$WORK/hits.jsonl" "$WORK/bursts-summary.jsonl" "$WORK/rss.jsonl"
