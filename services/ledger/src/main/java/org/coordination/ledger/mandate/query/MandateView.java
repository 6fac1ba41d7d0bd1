package org.coordination.ledger.mandate.query;

import org.coordination.ledger.contract.mandate.MandateInForce;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ViewType;

/** The mandate status read model: instruments, tasks, use of force, expiry. */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class MandateView extends AggregateView {

    public static final String MODEL = "mandate";
    /** Within this many days of expiry a mandate raises an alert. */
    public static final int EXPIRY_WARNING_DAYS = 30;

    /** An instrument and what it did to the mandate. */
    public record InstrumentEntry(String action, Instrument instrument, Instant recordedAt, String recordedBy) {
    }

    String mandateId;
    String charterBasis;
    List<String> authorizedEntities = new ArrayList<>();
    List<String> tasks = new ArrayList<>();
    String useOfForce;
    Integer troopCeiling;
    LocalDate effectiveFrom;
    LocalDate expiresOn;
    boolean ended;
    String endReason;
    LocalDate endedOn;
    List<InstrumentEntry> instruments = new ArrayList<>();

    @Override
    public boolean exists() {
        return effectiveFrom != null; // from its authorization on
    }

    public Integer troopCeiling() {
        return troopCeiling;
    }

    /** The document: one per mandate, folding every {@link MandateEvent}. */
    public static final ViewType<MandateView> TYPE = ViewType.of(MODEL, MandateView.class, MandateView::new, "Mandate",
            Fold.of(MandateView.class, MandateEvent.class, (event, lookup) -> Optional.of(event.mandateId().value()), MandateView::fold));

    /** What a mandate's event does to its document. */
    void fold(MandateEvent event, EventMeta meta) {
        switch (event) {
            case MandateAuthorized e -> authorized(e, meta);
            case MandateExtended e -> extended(e, meta);
            case MandateAmended e -> amended(e, meta);
            case MandateEnded e -> ended(e, meta);
        }
    }

    void authorized(MandateAuthorized e, EventMeta meta) {
        mandateId = e.mandateId().value();
        charterBasis = e.charterBasis().name();
        authorizedEntities = new ArrayList<>(e.authorizedEntities());
        tasks = new ArrayList<>(e.tasks());
        useOfForce = e.useOfForce().name();
        troopCeiling = e.troopCeiling();
        effectiveFrom = e.effectiveFrom();
        expiresOn = e.expiresOn();
        instruments.add(new InstrumentEntry("AUTHORIZED", e.instrument(), meta.recordedAt(), meta.principal()));
    }

    void extended(MandateExtended e, EventMeta meta) {
        mandateId = e.mandateId().value();
        expiresOn = e.expiresOn();
        instruments.add(new InstrumentEntry("EXTENDED", e.instrument(), meta.recordedAt(), meta.principal()));
    }

    void amended(MandateAmended e, EventMeta meta) {
        mandateId = e.mandateId().value();
        tasks = new ArrayList<>(e.tasks());
        troopCeiling = e.troopCeiling();
        useOfForce = e.useOfForce().name();
        instruments.add(new InstrumentEntry("AMENDED", e.instrument(), meta.recordedAt(), meta.principal()));
    }

    void ended(MandateEnded e, EventMeta meta) {
        mandateId = e.mandateId().value();
        ended = true;
        endReason = e.reason().name();
        endedOn = e.endedOn();
        if (e.instrument() != null) {
            instruments.add(new InstrumentEntry("TERMINATED", e.instrument(), meta.recordedAt(), meta.principal()));
        }
    }

    /** The response of {@code GET /api/v1/mandates/{id}}; status and days to expiry are as of {@code on}. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "MandateView")
    public record Response(String mandateId, String status, boolean active, String charterBasis, List<String> authorizedEntities,
                           List<String> tasks, String useOfForce, Integer troopCeiling, LocalDate effectiveFrom, LocalDate expiresOn,
                           Long daysToExpiry, String endReason, LocalDate endedOn, List<InstrumentEntry> instruments,
                           List<String> alerts, LocalDate statusOn, Object asOf) {
    }

    public Response toResponse(LocalDate on, Object asOf) {
        boolean active = MandateInForce.on(on, effectiveFrom, expiresOn, ended);
        String status = ended ? (endReason.equals("EXPIRED") ? "EXPIRED" : "TERMINATED")
                : on.isBefore(effectiveFrom) ? "AUTHORIZED" : active ? "ACTIVE" : "LAPSED";
        Long days = ended ? null : ChronoUnit.DAYS.between(on, expiresOn);
        List<String> alerts = new ArrayList<>();
        if (!ended && active && days != null && days <= EXPIRY_WARNING_DAYS) {
            alerts.add("EXPIRES_WITHIN_" + EXPIRY_WARNING_DAYS + "_DAYS");
        }
        if (!ended && !on.isBefore(expiresOn)) {
            alerts.add("EXPIRED_BUT_NOT_ENDED");
        }
        return new Response(mandateId, status, active, charterBasis, authorizedEntities, tasks, useOfForce, troopCeiling, effectiveFrom,
                expiresOn, days, endReason, endedOn, instruments, alerts, on, asOf);
    }
}
