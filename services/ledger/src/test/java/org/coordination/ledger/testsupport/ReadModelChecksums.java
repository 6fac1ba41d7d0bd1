package org.coordination.ledger.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A checksum per read model table, over every column of every row in a fixed order: equal checksums, equal read models.
 * Not the timeline: the store writes it with each event, and no rebuild or catch-up touches it.
 */
public final class ReadModelChecksums {

    private ReadModelChecksums() {
    }

    public static Map<String, String> of(JdbcTemplate jdbc) {
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("read_model", jdbc.queryForObject("SELECT md5(COALESCE(string_agg(model || '|' || id || '|' || COALESCE(scope_id, '') "
                + "|| '|' || document::text, E'\\n' ORDER BY model, id), '')) FROM read_model", String.class));
        sums.put("alert", jdbc.queryForObject("SELECT md5(COALESCE(string_agg(a::text, E'\\n' ORDER BY alert_id), '')) FROM alert a",
                String.class));
        sums.put("post_tenure_event", jdbc.queryForObject("SELECT md5(COALESCE(string_agg(p::text, E'\\n' ORDER BY global_index), '')) "
                + "FROM post_tenure_event p", String.class));
        return sums;
    }
}
