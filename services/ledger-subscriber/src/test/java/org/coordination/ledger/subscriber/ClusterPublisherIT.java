package org.coordination.ledger.subscriber;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.coordination.ledger.subscriber.Processes.awaitUp;
import static org.coordination.ledger.subscriber.SubscriberCrashIT.freePort;
import static org.coordination.ledger.subscriber.SubscriberCrashIT.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Three ledger instances (the real jar) on one PostgreSQL and one broker, commands sent to all of them in
 * turn, and the instance that publishes to Kafka killed with SIGKILL under load. Another instance takes the
 * publisher over; exactly one publishes at any time (the others say STANDBY); every stored event reaches the
 * topic at least once (a batch cut off by the kill may come twice, never a gap); and the reference
 * subscriber's view equals the ledger: every stream with as many events applied, in order, none missing, and
 * the same office holders.
 */
class ClusterPublisherIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String TOPIC = "coordination-ledger.events.v2";
    static final List<String> STRUCTURES = List.of("kc-0", "kc-1", "kc-2");

    EmbeddedKafkaKraftBroker broker;
    EmbeddedPostgres postgres;
    final List<Ledger> ledgers = new ArrayList<>();
    Process subscriber;

    /** One ledger instance: its process and port. */
    record Ledger(Process process, int port) {
        String node() {
            return process.pid() + "@";
        }
    }

    @AfterEach
    void stop() throws Exception {
        Processes.stopGracefully(subscriber);
        Processes.stopGracefully(ledgers.stream().map(Ledger::process).toArray(Process[]::new));
        if (postgres != null) {
            postgres.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    Ledger ledger(int n, String jdbcUrl) throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Processes.java(Path.of("..", "ledger", "target", "ledger-0.1.0.jar"), "--server.port=" + port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/cluster-ledger-" + n + ".log")));
        builder.environment().putAll(Map.of("LEDGER_DB_URL", jdbcUrl, "LEDGER_DB_USER", "postgres", "LEDGER_DB_PASSWORD", "",
                "LEDGER_DB_POOL_SIZE", "10", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString()));
        Ledger ledger = new Ledger(builder.start(), port);
        ledgers.add(ledger);
        return ledger;
    }

    /** A command with its idempotency key, sent to the live instances in turn until one answers it for good. */
    static int command(List<Ledger> live, AtomicInteger attempts, String user, String name, String body, String key) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Ledger target = live.get(Math.floorMod(attempts.getAndIncrement(), live.size()));
            int status;
            try {
                status = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + target.port() + "/api/v1/commands/" + name))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (java.io.IOException cutOff) {
                status = 0;
            }
            if ((status != 0 && status != 503) || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(200);
        }
    }

    @Test
    void thePublishersInstanceKilledUnderLoadLeavesNoGapAndTheSubscribersViewEqualsTheLedger() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(Path.of("target"), "cluster-postgres-"))
                .setCleanDataDirectory(true).start();
        JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        awaitUp(ledger(1, url).port()); // the first one migrates the schema; the others start beside each other
        ledger(2, url);
        ledger(3, url);
        for (Ledger ledger : ledgers) {
            awaitUp(ledger.port());
        }
        int subscriberPort = freePort();
        subscriber = SubscriberCrashIT.start(Path.of("target", "ledger-subscriber-0.1.0.jar"), "target/cluster-subscriber.log",
                broker.getBrokersAsString(), "--server.port=" + subscriberPort, "--subscriber.embedded-postgres.port=0",
                "--subscriber.embedded-postgres.data-directory=" + Files.createTempDirectory(Path.of("target"), "cluster-subscriber-"));
        awaitUp(subscriberPort);

        List<Ledger> live = new CopyOnWriteArrayList<>(ledgers);
        AtomicInteger attempts = new AtomicInteger();
        for (String structure : STRUCTURES) {
            assertThat(command(live, attempts, "coordinator", "establish-command-structure", "{\"structureId\":\"" + structure
                    + "\",\"name\":\"Center " + structure + "\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}", "set-up-" + structure)).isEqualTo(200);
            assertThat(command(live, attempts, "coordinator", "establish-post", "{\"structureId\":\"" + structure + "\",\"postId\":\"lead\","
                    + "\"title\":\"Lead\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"Board of Peace\"}", "post-" + structure)).isEqualTo(200);
        }

        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int n = 0; running.get(); n++) {
                    String structure = STRUCTURES.get((client + n) % STRUCTURES.size());
                    String key = "kc-" + client + "-" + n;
                    String[] command = switch (n % 4) {
                        case 0 -> new String[] {"attach-staff", "{\"structureId\":\"" + structure + "\",\"nation\":\"FRA\",\"personnel\":2}"};
                        case 1 -> new String[] {"appoint-lead", "{\"structureId\":\"" + structure + "\",\"postId\":\"lead\",\"appointedBy\":"
                                + "\"Board of Peace\",\"appointee\":{\"name\":\"" + key + "\",\"titleOrRank\":\"Ambassador\","
                                + "\"nationality\":\"FRA\",\"service\":\"CIVILIAN\"}}"};
                        case 2 -> new String[] {"detach-staff", "{\"structureId\":\"" + structure + "\",\"nation\":\"FRA\",\"personnel\":1}"};
                        default -> new String[] {"vacate-post", "{\"structureId\":\"" + structure + "\",\"postId\":\"lead\",\"reason\":\"" + key + "\"}"};
                    };
                    try {
                        statuses.merge(command(live, attempts, "coordinator", command[0], command[1], key), 1, Integer::sum);
                    } catch (Exception e) {
                        statuses.merge(-1, 1, Integer::sum);
                    }
                }
            }, "cluster-client-" + c);
            thread.start();
            clients.add(thread);
        }

        Thread.sleep(6000);
        String publisher = owner(jdbc);
        Ledger killed = ledgers.stream().filter(l -> publisher.startsWith(l.node())).findFirst().orElseThrow();
        live.remove(killed); // the load balancer's health check takes it out
        long killedAt = System.nanoTime();
        killed.process().destroyForcibly().waitFor(); // SIGKILL, whatever batch it was publishing cut off
        await("another instance publishes").atMost(20, SECONDS).pollInterval(250, MILLISECONDS)
                .until(() -> live.stream().anyMatch(l -> owner(jdbc).startsWith(l.node())));
        System.out.println("CLUSTER-KAFKA publisher taken over " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after the SIGKILL");
        Thread.sleep(5000);
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofMinutes(3).toMillis());
        }
        System.out.println("CLUSTER-KAFKA answers by status: " + new TreeMap<>(statuses));
        assertThat(statuses).as("every command answered for good (0: no answer; -1: the client failed)").doesNotContainKeys(0, 503, -1, 500);
        assertThat(statuses.get(200)).as("commands were accepted").isGreaterThan(20);

        long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        JsonNode status = await("the subscriber has every stored event").atMost(120, SECONDS).pollInterval(500, MILLISECONDS)
                .until(() -> JSON.readTree(get(subscriberPort, "/api/v1/status")), now -> now.get("processedEvents").asLong() >= stored);
        assertThat(status.get("processedEvents").asLong()).as("each stored event once").isEqualTo(stored);

        // exactly one instance publishes, the other stands by, and both say which one
        List<String> states = new ArrayList<>();
        for (Ledger ledger : live) {
            JsonNode details = JSON.readTree(get(ledger.port(), "/actuator/health", "operator")).path("components").path("kafkaPublisher").path("details");
            assertThat(details.path("publishingInstance").asText()).isEqualTo(owner(jdbc));
            states.add(details.path("state").asText());
        }
        assertThat(states).as("one publisher, the other on standby").containsExactlyInAnyOrder("PUBLISHING", "STANDBY");

        // the subscriber's view equals the ledger: per stream, as many events applied, up to the same sequence, none missing
        Map<String, String> ledgerStreams = new TreeMap<>();
        jdbc.query("SELECT type, aggregate_identifier, count(*), max(sequence_number) FROM domain_event_entry GROUP BY 1, 2", row -> {
            ledgerStreams.put(row.getString(1) + ":" + row.getString(2), "applied " + row.getLong(3) + ", last " + row.getLong(4) + ", gaps 0");
        });
        Map<String, String> subscriberStreams = new TreeMap<>();
        status.get("streams").forEach(stream -> subscriberStreams.put(stream.get("aggregate_type").asText() + ":" + stream.get("aggregate_id").asText(),
                "applied " + stream.get("applied").asLong() + ", last " + stream.get("last_sequence").asLong() + ", gaps " + stream.get("gaps").asLong()));
        assertThat(subscriberStreams).isEqualTo(ledgerStreams);
        Map<String, String> ledgerHolders = new TreeMap<>();
        jdbc.query("SELECT DISTINCT ON (p ->> 'structureId', p ->> 'postId') p ->> 'structureId', p ->> 'postId', p -> 'appointee' ->> 'name' "
                + "FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p, global_index FROM domain_event_entry WHERE payload_type LIKE '%.LeadAppointed') a "
                + "JOIN lookup_post l ON l.structure_id = p ->> 'structureId' AND l.post_id = p ->> 'postId' AND l.filled "
                + "ORDER BY p ->> 'structureId', p ->> 'postId', global_index DESC", row -> {
                    ledgerHolders.put(row.getString(1) + "/" + row.getString(2), row.getString(3));
                });
        Map<String, String> subscriberHolders = new TreeMap<>();
        JSON.readTree(get(subscriberPort, "/api/v1/office-holders")).forEach(holder ->
                subscriberHolders.put(holder.get("structure_id").asText() + "/" + holder.get("post_id").asText(), holder.get("name").asText()));
        assertThat(subscriberHolders).as("office holders").isEqualTo(ledgerHolders);
        assertThat(JSON.readTree(get(subscriberPort, "/api/v1/alerts")).toString()).doesNotContain("SEQUENCE_GAP");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE convert_from(meta_data, 'UTF8') LIKE '%traceparent%'",
                Long.class)).as("tracing is off by default: no trace context in the events").isZero();

        // on the topic itself: every stored event at least once, nothing else (no trace context either, tracing
        // being off); what the kill cut off may be there twice
        Set<String> storedIds = new TreeSet<>(jdbc.queryForList("SELECT event_identifier FROM domain_event_entry", String.class));
        Map<String, Integer> published = publishedIds();
        assertThat(published.keySet()).as("no gap: every stored event is on the topic, nothing else is").isEqualTo(storedIds);
        long duplicates = published.values().stream().filter(count -> count > 1).count();
        System.out.println("CLUSTER-KAFKA " + stored + " events stored, " + published.values().stream().mapToInt(Integer::intValue).sum()
                + " records on the topic, " + duplicates + " events published twice or more (the batch cut off by the kill)");
    }

    /** The instance holding the publisher's token. */
    static String owner(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = 'kafka-publisher' AND owner IS NOT NULL", String.class)
                .stream().findFirst().orElse("none");
    }

    /** Every record on the topic, by its event id (the CloudEvents {@code ce_id} header), with how often it came. */
    Map<String, Integer> publishedIds() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<String, Integer> ids = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("ce_id");
                    ids.merge(id == null ? "(no ce_id)" : new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                    if (record.headers().lastHeader("traceparent") != null) {
                        ids.merge("(traced, though tracing is off by default)", 1, Integer::sum);
                    }
                }
            }
            return ids;
        }
    }
}
