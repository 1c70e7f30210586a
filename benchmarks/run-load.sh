#!/usr/bin/env bash
# Load generator on loopback: MEMBERS (default 3) `serve` processes of the shaded node jar and one
# `loadgen` client process; stops everything at the end, bounded in time (MAX_SECONDS for the
# client, default 600). The first member runs the embedded development MongoDB store; the others
# use it through MONGODB_URI, so the cluster shares one L3 as a real deployment would.
# Builds nothing: run `./mvnw -q -DskipTests package` first. Arguments go to `loadgen`
# (default: --scenario all --json); see `java -jar node/target/carecache-node.jar loadgen --help`.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=node/target/carecache-node.jar
[ -f "$JAR" ] || { echo "missing $JAR: build with ./mvnw -q -DskipTests package" >&2; exit 2; }
MEMBERS=${MEMBERS:-3}
MAX_SECONDS=${MAX_SECONDS:-600}
MEMBER_HEAP=${MEMBER_HEAP:-768m}
WORK=$(mktemp -d)
CLUSTER="loadgen-$$-$RANDOM"
JAVA_OPTS=(-Dhazelcast.phone.home.enabled=false -Djava.net.preferIPv4Stack=true -XX:+UseG1GC)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

PORTS=()
for i in $(seq 1 "$MEMBERS"); do PORTS+=("$(free_port)"); done
ADDRESSES=$(printf '127.0.0.1:%s,' "${PORTS[@]}"); ADDRESSES=${ADDRESSES%,}

wait_for() { # file pattern what
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "timed out waiting for $3; its log:" >&2; tail -50 "$1" >&2; return 1
}

start_member() { # index mongo-uri-or-empty
  local i=$1 dir="$WORK/member-$1"
  mkdir -p "$dir"
  env -u MONGODB_URI CARECACHE_CLUSTER_NAME="$CLUSTER" CARECACHE_MEMBER_PORT="${PORTS[$((i-1))]}" \
    CARECACHE_CLUSTER_MEMBERS="$ADDRESSES" CARECACHE_HEALTH_PORT=0 CARECACHE_EMBEDDED_DATA_DIR="$dir/data" \
    ${2:+MONGODB_URI="$2"} \
    java -Xms"$MEMBER_HEAP" -Xmx"$MEMBER_HEAP" "${JAVA_OPTS[@]}" -jar "$JAR" serve >"$dir/out.log" 2>&1 &
  PIDS+=($!)
}

start_member 1 ""
wait_for "$WORK/member-1/out.log" "CareCache node ready" "member 1"
MONGO_URI=$(grep -o 'mongodb://127.0.0.1:[0-9]*' "$WORK/member-1/out.log" | head -1)
for i in $(seq 2 "$MEMBERS"); do start_member "$i" "$MONGO_URI"; done
for i in $(seq 2 "$MEMBERS"); do wait_for "$WORK/member-$i/out.log" "CareCache node ready" "member $i"; done
echo "$MEMBERS members ready ($ADDRESSES, L3 $MONGO_URI); load: $(cut -d' ' -f1-3 /proc/loadavg)"

ARGS=("$@"); [ ${#ARGS[@]} -gt 0 ] || ARGS=(--scenario all --json)
timeout --signal=TERM $((MAX_SECONDS + 60)) java -Xmx1g "${JAVA_OPTS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -jar "$JAR" loadgen --members "$ADDRESSES" --cluster "$CLUSTER" --max-seconds "$MAX_SECONDS" "${ARGS[@]}"
