package org.coordination.ledger.lookup;

import java.util.List;
import java.util.Optional;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the lookup tables inside the command's own transaction. */
@Component
class JdbcLedgerLookup implements LedgerLookup {

    private final JdbcTemplate jdbc;
    private final FilledPosts filledPosts;

    JdbcLedgerLookup(JdbcTemplate jdbc, FilledPosts filledPosts) {
        this.jdbc = jdbc;
        this.filledPosts = filledPosts;
    }

    @Override
    public Optional<MandateTerms> mandate(MandateId mandateId) {
        if (mandateId == null) {
            return Optional.empty();
        }
        List<MandateTerms> rows = jdbc.query(
                "SELECT ended, effective_from, expires_on, troop_ceiling, use_of_force FROM lookup_mandate WHERE mandate_id = ?",
                (rs, i) -> new MandateTerms(mandateId, rs.getBoolean(1), rs.getObject(2, java.time.LocalDate.class),
                        rs.getObject(3, java.time.LocalDate.class), (Integer) rs.getObject(4), UseOfForce.valueOf(rs.getString(5))),
                mandateId.value());
        return rows.stream().findFirst();
    }

    @Override
    public boolean instrumentCited(String symbol) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM lookup_instrument WHERE symbol = ?)", Boolean.class, InstrumentSymbols.key(symbol)));
    }

    @Override
    public Optional<ForceFacts> force(ForceId forceId) {
        return jdbc.query("SELECT mandate_id, current_roe_version FROM lookup_force WHERE force_id = ?",
                (rs, i) -> new ForceFacts(forceId, MandateId.of(rs.getString(1)), rs.getInt(2)), forceId.value())
                .stream().findFirst();
    }

    @Override
    public long committedPersonnelLocked(ForceId forceId, ContributionId excluded) {
        // Serializes commitments to one force: the second waits here until the first has committed.
        jdbc.query("SELECT force_id FROM lookup_force WHERE force_id = ? FOR UPDATE", rs -> { }, forceId.value());
        // a bigint: a force's commitments made while its mandate had no ceiling may pass an int's range
        Long total = jdbc.queryForObject(
                "SELECT COALESCE(SUM(committed_personnel), 0) FROM lookup_contribution "
                        + "WHERE force_id = ? AND contribution_id <> ? AND counts_toward_ceiling",
                Long.class, forceId.value(), excluded.value());
        return total == null ? 0 : total;
    }

    @Override
    public boolean postExists(StructureId structureId, PostId postId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM lookup_post WHERE structure_id = ? AND post_id = ?)",
                Boolean.class, structureId.value(), postId.value()));
    }

    @Override
    public boolean postFilled(StructureId structureId, PostId postId) {
        Boolean pending = filledPosts.pending(structureId.value(), postId.value()); // this transaction's, not written yet
        if (pending != null) {
            return pending;
        }
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM lookup_post WHERE structure_id = ? AND post_id = ? AND filled)",
                Boolean.class, structureId.value(), postId.value()));
    }

    @Override
    public Optional<String> contributionNation(ContributionId contributionId) {
        return jdbc.queryForList("SELECT nation FROM lookup_contribution WHERE contribution_id = ?", String.class,
                contributionId.value()).stream().findFirst();
    }

    @Override
    public Optional<String> registerParty(org.coordination.ledger.contract.common.ConsentRegisterId registerId) {
        return jdbc.queryForList("SELECT party FROM lookup_register WHERE register_id = ?", String.class,
                registerId.value()).stream().findFirst();
    }

    @Override
    public Optional<String> registerOf(ForceId forceId, org.coordination.ledger.contract.common.PartyId party) {
        // the register first opened, where one was opened twice before V25 made it a rule
        return jdbc.queryForList("SELECT register_id FROM lookup_register WHERE force_id = ? AND party = ? ORDER BY second_for_party LIMIT 1",
                String.class, forceId.value(), party.value()).stream().findFirst();
    }

    @Override
    public Optional<AuthorityLevel> transferredAuthority(ContributionId contributionId) {
        // authority stays transferred while the contingent is deployed: a withdrawn one has none
        return jdbc.query("SELECT transferred_authority, state FROM lookup_contribution WHERE contribution_id = ?",
                        (rs, i) -> ContributionState.valueOf(rs.getString(2)).deployed()
                                ? Optional.ofNullable(rs.getString(1)).map(AuthorityLevel::valueOf)
                                : Optional.<AuthorityLevel>empty(), contributionId.value())
                .stream().findFirst().flatMap(o -> o);
    }
}
