#!/usr/bin/env bash
# Builds the container image (./mvnw -Pimage), loads it into Podman and checks it against a real redis-server and
# the OMDb stub (benchmarks/load/omdb_stub.py), all on loopback with --network=host: a details miss then a hit,
# /health 200, the image's healthcheck, a graceful SIGTERM stop. Prints the image size, the time from `podman run`
# to the first /health 200 and the RSS after the checks. Needs root (Podman as root), python3, curl, redis-server.
# Not part of ./mvnw -B verify. SKIP_BUILD=1 reuses cinemix-app/target/cinemix-image.tar. Podman without systemd
# logs "unable to get systemd connection to add healthchecks": it cannot schedule the healthcheck; the script runs
# it once itself (podman healthcheck run). SIGTERM: the JVM runs Micronaut's shutdown and exits 143 (128 + 15).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null
fi
work=$(mktemp -d)
# On these machines: crun cannot run ("cgroups in hybrid mode not supported"), nor can the default ulimits be set.
printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n' > "$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
pod() { podman --runtime runc "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
fail() { echo "FAIL: $*" >&2; exit 1; }

name=cinemix-check-$$
redis_pid='' stub_pid=''
cleanup() {
  pod rm -f "$name" >/dev/null 2>&1 || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true
  [ -n "$stub_pid" ] && kill "$stub_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -Pimage -DskipTests package -pl cinemix-app -am
fi
tar=cinemix-app/target/cinemix-image.tar
pod load -q -i "$tar"

# compose.yaml's shape is checked by ComposeFileTest; here podman-compose (Debian's 1.0.3 has no `config`) parses it.
if command -v podman-compose >/dev/null; then
  podman-compose --dry-run -f compose.yaml up >/dev/null || fail "podman-compose cannot read compose.yaml"
fi

redis_port=$(free_port) stub_port=$(free_port) app_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
python3 benchmarks/load/omdb_stub.py "$stub_port" >"$work/stub.log" 2>&1 &
stub_pid=$!
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

probe=(/opt/java/bin/java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m -XX:-UsePerfData
       -cp /app/classes io.cinemix.app.HealthProbe)
start=$(now_ms)
pod run -d --name "$name" --network=host --memory=512m \
    -e PORT="$app_port" -e OMDB_API_KEY=container-check-key -e OMDB_BASE_URL="http://127.0.0.1:$stub_port/" \
    -e REDIS_URL="redis://127.0.0.1:$redis_port" \
    --health-cmd "$(printf '["%s"' "${probe[0]}"; printf ',"%s"' "${probe[@]:1}"; printf ']')" \
    --health-interval 30s --health-timeout 5s --health-start-period 20s \
    localhost/cinemix:latest >/dev/null
base=http://127.0.0.1:$app_port
for _ in $(seq 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ] && break
  sleep 0.05
done
ready=$(( $(now_ms) - start ))
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ] || { pod logs "$name"; fail "/health is not 200"; }

status() { curl -si "$base/api/v1/search/id/tt0372784" | tr -d '\r' | grep -i '^cache-status:' || true; }
first=$(status) second=$(status)
echo "$first" | grep -q 'fwd=miss; stored' || fail "first lookup: '$first', expected a stored miss"
echo "$second" | grep -q 'cinemix; hit' || fail "second lookup: '$second', expected a hit"
redis-cli -p "$redis_port" exists movie_tt0372784 | grep -q 1 || fail "movie_tt0372784 is not in Redis"
pod healthcheck run "$name" >/dev/null || fail "the image's healthcheck fails on a healthy app"

pid=$(pod inspect --format '{{.State.Pid}}' "$name")
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
user=$(awk '/^Uid/ {print $2}' "/proc/$pid/status")
[ "$user" = 65532 ] || fail "the app runs as uid $user, not 65532"

stop_start=$(now_ms)
pod stop -t 15 "$name" >/dev/null
stopped=$(( $(now_ms) - stop_start ))
code=$(pod inspect --format '{{.State.ExitCode}}' "$name")
[ "$code" = 0 ] || [ "$code" = 143 ] || { pod logs "$name"; fail "exit code $code after SIGTERM"; }
pod logs "$name" 2>&1 | grep -q ' ERROR ' && { pod logs "$name"; fail "ERROR lines in the log"; }
pod logs "$name" 2>&1 | grep -q 'Embedded Application shutting down' || fail "no graceful shutdown in the log"

echo "checks: details miss then hit (Cache-Status), /health 200, healthcheck, uid 65532, SIGTERM stop: OK"
echo "image: localhost/cinemix:latest, $(pod image inspect --format '{{.Size}}' localhost/cinemix:latest | awk '{printf "%.1f MB", $1/1e6}') unpacked, $(du -m "$tar" | cut -f1) MB tarball"
echo "podman run to first /health 200: ${ready} ms"
echo "RSS after the checks: $(( rss_kb / 1024 )) MiB (container memory limit 512m)"
echo "podman stop (SIGTERM): exit code $code after ${stopped} ms; last log lines:"
pod logs "$name" 2>&1 | tail -n 3
