package org.coordination.ledger.subscriber;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.consent.ConsentRegisterEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.force.ForceEvent;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionEvent;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.coordination.ledger.contract.structure.CommandStructureEvent;

/** From a CloudEvents type ({@code org.coordination.ledger.LeadAppointed.v1}) to the contract's record. */
final class EventTypes {

    static final String PREFIX = "org.coordination.ledger.";
    private static final Map<String, Class<?>> BY_NAME = new HashMap<>();

    static {
        for (Class<?> sealed : new Class<?>[] {MandateEvent.class, ForceEvent.class, ContributionEvent.class, ConsentRegisterEvent.class,
                CommandStructureEvent.class, HumanitarianCoalitionEvent.class}) {
            for (Class<?> event : sealed.getPermittedSubclasses()) {
                BY_NAME.put(event.getSimpleName(), event);
            }
        }
    }

    private EventTypes() {
    }

    /** The record for a type this subscriber knows; revision 1 is the only one so far. */
    @SuppressWarnings("unchecked")
    static Optional<Class<? extends LedgerEvent>> forType(String type) {
        if (type == null || !type.startsWith(PREFIX) || !type.endsWith(".v1")) {
            return Optional.empty();
        }
        String name = type.substring(PREFIX.length(), type.length() - ".v1".length());
        return Optional.ofNullable((Class<? extends LedgerEvent>) BY_NAME.get(name));
    }
}
