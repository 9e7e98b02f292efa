#!/usr/bin/env bash
# Peer benchmark (issue 17): Cinemix against nginx proxy_cache and Varnish, each in front of the same OMDb stub
# (benchmarks/load/omdb_stub.py, STUB_DELAY_MS, default 200 ms), with the same clients, on one machine, in one run.
#   benchmarks/peers/run.sh [cinemix-app/target/cinemix-app.jar]      (./mvnw -B -DskipTests package first)
# Systems, on loopback ports: nginx (nginx.conf), Varnish (peers.vcl, -s malloc,64m), and Cinemix twice, each with
# its own redis-server: at LOG_LEVEL=WARN (no line per request) and at INFO (one access line per request). The
# proxies cache OMDb's own URL space (/?i=<id>&apikey=...); Cinemix is asked /api/v1/search/id/<id>.
# Also, as the floor under Cinemix's hit path, its constant baseline endpoint at WARN, with the CPU per request of each.
# After a warm-up (WARMUP of wrk and 2 cold bursts on each), ROUNDS (2) rounds, the systems interleaved within each:
# (a) cached details: wrk -t2 -c64 -d$DURATION (10s) --latency on each; (b) BURSTS (3) cold bursts on each, one
# system after the other: 200 concurrent requests over 20 new ids (benchmarks/peers/bursts.py and the C client
# benchmarks/load/burst.c); then (c) the resident memory of each. Needs nginx, varnishd, wrk, redis-server, java,
# python3, curl and cc (apt-get install -y nginx varnish wrk).
set -euo pipefail
JAR=${1:-cinemix-app/target/cinemix-app.jar}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-2}
BURSTS=${BURSTS:-3}
STUB_DELAY_MS=${STUB_DELAY_MS:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
LOAD=$HERE/../load
WORK=$(mktemp -d)
chmod 755 "$WORK"   # nginx workers (nobody) and the Varnish child (vcache) read configs and write under it
STUB_PORT=18189 NGINX_PORT=18180 VARNISH_PORT=18181 WARN_PORT=18182 INFO_PORT=18183 REDIS_WARN=16491 REDIS_INFO=16492
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
[ -f "$JAR" ] || { echo "no jar at $JAR: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
cc -O2 -o "$WORK/burst" "$LOAD/burst.c"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uname -sr)"
echo "versions: $(nginx -v 2>&1 | cut -d' ' -f3); $(varnishd -V 2>&1 | head -1 | grep -o 'varnish-[0-9.]*');" \
  "$(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f3)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

STUB_DELAY_MS=$STUB_DELAY_MS python3 "$LOAD/omdb_stub.py" $STUB_PORT & pids+=($!)
sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@STUB_PORT@|$STUB_PORT|g" "$HERE/nginx.conf" >"$WORK/nginx.conf"
mkdir -p "$WORK/nginx-cache"
[ "$(id -u)" = 0 ] && chown nobody "$WORK/nginx-cache"   # the workers run as nobody when nginx starts as root
nginx -p "$WORK" -c "$WORK/nginx.conf" & NGINX_PID=$!; pids+=($NGINX_PID)
sed -e "s|@STUB_PORT@|$STUB_PORT|g" "$HERE/peers.vcl" >"$WORK/peers.vcl"
varnishd -F -a 127.0.0.1:$VARNISH_PORT -s malloc,64m -f "$WORK/peers.vcl" -n "$WORK/varnish" >"$WORK/varnish.log" 2>&1 &
VARNISH_PID=$!; pids+=($VARNISH_PID)
cinemix() { # PORT REDIS_PORT LEVEL
  redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >/dev/null & pids+=($!)
  sleep 0.3
  PORT=$1 OMDB_API_KEY=$KEY OMDB_BASE_URL=http://127.0.0.1:$STUB_PORT/ REDIS_URL=redis://127.0.0.1:$2 \
    BUCKET_SIZE=1 WINDOW_SIZE=2 MAX_THRESHOLD=1048575 OMDB_DAILY_BUDGET=100000000 LOG_LEVEL=$3 BENCHMARK_BASELINE=true \
    java -jar "$JAR" >"$WORK/cinemix-$3.log" 2>&1 & pids+=($!)
}
cinemix $WARN_PORT $REDIS_WARN WARN; WARN_PID=${pids[-1]} WARN_REDIS_PID=${pids[-2]}
cinemix $INFO_PORT $REDIS_INFO INFO; INFO_PID=${pids[-1]} INFO_REDIS_PID=${pids[-2]}

systems=(nginx varnish cinemix-warn cinemix-info)
declare -A port=([nginx]=$NGINX_PORT [varnish]=$VARNISH_PORT [cinemix-warn]=$WARN_PORT [cinemix-info]=$INFO_PORT)
declare -A template=([nginx]="/?i={id}&apikey=$KEY" [varnish]="/?i={id}&apikey=$KEY"
  [cinemix-warn]="/api/v1/search/id/{id}" [cinemix-info]="/api/v1/search/id/{id}")
declare -A index=([nginx]=1 [varnish]=2 [cinemix-warn]=3 [cinemix-info]=4)
hit_url() { echo "http://127.0.0.1:${port[$1]}${template[$1]/\{id\}/tt0372784}"; }
# Ready: the first 200 on the hit URL of each (polled every 50 ms, at most 60 s); that answer fills its cache.
for s in "${systems[@]}"; do
  for _ in $(seq 1 1200); do curl -fs "$(hit_url "$s")" -o "$WORK/$s.json" && break; sleep 0.05; done
  [ -s "$WORK/$s.json" ] || { echo "$s did not answer" >&2; tail -20 "$WORK"/*.log >&2; exit 1; }
  echo "$s: hit body $(wc -c <"$WORK/$s.json") bytes"
done

calls() { curl -fs "http://127.0.0.1:$STUB_PORT/__calls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"])'; }
# CPU time (user + system, clock ticks) of a system's processes: nginx's workers, Varnish's child, the JVM; and
# apart, the CPU of Cinemix's redis-server.
declare -A cpu_pids
ticks() { # (nginx's cache loader exits after a minute: a process gone counts nothing)
  local t=0 p
  for p in ${cpu_pids[$1]:-}; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo $t
}
hits() { # SYSTEM LABEL [URL]: wrk on the hit URL; fails if an answer was not 200 or if the stub was called
  local out before cpu_before url=${3:-$(hit_url "$1")}
  before=$(calls) cpu_before=$(ticks "$1") redis_before=$(ticks "$1-redis")
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$url")
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then echo "$1: errors during wrk:" >&2; echo "$out" >&2; exit 1; fi
  [ "$(calls)" = "$before" ] || { echo "$1: the stub was called during the hit phase" >&2; exit 1; }
  echo "$out" | awk -v s="$1" -v r="$2" -v cpu=$(( ($(ticks "$1") - cpu_before) * 1000000 / $(getconf CLK_TCK) )) \
    -v redis=$(( ($(ticks "$1-redis") - redis_before) * 1000000 / $(getconf CLK_TCK) )) \
    '/requests in/ {n=$1} /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    END {printf "{\"system\":\"%s\",\"round\":\"%s\",\"rps\":%s,\"p50\":\"%s\",\"p99\":\"%s\",\"cpu_us_per_request\":%.1f,\"redis_cpu_us_per_request\":%.1f}\n",
         s, r, rps, p50, p99, cpu / n, redis / n}' \
    | tee -a "$WORK/hits.jsonl"
}
n=0
burst() { # SYSTEM OUT
  n=$((n + 1))
  python3 "$HERE/bursts.py" burst "$WORK/burst" "$1" "${port[$1]}" "http://127.0.0.1:$STUB_PORT" "${template[$1]}" \
    "${index[$1]}$(printf %03d $n)" >>"$2"
}

cpu_pids=([nginx]="$(pgrep -P $NGINX_PID | xargs)" [varnish]="$(pgrep -P $VARNISH_PID | xargs)"
  [cinemix-warn]=$WARN_PID [cinemix-info]=$INFO_PID [cinemix-baseline]=$WARN_PID
  [cinemix-warn-redis]=$WARN_REDIS_PID [cinemix-info-redis]=$INFO_REDIS_PID [cinemix-baseline-redis]=$WARN_REDIS_PID)
# The floor under Cinemix's hit path: its constant baseline endpoint (BENCHMARK_BASELINE) with a body of the hit's size.
baseline_url="http://127.0.0.1:$WARN_PORT/bench/baseline?bytes=$(wc -c <"$WORK/cinemix-warn.json")"
echo "== warm-up: $WARMUP of wrk and 2 cold bursts on each"
for s in "${systems[@]}"; do
  wrk -t2 -c64 -d"$WARMUP" "$(hit_url "$s")" >/dev/null
  burst "$s" "$WORK/warmup.jsonl"; burst "$s" "$WORK/warmup.jsonl"
done
wrk -t2 -c64 -d"$WARMUP" "$baseline_url" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for s in "${systems[@]}"; do hits "$s" "$round"; done
  hits cinemix-baseline "$round" "$baseline_url"
  for b in $(seq 1 "$BURSTS"); do for s in "${systems[@]}"; do burst "$s" "$WORK/bursts.jsonl"; done; done
done
echo "== cold bursts, $((ROUNDS * BURSTS)) per system: 200 concurrent requests over 20 new ids, upstream ${STUB_DELAY_MS} ms"
python3 "$HERE/bursts.py" summary "$WORK/bursts.jsonl"
echo "== resident memory after the load, MiB"
rss() { ps -o rss= -p "$(echo "$@" | tr ' ' ',')" | awk '{k += $1} END {printf "%.0f", k / 1024}'; }
echo "nginx (master and workers): $(rss $NGINX_PID $(pgrep -P $NGINX_PID))"
echo "varnish (manager and child): $(rss $VARNISH_PID $(pgrep -P $VARNISH_PID))"
echo "cinemix-warn: java $(rss $WARN_PID), redis $(rss $WARN_REDIS_PID)"
echo "cinemix-info: java $(rss $INFO_PID), redis $(rss $INFO_REDIS_PID)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
