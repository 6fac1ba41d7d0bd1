package org.coordination.ledger.humanitarian.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coordination.ledger.contract.humanitarian.AdmissionDenied;
import org.coordination.ledger.contract.humanitarian.ExclusionLifted;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionFormed;
import org.coordination.ledger.contract.humanitarian.MembershipCapSet;
import org.coordination.ledger.contract.humanitarian.OrganizationExcluded;
import org.coordination.ledger.contract.humanitarian.PartnerAdmitted;
import org.coordination.ledger.contract.humanitarian.PartnerRemoved;
import org.coordination.ledger.contract.humanitarian.PartnerSuspended;
import org.coordination.ledger.contract.humanitarian.VettingRecorded;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionEvent;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ViewType;

/** The humanitarian partners read model: members, cap usage, vetting, exclusions with both citations, refusals. */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class HumanitarianCoalitionView extends AggregateView {

    public static final String MODEL = "humanitarian-coalition";

    /** A member organization. */
    public record Member(String organizationId, String name, String type, List<String> clusters, String status,
                         LocalDate windDownOn, Instant admittedAt) {
    }

    /** The latest vetting of an organization. */
    public record Vetting(String organizationId, String authority, String result, LocalDate validUntil) {
    }

    /** An exclusion, with the decision's legal basis and the contrary authority kept beside it. */
    public record Exclusion(String organizationId, String decidedBy, String legalBasis, String contraryAuthority, String citation,
                            Instant since) {
    }

    /** A refused admission, recorded as a decision. */
    public record Denial(String organizationId, String name, String rule, String reason, Instant at) {
    }

    String coalitionId;
    String name;
    String coordinatingStructureId;
    int membershipCap;
    Map<String, Member> members = new LinkedHashMap<>();
    Map<String, Vetting> vetting = new LinkedHashMap<>();
    Map<String, Exclusion> exclusions = new LinkedHashMap<>();
    List<Denial> denials = new ArrayList<>();

    @Override
    public boolean exists() {
        return name != null; // from its formation on
    }

    /** The document: one per coalition, folding every {@link HumanitarianCoalitionEvent}. */
    public static final ViewType<HumanitarianCoalitionView> TYPE = ViewType.of(MODEL, HumanitarianCoalitionView.class,
            HumanitarianCoalitionView::new, "HumanitarianCoalition",
            Fold.of(HumanitarianCoalitionView.class, HumanitarianCoalitionEvent.class,
                    (event, lookup) -> Optional.of(event.coalitionId().value()), HumanitarianCoalitionView::fold));

    /** What a coalition's event does to its document. */
    void fold(HumanitarianCoalitionEvent event, EventMeta meta) {
        switch (event) {
            case HumanitarianCoalitionFormed e -> formed(e, meta);
            case PartnerAdmitted e -> of(e).members.put(e.organizationId().value(), new Member(e.organizationId().value(), e.name(),
                    e.type().name(), e.clusters(), "ACTIVE", null, meta.effectiveAt()));
            case PartnerSuspended e -> of(e).members.computeIfPresent(e.organizationId().value(),
                    (id, m) -> new Member(m.organizationId(), m.name(), m.type(), m.clusters(), "SUSPENDED", e.windDownOn(),
                            m.admittedAt()));
            case PartnerRemoved e -> of(e).members.remove(e.organizationId().value());
            case MembershipCapSet e -> of(e).membershipCap = e.membershipCap();
            case VettingRecorded e -> of(e).vetting.put(e.organizationId().value(),
                    new Vetting(e.organizationId().value(), e.authority(), e.result().name(), e.validUntil()));
            case OrganizationExcluded e -> of(e).exclusions.put(e.organizationId().value(), new Exclusion(e.organizationId().value(),
                    e.decidedBy(), e.legalBasis(), e.contraryAuthority(), meta.citation(), meta.effectiveAt()));
            case ExclusionLifted e -> of(e).exclusions.remove(e.organizationId().value());
            case AdmissionDenied e -> of(e).denials.add(new Denial(e.organizationId().value(), e.name(), e.rule(), e.reason(),
                    meta.effectiveAt()));
        }
    }

    /** This document, as the view of the event's coalition (known even from an event dated before the formation). */
    private HumanitarianCoalitionView of(HumanitarianCoalitionEvent event) {
        coalitionId = event.coalitionId().value();
        return this;
    }

    void formed(HumanitarianCoalitionFormed e, EventMeta meta) {
        coalitionId = e.coalitionId().value();
        name = e.name();
        coordinatingStructureId = e.coordinatingStructureId().value();
        membershipCap = e.membershipCap();
    }

    /** The response of {@code GET /api/v1/humanitarian-coalitions/{id}}. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "HumanitarianCoalitionView")
    public record Response(String coalitionId, String name, String coordinatingStructureId, int membershipCap, int activeMembers,
                           String capUsage, List<Member> members, List<Vetting> vetting, List<Exclusion> exclusions,
                           List<Denial> admissionsDenied, Object asOf) {
    }

    public Response toResponse(Object asOf) {
        int active = (int) members.values().stream().filter(m -> m.status().equals("ACTIVE")).count();
        return new Response(coalitionId, name, coordinatingStructureId, membershipCap, active, active + "/" + membershipCap,
                List.copyOf(members.values()), List.copyOf(vetting.values()), List.copyOf(exclusions.values()), denials, asOf);
    }
}
