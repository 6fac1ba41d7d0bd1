package org.coordination.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

class ActorTest {

    private static Actor actor(String... authorities) {
        return Actor.of(new UsernamePasswordAuthenticationToken("someone", null, AuthorityUtils.createAuthorityList(authorities)));
    }

    @Test
    void readsRolesAndBindingsFromTheAuthorities() {
        Actor liaison = actor("ROLE_LIAISON", "NATION_USA", "ROLE_VIEWER");

        assertThat(liaison.name()).isEqualTo("someone");
        assertThat(liaison.roles()).containsExactlyInAnyOrder(Role.LIAISON, Role.VIEWER);
        assertThat(liaison.nation()).contains("USA");
        assertThat(liaison.party()).isEmpty();
    }

    @Test
    void ignoresAuthoritiesThatNameNoRole() {
        Actor actor = actor("ROLE_ADMIN", "ROLE_", "ROLE_coordinator", "SCOPE_read", "ROLE_PARTY", "PARTY_ISR");

        assertThat(actor.roles()).containsExactly(Role.PARTY);
        assertThat(actor.party()).isEqualTo(Optional.of("ISR"));
        assertThat(actor.nation()).isEmpty();
    }

    @Test
    void theFirstBindingOfAKindCounts() {
        Actor actor = actor("NATION_FRA", "ROLE_LIAISON", "NATION_DEU", "PARTY_A", "PARTY_B");

        assertThat(actor.nation()).contains("FRA");
        assertThat(actor.party()).contains("A");
    }

    @Test
    void aCallerWithoutAuthoritiesHasNoRoleAndRecordsNone() {
        Actor nobody = actor();

        assertThat(nobody.roles()).isEmpty();
        assertThat(nobody.primaryRole(Set.of(Role.COORDINATOR))).isEqualTo("NONE");
    }

    @Test
    void thePrimaryRoleIsTheFirstAllowedInTheRolesOrderWhateverTheAuthoritiesOrder() {
        for (List<String> order : List.of(List.of("ROLE_VIEWER", "ROLE_REGISTRAR", "ROLE_COORDINATOR"),
                List.of("ROLE_COORDINATOR", "ROLE_VIEWER", "ROLE_REGISTRAR"))) {
            Actor actor = actor(order.toArray(String[]::new));

            assertThat(actor.primaryRole(Set.of(Role.REGISTRAR, Role.COORDINATOR))).isEqualTo("COORDINATOR");
            assertThat(actor.primaryRole(Set.of(Role.AUDITOR))).as("none allowed: the first held").isEqualTo("COORDINATOR");
        }
    }

    @Test
    void itsRolesCannotBeChanged() {
        Actor actor = actor("ROLE_AUDITOR");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> actor.roles().add(Role.COORDINATOR))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
