#!/usr/bin/env bash
# The CPU one command costs, side by side (docs/benchmarks.md, "Measuring a change"). For each entry, a fresh
# ledger on its own embedded PostgreSQL, warmed up for 60 s at 8 clients, then the command mix at 32 clients
# for 20 s, twice; prints commands/s and the CPU milliseconds per command of the service process and of every
# PostgreSQL process on the machine (utime + stime from /proc; run nothing else meanwhile).
#   scripts/cost.sh "" "LEDGER_TRACING_ENABLED=true LEDGER_OTLP_EXPORT=false"
#   scripts/cost.sh "JAR=/tmp/before.jar" ""      # another build of the ledger against this one
# An entry is environment assignments for the ledger (JAR=… picks the jar). Compare entries of one run: on
# a small shared machine absolute figures move by a third between runs, ratios within a run much less.
# COST_WARMUP (seconds at 8 clients, 60) and COST_ROUNDS (windows of 20 s per entry, 2): a longer warm-up lets
# the JIT compilers finish, whose work otherwise lands in the first windows (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/select-jdk.sh
JAVA="$(select_jdk)/bin/java"
BENCH=services/ledger-bench/target/ledger-bench-0.1.0.jar
[ -f "$BENCH" ] && [ -f services/ledger/target/ledger-0.1.0.jar ] || ./mvnw -q -B -DskipTests package -pl services/ledger,services/ledger-bench -am
PORT=${COST_PORT:-18383}
WORK=target/cost
ticks() { # utime+stime in ms: of one pid, or (no argument) of every process named postgres
  python3 - "$@" <<'PY'
import os, sys
hz = os.sysconf('SC_CLK_TCK'); total = 0
pids = sys.argv[1:] or [p for p in os.listdir('/proc') if p.isdigit()]
for p in pids:
    try:
        stat = open(f'/proc/{p}/stat').read()
    except OSError:
        continue
    if not sys.argv[1:] and 'postgres' not in stat[stat.index('(') + 1:stat.rindex(')')]:
        continue
    fields = stat[stat.rindex(')') + 2:].split()
    total += int(fields[11]) + int(fields[12])
print(total * 1000 // hz)
PY
}
jit_ticks() { # utime+stime in ms of one JVM's JIT compiler threads
  python3 - "$1" <<'PY'
import os, sys
hz = os.sysconf('SC_CLK_TCK'); total = 0
tasks = f'/proc/{sys.argv[1]}/task'
for t in os.listdir(tasks):
    try:
        stat = open(f'{tasks}/{t}/stat').read()
    except OSError:
        continue
    if 'Compiler' in stat[stat.index('(') + 1:stat.rindex(')')]:
        fields = stat[stat.rindex(')') + 2:].split()
        total += int(fields[11]) + int(fields[12])
print(total * 1000 // hz)
PY
}
for entry in "$@"; do
  echo "=== ${entry:-defaults}"
  rm -rf "$WORK" && mkdir -p "$WORK"
  jar=services/ledger/target/ledger-0.1.0.jar
  for assignment in $entry; do [ "${assignment%%=*}" = JAR ] && jar=${assignment#JAR=}; done
  env $entry LEDGER_DATA_DIR="$WORK/data" LEDGER_EMBEDDED_DB_PORT=$((PORT + 1)) MALLOC_ARENA_MAX=2 \
    "$JAVA" @services/ledger/jvm.args -jar "$jar" --server.port=$PORT > "$WORK/ledger.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf "localhost:$PORT/actuator/health" > /dev/null && break; sleep 1; done
  "$JAVA" -jar "$BENCH" load "http://localhost:$PORT" 8 "${COST_WARMUP:-60}" > /dev/null 2>&1
  for round in $(seq 1 "${COST_ROUNDS:-2}"); do
    service0=$(ticks $pid); postgres0=$(ticks); jit0=$(jit_ticks $pid)
    line=$("$JAVA" -jar "$BENCH" load "http://localhost:$PORT" 32 20 2>&1 | grep -E 'clients: [0-9,]+ commands/s' | tail -1)
    service1=$(ticks $pid); postgres1=$(ticks); jit1=$(jit_ticks $pid)
    rate=$(grep -oE '[0-9,]+ commands/s' <<< "$line" | grep -oE '[0-9,]+' | tr -d ,)  # 1,792 commands/s
    commands=$((rate * 20))
    python3 -c "print('  32 clients: %s commands/s, service %.2f ms (JIT %.2f), PostgreSQL %.2f ms of CPU per command' % ($rate, ($service1 - $service0) / $commands, ($jit1 - $jit0) / $commands, ($postgres1 - $postgres0) / $commands))"
  done
  kill $pid; wait $pid 2> /dev/null || true
done
