package org.coordination.ledger.consent.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.View;

/** One party's consent register: its consent and its objections to contributing nations. */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class ConsentRegisterView extends AggregateView {

    public static final String MODEL = "consent-register";

    /** The party's consent. */
    public record Consent(String status, String scope, String sofaReference, Instant since, String citation, String reason) {
    }

    /** An objection to one nation. */
    public record Objection(String nation, String reason, String citation, Instant since) {
    }

    String registerId;
    String forceId;
    String party;
    String partyRole;
    Consent consent = new Consent("NOT_GRANTED", null, null, null, null, null);
    Map<String, Objection> objections = new LinkedHashMap<>();

    @Override
    public boolean exists() {
        return forceId != null; // from its opening on
    }

    public String forceId() {
        return forceId;
    }

    public String party() {
        return party;
    }

    public String partyRole() {
        return partyRole;
    }

    public Consent consent() {
        return consent;
    }

    public Map<String, Objection> objections() {
        return objections;
    }

    @Override
    public void apply(EventEnvelope envelope) {
        Object event = envelope.event();
        registerId = envelope.aggregateId();
        if (event instanceof ConsentRegisterOpened e) {
            registerId = e.registerId().value();
            forceId = e.forceId().value();
            party = e.party().value();
            partyRole = e.partyRole().name();
        } else if (event instanceof ConsentGranted e) {
            consent = new Consent("GRANTED", e.scope(), e.sofaReference(), envelope.effectiveAt(), envelope.citation(), null);
        } else if (event instanceof ConsentWithdrawn e) {
            consent = new Consent("WITHDRAWN", consent.scope(), consent.sofaReference(), envelope.effectiveAt(), envelope.citation(),
                    e.reason());
        } else if (event instanceof ObjectionRaised e) {
            String citation = e.citation() != null ? e.citation() : envelope.citation();
            objections.put(e.nation().value(), new Objection(e.nation().value(), e.reason(), citation, envelope.effectiveAt()));
        } else if (event instanceof ObjectionWithdrawn e) {
            objections.remove(e.nation().value());
        }
    }

    /** The response of {@code GET /api/v1/consent-registers/{id}}. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "ConsentRegisterView")
    public record Response(String registerId, String forceId, String party, String partyRole, Consent consent,
                           List<Objection> objections, Object asOf) {
    }

    public Response toResponse(Object asOf) {
        return new Response(registerId, forceId, party, partyRole, consent, List.copyOf(objections.values()), asOf);
    }
}
