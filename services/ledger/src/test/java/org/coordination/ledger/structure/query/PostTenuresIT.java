package org.coordination.ledger.structure.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A post's tenures through the API, kept as a row per appointment and relief beside a document that holds none: the
 * current read, reads as of an effective and of a recorded time, and a read that never shows the row of an event its
 * document has not folded yet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostTenuresIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void tenuresAsTheyStoodAndAsTheyWereKnown() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        ok(ledger, "establish-command-structure", """
                {"structureId":"tenures-cc","name":"Tenures center","leadNation":"USA","location":"Kiryat Gat","effectiveAt":"2025-10-17"}""");
        ok(ledger, "establish-post", """
                {"structureId":"tenures-cc","postId":"military-lead","title":"Military lead","line":"MILITARY",
                 "appointingAuthority":"Secretary of War","eligibility":"MILITARY_ONLY","effectiveAt":"2025-10-17"}""");
        ok(ledger, "appoint-lead", """
                {"structureId":"tenures-cc","postId":"military-lead","appointedBy":"Secretary of War","effectiveAt":"2025-10-17",
                 "appointee":{"name":"Brad Cooper","titleOrRank":"Admiral","nationality":"USA","service":"MILITARY"}}""");
        Thread.sleep(20);
        Instant knownWithOneTenure = Instant.now();
        Thread.sleep(20);
        ok(ledger, "vacate-post", """
                {"structureId":"tenures-cc","postId":"military-lead","reason":"End of rotation","effectiveAt":"2025-12-01"}""");
        long position = ok(ledger, "appoint-lead", """
                {"structureId":"tenures-cc","postId":"military-lead","appointedBy":"Secretary of War","effectiveAt":"2025-12-01",
                 "appointee":{"name":"Jane Smith","titleOrRank":"General","nationality":"USA","service":"MILITARY"}}""")
                .json().get("position").asLong();

        String now = "/api/v1/command-structures/tenures-cc?minPosition=" + position;
        assertThat(tenures(ledger.get("viewer", now).json())).containsExactly(
                tuple("Brad Cooper", "2025-10-17T00:00:00Z", "2025-12-01T00:00:00Z", "End of rotation"),
                tuple("Jane Smith", "2025-12-01T00:00:00Z", null, null));
        assertThat(tenures(ledger.get("viewer", "/api/v1/command-structures/tenures-cc?asOf=2025-11-01").json()))
                .as("as it stood on 1 November").containsExactly(tuple("Brad Cooper", "2025-10-17T00:00:00Z", null, null));
        assertThat(tenures(ledger.get("viewer", "/api/v1/command-structures/tenures-cc?recordedAsOf=" + knownWithOneTenure).json()))
                .as("as the ledger knew it before the relief was recorded")
                .containsExactly(tuple("Brad Cooper", "2025-10-17T00:00:00Z", null, null));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM post_tenure_event WHERE structure_id = 'tenures-cc'", Long.class))
                .as("a row per appointment and relief").isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT document::text FROM read_model WHERE model = 'command-structure' AND id = 'tenures-cc'",
                String.class)).as("the document holds no tenures").doesNotContain("\"tenures\"").contains("Jane Smith");

        // a row of an event after the document's version, as if committed between the document's read and the rows'
        long version = jdbc.queryForObject("SELECT max(sequence) FROM post_tenure_event WHERE structure_id = 'tenures-cc'", Long.class);
        jdbc.update("INSERT INTO post_tenure_event (global_index, structure_id, sequence, post_id, kind, effective_at, recorded_at, "
                + "tenure_at, reason) SELECT max(global_index) + 1000000, 'tenures-cc', ?, 'military-lead', 'RELIEVED', now(), now(), now(), "
                + "'not folded yet' FROM domain_event_entry", version + 1);
        try {
            assertThat(tenures(ledger.get("viewer", now).json())).as("only the rows of the events the document folded")
                    .extracting(t -> t.toList().get(3)).containsExactly("End of rotation", null);
        } finally {
            jdbc.update("DELETE FROM post_tenure_event WHERE structure_id = 'tenures-cc' AND sequence > ?", version);
        }
    }

    private static Answer ok(LedgerClient ledger, String command, String body) {
        Answer answer = ledger.command("coordinator", command, body);
        assertThat(answer.status()).as(command + " → " + answer).isEqualTo(200);
        return answer;
    }

    private static List<Tuple> tenures(JsonNode structure) {
        List<Tuple> tenures = new ArrayList<>();
        for (JsonNode tenure : structure.get("posts").get(0).get("tenures")) {
            tenures.add(tuple(tenure.get("name").asText(), tenure.get("from").asText(), tenure.path("to").asText(null),
                    tenure.path("relievedBecause").asText(null)));
        }
        return tenures;
    }
}
