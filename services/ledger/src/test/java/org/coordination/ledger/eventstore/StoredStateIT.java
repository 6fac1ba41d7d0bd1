package org.coordination.ledger.eventstore;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.security.Actor;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.web.CommandCatalog;
import org.coordination.ledger.web.CommandRequestReader;
import org.coordination.ledger.web.CommandService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A decision never rests on state the store does not hold: not on a command whose transaction did not
 * commit, not on an aggregate another writer has moved on since it was cached, and the store itself
 * refuses a stream with a gap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoredStateIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    CommandService commands;
    @Autowired
    CommandRequestReader reader;
    @Autowired
    EventStore eventStore;
    @Autowired
    ObjectMapper json;
    LedgerClient ledger;

    @BeforeEach
    void client() {
        ledger = new LedgerClient(port);
    }

    @Test
    void aCommandWhoseTransactionDidNotCommitLeavesNothingBehindInMemory() throws Exception {
        establish("rolled-back");
        assertThat(attach("rolled-back", 5).status()).isEqualTo(200);

        // An idempotent command runs inside the transaction that also stores its answer; here that
        // transaction fails after the command was handled, as when the connection drops before COMMIT.
        String body = "{\"structureId\":\"rolled-back\",\"nation\":\"USA\",\"personnel\":7,\"role\":\"Center staff\"}";
        CommandCatalog.Entry entry = CommandCatalog.find("attach-staff").orElseThrow();
        JsonNode tree = json.readTree(body);
        Actor coordinator = Actor.of(new UsernamePasswordAuthenticationToken("coordinator", null,
                AuthorityUtils.createAuthorityList("ROLE_COORDINATOR")));
        transactions.executeWithoutResult(status -> {
            CommandService.Answer answer = commands.issue(coordinator, entry, reader.read(tree, entry.type()), tree, "lost-commit", null);
            assertThat(answer.status()).isEqualTo(200);
            status.setRollbackOnly();
        });
        assertThat(sequences("rolled-back")).containsExactly(0L, 1L);

        // The same key again: not a remembered answer (nothing was stored), decided on the stored state.
        Answer retried = ledger.command("coordinator", "attach-staff", body, Map.of("Idempotency-Key", "lost-commit"));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(retried.json().get("version").asLong()).isEqualTo(2);
        assertThat(nationTotals("rolled-back")).containsExactly(5, 12);

        assertThat(attach("rolled-back", 3).json().get("version").asLong()).isEqualTo(3);
        assertThat(sequences("rolled-back")).containsExactly(0L, 1L, 2L, 3L);
        assertThat(nationTotals("rolled-back")).containsExactly(5, 12, 15);
    }

    @Test
    void aCachedAggregateThatAnotherWriterMovedOnIsDecidedOnTheStoredState() {
        establish("moved-on");
        assertThat(attach("moved-on", 5).status()).isEqualTo(200); // cached here at version 1

        // Another instance appends to the same stream; this instance's cache knows nothing of it.
        appendElsewhere("moved-on", 2, new StaffAttached(new StructureId("moved-on"), new Nation("USA"), 4, "Center staff", 9));

        // Refusing this on the cached state (5 attached) would be wrong: 9 are attached.
        Answer detached = ledger.command("coordinator", "detach-staff",
                "{\"structureId\":\"moved-on\",\"nation\":\"USA\",\"personnel\":9}");
        assertThat(detached.status()).as(detached.toString()).isEqualTo(200);
        assertThat(detached.json().get("version").asLong()).isEqualTo(3);

        appendElsewhere("moved-on", 4, new StaffAttached(new StructureId("moved-on"), new Nation("USA"), 2, "Center staff", 2));
        // Appending on the cached state would take sequence 4 again.
        Answer attached = attach("moved-on", 1);
        assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
        assertThat(sequences("moved-on")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(nationTotals("moved-on")).containsExactly(5, 9, 0, 2, 3);
    }

    @Test
    void ifMatchOnAVersionTheAggregateHasLeftIs412() {
        establish("pinned");
        assertThat(attach("pinned", 5).status()).isEqualTo(200);
        Answer stale = ledger.command("coordinator", "attach-staff",
                "{\"structureId\":\"pinned\",\"nation\":\"USA\",\"personnel\":1,\"role\":\"Center staff\"}", Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(sequences("pinned")).containsExactly(0L, 1L);
    }

    @Test
    void theStoreRefusesARepeatedOrSkippedSequenceAsAConflict() {
        establish("dense");
        StaffAttached event = new StaffAttached(new StructureId("dense"), new Nation("USA"), 1, "Center staff", 1);
        // sequence 0 again: Axon reports a repeated first event as a clash of stream creation
        assertThatThrownBy(() -> appendElsewhere("dense", 0, event)).isInstanceOf(AggregateStreamCreationException.class);
        assertThatThrownBy(() -> appendElsewhere("dense", 2, event)).isInstanceOf(ConcurrencyException.class)
                .hasStackTraceContaining("a gap");
        assertThat(sequences("dense")).containsExactly(0L);
        appendElsewhere("dense", 1, event);
        assertThat(sequences("dense")).containsExactly(0L, 1L);
    }

    /**
     * Every kind of aggregate is created under every other kind's id: each id then names six streams,
     * one per kind, each dense from sequence 0, each read under its own path, each with its own version.
     */
    @Test
    void everyKindCanBeCreatedUnderAnIdAnotherKindAlreadyHas() throws Exception {
        Map<String, String> created = new LinkedHashMap<>(); // id field -> id of an existing aggregate
        created.put("mandateId", "kind-mandate");
        created.put("structureId", "kind-structure");
        created.put("forceId", "kind-force");
        created.put("registerId", "kind-register");
        created.put("contributionId", "kind-contribution");
        created.put("coalitionId", "kind-coalition");
        Map<String, String> creations = Map.of("mandateId", "authorize-mandate", "structureId", "establish-command-structure",
                "forceId", "establish-force", "registerId", "open-consent-register", "contributionId", "join-force",
                "coalitionId", "form-humanitarian-coalition");
        Map<String, String> kinds = Map.of("mandateId", "Mandate", "structureId", "CommandStructure", "forceId", "Force",
                "registerId", "ConsentRegister", "contributionId", "Contribution", "coalitionId", "HumanitarianCoalition");
        for (String field : created.keySet()) {
            Answer answer = create(creations.get(field), field, created.get(field), created);
            assertThat(answer.status()).as(field + ": " + answer).isEqualTo(200);
        }
        long position = 0;
        for (String field : created.keySet()) {
            for (Map.Entry<String, String> other : created.entrySet()) {
                if (other.getKey().equals(field)) {
                    continue;
                }
                Answer answer = create(creations.get(field), field, other.getValue(), created);
                assertThat(answer.status()).as(creations.get(field) + " on " + other.getValue() + ": " + answer).isEqualTo(200);
                assertThat(answer.json().get("aggregateType").asText()).isEqualTo(kinds.get(field));
                assertThat(answer.json().get("aggregateId").asText()).isEqualTo(other.getValue());
                // the new stream starts at 0 whatever the other kind's stream under this id has reached
                assertThat(answer.json().get("events").get(0).get("sequence").asLong()).isZero();
                position = Math.max(position, answer.json().get("position").asLong());
            }
        }
        quietEventCount(); // the policies react to the pledges with commands of their own
        for (String id : created.values()) {
            assertThat(jdbc.queryForList("SELECT DISTINCT type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY type",
                    String.class, id)).as(id).containsExactlyInAnyOrderElementsOf(kinds.values());
            for (String kind : kinds.values()) {
                List<Long> sequences = jdbc.queryForList("SELECT sequence_number FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND type = ? ORDER BY sequence_number", Long.class, id, kind);
                assertThat(sequences).as(kind + " " + id).startsWith(0L);
                assertThat(sequences.get(sequences.size() - 1)).as(kind + " " + id + " is dense").isEqualTo(sequences.size() - 1);
                assertThat(jdbc.queryForObject("SELECT last_sequence FROM ledger_stream_head WHERE aggregate_identifier = ? "
                        + "AND aggregate_type = ?", Long.class, id, kind)).isEqualTo(sequences.size() - 1);
            }
        }
        Map<String, String> reads = Map.of("mandateId", "/api/v1/mandates/", "structureId", "/api/v1/command-structures/",
                "forceId", "/api/v1/forces/", "registerId", "/api/v1/consent-registers/",
                "coalitionId", "/api/v1/humanitarian-coalitions/");
        for (Map.Entry<String, String> read : reads.entrySet()) {
            for (String id : created.values()) {
                Answer answer = ledger.get("auditor", read.getValue() + id + "?minPosition=" + position);
                assertThat(answer.status()).as(read.getValue() + id + ": " + answer).isEqualTo(200);
                assertThat(answer.json().get(read.getKey()).asText()).isEqualTo(id);
                long version = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND type = ?", Long.class, id, kinds.get(read.getKey()));
                assertThat(answer.header("ETag")).as("the version of this kind's stream").isEqualTo("\"" + version + "\"");
            }
        }
        // the timeline names each stream by kind and id, and filters one kind under a shared id
        Answer timeline = ledger.get("auditor", "/api/v1/timeline?aggregateId=kind-force&aggregateType=Force&minPosition=" + position);
        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
        assertThat(timeline.json().get("entries")).isNotEmpty().allSatisfy(entry -> {
            assertThat(entry.get("aggregateId").asText()).isEqualTo("kind-force");
            assertThat(entry.get("aggregateType").asText()).isEqualTo("Force");
        });
        Answer bothKinds = ledger.get("auditor", "/api/v1/timeline?aggregateId=kind-force&limit=500&minPosition=" + position);
        List<String> kindsUnderOneId = new java.util.ArrayList<>();
        bothKinds.json().get("entries").forEach(entry -> kindsUnderOneId.add(entry.get("aggregateType").asText()));
        assertThat(kindsUnderOneId).containsAll(kinds.values());
        Answer unknownKind = ledger.get("auditor", "/api/v1/timeline?aggregateType=force");
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.body()).contains("aggregateType");
        // every pledge went to the first force; the roster has one per id, whichever other kinds share it
        Answer roster = ledger.get("auditor", "/api/v1/forces/kind-force/roster?minPosition=" + position);
        assertThat(roster.status()).as(roster.toString()).isEqualTo(200);
        List<String> pledged = new java.util.ArrayList<>();
        roster.json().get("rows").forEach(row -> pledged.add(row.get("contributionId").asText()));
        assertThat(pledged).containsExactlyInAnyOrderElementsOf(created.values());
    }

    /** The number of stored events once nothing has been appended for a second. */
    private long quietEventCount() {
        AtomicLong previous = new AtomicLong(-1);
        return await("no event appended for a second").atMost(30, SECONDS).pollInterval(100, MILLISECONDS).during(1, SECONDS)
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class), now -> previous.getAndSet(now) == now);
    }

    private Answer create(String command, String field, String id, Map<String, String> existing) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        var example = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(getClass().getResourceAsStream(
                "/openapi/command-examples.json")).get(command).deepCopy();
        example.remove("effectiveAt");
        // references to other aggregates point at the ones created first
        existing.forEach((reference, value) -> {
            if (example.has(reference)) {
                example.put(reference, value);
            }
        });
        if (example.has("coordinatingStructureId")) {
            example.put("coordinatingStructureId", existing.get("structureId"));
        }
        if (example.has("instrument")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("instrument")).put("symbol", "S/RES/" + id);
        }
        if (command.equals("open-consent-register")) {
            // a party has one register per force: each of these registers is another party's
            example.put("party", Map.of("kind-mandate", "EGY", "kind-structure", "JOR", "kind-force", "CYP", "kind-register", "ISR",
                    "kind-contribution", "GRC", "kind-coalition", "TUR").get(id));
        }
        example.put(field, id);
        String user = command.equals("authorize-mandate") ? "registrar"
                : command.equals("join-force") ? "liaison-" + example.get("nation").asText().toLowerCase()
                : command.equals("open-consent-register") ? "coordinator" : "coordinator";
        return ledger.command(user, command, mapper.writeValueAsString(example));
    }

    private void establish(String structureId) {
        Answer answer = ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"" + structureId
                + "\",\"name\":\"Center " + structureId + "\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private Answer attach(String structureId, int personnel) {
        return ledger.command("coordinator", "attach-staff", "{\"structureId\":\"" + structureId + "\",\"nation\":\"USA\",\"personnel\":"
                + personnel + ",\"role\":\"Center staff\"}");
    }

    /** What another instance of the ledger does: appends through the store, not through this instance's cache. */
    private void appendElsewhere(String structureId, long sequence, Object payload) {
        Map<String, Object> metaData = Map.of(Provenance.PRINCIPAL, "coordinator", Provenance.ROLE, "COORDINATOR",
                Provenance.RECORDED_AT, "2026-12-02T00:00:00Z", Provenance.EFFECTIVE_AT, "2026-12-02T00:00:00Z");
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("CommandStructure", structureId, sequence, payload, MetaData.from(metaData))));
    }

    private List<Long> sequences(String aggregateId) {
        return jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class, aggregateId);
    }

    private List<Integer> nationTotals(String aggregateId) {
        return jdbc.queryForList("SELECT (convert_from(payload, 'UTF8')::jsonb ->> 'nationTotal')::int FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND payload_type LIKE '%Staff%' ORDER BY sequence_number", Integer.class, aggregateId);
    }
}
