package org.coordination.ledger.testsupport;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the "read-models" processor stands, as its stored token says: what tests wait on for the read models (documents,
 * alerts, tenures) to have folded the events stored so far. The timeline is no signal of that: the store writes it with
 * each event.
 */
public final class ReadModelsToken {

    /** The token as JSON: Axon's gap-aware token, or the one a replay token wraps (its current position). */
    private static final String TOKEN = "COALESCE(convert_from(token, 'UTF8')::jsonb -> 'currentToken', convert_from(token, 'UTF8')::jsonb)";

    private ReadModelsToken() {
    }

    /** The token's position (the highest global index it has passed), or -1 before its first event. */
    public static long position(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COALESCE(min((" + TOKEN + " ->> 'index')::bigint), -1) FROM token_entry "
                + "WHERE processor_name = 'read-models'", Long.class);
    }

    /**
     * Whether the read models have every event stored now: the token at the head, and none of its gaps a stored event (a
     * gap may also be a position a rolled-back transaction took, which never fills: the token keeps it for minutes).
     */
    public static boolean hasEveryEvent(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM token_entry WHERE processor_name = 'read-models' "
                + "AND (" + TOKEN + " ->> 'index')::bigint >= (SELECT COALESCE(max(global_index), -1) FROM domain_event_entry) "
                + "AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(" + TOKEN + " -> 'gaps') AS gap "
                + "JOIN domain_event_entry e ON e.global_index = gap::bigint))", Boolean.class));
    }
}
