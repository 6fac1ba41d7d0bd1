package org.coordination.ledger.subscriber;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.mandate.MandateInForce;
import org.coordination.ledger.contract.mandate.MandateStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The subscriber's view over HTTP: the coalition board, the office holders, its alerts; and a rebuild. */
@RestController
class ViewController {

    /** An alert a subscriber raises from what it has seen. */
    record Alert(String kind, String subject, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int expiryDays;
    private final KafkaListenerEndpointRegistry listeners;
    private final LedgerEventListener listener;
    private final Duration witnessGrace;

    private final KafkaAdmin admin;
    private final String topic;

    ViewController(JdbcTemplate jdbc, @Value("${subscriber.alerts.mandate-expiry-days}") int expiryDays,
                   KafkaListenerEndpointRegistry listeners, LedgerEventListener listener,
                   @Value("${subscriber.witness.grace}") Duration witnessGrace, KafkaAdmin admin, @Value("${subscriber.topic}") String topic) {
        this.admin = admin;
        this.topic = topic;
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
        this.expiryDays = expiryDays;
        this.listeners = listeners;
        this.listener = listener;
        this.witnessGrace = witnessGrace;
    }

    @GetMapping("/api/v1/board")
    List<Map<String, Object>> board(@RequestParam(required = false) String forceId) {
        return forceId == null
                ? jdbc.queryForList("SELECT * FROM board_pledge ORDER BY force_id, nation, contribution_id")
                : jdbc.queryForList("SELECT * FROM board_pledge WHERE force_id = ? ORDER BY nation, contribution_id", forceId);
    }

    @GetMapping("/api/v1/office-holders")
    List<Map<String, Object>> officeHolders() {
        return jdbc.queryForList("SELECT * FROM office_holder ORDER BY structure_id, post_id");
    }

    @GetMapping("/api/v1/alerts")
    List<Alert> alerts() {
        LocalDate today = LocalDate.now(clock);
        List<Alert> alerts = new ArrayList<>();
        // what a mandate's status and a pledge's state mean is the contract's (MandateInForce, MandateStatus,
        // ContributionState); these tables are small, so the rows are read and judged here rather than in SQL
        Map<String, Boolean> inForce = new HashMap<>();
        jdbc.query("SELECT mandate_id, effective_from, expires_on, ended FROM mandate_term ORDER BY mandate_id", rs -> {
            LocalDate from = rs.getObject(2, LocalDate.class);
            LocalDate expiresOn = rs.getObject(3, LocalDate.class);
            boolean active = MandateInForce.on(today, from, expiresOn, rs.getBoolean(4));
            inForce.put(rs.getString(1), active);
            if (active && MandateStatus.expiresWithin(today, expiresOn, expiryDays)) {
                alerts.add(new Alert("MANDATE_EXPIRING", rs.getString(1), "expires on " + expiresOn));
            }
        });
        List<Alert> roeOutstanding = new ArrayList<>();
        jdbc.query("SELECT b.contribution_id, b.nation, b.state, b.roe_acknowledged, f.mandate_id, f.current_roe FROM board_pledge b "
                        + "JOIN force_mandate f ON f.force_id = b.force_id ORDER BY b.contribution_id",
                rs -> {
                    ContributionState state = ContributionState.valueOf(rs.getString(3));
                    String mandateId = rs.getString(5);
                    if (state.deployed() && !inForce.getOrDefault(mandateId, false)) {
                        alerts.add(new Alert("DEPLOYED_WITHOUT_ACTIVE_MANDATE", rs.getString(1),
                                rs.getString(2) + " is deployed while mandate " + mandateId + " is not active"));
                    }
                    if (state.engaged() && rs.getInt(4) < rs.getInt(6)) {
                        roeOutstanding.add(new Alert("ROE_ACKNOWLEDGEMENT_OUTSTANDING", rs.getString(1), rs.getString(2) + " acknowledged version "
                                + rs.getInt(4) + ", the current one is " + rs.getInt(6)));
                    }
                });
        alerts.addAll(roeOutstanding);
        jdbc.query("SELECT aggregate_type, aggregate_id, gaps FROM stream_position WHERE gaps > 0", rs -> {
            alerts.add(new Alert("SEQUENCE_GAP", new LedgerStream(rs.getString(1), rs.getString(2)).toString(),
                    rs.getLong(3) + " event(s) arrived out of sequence: something was missed"));
        });
        alerts.addAll(witnessAlerts());
        return alerts;
    }

    /** What the witness found: checkpoints refused, and events applied long before a checkpoint accepted that covers none of them. */
    private List<Alert> witnessAlerts() {
        List<Alert> alerts = new ArrayList<>();
        jdbc.query("SELECT tree_size, refusal, reason FROM witness_refusal ORDER BY received_at, tree_size", rs -> {
            alerts.add(new Alert("CHECKPOINT_REFUSED", "checkpoint of " + rs.getLong(1) + " events", rs.getString(2) + ": " + rs.getString(3)));
        });
        jdbc.query("SELECT p.event_id, p.processed_at FROM processed_event p WHERE p.leaf_hash IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM witness_leaf w WHERE w.leaf_hash = p.leaf_hash) "
                + "AND p.processed_at < (SELECT max(received_at) FROM witness_checkpoint) - make_interval(secs => ?) "
                + "ORDER BY p.processed_at LIMIT 100", rs -> {
                    alerts.add(new Alert("EVENT_NOT_IN_SIGNED_LOG", rs.getString(1), "applied at " + rs.getTimestamp(2).toInstant()
                            + " and in no signed checkpoint accepted since: the ledger never logged it, or its hash was altered"));
                }, witnessGrace.toMillis() / 1000.0);
        return alerts;
    }

    /** How much the subscriber has applied, per stream (an aggregate kind and id). */
    @GetMapping("/api/v1/status")
    Map<String, Object> status() {
        return Map.of(
                "processedEvents", jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class),
                "streams", jdbc.queryForList("SELECT aggregate_type, aggregate_id, last_sequence, applied, gaps FROM stream_position "
                        + "ORDER BY aggregate_id, aggregate_type"));
    }

