#!/usr/bin/env bash
# Usage: scripts/aot-cache.sh <java home> <ledger jar> <destination>
#
# The ledger's jar in the form that starts fastest (docs/operations.md, "Starting faster"): Spring Boot's extracted
# layout in <destination> (plain jars, so the JVM's own class loader reads them: about an eighth off the start), and
# on Java 25 or newer an AOT cache of the classes a start loads and links (JEP 483/514: the start about halved again),
# made by a training run: the ledger started on its embedded PostgreSQL under <destination>, until it has started,
# then stopped with SIGTERM, which writes the cache as the JVM exits. <destination>/java.args then holds the launch
# arguments, for `java @<destination>/java.args [arguments]`.
#
# The build runs it before the integration tests, which start the jar many times; a cache is only good for the jar
# and the Java it was made with, and is ignored (the start merely slower) where it does not fit.
set -euo pipefail

java_home=$1
jar=$(realpath "$2")
destination=$3
java="$java_home/bin/java"
name=$(basename "$jar" .jar)

rm -rf "$destination"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$destination" >/dev/null
destination=$(realpath "$destination")
extracted="$destination/$name.jar"

major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
if [ "${major%%.*}" -lt 25 ]; then
    echo "aot-cache: Java $major has no AOT cache in one run (25 or newer): the extracted layout alone"
    printf '%s\n' -jar "$extracted" > "$destination/java.args"
    exit 0
fi

cache="$destination/$name.aot"
log="$destination/training.log"
# the training run sees none of the caller's LEDGER_* and SPRING_* settings (a database URL, Kafka, the prod
# profile): the embedded defaults
unset $(env | sed -n 's/^\(\(LEDGER\|SPRING\)_[A-Z0-9_]*\)=.*/\1/p') 2>/dev/null || true
"$java" -XX:AOTCacheOutput="$cache" -Daxoniq.update-checker.disabled=true -jar "$extracted" \
    --server.port=0 --ledger.embedded-postgres.port=0 --ledger.embedded-postgres.data-directory="$destination/training-pg" \
    >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
    if grep -q "Started LedgerApplication" "$log" || ! kill -0 "$pid" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
if grep -q "Started LedgerApplication" "$log"; then
    kill -TERM "$pid"   # a graceful stop: the embedded PostgreSQL is stopped, then the JVM writes the cache
fi
wait "$pid" || true
rm -rf "$destination/training-pg"
if [ -s "$cache" ]; then
    printf '%s\n' "-XX:AOTCache=$cache" -jar "$extracted" > "$destination/java.args"
    echo "aot-cache: $cache ($(du -m "$cache" | cut -f1) MB) for $extracted"
else
    echo "aot-cache: the training run made no cache (see $log): the extracted layout alone" >&2
    printf '%s\n' -jar "$extracted" > "$destination/java.args"
fi
