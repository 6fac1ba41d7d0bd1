package org.coordination.ledger.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.transparency.EventProofs;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The auditor's view of the ledger itself: the event log, each stream, and its integrity (AUDITOR only). */
@RestController
@Tag(name = "Audit", description = "The global event log, each aggregate's stream, integrity verification and digests")
class AuditController {

    static final int MAX_LIMIT = 1000;
    /** The aggregate kinds, as the type column and aggregateType name them: the kinds commands target. */
    static final List<String> KINDS = StreamId.KINDS;
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /**
     * One stored event with all its provenance and its integrity fields: {@code revision} and {@code payload}
     * as stored (what the hash covers); {@code current}, on request, what it means to this release.
     */
    record AuditEvent(long globalIndex, String eventId, String aggregateType, String aggregateId, long sequence, String type,
                      String revision, String timestamp, JsonNode payload, JsonNode metadata, String hash, String previousHash,
                      @JsonInclude(JsonInclude.Include.NON_NULL) CurrentMeaning current,
                      @JsonInclude(JsonInclude.Include.NON_NULL) EventProofs.Proof proof) {

        AuditEvent withProof(EventProofs.Proof inclusion) {
            return new AuditEvent(globalIndex, eventId, aggregateType, aggregateId, sequence, type, revision, timestamp, payload, metadata,
                    hash, previousHash, current, inclusion);
        }
    }

    /** The signed checkpoint a page's proofs lead to: its size, root (hex) and the signed note (docs/audit.md, section 4). */
    record ProofCheckpoint(long treeSize, String rootHash, String note) {
    }

    /**
     * The payload as this release reads it: the stored one when it was stored at the current revision, else
     * after the revision steps (docs/events.md). {@code problem} says why it cannot be read, for a row that is
     * not what the ledger writes.
     */
    record CurrentMeaning(String revision, JsonNode payload, @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
    }

    private static final String CURRENT_DESCRIPTION = "true adds to each event its payload as this release reads it "
            + "(current: the revision and the payload after the upcasters), beside the stored revision and payload the hash covers";

    /** A page of events; {@code next} is the {@code after} of the following page. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @Schema(name = "AuditEventPage")
    record Page(List<AuditEvent> events, Long next, @JsonInclude(JsonInclude.Include.NON_NULL) ProofCheckpoint checkpoint) {

        Page(List<AuditEvent> events, Long next) {
            this(events, next, null);
        }
    }

    private static final String PROOF_DESCRIPTION = "true adds to each event its inclusion proof (proof: leafIndex and path, hex) in the latest "
            + "signed checkpoint of the Merkle log, given once for the page (checkpoint); an event not in a signed checkpoint yet has none";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final EventProofs eventProofs;
    private final TransactionTemplate transactions;

    AuditController(JdbcTemplate jdbc, DataSource dataSource, ObjectMapper json, EventProofs eventProofs, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.eventProofs = eventProofs;
        this.transactions = transactions;
    }

    @GetMapping("/api/v1/audit/events")
    @Operation(summary = "The global, ordered event log, paged by global index")
    Page events(@RequestParam(defaultValue = "-1") long after, @RequestParam(defaultValue = "100") int limit,
                @RequestParam(defaultValue = "false") @Parameter(description = CURRENT_DESCRIPTION) boolean current,
                @RequestParam(defaultValue = "false") @Parameter(description = PROOF_DESCRIPTION) boolean proof) {
        return withProofs(page("global_index > ?", List.of(after), "global_index", limit, current), proof);
    }

    /**
     * One stream: the events of one aggregate of one kind, in sequence order. In an intact stream
     * sequence order is global order (the chain trigger appends a stream's events one after the other
     * under its head's lock), so {@code after}, a global index as everywhere, pages it exactly.
     */
    @GetMapping("/api/v1/audit/aggregates/{kind}/{aggregateId}/events")
    @Operation(summary = "One stream: the events of one aggregate of one kind, in sequence order",
            description = "A stream is an aggregate kind and an id: the force isf and the command structure isf are two streams. "
                    + "kind is the aggregateType of the stream's events; any other kind is a 400 naming the field kind. "
                    + "Paged like /audit/events: follow next as after (a global index).")
    Page stream(@PathVariable
                @Parameter(description = "The aggregate kind, as aggregateType names it",
                        schema = @Schema(allowableValues = {"Mandate", "Force", "Contribution", "ConsentRegister", "CommandStructure",
                                "HumanitarianCoalition"}))
                String kind,
                @PathVariable String aggregateId, @RequestParam(defaultValue = "-1") long after,
                @RequestParam(defaultValue = "100") int limit,
                @RequestParam(defaultValue = "false") @Parameter(description = CURRENT_DESCRIPTION) boolean current,
                @RequestParam(defaultValue = "false") @Parameter(description = PROOF_DESCRIPTION) boolean proof) {
        if (!KINDS.contains(kind)) {
            throw ApiProblem.invalidField("kind", "must be one of " + String.join(", ", KINDS));
        }
        Page page = page("aggregate_identifier = ? AND type = ? AND global_index > ?", List.of(aggregateId, kind, after), "sequence_number",
                limit, current);
        if (page.events().isEmpty() && after < 0) {
            throw ApiProblem.notFound("No events for " + kind + " " + aggregateId);
        }
        return withProofs(page, proof);
    }

