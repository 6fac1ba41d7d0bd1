package org.coordination.ledger.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.problem.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/timeline}: events in effective-time order, paged with an opaque cursor. */
@RestController
@Tag(name = "Reads")
class TimelineController {

    static final int MAX_LIMIT = 500;

    /** One entry of the timeline. */
    record Entry(long globalIndex, Instant effectiveAt, Instant recordedAt, String aggregateType, String aggregateId, long sequence,
                 String eventId, String type, String principal, String role, String citation, JsonNode payload) {
    }

    /** A page of the timeline; {@code nextCursor} is absent on the last page. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "TimelinePage")
    record Page(List<Entry> entries, String nextCursor) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    TimelineController(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping("/api/v1/timeline")
    @Operation(summary = "Every event in effective-time order, with recorded time, actor and citation")
    Page timeline(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) String aggregateId, @RequestParam(required = false) String aggregateType,
                  @RequestParam(defaultValue = "100") int limit,
                  @RequestParam(required = false) String cursor, @RequestParam(required = false) String recordedAsOf) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        AsOf window = new AsOf(AsOf.effective("to", to), AsOf.parse(null, recordedAsOf).recorded());
        Instant start = AsOf.effectiveFrom("from", from);
        if (start != null && window.effective() != null && start.isAfter(window.effective())) {
            throw ApiProblem.invalidField("from", "must not be later than to");
        }
        // the payload from the event itself, by its global index (the timeline keeps no copy of it); filtered
        // and ordered in the timeline first, so only a page's events are read
        StringBuilder sql = new StringBuilder("SELECT global_index, effective_at, recorded_at, aggregate_type, aggregate_id, sequence, "
                + "event_id, event_type, principal, role, citation FROM timeline_entry WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (start != null) {
            sql.append(" AND effective_at >= ?");
            args.add(Timestamp.from(start));
        }
        if (window.effective() != null) {
            sql.append(" AND effective_at <= ?");
            args.add(Timestamp.from(window.effective()));
        }
        if (window.recorded() != null) {
            sql.append(" AND recorded_at <= ?");
            args.add(Timestamp.from(window.recorded()));
        }
        if (aggregateId != null) {
            sql.append(" AND aggregate_id = ?");
            args.add(aggregateId);
        }
        if (aggregateType != null) {
            // one kind's stream when another kind shares its id
            if (!StreamId.KINDS.contains(aggregateType)) {
                throw ApiProblem.invalidField("aggregateType", "must be one of " + String.join(", ", StreamId.KINDS));
            }
            sql.append(" AND aggregate_type = ?");
            args.add(aggregateType);
        }
        if (cursor != null) {
            String[] position = decode(cursor);
            sql.append(" AND (effective_at, global_index) > (?, ?)");
            args.add(Timestamp.from(Instant.parse(position[0])));
            args.add(Long.parseLong(position[1]));
        }
        sql.append(" ORDER BY effective_at, global_index LIMIT ?");
        args.add(limit + 1);
        sql.insert(0, "SELECT t.*, e.payload, e.payload_type, e.payload_revision FROM (").append(") t JOIN domain_event_entry e USING (global_index) ORDER BY t.effective_at, t.global_index");
        List<Entry> entries = jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), current(rs.getBytes(12), rs.getString(13), rs.getString(14))),
                args.toArray());
        String next = null;
        if (entries.size() > limit) {
            entries = entries.subList(0, limit);
            Entry last = entries.get(limit - 1);
            next = encode(last.effectiveAt() + "|" + last.globalIndex());
        }
        return new Page(entries, next);
    }

    /** The payload as this release reads it (an event stored at an earlier revision after its steps); the audit API shows it as stored. */
    private JsonNode current(byte[] payload, String payloadType, String revision) {
        JsonNode stored;
        try {
            stored = json.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            return EventRevisions.toCurrent(payloadType, revision, stored);
        } catch (IllegalArgumentException e) {
            return stored; // not what this ledger writes (an edited row): shown as it is; /audit/verify names it
        }
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            AsOf.inRange("cursor", Instant.parse(position[0])); // a forged time beyond the database's would fail there
            Long.parseLong(position[1]);
            return position;
        } catch (RuntimeException e) {
            throw ApiProblem.invalidField("cursor", "is not a cursor this API returned");
        }
    }
}
