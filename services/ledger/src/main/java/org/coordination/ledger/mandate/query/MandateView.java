package org.coordination.ledger.mandate.query;

import org.coordination.ledger.contract.mandate.MandateInForce;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.View;

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

    @Override
    public void apply(EventEnvelope envelope) {
        Object event = envelope.event();
        mandateId = envelope.aggregateId();
        if (event instanceof MandateAuthorized e) {
            mandateId = e.mandateId().value();
            charterBasis = e.charterBasis().name();
            authorizedEntities = new ArrayList<>(e.authorizedEntities());
            tasks = new ArrayList<>(e.tasks());
            useOfForce = e.useOfForce().name();
            troopCeiling = e.troopCeiling();
            effectiveFrom = e.effectiveFrom();
            expiresOn = e.expiresOn();
            instruments.add(new InstrumentEntry("AUTHORIZED", e.instrument(), envelope.recordedAt(), envelope.principal()));
        } else if (event instanceof MandateExtended e) {
            expiresOn = e.expiresOn();
            instruments.add(new InstrumentEntry("EXTENDED", e.instrument(), envelope.recordedAt(), envelope.principal()));
        } else if (event instanceof MandateAmended e) {
            tasks = new ArrayList<>(e.tasks());
            troopCeiling = e.troopCeiling();
            useOfForce = e.useOfForce().name();
            instruments.add(new InstrumentEntry("AMENDED", e.instrument(), envelope.recordedAt(), envelope.principal()));
        } else if (event instanceof MandateEnded e) {
            ended = true;
            endReason = e.reason().name();
            endedOn = e.endedOn();
            if (e.instrument() != null) {
                instruments.add(new InstrumentEntry("TERMINATED", e.instrument(), envelope.recordedAt(), envelope.principal()));
            }
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
