package org.coordination.ledger.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where contingents were placed ({@code lookup_placement}), which a command structure's view reads to
 * find the forces to ask instead of folding every force: kept by {@link LookupProjector} from each
 * AuthorityTransferred, and filled by migration V14 from the transfers a ledger already holds.
 */
class PlacementLookupIT {

    static final String TRANSFERRED = "org.coordination.ledger.contract.contribution.AuthorityTransferred";

    @Test
    void everyTransferIsKeptAndASecondPlacementDoesNotReplaceTheFirst() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            LookupProjector projector = new LookupProjector(jdbc, new FilledPosts(jdbc));

            projector.on(transferred("isf-idn", "isf", "isf-hq"));
            projector.on(transferred("isf-idn", "isf", "isf-hq")); // delivered again: one row
            projector.on(transferred("isf-idn", "isf", "cmcc"));
            projector.on(transferred("mfo-tur", "mfo", "cmcc"));

            assertThat(placements(jdbc)).containsExactly(
                    Map.of("structure_id", "cmcc", "contribution_id", "isf-idn", "force_id", "isf"),
                    Map.of("structure_id", "cmcc", "contribution_id", "mfo-tur", "force_id", "mfo"),
                    Map.of("structure_id", "isf-hq", "contribution_id", "isf-idn", "force_id", "isf"));
        }
    }

    @Test
    void theMigrationFindsThePlacementsOfALedgerRecordedBeforeIt() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("13").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            String payload = "{\"contributionId\":\"isf-idn\",\"forceId\":\"isf\",\"nation\":\"IDN\",\"authority\":\"OPCON\","
                    + "\"structureId\":\"isf-hq\",\"postId\":\"sector-south\"}";
            jdbc.update("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, "
                            + "payload_type, payload_revision, payload, meta_data) VALUES ('e1', 'Contribution', 'isf-idn', 0, "
                            + "'2025-11-20T08:00:00Z', ?, '1', ?, ?)", TRANSFERRED, payload.getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8));

            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();

            assertThat(placements(jdbc)).containsExactly(Map.of("structure_id", "isf-hq", "contribution_id", "isf-idn", "force_id", "isf"));
        }
    }

    private static AuthorityTransferred transferred(String contribution, String force, String structure) {
        return new AuthorityTransferred(ContributionId.of(contribution), ForceId.of(force), Nation.of("IDN"), AuthorityLevel.OPCON,
                StructureId.of(structure), PostId.of("sector-south"));
    }

    private static List<Map<String, Object>> placements(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT structure_id, contribution_id, force_id FROM lookup_placement ORDER BY structure_id, contribution_id");
    }
}
