package org.coordination.ledger.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
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

    /**
     * One pass over the authorities, no streams: this runs for every command (a stream pipeline per prefix was
     * 2.4 % of the request threads' CPU samples at 32 clients, docs/benchmarks.md, change 62). Authorities that
     * name no known role are ignored; of several bindings with one prefix, the first in the authorities' order
     * counts.
     */
    public static Actor of(Authentication authentication) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        String nation = null;
        String party = null;
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            String authority = granted.getAuthority();
            if (authority == null) {
                continue;
            }
            if (authority.startsWith(ROLE_PREFIX)) {
                Role role = Role.named(authority.substring(ROLE_PREFIX.length()));
                if (role != null) {
                    roles.add(role);
                }
            } else if (nation == null && authority.startsWith(NATION_PREFIX)) {
                nation = authority.substring(NATION_PREFIX.length());
            } else if (party == null && authority.startsWith(PARTY_PREFIX)) {
                party = authority.substring(PARTY_PREFIX.length());
            }
        }
        return new Actor(authentication.getName(), Collections.unmodifiableSet(roles),
                Optional.ofNullable(nation), Optional.ofNullable(party));
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
