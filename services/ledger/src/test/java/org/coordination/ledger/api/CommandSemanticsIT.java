package org.coordination.ledger.api;

import static org.awaitility.Awaitility.await;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.coordination.ledger.LedgerApplication;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Idempotency keys, If-Match, concurrent commands on one aggregate, and an unreachable store — each
 * through HTTP against the running service, the first two across a restart.
 */
class CommandSemanticsIT {

    static final String STRUCTURE = """
            {"structureId":"cmcc","name":"Civil-Military Coordination Center","leadNation":"USA","location":"Kiryat Gat"}""";
    static final String STAFF = "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":10}";

    private final Path dataDirectory = EmbeddedLedgerDatabase.freshDataDirectory();

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class).run("--server.port=0", "--ledger.embedded-postgres.port=0",
                "--ledger.embedded-postgres.data-directory=" + dataDirectory);
    }

    static LedgerClient client(ConfigurableApplicationContext context) {
        return new LedgerClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static long events(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    @Test
    void idempotencyKeysAndIfMatchHoldAcrossARestart() {
        Answer first;
        try (ConfigurableApplicationContext service = start()) {
            LedgerClient ledger = client(service);
            first = ledger.command("coordinator", "establish-command-structure", STRUCTURE, Map.of("Idempotency-Key", "create-cmcc"));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("ETag")).isEqualTo("\"0\"");
            // the type as Spring's converter wrote it before the endpoint wrote the answer itself: JSON, no charset named
            assertThat(first.header("Content-Type")).isEqualTo("application/json");
            long afterFirst = events(service);

            Answer replay = ledger.command("coordinator", "establish-command-structure", STRUCTURE, Map.of("Idempotency-Key", "create-cmcc"));
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.json()).isEqualTo(first.json());
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(events(service)).isEqualTo(afterFirst);

            // the same body, differently formatted, is the same request
            Answer reformatted = ledger.command("coordinator", "establish-command-structure",
                    "{ \"location\": \"Kiryat Gat\", \"leadNation\": \"USA\", \"name\": \"Civil-Military Coordination Center\", \"structureId\": \"cmcc\" }",
                    Map.of("Idempotency-Key", "create-cmcc"));
            assertThat(reformatted.status()).isEqualTo(200);

            Answer otherBody = ledger.command("coordinator", "establish-command-structure", STRUCTURE.replace("Kiryat Gat", "Tel Aviv"),
                    Map.of("Idempotency-Key", "create-cmcc"));
            assertThat(otherBody.status()).isEqualTo(409);
            assertThat(otherBody.header("Content-Type")).startsWith("application/problem+json");

            // a refusal is remembered too: the same request gets the same 422, and a retry does not slip through later
            Answer refused = ledger.command("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":5}",
                    Map.of("Idempotency-Key", "detach-early"));
            assertThat(refused.status()).isEqualTo(422);

            assertThat(ledger.command("coordinator", "attach-staff", STAFF, Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
            long beforeConflict = events(service);
            Answer stale = ledger.command("coordinator", "attach-staff", STAFF, Map.of("If-Match", "\"0\""));
            assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
            assertThat(events(service)).isEqualTo(beforeConflict);

            // an aggregate that does not exist is at no version: If-Match on the command that would create it fails, and
            // so does one on a command for an aggregate that is not there (Axon checks a version only on what it loads)
            for (String version : List.of("\"0\"", "\"5\"")) {
                Answer creating = ledger.command("coordinator", "establish-command-structure", STRUCTURE.replace("\"cmcc\"", "\"new-one\""),
                        Map.of("If-Match", version));
                assertThat(creating.status()).as(creating.toString()).isEqualTo(412);
                assertThat(creating.json().path("type").asText()).endsWith("version-mismatch");
            }
            Answer missing = ledger.command("coordinator", "attach-staff", STAFF.replace("\"cmcc\"", "\"new-one\""), Map.of("If-Match", "\"0\""));
            assertThat(missing.status()).as(missing.toString()).isEqualTo(412);
            assertThat(events(service)).as("nothing written").isEqualTo(beforeConflict);
            assertThat(ledger.command("coordinator", "establish-command-structure", STRUCTURE.replace("\"cmcc\"", "\"new-one\"")).status())
                    .as("without If-Match it is created").isEqualTo(200);

            // the effective time the ledger gave a command by default, as a read reports it, names the instant the aggregate
            // decided on: sent back in a command it is not before the establishment, and an asOf read at it finds the structure
            String effective = ledger.await("viewer", "/api/v1/timeline?aggregateId=new-one", page -> page.path("entries").size() == 1)
                    .path("entries").path(0).path("effectiveAt").asText();
            Answer atThatInstant = ledger.command("coordinator", "attach-staff",
                    "{\"structureId\":\"new-one\",\"nation\":\"USA\",\"personnel\":1,\"effectiveAt\":\"" + effective + "\"}");
            assertThat(atThatInstant.status()).as(atThatInstant.toString()).isEqualTo(200);
            assertThat(ledger.get("viewer", "/api/v1/command-structures/new-one?asOf=" + effective).status()).isEqualTo(200);
        }

        try (ConfigurableApplicationContext service = start()) {
            LedgerClient ledger = client(service);
            long before = events(service);
            Answer replay = ledger.command("coordinator", "establish-command-structure", STRUCTURE, Map.of("Idempotency-Key", "create-cmcc"));
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.json()).isEqualTo(first.json());
            assertThat(ledger.command("coordinator", "attach-staff", STAFF, Map.of("Idempotency-Key", "attach-staff-1")).status()).isEqualTo(200);
            ledger.command("coordinator", "attach-staff", STAFF, Map.of("Idempotency-Key", "attach-staff-1"));
            Answer refusedAgain = ledger.command("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":5}",
                    Map.of("Idempotency-Key", "detach-early"));
            assertThat(refusedAgain.status()).as("the remembered refusal, although detaching 5 of 20 would now pass").isEqualTo(422);
            assertThat(events(service)).isEqualTo(before + 1);

            Answer stale = ledger.command("coordinator", "attach-staff", STAFF, Map.of("If-Match", "\"1\""));
            assertThat(stale.status()).isEqualTo(412);
            Answer current = ledger.command("coordinator", "attach-staff", STAFF, Map.of("If-Match", "\"2\""));
            assertThat(current.status()).isEqualTo(200);
            assertThat(current.header("ETag")).isEqualTo("\"3\"");
            assertThat(ledger.command("coordinator", "attach-staff", STAFF, Map.of("If-Match", "five")).status()).isEqualTo(400);
        }
    }

    @Test
    void concurrentCommandsOnOneAggregateAreNeitherLostNorDuplicated() throws Exception {
        try (ConfigurableApplicationContext service = start()) {
            LedgerClient ledger = client(service);
            assertThat(ledger.command("coordinator", "establish-command-structure", STRUCTURE).status()).isEqualTo(200);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> ledger.command("coordinator", "attach-staff", STAFF)));
            }
            int accepted = 0;
            for (Future<Answer> answer : answers) {
                int status = answer.get().status();
                // no If-Match: a command that lost a race is decided again on the stored state, not refused
                assertThat(status).as(answer.get().toString()).isEqualTo(200);
                accepted += status == 200 ? 1 : 0;
            }
            pool.shutdown();
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            List<Long> sequences = jdbc.queryForList(
                    "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = 'cmcc' ORDER BY sequence_number", Long.class);
            assertThat(sequences).hasSize(accepted + 1).doesNotHaveDuplicates();
            assertThat(sequences.get(sequences.size() - 1)).isEqualTo(accepted);
            assertThat(accepted).isGreaterThan(0);
            // concurrent transactions commit out of global order: the read models still get every event (the staff total,
            // below; a lost or doubled attachment would show there)
            long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            int staff = 10 * accepted;
            // and the timeline, written by the store with each event, holds every one under its own index once committed
            assertThat(jdbc.queryForObject("SELECT count(*) FROM timeline_entry t JOIN domain_event_entry e "
                    + "ON e.global_index = t.global_index AND e.event_identifier = t.event_id", Long.class)).isEqualTo(events);
            await("the structure counts every attachment").atMost(java.time.Duration.ofSeconds(30)).pollInterval(25, MILLISECONDS).until(
                    () -> ledger.get("viewer", "/api/v1/command-structures/cmcc").json().path("staffTotal").asInt() == staff);
        }
    }

    @Test
    void anUnreachableStoreIsA503WithRetryAfterAndNeverA500() throws Exception {
        try (ConfigurableApplicationContext service = start()) {
            LedgerClient ledger = client(service);
            assertThat(ledger.command("coordinator", "establish-command-structure", STRUCTURE).status()).isEqualTo(200);
            service.getBean(EmbeddedPostgres.class).close();
            Answer answer = ledger.command("coordinator", "attach-staff", STAFF);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("5");
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            Answer keyed = ledger.command("coordinator", "attach-staff", STAFF, Map.of("Idempotency-Key", "while-down"));
            assertThat(keyed.status()).isEqualTo(503);
        }
    }
}