    /**
     * Every stream under one id, whatever its kind, in global order (each stream's events stay in their
     * sequence order within it). Global order is what {@code after} counts in, so paging never skips or
     * repeats an event when two kinds share the id; for an id only one kind uses, this is that stream.
     */
    @GetMapping("/api/v1/audit/aggregates/{aggregateId}/events")
    @Operation(summary = "Every stream under one id, whatever its kind, in global order",
            description = "The force isf and the command structure isf both answer here, interleaved as they were recorded; "
                    + "aggregateType tells them apart, /audit/aggregates/{kind}/{aggregateId}/events reads one of them. "
                    + "Paged like /audit/events: follow next as after (a global index).")
    Page streams(@PathVariable String aggregateId, @RequestParam(defaultValue = "-1") long after,
                 @RequestParam(defaultValue = "100") int limit,
                 @RequestParam(defaultValue = "false") @Parameter(description = CURRENT_DESCRIPTION) boolean current,
                 @RequestParam(defaultValue = "false") @Parameter(description = PROOF_DESCRIPTION) boolean proof) {
        Page page = page("aggregate_identifier = ? AND global_index > ?", List.of(aggregateId, after), "global_index", limit, current);
        if (page.events().isEmpty() && after < 0) {
            throw ApiProblem.notFound("No events for aggregate " + aggregateId);
        }
        return withProofs(page, proof);
    }

