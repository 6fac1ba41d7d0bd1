package org.coordination.ledger.rules;

import java.time.Instant;
import org.axonframework.messaging.MetaData;
import org.coordination.ledger.eventstore.IsoInstant;
import org.coordination.ledger.provenance.Provenance;

/**
 * Nothing a person records about an aggregate takes effect before the aggregate itself: a post cannot
 * be established last month in a structure established today. Otherwise an as-of read between the two
 * would show a structure without its name. The refusal is {@code EFFECTIVE_BEFORE_ESTABLISHED}; to
 * record older history, establish the aggregate with that older {@code effectiveAt} first.
 *
 * <p>Commands a policy sends are exempt: they take effect when their cause did (a mandate authorized
 * before a pledge was made satisfies the pledge's condition), and views ignore what precedes an
 * aggregate's establishment.
 */
public final class EffectiveTimeRule {

    public static final String RULE = "EFFECTIVE_BEFORE_ESTABLISHED";

    private EffectiveTimeRule() {
    }

    /** When the event that established an aggregate took effect, from its metadata; null if it carries none. */
    public static Instant establishedAt(MetaData metaData) {
        Object value = metaData.get(Provenance.EFFECTIVE_AT) != null ? metaData.get(Provenance.EFFECTIVE_AT) : metaData.get(Provenance.RECORDED_AT);
        return value == null ? null : IsoInstant.parse(value.toString()); // as Instant.parse, without a formatter
    }

    /** Refuses a person's command that would take effect before {@code establishedAt} (null: not established yet). */
    public static void requireNotBefore(Instant establishedAt, MetaData metaData, String what) {
        if (establishedAt == null || Provenance.POLICY_ROLE.equals(metaData.get(Provenance.ROLE))) {
            return;
        }
        Instant effective = Provenance.effectiveAt(metaData);
        RuleViolation.require(!effective.isBefore(establishedAt), RULE,
                what + " was established effective " + establishedAt + "; nothing about it can take effect before that (effectiveAt "
                        + effective + ")");
    }
}
