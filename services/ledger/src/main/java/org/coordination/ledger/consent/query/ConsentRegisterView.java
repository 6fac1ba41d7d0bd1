package org.coordination.ledger.consent.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.consent.ConsentRegisterEvent;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ViewType;

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

    /** The document: one per register, folding every {@link ConsentRegisterEvent}; listed by its force. */
    public static final ViewType<ConsentRegisterView> TYPE = ViewType.of(MODEL, ConsentRegisterView.class, ConsentRegisterView::new,
            "ConsentRegister",
            Fold.of(ConsentRegisterView.class, ConsentRegisterEvent.class, (event, lookup) -> Optional.of(event.registerId().value()),
                    ConsentRegisterView::fold))
            .scopedBy(ConsentRegisterView::forceId);

    /** What a consent register's event does to its document. */
    void fold(ConsentRegisterEvent event, EventMeta meta) {
        switch (event) {
            case ConsentRegisterOpened e -> opened(e, meta);
            case ConsentGranted e -> of(e).consent = new Consent("GRANTED", e.scope(), e.sofaReference(), meta.effectiveAt(),
                    meta.citation(), null);
            case ConsentWithdrawn e -> of(e).consent = new Consent("WITHDRAWN", consent.scope(), consent.sofaReference(),
                    meta.effectiveAt(), meta.citation(), e.reason());
            case ObjectionRaised e -> of(e).objections.put(e.nation().value(), new Objection(e.nation().value(), e.reason(),
                    e.citation() != null ? e.citation() : meta.citation(), meta.effectiveAt()));
            case ObjectionWithdrawn e -> of(e).objections.remove(e.nation().value());
        }
    }

    /** This document, as the view of the event's register. */
    private ConsentRegisterView of(ConsentRegisterEvent event) {
        registerId = event.registerId().value();
        return this;
    }

    void opened(ConsentRegisterOpened e, EventMeta meta) {
        registerId = e.registerId().value();
        forceId = e.forceId().value();
        party = e.party().value();
        partyRole = e.partyRole().name();
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
