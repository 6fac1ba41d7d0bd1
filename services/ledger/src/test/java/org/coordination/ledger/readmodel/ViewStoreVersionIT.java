package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
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
}
