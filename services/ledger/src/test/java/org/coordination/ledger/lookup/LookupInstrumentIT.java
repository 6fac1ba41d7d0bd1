package org.coordination.ledger.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.LocalDate;
import java.util.List;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.IssuingBody;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.mandate.Vote;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The lookup keeps a cited instrument by its key ({@link InstrumentSymbols}): the same resolution typed differently is
 * cited, and the primary key refuses it under a race too. V26 turns the symbols stored before into keys, one row for
 * symbols that share one.
 */
class LookupInstrumentIT {

    @Test
    void symbolsStoredBeforeV26BecomeKeysAndTheSameInstrumentTypedDifferentlyIsCited() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("25").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            // as stored before: the same resolution twice, typed differently, and a symbol equal to another one's key
            for (String[] row : List.of(new String[] {"S/RES/2803 (2025)", "m1"}, new String[] {"s/res/2803 (2025) ", "m2"},
                    new String[] {"s/res/2850 (2027)", "m3"}, new String[] {"S/RES/2850 (2027)", "m4"}, new String[] {"A/RES/1", "m5"})) {
                jdbc.update("INSERT INTO lookup_instrument (symbol, mandate_id) VALUES (?, ?)", row[0], row[1]);
            }

            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("26").load().migrate();

            assertThat(jdbc.queryForList("SELECT symbol FROM lookup_instrument ORDER BY symbol", String.class))
                    .containsExactly("A/RES/1", "S/RES/2803 (2025)", "S/RES/2850 (2027)");
            FilledPosts filledPosts = new FilledPosts(jdbc);
            LedgerLookup lookup = new JdbcLedgerLookup(jdbc, filledPosts);
            assertThat(lookup.instrumentCited("S\uff0fRES/2803\u00a0(2025)")).isTrue();
            assertThat(lookup.instrumentCited("a/res/1\u200b")).isTrue();
            assertThat(lookup.instrumentCited("S/RES/2900 (2028)")).isFalse();

            // cited after a check that found nothing (a race): the database refuses the second, a conflict decided again
            assertThatThrownBy(() -> new LookupProjector(jdbc, filledPosts).on(new MandateExtended(MandateId.of("m6"),
                    new Instrument(IssuingBody.UN_SECURITY_COUNCIL, " s/res/2803  (2025)", LocalDate.parse("2025-11-17"), new Vote(13, 0, 2)),
                    LocalDate.parse("2026-12-31"), LocalDate.parse("2027-12-31")))).isInstanceOf(DuplicateKeyException.class);
        }
    }
}
