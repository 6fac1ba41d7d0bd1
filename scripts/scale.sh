#!/usr/bin/env bash
# Throughput and CPU per command with 1, 2 and 3 ledger instances on one PostgreSQL (docs/scaling.md).
# Needs the jars: ./mvnw -DskipTests package -pl services/ledger-bench -am, JDK 21 or newer (JAVA_HOME or the
# PATH), and curl, python3 and bc (Debian: apt-get install curl python3 bc).
# Usage: scripts/scale.sh            (about 8 minutes; prints one line per configuration)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JAR=services/ledger/target/ledger-0.1.0.jar
BENCH=services/ledger-bench/target/ledger-bench-0.1.0.jar
WORK=target/scale-work
PG_PORT=${PG_PORT:-5499}
rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
trap 'kill ${PIDS[@]:-} 2>/dev/null || true' EXIT

start() { # port [database url]: a ledger instance; the first one starts the embedded PostgreSQL the others share
  local port=$1 env=()
  if [ $# -gt 1 ]; then env=(LEDGER_DB_URL="$2" LEDGER_DB_USER=postgres LEDGER_DB_PASSWORD=); fi
  env MALLOC_ARENA_MAX=2 LEDGER_DATA_DIR="$WORK/data" LEDGER_EMBEDDED_DB_PORT=$PG_PORT "${env[@]}" \
    nohup "$JAVA" @services/ledger/jvm.args -Daxoniq.update-checker.disabled=true -jar "$JAR" --server.port="$port" > "$WORK/ledger-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 180); do
    curl -sf "localhost:$port/actuator/health" > /dev/null && return
    kill -0 "${PIDS[-1]}" 2> /dev/null || break   # it exited (e.g. a JDK older than 21)
    sleep 1
  done
  echo "instance on $port did not start; see $WORK/ledger-$port.log" >&2; exit 1
}
cpu() { # CPU ms of the given processes, and of every PostgreSQL process
  python3 - "$@" <<'PY'
import os, sys
hz = os.sysconf('SC_CLK_TCK'); service = 0; postgres = 0; pids = set(sys.argv[1:])
for p in os.listdir('/proc'):
    if not p.isdigit(): continue
    try: stat = open(f'/proc/{p}/stat').read()
    except OSError: continue
    name = stat[stat.index('(') + 1:stat.rindex(')')]; f = stat[stat.rindex(')') + 2:].split()
    if p in pids: service += int(f[11]) + int(f[12])
    elif 'postgres' in name: postgres += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
print(service * 1000 // hz, postgres * 1000 // hz)
PY
}
measure() { # label "port:clients ..."
  local label=$1 total=0 s1 g1 s2 g2 loads=()
  read -r s1 g1 < <(cpu "${PIDS[@]}")
  for target in $2; do
    "$JAVA" -jar "$BENCH" load "http://localhost:${target%%:*}" "${target##*:}" 20 > "$WORK/load-${target%%:*}.out" 2>&1 &
    loads+=($!)
  done
  wait "${loads[@]}"
  read -r s2 g2 < <(cpu "${PIDS[@]}")
  for target in $2; do total=$((total + $(grep -o '[0-9,]* commands/s' "$WORK/load-${target%%:*}.out" | tail -1 | cut -d' ' -f1 | tr -d ,))); done
  echo "$label: $total commands/s; service $(echo "scale=2; ($s2 - $s1) / ($total * 20)" | bc) ms, PostgreSQL $(echo "scale=2; ($g2 - $g1) / ($total * 20)" | bc) ms of CPU per command"
}
warm() { "$JAVA" -jar "$BENCH" load "http://localhost:$1" 8 "$2" > /dev/null 2>&1; }

URL="jdbc:postgresql://localhost:$PG_PORT/postgres"
start 18282; warm 18282 60
measure "1 instance, 32 clients" "18282:32"
start 18283 "$URL"; start 18284 "$URL"; warm 18283 90; warm 18284 90
measure "1 instance of 3 running, 32 clients" "18282:32"
measure "2 instances, 16 clients each" "18282:16 18283:16"
measure "3 instances, 11+11+10 clients" "18282:11 18283:11 18284:10"
measure "1 instance of 3 running, 32 clients (again)" "18282:32"
