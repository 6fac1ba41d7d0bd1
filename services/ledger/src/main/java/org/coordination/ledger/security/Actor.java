package org.coordination.ledger.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authenticated caller as the ledger sees it: a name, its roles, and the nation (liaisons) or
 * party (parties) it is bound to. Bindings travel as authorities {@code NATION_USA} / {@code PARTY_ISR},
 * from demo users and JWT claims alike.
 */
public record Actor(String name, Set<Role> roles, Optional<String> nation, Optional<String> party) {

    static final String ROLE_PREFIX = "ROLE_";
    static final String NATION_PREFIX = "NATION_";
    static final String PARTY_PREFIX = "PARTY_";

    public static Actor of(Authentication authentication) {
        Set<String> authorities = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        Set<Role> roles = authorities.stream()
                .filter(a -> a.startsWith(ROLE_PREFIX))
                .map(a -> a.substring(ROLE_PREFIX.length()))
                .flatMap(r -> {
                    try {
                        return java.util.stream.Stream.of(Role.valueOf(r));
                    } catch (IllegalArgumentException unknown) {
                        return java.util.stream.Stream.empty();
                    }
                })
                .collect(Collectors.toSet());
        return new Actor(authentication.getName(), roles,
                binding(authorities, NATION_PREFIX), binding(authorities, PARTY_PREFIX));
    }

    private static Optional<String> binding(Set<String> authorities, String prefix) {
        return authorities.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst();
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The role recorded in event metadata: the first that allows the command, else the first held. */
    public String primaryRole(Set<Role> allowed) {
        return roles.stream().filter(allowed::contains).findFirst()
                .or(() -> roles.stream().findFirst())
                .map(Enum::name).orElse("NONE");
    }
}
