package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.coordination.ledger.eventstore.PaddedBlocks;
import org.coordination.ledger.readmodel.DocumentBatchTest.Tally;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On a real PostgreSQL: the version a batch reads before writing ({@link ViewStore#writingVersion}) is
 * the one its rows carry once committed, so a kept document is recognised as unchanged; any later write
 * of the row, by anyone, changes it.
 */
class ViewStoreVersionIT {

    static final ViewKey CMCC = new ViewKey("tally", "cmcc");

    @Test
    void aRowKeepsTheVersionOfTheTransactionThatWroteItUntilItIsWrittenAgain() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            javax.sql.DataSource database = postgres.getPostgresDatabase(); // one data source: the template joins the transaction
            Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(database);
            ViewStore store = new ViewStore(jdbc, new ObjectMapper());
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
            Tally kept = new Tally(10, 1);

            long version = transactions.execute(status -> {
                long writing = store.writingVersion();
                store.saveAll(List.of(new ViewStore.Row(CMCC, null, store.write(kept))));
                return writing;
            });

            assertThat(store.loadUnlessAt(CMCC, Tally.class, version, kept)).as("unchanged: the kept object, not read").containsSame(kept);

            jdbc.update("UPDATE read_model SET document = '{\"total\": 99, \"attachments\": 9}'::jsonb WHERE model = 'tally'");
            assertThat(store.loadUnlessAt(CMCC, Tally.class, version, kept).orElseThrow().total).as("written since: read").isEqualTo(99);
            assertThat(store.loadUnlessAt(new ViewKey("tally", "none"), Tally.class, version, kept)).isEmpty();
        }
    }

    @Test
    void severalDocumentsAreReadAsOneByOneReadsThemInBlocksOfAnySize() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            javax.sql.DataSource database = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(database);
            ViewStore store = new ViewStore(jdbc, new ObjectMapper());
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
            int stored = PaddedBlocks.MOST + 3; // two blocks: 128 and 3, padded to 4
            long version = transactions.execute(status -> {
                long writing = store.writingVersion();
                store.saveAll(IntStream.range(0, stored)
                        .mapToObj(i -> new ViewStore.Row(new ViewKey("tally", "s" + i), null, store.write(new Tally(i, 1)))).toList());
                return writing;
            });
            jdbc.update("UPDATE read_model SET document = '{\"total\": 99, \"attachments\": 9}'::jsonb WHERE id = 's1'");
            Tally kept = new Tally(-1, -1);

            List<ViewStore.Wanted> wanted = new ArrayList<>();
            for (int i = 0; i < stored; i++) {
                // s0 and s1 kept at the version written first (s1 written since), the rest not kept
                wanted.add(i < 2 ? new ViewStore.Wanted(new ViewKey("tally", "s" + i), Tally.class, version, kept)
                        : new ViewStore.Wanted(new ViewKey("tally", "s" + i), Tally.class, -1, null));
            }
            wanted.add(new ViewStore.Wanted(new ViewKey("tally", "none"), Tally.class, -1, null));
            wanted.add(new ViewStore.Wanted(new ViewKey("other", "s2"), Tally.class, -1, null));
            Map<ViewKey, View> found = store.loadAll(wanted);

            assertThat(found).hasSize(stored).doesNotContainKeys(new ViewKey("tally", "none"), new ViewKey("other", "s2"));
            assertThat(found.get(new ViewKey("tally", "s0"))).as("unchanged since kept: the kept object, not read").isSameAs(kept);
            assertThat(((Tally) found.get(new ViewKey("tally", "s1"))).total).as("written since: read").isEqualTo(99);
            for (int i = 2; i < stored; i++) {
                assertThat(((Tally) found.get(new ViewKey("tally", "s" + i))).total).isEqualTo(i);
            }
            assertThat(store.loadAll(wanted.subList(2, 5))).as("a block of three, padded with its last").hasSize(3);
        }
    }

    /**
     * The blocks' statements are planned at each execution, never kept as a plan of the connection's: a plan kept from
     * when a table was empty (a rebuild's copy, or the live table after the read side was emptied) scanned all of it
     * once it had filled up. Seen from PostgreSQL, a statement the driver keeps is one of the session's prepared ones.
     */
    @Test
    void theBlocksStatementsAreNotKeptAsTheConnectionsPlans() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            org.springframework.jdbc.datasource.SingleConnectionDataSource database =
                    new org.springframework.jdbc.datasource.SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), true);
            try {
                JdbcTemplate jdbc = new JdbcTemplate(database);
                ViewStore store = new ViewStore(jdbc, new ObjectMapper());
                List<ViewStore.Wanted> wanted = IntStream.range(0, 3)
                        .mapToObj(i -> new ViewStore.Wanted(new ViewKey("tally", "k" + i), Tally.class, -1, null)).toList();
                for (int i = 0; i < 10; i++) { // the driver keeps a statement from its fifth execution on
                    store.loadAll(wanted);
                    jdbc.queryForObject("SELECT count(*) FROM read_model WHERE model = ?", Long.class, "tally");
                }
                List<String> kept = jdbc.queryForList("SELECT statement FROM pg_prepared_statements", String.class);
                assertThat(kept).as("an ordinary statement is kept").anyMatch(statement -> statement.contains("count(*) FROM read_model"));
                assertThat(kept).as("the blocks' statements are not").noneMatch(statement -> statement.contains("FROM (VALUES"));
            } finally {
                database.destroy();
            }
        }
    }
}
