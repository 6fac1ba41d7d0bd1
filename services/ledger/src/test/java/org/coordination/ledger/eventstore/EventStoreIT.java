package org.coordination.ledger.eventstore;

import static org.awaitility.Awaitility.await;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.JoinForce;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.EstablishForce;
import org.coordination.ledger.contract.mandate.AuthorizeMandate;
import org.coordination.ledger.contract.mandate.CharterBasis;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.IssuingBody;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.contract.mandate.Vote;
import org.coordination.ledger.contract.structure.AppointLead;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.AttachStaff;
import org.coordination.ledger.contract.structure.DetachStaff;
import org.coordination.ledger.contract.structure.EstablishCommandStructure;
import org.coordination.ledger.contract.structure.EstablishPost;
import org.coordination.ledger.contract.structure.ServiceLine;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.rules.RuleViolation;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ledger on a real PostgreSQL 17: appends, reloads, snapshots, provenance, policies. */
@SpringBootTest(properties = "ledger.snapshots.threshold=5")
class EventStoreIT {

    static final Nation USA = Nation.of("USA");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStorageEngine engine;

    void send(LedgerCommand command, String effectiveAt, String citation) {
        Map<String, Object> meta = new java.util.HashMap<>(Map.of(Provenance.PRINCIPAL, "coordinator", Provenance.ROLE, "COORDINATOR"));
        if (effectiveAt != null) {
            meta.put(Provenance.EFFECTIVE_AT, effectiveAt);
        }
        if (citation != null) {
            meta.put(Provenance.CITATION, citation);
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(meta));
    }

