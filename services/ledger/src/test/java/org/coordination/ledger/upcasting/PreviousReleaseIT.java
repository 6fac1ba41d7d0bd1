package org.coordination.ledger.upcasting;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.coordination.ledger.publishing.KafkaPublishingIT;
import org.coordination.ledger.publishing.PublisherStatus;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.coordination.ledger.testsupport.RosterUnits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * This release started on a ledger the previous release stored (src/test/resources/previous-release: a
 * pg_dump of the seed story made by the release before revision 2 of ContributionPledged, and what its read
 * side answered). The stored events are never rewritten; everything that reads them reads the pledges of
 * revision 1 as revision 2.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PreviousReleaseIT {

    static final Path FIXTURE = RepositoryFiles.locate("services/ledger/src/test/resources/previous-release");
    static final EmbeddedKafkaKraftBroker BROKER = KafkaPublishingIT.start();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PLEDGED = ContributionPledged.class.getName();

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    /** A PostgreSQL server holding the previous release's database as it dumped it, given to the service as in production. */
    @DynamicPropertySource
    static void previousRelease(DynamicPropertyRegistry registry) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE previous");
        }
        try (Connection connection = server.getDatabase("postgres", "previous").getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(Files.readString(FIXTURE.resolve("ledger.sql"))); // the driver splits the dump's statements, dollar quotes and all
        }
        registry.add("LEDGER_DB_URL", () -> server.getJdbcUrl("postgres", "previous"));
        registry.add("LEDGER_DB_USER", () -> "postgres");
        registry.add("ledger.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PublisherStatus publisher;

    @Test
    void theNewReleaseReadsWhatThePreviousOneStored() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        List<Map<String, Object>> storedPledges = jdbc.queryForList(
                "SELECT event_identifier, payload_revision, payload, hash FROM domain_event_entry WHERE payload_type = ? ORDER BY global_index", PLEDGED);
        assertThat(storedPledges).hasSize(5).allSatisfy(row -> assertThat(row.get("payload_revision")).isEqualTo("1"));
        long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);

        assertThat(ledger.get("auditor", "/api/v1/audit/verify").json().get("intact").asBoolean()).as("the chain verifies").isTrue();
        assertViewsAsThePreviousReleaseShowedThem(ledger, "as started");

        // the policies' pledges left their serialized state for a row each (V21), in the order they were taken up, the
        // consent policy's nations with them
        String consent = jdbc.queryForObject("SELECT saga_id FROM saga_entry WHERE saga_type = ?", String.class,
                "org.coordination.ledger.consent.policy.ConsentPolicy");
        assertThat(pledgeRows(consent)).containsExactly("isf-idn DEPLOYED IDN", "isf-aze OFFERED AZE", "isf-qat OFFERED QAT",
                "isf-are OFFERED ARE", "isf-tur OFFERED TUR");
        assertThat(jdbc.queryForList("SELECT convert_from(serialized_saga, 'UTF8') FROM saga_entry", String.class))
                .hasSize(4).noneMatch(state -> state.contains("pledges") || state.contains("nations"));

        ledger.rebuildAll();
        assertViewsAsThePreviousReleaseShowedThem(ledger, "after a rebuild from the first event");

        // the audit API shows what was stored, and on request what it means now
        JsonNode pledge = ledger.get("auditor", "/api/v1/audit/aggregates/Contribution/isf-are/events?current=true").json().get("events").get(0);
        assertThat(pledge.get("revision").asText()).isEqualTo("1");
        assertThat(pledge.get("payload").get("personnel").asInt()).isEqualTo(1000);
        assertThat(pledge.get("current").get("revision").asText()).isEqualTo("2");
        assertThat(pledge.get("current").get("payload").has("personnel")).isFalse();
        assertThat(pledge.get("current").get("payload").get("units").get(0).get("rotation").isNull()).isTrue();
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/Contribution/isf-are/events").json().get("events").get(0).has("current"))
                .as("without ?current=true, only what was stored").isFalse();

        // the aggregates fold revision 1: isf-are offered 1000 (the sum revision 2 derives), so 1001 is refused and 1000 accepted
        LedgerClient.Answer acknowledged = ledger.command("liaison-are", "acknowledge-rules-of-engagement", "{\"contributionId\":\"isf-are\",\"version\":2}");
        assertThat(acknowledged.status()).as(acknowledged.toString()).isEqualTo(200);
        LedgerClient.Answer tooMany = ledger.command("liaison-are", "commit-contribution", "{\"contributionId\":\"isf-are\",\"personnel\":1001}");
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(422);
        assertThat(tooMany.body()).contains("COMMITMENT_EXCEEDS_OFFER", "1000 offered");
        LedgerClient.Answer committed = ledger.command("liaison-are", "commit-contribution", "{\"contributionId\":\"isf-are\",\"personnel\":1000}");
        assertThat(committed.status()).as(committed.toString()).isEqualTo(200);

        // a new pledge is written as revision 2, its rotation stored and shown
        LedgerClient.Answer joined = ledger.command("liaison-pak", "join-force", """
                {"contributionId":"isf-pak","forceId":"isf","nation":"PAK","readiness":"L2","authorityOffered":"OPCON",
                 "units":[{"requirementLine":"infantry","type":"Infantry company","personnel":150,
                           "rotation":{"months":6,"firstDue":"2026-07-01"}},
                          {"requirementLine":"infantry","type":"Engineer platoon","personnel":40}]}""");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        Map<String, Object> written = jdbc.queryForMap("SELECT payload_revision, convert_from(payload, 'UTF8') AS payload FROM domain_event_entry "
                + "WHERE payload_type = ? AND aggregate_identifier = 'isf-pak'", PLEDGED);
        assertThat(written.get("payload_revision")).isEqualTo("2");
        JsonNode payload = JSON.readTree((String) written.get("payload"));
        assertThat(payload.has("personnel")).as("revision 2 stores no sum").isFalse();
        assertThat(payload.get("units").get(0).get("rotation")).isEqualTo(JSON.readTree("{\"months\":6,\"firstDue\":\"2026-07-01\"}"));
        JsonNode row = rowOf(ledger.await("viewer", "/api/v1/forces/isf/roster", roster -> rowOf(roster, "isf-pak") != null), "isf-pak");
        assertThat(row.get("offeredPersonnel").asInt()).isEqualTo(190);
        assertThat(row.get("units").get(0).get("rotation").get("firstDue").asText()).isEqualTo("2026-07-01");

        // the consent policy took the new pledge up after the migrated ones, and moved isf-are on in its row
        await("the consent policy's rows").atMost(Duration.ofSeconds(30)).pollInterval(50, MILLISECONDS)
                .until(() -> pledgeRows(consent).equals(List.of("isf-idn DEPLOYED IDN", "isf-aze OFFERED AZE", "isf-qat OFFERED QAT",
                        "isf-are COMMITTED ARE", "isf-tur OFFERED TUR", "isf-pak OFFERED PAK")));

        // every stored byte of the previous release is as it was, and the chain, now longer, still verifies
        assertThat(jdbc.queryForList("SELECT event_identifier, payload_revision, payload, hash FROM domain_event_entry WHERE payload_type = ? "
                + "AND payload_revision = '1' ORDER BY global_index", PLEDGED)).usingRecursiveComparison().isEqualTo(storedPledges);
        JsonNode verified = ledger.get("auditor", "/api/v1/audit/verify").json();
        assertThat(verified.get("intact").asBoolean()).as(verified.toString()).isTrue();

        // the publisher, enabled now, publishes the whole ledger: the old pledges as revision 2
        await("everything published").atMost(Duration.ofSeconds(60)).pollInterval(50, MILLISECONDS).until(() -> publisher.lag() == 0);
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        assertThat(events).isGreaterThan(stored + 1);
        List<ConsumerRecord<String, byte[]>> records = KafkaPublishingIT.consume(BROKER.getBrokersAsString(), events, Duration.ofSeconds(60));
        assertThat(records).hasSize((int) events);
        List<ConsumerRecord<String, byte[]>> pledges = records.stream()
                .filter(r -> KafkaPublishingIT.header(r, "ce_type").startsWith("org.coordination.ledger.ContributionPledged.")).toList();
        assertThat(pledges).hasSize(6).allSatisfy(r -> assertThat(KafkaPublishingIT.header(r, "ce_type"))
                .isEqualTo("org.coordination.ledger.ContributionPledged.v2"));
        for (ConsumerRecord<String, byte[]> record : pledges) {
            JsonNode data = JSON.readTree(record.value());
            assertThat(data.has("personnel")).as("published as revision 2: %s", data).isFalse();
            assertThat(data.get("units").isArray()).isTrue();
        }
    }

    private List<String> pledgeRows(String sagaId) {
        return jdbc.queryForList("SELECT contribution_id || ' ' || state || ' ' || nation FROM policy_pledge WHERE saga_id = ? "
                + "ORDER BY position", String.class, sagaId);
    }

    /**
     * Each view as the previous release answered, with what this release adds: the roster rows' units
     * (summing to the personnel offered, none with a rotation, since revision 1 could not state one), and the
     * timeline's pledges as revision 2 reads them.
     */
    void assertViewsAsThePreviousReleaseShowedThem(LedgerClient ledger, String when) throws Exception {
        for (Map.Entry<String, String> view : PreviousReleaseViews.VIEWS.entrySet()) {
            JsonNode before = JSON.readTree(FIXTURE.resolve("views").resolve(view.getKey() + ".json").toFile());
            JsonNode now = ledger.get(PreviousReleaseViews.USER, view.getValue()).json();
            if (view.getKey().startsWith("roster")) {
                RosterUnits.withoutUnits(now, when + ", " + view.getValue());
            }
            if (view.getKey().equals("timeline")) {
                for (JsonNode entry : before.get("entries")) {
                    if (entry.get("type").asText().equals("ContributionPledged")) {
                        ((ObjectNode) entry).set("payload", EventRevisions.toCurrent(ContributionPledged.class, "1", entry.get("payload")));
                    }
                }
            }
            if (view.getKey().equals("mandate")) {
                // what the day of the read decides (the days left, counted from the day it names; once expired, the status
                // and its alert), as PreviousReleaseLedgerIT leaves it out too
                assertThat(now.get("daysToExpiry").asLong()).as("%s: days to expiry", when).isEqualTo(java.time.temporal.ChronoUnit.DAYS.between(
                        java.time.LocalDate.parse(now.get("statusOn").asText()), java.time.LocalDate.parse(now.get("expiresOn").asText())));
                for (String field : List.of("status", "active", "daysToExpiry", "alerts", "statusOn")) {
                    ((ObjectNode) before).remove(field);
                    ((ObjectNode) now).remove(field);
                }
            }
            assertThat(now).as("%s: %s", when, view.getValue()).isEqualTo(before);
        }
    }

    static JsonNode rowOf(JsonNode roster, String contributionId) {
        for (JsonNode row : roster.path("rows")) {
            if (row.get("contributionId").asText().equals(contributionId)) {
                return row;
            }
        }
        return null;
    }
}
