package org.coordination.ledger.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.consent.PartyRole;
import org.coordination.ledger.problem.ProblemMapper;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A party has one consent register per force. The lookup names the register a party has ({@link LedgerLookup#registerOf}),
 * which the aggregate refuses a second on; of two opened at once, the second's row is refused by the database, a
 * conflict, so that command is decided again and refused. Registers opened twice before V25 keep their rows, the first
 * opened standing for the party.
 */
class LookupRegisterIT {

    static final ForceId ISF = ForceId.of("isf");
    static final PartyId ISR = PartyId.of("ISR");

    @Test
    void aPartysSecondRegisterForAForceIsRefusedByTheLookupAndByTheDatabase() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            FilledPosts filledPosts = new FilledPosts(jdbc);
            LookupProjector projector = new LookupProjector(jdbc, filledPosts);
            LedgerLookup lookup = new JdbcLedgerLookup(jdbc, filledPosts);

            assertThat(lookup.registerOf(ISF, ISR)).isEmpty();
            projector.on(opened("isf-isr", "isf", "ISR"));
            projector.on(opened("other-isr", "other", "ISR"));
            projector.on(opened("isf-egy", "isf", "EGY"));
            assertThat(lookup.registerOf(ISF, ISR)).contains("isf-isr");
            assertThat(lookup.registerOf(ForceId.of("other"), ISR)).contains("other-isr");

            assertThatThrownBy(() -> projector.on(opened("isf-isr2", "isf", "ISR")))
                    .as("the second of two opened at once, past the aggregate's check").isInstanceOf(DuplicateKeyException.class)
                    .satisfies(failure -> assertThat(ProblemMapper.isAppendConflict(failure)).as("decided again").isTrue());
        }
    }

    @Test
    void registersOpenedTwiceBeforeTheRuleKeepTheirRowsAndTheFirstStandsForTheParty() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("24").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            // "isf-isr-b" sorts first by its id, but "isf-isr-z" was opened first
            for (String register : new String[] {"isf-isr-z", "isf-isr-b"}) {
                jdbc.update("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, "
                                + "payload_type, payload_revision, payload, meta_data) VALUES (?, 'ConsentRegister', ?, 0, '2025-11-01T08:00:00Z', "
                                + "'org.coordination.ledger.contract.consent.ConsentRegisterOpened', '1', ?, ?)", "opened-" + register, register,
                        "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
                jdbc.update("INSERT INTO lookup_register (register_id, force_id, party) VALUES (?, 'isf', 'ISR')", register);
            }

            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("25").load().migrate();

            FilledPosts filledPosts = new FilledPosts(jdbc);
            LedgerLookup lookup = new JdbcLedgerLookup(jdbc, filledPosts);
            assertThat(lookup.registerOf(ISF, ISR)).contains("isf-isr-z");
            assertThat(lookup.registerParty(ConsentRegisterId.of("isf-isr-b"))).as("still acted on by its party").contains("ISR");
            assertThatThrownBy(() -> new LookupProjector(jdbc, filledPosts).on(opened("isf-isr-c", "isf", "ISR")))
                    .isInstanceOf(DuplicateKeyException.class);
        }
    }

    private static ConsentRegisterOpened opened(String register, String force, String party) {
        return new ConsentRegisterOpened(ConsentRegisterId.of(register), ForceId.of(force), PartyId.of(party), PartyRole.HOST_STATE);
    }
}
