package org.coordination.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.InvalidIdentifierException;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.problem.ApiProblem;
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

    /**
     * Reads the owning field straight off the JSON, before the body is validated, so that a caller
     * acting for someone else is refused without learning what is wrong with the rest of the body.
     * A missing or malformed owning field is left to validation.
     */
    public void checkOwnership(Actor actor, CommandCatalog.Entry entry, JsonNode body) {
        switch (entry.ownership()) {
            case NONE -> {
            }
            case NATION_IN_BODY -> text(body, "nation").ifPresent(nation -> requireNation(actor, nation, entry));
            case CONTRIBUTION_OF_NATION -> text(body, "contributionId").flatMap(this::contributionNation)
                    // an unknown pledge is left to the command, which answers 404
                    .ifPresent(nation -> requireNation(actor, nation, entry));
            case PARTY_IN_BODY -> {
                if (!actor.has(Role.COORDINATOR)) {
                    requireParty(actor, text(body, "party").orElse(""), entry);
                }
            }
            case REGISTER_OF_PARTY -> text(body, "registerId").flatMap(this::registerParty)
                    .ifPresent(party -> requireParty(actor, party, entry));
        }
    }

    private Optional<String> contributionNation(String contributionId) {
        try {
            return lookup.contributionNation(ContributionId.of(contributionId));
        } catch (InvalidIdentifierException invalid) {
            return Optional.empty();
        }
    }

    private Optional<String> registerParty(String registerId) {
        try {
            return lookup.registerParty(ConsentRegisterId.of(registerId));
        } catch (InvalidIdentifierException invalid) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    // the nation or party named is the caller's own input, quoted back cut short and with no bidi or control characters
    private static void requireNation(Actor actor, String nation, CommandCatalog.Entry entry) {
        if (!actor.nation().map(nation::equals).orElse(false)) {
            throw ApiProblem.forbidden(actor.name() + " acts for " + actor.nation().orElse("no nation") + ", not for " + ApiProblem.echo(nation)
                    + " (" + entry.name() + ")");
        }
    }

    private static void requireParty(Actor actor, String party, CommandCatalog.Entry entry) {
        if (!actor.party().map(party::equals).orElse(false)) {
            throw ApiProblem.forbidden(actor.name() + " acts for party " + actor.party().orElse("none") + ", not for " + ApiProblem.echo(party)
                    + " (" + entry.name() + ")");
        }
    }
}
