#!/usr/bin/env bash
# A real Kafka 4.1 broker (KRaft, no ZooKeeper, no Docker) on localhost:9092 (KAFKA_PORT), from Maven Central's jars.
#   scripts/kafka.sh                 start it in the foreground (Ctrl-C stops it); data in .ledger/kafka
#   scripts/kafka.sh watch           print the ledger's topic as it arrives (CloudEvents headers and JSON)
# Then run the ledger with LEDGER_KAFKA_BOOTSTRAP_SERVERS=localhost:9092 (or the KAFKA_PORT given).
# Environment (for when 9092 or 9093 is taken, e.g. by another broker):
#   KAFKA_PORT=9092                  the port clients use (the ledger, the subscriber, `watch`)
#   KAFKA_CONTROLLER_PORT=9093       the KRaft controller's port, used by the broker itself only
#   LEDGER_KAFKA_TOPIC               the topic `watch` prints (default coordination-ledger.events.v2)
set -euo pipefail
cd "$(dirname "$0")/.."
home=.ledger/kafka
libs=$home/libs
topic=${LEDGER_KAFKA_TOPIC:-coordination-ledger.events.v2}
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}

if [ ! -d "$libs" ]; then
    echo "Fetching the Kafka broker's jars into $libs …"
    ./mvnw -q -B -f scripts/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$libs"
fi

if [ "${1:-}" = "watch" ]; then
    exec java -cp "$libs/*" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "localhost:$port" \
        --topic "$topic" --from-beginning --property print.key=true --property print.headers=true
fi

mkdir -p "$home/data"
cat > "$home/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$controller_port
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$controller_port
advertised.listeners=PLAINTEXT://localhost:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$PWD/$home/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
num.partitions=6
PROPERTIES
if [ ! -f "$home/data/meta.properties" ]; then
    cluster=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid)
    java -cp "$libs/*" kafka.tools.StorageTool format -t "$cluster" -c "$home/server.properties" > /dev/null
fi
echo "Kafka on localhost:$port (data in $home/data). Run the ledger with LEDGER_KAFKA_BOOTSTRAP_SERVERS=localhost:$port"
exec java -Xmx512m -cp "$libs/*" kafka.Kafka "$home/server.properties"
