package org.coordination.ledger.structure.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.CommandRelationshipAssigned;
import org.coordination.ledger.contract.structure.CommandRelationshipRevoked;
import org.coordination.ledger.contract.structure.CommandStructureEstablished;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.PostEstablished;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.contract.structure.StaffDetached;
import org.coordination.ledger.contract.structure.CommandStructureEvent;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ViewType;

/**
 * The command structure read model: posts with office holders, relationships in force, staff attached. The posts'
 * tenures are not part of the document, which every event of the structure rewrites: they are rows of their own
 * ({@link TenureConsumer}), added to the response when it is read ({@link #toResponse}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class CommandStructureView extends AggregateView {

    public static final String MODEL = "command-structure";

    /** An office holder as the view shows it. */
    public record Holder(String name, String titleOrRank, String nationality, String parentOrganization, String service,
                         String appointedBy, String acceptedBy, Instant since, String citation) {
    }

    /** One tenure of a post, closed when the holder was relieved ({@link PostTenures}). */
    public record Tenure(String name, String titleOrRank, String nationality, Instant from, Instant to, String relievedBecause) {
    }

    /** A post and its holder. */
    public static class Post {
        public String postId;
        public String title;
        public String line;
        public String parentPostId;
        public String appointingAuthority;
        public String acceptanceAuthority;
        public String eligibility;
        public Holder holder;
    }

    /** A command relationship in force. */
    public record Relationship(String relationshipId, String type, String superiorPostId, String subordinatePostId,
                               String contingentId, Instant since) {
    }

    String structureId;
    String name;
    String leadNation;
    String location;
    Map<String, Post> posts = new LinkedHashMap<>();
    Map<String, Relationship> relationships = new LinkedHashMap<>();
    Map<String, Integer> staff = new LinkedHashMap<>();

    @Override
    public boolean exists() {
        return name != null; // from its establishment on: never a structure without its name
    }

    /**
     * The document: one per structure, folding every {@link CommandStructureEvent}. Reads as of an effective
     * time may see an event whose prerequisites took effect later (a post recorded today, an appointment
     * back-dated): the view shows what it knows rather than failing.
     */
    public static final ViewType<CommandStructureView> TYPE = ViewType.of(MODEL, CommandStructureView.class, CommandStructureView::new,
            "CommandStructure",
            Fold.of(CommandStructureView.class, CommandStructureEvent.class, (event, lookup) -> Optional.of(event.structureId().value()),
                    CommandStructureView::fold));

    /** What a command structure's event does to its document. */
    void fold(CommandStructureEvent event, EventMeta meta) {
        switch (event) {
            case CommandStructureEstablished e -> established(e, meta);
            case PostEstablished e -> postEstablished(e, meta);
            case LeadAppointed e -> appointed(e, meta);
            case LeadRelieved e -> relieved(e, meta);
            case CommandRelationshipAssigned e -> of(e).relationships.put(e.relationshipId().value(),
                    new Relationship(e.relationshipId().value(), e.type().name(), e.superiorPostId().value(),
                            e.subordinatePostId() == null ? null : e.subordinatePostId().value(),
                            e.contingentId() == null ? null : e.contingentId().value(), meta.effectiveAt()));
            case CommandRelationshipRevoked e -> of(e).relationships.remove(e.relationshipId().value());
            case StaffAttached e -> of(e).staff.put(e.nation().value(), e.nationTotal());
            case StaffDetached e -> of(e).staff.put(e.nation().value(), e.nationTotal());
        }
    }

    /** This document, as the view of the event's structure. */
    private CommandStructureView of(CommandStructureEvent event) {
        structureId = event.structureId().value();
        return this;
    }

    void established(CommandStructureEstablished e, EventMeta meta) {
        structureId = e.structureId().value();
        name = e.name();
        leadNation = e.leadNation().value();
        location = e.location();
    }

    void postEstablished(PostEstablished e, EventMeta meta) {
        of(e);
        Post post = new Post();
        post.postId = e.postId().value();
        post.title = e.title();
        post.line = e.line().name();
        post.parentPostId = e.parentPostId() == null ? null : e.parentPostId().value();
        post.appointingAuthority = e.appointingAuthority();
        post.acceptanceAuthority = e.acceptanceAuthority();
        post.eligibility = e.eligibility().name();
        posts.put(post.postId, post);
    }

    void appointed(LeadAppointed e, EventMeta meta) {
        Post post = of(e).post(e.postId().value());
        Appointee a = e.appointee();
        post.holder = new Holder(a.name(), a.titleOrRank(), a.nationality().value(), a.parentOrganization(), a.service().name(),
                e.appointedBy(), e.acceptedBy(), e.effectiveAt(), meta.citation());
    }

    void relieved(LeadRelieved e, EventMeta meta) {
        of(e).post(e.postId().value()).holder = null;
    }

    private Post post(String postId) {
        return posts.computeIfAbsent(postId, id -> {
            Post post = new Post();
            post.postId = id;
            return post;
        });
    }

    /** A post in the tree, with the posts under it. */
    public record PostNode(String postId, String title, String line, String eligibility, String appointingAuthority,
                           String acceptanceAuthority, Holder holder, List<Tenure> tenures, List<Relationship> relationships,
                           List<PostNode> subordinates) {
    }

    /** The response of {@code GET /api/v1/command-structures/{id}}. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "CommandStructureView")
    public record Response(String structureId, String name, String leadNation, String location, List<PostNode> posts,
                           List<Relationship> relationships, Map<String, Integer> staff, long staffTotal, List<Contingent> contingents,
                           Object asOf) {

        /** The same answer, with the contingents forces placed under its posts (they live in the forces' streams). */
        public Response withContingents(List<Contingent> placed) {
            return new Response(structureId, name, leadNation, location, posts, relationships, staff, staffTotal, List.copyOf(placed), asOf);
        }
    }

    /** A national contingent placed under one of the structure's posts by a transfer of authority, and at what authority. */
    public record Contingent(String contributionId, String nation, String forceId, String postId, String authority,
                             int deployedPersonnel) {
    }

    /** The response, with each post's tenures ({@link PostTenures#of}: those of the events this document folded). */
    public Response toResponse(Object asOf, Map<String, List<Tenure>> tenures) {
        Map<String, List<Post>> children = new LinkedHashMap<>();
        List<Post> roots = new ArrayList<>();
        for (Post post : posts.values()) {
            if (post.parentPostId == null || !posts.containsKey(post.parentPostId)) {
                roots.add(post);
            } else {
                children.computeIfAbsent(post.parentPostId, k -> new ArrayList<>()).add(post);
            }
        }
        Map<String, Integer> staffNow = new LinkedHashMap<>();
        staff.forEach((nation, count) -> {
            if (count > 0) {
                staffNow.put(nation, count);
            }
        });
        return new Response(structureId, name, leadNation, location, roots.stream().map(p -> node(p, children, tenures)).toList(),
                List.copyOf(relationships.values()), staffNow, staffNow.values().stream().mapToLong(Integer::longValue).sum(), List.of(),
                asOf);
    }

    private PostNode node(Post post, Map<String, List<Post>> children, Map<String, List<Tenure>> tenures) {
        List<Relationship> held = relationships.values().stream().filter(r -> r.superiorPostId().equals(post.postId)).toList();
        return new PostNode(post.postId, post.title, post.line, post.eligibility, post.appointingAuthority, post.acceptanceAuthority,
                post.holder, tenures.getOrDefault(post.postId, List.of()), held,
                children.getOrDefault(post.postId, List.of()).stream().map(c -> node(c, children, tenures)).toList());
    }
}
