package org.coordination.ledger.subscriber;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the subscriber, as a witness, holds of the ledger's Merkle log, and how much of what it applied that log covers. */
@RestController
class WitnessController {

    private final JdbcTemplate jdbc;

    WitnessController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/witness")
    Map<String, Object> witness() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<Map<String, Object>> latest = jdbc.queryForList("SELECT origin, tree_size AS \"treeSize\", encode(root_hash, 'hex') AS \"rootHash\", "
                + "issued_at AS \"issuedAt\", received_at AS \"receivedAt\" FROM witness_checkpoint ORDER BY tree_size DESC LIMIT 1");
        report.put("latestCheckpoint", latest.isEmpty() ? null : latest.get(0));
        report.put("checkpointsAccepted", jdbc.queryForObject("SELECT count(*) FROM witness_checkpoint", Long.class));
        report.put("refusals", jdbc.queryForList("SELECT tree_size AS \"treeSize\", refusal, reason, received_at AS \"receivedAt\" "
                + "FROM witness_refusal ORDER BY received_at, tree_size"));
        report.put("eventsApplied", jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class));
        report.put("eventsInSignedLog", jdbc.queryForObject("SELECT count(*) FROM processed_event p "
                + "WHERE EXISTS (SELECT 1 FROM witness_leaf w WHERE w.leaf_hash = p.leaf_hash)", Long.class));
        report.put("eventsNotYetInSignedLog", jdbc.queryForList("SELECT event_id FROM processed_event p WHERE p.leaf_hash IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM witness_leaf w WHERE w.leaf_hash = p.leaf_hash) ORDER BY processed_at LIMIT 100", String.class));
        return report;
    }
}
