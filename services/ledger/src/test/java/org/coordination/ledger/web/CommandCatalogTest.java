package org.coordination.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.coordination.ledger.eventstore.StreamId;
import org.junit.jupiter.api.Test;

class CommandCatalogTest {

    /** Timeline and audit validate kinds against StreamId.KINDS, below the HTTP edge: it must name exactly the kinds commands target. */
    @Test
    void theKindsCommandsTargetAreTheStoresKinds() {
        assertThat(CommandCatalog.all().stream().map(CommandCatalog.Entry::aggregateType).distinct().toList()).containsExactlyElementsOf(StreamId.KINDS);
    }
}
