package org.coordination.ledger.security;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The demo users docs/api.md lists, password = user name, for local use only: they exist in the default
 * profile and never in {@code prod}. Passwords are stored as {noop} on purpose: these are published
 * credentials, and hashing them would only slow every request down.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!prod")
class DemoUsersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoUsersConfiguration.class);

    static final List<String> NATIONS = List.of("USA", "IDN", "TUR", "QAT", "ARE", "AZE", "PAK");
    static final List<String> PARTIES = List.of("ISR", "PSE", "EGY");

    /**
     * Exposed as a plain {@link UserDetailsService}, not as the manager: Spring Security would otherwise
     * "upgrade" the {noop} passwords to bcrypt after the first login, and spend ~100 ms of CPU on every
     * request after that.
     */
    @Bean
    UserDetailsService demoUsers() {
        InMemoryUserDetailsManager manager = manager();
        return manager::loadUserByUsername;
    }

    private InMemoryUserDetailsManager manager() {
        List<UserDetails> users = new ArrayList<>();
        users.add(user("coordinator", Role.COORDINATOR));
        users.add(user("registrar", Role.REGISTRAR));
        users.add(user("auditor", Role.AUDITOR));
        users.add(user("viewer", Role.VIEWER));
        users.add(user("operator", Role.OPERATOR));
        for (String nation : NATIONS) {
            users.add(User.withUsername("liaison-" + nation.toLowerCase()).password("{noop}liaison-" + nation.toLowerCase())
                    .authorities(Actor.ROLE_PREFIX + Role.LIAISON, Actor.NATION_PREFIX + nation).build());
        }
        for (String party : PARTIES) {
            users.add(User.withUsername("party-" + party.toLowerCase()).password("{noop}party-" + party.toLowerCase())
                    .authorities(Actor.ROLE_PREFIX + Role.PARTY, Actor.PARTY_PREFIX + party).build());
        }
        log.warn("DEMO USERS, FOR LOCAL USE ONLY (HTTP Basic, password = user name): {}. "
                        + "They do not exist in the 'prod' profile, which takes OAuth2 bearer tokens instead.",
                users.stream().map(UserDetails::getUsername).toList());
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(String name, Role role) {
        return User.withUsername(name).password("{noop}" + name).roles(role.name()).build();
    }
}
