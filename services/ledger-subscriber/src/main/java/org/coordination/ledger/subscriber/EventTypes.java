package org.coordination.ledger.subscriber;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.consent.ConsentRegisterEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.force.ForceEvent;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionEvent;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.coordination.ledger.contract.structure.CommandStructureEvent;

/**
 * From a CloudEvents type ({@code org.coordination.ledger.LeadAppointed.v1}) to the contract's record and
 * the revision the record's data were written in: the current one, or an earlier one still on the topic
 * (records published before a new revision), which {@code EventRevisions} reads as the current.
 */
final class EventTypes {

    static final String PREFIX = "org.coordination.ledger.";
    private static final Pattern TYPE = Pattern.compile(Pattern.quote(PREFIX) + "(\\w+)\\.v(\\w+)");
    private static final Map<String, Class<? extends LedgerEvent>> BY_NAME = new HashMap<>();

    /** A known event and the revision of a record's data. */
    record Typed(Class<? extends LedgerEvent> event, String revision) {
    }

    static {
        for (Class<?> sealed : new Class<?>[] {MandateEvent.class, ForceEvent.class, ContributionEvent.class, ConsentRegisterEvent.class,
                CommandStructureEvent.class, HumanitarianCoalitionEvent.class}) {
            for (Class<?> event : sealed.getPermittedSubclasses()) {
                BY_NAME.put(event.getSimpleName(), event.asSubclass(LedgerEvent.class));
            }
        }
    }

    private EventTypes() {
    }

    /** Whether {@code type} is of the ledger's namespace, known to this subscriber or not. */
    static boolean isLedgers(String type) {
        return type != null && type.startsWith(PREFIX);
    }

    /** The record for a type this subscriber knows, with the revision the type names. */
    static Optional<Typed> forType(String type) {
        Matcher matcher = type == null ? null : TYPE.matcher(type);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(matcher.group(1))).map(event -> new Typed(event, matcher.group(2)));
    }
}
