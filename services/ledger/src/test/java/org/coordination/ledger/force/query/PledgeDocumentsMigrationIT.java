package org.coordination.ledger.force.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatKind;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.ViewFixture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V15 turns the pledges a stored force document held into documents of their own: each the
 * document the pledge's own fold makes of the same events (what a rebuild would write), and the force's
 * document without them. The stored shape before V15 is the pledge's fields under the force's
 * {@code pledges}, by contribution id, which is the pledge's document without what V15 adds.
 */
class PledgeDocumentsMigrationIT {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void eachPledgeOfAStoredForceBecomesTheDocumentItsFoldMakes() throws Exception {
        ForceViewTest.Coalition coalition = new ForceViewTest.Coalition().given(ForceViewTest.established(), ForceViewTest.infantry(600),
                ForceViewTest.pledged(ForceViewTest.IDN_PLEDGE, ForceViewTest.IDN, 800, ContributionState.OFFERED),
                ForceViewTest.committed(ForceViewTest.IDN_PLEDGE, ForceViewTest.IDN, 800),
                ForceViewTest.pledged(ForceViewTest.AZE_PLEDGE, ForceViewTest.AZE, 200, ContributionState.OFFERED),
                new CaveatDeclared(ForceViewTest.AZE_PLEDGE, CaveatId.of("no-night"), CaveatKind.TIME, "Days only", true));
        JsonNode idn = coalition.pledges.json("isf-idn");
        JsonNode aze = coalition.pledges.json("isf-aze");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("14").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            // the pledges' streams as the store holds them: two events each (their versions are 1)
            store(jdbc, "isf-idn", "2025-11-01T08:02:00Z", "2025-11-01T08:03:00Z");
            store(jdbc, "isf-aze", "2025-11-01T08:04:00Z", "2025-11-01T08:05:00Z");
            ObjectNode force = (ObjectNode) coalition.force.json("isf");
            ObjectNode pledges = force.putObject("pledges");
            pledges.set("isf-idn", asStoredBeforeV15(idn));
            pledges.set("isf-aze", asStoredBeforeV15(aze));
            jdbc.update("INSERT INTO read_model (model, id, scope_id, document) VALUES ('force', 'isf', NULL, ?::jsonb)", force.toString());

            // up to V15 only: V22 empties the read models for the processor to fold them again from the events
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("15").load().migrate();

            assertThat(document(jdbc, "pledge", "isf-idn")).isEqualTo(idn);
            assertThat(document(jdbc, "pledge", "isf-aze")).isEqualTo(aze);
            assertThat(jdbc.queryForList("SELECT scope_id FROM read_model WHERE model = 'pledge' ORDER BY id", String.class))
                    .as("listed by their force").containsExactly("isf", "isf");
            assertThat(document(jdbc, "force", "isf")).as("the force's document without its pledges").isEqualTo(coalition.force.json("isf"));
            assertThat(JSON.treeToValue(document(jdbc, "pledge", "isf-aze"), PledgeView.class).contributionId()).isEqualTo("isf-aze");
        }
    }

    /** The pledge's fields as the force's document held them: without what only the pledge's own document carries. */
    private static JsonNode asStoredBeforeV15(JsonNode pledge) {
        return ((ObjectNode) pledge.deepCopy()).without(List.of("forceId", "version"));
    }

    private static void store(JdbcTemplate jdbc, String contribution, String... recordedAt) {
        for (int sequence = 0; sequence < recordedAt.length; sequence++) {
            jdbc.update("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, "
                            + "payload_type, payload_revision, payload, meta_data) VALUES (?, 'Contribution', ?, ?, ?, 'x', '1', ?, ?)",
                    contribution + "-" + sequence, contribution, sequence, recordedAt[sequence], "{}".getBytes(StandardCharsets.UTF_8),
                    ("{\"recordedAt\":\"" + recordedAt[sequence] + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static JsonNode document(JdbcTemplate jdbc, String model, String id) throws Exception {
        return JSON.readTree(jdbc.queryForObject("SELECT document::text FROM read_model WHERE model = ? AND id = ?", String.class, model, id));
    }
}
