#!/usr/bin/env bash
# L2 hit from a thin client vs a Redis GET of the same bytes (RedisCompareBenchmark).
# Starts a throwaway redis-server on 127.0.0.1 (a free port, no persistence), runs the benchmark,
# stops the server. Installs Debian's redis-server when it is missing. Builds nothing: run
# `./mvnw -q -DskipTests package` first. Extra arguments go to JMH, e.g. -f 1 -wi 3 -i 5 -w 1s -r 2s.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || { echo "missing $JAR: build with ./mvnw -q -DskipTests package" >&2; exit 2; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server not found: installing Debian's package" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq redis-server >/dev/null
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
DIR=$(mktemp -d)
redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --dir "$DIR" --daemonize no \
  --logfile "$DIR/redis.log" &
REDIS_PID=$!
cleanup() { kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

for _ in $(seq 1 50); do
  redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$PORT"

java -Dcarecache.redis.port="$PORT" -cp "$JAR" io.carecache.benchmarks.RedisCompareBenchmark "$@"
