package org.coordination.ledger.mandate.command;

import static org.coordination.ledger.rules.RuleViolation.require;

import java.util.Set;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.IssuingBody;
import org.coordination.ledger.contract.mandate.Vote;
import org.coordination.ledger.lookup.InstrumentSymbols;
import org.coordination.ledger.lookup.LedgerLookup;

/**
 * An instrument may be cited once in the whole ledger, and a Security Council resolution needs a
 * plausible vote: 15 members at most, 9 affirmative votes at least (UN Charter, Article 27).
 */
final class InstrumentRule {

    static final int COUNCIL_MEMBERS = 15;
    static final int REQUIRED_AFFIRMATIVE_VOTES = 9;

    private InstrumentRule() {
    }

    static void check(Instrument instrument, Set<String> citedHere, LedgerLookup lookup) {
        if (instrument.issuingBody() == IssuingBody.UN_SECURITY_COUNCIL) {
            Vote vote = instrument.vote();
            require(vote != null, "SECURITY_COUNCIL_VOTE_INVALID",
                    "A Security Council resolution must record its vote");
            long cast = (long) vote.inFavour() + vote.against() + vote.abstentions(); // as ints, 2,147,483,647 + 2 had cast -2147483647
            require(cast <= COUNCIL_MEMBERS, "SECURITY_COUNCIL_VOTE_INVALID",
                    "The Security Council has " + COUNCIL_MEMBERS + " members; " + cast + " votes were recorded");
            require(vote.inFavour() >= REQUIRED_AFFIRMATIVE_VOTES, "SECURITY_COUNCIL_VOTE_INVALID",
                    "A resolution needs " + REQUIRED_AFFIRMATIVE_VOTES + " votes in favour; it had " + vote.inFavour());
        }
        String key = InstrumentSymbols.key(instrument.symbol()); // the same instrument however it was typed
        require(citedHere.stream().map(InstrumentSymbols::key).noneMatch(key::equals) && !lookup.instrumentCited(instrument.symbol()),
                "INSTRUMENT_ALREADY_CITED", "Instrument " + instrument.symbol() + " is already cited in the ledger");
    }
}
