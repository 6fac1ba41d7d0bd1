package org.coordination.ledger.structure.command;

import static org.coordination.ledger.rules.RuleViolation.require;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.structure.AssignCommandRelationship;
import org.coordination.ledger.contract.structure.RelationshipType;
import org.coordination.ledger.contract.structure.ServiceLine;
import org.coordination.ledger.lookup.LedgerLookup;

/**
 * Whether a command relationship may be assigned: command does not run in circles; a civilian post
 * coordinates or liaises with military nodes but does not command them; and a relationship over a
 * national contingent cannot exceed the authority its nation transferred.
 */
final class CommandRelationshipRule {

    private CommandRelationshipRule() {
    }

    static void check(AssignCommandRelationship command, Map<String, PostState> posts,
                      Map<String, RelationshipState> relationships, LedgerLookup lookup) {
        String superior = command.superiorPostId().value();
        require(posts.containsKey(superior), "POST_NOT_FOUND", "Post " + superior + " does not exist");
        boolean overPost = command.subordinatePostId() != null;
        require(overPost != (command.contingentId() != null), "RELATIONSHIP_SUBJECT_INVALID",
                "A relationship is over exactly one subordinate post or one contingent");
        boolean commanding = !isCoordinative(command.type());
        boolean militarySubject;
        if (overPost) {
            String subordinate = command.subordinatePostId().value();
            require(posts.containsKey(subordinate), "POST_NOT_FOUND", "Post " + subordinate + " does not exist");
            require(!reaches(subordinate, superior, relationships), "COMMAND_RELATIONSHIP_CYCLE",
                    "Relationship " + superior + " → " + subordinate + " would close a cycle");
            militarySubject = posts.get(subordinate).line() == ServiceLine.MILITARY;
        } else {
            militarySubject = true;
            if (commanding) {
                checkTransferredAuthority(command.type(), command.contingentId(), lookup);
            }
        }
        require(!(commanding && militarySubject && posts.get(superior).line() == ServiceLine.CIVILIAN),
                "CIVILIAN_POST_COORDINATION_ONLY",
                "Civilian post " + superior + " may only coordinate or liaise with military nodes, not hold " + command.type());
    }

    private static boolean isCoordinative(RelationshipType type) {
        return type == RelationshipType.COORDINATION || type == RelationshipType.LIAISON;
    }

    /** Whether {@code from} already commands or coordinates {@code to}, directly or through others. */
    private static boolean reaches(String from, String to, Map<String, RelationshipState> relationships) {
        if (from.equals(to)) {
            return true;
        }
        Deque<String> open = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        open.push(from);
        while (!open.isEmpty()) {
            String node = open.pop();
            if (!seen.add(node)) {
                continue;
            }
            for (RelationshipState relationship : relationships.values()) {
                if (node.equals(relationship.superiorPostId()) && relationship.subordinatePostId() != null) {
                    if (relationship.subordinatePostId().equals(to)) {
                        return true;
                    }
                    open.push(relationship.subordinatePostId());
                }
            }
        }
        return false;
    }

    private static void checkTransferredAuthority(RelationshipType type, ContributionId contingent, LedgerLookup lookup) {
        Optional<AuthorityLevel> transferred = lookup.transferredAuthority(contingent);
        AuthorityLevel requested = switch (type) {
            case OPCOM -> AuthorityLevel.OPCOM;
            case OPCON -> AuthorityLevel.OPCON;
            case TACOM -> AuthorityLevel.TACOM;
            case TACON -> AuthorityLevel.TACON;
            // administrative control stays with the nation: it is never transferred to the force
            case ADCON -> AuthorityLevel.FULL_COMMAND;
            case COORDINATION, LIAISON -> throw new IllegalStateException("coordinative relationships need no transfer");
        };
        require(transferred.isPresent() && requested.compareTo(transferred.get()) <= 0,
                "RELATIONSHIP_EXCEEDS_TRANSFERRED_AUTHORITY",
                type + " over contingent " + contingent + " exceeds what its nation transferred ("
                        + transferred.map(Enum::name).orElse("nothing") + ")");
    }
}