    @GetMapping("/api/v1/audit/verify")
    @Operation(summary = "Recompute the whole hash chain; name the first broken event of each stream",
            description = "With upTo, events and digest from an earlier GET /audit/digest, also prove that nothing at or before upTo changed.")
    LedgerIntegrity.Report verify(@RequestParam(required = false) Long upTo, @RequestParam(required = false) Long events,
                                  @RequestParam(required = false) String digest) throws SQLException {
        LedgerIntegrity.Digest kept = null;
        if (digest != null || upTo != null || events != null) {
            String missing = upTo == null ? "upTo" : events == null ? "events" : digest == null ? "digest" : null;
            if (missing != null) {
                throw ApiProblem.invalidField(missing, "is required with the others: give upTo, events and digest as GET /audit/digest returned them");
            }
            if (!digest.matches("^[0-9a-f]{64}$")) {
                throw ApiProblem.invalidField("digest", "must be 64 lowercase hex characters, as GET /audit/digest returned it");
            }
            kept = new LedgerIntegrity.Digest(upTo, events, digest);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return LedgerIntegrity.verify(connection, kept, null);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    @GetMapping("/api/v1/audit/digest")
    @Operation(summary = "A digest of the ledger up to a global position, to keep outside the ledger",
            description = "Without upTo: up to the last event committed when the request came, with no append still open below it. "
                    + "An upTo beyond that event is refused (400): a later commit could still land below it.")
    LedgerIntegrity.Digest digest(@RequestParam(required = false) Long upTo) throws SQLException {
        long settled = settledHead();
        // a digest up to a position not yet settled would be contradicted by the next event committed below it, and
        // verify would then report a change that is no tampering
        if (upTo != null && (upTo < 0 || upTo > settled)) {
            throw ApiProblem.invalidField("upTo", "must be from 0 to " + settled + ", the last global index committed with no append "
                    + "still open below it");
        }
        long position = upTo != null ? upTo : settled;
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return LedgerIntegrity.digest(connection, position);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * The last global index below which no append is still open. An append takes its index when it inserts the row and
     * commits later, so an index below the highest committed one may still be in flight: the lock (SHARE, which every
     * insert's ROW EXCLUSIVE lock conflicts with) waits for the appends open now to end and holds new ones for as long
     * as the next statement takes. It takes no clock: the events' time stamps are their instances' clocks at the
     * command, before the insert, and a transaction can take its index and then wait for longer than any interval.
     */
    private long settledHead() {
        try {
            Long head = transactions.execute(status -> {
                jdbc.execute("SET LOCAL lock_timeout = '2s'");
                jdbc.execute("LOCK TABLE domain_event_entry IN SHARE MODE");
                return jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
            });
            return head == null ? 0 : head;
        } catch (org.springframework.dao.DataAccessException busy) {
            if (lockNotAvailable(busy)) {
                throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "store-busy", "Store busy",
                        "An append stayed open for more than 2 s; ask for the digest again", Map.of());
            }
            throw busy;
        }
    }

    private static boolean lockNotAvailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The page with each event's inclusion proof in the latest signed checkpoint, when asked for. */
    private Page withProofs(Page page, boolean proof) {
        if (!proof) {
            return page;
        }
        return eventProofs.of(page.events().stream().map(AuditEvent::globalIndex).toList())
                .map(proofs -> new Page(page.events().stream().map(e -> e.withProof(proofs.byGlobalIndex().get(e.globalIndex()))).toList(),
                        page.next(), new ProofCheckpoint(proofs.checkpoint().treeSize(), hex(proofs.checkpoint().rootHash()),
                        proofs.checkpoint().note())))
                .orElse(page);
    }

    private Page page(String where, List<Object> args, String order, int limit, boolean current) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<Object> all = new java.util.ArrayList<>(args);
        all.add(limit);
        List<AuditEvent> events = jdbc.query("SELECT global_index, event_identifier, type, aggregate_identifier, sequence_number, payload_type, "
                        + "payload_revision, time_stamp, payload, meta_data, hash, previous_hash FROM domain_event_entry WHERE " + where
                        + " ORDER BY " + order + " LIMIT ?",
                (rs, i) -> {
                    JsonNode payload = tree(rs.getBytes(9));
                    return new AuditEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            simpleName(rs.getString(6)), rs.getString(7), rs.getString(8), payload, tree(rs.getBytes(10)),
                            hex(rs.getBytes(11)), hex(rs.getBytes(12)), current ? meaning(rs.getString(6), rs.getString(7), payload) : null, null);
                }, all.toArray());
        Long next = events.size() == limit ? events.get(events.size() - 1).globalIndex() : null;
        return new Page(events, next);
    }

    private static CurrentMeaning meaning(String payloadType, String revision, JsonNode stored) {
        try {
            JsonNode payload = EventRevisions.toCurrent(payloadType, revision, stored);
            return new CurrentMeaning(EventRevisions.current(Class.forName(payloadType)), payload, null);
        } catch (IllegalArgumentException | ClassNotFoundException e) {
            return new CurrentMeaning(null, null, e.getMessage());
        }
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return bytes == null ? null : json.readTree(bytes);
        } catch (IOException e) {
            // an edited row may no longer be JSON; the auditor still sees it, as text
            return json.getNodeFactory().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
