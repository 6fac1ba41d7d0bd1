package org.coordination.ledger.readmodel;

import java.util.List;

/**
 * The read side's questions to the lookup tables: for routing an event to its document and finding the
 * streams a document is made of (every view today routes by its own aggregate's id), and for the
 * queries that combine documents (a force's pledges, the pledges placed under a structure). Never asked
 * inside a fold: a fold reads only its arguments.
 */
public interface ReadLookup {

    /** The pledges made to a force. */
    List<String> contributionsOfForce(String forceId);

    /** The pledges ever placed under a command structure (now or since undone), in id order. */
    List<String> contributionsPlacedUnder(String structureId);
}
