package org.coordination.ledger.subscriber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What a test that runs the subscriber in its own JVM sets up: a real broker, and a database of its own. */
final class InProcessSubscriber {

    private InProcessSubscriber() {
    }

    /** A one-node KRaft broker, started, whose topics get {@code partitions} partitions. */
    static EmbeddedKafkaKraftBroker broker(int partitions) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.afterPropertiesSet();
        return broker;
    }

    /** The subscriber on {@code broker}, with an embedded PostgreSQL in a fresh directory under target/ named {@code name}-…. */
    static void register(DynamicPropertyRegistry registry, EmbeddedKafkaKraftBroker broker, String name) throws IOException {
        Path data = Files.createTempDirectory(Path.of("target"), name + "-");
        registry.add("subscriber.embedded-postgres.data-directory", data::toString);
        registry.add("subscriber.embedded-postgres.port", () -> "0");
        registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
    }
}
