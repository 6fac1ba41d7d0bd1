package org.coordination.ledger.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.coordination.ledger.security.Actor;
import org.coordination.ledger.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: who the ledger takes the caller to be, and which commands that role may issue.
 * The console builds its forms from this list, so nobody is shown a form their role would be refused.
 */
@RestController
@Tag(name = "Caller")
class CallerController {

    /** The caller: name, roles, the nation or party it acts for, and the commands its roles allow. */
    record Caller(String name, Set<Role> roles, String nation, String party, List<AllowedCommand> commands) {
    }

    /** A command the caller may issue, the aggregate kind it targets, and whose target it must be. */
    record AllowedCommand(String name, String aggregateType, CommandCatalog.Ownership ownership) {
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "Who am I", description = "The authenticated caller's name, roles, nation (liaisons) or party (parties), "
            + "and the commands its roles allow (a liaison's or party's still only for its own nation or register).")
    Caller me(Authentication authentication) {
        Actor actor = Actor.of(authentication);
        List<AllowedCommand> commands = CommandCatalog.all().stream()
                .filter(entry -> entry.roles().stream().anyMatch(actor::has))
                .map(entry -> new AllowedCommand(entry.name(), entry.aggregateType(), entry.ownership()))
                .toList();
        return new Caller(actor.name(), new TreeSet<>(actor.roles()), actor.nation().orElse(null), actor.party().orElse(null), commands);
    }
}
