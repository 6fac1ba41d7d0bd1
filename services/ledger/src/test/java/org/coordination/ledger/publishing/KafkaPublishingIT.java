package org.coordination.ledger.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every event of the seed story reaches a real Kafka broker (KRaft), as CloudEvents, in store order per aggregate. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public class KafkaPublishingIT {

    public static final String TOPIC = "coordination-ledger.events.v2";
    static final EmbeddedKafkaKraftBroker BROKER = start();

    public static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        return broker;
    }

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        register(registry, BROKER);
    }

    /** A ledger of its own on the embedded database, publishing to {@code broker}. */
    public static void register(DynamicPropertyRegistry registry, EmbeddedKafkaKraftBroker broker) {
        EmbeddedLedgerDatabase.register(registry);
        registry.add("ledger.kafka.bootstrap-servers", broker::getBrokersAsString);
        registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    public static List<ConsumerRecord<String, byte[]>> consume(String brokers, long expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the ledger creates its topic, with its settings: a consumer that asked first would have the broker create it
        // with the broker's defaults (as a subscriber configured like the reference one does not)
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            // Kafka's own poll loop, not a wait for a condition: poll() blocks up to 200 ms for records
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void everyEventIsPublishedAsACloudEventInStoreOrderPerAggregate() throws Exception {
        Walkthrough.run(port);
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        List<ConsumerRecord<String, byte[]>> records = consume(BROKER.getBrokersAsString(), events, Duration.ofSeconds(60));
        assertThat(records).hasSizeGreaterThanOrEqualTo((int) events);

        Map<String, Map<String, Object>> stored = new HashMap<>();
        jdbc.query("SELECT event_identifier, aggregate_identifier, sequence_number, global_index, payload_type, convert_from(payload, 'UTF8'), type, "
                + "payload_revision, encode(hash, 'hex') FROM domain_event_entry", rs -> {
                    stored.put(rs.getString(1), Map.of("aggregate", rs.getString(2), "sequence", rs.getLong(3), "global", rs.getLong(4),
                            "type", rs.getString(5), "payload", rs.getString(6), "kind", rs.getString(7), "revision", rs.getString(8),
                            "hash", rs.getString(9)));
                });
        Map<String, Long> lastSequence = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String id = header(record, "ce_id");
            Map<String, Object> event = stored.get(id);
            assertThat(event).as("record %s is an event of the store", id).isNotNull();
            assertThat(record.key()).as("the key names the stream: kind and id").isEqualTo(event.get("kind") + ":" + event.get("aggregate"));
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            String type = (String) event.get("type");
            assertThat(header(record, "ce_type")).isEqualTo("org.coordination.ledger." + type.substring(type.lastIndexOf('.') + 1) + ".v" + event.get("revision"));
            assertThat(header(record, "ce_subject")).isEqualTo(event.get("aggregate"));
            assertThat(header(record, "ce_source")).isEqualTo("/coordination-ledger/" + event.get("kind") + "/" + event.get("aggregate"));
            assertThat(header(record, "ce_aggregatetype")).isEqualTo(event.get("kind"));
            assertThat(Long.parseLong(header(record, "ce_sequence"))).isEqualTo(event.get("sequence"));
            assertThat(Long.parseLong(header(record, "ce_globalindex"))).isEqualTo(event.get("global"));
            assertThat(header(record, "ce_hash")).as("the event's chain hash, for witnesses").isEqualTo(event.get("hash"));
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event.get("payload"));
            long sequence = (Long) event.get("sequence");
            Long previous = lastSequence.put(record.key(), sequence);
            assertThat(previous == null ? -1 : previous).as("order of %s", record.key()).isLessThan(sequence);
        }
        assertThat(lastSequence.keySet()).hasSize(
                jdbc.queryForObject("SELECT count(*) FROM (SELECT DISTINCT type, aggregate_identifier FROM domain_event_entry) streams", Integer.class));

        LedgerClient ledger = new LedgerClient(port);
        JsonNode publisher = ledger.await("operator", "/actuator/health",
                h -> h.path("components").path("kafkaPublisher").path("details").path("lag").asLong() == 0)
                .path("components").path("kafkaPublisher").path("details");
        assertThat(publisher.path("state").asText()).as("the only instance publishes").isEqualTo("PUBLISHING");
        assertThat(publisher.path("publishingInstance").asText()).isEqualTo(publisher.path("instance").asText())
                .isEqualTo(jdbc.queryForObject("SELECT owner FROM token_entry WHERE processor_name = 'kafka-publisher'", String.class));
    }

    @Test
    void orderPerAggregateHoldsUnderConcurrentCommandsOnSeveralAggregates() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        List<String> centers = List.of("order-a", "order-b", "order-c", "order-d");
        for (String center : centers) {
            assertThat(ledger.command("coordinator", "establish-command-structure",
                    "{\"structureId\":\"" + center + "\",\"name\":\"C\",\"leadNation\":\"USA\",\"location\":\"L\"}").status()).isEqualTo(200);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String center = centers.get(t % centers.size());
            work.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    ledger.command("coordinator", "attach-staff", "{\"structureId\":\"" + center + "\",\"nation\":\"USA\",\"personnel\":1}");
                }
            }));
        }
        for (var future : work) {
            future.get();
        }
        pool.shutdown();
        long expected = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        Map<String, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : consume(BROKER.getBrokersAsString(), expected, Duration.ofSeconds(60))) {
            if (!record.key().startsWith("CommandStructure:") || !centers.contains(header(record, "ce_subject"))) {
                continue;
            }
            String center = header(record, "ce_subject");
            long sequence = Long.parseLong(header(record, "ce_sequence"));
            long expectedSequence = next.getOrDefault(center, 0L);
            assertThat(sequence).as("%s arrives in store order", record.key()).isLessThanOrEqualTo(expectedSequence);
            if (sequence == expectedSequence) {
                next.put(center, expectedSequence + 1);
            }
        }
        for (String center : centers) {
            assertThat(next.get(center)).as("every event of %s arrived", center)
                    .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE type = 'CommandStructure' AND aggregate_identifier = ?",
                            Long.class, center));
        }
    }

    /**
     * A force and a command structure with one id are two streams (ADR 0003), each with its own sequence
     * 0, 1, 2, …: their records are keyed apart, {@code Force:twin} and {@code CommandStructure:twin}, each
     * in its own order, although the store interleaves them.
     */
    @Test
    void twoStreamsWithOneIdAreKeyedApartEachInItsOwnOrder() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        // interleaved in the store: structure 0, force 0, structure 1, force 1, structure 2
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"twin\",\"name\":\"Twin\",\"leadNation\":\"USA\",\"location\":\"L\"}").status()).isEqualTo(200);
        assertThat(ledger.command("coordinator", "establish-force", "{\"forceId\":\"twin\",\"name\":\"Twin\",\"politicalAuthority\":\"Board\","
                + "\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\",\"plannedStrength\":100,\"mandateId\":\"twin-mandate\"}").status()).isEqualTo(200);
        assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"twin\",\"nation\":\"USA\",\"personnel\":1}").status()).isEqualTo(200);
        assertThat(ledger.command("coordinator", "issue-rules-of-engagement", "{\"forceId\":\"twin\",\"version\":1,\"profileId\":\"ROE\","
                + "\"ruleNumbers\":[\"1.1\"],\"issuingAuthority\":\"FC\",\"effectiveFrom\":\"2025-12-01\",\"useOfForce\":\"SELF_DEFENCE_ONLY\"}").status())
                .isEqualTo(200);
        assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"twin\",\"nation\":\"USA\",\"personnel\":1}").status()).isEqualTo(200);

        long expected = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        Map<String, List<Long>> sequences = new HashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : consume(BROKER.getBrokersAsString(), expected, Duration.ofSeconds(60))) {
            if (!"twin".equals(header(record, "ce_subject"))) {
                continue;
            }
            String kind = header(record, "ce_aggregatetype");
            assertThat(record.key()).isEqualTo(kind + ":twin");
            assertThat(header(record, "ce_source")).isEqualTo("/coordination-ledger/" + kind + "/twin");
            sequences.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Long.parseLong(header(record, "ce_sequence")));
            assertThat(partitions.computeIfAbsent(record.key(), k -> record.partition())).as("one partition per key").isEqualTo(record.partition());
        }
        assertThat(sequences).containsOnlyKeys("CommandStructure:twin", "Force:twin");
        assertThat(sequences.get("CommandStructure:twin")).containsExactly(0L, 1L, 2L);
        assertThat(sequences.get("Force:twin")).containsExactly(0L, 1L);
    }
}