    /**
     * Empties the view and reads the topic again from its beginning. The view's tables hold what every partition brought,
     * and only this instance's partitions are read again: so only an instance that reads every partition of the topic
     * (no other member in its group, between rebalances) rebuilds, and only once its consumer has paused (else another
     * poll's records would be applied into the emptied tables, or to be read again). Otherwise 409 or 503, nothing emptied.
     */
    @PostMapping("/api/v1/rebuild")
    ResponseEntity<Map<String, Object>> rebuild() throws InterruptedException {
        MessageListenerContainer container = listeners.getListenerContainer(LedgerEventListener.ID);
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        int partitions = admin.describeTopics(topic).get(topic).partitions().size();
        int reading = assigned == null ? 0 : assigned.size();
        if (reading != partitions) {
            return refused(HttpStatus.CONFLICT, "this instance reads " + reading + " of the topic's " + partitions + " partitions: other "
                    + "subscribers share its group (and this database), or a rebalance is under way; stop the others, then rebuild");
        }
        container.pause();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!container.isContainerPaused() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        if (!container.isContainerPaused()) {
            container.resume();
            return refused(HttpStatus.SERVICE_UNAVAILABLE, "the consumer did not pause within 30 s (a record held and retried?); try again");
        }
        jdbc.execute("TRUNCATE processed_event, board_pledge, office_holder, force_mandate, mandate_term, stream_position");
        listener.rebuildFromBeginning();
        container.resume();
        return ResponseEntity.ok(Map.of("rebuilding", true));
    }

    private static ResponseEntity<Map<String, Object>> refused(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("rebuilding", false, "reason", reason));
    }
}
