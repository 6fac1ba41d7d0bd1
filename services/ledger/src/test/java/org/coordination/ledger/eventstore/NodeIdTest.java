package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The name an instance claims segments under: configured, or the JVM's own, and never one the owner column cannot hold. */
class NodeIdTest {

    @Test
    void withoutAConfiguredNameItIsThePidAtTheHost() {
        NodeId node = NodeId.configuredOr(" ");
        assertThat(node.value()).startsWith(ProcessHandle.current().pid() + "@").hasSizeGreaterThan(String.valueOf(ProcessHandle.current().pid()).length() + 1);
        assertThat(NodeId.configuredOr(null)).isEqualTo(node);
    }

    @Test
    void aConfiguredNameIsTakenAsGivenWithoutSurroundingBlanks() {
        NodeId node = NodeId.configuredOr(" ledger-7f9c-2 ");
        assertThat(node.value()).isEqualTo("ledger-7f9c-2");
        assertThat(node.owns("ledger-7f9c-2")).isTrue();
        assertThat(node.owns("ledger-7f9c-3")).isFalse();
        assertThat(node.owns(null)).isFalse();
    }

    @Test
    void aNameLongerThanTheOwnerColumnIsRefusedAtStart() {
        assertThatThrownBy(() -> NodeId.configuredOr("n".repeat(256))).hasMessageContaining("at most 255");
        assertThat(NodeId.configuredOr("n".repeat(255)).value()).hasSize(255);
    }
}
