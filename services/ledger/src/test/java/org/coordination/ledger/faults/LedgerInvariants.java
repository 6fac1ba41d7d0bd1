package org.coordination.ledger.faults;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.coordination.ledger.faults.CommandLoad.Result;
import org.coordination.ledger.testsupport.ReadModelsToken;
import org.coordination.ledger.testsupport.ReadModelChecksums;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What must hold after any fault: every acknowledged command stored exactly once, nothing stored for a
 * refusal, every stream dense, every running total equal to its events, the hash chain intact, and the
 * read models equal to a rebuild from the first event.
 */
final class LedgerInvariants {

    /** The figures docs/reliability.md reports. */
    record Figures(int commands, int acknowledged, int refused, int unknown, int unknownStored, int recordedDespiteCutOff,
                   int lost, int duplicated, int storedForRefusal, int gaps, int wrongTotals, int serverErrors,
                   Map<Integer, Integer> statuses) {
        @Override
        public String toString() {
            return "commands=" + commands + " acknowledged=" + acknowledged + " refused=" + refused + " unknown=" + unknown
                    + " (stored: " + unknownStored + ") recordedDespite503OrNoAnswer=" + recordedDespiteCutOff
                    + " lost=" + lost + " duplicated=" + duplicated + " storedForRefusal=" + storedForRefusal + " gaps=" + gaps
                    + " wrongTotals=" + wrongTotals + " 5xx(not 503)=" + serverErrors + " statuses=" + statuses;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newHttpClient();

    LedgerInvariants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts each command's figures; the caller asserts them (so a failing run still prints them all). */
    Figures figures(List<Result> results, Map<Integer, Integer> statuses) {
        Map<String, Integer> stored = markersStored();
        Map<String, Integer> eventIds = new HashMap<>();
        jdbc.query("SELECT event_identifier FROM domain_event_entry", row -> {
            eventIds.merge(row.getString(1), 1, Integer::sum);
        });
        int acknowledged = 0, refused = 0, unknown = 0, unknownStored = 0, recordedDespiteCutOff = 0, lost = 0, duplicated = 0;
        int storedForRefusal = 0;
        for (Result result : results) {
            int copies = stored.getOrDefault(result.command().marker(), 0);
            boolean marked = result.command().kind() != CommandLoad.Kind.DETACH;
            switch (result.outcome()) {
                case ACKNOWLEDGED -> {
                    acknowledged++;
                    boolean eventsStored = result.eventIds().stream().allMatch(id -> eventIds.getOrDefault(id, 0) == 1);
                    if (!eventsStored || (marked && copies == 0)) {
                        lost++;
                    }
                    if (marked && copies > 1) {
                        duplicated++;
                    }
                    if (result.cutOffFirst() && result.replayed()) {
                        recordedDespiteCutOff++;
                    }
                }
                case REFUSED -> {
                    refused++;
                    if (marked && copies > 0) {
                        storedForRefusal++;
                    }
                }
                case UNKNOWN -> {
                    unknown++;
                    unknownStored += marked && copies == 1 ? 1 : 0;
                    if (marked && copies > 1) {
                        duplicated++;
                    }
                }
            }
        }
        int serverErrors = statuses.entrySet().stream().filter(s -> s.getKey() >= 500 && s.getKey() != 503)
                .mapToInt(Map.Entry::getValue).sum();
        return new Figures(results.size(), acknowledged, refused, unknown, unknownStored, recordedDespiteCutOff, lost, duplicated, storedForRefusal, gaps().size(),
                wrongTotals().size(), serverErrors, statuses);
    }

    /** How many times each command's marker is stored, in the field of the event that command records. */
    Map<String, Integer> markersStored() {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query("""
                SELECT CASE
                         WHEN payload_type LIKE '%.StaffAttached' THEN p ->> 'role'
                         WHEN payload_type LIKE '%.LeadAppointed' THEN p -> 'appointee' ->> 'name'
                         WHEN payload_type LIKE '%.LeadRelieved' THEN p ->> 'reason'
                         WHEN payload_type LIKE '%.ContributionPledged' THEN aggregate_identifier
                       END AS marker
                  FROM (SELECT payload_type, aggregate_identifier, convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry) e
                """, row -> {
            String marker = row.getString(1);
            if (marker != null) {
                counts.merge(marker, 1, Integer::sum);
            }
        });
        return counts;
    }

    /**
     * Streams (kind and id, named Kind:id) whose sequence numbers are not exactly 0..n-1, or whose chain
     * head is not their last event.
     */
    List<String> gaps() {
        List<String> broken = new ArrayList<>(jdbc.queryForList("SELECT type || ':' || aggregate_identifier FROM domain_event_entry "
                + "GROUP BY type, aggregate_identifier HAVING max(sequence_number) <> count(*) - 1 OR min(sequence_number) <> 0",
                String.class));
        broken.addAll(jdbc.queryForList("SELECT h.aggregate_type || ':' || h.aggregate_identifier FROM ledger_stream_head h "
                + "JOIN (SELECT type, aggregate_identifier, max(sequence_number) AS last FROM domain_event_entry "
                + "GROUP BY type, aggregate_identifier) e ON e.type = h.aggregate_type AND e.aggregate_identifier = h.aggregate_identifier "
                + "WHERE h.last_sequence <> e.last", String.class));
        return broken;
    }

    /** StaffAttached / StaffDetached events whose nation total is not the sum of the stream's events before them. */
    List<String> wrongTotals() {
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> totals = new HashMap<>();
        // only command structures record staff, so the id names the stream
        inStreamOrder("StaffAttached", "StaffDetached", (stream, sequence, type, event) -> {
            String key = stream + "/" + event.get("nation").asText();
            int sign = type.endsWith("StaffAttached") ? 1 : -1;
            int total = totals.getOrDefault(key, 0) + sign * event.get("personnel").asInt();
            totals.put(key, total);
            if (event.get("nationTotal").asInt() != total) {
                wrong.add(key + "@" + sequence + ": " + event.get("nationTotal").asInt() + " recorded, " + total + " in the stream");
            }
        });
        return wrong;
    }

    /**
     * Appointments to a post that already had an incumbent (no LeadRelieved between), in each structure's stream
     * order: one incumbent per post, whichever instances the racing commands went to.
     */
    List<String> secondIncumbents() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> incumbents = new HashMap<>();
        inStreamOrder("LeadAppointed", "LeadRelieved", (stream, sequence, type, event) -> {
            String post = stream + "/" + event.get("postId").toString();
            String appointee = event.get("appointee").toString();
            if (type.endsWith("LeadAppointed")) {
                String before = incumbents.put(post, appointee);
                if (before != null) {
                    wrong.add(post + "@" + sequence + ": " + appointee + " appointed while " + before + " held it");
                }
            } else {
                incumbents.remove(post);
            }
        });
        return wrong;
    }

    private interface EventVisitor {
        void visit(String stream, long sequence, String payloadType, JsonNode event);
    }

    /** The events of the two types (simple names), stream by stream in sequence order, their payloads parsed. */
    private void inStreamOrder(String oneType, String otherType, EventVisitor visitor) {
        jdbc.query("SELECT aggregate_identifier, sequence_number, payload_type, convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE payload_type LIKE ? OR payload_type LIKE ? ORDER BY aggregate_identifier, sequence_number", row -> {
            try {
                visitor.visit(row.getString(1), row.getLong(2), row.getString(3), JSON.readTree(row.getString(4)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, "%." + oneType, "%." + otherType);
    }

    /** How many commands the instance decided again after losing a race (0 if none yet). */
    long retriedConflicts(String baseUrl) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl
                + "/actuator/metrics/ledger.commands.conflicts.retried")).header("Authorization", auditor()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (long) JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble();
    }

    /** GET /api/v1/audit/verify on the instance. */
    JsonNode verify(String baseUrl) throws Exception {
        return get(baseUrl, "/api/v1/audit/verify");
    }

    /** Waits until the read-model processor has every stored event, then checksums its tables. */
    Map<String, String> caughtUpReadModels() {
        // policies may still react with events of their own: caught up means equal, and unchanged for a second
        AtomicReference<List<Long>> previous = new AtomicReference<>();
        await("read models caught up with every event").atMost(120, SECONDS).pollInterval(250, MILLISECONDS).during(1, SECONDS)
                .until(() -> List.of(jdbc.queryForObject("SELECT COALESCE(max(global_index), -1) FROM domain_event_entry", Long.class),
                                ReadModelsToken.position(jdbc), ReadModelsToken.hasEveryEvent(jdbc) ? 1L : 0L),
                        positions -> positions.get(2) == 1L && positions.equals(previous.getAndSet(positions)));
        return checksums();
    }

    /** Every read model document (model/id → scope, document, last global index), to name what differs. */
    Map<String, String> readModelDocuments() {
        Map<String, String> documents = new java.util.TreeMap<>();
        jdbc.query("SELECT model || '/' || id, COALESCE(scope_id, '') || ' ' || document::text FROM read_model",
                row -> {
                    documents.put(row.getString(1), row.getString(2));
                });
        return documents;
    }

    /** The entries of two document maps that differ, at most five, each as live and rebuilt. */
    static Map<String, List<String>> differences(Map<String, String> live, Map<String, String> rebuilt) {
        Map<String, List<String>> differ = new java.util.TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(live.keySet());
        keys.addAll(rebuilt.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(live.get(key), rebuilt.get(key)) && differ.size() < 5) {
                differ.put(key, java.util.Arrays.asList(live.get(key), rebuilt.get(key)));
            }
        }
        return differ;
    }

    Map<String, String> checksums() {
        return ReadModelChecksums.of(jdbc);
    }

    /** Rebuilds every read model from the first event (POST /api/v1/audit/replays) and waits for the switch. */
    void rebuild(String baseUrl) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/audit/replays"))
                .header("Authorization", auditor()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(JSON.readTree(started.body()).get("state").asText()).isIn("RUNNING", "SWITCHING", "COMPLETED");
        await("rebuild finished").atMost(120, SECONDS).pollDelay(Duration.ZERO).pollInterval(100, MILLISECONDS)
                .until(() -> get(baseUrl, location).get("state").asText(), state -> {
                    assertThat(state).isIn("RUNNING", "SWITCHING", "COMPLETED");
                    return state.equals("COMPLETED");
                });
    }

    private JsonNode get(String baseUrl, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .header("Authorization", auditor()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String auditor() {
        return "Basic " + Base64.getEncoder().encodeToString("auditor:auditor".getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts the figures that must be zero, after printing them. */
    static void assertClean(String scenario, Figures figures) {
        System.out.println("FAULT-INJECTION " + scenario + ": " + figures);
        assertThat(figures.lost()).as(scenario + ": acknowledged but not stored").isZero();
        assertThat(figures.duplicated()).as(scenario + ": stored more than once").isZero();
        assertThat(figures.storedForRefusal()).as(scenario + ": stored although refused").isZero();
        assertThat(figures.gaps()).as(scenario + ": streams with a gap").isZero();
        assertThat(figures.wrongTotals()).as(scenario + ": running totals not equal to their events").isZero();
        assertThat(figures.serverErrors()).as(scenario + ": 5xx other than 503").isZero();
        assertThat(figures.acknowledged()).as(scenario + ": commands acknowledged").isPositive();
    }
}
