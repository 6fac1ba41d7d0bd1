#!/usr/bin/env bash
# The benchmark harness (docs/benchmarks.md): builds the jars, then measures.
#   scripts/bench.sh quick   small sizes, a couple of minutes; report in target/bench-quick/
#   scripts/bench.sh full    the committed numbers: 1M events, ~15 min; rewrites docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
./mvnw -q -B -DskipTests package -pl services/ledger-bench -am
. .mvn/select-jdk.sh   # the jars need Java 21 or newer, as ./mvnw does
JAVA_HOME="$(select_jdk)"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar services/ledger-bench/target/ledger-bench-0.1.0.jar "$mode" .
