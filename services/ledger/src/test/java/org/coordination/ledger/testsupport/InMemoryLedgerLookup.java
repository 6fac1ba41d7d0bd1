package org.coordination.ledger.testsupport;

import org.coordination.ledger.lookup.InstrumentSymbols;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.lookup.ForceFacts;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.lookup.MandateTerms;

/**
 * The cross-aggregate facts a fixture test sets up by hand. The real lookup (JDBC, kept by a
 * subscribing processor) is exercised by the integration tests.
 */
public class InMemoryLedgerLookup implements LedgerLookup {

    private final Map<MandateId, MandateTerms> mandates = new HashMap<>();
    private final Set<String> instruments = new HashSet<>();
    private final Map<ForceId, ForceFacts> forces = new HashMap<>();
    private final Map<String, String> registers = new HashMap<>();
    private final Map<ForceId, Integer> committedElsewhere = new HashMap<>();
    private final Map<String, Boolean> posts = new HashMap<>();
    private final Map<ContributionId, AuthorityLevel> transferred = new HashMap<>();

    public InMemoryLedgerLookup mandate(MandateTerms terms) {
        mandates.put(terms.mandateId(), terms);
        return this;
    }

    public InMemoryLedgerLookup instrument(String symbol) {
        instruments.add(symbol);
        return this;
    }

    public InMemoryLedgerLookup force(ForceFacts facts) {
        forces.put(facts.forceId(), facts);
        return this;
    }

    public InMemoryLedgerLookup committedByOthers(ForceId forceId, int personnel) {
        committedElsewhere.put(forceId, personnel);
        return this;
    }

    public InMemoryLedgerLookup post(StructureId structureId, PostId postId, boolean filled) {
        posts.put(structureId.value() + "/" + postId.value(), filled);
        return this;
    }

    /** A consent register the party already has for the force. */
    public InMemoryLedgerLookup register(ForceId forceId, org.coordination.ledger.contract.common.PartyId party, String registerId) {
        registers.put(forceId.value() + "/" + party.value(), registerId);
        return this;
    }

    public InMemoryLedgerLookup transferred(ContributionId contributionId, AuthorityLevel level) {
        transferred.put(contributionId, level);
        return this;
    }

    @Override
    public Optional<MandateTerms> mandate(MandateId mandateId) {
        return Optional.ofNullable(mandates.get(mandateId));
    }

    @Override
    public boolean instrumentCited(String symbol) {
        return instruments.stream().map(InstrumentSymbols::key).anyMatch(InstrumentSymbols.key(symbol)::equals);
    }

    @Override
    public Optional<ForceFacts> force(ForceId forceId) {
        return Optional.ofNullable(forces.get(forceId));
    }

    @Override
    public long committedPersonnelLocked(ForceId forceId, ContributionId excluded) {
        return committedElsewhere.getOrDefault(forceId, 0);
    }

    @Override
    public boolean postExists(StructureId structureId, PostId postId) {
        return posts.containsKey(structureId.value() + "/" + postId.value());
    }

    @Override
    public boolean postFilled(StructureId structureId, PostId postId) {
        return posts.getOrDefault(structureId.value() + "/" + postId.value(), false);
    }

    @Override
    public Optional<String> contributionNation(ContributionId contributionId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> registerParty(org.coordination.ledger.contract.common.ConsentRegisterId registerId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> registerOf(ForceId forceId, org.coordination.ledger.contract.common.PartyId party) {
        return Optional.ofNullable(registers.get(forceId.value() + "/" + party.value()));
    }

    @Override
    public Optional<AuthorityLevel> transferredAuthority(ContributionId contributionId) {
        return Optional.ofNullable(transferred.get(contributionId));
    }
}
