package org.coordination.ledger.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionResumed;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The real lookup on a real PostgreSQL with the service's migrations: the ceiling the aggregate checks
 * ({@link LedgerLookup#committedPersonnelLocked}) sums only the pledges whose state counts toward it, as
 * {@code LookupProjector} keeps them through ContributionState.after: a suspended commitment drops out, and
 * comes back when it is resumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookupCeilingIT {

    static final ForceId ISF = ForceId.of("isf");
    static final ContributionId IDN = ContributionId.of("isf-idn");
    static final ContributionId AZE = ContributionId.of("isf-aze");
    static final ContributionId OTHER = ContributionId.of("isf-other");

    EmbeddedPostgres postgres;
    JdbcTemplate jdbc;
    LookupProjector projector;
    LedgerLookup lookup;

    @BeforeAll
    void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        FilledPosts filledPosts = new FilledPosts(jdbc);
        projector = new LookupProjector(jdbc, filledPosts);
        lookup = new JdbcLedgerLookup(jdbc, filledPosts);
    }

    @AfterAll
    void stop() throws Exception {
        postgres.close();
    }

    static ContributionPledged pledged(ContributionId id, String nation) {
        return new ContributionPledged(id, ISF, Nation.of(nation), List.of(new ContributedUnit(RequirementLineId.of("infantry"), "Infantry", 1000)),
                Readiness.L1, List.of(), AuthorityLevel.OPCON, ContributionState.OFFERED);
    }

    @Test
    void theCeilingLeavesASuspendedCommitmentOutAndCountsItAgainOnceResumed() {
        projector.on(new ForceEstablished(ISF, "ISF", "Board of Peace", Nation.of("USA"), CommandModel.LEAD_NATION, 20000,
                MandateId.of("gaza-isf-mandate")));
        projector.on(pledged(IDN, "IDN"));
        projector.on(new ContributionCommitted(IDN, ISF, Nation.of("IDN"), 1000, 1));
        projector.on(pledged(AZE, "AZE"));
        projector.on(new ContributionCommitted(AZE, ISF, Nation.of("AZE"), 600, 1));
        assertThat(lookup.committedPersonnelLocked(ISF, OTHER)).isEqualTo(1600);

        projector.on(new ContributionSuspended(IDN, ISF, Nation.of("IDN"), "Caveat under review", CaveatId.of("no-night-ops"),
                ContributionState.COMMITTED));
        assertThat(lookup.committedPersonnelLocked(ISF, OTHER)).as("a suspended commitment does not count").isEqualTo(600);
        assertThat(jdbc.queryForObject("SELECT state FROM lookup_contribution WHERE contribution_id = 'isf-idn'", String.class))
                .isEqualTo("SUSPENDED");

        projector.on(new ContributionResumed(IDN, ISF, Nation.of("IDN"), "Caveat lifted", ContributionState.COMMITTED));
        assertThat(lookup.committedPersonnelLocked(ISF, OTHER)).as("resumed, it counts again").isEqualTo(1600);
    }
}
