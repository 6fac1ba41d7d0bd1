package org.coordination.ledger.structure.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.coordination.ledger.rules.RuleViolation.require;

import org.coordination.ledger.rules.EffectiveTimeRule;

import org.axonframework.modelling.command.CommandHandlerInterceptor;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.common.Personnel;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.AppointLead;
import org.coordination.ledger.contract.structure.AssignCommandRelationship;
import org.coordination.ledger.contract.structure.AttachStaff;
import org.coordination.ledger.contract.structure.CommandRelationshipAssigned;
import org.coordination.ledger.contract.structure.CommandRelationshipRevoked;
import org.coordination.ledger.contract.structure.CommandStructureEstablished;
import org.coordination.ledger.contract.structure.DetachStaff;
import org.coordination.ledger.contract.structure.Eligibility;
import org.coordination.ledger.contract.structure.EstablishCommandStructure;
import org.coordination.ledger.contract.structure.EstablishPost;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.PostEstablished;
import org.coordination.ledger.contract.structure.RevokeCommandRelationship;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.contract.structure.StaffDetached;
import org.coordination.ledger.contract.structure.VacatePost;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.provenance.Provenance;

/** Posts, office holders, command relationships and attached staff of one structure (e.g. {@code cmcc}, {@code isf}). */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", lockFactory = "ledgerLockFactory", commandTargetResolver = "ledgerCommandTargetResolver",
        cache = "ledgerAggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class CommandStructure {

    static final String RELIEVED_ON_SUCCESSION = "Relieved on the appointment of a successor";

    private StructureId structureId;
    /** When the event that established it took effect; see notBeforeEstablished. */
    private java.time.Instant establishedAt;
    private Map<String, PostState> posts = new LinkedHashMap<>();
    private Map<String, RelationshipState> relationships = new LinkedHashMap<>();
    private Set<String> revoked = new LinkedHashSet<>();
    /** nation → staff attached */
    private Map<String, Integer> staff = new LinkedHashMap<>();

    CommandStructure() {
        // required by Axon and by the snapshot serializer
    }

    /** Axon's identifier: this kind and the id, one stream of the ledger (see StreamId). */
    @AggregateIdentifier
    private String streamId() {
        return StreamId.of(CommandStructure.class, structureId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(EstablishCommandStructure command) {
        require(structureId == null, "COMMAND_STRUCTURE_ALREADY_ESTABLISHED",
                "Command structure " + command.structureId() + " is already established");
        apply(new CommandStructureEstablished(command.structureId(), command.name(), command.leadNation(), command.location()));
    }

    @CommandHandler
    void handle(EstablishPost command) {
        require(!posts.containsKey(command.postId().value()), "POST_ALREADY_ESTABLISHED",
                "Post " + command.postId() + " is already established");
        require(command.parentPostId() == null || posts.containsKey(command.parentPostId().value()), "PARENT_POST_NOT_FOUND",
                "Parent post " + command.parentPostId() + " does not exist");
        apply(new PostEstablished(structureId, command.postId(), command.title(), command.line(), command.parentPostId(),
                command.appointingAuthority(), command.acceptanceAuthority(),
                command.eligibility() == null ? Eligibility.ANY : command.eligibility()));
    }

    /** One office holder per post: appointing to a filled post relieves the incumbent in the same command. */
    @CommandHandler
    void handle(AppointLead command, MetaData metaData) {
        PostState post = post(command.postId().value());
        require(post.appointingAuthority().equalsIgnoreCase(command.appointedBy()), "WRONG_APPOINTING_AUTHORITY",
                "Post " + command.postId() + " is filled by " + post.appointingAuthority() + ", not " + command.appointedBy());
        require(post.acceptanceAuthority() == null || post.acceptanceAuthority().equalsIgnoreCase(
                        Objects.requireNonNullElse(command.acceptedBy(), "")), "WRONG_ACCEPTING_AUTHORITY",
                "An appointment to " + command.postId() + " must be accepted by " + post.acceptanceAuthority());
        require(post.admits(command.appointee()), "APPOINTEE_NOT_ELIGIBLE",
                "Post " + command.postId() + " is " + post.eligibility() + "; the appointee is " + command.appointee().service());
        require(post.holder() == null || !sameHolder(post.holder(), command.appointee()), "APPOINTEE_ALREADY_HOLDS_POST",
                command.appointee().name() + " already holds " + command.postId());
        Instant effectiveAt = Provenance.effectiveAt(metaData);
        if (post.holder() != null) {
            apply(new LeadRelieved(structureId, command.postId(), post.holder(), RELIEVED_ON_SUCCESSION, effectiveAt));
        }
        apply(new LeadAppointed(structureId, command.postId(), command.appointee(), command.appointedBy(), command.acceptedBy(),
                effectiveAt));
    }

    @CommandHandler
    void handle(VacatePost command, MetaData metaData) {
        PostState post = post(command.postId().value());
        require(post.holder() != null, "POST_VACANT", "Post " + command.postId() + " is already vacant");
        apply(new LeadRelieved(structureId, command.postId(), post.holder(), command.reason(), Provenance.effectiveAt(metaData)));
    }

    @CommandHandler
    void handle(AssignCommandRelationship command, LedgerLookup lookup) {
        require(!relationships.containsKey(command.relationshipId().value())
                        && !revoked.contains(command.relationshipId().value()), "RELATIONSHIP_ALREADY_ASSIGNED",
                "Relationship " + command.relationshipId() + " is already assigned");
        CommandRelationshipRule.check(command, posts, relationships, lookup);
        apply(new CommandRelationshipAssigned(structureId, command.relationshipId(), command.type(), command.superiorPostId(),
                command.subordinatePostId(), command.contingentId()));
    }

    /** Revoking a relationship already revoked records nothing (the withdrawal policy may come second). */
    @CommandHandler
    void handle(RevokeCommandRelationship command) {
        if (revoked.contains(command.relationshipId().value())) {
            return;
        }
        require(relationships.containsKey(command.relationshipId().value()), "RELATIONSHIP_NOT_FOUND",
                "Relationship " + command.relationshipId() + " was never assigned");
        apply(new CommandRelationshipRevoked(structureId, command.relationshipId(), command.reason()));
    }

    @CommandHandler
    void handle(AttachStaff command) {
        long total = (long) staff.getOrDefault(command.nation().value(), 0) + command.personnel();
        require(total <= Personnel.MAX, "PERSONNEL_LIMIT_EXCEEDED",
                command.nation() + " would have " + total + " staff attached, above the ledger's bound of " + Personnel.MAX);
        apply(new StaffAttached(structureId, command.nation(), command.personnel(), command.role(), (int) total));
    }

    @CommandHandler
    void handle(DetachStaff command) {
        int attached = staff.getOrDefault(command.nation().value(), 0);
        require(command.personnel() <= attached, "DETACHMENT_EXCEEDS_ATTACHED",
                command.nation() + " has " + attached + " staff attached, fewer than " + command.personnel());
        apply(new StaffDetached(structureId, command.nation(), command.personnel(), attached - command.personnel()));
    }

    private PostState post(String postId) {
        PostState post = posts.get(postId);
        require(post != null, "POST_NOT_FOUND", "Post " + postId + " does not exist in " + structureId);
        return post;
    }

    private static boolean sameHolder(Appointee a, Appointee b) {
        return a.name().equalsIgnoreCase(b.name()) && a.nationality().equals(b.nationality());
    }

    /** Every command a person sends this aggregate takes effect on or after its establishment ({@link EffectiveTimeRule}). */
    @CommandHandlerInterceptor
    void notBeforeEstablished(MetaData metaData) {
        EffectiveTimeRule.requireNotBefore(establishedAt, metaData, "Command structure " + structureId + "");
    }

    @EventSourcingHandler
    void on(CommandStructureEstablished event, MetaData metaData) {
        establishedAt = EffectiveTimeRule.establishedAt(metaData);
        structureId = event.structureId();
    }

    @EventSourcingHandler
    void on(PostEstablished event) {
        posts.put(event.postId().value(), new PostState(event.title(), event.line(),
                event.parentPostId() == null ? null : event.parentPostId().value(),
                event.appointingAuthority(), event.acceptanceAuthority(), event.eligibility(), null));
    }

    @EventSourcingHandler
    void on(LeadAppointed event) {
        posts.computeIfPresent(event.postId().value(), (id, post) -> post.withHolder(event.appointee()));
    }

    @EventSourcingHandler
    void on(LeadRelieved event) {
        posts.computeIfPresent(event.postId().value(), (id, post) -> post.withHolder(null));
    }

    @EventSourcingHandler
    void on(CommandRelationshipAssigned event) {
        relationships.put(event.relationshipId().value(), new RelationshipState(event.type(), event.superiorPostId().value(),
                event.subordinatePostId() == null ? null : event.subordinatePostId().value(),
                event.contingentId() == null ? null : event.contingentId().value()));
    }

    @EventSourcingHandler
    void on(CommandRelationshipRevoked event) {
        relationships.remove(event.relationshipId().value());
        revoked.add(event.relationshipId().value());
    }

    @EventSourcingHandler
    void on(StaffAttached event) {
        staff.put(event.nation().value(), event.nationTotal());
    }

    @EventSourcingHandler
    void on(StaffDetached event) {
        staff.put(event.nation().value(), event.nationTotal());
    }
}
