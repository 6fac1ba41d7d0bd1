package org.coordination.ledger.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.Eligibility;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.PostEstablished;
import org.coordination.ledger.contract.structure.ServiceLine;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether a post is filled, on a real PostgreSQL: the appointments and reliefs of a transaction are written in one
 * statement just before it commits, the last change of each post winning; a lookup in the same transaction sees them
 * before they are written; a transaction that rolls back leaves neither rows nor anything pending behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilledPostsIT {

    static final StructureId CMCC = StructureId.of("cmcc");
    static final Appointee COOPER = new Appointee("Brad Cooper", "Admiral", Nation.of("USA"), "CENTCOM", ServiceLine.MILITARY);

    EmbeddedPostgres postgres;
    JdbcTemplate jdbc;
    TransactionTemplate transactions;
    LookupProjector projector;
    JdbcLedgerLookup lookup;

    @BeforeAll
    void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        transactions = new TransactionTemplate(new DataSourceTransactionManager(postgres.getPostgresDatabase()));
        FilledPosts filledPosts = new FilledPosts(jdbc);
        projector = new LookupProjector(jdbc, filledPosts);
        lookup = new JdbcLedgerLookup(jdbc, filledPosts);
        for (int i = 0; i < 5; i++) {
            projector.on(new PostEstablished(CMCC, post(i), "Post " + i, ServiceLine.MILITARY, null, "Secretary of War", null,
                    Eligibility.ANY));
        }
    }

    @AfterAll
    void stop() throws Exception {
        postgres.close();
    }

    static PostId post(int i) {
        return PostId.of("post-" + i);
    }

    @Test
    void aTransactionsChangesAreReadBeforeTheyAreWrittenAndWrittenAtItsCommit() {
        Map<String, Boolean> before = filledInTable();
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 5; i++) {
                projector.on(new LeadAppointed(CMCC, post(i), COOPER, "Secretary of War", null, null));
            }
            projector.on(new LeadRelieved(CMCC, post(3), COOPER, "rotation", null));
            assertThat(filledInTable()).as("nothing written before the commit").isEqualTo(before);
            assertThat(lookup.postFilled(CMCC, post(0))).as("seen in the same transaction").isTrue();
            assertThat(lookup.postFilled(CMCC, post(3))).as("the last change of a post wins").isFalse();
        });
        assertThat(filledInTable()).as("five posts, in a block padded to eight").isEqualTo(Map.of(
                "post-0", true, "post-1", true, "post-2", true, "post-3", false, "post-4", true));
        assertThat(lookup.postFilled(CMCC, post(4))).isTrue();

        projector.on(new LeadRelieved(CMCC, post(4), COOPER, "outside a transaction", null));
        assertThat(filledInTable()).as("outside a transaction, written at once").containsEntry("post-4", false);
    }

    @Test
    void aRolledBackTransactionLeavesNothingBehind() {
        Map<String, Boolean> before = filledInTable();
        transactions.executeWithoutResult(status -> {
            projector.on(new LeadAppointed(CMCC, post(3), COOPER, "Secretary of War", null, null));
            projector.on(new LeadRelieved(CMCC, post(0), COOPER, "rotation", null));
            status.setRollbackOnly();
        });
        assertThat(filledInTable()).isEqualTo(before);
        transactions.executeWithoutResult(status -> assertThat(lookup.postFilled(CMCC, post(3)))
                .as("nothing pending from the rolled-back transaction").isEqualTo(before.get("post-3")));
    }

    private Map<String, Boolean> filledInTable() {
        Map<String, Boolean> filled = new java.util.TreeMap<>();
        jdbc.query("SELECT post_id, filled FROM lookup_post WHERE structure_id = 'cmcc'", row -> {
            filled.put(row.getString(1), row.getBoolean(2));
        });
        return filled;
    }
}
