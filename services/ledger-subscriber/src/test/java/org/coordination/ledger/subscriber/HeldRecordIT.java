package org.coordination.ledger.subscriber;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A record the subscriber cannot apply is held, never skipped (real broker, real PostgreSQL). Here it is an event of the
 * ledger's namespace this subscriber does not know (a newer release's): it is retried, the same record, well over the
 * ten attempts after which Spring Kafka's default handler would skip it; it is neither recorded as processed nor counted
 * in its stream; the good record after it on its partition is not applied and the group's committed offset stays at it;
 * health names it. The records before it are applied, a record whose type is not the ledger's among them (passed over).
 *
 * <p>The subscriber starts before the ledger created its topics: it waits, and the broker does not create them for it
 * (which would give them the broker's defaults, 7 days' retention, that the ledger would never correct).
 */
@SpringBootTest(properties = {"subscriber.retry.initial-interval=50ms", "subscriber.retry.max-interval=200ms"})
@DirtiesContext
class HeldRecordIT {

    static final EmbeddedKafkaKraftBroker BROKER = InProcessSubscriber.broker(1);
    static final String TOPIC = "coordination-ledger.events.v2";
    static final String CHECKPOINTS = "coordination-ledger.checkpoints.v1";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        InProcessSubscriber.register(registry, BROKER, "held-subscriber-pg");
        // the witness on too, so that its consumer would make the checkpoint topic as well
        registry.add("subscriber.witness.log-keys", () -> NoteKeys.signer(NoteKeys.generateSigner("ledger.example/held")).verifier().text());
    }

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HeldRecords held;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Value("${spring.kafka.consumer.group-id}")
    String group;

    @Test
    void aLedgerEventTheSubscriberDoesNotKnowIsHeldAndNothingAfterItIsApplied() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", BROKER.getBrokersAsString()))) {
            await("the listeners running").atMost(30, SECONDS)
                    .until(() -> listeners.getListenerContainers().stream().allMatch(container -> container.isRunning()));
            Thread.sleep(1500); // their consumers have asked the broker for the topics by now
            assertThat(admin.listTopics().names().get()).as("topics the subscriber's consumers made the broker create")
                    .doesNotContain(TOPIC, CHECKPOINTS);

            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            String before = id();
            String foreign = id();
            String unknown = id();
            String after = id();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(record(before, "Force", "held-before", "org.coordination.ledger.ForceEstablished.v1", "0",
                        PollBatchIT.force("held-before"))).get();
                producer.send(record(foreign, "Force", "not-the-ledgers", "com.example.SomethingElse.v1", "0", "{}")).get();
                producer.send(record(unknown, "Mandate", "from-the-future", "org.coordination.ledger.MandateRenegotiated.v1", "0", "{}")).get();
                producer.send(record(after, "Force", "held-after", "org.coordination.ledger.ForceEstablished.v1", "0",
                        PollBatchIT.force("held-after"))).get();
            }

            // 15 attempts at 50 to 200 ms apart; the default handler would have skipped it after 10 and applied the next
            await("the unknown event retried 15 times, or the record after it applied").atMost(15, SECONDS).pollInterval(100, MILLISECONDS)
                    .until(() -> attempts() >= 15 || processed(after));

            assertThat(processed(after)).as("the record after the held one is applied").isFalse();
            assertThat(processed(before)).isTrue();
            assertThat(processed(foreign)).as("a record whose type is not the ledger's is passed over").isTrue();
            assertThat(processed(unknown)).as("the unknown event is recorded as processed").isFalse();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM stream_position WHERE aggregate_id IN ('from-the-future', 'held-after')",
                    Long.class)).as("positions of the held stream and of the one after it").isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM stream_position WHERE aggregate_id = 'held-before'", Long.class)).isOne();
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(TOPIC, 0));
            assertThat(committed).as("the group's committed offset").isNotNull();
            assertThat(committed.offset()).as("the group's committed offset: the held record's, not past it").isEqualTo(2);

            Health health = held.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            HeldRecords.Held at = held.held().get(new TopicPartition(TOPIC, 0));
            assertThat(at.offset()).isEqualTo(2);
            assertThat(at.eventId()).isEqualTo(unknown);
            assertThat(at.error()).contains("MandateRenegotiated", "does not know");
        }
    }

    int attempts() {
        HeldRecords.Held at = held.held().get(new TopicPartition(TOPIC, 0));
        return at == null ? 0 : at.attempts();
    }

    boolean processed(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM processed_event WHERE event_id = ?", Long.class, eventId) == 1;
    }

    static ProducerRecord<String, byte[]> record(String eventId, String kind, String id, String type, String sequence, String payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, 0, kind + ":" + id, payload.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", ("/coordination-ledger/" + kind + "/" + id).getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_subject", id.getBytes(StandardCharsets.UTF_8))
                .add("ce_aggregatetype", kind.getBytes(StandardCharsets.UTF_8))
                .add("ce_sequence", sequence.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    static String id() {
        return UUID.randomUUID().toString();
    }
}
