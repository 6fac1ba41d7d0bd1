package org.coordination.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.transparency.EventProofs;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bitemporal proof (AUDITOR): what a stream's state as of an effective time T, as the ledger knew it at a recorded
 * time R, was folded from, each event proven in one signed checkpoint. The events are the stream's whole prefix
 * recorded by R (sequence 0 to k, each linked to the one before by its previous hash), with the stream's next event,
 * recorded after R, when there is one: so an auditor sees that nothing of the stream recorded by R was left out, down
 * to that next event. {@code folded} names those of them whose effective time is not after T: exactly what the read
 * models fold for {@code ?asOf=T&recordedAsOf=R}.
 */
@RestController
@Tag(name = "Merkle log")
class AsOfProofController {

    private static final HexFormat HEX = HexFormat.of();

    /** One event of the stream with its times, its chain link and its proof in the checkpoint. */
    record ProvenEvent(long globalIndex, String eventId, long sequence, String type, Instant effectiveAt, Instant recordedAt,
                       String hash, String previousHash, EventProofs.Proof proof) {
    }

    record AsOfProof(String aggregateType, String aggregateId, Instant asOf, Instant recordedAsOf,
                     AuditController.ProofCheckpoint checkpoint, List<ProvenEvent> events, List<String> folded, ProvenEvent nextRecorded) {
    }

    private record Row(long globalIndex, String eventId, long sequence, String type, Instant effectiveAt, Instant recordedAt,
                       byte[] hash, byte[] previousHash) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventProofs eventProofs;

    AsOfProofController(JdbcTemplate jdbc, ObjectMapper json, EventProofs eventProofs) {
        this.jdbc = jdbc;
        this.json = json;
        this.eventProofs = eventProofs;
    }

    @GetMapping("/api/v1/audit/aggregates/{kind}/{aggregateId}/as-of-proof")
    @Operation(summary = "A stream's state as of a time, proven: the events it is folded from, each in one signed checkpoint",
            description = "asOf: effective time (an instant, or a date meaning the end of that day); recordedAsOf: what the ledger knew "
                    + "then (default: now). events: the stream's prefix recorded by recordedAsOf with their proofs; nextRecorded: the "
                    + "stream's next event, recorded later, if any; folded: the ids of the events whose effective time is not after asOf.")
    AsOfProof proof(@PathVariable
                    @Parameter(description = "The aggregate kind, as aggregateType names it",
                            schema = @Schema(allowableValues = {"Mandate", "Force", "Contribution", "ConsentRegister", "CommandStructure",
                                    "HumanitarianCoalition"}))
                    String kind,
                    @PathVariable String aggregateId,
                    @RequestParam(required = false) @Parameter(description = "effective time") String asOf,
                    @RequestParam(required = false) @Parameter(description = "recorded time") String recordedAsOf) {
        if (!StreamId.KINDS.contains(kind)) {
            throw ApiProblem.invalidField("kind", "must be one of " + String.join(", ", StreamId.KINDS));
        }
        AsOf times = AsOf.parse(asOf, recordedAsOf);
        List<Row> stream = jdbc.query("SELECT global_index, event_identifier, sequence_number, payload_type, meta_data, hash, previous_hash "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? AND type = ? ORDER BY sequence_number",
                (row, n) -> row(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getBytes(5), row.getBytes(6),
                        row.getBytes(7)), aggregateId, kind);
        if (stream.isEmpty()) {
            throw ApiProblem.notFound("No events for " + kind + " " + aggregateId);
        }
        // a stream's events are recorded in sequence order: what was known at R is a prefix
        int known = 0;
        while (known < stream.size() && (times.recorded() == null || !stream.get(known).recordedAt().isAfter(times.recorded()))) {
            known++;
        }
        if (known == 0) {
            throw ApiProblem.notFound("No event of " + kind + " " + aggregateId + " was recorded by " + times.recorded());
        }
        Row next = known < stream.size() ? stream.get(known) : null;
        List<Long> proven = new ArrayList<>(stream.subList(0, known).stream().map(Row::globalIndex).toList());
        if (next != null) {
            proven.add(next.globalIndex());
        }
        EventProofs.Proofs proofs = eventProofs.inFirstCheckpointHoldingAll(proven).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT,
                "not-checkpointed-yet", "Not in a signed checkpoint yet", "the events of " + kind + " " + aggregateId
                + " are not all in a signed checkpoint yet; ask again in a few seconds", Map.of()));
        List<ProvenEvent> events = stream.subList(0, known).stream().map(row -> proven(row, proofs)).toList();
        List<String> folded = stream.subList(0, known).stream()
                .filter(row -> times.effective() == null || !row.effectiveAt().isAfter(times.effective())).map(Row::eventId).toList();
        return new AsOfProof(kind, aggregateId, times.effective(), times.recorded(), new AuditController.ProofCheckpoint(
                proofs.checkpoint().treeSize(), HEX.formatHex(proofs.checkpoint().rootHash()), proofs.checkpoint().note()), events, folded,
                next == null ? null : proven(next, proofs));
    }

    private static ProvenEvent proven(Row row, EventProofs.Proofs proofs) {
        return new ProvenEvent(row.globalIndex(), row.eventId(), row.sequence(), row.type(), row.effectiveAt(), row.recordedAt(),
                HEX.formatHex(row.hash()), row.previousHash() == null ? null : HEX.formatHex(row.previousHash()),
                proofs.byGlobalIndex().get(row.globalIndex()));
    }

    private Row row(long globalIndex, String eventId, long sequence, String payloadType, byte[] metadata, byte[] hash, byte[] previousHash) {
        try {
            JsonNode meta = json.readTree(metadata);
            Instant recorded = Instant.parse(meta.path("recordedAt").asText());
            Instant effective = meta.hasNonNull("effectiveAt") ? Instant.parse(meta.get("effectiveAt").asText()) : recorded;
            return new Row(globalIndex, eventId, sequence, payloadType.substring(payloadType.lastIndexOf('.') + 1), effective, recorded, hash,
                    previousHash);
        } catch (IOException | RuntimeException e) {
            // a row the ledger could not have written (verify names it): no proof can be built over it
            throw new ApiProblem(HttpStatus.CONFLICT, "unreadable-event", "An event cannot be read", "event " + eventId
                    + " has no readable effectiveAt and recordedAt in its metadata; GET /api/v1/audit/verify says why", Map.of());
        }
    }
}
