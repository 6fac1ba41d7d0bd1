package org.coordination.ledger.web;

import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.consent.ConsentRegisterCommand;
import org.coordination.ledger.contract.consent.OpenConsentRegister;
import org.coordination.ledger.contract.contribution.ContributionCommand;
import org.coordination.ledger.contract.contribution.JoinForce;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.security.Actor;
import org.coordination.ledger.security.Role;
import org.springframework.stereotype.Component;

/**
 * Who may issue which command: the role first (before the body is even read), then, for roles bound
 * to a nation or a party, whether the target is theirs.
 */
@Component
public class CommandAuthorization {

    private final LedgerLookup lookup;

    public CommandAuthorization(LedgerLookup lookup) {
        this.lookup = lookup;
    }

    public void checkRole(Actor actor, CommandCatalog.Entry entry) {
        if (entry.roles().stream().noneMatch(actor::has)) {
            throw ApiProblem.forbidden(actor.name() + " may not issue " + entry.name() + "; it needs the role " + entry.roles());
        }
    }

    public void checkOwnership(Actor actor, CommandCatalog.Entry entry, LedgerCommand command) {
        switch (entry.ownership()) {
            case NONE -> {
            }
            case NATION_IN_BODY -> requireNation(actor, ((JoinForce) command).nation().value(), entry);
            case CONTRIBUTION_OF_NATION -> {
                // an unknown pledge is left to the command, which answers 404
                lookup.contributionNation(((ContributionCommand) command).contributionId())
                        .ifPresent(nation -> requireNation(actor, nation, entry));
            }
            case PARTY_IN_BODY -> {
                if (!actor.has(Role.COORDINATOR)) {
                    requireParty(actor, ((OpenConsentRegister) command).party().value(), entry);
                }
            }
            case REGISTER_OF_PARTY -> lookup.registerParty(((ConsentRegisterCommand) command).registerId())
                    .ifPresent(party -> requireParty(actor, party, entry));
        }
    }

    private static void requireNation(Actor actor, String nation, CommandCatalog.Entry entry) {
        if (!actor.nation().map(nation::equals).orElse(false)) {
            throw ApiProblem.forbidden(actor.name() + " acts for " + actor.nation().orElse("no nation") + ", not for " + nation
                    + " (" + entry.name() + ")");
        }
    }

    private static void requireParty(Actor actor, String party, CommandCatalog.Entry entry) {
        if (!actor.party().map(party::equals).orElse(false)) {
            throw ApiProblem.forbidden(actor.name() + " acts for party " + actor.party().orElse("none") + ", not for " + party
                    + " (" + entry.name() + ")");
        }
    }
}