    long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    JsonNode metadataOf(String aggregateId, long sequence) throws Exception {
        byte[] raw = jdbc.queryForObject("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                byte[].class, aggregateId, sequence);
        return json.readTree(raw);
    }

    @Test
    void appointingToAFilledPostRelievesTheIncumbentInOneTransactionWithFullProvenance() throws Exception {
        StructureId cmcc = StructureId.of("cmcc-it");
        PostId lead = PostId.of("military-lead");
        // established before the appointments take effect: nothing can take effect before its aggregate
        send(new EstablishCommandStructure(cmcc, "Civil-Military Coordination Center", USA, "Kiryat Gat"), "2025-10-01T00:00:00Z", null);
        send(new EstablishPost(cmcc, lead, "Military lead", ServiceLine.MILITARY, null, "Secretary of War", null, null), null, null);
        send(new AppointLead(cmcc, lead, new Appointee("Brad Cooper", "Admiral", USA, "CENTCOM", ServiceLine.MILITARY),
                "Secretary of War", null), "2025-10-17T09:00:00Z", "DoW order 2025-117");
        send(new AppointLead(cmcc, lead, new Appointee("Patrick Frank", "Lieutenant General", USA, "ARCENT", ServiceLine.MILITARY),
                "Secretary of War", null), "2025-11-01T00:00:00Z", "DoW order 2025-130");

        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT sequence_number, type, payload_type, payload_revision, convert_from(payload, 'UTF8') AS json, global_index "
                        + "FROM domain_event_entry WHERE aggregate_identifier = 'cmcc-it' ORDER BY sequence_number");
        assertThat(rows).extracting(r -> r.get("sequence_number")).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(rows).extracting(r -> r.get("payload_type")).containsExactly(
                "org.coordination.ledger.contract.structure.CommandStructureEstablished",
                "org.coordination.ledger.contract.structure.PostEstablished",
                "org.coordination.ledger.contract.structure.LeadAppointed",
                "org.coordination.ledger.contract.structure.LeadRelieved",
                "org.coordination.ledger.contract.structure.LeadAppointed");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("payload_revision")).isEqualTo("1"));
        assertThat(rows).allSatisfy(r -> assertThat(r.get("type")).isEqualTo("CommandStructure"));
        // readable JSON in the table, not large-object ids
        assertThat((String) rows.get(3).get("json")).contains("\"name\":\"Brad Cooper\"");
        assertThat((String) rows.get(4).get("json")).contains("\"name\":\"Patrick Frank\"");

        JsonNode relieved = metadataOf("cmcc-it", 3);
        JsonNode appointed = metadataOf("cmcc-it", 4);
        assertThat(appointed.get("principal").asText()).isEqualTo("coordinator");
        assertThat(appointed.get("role").asText()).isEqualTo("COORDINATOR");
        assertThat(appointed.get("citation").asText()).isEqualTo("DoW order 2025-130");
        assertThat(appointed.get("effectiveAt").asText()).isEqualTo("2025-11-01T00:00:00Z");
        assertThat(appointed.get("recordedAt").asText()).isNotBlank();
        assertThat(appointed.get("correlationId").asText()).isNotBlank();
        // both events come from the same command: same cause, same correlation
        assertThat(relieved.get("causationId")).isEqualTo(appointed.get("causationId"));
        assertThat(relieved.get("correlationId")).isEqualTo(appointed.get("correlationId"));
        assertThat(metadataOf("cmcc-it", 1).get("effectiveAt").asText())
                .as("effectiveAt defaults to the recorded time")
                .isEqualTo(metadataOf("cmcc-it", 1).get("recordedAt").asText());
    }

    @Test
    void aRefusedCommandWritesNothing() {
        StructureId cmcc = StructureId.of("cmcc-refusal");
        PostId lead = PostId.of("civilian-lead");
        send(new EstablishCommandStructure(cmcc, "Center", USA, "Kiryat Gat"), null, null);
        send(new EstablishPost(cmcc, lead, "Civilian lead", ServiceLine.CIVILIAN, null, "Secretary of State", null, null), null, null);
        long before = eventCount();

        assertThatThrownBy(() -> send(new AppointLead(cmcc, lead,
                new Appointee("Steven Fagin", "Ambassador", USA, "State", ServiceLine.CIVILIAN), "Secretary of War", null), null, null))
                .isInstanceOf(RuleViolation.class)
                .extracting(e -> ((RuleViolation) e).rule()).isEqualTo("WRONG_APPOINTING_AUTHORITY");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void theGlobalSequenceHasNoLargeGaps() {
        StructureId cmcc = StructureId.of("cmcc-sequence");
        send(new EstablishCommandStructure(cmcc, "Center", USA, "Kiryat Gat"), null, null);
        for (int i = 0; i < 10; i++) {
            send(new AttachStaff(cmcc, Nation.of("CYP"), 1, null), null, null);
        }
        List<Long> indexes = jdbc.queryForList(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = 'cmcc-sequence' ORDER BY global_index", Long.class);
        assertThat(indexes).hasSize(11);
        assertThat(indexes.get(10) - indexes.get(0)).isLessThan(11 + 5);
    }

    /**
     * Appends that roll back leave positions unused; a run of them wider than a read's batch (100) must
     * not hide the events after it from the processors (the reads take the next rows by LIMIT, with no
     * second query for the lowest position after an empty read).
     */
    @Test
    void theTrackedStreamReadsPastAGapWiderThanABatch() {
        StructureId cmcc = StructureId.of("cmcc-wide-gap");
        send(new EstablishCommandStructure(cmcc, "Center", USA, "Kiryat Gat"), null, null);
        long before = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        jdbc.queryForObject("SELECT max(nextval('domain_event_entry_seq')) FROM generate_series(1, 250)", Long.class);
        send(new AttachStaff(cmcc, Nation.of("CYP"), 1, null), null, null);
        long after = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        assertThat(after - before).isGreaterThan(250);

        java.util.Optional<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> next;
        try (var stream = engine.readEvents(org.axonframework.eventhandling.GapAwareTrackingToken.newInstance(before, List.of()), false)) {
            next = stream.findFirst();
        }

        assertThat(next).isPresent();
        assertThat(next.get().trackingToken().position()).hasValue(after);
        assertThat(next.get().getPayload()).isInstanceOf(org.coordination.ledger.contract.structure.StaffAttached.class);

        // a token's gap that has been filled since (here: a position the token names as a gap) is read first
        try (var stream = engine.readEvents(org.axonframework.eventhandling.GapAwareTrackingToken.newInstance(after, List.of(before)), false)) {
            next = stream.findFirst();
        }
        assertThat(next).isPresent();
        assertThat(next.get().getIdentifier()).isEqualTo(jdbc.queryForObject(
                "SELECT event_identifier FROM domain_event_entry WHERE global_index = ?", String.class, before));
    }

    @Test
    void anAggregateIsSnapshottedAndReloadsFromItsSnapshot() throws Exception {
        StructureId cmcc = StructureId.of("cmcc-snapshot");
        send(new EstablishCommandStructure(cmcc, "Center", USA, "Kiryat Gat"), null, null);
        for (int i = 0; i < 12; i++) {
            send(new AttachStaff(cmcc, USA, 10, "Center staff"), null, null);
        }
        await("a snapshot of cmcc-snapshot").atMost(Duration.ofSeconds(10)).pollInterval(25, MILLISECONDS).until(
                () -> jdbc.queryForObject("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = 'cmcc-snapshot'",
                        Long.class) > 0);
        String snapshot = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM snapshot_event_entry "
                + "WHERE aggregate_identifier = 'cmcc-snapshot' ORDER BY sequence_number DESC LIMIT 1", String.class);
        JsonNode state = json.readTree(snapshot.getBytes(StandardCharsets.UTF_8));
        assertThat(state.get("structureId").asText()).isEqualTo("cmcc-snapshot");
        assertThat(state.get("staff").get("USA").asInt()).isBetween(50, 120);

        // The reloaded aggregate (snapshot + later events) knows exactly 120 staff are attached.
        assertThatThrownBy(() -> send(new DetachStaff(cmcc, USA, 121), null, null))
                .isInstanceOf(RuleViolation.class)
                .extracting(e -> ((RuleViolation) e).rule()).isEqualTo("DETACHMENT_EXCEEDS_ATTACHED");
        send(new DetachStaff(cmcc, USA, 120), null, null);
        String detached = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = 'cmcc-snapshot' ORDER BY sequence_number DESC LIMIT 1", String.class);
        assertThat(json.readTree(detached).get("nationTotal").asInt()).isZero();
    }

    @Test
    void theMandatePolicySatisfiesAWaitingPledgeAndActsInItsOwnName() throws Exception {
        MandateId mandate = MandateId.of("it-mandate");
        ForceId force = ForceId.of("it-force");
        ContributionId pledge = ContributionId.of("it-force-idn");
        Condition mandateRequired = new Condition(ConditionType.MANDATE_REQUIRED, null);
        send(new EstablishForce(force, "ISF", "Board of Peace", USA, CommandModel.LEAD_NATION, 5000, mandate), null, null);
        send(new JoinForce(pledge, force, Nation.of("IDN"), List.of(new ContributedUnit(RequirementLineId.of("inf"), "Infantry", 500)),
                Readiness.L2, List.of(mandateRequired), AuthorityLevel.OPCON), null, null);
        send(new AuthorizeMandate(mandate, new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/IT-1", LocalDate.parse("2025-11-17"),
                        new Vote(13, 0, 2)), CharterBasis.NOT_STATED, List.of("ISF"), List.of("Stabilize"), UseOfForce.ALL_NECESSARY_MEASURES,
                10000, LocalDate.parse("2025-11-17"), LocalDate.parse("2027-12-31")), "2025-11-17T00:00:00Z", "S/RES/IT-1");

        await("the pledge's mandate condition satisfied by the policy").atMost(Duration.ofSeconds(20)).pollInterval(25, MILLISECONDS).until(
                () -> jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'it-force-idn' "
                        + "AND payload_type LIKE '%ConditionSatisfied'", Long.class) == 1);
        JsonNode meta = metadataOf("it-force-idn", 1);
        assertThat(meta.get("principal").asText()).isEqualTo("policy:mandate");
        assertThat(meta.get("role").asText()).isEqualTo("POLICY");
        assertThat(meta.get("citation").asText()).isEqualTo("S/RES/IT-1");
        assertThat(meta.get("effectiveAt").asText()).isEqualTo("2025-11-17T00:00:00Z");
        String authorizedEventId = jdbc.queryForObject(
                "SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = 'it-mandate' AND sequence_number = 0", String.class);
        JsonNode authorizedMeta = metadataOf("it-mandate", 0);
        assertThat(meta.get("correlationId")).isEqualTo(authorizedMeta.get("correlationId"));
        assertThat(meta.get("causationId").asText()).isNotEqualTo(authorizedEventId)
                .as("caused by the policy's command, itself caused by the event");
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = 'it-force-idn' AND sequence_number = 1", String.class);
        assertThat(json.readTree(payload).get("state").asText()).isEqualTo("OFFERED");
    }

    @Test
    void theSameInstrumentCannotBeCitedByTwoMandates() {
        Instrument resolution = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/IT-DUP", LocalDate.parse("2025-11-17"), new Vote(15, 0, 0));
        send(new AuthorizeMandate(MandateId.of("dup-a"), resolution, CharterBasis.CHAPTER_VII, List.of("A"), List.of("T"),
                UseOfForce.SELF_DEFENCE_ONLY, null, LocalDate.parse("2025-11-17"), LocalDate.parse("2026-11-17")), null, null);
        long before = eventCount();
        assertThatThrownBy(() -> send(new AuthorizeMandate(MandateId.of("dup-b"), resolution, CharterBasis.CHAPTER_VII, List.of("A"),
                List.of("T"), UseOfForce.SELF_DEFENCE_ONLY, null, LocalDate.parse("2025-11-17"), LocalDate.parse("2026-11-17")), null, null))
                .isInstanceOf(RuleViolation.class)
                .extracting(e -> ((RuleViolation) e).rule()).isEqualTo("INSTRUMENT_ALREADY_CITED");
        assertThat(eventCount()).isEqualTo(before);
    }
}
