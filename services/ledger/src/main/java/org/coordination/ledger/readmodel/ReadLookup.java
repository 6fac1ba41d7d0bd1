package org.coordination.ledger.readmodel;

import java.util.List;
import java.util.Optional;

/**
 * The read side's questions to the lookup tables, for routing an event to its document and for
 * finding the streams a document is made of. Never asked inside a fold: a fold reads only its arguments.
 */
public interface ReadLookup {

    /** The force a pledge was made to. */
    Optional<String> forceOfContribution(String contributionId);

    /** The pledges made to a force. */
    List<String> contributionsOfForce(String forceId);

    /** The pledges ever placed under a command structure (now or since undone), in id order. */
    List<String> contributionsPlacedUnder(String structureId);
}
