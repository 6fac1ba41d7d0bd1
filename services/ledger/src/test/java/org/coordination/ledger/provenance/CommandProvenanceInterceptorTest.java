package org.coordination.ledger.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/** What the ledger stamps on a command it records: when, effective when, and by whom when no one is named. */
class CommandProvenanceInterceptorTest {

    private final CommandProvenanceInterceptor interceptor =
            new CommandProvenanceInterceptor(Clock.fixed(Instant.parse("2026-12-07T07:13:27.100698485Z"), ZoneOffset.UTC));

    private CommandMessage<?> stamped(MetaData metaData) {
        return interceptor.handle(List.of()).apply(0, new GenericCommandMessage<>("a command").andMetaData(metaData));
    }

    /**
     * The clock's nanoseconds are cut to microseconds, as PostgreSQL keeps a time: otherwise the aggregate decided on an
     * effective time 485 ns after the one every read reported, and that reported time, sent back in a command, was
     * refused as before the aggregate's establishment (and an asOf read at it found nothing).
     */
    @Test
    void theRecordedTimeIsTheClocksToTheMicrosecondAndTheDefaultEffectiveTime() {
        CommandMessage<?> command = stamped(MetaData.emptyInstance());
        assertThat(command.getMetaData()).containsEntry(Provenance.RECORDED_AT, "2026-12-07T07:13:27.100698Z")
                .containsEntry(Provenance.EFFECTIVE_AT, "2026-12-07T07:13:27.100698Z")
                .containsEntry(Provenance.PRINCIPAL, "system").containsEntry(Provenance.ROLE, "SYSTEM");
    }

    @Test
    void whatTheCommandNamesIsKept() {
        CommandMessage<?> command = stamped(MetaData.from(Map.of(Provenance.EFFECTIVE_AT, "2025-11-01T00:00:00Z",
                Provenance.PRINCIPAL, "coordinator", Provenance.ROLE, "COORDINATOR")));
        assertThat(command.getMetaData()).containsEntry(Provenance.RECORDED_AT, "2026-12-07T07:13:27.100698Z")
                .containsEntry(Provenance.EFFECTIVE_AT, "2025-11-01T00:00:00Z").containsEntry(Provenance.PRINCIPAL, "coordinator");
    }
}
